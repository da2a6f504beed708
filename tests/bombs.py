"""The three small files that each held a web worker for gunicorn's whole timeout (issue 23), made in code.

- `many_pages_pdf`: a PDF of 2,000 pages, each of 40 lines of text (about 140 KB);
- `inflating_pdf`: a PDF whose one page's content inflates to 21 MB of text operators (about 60 KB);
- `unpacking_docx`: a Word file whose document.xml unpacks to 45 MB of paragraphs (about 170 KB).

Used by tests/test_parsing_budgets.py and bench/bombs_bench.py.
"""

from __future__ import annotations

import io
import zipfile
import zlib


def _pdf(pages: list[bytes], *, compress: bool = False) -> bytes:
    """A PDF with a page per content stream in `pages` (pages with the same content share one stream object),
    Helvetica as the font, and a correct xref table."""
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects.append(b"<< /Font << /F1 3 0 R >> >>")
    streams: dict[bytes, int] = {}
    kids = []
    for content in pages:
        if content not in streams:
            packed = zlib.compress(content, 9) if compress else content
            flate = b" /Filter /FlateDecode" if compress else b""
            objects.append(f"<< /Length {len(packed)}".encode() + flate + b" >>\nstream\n" + packed + b"\nendstream")
            streams[content] = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /Contents {streams[content]} 0 R >>".encode())
        kids.append(f"{len(objects)} 0 R")
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = (
        f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} /MediaBox [0 0 595 842] /Resources 4 0 R >>"
    ).encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def many_pages_pdf(pages: int = 2000) -> bytes:
    lines = b"".join(
        b"0 -14 Td (We study the speech together, line by line, and write our notes.) Tj\n" for _ in range(40)
    )
    return _pdf([b"BT /F1 11 Tf 72 800 Td\n" + lines + b"ET" for _ in range(pages)], compress=True)


def inflating_pdf(inflated_bytes: int = 21 * 1024 * 1024) -> bytes:
    line = b"BT /F1 12 Tf 72 720 Td (aaaaaaaaaaaaaaaaaaaa) Tj ET\n"
    return _pdf([line * (inflated_bytes // len(line))], compress=True)


def unpacking_docx(unpacked_bytes: int = 45 * 1024 * 1024) -> bytes:
    """A real Word file (python-docx) whose document.xml is replaced by `unpacked_bytes` of paragraphs."""
    import docx

    small = io.BytesIO()
    docx.Document().save(small)
    paragraph = "<w:p><w:r><w:t>学习</w:t></w:r></w:p>".encode()
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    tail = b"</w:body></w:document>"
    body = head + paragraph * ((unpacked_bytes - len(head) - len(tail)) // len(paragraph)) + tail
    out = io.BytesIO()
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = body if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item.filename, data)
    return out.getvalue()
