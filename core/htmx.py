"""The one rule for htmx pages: a fragment for htmx, the whole page otherwise.

A fragment is a `{% partialdef %}` of its page. A history restore (htmx asks for a URL it pushed when its
history cache misses, `HX-History-Restore-Request`) needs the whole page, so it gets the page. Every answer
varies on both headers, so that no cache serves a fragment for a page or the other way round.
"""

from __future__ import annotations

from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

VARY = ("HX-Request", "HX-History-Restore-Request")
# An invalid form comes back with its errors and the typed text, as 422; htmx swaps it like a 200 (the
# htmx-config meta tag in base.html), and a script or a test tells it from a success.
INVALID = HTTPStatus.UNPROCESSABLE_ENTITY


def wants_fragment(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def render_htmx(
    request: HttpRequest, template_name: str, partial: str, context: dict | None = None, *, status: int = 200
) -> HttpResponse:
    """`template_name`, or only its partial `partial` for an htmx request that is not a history restore."""
    name = f"{template_name}#{partial}" if wants_fragment(request) else template_name
    response = render(request, name, context, status=status)
    patch_vary_headers(response, VARY)
    return response
