"""Word (.docx) to text: one paragraph per Word paragraph, read with python-docx.

Empty paragraphs (the blank lines offices put between paragraphs) are skipped; the first-line indent is
a paragraph property, not text, so nothing of it reaches the text. A line break inside a Word
paragraph (Shift+Enter) is a wrap, not a new paragraph.
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext_lazy as _

from .errors import ImportRefused
from .text import join_wrapped

# A .docx is a zip: refuse one whose parts would unpack to more than this (a zip bomb).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


def extract_text(data: bytes) -> str:
    """The document's non-empty paragraphs, one a line, blank lines between."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRefused(
            _("the Word file cannot be read (it is damaged, or an old .doc: save it as .docx)")
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRefused(
            _("the Word file unpacks to more than %(limit)s MB; it cannot be a speech"),
            params={"limit": MAX_UNPACKED_BYTES // 1024 // 1024},
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise ImportRefused(_("the Word file cannot be read (it is damaged or not a .docx)")) from None
    except Exception:  # noqa: BLE001 - lxml and python-docx raise many kinds of errors on a damaged file
        raise ImportRefused(_("the Word file cannot be read (it is damaged or not a .docx)")) from None
    paragraphs = [join_wrapped(paragraph.text.split("\n")) for paragraph in document.paragraphs]
    paragraphs = [text for text in paragraphs if text]
    if not paragraphs:
        raise ImportRefused(_("the Word file has no text"))
    return "\n\n".join(paragraphs)
