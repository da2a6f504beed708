"""Background work of the phrase pages (the tasks API; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from speeches import phrase_stats

from . import collocations


@task()
def compute_company(phrase: str, revision: int) -> int:
    """Score the words that keep `phrase` company and keep them in the cache for the library's `revision`;
    the company fragment shows them from there. Returns how many were found."""
    lib = phrase_stats.phrase_library()
    found = collocations.companions(lib, phrase_stats.phrase_stats(phrase, lib))
    collocations.store(phrase, revision, found)
    return len(found)
