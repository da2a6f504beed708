"""`manage.py import_speeches [PATH ...]`: import speech files, .txt .md .pdf .docx (default: seeds/).

Folders are read with their subfolders; a folder's own documents (README.md, SOURCES.md)
are passed over. For each file the command says what it did, how many paragraphs and
headings it stored, and which lines it dropped as header or web-page debris.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations

from speeches import search
from speeches.importing import ImportRefused, announce_imported, import_file, speech_files


class Command(BaseCommand):
    help = "Import speech files (.txt, .md, .pdf, .docx) or folders of them (default: seeds/), one transaction each."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: seeds/)")

    # The command speaks English, whatever LANGUAGE_CODE says (Django runs commands in it): the importer's
    # refusals are translatable messages, and without translations they are their English source.
    @no_translations
    def handle(self, *args, paths: list[Path], **options):
        paths = paths or [Path(settings.BASE_DIR) / "seeds"]
        missing = [path for path in paths if not path.exists() and not path.is_symlink()]
        files, documents = speech_files(path for path in paths if path not in missing)
        refused = len(missing)
        touched = []
        for path in missing:
            self.stderr.write(f"refused {path}: no such file or folder")
        for path in documents:
            self.stdout.write(f"skipped {path}: a folder document, not a speech")
        for path in files:
            try:
                result = import_file(path, announce=False)
            except ImportRefused as error:
                refused += 1
                self.stderr.write(f"refused {path}: {error}")
                continue
            if result.action != "unchanged":
                touched.append(result.slug)
            line = f"{result.action} {result.slug}: {result.paragraph_count} paragraphs"
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
        # What other apps compute over the library (parallel passages, first uses) follows too.
        failures = announce_imported(touched)
        for failure in failures:
            self.stderr.write(f"imported, but a follow-up failed: {failure}")
        if touched:
            # The index follows the database: re-index what changed (a full build if there is no index yet).
            try:
                search.index_speeches(touched)
            except (OSError, search.IndexUnavailable) as error:
                # The database is committed; only the index lags. Say how to catch it up.
                raise CommandError(
                    f"imported, but the search index was not updated: {error}; run `manage.py rebuild_index`",
                    returncode=2,
                ) from error
            self.stdout.write(f"search index updated for {len(touched)} speech(es)")
        if not files and not missing:
            self.stderr.write("no speech files found (*.txt, *.md, *.pdf, *.docx)")
            refused += 1
        if refused:
            raise CommandError(f"{refused} file(s) refused", returncode=1)
        if failures:
            raise CommandError("run `manage.py compute_passages` to catch up after the failure above", returncode=2)


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
