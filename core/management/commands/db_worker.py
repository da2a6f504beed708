"""`manage.py db_worker`: django-tasks-db's worker, which also recovers tasks that dead workers left running.

The same command and options as django-tasks-db's (this one overrides it: `core` comes before
`django_tasks_db` in INSTALLED_APPS). Added: a worker id that names the host and the process, and a
recovery of abandoned tasks (core/tasks.py) when the worker starts and every TASKS_RECOVER_SECONDS after.
Starting it twice is harmless: each task is claimed by one worker under a row lock.
"""

import threading

from django.conf import settings
from django.db import close_old_connections
from django_tasks_db.management.commands import db_worker

from core import tasks


class Command(db_worker.Command):
    help = "Run a worker for the background tasks (the database queue); recovers tasks of dead workers"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=tasks.worker_id())

    def handle(self, *args, **options) -> None:
        tasks.recover_abandoned()
        stop = threading.Event()
        threading.Thread(target=self._recover_every, args=(stop,), daemon=True, name="recover-abandoned").start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()

    @staticmethod
    def _recover_every(stop: threading.Event) -> None:
        while not stop.wait(settings.TASKS_RECOVER_SECONDS):
            try:
                tasks.recover_abandoned()
            except Exception:  # a database that is away for a moment: try again next time
                tasks.logger.exception("recovering abandoned tasks failed")
            finally:
                close_old_connections()
