"""Tasks for tests/test_worker.py, run by a real worker process: each leaves its trace in a file."""

import os
import time
from pathlib import Path

from django_tasks import task

from core.tasks import retried


def _append(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as log:  # one write per line: O_APPEND keeps lines whole
        log.write(line + "\n")


@task()
def wait_for(release: str) -> str:
    """Say it started (with the worker's pid), then wait until the test creates `release`."""
    _append(release + ".log", f"started {os.getpid()}")
    deadline = time.monotonic() + 120
    while not Path(release).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(release)
        time.sleep(0.05)
    _append(release + ".log", "done")
    return "done"


@task()
def record(path: str, number: int) -> int:
    _append(path, str(number))
    return number


@retried
@task()
def fail_first(path: str, failures: int) -> int:
    """Fail the first `failures` attempts, then succeed; every attempt is a line in `path`."""
    attempts = len(Path(path).read_text(encoding="utf-8").splitlines()) + 1 if Path(path).exists() else 1
    _append(path, f"attempt {attempts}")
    if attempts <= failures:
        raise RuntimeError(f"attempt {attempts} fails on purpose")
    return attempts
