"""`manage.py compute_passages`: parallel passages and first uses of the whole library, afresh."""

import time

from django.core.management.base import BaseCommand

from passages import compute, tasks
from speeches import revision


class Command(BaseCommand):
    help = (
        "Find the passages that paragraphs of different speeches share, and each speech's new phrases, over the "
        "whole library. The worker keeps both up to date after every change; this recomputes them whole."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-behind",
            action="store_true",
            help="only bring them up to the library's revision, and only if they are behind it (make run)",
        )

    def handle(self, *args, if_behind: bool, **options):
        if if_behind:
            if not tasks.is_behind():
                self.stdout.write("the passages are up to date")
                return
            started = time.monotonic()
            done = tasks.bring_up_to_date()
            if done is None:
                self.stdout.write("another worker is computing the passages")
            else:
                self.stdout.write(f"passages brought up to revision {done} ({time.monotonic() - started:.1f} s)")
            return
        started = time.monotonic()
        target = revision.current()  # read first: a change made while computing leaves the passages behind
        pairs = compute.compute_parallels()
        self.stdout.write(f"{pairs} pairs of paragraphs share a passage ({time.monotonic() - started:.1f} s)")
        started = time.monotonic()
        phrases = compute.compute_first_uses()
        self.stdout.write(f"{phrases} phrases are new in their speech ({time.monotonic() - started:.1f} s)")
        tasks.mark_up_to_date(target)
