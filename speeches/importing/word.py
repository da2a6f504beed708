"""Word (.docx) to text: one paragraph per Word paragraph, read with python-docx.

Empty paragraphs (the blank lines offices put between paragraphs) are skipped; the first-line indent is
a paragraph property, not text, so nothing of it reaches the text. A line break inside a Word
paragraph (Shift+Enter) is a wrap, not a new paragraph.

A .docx is a zip, and its directory says what each part unpacks to (Python's zipfile stops at that size, so the
directory cannot lie about it): the budgets are checked there, before a part is read. `readers` runs the
reading in a child process with CPU, memory and time limits (`limits.run_limited`).
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext_lazy as _

from .errors import ImportRefused
from .text import join_wrapped

# A .docx is a zip: refuse one whose parts would unpack to more than this (a zip bomb). Pictures count here.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# The XML that lxml parses (the document, its styles and relations): a long speech is 1–3 MB of it.
MAX_XML_BYTES = 10 * 1024 * 1024
# Parts of the package: a document written by Word or WPS has 10 to 30, a few hundred with many pictures.
MAX_PARTS = 500
TOO_MANY_PARTS = _("the Word file has %(parts)d parts, more than the %(limit)d a document has")
TOO_MUCH_XML = _("the Word file's text unpacks to %(size)d MB, over the %(limit)d MB limit")


def check_budget(archive: zipfile.ZipFile) -> None:
    """Refuse a package of too many parts, or whose parts or XML unpack to too much, from its directory alone."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise ImportRefused(TOO_MANY_PARTS, code="too-many-parts", params={"parts": len(parts), "limit": MAX_PARTS})
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise ImportRefused(
            _("the Word file unpacks to more than %(limit)s MB; it cannot be a speech"),
            params={"limit": MAX_UNPACKED_BYTES // 1024 // 1024},
        )
    xml = sum(part.file_size for part in parts if part.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        raise ImportRefused(
            TOO_MUCH_XML,
            code="too-much-xml",
            params={"size": xml // 1024 // 1024, "limit": MAX_XML_BYTES // 1024 // 1024},
        )


def extract_text(data: bytes) -> str:
    """The document's non-empty paragraphs, one a line, blank lines between."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_budget(archive)
    except zipfile.BadZipFile:
        raise ImportRefused(
            _("the Word file cannot be read (it is damaged, or an old .doc: save it as .docx)")
        ) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise ImportRefused(_("the Word file cannot be read (it is damaged or not a .docx)")) from None
    except MemoryError:
        raise  # over the reading's memory limit (limits.run_limited): refused as too big, not as damaged
    except Exception:  # noqa: BLE001 - lxml and python-docx raise many kinds of errors on a damaged file
        raise ImportRefused(_("the Word file cannot be read (it is damaged or not a .docx)")) from None
    paragraphs = [join_wrapped(paragraph.text.split("\n")) for paragraph in document.paragraphs]
    paragraphs = [text for text in paragraphs if text]
    if not paragraphs:
        raise ImportRefused(_("the Word file has no text"))
    return "\n\n".join(paragraphs)
