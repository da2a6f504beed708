from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = _("Study groups and notes")

    def ready(self) -> None:
        from speeches.signals import paragraphs_changed

        from .anchoring import reanchor_on_import

        paragraphs_changed.connect(reanchor_on_import, dispatch_uid="annotations.reanchor_on_import")
