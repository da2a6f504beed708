"""What the site adds to Django's tasks (the django-tasks backport, with django-tasks-db's database queue).

Two things the queue does not do by itself:

* **Retries.** A task in `RETRIED` that fails is enqueued again, a little later each time
  (`settings.TASKS_RETRY_SECONDS`), until it has failed once more than there are delays, in a row. Each
  failure stays in the queue's table as a failed task, with its traceback, for the admin (Django tasks →
  Task results) and the log.
* **Abandoned tasks.** A worker killed mid-task (`kill -9`, a reboot) leaves its task marked as running for
  ever. `recover_abandoned` puts such tasks back in the queue: at once when the worker that held one ran on
  this host and its process is gone, and after `TASKS_LEASE_SECONDS` whatever host it ran on. The worker
  command (core/management/commands/db_worker.py) runs it when it starts and every minute.

Both read and write django-tasks-db's table (`DBTaskResult`) directly, below its public API: this is the only
module that does, and it refuses another version than the one it was written for (see WRITTEN_FOR).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from datetime import timedelta
from importlib.metadata import version

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends

WRITTEN_FOR = "0.13.0"
if version("django-tasks-db") != WRITTEN_FOR:
    raise ImportError(
        f"core/tasks.py was written for django-tasks-db {WRITTEN_FOR}, not {version('django-tasks-db')}: check its "
        "DBTaskResult fields (status, worker_ids, started_at, run_after, task_path, args_kwargs), "
        "then change WRITTEN_FOR"
    )

from django_tasks_db import DatabaseBackend  # noqa: E402 (after the version check)
from django_tasks_db.models import DBTaskResult  # noqa: E402

logger = logging.getLogger(__name__)

# Task paths (Task.module_path) retried after a failure; the waits before each retry are settings.
RETRIED: set[str] = set()


def retried(task):
    """Mark a task as retried after a failure (see the module's docstring); returns the task."""
    RETRIED.add(task.module_path)
    return task


# ---------------------------------------------------------------- retries


def _failures_in_a_row(task_path: str, args_kwargs: dict) -> int:
    rows = DBTaskResult.objects.filter(task_path=task_path).exclude(status=TaskResultStatus.READY)
    recent = rows.order_by("-enqueued_at").values_list("status", "args_kwargs")[:20]
    count = 0
    for status, stored in recent:
        if stored != args_kwargs:
            continue
        if status != TaskResultStatus.FAILED:
            break
        count += 1
    return count


def retry_failed(sender, task_result, **kwargs) -> None:  # connected in CoreConfig.ready
    """task_finished: log a failure, and enqueue a retried task again until it failed too often."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    task = task_result.task
    error = task_result.errors[-1] if task_result.errors else None
    logger.error(
        "task %s failed: %s\n%s",
        task.module_path,
        error.exception_class_path if error else "?",
        error.traceback if error else "",
    )
    if task.module_path not in RETRIED:
        return
    backend = task_backends[task.backend]
    if not isinstance(backend, DatabaseBackend):
        return  # a queue that keeps nothing (the tests' immediate backend) cannot count failures: no retry
    args_kwargs = {"args": list(task_result.args), "kwargs": dict(task_result.kwargs)}
    failures = _failures_in_a_row(task.module_path, args_kwargs)
    delays = settings.TASKS_RETRY_SECONDS
    if failures > len(delays):
        logger.error("task %s failed %d times in a row; not retried again", task.module_path, failures)
        return
    retry_at = timezone.now() + timedelta(seconds=delays[failures - 1])
    task.using(run_after=retry_at).enqueue(*task_result.args, **task_result.kwargs)


# ---------------------------------------------------------------- abandoned tasks


def worker_id() -> str:
    """`host:pid:random`, so that a worker can tell that another one on its host is gone (≤ 64 characters)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def _gone(worker: str) -> bool:
    """True when `worker` ran on this host and its process has ended."""
    host, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover_abandoned() -> int:
    """Put back in the queue the tasks that dead workers left running; returns how many."""
    lease = timedelta(seconds=settings.TASKS_LEASE_SECONDS)
    now = timezone.now()
    recovered = 0
    for pk, workers, started_at in DBTaskResult.objects.running().values_list("pk", "worker_ids", "started_at"):
        expired = started_at is not None and started_at < now - lease
        if not (expired or (workers and _gone(workers[-1]))):
            continue
        # Only if still running as read: another worker may have finished or recovered it meanwhile.
        recovered += DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None, run_after=now
        )
    if recovered:
        logger.warning("put %d abandoned task(s) back in the queue", recovered)
    return recovered
