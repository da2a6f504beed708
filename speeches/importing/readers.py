"""Any speech file to text for the pipeline: .txt and .md decoded, .pdf and .docx extracted.

`read_document` is where the command and the browser meet: both hand it a file name and its bytes. Every text
leaves it cleaned (`speeches.text_input.clean_text`), and within the budgets: a PDF or Word file is read in a child
process with CPU, memory and time limits (`limits.run_limited`), a text of more lines than a speech can have is
refused before the pipeline sees it (`check_lines`, also for pasted text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext_lazy as _

from ..text_input import clean_text
from . import pdf, word
from .errors import ImportRefused
from .limits import run_limited
from .text import decode_speech_bytes

MAX_FILE_BYTES = 5 * 1024 * 1024
# What can be published is 900 paragraphs and headings (speeches.forms.MAX_BLOCKS); text hard-wrapped at ten
# lines a paragraph fits in this many lines. The pipeline reads them in a fraction of a second.
MAX_TEXT_LINES = 9_000
TOO_MANY_LINES = _("the text has more than %(limit)d lines; a speech that long cannot be published")
TEXT_SUFFIXES = (".txt", ".md")
SPEECH_FILE_SUFFIXES = (*TEXT_SUFFIXES, ".pdf", ".docx")


@dataclass
class Document:
    """A file's text, with what the reader dropped (PDF headers, page numbers) and where it joined pages."""

    text: str
    dropped: list[str] = field(default_factory=list)
    seams: list[str] = field(default_factory=list)


def check_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            _("the file is %(size).1f MB, over the %(limit)s MB limit"),
            params={"size": size / 1024 / 1024, "limit": MAX_FILE_BYTES // 1024 // 1024},
        )


def check_suffix(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in SPEECH_FILE_SUFFIXES:
        raise ImportRefused(
            _("not a speech file: the name must end in %(suffixes)s"),
            params={"suffixes": ", ".join(SPEECH_FILE_SUFFIXES)},
        )
    return suffix


def check_lines(text: str) -> None:
    """Refuse a text of more non-blank lines than MAX_TEXT_LINES, counting no further than the limit."""
    lines = 0
    start = 0
    while lines <= MAX_TEXT_LINES:
        end = text.find("\n", start)
        if text[start : len(text) if end == -1 else end].strip():
            lines += 1
        if end == -1:
            return
        start = end + 1
    raise ImportRefused(TOO_MANY_LINES, code="too-many-lines", params={"limit": MAX_TEXT_LINES})


def read_document(name: str, data: bytes) -> Document:
    """The text of a speech file, by the kind its name says; ImportRefused for what cannot be read."""
    suffix = check_suffix(name)
    check_size(len(data))
    if not data:
        raise ImportRefused(_("the file is empty"))
    if suffix == ".pdf":
        if not data.startswith(b"%PDF"):
            raise ImportRefused(_("the file is not a PDF (it does not start as one)"))
        extracted = run_limited(pdf.extract_text, data)
        document = Document(extracted.text, extracted.dropped, extracted.seams)
    elif suffix == ".docx":
        document = Document(run_limited(word.extract_text, data))
    else:
        document = Document(decode_speech_bytes(data))
    document.text = clean_text(document.text)
    document.dropped = [clean_text(line, multiline=False) for line in document.dropped]
    check_lines(document.text)
    return document
