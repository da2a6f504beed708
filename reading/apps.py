from django.apps import AppConfig


class ReadingConfig(AppConfig):
    """The reading page, where a speech (speeches) meets a study group's notes (annotations)."""

    name = "reading"
