"""The group's highlights and quote notes drawn on a paragraph's text as <mark> segments.

Overlapping quotes are cut into segments; each segment counts the members who marked it, so the
more members marked the words, the stronger the tint (three levels), with the count said for
screen readers and on hover. A segment links to the paragraph's notes at the first note on it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

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
    active: Counter = Counter()
    notes: dict[int, Quote] = {}
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        for change, quote in events.get(start, []):
            active[quote.author_id] += change
            if change > 0:
                notes[quote.note_id] = quote
            else:
                notes.pop(quote.note_id, None)
        members = sum(1 for count in active.values() if count > 0)
        pieces.append(Segment(start, end, members, sorted(notes)))
    return pieces


def render(text: str, lead_length: int, quotes: list[Quote], notes_url: str, panel_url: str, anchor: str) -> SafeString:
    """The paragraph's text as HTML: the bold lead sentence (if any), marks where members marked words."""
    html = []
    for piece in segments(len(text), quotes):
        cuts = [(piece.start, min(piece.end, lead_length)), (max(piece.start, lead_length), piece.end)]
        for start, end in cuts:
            if start >= end:
                continue
            words = escape(text[start:end])
            if piece.members:
                words = _mark(words, piece, notes_url, panel_url, anchor)
            html.append(format_html('<strong class="para__lead">{}</strong>', words) if end <= lead_length else words)
    return mark_safe("".join(html))


def _mark(words: str, piece: Segment, notes_url: str, panel_url: str, anchor: str) -> SafeString:
    said = ngettext("%(count)s member marked this", "%(count)s members marked this", piece.members) % {
        "count": piece.members
    }
    first = piece.note_ids[0]
    return format_html(
        '<mark class="hl hl--{}" title="{}"><a class="hl__link" href="{}#note-{}" hx-get="{}" '
        'hx-target="#notes-{}" data-note="note-{}">{}</a><span class="visually-hidden">（{}）</span></mark>',
        min(piece.members, TINT_LEVELS),
        said,
        notes_url,
        first,
        panel_url,
        anchor,
        first,
        mark_safe(words),
        said,
    )
