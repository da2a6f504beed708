"""A paragraph cut down to its shared passages, marked, with a little context either side."""

from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe

from speeches import search

from .parallels import merge_spans

CONTEXT = 24  # characters shown either side of a shared passage
ELLIPSIS = "…"


def marked_excerpt(text: str, spans: Iterable[Iterable[int]], context: int = CONTEXT) -> SafeString:
    """`text` with each span in <mark>; what lies farther than `context` from every span becomes "…"."""
    length = len(text)
    spans = merge_spans((max(0, start), min(length, end)) for start, end in spans if max(0, start) < min(length, end))
    if not spans:
        return search.highlight(text, (), [])
    windows = merge_spans((max(0, start - context), min(length, end + context)) for start, end in spans)
    parts: list[str] = []
    for window_start, window_end in windows:
        if window_start > 0:
            parts.append(ELLIPSIS)
        inside = [
            (start - window_start, end - window_start) for start, end in spans if window_start <= start < window_end
        ]
        parts.append(search.highlight(text[window_start:window_end], (), inside))
    if windows[-1][1] < length:
        parts.append(ELLIPSIS)
    return mark_safe("".join(parts))  # noqa: S308 (each part is escaped by highlight)
