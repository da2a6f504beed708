"""A Content-Security-Policy with a per-request nonce (Django 5.2 has none built in; Django 6 does)."""

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
