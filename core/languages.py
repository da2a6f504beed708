"""The speeches are Chinese whatever the interface's language: in another language, their text says so."""

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


def chinese_lang_attr(language_code: str | None = None) -> SafeString:
    """` lang="zh-Hans"` for the speeches' Chinese text when the interface is in another language (for screen
    readers and fonts); empty when it is Chinese."""
    code = language_code or get_language() or settings.LANGUAGE_CODE
    return mark_safe("") if code == "zh-hans" else mark_safe(' lang="zh-Hans"')
