from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassagesConfig(AppConfig):
    name = "passages"
    verbose_name = _("Passages across speeches")

    def ready(self) -> None:
        from speeches.signals import speeches_imported

        from .compute import update_on_import

        speeches_imported.connect(update_on_import, dispatch_uid="passages.update_on_import")
