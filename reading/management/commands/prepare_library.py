"""`manage.py prepare_library`: what `make run` and `make serve` do before serving, in one process."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Migrate, import the seeds (or the given files and folders), rebuild the search index if it is missing or "
        "stale, and compute the passages if they are behind the library: `make index` in one process, so that a "
        "second start pays for Django's start once instead of four times."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="files or folders to import (default: seeds/)")

    def handle(self, *args, paths: list[str], **options):
        # Each step writes what it did (and only a refusal stops the rest, with import_speeches' exit status).
        streams = {"stdout": self.stdout, "stderr": self.stderr}
        call_command("migrate", interactive=False, verbosity=options["verbosity"], **streams)
        call_command("import_speeches", *paths, verbosity=options["verbosity"], **streams)
        call_command("rebuild_index", if_stale=True, **streams)
        call_command("compute_passages", if_behind=True, **streams)
