"""Marking matches in text: spans, highlighted HTML and snippets. Works on text alone, never the index."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .text import fold


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the folded terms occur in text, as merged (start, end) offsets."""
    folded = fold(text)
    spans = []
    for term in terms:
        if not term:
            continue
        start = folded.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: Iterable[str], spans: list[tuple[int, int]] | None = None) -> SafeString:
    """Text, escaped, with every match of the terms in <mark>."""
    if spans is None:
        spans = match_spans(text, terms)
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(conditional_escape(text[position:start]))
        pieces.append(f"<mark>{conditional_escape(text[start:end])}</mark>")
        position = end
    pieces.append(conditional_escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text is escaped above)


def highlight_split(text: str, terms: Iterable[str], at: int) -> tuple[SafeString, SafeString, int]:
    """Text cut in two at offset `at`, each part highlighted, and how many matches there are.

    The matches are found in the whole text, so one that crosses the cut is marked on both sides
    (and counted once).
    """
    spans = match_spans(text, terms)
    before = [(start, min(end, at)) for start, end in spans if start < at]
    after = [(max(start, at) - at, end - at) for start, end in spans if end > at]
    return highlight(text[:at], (), before), highlight(text[at:], (), after), len(spans)


def snippet(text: str, terms: Iterable[str], width: int = 90) -> SafeString:
    """About `width` characters of text around its first match, matches marked, cuts shown with …."""
    spans = match_spans(text, terms)
    if len(text) <= width:
        return highlight(text, (), spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(text) - width))
    # Start at a sentence or clause boundary when one is close before the match.
    boundary = max(text.rfind(mark, max(0, start - 12), first) for mark in "。，；！？")
    if boundary != -1 and boundary + 1 <= first:
        start = boundary + 1
    end = min(len(text), start + width)
    window = [(max(s, start) - start, min(e, end) - start) for s, e in spans if e > start and s < end]
    marked = highlight(text[start:end], (), window)
    return mark_safe(("…" if start > 0 else "") + marked + ("…" if end < len(text) else ""))
