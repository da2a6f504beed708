"""Where each note goes when its speech is corrected: planned before the change is written, applied with it.

`speeches` plans a new version of a speech (which paragraph records stay, with which text, which go, and
what new paragraphs a removed one went into: `records.VersionPlan`) and asks, before opening its write
transaction, what the notes would do (`signals.plan_notes`). This module answers with a `NotesPlan`: where
every affected note goes, the counts, and each move the editor should see. Nothing is written while
planning, so the editor's check ("查看笔记会怎样") holds no lock. The change's transaction then calls
`NotesPlan.apply` with the new paragraphs' ids.

The rules, in the order they are tried, for a note on words (`exact`) of a paragraph record:

1. **Its own paragraph record**, if the correction keeps it. The note's offsets are carried through the
   edit (the character alignment of the old text with the new, rapidfuzz's Levenshtein opcodes, computed
   once per paragraph), so the note lands on the words that now stand where its words stood:
   a. the same words → unchanged (moved, if text before them changed their offsets);
   b. words within a quarter of the quote's length in edits, with its prefix or suffix still next to
      them → changed ("原文已改": the words are the new ones, the first quote is kept);
   c. a quote of 4–12 characters whose whole prefix and suffix still stand on either side → changed,
      anchored to the words now between them, whatever they are;
   d. the same words elsewhere in the paragraph → moved within it.
2. **The paragraphs it was split into or merged with** (a record the correction removed): the same, on
   their texts joined in order.
3. **Other paragraphs**, only with the same words *and* agreeing context: at least `CONTEXT_MIN`
   characters of its prefix or suffix around them. Policy texts repeat their formulations on purpose, so
   the same four words elsewhere are not enough. Among several, the best context, then the nearest.
4. Otherwise → orphaned: kept, shown at the end of the speech with its first quote.

A note the editor chose to keep stays in its paragraph (1 or 2) on the words where its words stood,
marked changed, even when its words are found elsewhere. A note on a whole paragraph follows its record,
or the first paragraph it went into. Replies go with their note. No rule deletes a note.

Cost: one alignment per changed paragraph; per note, a lookup in it, one bounded edit distance on at most
the quote's length, and for a note that left its paragraph, `str.find` over the speech: linear in the
speech, whatever members write.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import OuterRef, Q, Subquery
from rapidfuzz.distance import Levenshtein

from speeches.importing.versions import NoteMove, ParagraphChange, VersionPlan
from speeches.models import Paragraph

from . import anchoring
from .anchoring import Quote, find_exact, quote_at
from .models import Note, fold_note

CONTEXT_MIN = 6  # characters of prefix or suffix that must agree for words found in another paragraph
SHORT_QUOTE = (4, 12)  # quotes judged by their context (rule 1c)
BATCH = 500  # notes written per executemany


# ---------------------------------------------------------------- carrying offsets through an edit


@functools.lru_cache(maxsize=64)
def alignment(old: str, new: str) -> Alignment:
    """One alignment per changed paragraph, however many notes it carries."""
    return Alignment(old, new)


class Alignment:
    """The character alignment of an old text with a new one: maps offsets of the old into the new."""

    def __init__(self, old: str, new: str):
        self.opcodes = [
            (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Levenshtein.opcodes(old, new)
        ]
        self.starts = [op[1] for op in self.opcodes]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where old[start:end] stands in the new text: an edit inside it is included, one outside is not."""
        return self._position(start, at_start=True), self._position(end, at_start=False)

    def _position(self, offset: int, *, at_start: bool) -> int:
        index = bisect.bisect_right(self.starts, offset) - 1
        # Insertions sit at one offset of the old text: an insertion where the quote starts stands before
        # it, one where it ends stands after it. Step over them, towards the quote's inside.
        while at_start and index + 1 < len(self.opcodes) and self.opcodes[index][2] == offset:
            index += 1
        while not at_start and index > 0 and self.opcodes[index][1] == offset:
            index -= 1
        tag, src_start, src_end, dest_start, dest_end = self.opcodes[max(index, 0)]
        if tag == "equal":
            return dest_start + min(max(offset - src_start, 0), src_end - src_start)
        return dest_start if at_start else dest_end


