"""`manage.py rebuild_index`: build the search index afresh from the database."""

import time

from django.core.management.base import BaseCommand, CommandError

from speeches import search


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database. The new index replaces the old one only when complete, "
        "so a running server keeps searching meanwhile. Run it on each web host."
    )

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=None, help="jieba worker processes (default: CPU count)")
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="only when the index is missing, was built with another dictionary or misses a change (make run)",
        )

    def handle(self, *args, processes: int | None, if_stale: bool, **options):
        if processes is not None and processes < 1:
            raise CommandError("--processes must be at least 1")
        if if_stale and search.index_matches_library():
            self.stdout.write("the search index is up to date")
            return
        started = time.monotonic()
        try:
            count = search.rebuild_index(processes=processes)
        except (OSError, search.IndexUnavailable) as error:
            raise CommandError(f"could not build the search index: {error}") from error
        self.stdout.write(f"indexed {count} paragraphs in {time.monotonic() - started:.1f} s")
