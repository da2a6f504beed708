"""The one module that writes the library: publish, correct, replace, archive, restore and delete a speech.

Every change that touches what readers find updates the search index in the same action. Who may call
these from the browser is `permissions`.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from . import search
from .importing import ImportResult, ParsedSpeech, announce_imported, preview_changes, store_speech
from .importing.pipeline import Heading as ParsedHeading
from .importing.text import clean_spaces
from .models import Speech

logger = logging.getLogger(__name__)


class NotesKeepSpeech(Exception):
    """A speech with notes cannot be deleted for good (archive it instead)."""


def reindex(slug: str) -> bool:
    """Bring the search index, and what other apps compute over the library, up to date for one speech.

    False (logged) if the index could not be written. The database change is committed either way:
    `manage.py rebuild_index` catches the index up. The other apps hear of it through
    `speeches_imported` (a failure there is logged; `manage.py compute_passages` catches up).
    """
    for failure in announce_imported([slug]):
        logger.error("after a change to %s: %s", slug, failure)
    try:
        search.index_speeches([slug])
    except (OSError, search.IndexUnavailable):
        logger.exception("the search index was not updated for %s", slug)
        return False
    return True


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


def correct(speech: Speech, parsed: ParsedSpeech, *, dry_run: bool = False, source_file=None, checksum=None):
    """Store `parsed` as a new version of `speech` (or, with dry_run, only say what it would do)."""
    source_file = speech.source_file if source_file is None else source_file
    checksum = speech.checksum if checksum is None else checksum
    if dry_run:
        return preview_changes(speech, parsed, source_file=source_file, checksum=checksum)
    result = store_speech(parsed, slug=speech.slug, source_file=source_file, checksum=checksum, speech=speech)
    result.indexed = reindex(speech.slug)
    return result


def publish(
    parsed: ParsedSpeech, *, slug: str, source_file: str, checksum: str, duplicate_of: Speech | None = None
) -> ImportResult:
    """Store a new speech; `duplicate_of`: a deliberate second copy of that speech, counted once (issue 22)."""
    result = store_speech(parsed, slug=slug, source_file=source_file, checksum=checksum, duplicate_of=duplicate_of)
    result.indexed = reindex(slug)
    return result


def archive(speech: Speech) -> bool:
    """Withdraw the speech from the library and search; its page and its notes stay."""
    Speech.objects.filter(pk=speech.pk).update(archived_at=timezone.now())
    return reindex(speech.slug)


def restore(speech: Speech) -> bool:
    Speech.objects.filter(pk=speech.pk).update(archived_at=None)
    return reindex(speech.slug)


def delete(speech: Speech) -> bool:
    """Delete for good a speech without notes (notes protect their speech: NotesKeepSpeech)."""
    slug = speech.slug
    try:
        with transaction.atomic():
            speech.delete()
    except ProtectedError:
        raise NotesKeepSpeech(slug) from None
    return reindex(slug)