@dataclass(frozen=True)
class Target:
    """A text a note can land in: one new paragraph, or several joined (what a removed paragraph went into)."""

    numbers: tuple[int, ...]
    texts: tuple[str, ...]

    @functools.cached_property
    def joined(self) -> str:
        return "\n".join(self.texts)

    def locate(self, start: int) -> tuple[int, int]:
        """The paragraph number and the offset in it of an offset into `joined`."""
        for number, text in zip(self.numbers, self.texts, strict=True):
            if start <= len(text):
                return number, start
            start -= len(text) + 1
        return self.numbers[-1], len(self.texts[-1])


@dataclass(frozen=True)
class Placement:
    """Where a note goes: a new paragraph number (None: orphaned) and its anchor there."""

    number: int | None
    quote: Quote | None
    anchoring: str
    kind: str  # for the counts: unchanged, moved, fuzzy, orphaned


def _context_agrees(text: str, start: int, end: int, note) -> bool:
    if not note.prefix and not note.suffix:
        return True  # a quote stored without its context: nothing around it to disagree
    before, after = text[:start], text[end:]
    prefix_ok = (not note.prefix and start == 0) or (note.prefix and before.endswith(note.prefix[-4:]))
    suffix_ok = (not note.suffix and end == len(text)) or (note.suffix and after.startswith(note.suffix[:4]))
    return bool(prefix_ok or suffix_ok)


def _in(target: Target, old_text: str, note, *, keep: bool) -> Placement | None:
    """Rules 1a–1d (and 2) for a note whose words stood at note.start in `old_text`."""
    text = target.joined
    exact = note.exact
    if note.start is not None and old_text[note.start : note.end] == exact:
        start, end = alignment(old_text, text).span(note.start, note.end)
    else:  # an anchor from before its offsets were kept: no alignment, only the words themselves
        start = end = None
    if start is not None and start < end and "\n" not in text[start:end]:
        words = text[start:end]
        if words == exact:
            kind = "unchanged" if (start, target.numbers) == (note.start, target.numbers[:1]) else "moved"
            return _placed(target, start, end, "exact" if kind == "unchanged" else "moved", kind)
        limit = len(exact) // 4
        distance = Levenshtein.distance(exact, words, score_cutoff=limit + 1)
        if distance <= limit and _context_agrees(text, start, end, note):
            return _placed(target, start, end, "fuzzy", "fuzzy")
        low, high = SHORT_QUOTE
        if low <= len(exact) <= high and text[:start].endswith(note.prefix) and text[end:].startswith(note.suffix):
            return _placed(target, start, end, "fuzzy", "fuzzy")
    found = find_exact(text, exact, note.prefix, note.suffix, start)
    if found is not None:
        return _placed(target, found, found + len(exact), "moved", "moved")
    if keep and start is not None and start < end:
        return _placed(target, start, end, "fuzzy", "fuzzy")
    return None


def _placed(target: Target, start: int, end: int, anchoring: str, kind: str) -> Placement:
    number, offset = target.locate(start)
    text = target.texts[target.numbers.index(number)]
    end = min(offset + (end - start), len(text))
    return Placement(number, quote_at(text, offset, end), anchoring, kind)


# ---------------------------------------------------------------- a speech's notes


