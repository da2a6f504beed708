"""`manage.py import_speeches [PATH ...]`: import speech text files (default: seeds/)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from speeches.importing import ImportRefused, import_file, speech_files


class Command(BaseCommand):
    help = "Import speech text files or folders of them (default: seeds/). Each file is one transaction."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: seeds/)")

    def handle(self, *args, paths: list[Path], **options):
        paths = paths or [Path(settings.BASE_DIR) / "seeds"]
        missing = [path for path in paths if not path.exists()]
        files = speech_files(path for path in paths if path.exists())
        refused = len(missing)
        for path in missing:
            self.stderr.write(f"refused {path}: no such file or folder")
        for path in files:
            try:
                result = import_file(path)
            except ImportRefused as error:
                refused += 1
                self.stderr.write(f"refused {path}: {error}")
                continue
            line = f"{result.action} {result.slug}: {result.paragraph_count} paragraphs ({path})"
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
            self.stdout.write(line)
        if not files and not missing:
            self.stderr.write("no speech files found (*.txt, *.md)")
            refused += 1
        if refused:
            raise CommandError(f"{refused} file(s) refused", returncode=1)
