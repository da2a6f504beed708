"""A new version of a stored speech: planned without writing anything, then written in one transaction.

Planning (`plan_version`) reads the speech and decides what happens to each paragraph record: kept (its
text perhaps edited in place), removed, or new; and for a removed one, the new paragraphs it went into
(split or merged). The apps built on speeches plan what follows from it (`signals.plan_notes`: the notes'
app decides where each note goes) while still reading only. An editor's check is that plan, and holds
no lock. `write_version` then writes the plan, inside the caller's transaction, and lets each app write
its own part with the new paragraphs' ids.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from ..models import Paragraph, Speech
from ..signals import plan_notes
from .duplicates import paragraph_fingerprint
from .pipeline import ParsedSpeech
from .records import ImportResult, check_parsed, metadata_of, replace_headings


@dataclass(frozen=True)
class ParagraphChange:
    """What a new version does to one paragraph record of the old one."""

    pk: int
    old_number: int
    old_text: str
    new_number: int | None  # None: the record goes
    new_text: str | None
    successors: tuple[int, ...] = ()  # for a record that goes: the new paragraphs its text went into


@dataclass(frozen=True)
class NoteMove:
    """A note the editor should know about before saving: it leaves its paragraph, its words change, or
    it is orphaned. Private notes are counted, never shown (`private`)."""

    note_id: int
    private: bool
    from_number: int
    to_number: int | None
    kind: str  # moved, fuzzy, orphaned
    old_words: str
    new_words: str
    replies: int
    elsewhere: bool  # to a paragraph other than its own or what its own became


@dataclass(frozen=True)
class VersionPlan:
    speech_id: int
    revision: int  # the speech's revision the plan was made on
    new_texts: tuple[str, ...]
    changes: dict[int, ParagraphChange]  # by the old record's id, every old record
    keep: frozenset[int] = frozenset()  # notes the editor keeps in their paragraph


@dataclass
class Version:
    """A plan, what the apps built on speeches planned for it, and the result to report."""

    plan: VersionPlan
    parsed: ParsedSpeech
    metadata: dict
    result: ImportResult
    dependents: list = field(default_factory=list)  # each with .counts, .moves and .apply(paragraph_ids)


def plan_version(
    speech: Speech, parsed: ParsedSpeech, *, source_file: str, checksum: str, keep: frozenset[int] = frozenset()
) -> Version:
    """What storing `parsed` as a new version of `speech` would do, notes included; reads only."""
    check_parsed(parsed, source_file)
    speech = Speech.objects.get(pk=speech.pk)  # as it is now, with its revision
    metadata = metadata_of(parsed, source_file, checksum)
    existing = list(speech.paragraphs.order_by("number").values_list("pk", "number", "text"))
    counts = {"paragraph_count": len(parsed.paragraphs), "heading_count": len(parsed.headings)}
    result = ImportResult(None, speech.slug, "updated", dropped=parsed.dropped, revision=speech.revision, **counts)
    changes = _changes(existing, list(parsed.paragraphs), result)
    plan = VersionPlan(speech.pk, speech.revision, tuple(parsed.paragraphs), changes, frozenset(keep))
    version = Version(plan, parsed, metadata, result)
    same_metadata = all(getattr(speech, name) == value for name, value in metadata.items())
    same_headings = list(speech.headings.values_list("level", "text", "before")) == [
        (heading.level, heading.text, heading.before) for heading in parsed.headings
    ]
    unchanged_text = [text for _, _, text in existing] == list(parsed.paragraphs)
    if same_metadata and same_headings and unchanged_text:
        result.action = "unchanged"
        return version
    # Even when only the details change, the notes' app is asked: it counts the notes that stay.
    version.dependents = [planned for _, planned in plan_notes.send(sender=Speech, plan=plan)]
    for planned in version.dependents:
        result.notes.update(planned.counts)
        result.moves.extend(planned.moves)
    return version


def _changes(existing: list[tuple[int, int, str]], texts: list[str], result: ImportResult) -> dict:
    """Align old and new paragraphs; keep records whose text is unchanged (or edited in place).

    A run of paragraphs replaced by a run of the same length is taken as edited in place: the records stay
    and their text changes. Other new paragraphs get new records; old ones with no counterpart go, and
    the new paragraphs of their run are what they went into (a paragraph split in two, two merged).
    """
    matcher = difflib.SequenceMatcher(a=[text for _, _, text in existing], b=texts, autojunk=False)
    changes = {}
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
            for (pk, number, text), new_index in zip(existing[a0:a1], range(b0, b1), strict=True):
                if text != texts[new_index]:
                    result.changed.append(new_index + 1)
                changes[pk] = ParagraphChange(pk, number, text, new_index + 1, texts[new_index])
        else:
            successors = tuple(range(b0 + 1, b1 + 1))
            for pk, number, text in existing[a0:a1]:
                changes[pk] = ParagraphChange(pk, number, text, None, None, successors)
                result.removed.append(number)
            result.added.extend(range(b0 + 1, b1 + 1))
    return changes


def write_version(speech: Speech, version: Version) -> ImportResult:
    """Write a planned version, inside the caller's transaction, `speech` locked and at the plan's revision."""
    result = version.result
    if result.action == "unchanged":
        return result
    changes = version.plan.changes.values()
    kept = [change for change in changes if change.new_number is not None]
    removed = [change.pk for change in changes if change.new_number is None]
    # Notes on removed paragraphs are not lost: their paragraph goes to null, and the notes' plan
    # (applied below) anchors them again or marks them orphaned.
    Paragraph.objects.filter(pk__in=removed).delete()
    # Move kept paragraphs out of the way first: their new numbers may be taken by each other's old
    # numbers, and (speech, number) is unique.
    offset = len(changes) + len(version.plan.new_texts) + 1
    Paragraph.objects.filter(pk__in=[change.pk for change in kept]).update(number=F("number") + offset)
    Paragraph.objects.bulk_update(
        [
            Paragraph(
                pk=change.pk,
                number=change.new_number,
                text=change.new_text,
                fingerprint=paragraph_fingerprint(change.new_text),
            )
            for change in kept
        ],
        ["number", "text", "fingerprint"],
    )
    kept_numbers = {change.new_number for change in kept}
    Paragraph.objects.bulk_create(
        Paragraph(speech=speech, number=number, text=text, fingerprint=paragraph_fingerprint(text))
        for number, text in enumerate(version.plan.new_texts, start=1)
        if number not in kept_numbers
    )
    replace_headings(speech, version.parsed)
    paragraph_ids = dict(Paragraph.objects.filter(speech=speech).values_list("number", "pk"))
    for planned in version.dependents:
        planned.apply(paragraph_ids)
    for name, value in version.metadata.items():
        setattr(speech, name, value)
    speech.imported_at = timezone.now()
    speech.save()
    return result
