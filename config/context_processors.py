from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from core.languages import chinese_lang_attr
from core.templatetags.jingdu import bcp47


def csp_nonce(request: HttpRequest) -> dict:
    """The request's Content-Security-Policy nonce, for <script nonce> (django-htmx's htmx_script uses it)."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}


def languages(request: HttpRequest) -> dict:
    """The language attributes every page needs, decided once here rather than in each template.

    `html_lang` is the page's BCP 47 tag (zh-Hans, en); `chinese_lang_attr` marks the speeches' Chinese
    text for screen readers when the interface is in another language (empty when it is Chinese).
    """
    code = get_language() or settings.LANGUAGE_CODE
    return {"html_lang": bcp47(code), "chinese_lang_attr": chinese_lang_attr(code)}
