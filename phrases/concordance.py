"""A phrase in context (KWIC): every occurrence as left context | phrase | right context.

Contexts are about CONTEXT_CHARS characters each side, never beyond the paragraph. Sorting by the
word before or after uses jieba's words (`search.words`, the search's own word cutting) on the
clause next to the phrase: the last word of the clause before it, the first word of the clause after
it; an occurrence with punctuation right beside it sorts first. Words compare by code point; equal
words keep the library's date order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from core.spreadsheet import csv_text
from speeches import search
from speeches.caching import RevisionCache
from speeches.models import Heading, Paragraph
from speeches.phrase_stats import PhraseLibrary, PhraseStats

CONTEXT_CHARS = 20
PER_PAGE = 50
SORTS = ("date", "before", "after")
WORD_WINDOW = 8  # characters cut into words next to the phrase: enough for the word beside it
CLAUSE_MARKS = frozenset("。，、；：！？,.;:!?（）()“”‘’《》\"' \u3000")


@dataclass(frozen=True)
class Line:
    """One occurrence: its place, and the texts as printed (unfolded)."""

    position: int
    speech_slug: str
    speech_title: str
    date: object
    number: int
    left: str
    match: str
    right: str
    left_cut: bool  # the paragraph goes on beyond the context shown
    right_cut: bool
    anchor: str = ""  # p<N>, or s<N> in a section heading

    @property
    def heading(self) -> bool:
        return self.anchor.startswith("s")

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("reading:speech_detail", args=[self.speech_slug]) + f"#{self.anchor or f'p{self.number}'}"


def _texts(lib: PhraseLibrary, stats: PhraseStats, indexes: list[int]) -> dict[int, str]:
    """The texts as written of the paragraphs (and headings) of these occurrences, by library index (a query each)."""
    paragraphs = sorted({int(stats.paragraph_of[index]) for index in indexes})
    ids = [int(lib.paragraph_ids[paragraph]) for paragraph in paragraphs]
    by_id = Paragraph.objects.in_bulk([pk for pk in ids if pk > 0])
    by_id |= {-pk: heading for pk, heading in Heading.objects.in_bulk([-pk for pk in ids if pk < 0]).items()}
    texts = {}
    for paragraph in paragraphs:
        found = by_id.get(int(lib.paragraph_ids[paragraph]))
        start = int(lib.starts[paragraph])
        folded = lib.text(start, start + int(lib.lengths[paragraph]))
        # Changed since the library was read (an import right now): show the folded text it counted.
        texts[paragraph] = found.text if found is not None and len(found.text) == len(folded) else folded
    return texts


def _line(lib: PhraseLibrary, stats: PhraseStats, index: int, texts: dict[int, str]) -> Line:
    paragraph = int(stats.paragraph_of[index])
    text = texts[paragraph]
    position = int(stats.positions[index]) - int(lib.starts[paragraph])
    after = position + len(stats.phrase)
    left_from, right_to = max(0, position - CONTEXT_CHARS), min(len(text), after + CONTEXT_CHARS)
    speech = lib.speeches[int(lib.speech_of[paragraph])]
    return Line(
        position=int(stats.positions[index]),
        speech_slug=speech.slug,
        speech_title=speech.title,
        date=speech.date,
        number=int(lib.numbers[paragraph]),
        left=text[left_from:position],
        match=text[position:after],
        right=text[after:right_to],
        left_cut=left_from > 0,
        right_cut=right_to < len(text),
        anchor=lib.anchor(paragraph),
    )


def _clause_before(lib: PhraseLibrary, stats: PhraseStats, index: int) -> str:
    """Up to WORD_WINDOW characters before an occurrence, back to the nearest punctuation."""
    position = int(stats.positions[index])
    start = int(lib.starts[int(stats.paragraph_of[index])])
    window = lib.text(max(start, position - WORD_WINDOW), position)
    cut = len(window)
    while cut and window[cut - 1] not in CLAUSE_MARKS:
        cut -= 1
    return window[cut:]


def _clause_after(lib: PhraseLibrary, stats: PhraseStats, index: int) -> str:
    """Up to WORD_WINDOW characters after an occurrence, up to the nearest punctuation."""
    after = int(stats.positions[index]) + len(stats.phrase)
    paragraph = int(stats.paragraph_of[index])
    end = int(lib.starts[paragraph] + lib.lengths[paragraph])
    window = lib.text(after, min(end, after + WORD_WINDOW))
    cut = 0
    while cut < len(window) and window[cut] not in CLAUSE_MARKS:
        cut += 1
    return window[:cut]


def _last_word(clause: str) -> str:
    found = search.words(clause) if clause else []
    return found[-1] if found else ""


def _first_word(clause: str) -> str:
    found = search.words(clause) if clause else []
    return found[0] if found else ""


_orders: RevisionCache[list[int]] = RevisionCache("concordance orders", maxsize=32)  # one sorts, then pages


def order(lib: PhraseLibrary, stats: PhraseStats, sort: str) -> Sequence[int]:
    """Indexes of the occurrences in the order asked for (date: the library's order).

    Each distinct clause is cut into words once; an order is kept per process for the library's revision.
    """
    count = stats.occurrences
    if sort not in ("before", "after"):
        return range(count)

    def sorted_order() -> list[int]:
        clause_of, word_of = (_clause_before, _last_word) if sort == "before" else (_clause_after, _first_word)
        words: dict[str, str] = {}
        keys = []
        for index in range(count):
            clause = clause_of(lib, stats, index)
            if clause not in words:
                words[clause] = word_of(clause)
            keys.append(words[clause])
        return sorted(range(count), key=keys.__getitem__)  # stable: equal words keep date order

    return _orders.get((stats.phrase, sort), sorted_order, revision_number=lib.version)


def page(lib: PhraseLibrary, stats: PhraseStats, sort: str, number) -> Page:
    """One page of the concordance, its lines built (Django's pager: a page past the end shows the last one)."""
    shown = Paginator(order(lib, stats, sort), PER_PAGE).get_page(number)
    texts = _texts(lib, stats, list(shown.object_list))
    shown.object_list = [_line(lib, stats, index, texts) for index in shown.object_list]
    return shown


def as_csv(lib: PhraseLibrary, stats: PhraseStats, sort: str, absolute) -> str:
    """Every occurrence, one row each, in the order asked for (see core.spreadsheet)."""
    indexes = order(lib, stats, sort)
    texts = _texts(lib, stats, indexes)
    header = ["date", "speech", "title", "paragraph", "left", "phrase", "right", "url"]
    return csv_text(header, _csv_rows(lib, stats, indexes, texts, absolute))


def _csv_rows(lib: PhraseLibrary, stats: PhraseStats, indexes, texts, absolute):
    for index in indexes:
        line = _line(lib, stats, index, texts)
        yield [
            line.date.isoformat() if line.date else "",
            line.speech_slug,
            line.speech_title,
            line.number,
            line.left,
            line.match,
            line.right,
            absolute(line.url),
        ]
