"""The real worker (`manage.py db_worker`) in processes of its own, on a database of the test's own (SQLite,
or PostgreSQL when DATABASE_URL names one): it brings the passages up to date after an import, runs a task
again after being killed mid-task, retries a failure, and two workers never run one task twice."""

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds"
TIMEOUT = 90


def wait_until(condition, what: str, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.1)


class Site:
    """manage.py commands against the test's own database and DATA_DIR."""

    def __init__(self, env: dict):
        self.env = env
        self.workers: list[subprocess.Popen] = []

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr + result.stdout
        return result.stdout

    def python(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code).strip()

    def start_worker(self) -> subprocess.Popen:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers.append(worker)
        return worker

    def statuses(self, task: str) -> list[str]:
        code = (
            "from django_tasks_db.models import DBTaskResult;"
            f"print(' '.join(DBTaskResult.objects.filter(task_path='{task}').order_by('enqueued_at')"
            ".values_list('status', flat=True)))"
        )
        return self.python(code).split()


@pytest.fixture
def site(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "0",
        "SECRET_KEY": "worker-tests-only-not-secret-but-long-enough-for-production-settings",
        "DATA_DIR": str(tmp_path / "data"),
        "STATIC_MANIFEST": "0",
        "TASKS_IMMEDIATE": "0",
        "TASKS_RETRY_SECONDS": "0,0",
        "TASKS_RECOVER_SECONDS": "1",
        "LOG_LEVEL": "ERROR",
    }
    database = None
    if os.environ.get("DATABASE_URL"):
        import psycopg

        server = urlsplit(os.environ["DATABASE_URL"])
        database = f"jingdu_worker_{secrets.token_hex(4)}"
        admin_url = urlunsplit(server._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = urlunsplit(server._replace(path=f"/{database}"))
    site = Site(env)
    site.manage("migrate", "--no-input")
    yield site
    for worker in site.workers:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(10)
            except subprocess.TimeoutExpired:
                worker.kill()
    if database:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def passages_behind(site) -> bool:
    return site.python("from passages.tasks import is_behind; print(is_behind())") == "True"


def test_the_worker_brings_the_passages_up_to_date_after_an_import(site):
    site.manage("import_speeches", str(SEED))
    assert passages_behind(site)  # the import only enqueued the work

    site.start_worker()

    wait_until(lambda: not passages_behind(site), "the worker computed the passages")
    assert site.statuses("passages.tasks.update_passages") == ["SUCCESSFUL"]


def test_a_task_whose_worker_was_killed_runs_again(site, tmp_path):
    release = tmp_path / "release"
    log = Path(f"{release}.log")
    site.python(f"from tests.worker_tasks import wait_for; wait_for.enqueue({str(release)!r})")
    first = site.start_worker()
    wait_until(lambda: log.exists() and "started" in log.read_text(), "the first worker started the task")

    first.send_signal(signal.SIGKILL)  # mid-task: the task stays marked as running
    first.wait()
    assert site.statuses("tests.worker_tasks.wait_for") == ["RUNNING"]
    site.start_worker()  # finds the task's worker gone, and puts the task back in the queue

    wait_until(lambda: log.read_text().count("started") == 2, "the second worker started the task again")
    release.touch()
    wait_until(lambda: site.statuses("tests.worker_tasks.wait_for") == ["SUCCESSFUL"], "the task finished")


def test_a_failing_task_is_retried_and_its_failures_stay_visible(site, tmp_path):
    attempts = tmp_path / "attempts"
    site.python(f"from tests.worker_tasks import fail_first; fail_first.enqueue({str(attempts)!r}, 2)")
    site.start_worker()

    done = ["FAILED", "FAILED", "SUCCESSFUL"]
    wait_until(lambda: site.statuses("tests.worker_tasks.fail_first") == done, "two failures and a success")
    assert attempts.read_text().splitlines() == ["attempt 1", "attempt 2", "attempt 3"]


def test_two_workers_never_run_one_task_twice(site, tmp_path):
    path = tmp_path / "ran"
    site.python(
        f"from tests.worker_tasks import record\nfor number in range(30): record.enqueue({str(path)!r}, number)"
    )
    site.start_worker()
    site.start_worker()

    wait_until(lambda: site.statuses("tests.worker_tasks.record") == ["SUCCESSFUL"] * 30, "every task ran")
    assert sorted(int(line) for line in path.read_text().splitlines()) == list(range(30))
