"""Sign-ups per address: at most SIGNUPS_PER_ADDRESS_PER_HOUR in any hour.

django-axes throttles log-ins; sign-ups are counted by the site's one throttle (core/throttle.py), in the
database that every web host shares.
"""

from django.conf import settings
from django.http import HttpRequest

from core import throttle

SCOPE = "signup"
HOUR = 3600


def _limits() -> list[tuple[int, int]]:
    return [(settings.SIGNUPS_PER_ADDRESS_PER_HOUR, HOUR)]


def _address(request: HttpRequest) -> str:
    return f"address:{throttle.client_address(request)}"


def signups_exhausted(request: HttpRequest) -> bool:
    return throttle.retry_after(SCOPE, _address(request), _limits()) > 0


def record_signup(request: HttpRequest) -> None:
    throttle.record(SCOPE, _address(request), _limits())
