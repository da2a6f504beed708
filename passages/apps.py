from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassagesConfig(AppConfig):
    name = "passages"
    verbose_name = _("Passages across speeches")

    def ready(self) -> None:
        from speeches.signals import library_changed

        from .tasks import enqueue_update

        library_changed.connect(enqueue_update, dispatch_uid="passages.enqueue_update")
