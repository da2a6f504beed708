"""The one module that writes the library: every change to speeches and paragraphs goes through here.

As Zulip's `zerver/actions/`: the import command, the editors' pages and the admin call these functions,
and nothing else saves a Speech or a Paragraph (the importer's `records.store_speech`, which these call,
aside). Each action, for what it promises:

1. changes the database in one transaction, raising the library's revision (`revision.bump`) and
   stamping the speeches it touched with it; notes are re-anchored inside that transaction
   (planned before the transaction, `signals.plan_notes`, answered by annotations);
2. then brings this host's search index up to date for those speeches. If the process dies between
   the two, the index still records the older stamps, and the next search's catch-up
   (`search.index.catch_up`) re-indexes what it missed: never a silent mismatch;
3. announces the change (`signals.library_changed`): the apps that compute over the whole library
   (passages: similar passages and first uses) enqueue a background task. Nothing library-wide runs in
   the caller's request.

Who may call these from the browser is `permissions`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import revision, search
from .importing import ImportRefused, ImportResult, ParsedSpeech, read_speech_file, slug_for, store_speech
from .importing.duplicates import find_duplicate
from .importing.pipeline import Heading as ParsedHeading
from .importing.records import SKIP, VERSION, ImportOptions, legacy_slug
from .importing.text import clean_spaces
from .importing.versions import Version, plan_version, write_version
from .models import Collection, Speech
from .signals import library_changed

logger = logging.getLogger(__name__)

DEFAULT_OPTIONS = ImportOptions()  # duplicates skipped, no default speaker or collection
# An import that finds its speech changed by an editor meanwhile plans again, this many times at most.
IMPORT_ATTEMPTS = 3
# What the admin's change form may set on a speech (the text is changed through corrections, never there).
DETAIL_FIELDS = ("title", "speaker", "date", "source_note", "appendix")


class NotesKeepSpeech(Exception):
    """A speech with notes cannot be deleted for good (archive it instead)."""


class SpeechChanged(Exception):
    """The speech changed since the editor looked at it: check again before saving."""


# ---------------------------------------------------------------- after each change


@dataclass
class Batch:
    """The speeches changed by a batch of actions and, once it ended, whether the search index followed."""

    slugs: set[str] = field(default_factory=set)
    index_error: str = ""  # why the search index could not follow, if it could not

    @property
    def indexed(self) -> bool:
        return not self.index_error


_batching = threading.local()


@contextlib.contextmanager
def batch() -> Iterator[Batch]:
    """Several actions with one re-index and one announcement when the block ends (the import command).

    Each action still commits on its own. Nested batches are one: the outermost follows up.
    """
    outer = getattr(_batching, "current", None)
    if outer is not None:
        yield outer
        return
    current = _batching.current = Batch()
    try:
        yield current
    finally:
        _batching.current = None
    if current.slugs:
        current.index_error = _follow_up(sorted(current.slugs))


def _stamp(speech: Speech) -> None:
    """Inside the change's transaction: raise the library's revision and stamp the speech with it."""
    speech.revision = revision.bump()
    Speech.objects.filter(pk=speech.pk).update(revision=speech.revision)


def _changed(slugs: list[str]) -> bool:
    """After the change committed (or with it, inside a caller's transaction): re-index, then announce.

    False (logged) when the search index could not be written; the next catch-up or `rebuild_index`
    repairs it, since the index still records the speeches' older stamps.
    """
    pending = getattr(_batching, "current", None)
    if pending is not None:
        pending.slugs.update(slugs)
        return True
    return not _follow_up(slugs)


def _follow_up(slugs: list[str]) -> str:
    """Re-index, then announce; returns why the index could not be written ("" when it was)."""
    index_error = ""
    try:
        search.index_speeches(slugs)
    except (OSError, search.IndexUnavailable) as error:
        logger.exception("the search index was not updated for %s", ", ".join(slugs))
        index_error = str(error) or type(error).__name__
    # Receivers only enqueue their background work (see signals.library_changed), so this is quick.
    # The task's row is written in the caller's transaction if there is one: the worker never sees it
    # before the change itself.
    for receiver, error in library_changed.send_robust(sender=Speech, slugs=list(slugs)):
        if error is not None:
            logger.error("after a change to %s, %s failed: %s", ", ".join(slugs), receiver, error)
    return index_error


# ---------------------------------------------------------------- adding and replacing the text


def publish(
    parsed: ParsedSpeech, *, slug: str, source_file: str, checksum: str, duplicate_of: Speech | None = None
) -> ImportResult:
    """Add a new speech to the library (an editor's preview, or a new file). `duplicate_of`: it is a deliberate
    second copy of that speech, listed but counted once across the library."""
    result, _ = _store_new(parsed, slug=slug, source_file=source_file, checksum=checksum, duplicate_of=duplicate_of)
    result.indexed = _changed([result.slug])
    return result


def replace_text(
    speech: Speech,
    parsed: ParsedSpeech,
    *,
    source_file: str | None = None,
    checksum: str | None = None,
    expected_revision: int | None = None,
    keep: Iterable[int] = (),
) -> ImportResult:
    """Store `parsed` as a new version of `speech`: unchanged paragraphs keep their records, notes follow.

    Planned first, reading only (where each note goes, `importing.versions`), then written in a short
    transaction. With `expected_revision` (the speech's revision when the editor checked the change), a
    speech changed meanwhile is refused with SpeechChanged and nothing is written; the same holds when it
    changes between the plan and the write. `keep`: notes the editor keeps in their paragraph.
    """
    version = _plan(speech, parsed, source_file=source_file, checksum=checksum, keep=keep)
    if expected_revision is not None and version.plan.revision != expected_revision:
        raise SpeechChanged(speech.slug)
    result = _write(version)
    if result.action != "unchanged":
        result.indexed = _changed([result.slug])
    return result


def _plan(speech: Speech, parsed: ParsedSpeech, *, source_file=None, checksum=None, keep=()) -> Version:
    source_file = speech.source_file if source_file is None else source_file
    checksum = speech.checksum if checksum is None else checksum
    return plan_version(speech, parsed, source_file=source_file, checksum=checksum, keep=frozenset(keep))


@transaction.atomic
def _write(version: Version) -> ImportResult:
    """The planned version, if the speech is still as it was planned on (locked while it is written)."""
    locked = Speech.objects.select_for_update().get(pk=version.plan.speech_id)
    if locked.revision != version.plan.revision:
        raise SpeechChanged(locked.slug)
    result = write_version(locked, version)
    if result.action != "unchanged":
        _stamp(locked)
    return result


@transaction.atomic
def _store_new(parsed: ParsedSpeech, **fields) -> tuple[ImportResult, Speech]:
    result = store_speech(parsed, **fields)
    speech = Speech.objects.get(slug=result.slug)
    _stamp(speech)
    return result, speech


def preview_text(
    speech: Speech, parsed: ParsedSpeech, *, source_file: str | None = None, checksum: str | None = None
) -> ImportResult:
    """What `replace_text` would do, notes included: reads only, takes no lock."""
    return _plan(speech, parsed, source_file=source_file, checksum=checksum).result


def parsed_from_speech(speech: Speech) -> ParsedSpeech:
    """The speech as stored, in the form the importer stores: for a correction of one paragraph."""
    return ParsedSpeech(
        title=speech.title,
        speaker=speech.speaker,
        date=speech.date,
        source_note=speech.source_note,
        paragraphs=tuple(speech.paragraphs.order_by("number").values_list("text", flat=True)),
        headings=tuple(ParsedHeading(h.level, h.text, h.before) for h in speech.headings.order_by("sequence")),
        appendix=tuple(line for line in speech.appendix.split("\n") if line),
    )


def with_paragraph(parsed: ParsedSpeech, number: int, text: str) -> ParsedSpeech:
    """The speech with paragraph `number` corrected; an empty line in `text` splits it in several."""
    parts = [clean_spaces(part) for part in text.replace("\r\n", "\n").split("\n\n")]
    parts = [part for part in parts if part]
    paragraphs = list(parsed.paragraphs)
    paragraphs[number - 1 : number] = parts
    added = len(parts) - 1
    headings = tuple(
        ParsedHeading(h.level, h.text, h.before + added if h.before > number else h.before) for h in parsed.headings
    )
    return replace(parsed, paragraphs=tuple(paragraphs), headings=headings)


def correct(
    speech: Speech, number: int, text: str, *, expected_revision: int | None = None, keep: Iterable[int] = ()
) -> ImportResult:
    """Correct paragraph `number` of `speech` (an empty line in `text` splits it)."""
    parsed = with_paragraph(parsed_from_speech(speech), number, text)
    return replace_text(speech, parsed, expected_revision=expected_revision, keep=keep)


def preview_correction(speech: Speech, number: int, text: str) -> ImportResult:
    """What `correct` would do, notes included: reads only, takes no lock."""
    return preview_text(speech, with_paragraph(parsed_from_speech(speech), number, text))


def import_file(path: Path, options: ImportOptions = DEFAULT_OPTIONS) -> ImportResult:
    """Import one file: a new speech, a new version of the speech imported from it, or nothing if unchanged.

    A speech belongs to the file name it was imported from: the same name from another folder updates it,
    a different name that gives the same slug (`My Speech.txt`, `my-speech.md`) is refused. A new file whose
    text the library already holds is skipped, or stored as `options.duplicates` says (importing/duplicates.py).
    """
    data, parsed = read_speech_file(path)
    if options.speaker and not parsed.speaker:
        parsed = replace(parsed, speaker=options.speaker)  # a default: the text names no speaker
    slug = slug_for(path)
    checksum = hashlib.sha256(data).hexdigest()
    for _attempt in range(IMPORT_ATTEMPTS):
        speech = Speech.objects.filter(slug=slug).first()
        if speech is None and legacy_slug(path) not in ("", slug):
            # Imported before slugs kept Chinese: update it under the slug its links and notes already use.
            speech = Speech.objects.filter(slug=legacy_slug(path), source_file=path.name).first()
        if speech is not None and speech.source_file != path.name:
            raise ImportRefused(
                _(
                    "its URL slug '%(slug)s' belongs to the speech imported from '%(other)s'; "
                    "rename '%(name)s' so that the two files give different slugs"
                ),
                params={"slug": slug, "other": speech.source_file, "name": path.name},
            )
        try:
            result, stored = _import(speech, parsed, path, slug, checksum, options)
        except SpeechChanged:
            continue  # an editor saved a correction while the file was read: plan again on it
        break
    else:
        raise ImportRefused(_("the speech kept changing while it was imported; import it again"))
    if options.collection is not None and stored is not None:
        stored.collections.add(options.collection)  # a skipped copy's text is in the library: its original
    if result.action in ("created", "updated"):
        result.indexed = _changed([result.slug])
    result.path = path
    return result


def _import(speech, parsed, path: Path, slug: str, checksum: str, options: ImportOptions):
    """Store one file's text as import_file decided: returns the result and the speech that holds the text."""
    duplicate = find_duplicate(parsed.paragraphs) if speech is None else None
    if duplicate is not None and options.duplicates == SKIP:
        result = ImportResult(None, slug, "skipped", len(parsed.paragraphs), duplicate_of=duplicate.speech.slug)
        return result, duplicate.speech
    if duplicate is not None and options.duplicates == VERSION:
        speech = duplicate.speech  # the file's text becomes a new version of the speech it repeats
        result = _write(_plan(speech, parsed, checksum=checksum))
        result.duplicate_of = speech.slug
        return result, speech
    if speech is not None:
        return _write(_plan(speech, parsed, source_file=path.name, checksum=checksum)), speech
    copy_of = duplicate.speech if duplicate is not None else None
    result, stored = _store_new(parsed, slug=slug, source_file=path.name, checksum=checksum, duplicate_of=copy_of)
    result.duplicate_of = copy_of.slug if copy_of is not None else ""
    return result, stored


# ---------------------------------------------------------------- details, collections, withdrawal


def update_details(speech: Speech, **details) -> Speech:
    """Change a speech's title, speaker, date, source note or appendix (the admin's change form)."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of a speech: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Speech.objects.select_for_update().get(pk=speech.pk)
        for name, value in details.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["collections"])
        locked.save(update_fields=list(details))
        _stamp(locked)
    _changed([locked.slug])
    return locked


def set_collections(speech: Speech, collections: Iterable[Collection]) -> None:
    """Put the speech in exactly these collections (专题). Nothing derived depends on them: no revision."""
    speech.collections.set(list(collections))


def archive(speech: Speech) -> bool:
    """Withdraw the speech from the library and search; its page and its notes stay."""
    return _set_archived(speech, timezone.now())


def restore(speech: Speech) -> bool:
    """Put an archived speech back in the library and search."""
    return _set_archived(speech, None)


def _set_archived(speech: Speech, archived_at) -> bool:
    with transaction.atomic():
        Speech.objects.filter(pk=speech.pk).update(archived_at=archived_at, revision=revision.bump())
    speech.refresh_from_db(fields=["archived_at", "revision"])
    return _changed([speech.slug])


def delete(speech: Speech) -> bool:
    """Delete for good a speech without notes (notes protect their speech: NotesKeepSpeech)."""
    slug = speech.slug
    try:
        with transaction.atomic():
            speech.delete()
            revision.bump()
    except ProtectedError:
        raise NotesKeepSpeech(slug) from None
    return _changed([slug])
