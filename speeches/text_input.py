"""The one door every text passes on its way in: files, pasted text, titles, speakers, notes, group names, usernames.

`clean_text` takes out what no reader should get from another: control characters (the C0 and C1 sets and DEL:
an ESC can rewrite a terminal that prints an export, a NUL truncates text in some tools) and the bidirectional
overrides and isolates (U+202A–U+202E, U+2066–U+2069), which turn text around on screen so that a name or a
note reads otherwise than it is stored. Newline and tab stay in text of several lines; line ends of every kind
become "\\n" (a browser sends a textarea's lines with CRLF). What is refused rather than cleaned (usernames) is
refused because `clean_text` would change it.

It lives in `speeches`, which imports no other app, so that every app can use it: annotations and accounts
import it from here.
"""

from __future__ import annotations

import re

from django import forms

# Bidirectional embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Line separators a pasted text can carry: CRLF and CR, vertical tab and form feed (a page break in text
# extracted from a PDF, a Shift+Enter copied out of Word), NEL and the Unicode line and paragraph separators.
_LINE_ENDS = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Every other control character (C0 but tab and newline, DEL, C1) and the bidirectional controls.
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_SINGLE_LINE = re.compile("[\n\t]")


def clean_text(text: str, *, multiline: bool = True) -> str:
    """`text` without control characters and bidirectional controls; one line when not `multiline`.

    In text of several lines every kind of line end becomes "\\n" and tabs stay; in a single line (a title,
    a name) line ends and tabs become spaces.
    """
    text = _LINE_ENDS.sub("\n", text)
    text = _UNSAFE.sub("", text)
    return text if multiline else _SINGLE_LINE.sub(" ", text)


def is_clean(text: str, *, multiline: bool = True) -> bool:
    """Whether `clean_text` leaves `text` as it is (for what is refused rather than cleaned)."""
    return clean_text(text, multiline=multiline) == text


class CleanCharField(forms.CharField):
    """A form's text field that lets only cleaned text in: several lines with a Textarea, else one."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        cleaned = clean_text(value, multiline=isinstance(self.widget, forms.Textarea))
        return cleaned.strip() if self.strip else cleaned
