"""Files to records: read a speech file, parse it, store it.

`import_file` stores a parsed speech so that re-importing keeps the records
(and so the notes) of paragraphs whose text did not change; headings and the
appendix carry no notes and are replaced whole.
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ..models import Heading, Paragraph, Speech
from ..signals import paragraphs_changed, speeches_imported
from .errors import ImportRefused
from .pipeline import ParsedSpeech, parse_speech
from .readers import SPEECH_FILE_SUFFIXES, check_size, check_suffix, read_document

# Speech.source_note is a TextField, so the database sets no limit; an editor's note is a sentence or two.
MAX_SOURCE_NOTE_CHARS = 1000


@dataclass
class ImportResult:
    """What importing one file did, for the command to report."""

    path: Path | None
    slug: str
    action: str  # "created", "updated" or "unchanged"
    paragraph_count: int
    heading_count: int = 0
    dropped: tuple[str, ...] = ()
    changed: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)  # unchanged, moved, fuzzy, orphaned
    followup_errors: list[str] = field(default_factory=list)  # receivers of speeches_imported that failed
    indexed: bool = True  # False when the search index could not be updated after storing


# ---------------------------------------------------------------------------
# Files to records


def slug_for(path: Path) -> str:
    """The file stem as a URL slug, Chinese kept: `2024讲话.txt` → `2024讲话`, `My Speech.txt` → `my-speech`."""
    slug = slugify(path.stem, allow_unicode=True)
    if not slug:
        raise ImportRefused(_("the file name gives no URL slug; rename it with letters or digits"))
    limit = Speech._meta.get_field("slug").max_length
    if len(slug) > limit:
        raise ImportRefused(
            _("the file name gives a %(length)s-character URL slug, over the %(limit)s-character limit"),
            params={"length": len(slug), "limit": limit},
        )
    return slug


def _legacy_slug(path: Path) -> str:
    """The slug earlier versions gave the file (ASCII only: `2024讲话.txt` → `2024`)."""
    return slugify(path.stem)


# A whole sentence per field, for the translators.
_OVERLONG = {
    "title": _("the title has %(length)s characters, over the %(limit)s-character limit"),
    "speaker": _("the speaker has %(length)s characters, over the %(limit)s-character limit"),
    "source_note": _("the source note has %(length)s characters, over the %(limit)s-character limit"),
    "source_file": _("the file name has %(length)s characters, over the %(limit)s-character limit"),
}


def _check_lengths(metadata: dict) -> None:
    """SQLite does not enforce max_length: refuse what PostgreSQL would refuse, and an overlong source note."""
    limits = [
        ("title", _OVERLONG["title"], Speech._meta.get_field("title").max_length),
        ("speaker", _OVERLONG["speaker"], Speech._meta.get_field("speaker").max_length),
        ("source_note", _OVERLONG["source_note"], MAX_SOURCE_NOTE_CHARS),
        ("source_file", _OVERLONG["source_file"], Speech._meta.get_field("source_file").max_length),
    ]
    for name, message, limit in limits:
        length = len(metadata[name])
        if length > limit:
            raise ImportRefused(message, params={"length": f"{length:,}", "limit": f"{limit:,}"})


def read_speech_file(path: Path) -> tuple[bytes, ParsedSpeech]:
    """Read and parse one file, refusing what cannot be a speech."""
    if path.is_symlink():
        # A link in a folder of speeches could publish any file the importer can read (x.txt → /etc/hostname).
        raise ImportRefused(_("the file is a symbolic link; import the file it points to instead"))
    check_suffix(path.name)
    try:
        if not path.is_file():
            raise ImportRefused(_("no such file"))
        check_size(path.stat().st_size)
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(
            _("the file cannot be read (%(reason)s)"), params={"reason": error.strerror or error}
        ) from None
    document = read_document(path.name, data)
    parsed = parse_speech(document.text, file_stem=path.stem)
    if document.dropped:
        parsed = replace(parsed, dropped=(*document.dropped, *parsed.dropped))
    return data, parsed


def import_file(path: Path, *, announce: bool = True) -> ImportResult:
    """Import one file in one transaction; unchanged paragraphs keep their records.

    A speech belongs to the file name it was imported from: the same name from another folder
    updates it, a different name that gives the same slug (`My Speech.txt`, `my-speech.md`) is refused.
    Once committed, a created or updated speech is announced (`speeches_imported`), unless the caller
    imports several files and announces them together (`announce=False`, then `announce_imported`).
    """
    result = _store(path)
    if announce and result.action != "unchanged":
        result.followup_errors = announce_imported([result.slug])
    return result


def announce_imported(slugs: list[str]) -> list[str]:
    """Send `speeches_imported` for committed speeches; return what failed, as lines (the import stands)."""
    if not slugs:
        return []
    failures = speeches_imported.send_robust(sender=Speech, slugs=list(slugs))
    return [f"{getattr(receiver, '__module__', receiver)}: {error}" for receiver, error in failures if error]


def _store(path: Path) -> ImportResult:
    data, parsed = read_speech_file(path)
    slug = slug_for(path)
    checksum = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        speech = Speech.objects.select_for_update().filter(slug=slug).first()
        if speech is None and _legacy_slug(path) not in ("", slug):
            # Imported before slugs kept Chinese: update it under the slug its links and notes already use.
            speech = Speech.objects.select_for_update().filter(slug=_legacy_slug(path), source_file=path.name).first()
        if speech is not None and speech.source_file != path.name:
            raise ImportRefused(
                _(
                    "its URL slug '%(slug)s' belongs to the speech imported from '%(other)s'; "
                    "rename '%(name)s' so that the two files give different slugs"
                ),
                params={"slug": slug, "other": speech.source_file, "name": path.name},
            )
        result = store_speech(parsed, slug=slug, source_file=path.name, checksum=checksum, speech=speech)
    result.path = path
    return result


def _metadata(parsed: ParsedSpeech, source_file: str, checksum: str) -> dict:
    return {
        "title": parsed.title,
        "speaker": parsed.speaker,
        "date": parsed.date,
        "source_note": parsed.source_note,
        "appendix": "\n".join(parsed.appendix),
        "source_file": source_file,
        "checksum": checksum,
    }


def check_parsed(parsed: ParsedSpeech, source_file: str = "") -> None:
    """Refuse what the database would refuse (or SQLite would silently take): overlong fields, no paragraphs."""
    _check_lengths(_metadata(parsed, source_file, ""))
    if not parsed.paragraphs:
        raise ImportRefused(_("the speech has no paragraphs of text"))
    limit = Heading._meta.get_field("text").max_length
    for heading in parsed.headings:
        if len(heading.text) > limit:
            raise ImportRefused(
                _("a heading has %(length)s characters, over the %(limit)s-character limit"),
                params={"length": f"{len(heading.text):,}", "limit": limit},
            )


def store_speech(
    parsed: ParsedSpeech, *, slug: str, source_file: str, checksum: str, speech: Speech | None = None
) -> ImportResult:
    """Store a parsed speech in one transaction: a new speech under `slug`, or a new version of `speech`.

    A new version keeps the records (and so the notes) of paragraphs whose text did not change;
    `paragraphs_changed` lets the notes' app re-anchor its notes, and its counts come back in the result.
    """
    metadata = _metadata(parsed, source_file, checksum)
    counts = {
        "paragraph_count": len(parsed.paragraphs),
        "heading_count": len(parsed.headings),
        "dropped": parsed.dropped,
    }
    check_parsed(parsed, source_file)
    with transaction.atomic():
        if speech is None:
            speech = Speech.objects.create(slug=slug, imported_at=timezone.now(), **metadata)
            Paragraph.objects.bulk_create(
                Paragraph(speech=speech, number=number, text=text)
                for number, text in enumerate(parsed.paragraphs, start=1)
            )
            _replace_headings(speech, parsed)
            return ImportResult(None, slug, "created", **counts)

        speech = Speech.objects.select_for_update().get(pk=speech.pk)
        slug = speech.slug  # the ASCII-only slug, if that is where it was found
        existing = list(speech.paragraphs.order_by("number"))
        same_metadata = all(getattr(speech, name) == value for name, value in metadata.items())
        same_headings = list(speech.headings.values_list("level", "text", "before")) == [
            (heading.level, heading.text, heading.before) for heading in parsed.headings
        ]
        if same_metadata and same_headings and [p.text for p in existing] == list(parsed.paragraphs):
            return ImportResult(None, slug, "unchanged", **counts)

        result = ImportResult(None, slug, "updated", **counts)
        _reconcile_paragraphs(speech, existing, parsed.paragraphs, result)
        _replace_headings(speech, parsed)
        for _receiver, moved in paragraphs_changed.send(sender=Speech, speech=speech):
            result.notes.update(moved)
        for name, value in metadata.items():
            setattr(speech, name, value)
        speech.imported_at = timezone.now()
        speech.save()
        return result


class _DryRun(Exception):
    def __init__(self, result: ImportResult):
        self.result = result


def preview_changes(speech: Speech, parsed: ParsedSpeech, *, source_file: str, checksum: str) -> ImportResult:
    """What storing `parsed` as a new version of `speech` would do, notes included; nothing is kept.

    The store runs in a transaction that is rolled back: the paragraphs are reconciled and the notes
    re-anchored exactly as they would be, and the counts reported, without a write surviving.
    """
    try:
        with transaction.atomic():
            result = store_speech(parsed, slug=speech.slug, source_file=source_file, checksum=checksum, speech=speech)
            raise _DryRun(result)
    except _DryRun as dry_run:
        return dry_run.result


def _replace_headings(speech: Speech, parsed: ParsedSpeech) -> None:
    speech.headings.all().delete()
    Heading.objects.bulk_create(
        Heading(speech=speech, sequence=sequence, level=heading.level, text=heading.text, before=heading.before)
        for sequence, heading in enumerate(parsed.headings, start=1)
    )


def _reconcile_paragraphs(
    speech: Speech, existing: list[Paragraph], texts: Sequence[str], result: ImportResult
) -> None:
    """Align old and new paragraphs; keep records whose text is unchanged (or edited in place).

    A run of paragraphs replaced by a run of the same length is taken as edited
    in place: the records stay and their text changes. Other new paragraphs get
    new records; old paragraphs with no counterpart are deleted.
    """
    matcher = difflib.SequenceMatcher(a=[p.text for p in existing], b=list(texts), autojunk=False)
    kept: list[Paragraph] = []
    created: list[Paragraph] = []
    removed: list[Paragraph] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
            for old, new_index in zip(existing[a0:a1], range(b0, b1), strict=True):
                if old.text != texts[new_index]:
                    result.changed.append(new_index + 1)
                old.text = texts[new_index]
                old.number = new_index + 1
                kept.append(old)
        else:
            removed.extend(existing[a0:a1])
            created.extend(Paragraph(speech=speech, number=i + 1, text=texts[i]) for i in range(b0, b1))
    result.removed = [p.number for p in removed]
    result.added = [p.number for p in created]
    # Notes on removed paragraphs are not lost: their paragraph goes to null, and paragraphs_changed
    # (sent below) lets the notes' app anchor them again or mark them orphaned.
    Paragraph.objects.filter(pk__in=[p.pk for p in removed]).delete()
    # Move kept paragraphs out of the way first: their new numbers may be taken by
    # each other's old numbers, and (speech, number) is unique.
    offset = len(existing) + len(texts) + 1
    Paragraph.objects.filter(pk__in=[p.pk for p in kept]).update(number=F("number") + offset)
    Paragraph.objects.bulk_update(kept, ["number", "text"])
    Paragraph.objects.bulk_create(created)


def is_folder_document(path: Path) -> bool:
    """README.md, SOURCES.md, LICENSE.txt: a folder's own documents, by the convention of upper-case names."""
    return path.stem.isupper()


def speech_files(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Expand folders (and their subfolders) into the speech files they hold, sorted by path.

    Returns the files and the folder documents passed over (README.md, SOURCES.md). A file
    named explicitly is always taken (and refused by `import_file` if it is no speech file), as is
    a symbolic link, named or found, so that it is refused with its reason rather than followed.
    """
    files: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_symlink() or not path.is_dir():
            files.append(path)
            continue
        for found in sorted(path.rglob("*")):
            if found.suffix.lower() not in SPEECH_FILE_SUFFIXES or not (found.is_file() or found.is_symlink()):
                continue
            (skipped if is_folder_document(found) else files).append(found)
    return files, skipped
