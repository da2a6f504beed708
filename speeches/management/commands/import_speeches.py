"""`manage.py import_speeches [PATH ...]`: import speech files, .txt .md .pdf .docx (default: seeds/).

Folders are read with their subfolders; a folder's own documents (README.md, SOURCES.md)
are passed over. For each file the command says what it did, how many paragraphs and
headings it stored, and which lines it dropped as header or web-page debris. A file whose text
the library already holds is skipped ("same text as <slug>") unless `--duplicates` says to store it
as a second copy (counted once) or as a new version of that speech. `--speaker` names the speaker of
files whose text names none; `--collection` puts every file's speech in a collection (专题).
Each file goes through speeches/actions.py in its own transaction; the search index and the background
work follow once, for all of them.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations

from speeches import actions
from speeches.importing import ImportRefused, speech_files
from speeches.importing.records import COPY, DUPLICATE_CHOICES, SKIP, VERSION, ImportOptions, collection_named
from speeches.models import Speech


class Command(BaseCommand):
    help = "Import speech files (.txt, .md, .pdf, .docx) or folders of them (default: seeds/), one transaction each."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: seeds/)")
        parser.add_argument(
            "--duplicates",
            choices=DUPLICATE_CHOICES,
            default=SKIP,
            help="a file whose text the library already holds: skip it (default), store it as a second copy "
            "that counts once (copy), or as a new version of that speech (version)",
        )
        parser.add_argument("--speaker", default="", help="the speaker of files whose text names none")
        parser.add_argument("--collection", default="", help="put every imported speech in this collection (专题)")

    # The command speaks English, whatever LANGUAGE_CODE says (Django runs commands in it): the importer's
    # refusals are translatable messages, and without translations they are their English source.
    @no_translations
    def handle(self, *args, paths: list[Path], **options):
        paths = paths or [Path(settings.BASE_DIR) / "seeds"]
        import_options = self._import_options(options)
        missing = [path for path in paths if not path.exists() and not path.is_symlink()]
        files, documents = speech_files(path for path in paths if path not in missing)
        refused = len(missing)
        for path in missing:
            self.stderr.write(f"refused {path}: no such file or folder")
        for path in documents:
            self.stdout.write(f"skipped {path}: a folder document, not a speech")
        with actions.batch() as changed:
            refused += self._import(files, import_options)
        if changed.slugs and not changed.indexed:
            # The database is committed; only the index lags. Say how to catch it up.
            raise CommandError(
                f"imported, but the search index was not updated: {changed.index_error}; run `manage.py rebuild_index`",
                returncode=2,
            )
        if changed.slugs:
            self.stdout.write(f"search index updated for {len(changed.slugs)} speech(es)")
        if not files and not missing:
            self.stderr.write("no speech files found (*.txt, *.md, *.pdf, *.docx)")
            refused += 1
        if refused:
            raise CommandError(f"{refused} file(s) refused", returncode=1)

    def _import(self, files: list[Path], import_options: ImportOptions) -> int:
        """Import each file in its own transaction; returns how many were refused."""
        refused = 0
        for path in files:
            try:
                result = actions.import_file(path, import_options)
            except ImportRefused as error:
                refused += 1
                self.stderr.write(f"refused {path}: {error}")
                continue
            if result.action == "skipped":
                self.stdout.write(f"skipped {path}: same text as {result.duplicate_of}")
                continue
            line = f"{result.action} {result.slug}: {result.paragraph_count} paragraphs"
            if result.duplicate_of and import_options.duplicates == COPY:
                line += f", a second copy of {result.duplicate_of} (counted once)"
            elif result.duplicate_of and import_options.duplicates == VERSION:
                line += ", a new version (same text)"
            if result.heading_count:
                line += f", {result.heading_count} heading{'s' if result.heading_count > 1 else ''}"
            line += f" ({path})"
            details = [
                f"{label} {', '.join(f'¶{n}' for n in numbers)}"
                for label, numbers in (
                    ("changed", result.changed),
                    ("added", result.added),
                    ("removed", result.removed),
                )
                if numbers
            ]
            if details:
                line += "; " + "; ".join(details)
            if result.notes:
                kinds = ("unchanged", "moved", "fuzzy", "orphaned")
                counts = ", ".join(f"{result.notes[kind]} {kind}" for kind in kinds)
                line += f"; notes: {counts}"
            self.stdout.write(line)
            if result.dropped and result.action != "unchanged":
                shown = " · ".join(_shorten(text) for text in result.dropped)
                self.stdout.write(f"  dropped {len(result.dropped)} header/debris line(s): {shown}")
        return refused

    def _import_options(self, options: dict) -> ImportOptions:
        speaker = options["speaker"].strip()
        if len(speaker) > Speech._meta.get_field("speaker").max_length:
            raise CommandError(f"--speaker has {len(speaker)} characters, over the 100-character limit")
        collection = None
        if options["collection"].strip():
            try:
                collection = collection_named(options["collection"])
            except ImportRefused as error:
                raise CommandError(f"--collection: {error}") from None
        return ImportOptions(duplicates=options["duplicates"], speaker=speaker, collection=collection)


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