@dataclass
class NotesPlan:
    """Where the notes of one speech go in its new version (see the module's docstring)."""

    plan: VersionPlan
    placements: dict[int, Placement] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    moves: list[NoteMove] = field(default_factory=list)
    planned_through: int = 0  # the highest note id planned: notes added later are planned when applying

    def apply(self, paragraph_ids: dict[int, int]) -> None:
        """Inside the change's transaction, once the new paragraphs are stored (number → id): write it."""
        late = _notes(self.plan).filter(pk__gt=self.planned_through)
        self._place(list(late))  # notes written since the plan (a member writes while the editor checks)
        bodies = dict(Note.objects.filter(pk__in=list(self.placements)).values_list("pk", "body"))
        changed = []
        for note_id, placement in self.placements.items():
            if note_id not in bodies:  # deleted since
                continue
            note = Note(pk=note_id, anchoring=placement.anchoring, paragraph_id=None)
            fields = ["anchoring", "paragraph"]
            if placement.number is not None:
                note.paragraph_id, note.paragraph_number = paragraph_ids[placement.number], placement.number
                fields.append("paragraph_number")
            if placement.quote is not None:
                quote = placement.quote
                note.exact, note.prefix, note.suffix = quote.exact, quote.prefix, quote.suffix
                note.start, note.end = quote.start, quote.end
                note.folded = fold_note(bodies[note_id], quote.exact)
                fields += ["exact", "prefix", "suffix", "start", "end", "folded"]
            changed.append((tuple(fields), note))
        by_fields: dict[tuple, list[Note]] = {}
        for fields, note in changed:
            by_fields.setdefault(fields, []).append(note)
        for fields, notes in by_fields.items():
            _update_rows(fields, notes)
        number = Paragraph.objects.filter(pk=OuterRef("paragraph_id")).values("number")[:1]
        Note.objects.filter(speech_id=self.plan.speech_id, paragraph__isnull=False).update(
            paragraph_number=Subquery(number)
        )

    def _place(self, notes: list[Note]) -> None:
        top = {note.pk: note for note in notes if note.parent_id is None}
        replies = [note for note in notes if note.parent_id is not None]
        reply_counts = Counter(reply.parent_id for reply in replies)
        for note in top.values():
            placement = place(note, self.plan)
            if placement is None:
                continue
            self.placements[note.pk] = placement
            self.counts[placement.kind] += 1
            self.planned_through = max(self.planned_through, note.pk)
            move = _move(note, placement, self.plan, reply_counts[note.pk])
            if move is not None:
                self.moves.append(move)
        for reply in replies:
            self.planned_through = max(self.planned_through, reply.pk)
            parent = self.placements.get(reply.parent_id)
            if parent is not None:
                self.placements[reply.pk] = Placement(
                    parent.number, None, "orphaned" if parent.number is None else "exact", parent.kind
                )


