"""The library's revision: one number that every change to speeches and paragraphs raises.

Caches of what is computed over the whole library key on it (`current()`); `speeches/actions.py` raises it
(`bump()`) inside the transaction of each change, so a change and its revision commit together and every
host and worker sees the new number at once.
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from .models import LibraryRevision


def current() -> int:
    """The library's revision now (0 for a library that never changed): one small query."""
    return LibraryRevision.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def bump() -> int:
    """Raise the revision (inside the caller's transaction) and return the new number."""
    updated = LibraryRevision.objects.filter(pk=1).update(number=F("number") + 1, changed_at=timezone.now())
    if not updated:
        LibraryRevision.objects.get_or_create(pk=1, defaults={"number": 0})
        LibraryRevision.objects.filter(pk=1).update(number=F("number") + 1, changed_at=timezone.now())
    return current()
