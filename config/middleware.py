"""The site's own middleware: a Content-Security-Policy with a per-request nonce (Django 5.2 has none built in;
Django 6 does), the chosen language, Cache-Control for pages that depend on who is signed in, and 503 for a
database that cannot answer."""

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control

# The admin sets inline style attributes; its pages keep strict scripts but allow those styles.
ADMIN_STYLE_SOURCES = ["'self'", "'unsafe-inline'"]


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # {% htmx_script %} reads `csp_nonce` from the template context (config.context_processors).
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy(request)
        return response

    @staticmethod
    def policy(request: HttpRequest) -> str:
        directives = dict(settings.CONTENT_SECURITY_POLICY)
        if request.path.startswith("/admin/"):
            directives["style-src"] = ADMIN_STYLE_SOURCES
        return "; ".join(
            " ".join([name, *(source.format(nonce=request.csp_nonce) for source in sources)])
            for name, sources in directives.items()
        )


class ChosenLanguageMiddleware(LocaleMiddleware):
    """The interface language is the one the reader chose (the language cookie), else Chinese.

    Unlike Django's LocaleMiddleware this ignores Accept-Language: study-group members
    often read on work computers set to English, and the group reads in Chinese.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivateWhenSignedInMiddleware:
    """`Cache-Control: private` on every answer that read the session: such a page depends on who is signed in
    (the header names them, the page can show their group's or their own notes, every form carries their CSRF
    token), so no shared cache may keep it. A view that shows a secret (the invite link) says `no-store` itself
    (never_cache), and that stays. Answers that never touch the session (static files, the phrase JSON, /healthz)
    are left as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed:
            patch_cache_control(response, private=True)
        return response


class DatabaseUnavailableMiddleware:
    """A database that cannot answer (`OperationalError`: PostgreSQL down or restarting, SQLite's "database or
    disk is full" or "disk I/O error"; `InterfaceError`: a connection that went away) is a passing fault: 503
    with Retry-After and a page in the interface's language, never a bare 500. What was posted comes back in
    the page's form (config.unavailable), so a note typed without JavaScript is not lost.

    Last in MIDDLEWARE, so that its process_exception sees the view's error first. Errors raised by other
    middleware reach the same page through handler500 (config.views.server_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from .unavailable import database_unavailable, is_database_outage

        if is_database_outage(exception):
            return database_unavailable(request, exception)
        return None
