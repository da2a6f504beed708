"""The comparison page's view model: rows of paired paragraphs, same paragraphs folded, the notes beside.

On a desktop a row is two cells side by side, A's and B's, so the two columns stay paired as one scrolls; on
a phone the stylesheet stacks a row and shows B's text with A's changes inline (inline.html_of_b), A's text
only where B has none. Runs of same paragraphs fold into one row ("12 段相同"); between unrelated speeches
so do runs of removed and of added ones, so that the few pairs found are what the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString

from . import inline
from .align import ADDED, CHANGED, HEADING, MOVED, REMOVED, SAME, Unit
from .comparison import ComparedPair, Comparison
from .versions import ComparedNotes, ShownNote


@dataclass(frozen=True)
class Cell:
    """One side of a row: a paragraph (or heading) of one speech, marked, with its notes."""

    side: str  # "a" or "b"
    heading: bool
    number: int
    url: str
    html: SafeString
    notes: tuple[ShownNote, ...]


@dataclass(frozen=True)
class Row:
    kind: str
    heading: bool
    a: Cell | None
    b: Cell | None
    similarity: float

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)

    @property
    def notes(self) -> tuple[ShownNote, ...]:
        """Both sides' notes, for a same paragraph shown once."""
        return (self.a.notes if self.a else ()) + (self.b.notes if self.b else ())

    is_fold = False


@dataclass(frozen=True)
class Fold:
    """Consecutive rows of one kind, folded: "12 段相同". Between unrelated speeches a run of paragraphs on one
    side only is told by its count and a link to its speech, without rows: there is nothing to compare."""

    kind: str
    count: int
    rows: tuple[Row, ...] = ()
    url: str = ""

    is_fold = True


def _anchor_url(speech_url: str, unit: Unit) -> str:
    return f"{speech_url}#{'s' if unit.kind == HEADING else 'p'}{unit.number}"


def _cell(side: str, speech_url: str, unit: Unit, html: SafeString, notes: dict[int, list[ShownNote]]) -> Cell:
    heading = unit.kind == HEADING
    shown = () if heading else tuple(notes.get(unit.number, ()))
    return Cell(side, heading, unit.number, _anchor_url(speech_url, unit), html, shown)


def row_of(pair: ComparedPair, urls: tuple[str, str], notes: ComparedNotes) -> Row:
    """A pair as the page shows it; `urls` are the two speeches' pages (reversed once for all rows)."""
    html_a = html_b = None
    if pair.kind in (CHANGED, MOVED):
        html_a, html_b = inline.html_of_a(pair.pieces), inline.html_of_b(pair.pieces)
    a = b = None
    if pair.a:
        a = _cell("a", urls[0], pair.a, html_a or escape(pair.a.text), notes.on_a)
    if pair.b:
        b = _cell("b", urls[1], pair.b, html_b or escape(pair.b.text), notes.on_b)
    return Row(pair.kind, pair.is_heading, a, b, pair.similarity)


def blocks(compared: Comparison, notes: ComparedNotes) -> list[Row | Fold]:
    """The page's rows in reading order, runs of same paragraphs folded; between unrelated speeches, runs of
    removed and added ones told by their count."""
    urls = tuple(reverse("reading:speech_detail", args=[side.slug]) for side in (compared.a, compared.b))
    told = set() if compared.related else {REMOVED, ADDED}
    found: list[Row | Fold] = []
    run: list[ComparedPair] = []

    def close_run() -> None:
        if not run:
            return
        kind, count = run[0].kind, sum(1 for pair in run if not pair.is_heading)
        if kind in told:
            found.append(Fold(kind, count, url=urls[0] if kind == REMOVED else urls[1]))
        else:
            found.append(Fold(kind, count, tuple(row_of(pair, urls, notes) for pair in run)))
        run.clear()

    for pair in compared.pairs:
        if (pair.kind == SAME and not pair.is_heading) or pair.kind in told:
            if run and run[0].kind != pair.kind:
                close_run()
            run.append(pair)
            continue
        close_run()
        found.append(row_of(pair, urls, notes))
    close_run()
    return found
