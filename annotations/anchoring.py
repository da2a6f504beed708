"""Quote anchors: a note's words in a paragraph, as the W3C selectors describe them.

A quote is `exact` (the words), `prefix` and `suffix` (up to 32 characters on each side) and
`start`/`end` (code-point offsets into the paragraph's text). Finding them again after a correction is
`reanchoring.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from speeches import search

from .models import QUOTE_CONTEXT_CHARS


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def quote_at(text: str, start: int, end: int) -> Quote:
    """The quote of text[start:end], with its context as it stands in the text."""
    return Quote(
        exact=text[start:end],
        prefix=text[max(0, start - QUOTE_CONTEXT_CHARS) : start],
        suffix=text[end : end + QUOTE_CONTEXT_CHARS],
        start=start,
        end=end,
    )


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole jieba words (with the user dictionary): 国之大 → 国之大者."""
    for word_start, word_end in search.word_spans(text):
        if word_start < start < word_end:
            start = word_start
        if word_start < end < word_end:
            end = word_end
    return start, end


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def agreement(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of the context agree around text[start:end]."""
    return _common_suffix(text[:start], prefix) + _common_prefix(text[end:], suffix)


def find_exact(text: str, exact: str, prefix: str = "", suffix: str = "", near: int | None = None) -> int | None:
    """The start of `exact` in text: among repeats, the best context agreement, then the nearest to `near`."""
    if not exact:
        return None
    starts, position = [], text.find(exact)
    while position != -1:
        starts.append(position)
        position = text.find(exact, position + 1)
    if not starts:
        return None
    return max(
        starts,
        key=lambda s: (agreement(text, s, s + len(exact), prefix, suffix), -abs(s - near) if near is not None else 0),
    )


def locate(text: str, exact: str, prefix: str = "", suffix: str = "", start: int | None = None) -> Quote | None:
    """The quote where the client said it is, or where `exact` stands in the text; None if it does not."""
    if start is not None and text[start : start + len(exact)] == exact and exact:
        return quote_at(text, start, start + len(exact))
    found = find_exact(text, exact, prefix, suffix, start)
    return None if found is None else quote_at(text, found, found + len(exact))
