"""The group's notes beside a comparison, and where A's notes would hang in B when B is another edition of A.

What a reader sees is what Note.objects.visible_to gives in their current group: the group's shared notes and
their own private ones, read in one query for both speeches. Notes stay on the speech they were written on;
when B is a corrected edition of A (comparison.is_edition), each of A's notes is anchored on B as a
re-import would anchor it (annotations.anchoring.reanchor, on a copy that is never saved): its paragraph's
counterpart in B plays its own paragraph, so the words are looked for there first, then in the paragraphs
around it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from django.urls import reverse

from annotations.anchoring import reanchor
from annotations.models import Note, StudyGroup
from speeches.models import Paragraph

from .align import PARAGRAPH
from .comparison import Comparison

# Around a note's counterpart paragraph, how many of B's paragraphs on each side its words are looked for in.
NEARBY = 3
OUTCOMES = {"unchanged": "same", "moved": "moved", "fuzzy": "changed", "orphaned": "lost"}


@dataclass(frozen=True)
class ShownNote:
    """A top-level note as the comparison shows it beside its paragraph."""

    pk: int
    author: str
    body: str
    quote: str
    private: bool
    replies: int
    url: str  # the note's paragraph on its speech page, with its notes open


@dataclass(frozen=True)
class NotePlace:
    """Where a note of A would hang in B: B's paragraph (None when its words have no place there) and how it
    was found: same (the same words where they were), moved, changed (close words), paragraph (a note on a
    whole paragraph, on its counterpart) or lost."""

    note: ShownNote
    a_number: int
    b_number: int | None
    outcome: str


@dataclass
class ComparedNotes:
    group: StudyGroup | None = None
    on_a: dict[int, list[ShownNote]] = field(default_factory=dict)  # paragraph number → notes
    on_b: dict[int, list[ShownNote]] = field(default_factory=dict)
    places: list[NotePlace] = field(default_factory=list)  # A's notes in B, when B is an edition of A

    @property
    def total(self) -> int:
        return sum(map(len, self.on_a.values())) + sum(map(len, self.on_b.values()))


def compared_notes(user, group: StudyGroup | None, compared: Comparison) -> ComparedNotes:
    """The notes the user may see in their group on both speeches (two queries), and where A's would hang
    in B when B is another edition of A."""
    found = ComparedNotes(group=group)
    if group is None:
        return found
    notes = list(
        Note.objects.visible_to(user)
        .filter(group=group, speech_id__in=[compared.a.pk, compared.b.pk], paragraph__isnull=False)
        .select_related("author")
        .order_by("paragraph_number", "created_at", "pk")
    )
    replies: dict[int, int] = {}
    for note in notes:
        if note.parent_id is not None:
            replies[note.parent_id] = replies.get(note.parent_id, 0) + 1
    top_level = [note for note in notes if note.parent_id is None]
    slugs = {compared.a.pk: compared.a.slug, compared.b.pk: compared.b.slug}
    shown = {note.pk: _shown(note, replies.get(note.pk, 0), slugs[note.speech_id]) for note in top_level}
    for note in top_level:
        side = found.on_a if note.speech_id == compared.a.pk else found.on_b
        side.setdefault(note.paragraph_number, []).append(shown[note.pk])
    if compared.is_edition:
        found.places = _places([note for note in top_level if note.speech_id == compared.a.pk], shown, compared)
    return found


def _shown(note: Note, replies: int, slug: str) -> ShownNote:
    url = reverse("reading:speech_detail", args=[slug]) + f"?notes={note.paragraph_number}#p{note.paragraph_number}"
    return ShownNote(
        pk=note.pk,
        author=note.author.get_username(),
        body=note.body,
        quote=note.exact,
        private=note.is_private,
        replies=replies,
        url=url,
    )


def _places(notes: list[Note], shown: dict[int, ShownNote], compared: Comparison) -> list[NotePlace]:
    """Each of A's notes anchored on B's paragraphs as a re-import of A as B would anchor it."""
    if not notes:
        return []
    counterpart: dict[int, int] = {}  # A's paragraph number → B's
    nearest: dict[int, int] = {}  # A's paragraph number → B's paragraph near where it stood
    last_b = 1
    for pair in compared.pairs:
        if pair.b and pair.b.kind == PARAGRAPH:
            last_b = pair.b.number
        if pair.a and pair.a.kind == PARAGRAPH:
            nearest[pair.a.number] = last_b
            if pair.b:
                counterpart[pair.a.number] = pair.b.number
    wanted = set()
    for note in notes:
        around = counterpart.get(note.paragraph_number, nearest.get(note.paragraph_number, 1))
        wanted.update(range(around - NEARBY, around + NEARBY + 1))
    paragraphs = {p.number: p for p in Paragraph.objects.filter(speech_id=compared.b.pk, number__in=wanted)}
    places = []
    for note in notes:
        own_number = counterpart.get(note.paragraph_number)
        around = own_number or nearest.get(note.paragraph_number, 1)
        nearby = [paragraphs[n] for n in range(around - NEARBY, around + NEARBY + 1) if n in paragraphs]
        by_id = {note.paragraph_id: paragraphs[own_number]} if own_number in paragraphs else {}
        placed = copy.copy(note)  # anchored in memory only: the note stays on A
        outcome = OUTCOMES[reanchor(placed, nearby, by_id)]
        if not note.exact and outcome != "lost":
            outcome = "paragraph"  # a note on a whole paragraph follows it, whatever its words became
        b_number = None if outcome == "lost" else placed.paragraph_number
        places.append(NotePlace(shown[note.pk], note.paragraph_number, b_number, outcome))
    return places