def _update_rows(fields: tuple[str, ...], notes: list[Note]) -> None:
    """One UPDATE per note, sent together (executemany): bulk_update's CASE expressions cost the ORM a second
    per thousand notes to build, where the database needs milliseconds."""
    columns = [Note._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    sql = f"UPDATE {quote(Note._meta.db_table)} SET {assignments} WHERE {quote(Note._meta.pk.column)} = %s"
    rows = [
        [column.get_db_prep_save(getattr(note, column.attname), connection) for column in columns] + [note.pk]
        for note in notes
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _notes(plan: VersionPlan):
    """The speech's notes on paragraph records the new version changes or removes, and its orphans."""
    affected = [pk for pk, change in plan.changes.items() if change.new_text != change.old_text]
    return (
        Note.objects.filter(speech_id=plan.speech_id)
        .filter(Q(paragraph_id__in=affected) | Q(paragraph__isnull=True))
        .only(*NOTE_FIELDS)
        .order_by("pk")
    )


NOTE_FIELDS = [
    "pk",
    "parent_id",
    "paragraph_id",
    "paragraph_number",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
    "anchoring",
    "visibility",
]


def plan_notes(plan: VersionPlan) -> NotesPlan:
    """Where the notes on changed or removed paragraphs go, and whether an orphan's words are back; reads only.

    Notes on paragraphs the version leaves as they are stay, and are only counted.
    """
    notes_plan = NotesPlan(plan)
    notes_plan._place(list(_notes(plan)))
    untouched = [pk for pk, change in plan.changes.items() if change.new_text == change.old_text]
    staying = Note.objects.filter(speech_id=plan.speech_id, parent__isnull=True, paragraph_id__in=untouched).count()
    if staying:
        notes_plan.counts["unchanged"] += staying
    return notes_plan


def place(note: Note, plan: VersionPlan) -> Placement | None:
    """Where one top-level note goes (the rules in the module's docstring); None when nothing changes for it."""
    if note.paragraph_id is None:  # an orphan: back where its words and their context are, if they are
        found = _elsewhere(note, note.paragraph_number, plan, set()) if note.exact else None
        return found or Placement(None, None, "orphaned", "orphaned")
    change: ParagraphChange | None = plan.changes.get(note.paragraph_id)
    if change is None or change.new_text == change.old_text:
        return None
    keep = note.pk in plan.keep
    own = _own_targets(change, plan.new_texts)
    if not note.exact:  # on the whole paragraph: it follows its record, or what the record went into
        if not own:
            return Placement(None, None, "orphaned", "orphaned")
        return Placement(own[0].numbers[0], None, note.anchoring, "unchanged" if change.new_number else "moved")
    for target in own:
        found = _in(target, change.old_text, note, keep=keep)
        if found is not None:
            return found
    if not keep:
        elsewhere = _elsewhere(note, change.old_number, plan, {n for target in own for n in target.numbers})
        if elsewhere is not None:
            return elsewhere
    return Placement(None, None, "orphaned", "orphaned")


@functools.lru_cache(maxsize=256)
def _own_targets(change: ParagraphChange, new_texts: tuple[str, ...]) -> tuple[Target, ...]:
    """The new paragraph a record became (or the ones it went into): the same objects for all its notes."""
    if change.new_number is not None:
        return (Target((change.new_number,), (change.new_text,)),)
    if change.successors:
        return (Target(change.successors, tuple(new_texts[n - 1] for n in change.successors)),)
    return ()


def _elsewhere(note: Note, old_number: int, plan: VersionPlan, own: set[int]) -> Placement | None:
    best = None
    for number, text in enumerate(plan.new_texts, start=1):
        if number in own or note.exact not in text:
            continue
        start = find_exact(text, note.exact, note.prefix, note.suffix)
        agreement = anchoring.agreement(text, start, start + len(note.exact), note.prefix, note.suffix)
        if agreement < min(CONTEXT_MIN, len(note.prefix) + len(note.suffix)):
            continue
        rank = (agreement, -abs(number - old_number))
        if best is None or rank > best[0]:
            best = (rank, number, start)
    if best is None:
        return None
    _, number, start = best
    return Placement(number, quote_at(plan.new_texts[number - 1], start, start + len(note.exact)), "moved", "moved")


def _move(note: Note, placement: Placement, plan: VersionPlan, replies: int) -> NoteMove | None:
    """What the editor sees of a note that leaves its paragraph, changes words, is orphaned or found again."""
    change = plan.changes.get(note.paragraph_id)
    if change is None:  # an orphan: news only when it is found again
        if placement.number is None:
            return None
        own_number, successors = None, ()
    else:
        own_number, successors = change.new_number, change.successors
    stays = placement.number is not None and placement.number == own_number
    if placement.kind in ("unchanged", "moved") and stays:
        return None
    return NoteMove(
        note_id=note.pk,
        private=note.visibility == Note.Visibility.PRIVATE,
        from_number=change.old_number if change else note.paragraph_number,
        to_number=placement.number,
        kind=placement.kind,
        old_words=note.exact,
        new_words=placement.quote.exact if placement.quote else "",
        replies=replies,
        elsewhere=placement.number is not None and not stays and placement.number not in successors,
    )


def plan_on_change(sender, plan: VersionPlan, **kwargs) -> NotesPlan:
    """speeches.signals.plan_notes: the notes' plan for a new version of a speech."""
    return plan_notes(plan)
