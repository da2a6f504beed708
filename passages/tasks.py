"""Background work of the passages app: bring similar passages and first uses up to the library's revision.

Enqueued after every change to the library (speeches.signals.library_changed), run by the worker
(`manage.py db_worker`). It is idempotent and coalesces: it computes for the revision it finds when it
runs, for every speech stamped since the last run, so a burst of changes costs one computation and a
task that finds nothing new returns at once. A task killed midway leaves the revision behind; the next
task (or the worker's recovery of abandoned tasks, core/worker.py) does the work again.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task

from core.tasks import retried
from speeches import revision
from speeches.models import LibraryRevision, Speech

from . import compute
from .models import PassagesState

logger = logging.getLogger(__name__)

# Longer than the computation ever takes (30 s at 100,000 paragraphs): a claim older than this was a worker
# that died mid-task.
CLAIM_LEASE = timedelta(minutes=10)


def state() -> PassagesState:
    found, _ = PassagesState.objects.get_or_create(pk=1)
    return found


def is_behind() -> bool:
    """True while a change to the library waits for the passages task (one small query)."""
    computed = Coalesce(Subquery(PassagesState.objects.filter(pk=1).values("revision")[:1]), 0)
    return LibraryRevision.objects.filter(pk=1, number__gt=computed).exists()


def _claim() -> PassagesState | None:
    """Take the computation for this worker; None if another worker holds a live claim."""
    now = timezone.now()
    state()
    claimed = PassagesState.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE), pk=1
    ).update(claimed_at=now)
    return PassagesState.objects.get(pk=1) if claimed else None


def bring_up_to_date() -> int | None:
    """Compute what changed since the stored revision; return the revision now reflected (None: busy)."""
    claimed = _claim()
    if claimed is None:
        logger.info("passages: another worker is computing; it, or the task after it, covers this change")
        return None
    try:
        target = revision.current()
        if claimed.revision >= target:
            return claimed.revision
        changed = list(Speech.objects.filter(revision__gt=claimed.revision).values_list("pk", flat=True))
        if claimed.revision == 0:
            compute.compute_parallels()  # never computed: the whole library at once
        elif changed:
            compute.compute_parallels(changed)
        else:
            # Only deletions since: their pairs went with their paragraphs, but the 1% rule may let
            # passages that were too common count again; the whole library keeps that exact.
            compute.compute_parallels()
        compute.compute_first_uses()
        PassagesState.objects.filter(pk=1).update(revision=target, computed_at=timezone.now())
        return target
    finally:
        PassagesState.objects.filter(pk=1).update(claimed_at=None)


def mark_up_to_date(target: int) -> None:
    """After a whole computation (`compute_passages`) of the library at revision `target`, read before it began."""
    state()
    PassagesState.objects.filter(pk=1, revision__lt=target).update(revision=target, computed_at=timezone.now())


@retried
@task()
def update_passages() -> int | None:
    return bring_up_to_date()


def enqueue_update(sender=None, slugs=(), **kwargs) -> None:
    """speeches.signals.library_changed: one pending task is enough, since each computes for the latest revision."""
    from django_tasks_db.models import DBTaskResult

    if _database_queue() and DBTaskResult.objects.ready().filter(task_path=update_passages.module_path).exists():
        return
    update_passages.enqueue()


def _database_queue() -> bool:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)
