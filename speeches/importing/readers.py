"""Any speech file to text for the pipeline: .txt and .md decoded, .pdf and .docx extracted.

`read_document` is where the command and the browser meet: both hand it a file name and its bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext_lazy as _

from . import pdf, word
from .errors import ImportRefused
from .text import decode_speech_bytes

MAX_FILE_BYTES = 5 * 1024 * 1024
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


def read_document(name: str, data: bytes) -> Document:
    """The text of a speech file, by the kind its name says; ImportRefused for what cannot be read."""
    suffix = check_suffix(name)
    check_size(len(data))
    if not data:
        raise ImportRefused(_("the file is empty"))
    if suffix == ".pdf":
        if not data.startswith(b"%PDF"):
            raise ImportRefused(_("the file is not a PDF (it does not start as one)"))
        extracted = pdf.extract_text(data)
        return Document(extracted.text, extracted.dropped, extracted.seams)
    if suffix == ".docx":
        return Document(word.extract_text(data))
    return Document(decode_speech_bytes(data))
