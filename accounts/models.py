from django.db import models
from django.utils import timezone


class SignUp(models.Model):
    """A sign-up and the address it came from, kept a day so that sign-ups can be throttled per address."""

    ip_address = models.GenericIPAddressField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["ip_address", "created_at"], name="signup_address_time_idx")]

    def __str__(self) -> str:
        return f"{self.ip_address} at {self.created_at:%Y-%m-%d %H:%M}"
