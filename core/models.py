"""What the throttles count, and where the readiness check writes: tables in the site's own database, which every
web host shares (core/throttle.py, config/views.py)."""

from django.db import models
from django.utils import timezone


class ThrottleHit(models.Model):
    """One counted action: what was done (`scope`: "note", "signup", "company") and by whom (`who`: "user:12",
    "address:203.0.113.7"), kept as long as the longest window of its scope."""

    scope = models.CharField(max_length=30)
    who = models.CharField(max_length=80)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "who", "at"], name="throttle_scope_who_at_idx")]

    def __str__(self) -> str:
        return f"{self.scope} by {self.who} at {self.at:%Y-%m-%d %H:%M:%S}"


class Heartbeat(models.Model):
    """The readiness check's write: one row per host, its time updated on every check (`/readyz`)."""

    host = models.CharField(max_length=255, unique=True)
    checked_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.host} at {self.checked_at:%Y-%m-%d %H:%M:%S}"
