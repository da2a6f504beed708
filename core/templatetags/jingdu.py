"""Template filters available in every template (a `builtins` entry in settings.TEMPLATES)."""

from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def bcp47(language_code: str) -> str:
    """Django's language code as an HTML lang tag: zh-hans → zh-Hans (the script subtag is title-case)."""
    language, _, script = language_code.partition("-")
    return f"{language}-{script.title()}" if len(script) == 4 else language_code


@register.filter
def with_next(url: str, next_url: str) -> str:
    """`url` with ?next=… to come back to `next_url` (a log-in or sign-up link); `url` alone without one."""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
