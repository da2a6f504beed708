"""A paragraph cut down to its shared passages, marked, with a little context either side."""

from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .parallels import merge_spans

CONTEXT = 24  # characters shown either side of a shared passage
ELLIPSIS = "…"


def marked_excerpt(text: str, spans: Iterable[Iterable[int]], context: int = CONTEXT) -> SafeString:
    """`text` with each span in <mark>; what lies farther than `context` from every span becomes "…"."""
    length = len(text)
    spans = merge_spans((max(0, start), min(length, end)) for start, end in spans if max(0, start) < min(length, end))
    if not spans:
        return mark_safe(escape(text))
    windows = merge_spans((max(0, start - context), min(length, end + context)) for start, end in spans)
    parts: list[str] = []
    for window_start, window_end in windows:
        if window_start > 0:
            parts.append(ELLIPSIS)
        position = window_start
        for start, end in spans:
            if window_start <= start < window_end:
                parts.append(escape(text[position:start]))
                parts.append(f"<mark>{escape(text[start:end])}</mark>")
                position = end
        parts.append(escape(text[position:window_end]))
    if windows[-1][1] < length:
        parts.append(ELLIPSIS)
    return mark_safe("".join(parts))
