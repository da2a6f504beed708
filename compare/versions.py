"""The group's notes beside a comparison, and where A's notes would hang in B when B is another edition of A.

What a reader sees is what Note.objects.visible_to gives in their current group: the group's shared notes and
their own private ones, read in one query for both speeches. Notes stay on the speech they were written on;
when B is a corrected edition of A (comparison.is_edition), each of A's notes is anchored on B as a
correction would place it (annotations.reanchoring.place, planned in memory, never saved): its paragraph's
counterpart in B plays its own paragraph, so the words are looked for there first, then, with agreeing
context, elsewhere in B.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from annotations.models import Note, StudyGroup
from annotations.reanchoring import place
from speeches.importing.versions import ParagraphChange, VersionPlan
from speeches.models import Paragraph

from .align import PARAGRAPH
from .comparison import Comparison

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
    """Each of A's notes placed on B's paragraphs as a correction of A into B would place it
    (annotations.reanchoring.place, planned in memory: the note stays on A). Its paragraph's counterpart in
    B plays its own paragraph; a paragraph of A without one plays a paragraph that went."""
    if not notes:
        return []
    counterpart: dict[int, int] = {}  # A's paragraph number → B's
    for pair in compared.pairs:
        if pair.a and pair.a.kind == PARAGRAPH and pair.b and pair.b.kind == PARAGRAPH:
            counterpart[pair.a.number] = pair.b.number
    b_texts = tuple(Paragraph.objects.filter(speech_id=compared.b.pk).order_by("number").values_list("text", flat=True))
    a_texts = dict(Paragraph.objects.filter(pk__in={note.paragraph_id for note in notes}).values_list("pk", "text"))
    changes = {}
    for note in notes:
        own = counterpart.get(note.paragraph_number)
        changes[note.paragraph_id] = ParagraphChange(
            note.paragraph_id,
            note.paragraph_number,
            a_texts[note.paragraph_id],
            own,
            b_texts[own - 1] if own else None,
        )
    plan = VersionPlan(compared.b.pk, 0, b_texts, changes)
    places = []
    for note in notes:
        change = changes[note.paragraph_id]
        placement = place(note, plan)
        if placement is None:  # its paragraph is the same in B
            outcome, b_number = "same", change.new_number
        else:
            outcome = OUTCOMES[placement.kind]
            b_number = placement.number
        if not note.exact and outcome != "lost":
            outcome = "paragraph"  # a note on a whole paragraph follows it, whatever its words became
        places.append(NotePlace(shown[note.pk], note.paragraph_number, b_number, outcome))
    return places
