"""The answer to a database that cannot answer: 503, Retry-After, a page in the interface's language.

Drawn without the database: no context processors (they read the user's groups), no session, nothing but the
request's own data. A POST comes back as a form holding what was sent, to send again once the database is back:
the text typed into a note, a correction or a pasted speech is not lost (a note's one-time token goes along, so
sending twice stores it once). The error itself goes to the log, never to the page.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from core.htmx import VARY, wants_fragment

logger = logging.getLogger("jingdu.unavailable")

RETRY_AFTER_SECONDS = 30
# Fields shown as text to edit before sending again; every other field goes back as it came, hidden.
TEXT_FIELDS = ("body", "text")


def is_database_outage(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def database_unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    logger.error("database unavailable for %s %s: %s", request.method, request.path, error, exc_info=error)
    fields = []
    if request.method == "POST":
        for name, values in request.POST.lists():
            if name != "csrfmiddlewaretoken":
                fields.extend({"name": name, "value": value, "text": name in TEXT_FIELDS} for value in values)
    context = {
        "fields": fields,
        "files_lost": request.method == "POST" and bool(request.FILES),
        "action": request.get_full_path(),
        "csrf_token": get_token(request),
        "retry_after": RETRY_AFTER_SECONDS,
    }
    template = "503.html#message" if wants_fragment(request) else "503.html"
    response = HttpResponse(render_to_string(template, context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Vary"] = ", ".join(VARY)
    return response
