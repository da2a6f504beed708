"""The group's highlights and quote notes drawn on a paragraph's text as <mark> segments.

Overlapping quotes are cut into segments; each segment counts the members who marked it, so the
more members marked the words, the stronger the tint (three levels), with the count said for
screen readers and on hover. A segment links to the paragraph's notes at the first note on it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape  # the standard library's: no lazy-string wrapping per piece of text

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

TINT_LEVELS = 3


@dataclass(frozen=True)
class Quote:
    note_id: int
    author_id: int
    start: int
    end: int


@dataclass
class Segment:
    start: int
    end: int
    members: int = 0
    note_ids: list[int] = field(default_factory=list)


def segments(length: int, quotes: list[Quote]) -> list[Segment]:
    """The text [0, length) cut where quotes begin and end, each piece with who marked it (a sweep)."""
    events: dict[int, list[tuple[int, Quote]]] = {}
    for quote in quotes:
        if 0 <= quote.start < quote.end <= length:
            events.setdefault(quote.start, []).append((1, quote))
            events.setdefault(quote.end, []).append((-1, quote))
    cuts = sorted({0, length, *events})
    active: Counter = Counter()  # quotes open per author
    members = 0  # authors with a quote open
    notes: dict[int, Quote] = {}
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        for change, quote in events.get(start, ()):
            before = active[quote.author_id]
            active[quote.author_id] = before + change
            members += (before == 0 and change > 0) - (before == 1 and change < 0)
            if change > 0:
                notes[quote.note_id] = quote
            else:
                notes.pop(quote.note_id, None)
        pieces.append(Segment(start, end, members, sorted(notes) if members else []))
    return pieces


def render(text: str, lead_length: int, quotes: list[Quote], notes_url: str, panel_url: str, anchor: str) -> SafeString:
    """The paragraph's text as HTML: the bold lead sentence (if any), marks where members marked words.

    Built with plain string formatting, every piece of text escaped: a page can carry a thousand marks.
    """
    notes_url, panel_url = escape(notes_url), escape(panel_url)
    language = get_language()  # once: it is a context-local lookup
    html = []
    for piece in segments(len(text), quotes):
        cuts = [(piece.start, min(piece.end, lead_length)), (max(piece.start, lead_length), piece.end)]
        for start, end in cuts:
            if start >= end:
                continue
            words = escape(text[start:end])
            if piece.members:
                said = _said_in(language, piece.members)
                first = piece.note_ids[0]
                words = (
                    f'<mark class="hl hl--{min(piece.members, TINT_LEVELS)}" title="{said}"><a class="hl__link" '
                    f'href="{notes_url}#note-{first}" hx-get="{panel_url}" hx-target="#notes-{anchor}" '
                    f'data-note="note-{first}">{words}</a><span class="visually-hidden">（{said}）</span></mark>'
                )
            html.append(f'<strong class="para__lead">{words}</strong>' if end <= lead_length else words)
    return mark_safe("".join(html))


@lru_cache(maxsize=256)
def _said_in(language: str, members: int) -> str:
    return escape(
        ngettext("%(count)s member marked this", "%(count)s members marked this", members) % {"count": members}
    )
