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
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .errors import ImportRefused
from .text import ends_sentence, join_wrapped

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
        raise ImportRefused(_("the PDF is encrypted; save an unprotected copy and upload that")) from None
    except ImportRefused:
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
