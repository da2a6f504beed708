"""Bytes to lines, and the spacing rules for Chinese text.

The first steps of the import pipeline: decode what people bring (UTF-8 with or
without BOM, UTF-16 with BOM, GB18030/GBK), normalise line ends and invisible
characters, and join or clean text so that no space sits between Chinese
characters while Latin words keep theirs.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from .errors import ImportRefused

# Characters that take no space around them when text is joined: CJK ideographs,
# kana, CJK and full-width punctuation, and the quotes and dashes used in Chinese.
CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
    "\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
)
SPACE = "[ \t\u00a0\u3000\u2002\u2003]"
_SPACE_BEFORE_CJK = re.compile(f"{SPACE}+(?=[{CJK}])")
_SPACE_AFTER_CJK = re.compile(f"(?<=[{CJK}]){SPACE}+")
_SPACES = re.compile(f"{SPACE}+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
INDENT = " \t\u00a0\u3000\u2002\u2003"

# A line that ends a sentence; a hard-wrapped line usually does not.
SENTENCE_END = tuple("。！？；：…”’」』）)!?;:.")


def decode_speech_bytes(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.

    Raises ImportRefused for empty, binary or undecodable content.
    """
    if not data:
        raise ImportRefused(_("the file is empty"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportRefused(_("the file is not valid UTF-16 text")) from None
    elif b"\x00" in data:
        raise ImportRefused(_("the file is binary, not text"))
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ImportRefused(_("the file is neither UTF-8 nor GB18030/GBK text")) from None
    control = sum(1 for char in text if unicodedata.category(char) in ("Cc", "Cs", "Co") and char not in "\t\n\r\f\v")
    if control:
        raise ImportRefused(_("the file is binary, not text (it contains control characters)"))
    if not text.strip():
        raise ImportRefused(_("the file is blank"))
    return text


def text_lines(text: str) -> list[str]:
    """Split text into lines: any line end, no invisible characters, no-break spaces as spaces."""
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return text.split("\n")


def is_blank(line: str) -> bool:
    return not line.strip(INDENT + "\f\v")


def ends_sentence(line: str) -> bool:
    return line.rstrip(INDENT).endswith(SENTENCE_END)


def clean_spaces(text: str) -> str:
    """Drop the spaces PDF extraction leaves next to Chinese; keep single spaces in Latin text."""
    text = _SPACE_BEFORE_CJK.sub("", text)
    text = _SPACE_AFTER_CJK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def clean_title(text: str) -> str:
    """A title keeps one space where it had any: 顺应时代前进潮流　促进世界和平发展 has two halves."""
    return _SPACES.sub(" ", text).strip()


def join_wrapped(fragments: Iterable[str]) -> str:
    """Join hard-wrapped lines: no space between Chinese, one space between Latin words."""
    joined = ""
    for fragment in fragments:
        fragment = fragment.strip(INDENT)
        if not fragment:
            continue
        if joined and _needs_space(joined[-1], fragment[0]):
            joined += " "
        joined += fragment
    return clean_spaces(joined)


def _needs_space(before: str, after: str) -> bool:
    def ascii_alnum(char: str) -> bool:
        return char.isascii() and char.isalnum()

    return ascii_alnum(before) and ascii_alnum(after) and (before.isalpha() or after.isalpha())
