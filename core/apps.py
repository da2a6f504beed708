from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What the domain apps share (as healthchecks keeps hc/lib): spreadsheet CSV, template tags, htmx rendering."""

    name = "core"

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from .tasks import retry_failed

        task_finished.connect(retry_failed, dispatch_uid="core.tasks.retry_failed")
