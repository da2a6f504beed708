"""`manage.py compute_passages`: parallel passages and first uses of the whole library, afresh."""

import time

from django.core.management.base import BaseCommand

from passages import compute


class Command(BaseCommand):
    help = (
        "Find the passages that paragraphs of different speeches share, and each speech's new phrases, over the "
        "whole library. Imports keep both up to date; run this after changing the library by other means."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        pairs = compute.compute_parallels()
        self.stdout.write(f"{pairs} pairs of paragraphs share a passage ({time.monotonic() - started:.1f} s)")
        started = time.monotonic()
        phrases = compute.compute_first_uses()
        self.stdout.write(f"{phrases} phrases are new in their speech ({time.monotonic() - started:.1f} s)")
