"""PDF to text: paragraphs recovered from the positions of the lines of a PDF's text layer.

A speech printed to PDF (news sites, party-building portals, an office's study notice) wraps its
paragraphs at the right margin and marks where one begins by a first-line indent. pdfminer.six gives
each text line with its box; from those:

- running headers and footers are lines at the top or bottom of the page that repeat on other pages
  (digits aside), or that are only a page number (— 3 —, 第3页, 3/12); they are dropped and reported;
- a paragraph starts at an indented line, after a line that ends short of the right margin, or
  after a wider space between lines than the page's usual line spacing;
- a paragraph that goes on at the top of the next page is joined without a space between Chinese
  characters, and the join is reported (`Extracted.seams`) for the preview to flag.

The result is text with one paragraph a line, for the text pipeline (`pipeline.parse_speech`) to read
the title, speaker, date and source note as it does for any text.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .errors import ImportRefused
from .text import join_wrapped

# CJK Radicals Supplement forms some fonts map their ideographs to (⻛ for 风); Kangxi radicals (⼤ for 大)
# have compatibility decompositions and are folded by NFKC.
_RADICALS = str.maketrans(
    "⺠⻛⻓⻔⻢⻥⻅⻆⻋⻉⻄⻘⻝⻩⻚⻬⻜⻰⻳⻮⻙⻤⻦⺟⻨⻧⻪⺁⺇⻊⺮",
    "民风长门马鱼见角车贝西青食黄页齐飞龙龟齿韦鬼鸟母麦卤黾厂几足竹",
)
_KANGXI = re.compile("[\u2f00-\u2fdf]")

# A line that is only a page number: 3, - 3 -, — 3 —, 第3页, 第 3 页 共 12 页, 3/12, Page 3.
_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+(?:\s*/\s*\d+)?|page\s*\d+)[-—–－\s]*$", re.I
)
# Top and bottom bands of the page where running headers and footers stand, as a share of its height.
MARGIN_BAND = 0.12


@dataclass(frozen=True)
class Line:
    page: int
    x0: float
    x1: float
    top: float  # distance from the top of the page
    text: str


@dataclass
class Extracted:
    """Text for the pipeline (one paragraph a line), what was dropped, and where pages were joined."""

    text: str
    dropped: list[str]
    seams: list[str]


def _normalise(text: str) -> str:
    text = _KANGXI.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
    return text.translate(_RADICALS).strip()


def read_lines(data: bytes) -> tuple[list[Line], list[float]]:
    """The text lines of every page, top to bottom, and each page's height; refusals for what cannot be read."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns about every odd font descriptor
    lines: list[Line] = []
    heights: list[float] = []

    def walk(item, page: int, height: float) -> None:
        if isinstance(item, LTTextLine):
            text = _normalise(item.get_text())
            if text:
                lines.append(Line(page, item.x0, item.x1, height - item.y1, text))
        elif hasattr(item, "__iter__"):
            for child in item:
                walk(child, page, height)

    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams())):
            heights.append(page.height)
            before = len(lines)
            walk(page, number, page.height)
            lines[before:] = sorted(lines[before:], key=lambda line: (round(line.top), line.x0))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportRefused("the PDF is encrypted; save an unprotected copy and upload that") from None
    except ImportRefused:
        raise
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds of errors on a damaged file
        raise ImportRefused("the PDF cannot be read (the file is damaged or not a PDF)") from None
    if not heights:
        raise ImportRefused("the PDF has no pages")
    if not lines:
        raise ImportRefused(
            "the PDF has no text layer (a scan?): text cannot be read from images; upload a PDF with text, "
            "a Word file or paste the text"
        )
    return lines, heights


def _running(lines: list[Line], heights: list[float]) -> set[int]:
    """Indexes of running headers, footers and page numbers."""
    pages = len(heights)

    def in_band(line: Line) -> bool:
        height = heights[line.page]
        return line.top < MARGIN_BAND * height or line.top > (1 - MARGIN_BAND) * height

    def key(line: Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text), round(line.top / 4)

    seen = Counter(key(line) for line in lines if in_band(line))
    return {
        index
        for index, line in enumerate(lines)
        if in_band(line) and (_PAGE_NUMBER.match(line.text) or (pages >= 2 and seen[key(line)] >= 2))
    }


def extract_text(data: bytes) -> Extracted:
    """Paragraphs of a PDF's text layer, one a line, with the dropped lines and the page seams."""
    return recover(*read_lines(data))


def recover(lines: list[Line], heights: list[float]) -> Extracted:
    """Paragraphs from positioned lines: headers and footers dropped, lines joined at indents and line ends."""
    running = _running(lines, heights)
    dropped = list(dict.fromkeys(lines[index].text for index in sorted(running)))
    body = [line for index, line in enumerate(lines) if index not in running]
    if not body:
        raise ImportRefused("the PDF has no text besides its headers and page numbers")
    left = Counter(round(line.x0) for line in body).most_common(1)[0][0]
    right = max(Counter(round(line.x1) for line in body).most_common(3))[0]
    # The width of a character: the median over lines that fill the measure.
    full = [line for line in body if abs(line.x1 - right) < 2 and len(line.text) > 5]
    char = statistics.median((line.x1 - line.x0) / len(line.text) for line in full) if full else 10.0
    # The usual distance between lines of a page: paragraphs set apart by space instead of an indent.
    steps = [b.top - a.top for a, b in zip(body, body[1:], strict=False) if a.page == b.page and b.top > a.top]
    pitch = statistics.median(steps) if steps else 0.0

    paragraphs: list[list[str]] = []
    seams: list[str] = []
    previous: Line | None = None
    for line in body:
        indented = line.x0 > left + 0.8 * char
        ended = previous is None or previous.x1 < right - 1.5 * char
        spaced = previous is not None and previous.page == line.page and line.top - previous.top > 1.6 * pitch
        if indented or ended or spaced:
            paragraphs.append([line.text])
        else:
            if previous.page != line.page:
                before = paragraphs[-1][-1]
                seams.append(join_wrapped([before[-8:], line.text[:8]]))
            paragraphs[-1].append(line.text)
        previous = line
    text = "\n\n".join(join_wrapped(paragraph) for paragraph in paragraphs)
    return Extracted(text=text, dropped=dropped, seams=seams)
