"""PDF to text: paragraphs recovered from the positions of the lines of a PDF's text layer.

A speech printed to PDF (news sites, party-building portals, an office's study notice) wraps its
paragraphs at the right margin and marks where one begins by a first-line indent. pdfminer.six gives
each text line with its box; from those:

- running headers and footers are lines at the top or bottom of the page that repeat on other pages
  (digits aside), or that are only a page number (— 3 —, 第3页, 3/12); they are dropped and reported;
- a paragraph starts at an indented line, or after a wider space between lines than the page's
  usual line spacing; where paragraphs are not indented, after a line that ends short of the
  right margin (see `recover` for ragged, unjustified text);
- a paragraph that goes on at the top of the next page is joined without a space between Chinese
  characters, and the join is reported (`Extracted.seams`) for the preview to flag.

The result is text with one paragraph a line, for the text pipeline (`pipeline.parse_speech`) to read
the title, speaker, date and source note as it does for any text.

Before any page is laid out, the document is held to its budgets (`check_budget`): at most MAX_PAGES pages,
counted from the page tree, and at most MAX_CONTENT_BYTES of page content once inflated, measured by
inflating at most that much. `readers` runs all of it in a child process with CPU, memory and time limits
(`limits.run_limited`), for what the budgets cannot see.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .errors import ImportRefused
from .text import ends_sentence, join_wrapped

# A speech is a few dozen pages; 300 leaves room for a report with its annexes.
MAX_PAGES = 300
# Page content (the drawing operators, text included) once inflated: about 0.1 MB a page for a speech printed by
# Chromium. A few KB of a compressed stream can inflate to hundreds of MB.
MAX_CONTENT_BYTES = 16 * 1024 * 1024
TOO_MANY_PAGES = _("the PDF has more than %(limit)d pages")
TOO_MUCH_CONTENT = _("the PDF's pages unpack to more than %(limit)d MB")

# Fonts map some ideographs to look-alike code points, and pdfminer reads those back: Kangxi radicals
# (⼤ for 大) have compatibility decompositions and are folded by NFKC; the CJK Radicals Supplement forms
# (⻛ for 风, ⻣ for 骨), glyphs shared by two code points (戶 户, ― —) and the two- and three-em
# dashes (⸺ for ——, a ligature) are mapped here.
_LOOK_ALIKES = str.maketrans(
    {
        **dict(
            zip(
                "⺁⺇⺌⺍⺖⺗⺝⺟⺠⺢⺩⺪⺮⺯⺰⺶⺺⺼⺾⻁⻂⻃⻄⻅⻆⻈⻉⻊⻋⻍⻎⻏⻐⻑⻓⻔⻖⻘⻙⻚⻛⻜⻝⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
                "厂几小小忄心月母民水王疋竹糸纟羊聿肉艹虎衤覀西见角讠贝足车辶辶阝钅長长门阝青韦页风飞食饣马骨鬼鱼鸟卤麦黄黾齐齿龙龟",
                strict=True,
            )
        ),
        "戶": "户",  # one glyph in Noto CJK SC; a PDF's ToUnicode map can name either
        "\u2015": "\u2014",  # ― and — share a glyph in CJK fonts; Chinese text writes the dash —
        "\u2e3a": "\u2014\u2014",
        "\u2e3b": "\u2014\u2014\u2014",
    }
)
# Kangxi radicals and the Latin ligatures (ﬁ, ﬂ) of the fonts, folded by NFKC.
_KANGXI = re.compile("[\u2f00-\u2fdf\ufb00-\ufb06]")

# A line that is only a page number: 3, - 3 -, — 3 —, 第3页, 第 3 页 共 12 页, 3/12, Page 3.
_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+(?:\s*/\s*\d+)?|page\s*\d+)[-—–－\s]*$", re.I
)
# What ends a sentence for good (a closing quote may be followed by more of it).
FULL_STOPS = ("。", "！", "？", "!", "?", "；", "…")
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
    # NFC folds what has a canonical equivalent (〈 U+2329 → 〈 U+3008, compatibility ideographs).
    text = unicodedata.normalize("NFC", text)
    text = _KANGXI.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
    return text.translate(_LOOK_ALIKES).strip()


def _inflated_size(data: bytes, limit: int) -> int:
    """How many bytes `data` inflates to, counting no further than just past `limit`."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        while data and size <= limit:
            size += len(inflater.decompress(data, 1024 * 1024))
            data = inflater.unconsumed_tail
    except zlib.error:  # damaged: pdfminer salvages what it can, and that is at most what was inflated so far
        pass
    return size


