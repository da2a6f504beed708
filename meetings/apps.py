from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    # Not "sessions": that label is django.contrib.sessions'.
    name = "meetings"
    verbose_name = _("Study sessions")
