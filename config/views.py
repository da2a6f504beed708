"""Site-wide views: the health check and the CSRF failure page."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from speeches import search


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the search index are usable; 503 naming what is not."""
    problems = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure to reach the database is the answer, not a crash
        problems["database"] = f"{type(error).__name__}: {error}".strip()
    try:
        search.check_index()
    except search.IndexUnavailable as error:
        problems["search_index"] = str(error)
    if problems:
        return JsonResponse({"status": "unavailable", "problems": problems}, status=503)
    return JsonResponse({"status": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A rejected form (an expired page, cookies blocked): say what to do, in the site's look."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
