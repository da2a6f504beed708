"""Sign-ups per address: at most SIGNUPS_PER_ADDRESS_PER_HOUR in any hour.

django-axes throttles log-ins; sign-ups are counted here, in the database that every web host
shares (django-ratelimit would need memcached or Redis, which the embedded deployment has not).
The address is the one axes sees, so proxies are handled alike for both.
"""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .models import SignUp

WINDOW = timedelta(hours=1)
KEPT = timedelta(days=1)


def client_address(request: HttpRequest) -> str:
    return get_client_ip_address(request) or "0.0.0.0"


def signups_exhausted(request: HttpRequest) -> bool:
    since = timezone.now() - WINDOW
    recent = SignUp.objects.filter(ip_address=client_address(request), created_at__gte=since).count()
    return recent >= settings.SIGNUPS_PER_ADDRESS_PER_HOUR


def record_signup(request: HttpRequest) -> None:
    now = timezone.now()
    SignUp.objects.filter(created_at__lt=now - KEPT).delete()
    SignUp.objects.create(ip_address=client_address(request), created_at=now)
