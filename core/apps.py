from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What the domain apps share (as healthchecks keeps hc/lib): spreadsheet CSV, template tags, htmx rendering."""

    name = "core"
