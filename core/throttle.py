"""One throttle for what costs: members' writes (notes), requests that start costly work (a phrase's company,
a concordance CSV), and sign-ups. Each action is a row of `ThrottleHit` in the site's database, so every web host and
worker counts the same actions; a limit is a number of actions in a window of seconds ("30 a minute and 300 an
hour" is two limits).

Why the database and not django-ratelimit: that library needs a cache shared by all hosts and safe to increment
at once (memcached or Redis; its checks refuse Django's file and database caches), and the embedded deployment
has neither. A count in the database costs a query on an indexed (scope, who, time) and a row per action; the
rows are forgotten once older than the scope's longest window.

Limits are (count, seconds) pairs from settings (config/settings.py: NOTES_PER_MINUTE, NOTES_PER_HOUR,
COSTLY_REQUESTS_PER_MINUTE, SIGNUPS_PER_ADDRESS_PER_HOUR). A database that cannot take the count (a full disk)
lets the action through: the throttle guards against abuse, and must not stop reading when writes fail.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils import timezone

from .models import ThrottleHit

logger = logging.getLogger(__name__)

Limits = Sequence[tuple[int, int]]  # (actions, seconds)


def client_address(request: HttpRequest) -> str:
    """The address django-axes sees (so that proxies are handled alike for log-ins and for every throttle)."""
    return get_client_ip_address(request) or "0.0.0.0"


def who(request: HttpRequest) -> str:
    """A signed-in member by their account (their address can be a whole office), a visitor by address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_address(request)}"


def retry_after(scope: str, actor: str, limits: Limits) -> int:
    """0 when `actor` may act in `scope` now; else the seconds until the oldest action that holds them back
    leaves its window (for a Retry-After header)."""
    now = timezone.now()
    wait = 0
    try:
        for count, seconds in limits:
            if count <= 0:  # a limit of 0: the action is closed
                wait = max(wait, seconds)
                continue
            recent = ThrottleHit.objects.filter(scope=scope, who=actor, at__gte=now - timedelta(seconds=seconds))
            # The count-th most recent action, when there are that many, is the one that holds them back.
            oldest = recent.order_by("-at").values_list("at", flat=True)[count - 1 : count].first()
            if oldest is not None:
                wait = max(wait, int((oldest + timedelta(seconds=seconds) - now).total_seconds()) + 1)
    except DatabaseError:
        logger.warning("throttle: cannot count %s for %s; letting it through", scope, actor, exc_info=True)
        return 0
    return wait


def record(scope: str, actor: str, limits: Limits) -> None:
    """Count one action, and forget those older than the scope's longest window."""
    now = timezone.now()
    longest = max((seconds for _, seconds in limits), default=0)
    try:
        ThrottleHit.objects.filter(scope=scope, who=actor, at__lt=now - timedelta(seconds=longest)).delete()
        ThrottleHit.objects.create(scope=scope, who=actor, at=now)
    except DatabaseError:
        logger.warning("throttle: cannot record %s for %s", scope, actor, exc_info=True)
