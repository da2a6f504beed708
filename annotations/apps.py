from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = _("Study groups and notes")

    def ready(self) -> None:
        from speeches.signals import plan_notes

        from .reanchoring import plan_on_change

        plan_notes.connect(plan_on_change, dispatch_uid="annotations.plan_on_change")
