"""Site-wide views: the health and readiness checks, the language switch, the error and CSRF failure pages."""

import logging
import os
import shutil
import socket
import sys
import tempfile

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import defaults, i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.redirects import is_safe_next
from core.models import Heartbeat
from speeches import revision, search

from .unavailable import database_unavailable, is_database_outage

logger = logging.getLogger("jingdu.health")


def _answer(problems: dict[str, str]) -> JsonResponse:
    if problems:
        return JsonResponse({"status": "unavailable", "problems": problems}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the site can serve what it reads: the database answers a read of a real table, the search index
    opens, and DATA_DIR has HEALTH_MIN_FREE_MB free; else 503 naming what is not. The errors themselves (a
    driver's message names the database's host and port) go to the log, never into the answer."""
    problems = {}
    try:
        revision.current()
    except Exception:  # noqa: BLE001 - any failure to read is the answer, not a crash
        logger.exception("healthz: the database cannot be read")
        problems["database"] = "cannot be read"
    try:
        search.check_index()
    except search.IndexUnavailable as error:
        problems["search_index"] = str(error)  # the project's own words: what to run
    try:
        free = shutil.disk_usage(settings.DATA_DIR).free
    except OSError:
        logger.exception("healthz: cannot measure the free space under DATA_DIR")
        problems["disk"] = "cannot be measured"
    else:
        if free < settings.HEALTH_MIN_FREE_MB * 1024 * 1024:
            logger.error("healthz: %d bytes free under DATA_DIR", free)
            problems["disk"] = f"less than {settings.HEALTH_MIN_FREE_MB} MB free under DATA_DIR"
    return _answer(problems)


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the site can also write: a commit to the database (this host's heartbeat row) and a file
    written and synced under DATA_DIR. For a deploy or an operator to ask; a load balancer asks /healthz."""
    problems = {}
    try:
        with transaction.atomic():
            Heartbeat.objects.update_or_create(host=socket.gethostname()[:255], defaults={"checked_at": timezone.now()})
    except DatabaseError:
        logger.exception("readyz: the database cannot be written")
        problems["database"] = "cannot be written"
    try:
        with tempfile.NamedTemporaryFile(dir=settings.DATA_DIR, prefix=".readyz-") as probe:
            probe.write(b"\0" * 4096)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError:
        logger.exception("readyz: DATA_DIR cannot be written")
        problems["disk"] = "cannot be written"
    return _answer(problems)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, with `next` held to the site's rule (accounts.redirects): a `next` that is not
    a path on this site is dropped, and Django falls back to the page the form was on, or to /."""
    if "next" in request.POST and not is_safe_next(request, request.POST["next"]):
        request.POST = request.POST.copy()
        del request.POST["next"]
    return i18n.set_language(request)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a database outage raised outside a view (a middleware saving the session) is still a 503."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        return database_unavailable(request, error)
    return defaults.server_error(request, template_name)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A rejected form (an expired page, cookies blocked): say what to do, in the site's look."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
