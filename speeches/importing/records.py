"""Files to records: read a speech file, parse it, store it.

`store_speech` stores a parsed speech so that re-importing keeps the records (and so the notes) of
paragraphs whose text did not change; headings and the appendix carry no notes and are replaced whole.
Only `speeches/actions.py` calls it: the actions add what a change needs around it (the library's
revision, the search index, the background work).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ..models import Collection, Heading, Paragraph, Speech
from .duplicates import paragraph_fingerprint
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
    action: str  # "created", "updated", "unchanged" or "skipped" (a duplicate)
    paragraph_count: int
    heading_count: int = 0
    dropped: tuple[str, ...] = ()
    changed: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)  # unchanged, moved, fuzzy, orphaned
    moves: list = field(default_factory=list)  # versions.NoteMove: what the editor sees before saving
    revision: int = 0  # the speech's revision the result was planned on (a check posts it back with the save)
    indexed: bool = True  # False when the search index could not be updated after storing
    duplicate_of: str = ""  # the slug of the speech in the library with the same text, if any

    @property
    def shown_moves(self) -> list:
        return [move for move in self.moves if not move.private]

    @property
    def private_moves(self) -> int:
        return sum(1 for move in self.moves if move.private)


# What `import_speeches` does with a text the library already holds (see duplicates.py).
SKIP, COPY, VERSION = "skip", "copy", "version"
DUPLICATE_CHOICES = (SKIP, COPY, VERSION)


@dataclass(frozen=True)
class ImportOptions:
    """How a command imports its files: duplicates skipped, stored as a copy or as a new version of the
    speech they duplicate; a speaker for files whose text names none; a collection to put them in."""

    duplicates: str = SKIP
    speaker: str = ""
    collection: Collection | None = None


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


def legacy_slug(path: Path) -> str:
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


def collection_named(name: str) -> Collection:
    """The collection of this name, created if there is none (its slug made unique as the editors' form does)."""
    name = name.strip()
    limit = Collection._meta.get_field("name").max_length
    if len(name) > limit:
        raise ImportRefused(
            _("the collection name has %(count)d characters, over the %(limit)d-character limit"),
            code="collection",
            params={"count": len(name), "limit": limit},
        )
    found = Collection.objects.filter(name=name).first()
    if found is not None:
        return found
    base = slugify(name, allow_unicode=True)
    if not base:
        raise ImportRefused(
            _("the collection name %(name)s has no letters or digits"), code="collection", params={"name": repr(name)}
        )
    slug, number = base, 1
    while Collection.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return Collection.objects.create(name=name, slug=slug)


def metadata_of(parsed: ParsedSpeech, source_file: str, checksum: str) -> dict:
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
    _check_lengths(metadata_of(parsed, source_file, ""))
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
    parsed: ParsedSpeech, *, slug: str, source_file: str, checksum: str, duplicate_of: Speech | None = None
) -> ImportResult:
    """Store a new speech under `slug` (a new version of a stored one is `versions.plan_version`, then
    `versions.write_version`). A deliberate second copy names its original (`duplicate_of`): it counts once."""
    check_parsed(parsed, source_file)
    with transaction.atomic():
        speech = Speech.objects.create(
            slug=slug,
            imported_at=timezone.now(),
            duplicate_of=duplicate_of,
            **metadata_of(parsed, source_file, checksum),
        )
        Paragraph.objects.bulk_create(
            Paragraph(speech=speech, number=number, text=text, fingerprint=paragraph_fingerprint(text))
            for number, text in enumerate(parsed.paragraphs, start=1)
        )
        replace_headings(speech, parsed)
    counts = {"paragraph_count": len(parsed.paragraphs), "heading_count": len(parsed.headings)}
    return ImportResult(None, slug, "created", dropped=parsed.dropped, **counts)


def replace_headings(speech: Speech, parsed: ParsedSpeech) -> None:
    speech.headings.all().delete()
    Heading.objects.bulk_create(
        Heading(speech=speech, sequence=sequence, level=heading.level, text=heading.text, before=heading.before)
        for sequence, heading in enumerate(parsed.headings, start=1)
    )


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