def _content_size(stream, limit: int) -> int:
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    if not isinstance(stream, PDFStream):
        return 0
    filters = stream.get_filters()
    if stream.rawdata is not None and filters and filters[0][0] in LITERALS_FLATE_DECODE:
        raw = stream.rawdata
        if stream.decipher:
            raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)
        return _inflated_size(raw, limit)
    return len(stream.get_data() or b"")  # other filters are rare in page content; the child's memory limit holds


def check_budget(document) -> None:
    """Refuse a document of more than MAX_PAGES pages or MAX_CONTENT_BYTES of page content, before reading a page."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    content = 0
    for number, page in enumerate(PDFPage.create_pages(document), start=1):
        if number > MAX_PAGES:
            raise ImportRefused(TOO_MANY_PAGES, code="too-many-pages", params={"limit": MAX_PAGES})
        for stream in page.contents:
            content += _content_size(resolve1(stream), MAX_CONTENT_BYTES - content)
            if content > MAX_CONTENT_BYTES:
                raise ImportRefused(
                    TOO_MUCH_CONTENT, code="too-much-content", params={"limit": MAX_CONTENT_BYTES // 1024 // 1024}
                )


def read_lines(data: bytes) -> tuple[list[Line], list[float]]:
    """The text lines of every page, top to bottom, and each page's height; refusals for what cannot be read."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTTextLine
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

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
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        check_budget(document)
        resources = PDFResourceManager()
        device = PDFPageAggregator(resources, laparams=LAParams())
        interpreter = PDFPageInterpreter(resources, device)
        for number, pdf_page in enumerate(PDFPage.create_pages(document)):
            interpreter.process_page(pdf_page)
            page = device.get_result()
            heights.append(page.height)
            before = len(lines)
            walk(page, number, page.height)
            lines[before:] = sorted(lines[before:], key=lambda line: (round(line.top), line.x0))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportRefused(_("the PDF is encrypted; save an unprotected copy and upload that")) from None
    except (ImportRefused, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds of errors on a damaged file
        raise ImportRefused(_("the PDF cannot be read (the file is damaged or not a PDF)")) from None
    if not heights:
        raise ImportRefused(_("the PDF has no pages"))
    if not lines:
        raise ImportRefused(
            _(
                "the PDF has no text layer (a scan?): text cannot be read from images; upload a PDF with text, "
                "a Word file or paste the text"
            )
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
        raise ImportRefused(_("the PDF has no text besides its headers and page numbers"))
    # The left margin: the leftmost start that recurs (where most lines of a paragraph start; a speech of
    # short paragraphs can have more indented first lines than continuation lines).
    starts = Counter(round(line.x0) for line in body)
    left = min((x for x, count in starts.items() if count >= 2), default=min(starts))
    right = max(Counter(round(line.x1) for line in body).most_common(3))[0]
    # The width of a character: the median over lines that fill the measure.
    full = [line for line in body if abs(line.x1 - right) < 2 and len(line.text) > 5]
    char = statistics.median((line.x1 - line.x0) / len(line.text) for line in full) if full else 10.0
    # The usual distance between lines of a page: paragraphs set apart by space instead of an indent.
    steps = [b.top - a.top for a, b in zip(body, body[1:], strict=False) if a.page == b.page and b.top > a.top]
    pitch = statistics.median(steps) if steps else 0.0

    def short(line: Line, chars: float) -> bool:
        return line.x1 < right - chars * char

    # Where paragraphs start with an indent, the indent is the sign: a line of ragged (unjustified)
    # text can end a few characters short inside a paragraph (before “3+2” or 2013年, which do not
    # break). Then a line ends a paragraph only when it ends a sentence and stops before the middle
    # of the measure, or when the line after it stands alone (a heading set flush left: short,
    # with no full stop, and followed by an indented line).
    uses_indents = sum(1 for line in body if line.x0 > left + 0.8 * char) >= 2
    middle = left + 0.6 * (right - left)
    paragraphs: list[list[str]] = []
    seams: list[str] = []
    previous: Line | None = None
    for index, line in enumerate(body):
        indented = line.x0 > left + 0.8 * char
        if previous is None:
            ended = True
        elif uses_indents:
            following = body[index + 1] if index + 1 < len(body) else None
            alone = (
                short(line, 1.5)
                and not ends_sentence(line.text)
                and (following is None or following.x0 > left + 0.8 * char)
            )
            ended = previous.text.endswith(FULL_STOPS) and (previous.x1 < middle or alone)
        else:
            ended = short(previous, 1.5 if ends_sentence(previous.text) else 4)
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
