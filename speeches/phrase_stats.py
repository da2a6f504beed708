"""How often a phrase is said across the library: exact counts, per speech and per year.

Counting is exact and independent of the search index: a phrase's occurrences are the
non-overlapping matches of the folded phrase (`search.fold`) in the folded text of every
paragraph, as `str.count` counts them. To answer in milliseconds on 100,000 paragraphs, each
process holds the library in memory once (`library()`): every paragraph's folded text joined
into one string, in reading order of the speeches by date, with the offsets where paragraphs
start. It is rebuilt when the database's version key changes (paragraph count and highest id,
speech count and latest import), which a re-import, a new speech or a removed one all change.

Both the phrase page (app `phrases`) and the search page use this module, so it lives in
`speeches`, which imports neither.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from . import search
from .models import Paragraph, Speech

MAX_PHRASE_CHARS = 30
SEPARATOR = "\x00"  # between paragraphs: a phrase never holds it, so no match spans two paragraphs
PER_CHARS = 10_000  # the chart's rate: occurrences per 10,000 characters of a year's speeches


class InvalidPhrase(ValueError):
    """A phrase that cannot be counted; the message says why, for the reader."""


def normalize_phrase(raw: str) -> str:
    """The phrase as counted: folded, runs of whitespace made one space; InvalidPhrase when unusable."""
    phrase = " ".join(raw.split())
    if not phrase:
        raise InvalidPhrase(_("Give a phrase to look for."))
    if len(phrase) > MAX_PHRASE_CHARS:
        raise InvalidPhrase(
            _("A phrase can have at most %(limit)d characters; this one has %(count)d.")
            % {"limit": MAX_PHRASE_CHARS, "count": len(phrase)}
        )
    if any(unicodedata.category(ch).startswith("C") for ch in phrase):
        raise InvalidPhrase(_("A phrase cannot hold control characters."))
    if not any(ch.isalnum() for ch in phrase):
        raise InvalidPhrase(_("A phrase needs at least one character or digit, not only punctuation."))
    return search.fold(phrase)


# ---------------------------------------------------------------- the library in memory


@dataclass(frozen=True)
class SpeechRow:
    index: int
    pk: int
    slug: str
    title: str
    date: date | None
    chars: int  # characters of its paragraphs

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


@dataclass
class Library:
    version: tuple
    folded: str  # every paragraph's folded text, SEPARATOR between them
    original: str  # the same texts unfolded: fold keeps offsets, so one offset serves both
    starts: np.ndarray  # where each paragraph starts in `folded`
    lengths: np.ndarray
    numbers: np.ndarray  # paragraph numbers
    speech_of: np.ndarray  # index into `speeches` of each paragraph
    speeches: list[SpeechRow]  # by date (undated last), then slug: the paragraphs' order
    codes: np.ndarray  # `folded` as character codes (uint16 when every character fits)
    year_chars: dict[int, int] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        """Every year from the first dated speech to the last, gaps included."""
        if not self.year_chars:
            return []
        return list(range(min(self.year_chars), max(self.year_chars) + 1))


_lock = threading.Lock()
_library: Library | None = None


def _version() -> tuple:
    paragraphs = Paragraph.objects.aggregate(count=Count("id"), last=Max("id"))
    speeches = Speech.objects.aggregate(count=Count("id"), imported=Max("imported_at"))
    return (paragraphs["count"], paragraphs["last"], speeches["count"], speeches["imported"])


def library() -> Library:
    """The library as this process holds it, rebuilt when the database changed since."""
    global _library
    version = _version()
    current = _library
    if current is not None and current.version == version:
        return current
    with _lock:
        if _library is None or _library.version != version:
            _library = _build(version)
        return _library


def forget() -> None:
    """Drop the library held in memory (tests)."""
    global _library
    with _lock:
        _library = None


def _build(version: tuple) -> Library:
    rows = list(Speech.objects.values_list("pk", "slug", "title", "date"))
    rows.sort(key=lambda row: (row[3] is None, row[3] or date.min, row[1]))
    index_of = {pk: index for index, (pk, *_) in enumerate(rows)}
    paragraphs = sorted(
        Paragraph.objects.values_list("speech_id", "number", "text"), key=lambda row: (index_of[row[0]], row[1])
    )
    texts = [text.replace(SEPARATOR, " ") for _, _, text in paragraphs]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64) if len(texts) else lengths
    speech_of = np.fromiter((index_of[pk] for pk, _, _ in paragraphs), dtype=np.int64, count=len(paragraphs))
    numbers = np.fromiter((number for _, number, _ in paragraphs), dtype=np.int64, count=len(paragraphs))
    chars = np.bincount(speech_of, weights=lengths, minlength=len(rows)) if len(rows) else np.zeros(0)
    speeches = [
        SpeechRow(index, pk, slug, title, spoken, int(chars[index]))
        for index, (pk, slug, title, spoken) in enumerate(rows)
    ]
    year_chars: dict[int, int] = {}
    for speech in speeches:
        if speech.year is not None:
            year_chars[speech.year] = year_chars.get(speech.year, 0) + speech.chars
    original = SEPARATOR.join(texts)
    folded = search.fold(original)
    if not folded or max(folded) <= "\uffff":
        codes = np.frombuffer(folded.encode("utf-16-le"), dtype=np.uint16)
    else:
        codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)
    return Library(
        version=version,
        folded=folded,
        codes=codes,
        original=original,
        starts=starts,
        lengths=lengths,
        numbers=numbers,
        speech_of=speech_of,
        speeches=speeches,
        year_chars=year_chars,
    )


# ---------------------------------------------------------------- one phrase


@dataclass(frozen=True)
class Use:
    """Where a phrase is said: a speech and a paragraph of it."""

    speech: SpeechRow
    number: int

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("speech_detail", args=[self.speech.slug]) + f"#p{self.number}"


@dataclass
class SpeechCount:
    speech: SpeechRow
    occurrences: int
    paragraphs: int
    first_number: int  # the first paragraph holding it


@dataclass
class YearCount:
    year: int
    occurrences: int
    chars: int

    @property
    def rate(self) -> float:
        """Occurrences per PER_CHARS characters of the year's speeches."""
        return self.occurrences * PER_CHARS / self.chars if self.chars else 0.0


@dataclass
class PhraseStats:
    phrase: str  # folded
    positions: np.ndarray  # offsets of every occurrence in library.folded, in library order
    paragraph_of: np.ndarray  # index of the paragraph of each occurrence
    by_speech: list[SpeechCount]  # by date, as the library is ordered
    by_year: list[YearCount]  # every year of the library
    first: Use | None  # in the earliest dated speech that holds it (None if only undated ones do)
    latest: Use | None  # in the latest dated speech: its last paragraph holding it

    @property
    def occurrences(self) -> int:
        return len(self.positions)

    @property
    def paragraphs(self) -> int:
        return len(np.unique(self.paragraph_of))

    def as_json(self) -> dict:
        def use(found: Use | None) -> dict | None:
            if found is None:
                return None
            spoken = found.speech.date.isoformat() if found.speech.date else None
            return {"speech": found.speech.slug, "date": spoken, "paragraph": found.number}

        return {
            "phrase": self.phrase,
            "occurrences": self.occurrences,
            "paragraphs": self.paragraphs,
            "first": use(self.first),
            "latest": use(self.latest),
            "by_year": {str(row.year): row.occurrences for row in self.by_year},
            "by_speech": [
                {
                    "speech": row.speech.slug,
                    "date": row.speech.date.isoformat() if row.speech.date else None,
                    "occurrences": row.occurrences,
                    "paragraphs": row.paragraphs,
                }
                for row in self.by_speech
            ],
        }


def _overlaps_itself(term: str) -> bool:
    """Whether two matches of the term can overlap (哈哈 in 哈哈哈): it starts with its own end."""
    return any(term[:size] == term[-size:] for size in range(1, len(term)))


def positions_of(lib: Library, term: str) -> np.ndarray:
    """Offsets of the non-overlapping matches of a folded term in the library, left to right, as
    `str.count` finds them: the places where the term's first character is, narrowed by each next
    character, over the library's character codes (numpy, no Python code per character or match)."""
    none = np.zeros(0, dtype=np.int64)
    codes = lib.codes
    if not term or SEPARATOR in term or len(term) > len(codes) or max(map(ord, term)) > np.iinfo(codes.dtype).max:
        return none
    found = np.flatnonzero(codes[: len(codes) - len(term) + 1] == ord(term[0]))
    for offset, character in enumerate(term[1:], start=1):
        if not len(found):
            return none
        found = found[codes[found + offset] == ord(character)]
    if _overlaps_itself(term) and len(found) > 1:
        kept, free_from = [], -1
        for position in found.tolist():
            if position >= free_from:
                kept.append(position)
                free_from = position + len(term)
        found = np.array(kept, dtype=np.int64)
    return found.astype(np.int64, copy=False)


def paragraphs_of(lib: Library, positions: np.ndarray) -> np.ndarray:
    """The paragraph index (in library order) of each offset."""
    return np.searchsorted(lib.starts, positions, side="right") - 1


def phrase_stats(phrase: str, lib: Library | None = None) -> PhraseStats:
    """Every occurrence of a folded phrase (see normalize_phrase) in the library, counted and grouped."""
    lib = lib or library()
    positions = positions_of(lib, phrase)
    paragraph_of = paragraphs_of(lib, positions)
    return _grouped(lib, phrase, positions, paragraph_of, np.ones(len(positions), dtype=np.int64))


def _grouped(lib: Library, phrase: str, positions, paragraph_of, weights) -> PhraseStats:
    by_speech: list[SpeechCount] = []
    if len(paragraph_of):
        speech_of = lib.speech_of[paragraph_of]
        # The library is ordered by speech, so each speech's occurrences are one run, and its
        # paragraphs too: counted at once with numpy, whatever the number of speeches.
        speech_starts = np.flatnonzero(np.concatenate(([True], speech_of[1:] != speech_of[:-1])))
        new_paragraph = np.concatenate(([True], paragraph_of[1:] != paragraph_of[:-1]))
        occurrences = np.add.reduceat(weights, speech_starts)
        paragraphs = np.add.reduceat(new_paragraph.astype(np.int64), speech_starts)
        first_numbers = lib.numbers[paragraph_of[speech_starts]]
        speech_indexes = speech_of[speech_starts]
        by_speech = [
            SpeechCount(lib.speeches[index], count, held, first)
            for index, count, held, first in zip(
                speech_indexes.tolist(), occurrences.tolist(), paragraphs.tolist(), first_numbers.tolist(), strict=True
            )
        ]
    per_year: dict[int, int] = {}
    for row in by_speech:
        if row.speech.year is not None:
            per_year[row.speech.year] = per_year.get(row.speech.year, 0) + row.occurrences
    by_year = [YearCount(year, per_year.get(year, 0), lib.year_chars.get(year, 0)) for year in lib.years]
    dated = [row for row in by_speech if row.speech.date is not None]
    first = latest = None
    if dated:
        first = Use(dated[0].speech, dated[0].first_number)
        last_speech = dated[-1].speech.index
        last_paragraph = paragraph_of[lib.speech_of[paragraph_of] == last_speech][-1]
        latest = Use(dated[-1].speech, int(lib.numbers[last_paragraph]))
    return PhraseStats(phrase, positions, paragraph_of, by_speech, by_year, first, latest)


# ---------------------------------------------------------------- a search's distribution


@dataclass
class Distribution:
    """Where the paragraphs holding every term of a search are: per year and the speeches with most."""

    stats: PhraseStats  # occurrences = the terms' matches in those paragraphs
    paragraph_count: int

    def top_speeches(self, limit: int = 8) -> list[SpeechCount]:
        return sorted(self.stats.by_speech, key=lambda row: (-row.paragraphs, -row.occurrences))[:limit]


def query_distribution(terms: list[str], lib: Library | None = None) -> Distribution:
    """For folded search terms: the paragraphs holding them all (search's exact hits), by year and speech."""
    lib = lib or library()
    paragraph_count = len(lib.starts)
    holding = np.ones(paragraph_count, dtype=bool)
    counts = np.zeros(paragraph_count, dtype=np.int64)
    for term in terms:
        term_counts = np.bincount(paragraphs_of(lib, positions_of(lib, term)), minlength=paragraph_count)
        holding &= term_counts > 0
        counts += term_counts
    held = np.flatnonzero(holding) if terms else np.zeros(0, dtype=np.int64)
    weights = counts[held]
    # One entry per paragraph, weighted by its matches: grouped like a phrase's occurrences.
    stats = _grouped(lib, " ".join(terms), lib.starts[held], held, weights)
    return Distribution(stats=stats, paragraph_count=len(held))


# ---------------------------------------------------------------- the chart

CHART_HEIGHT = 120
CHART_BAR = 22
CHART_GAP = 6
CHART_TOP = 18  # room for the value above the tallest bar
CHART_BOTTOM = 20  # room for the year below the bars


@dataclass(frozen=True)
class Bar:
    year: int
    occurrences: int
    rate: float
    chars: int  # 0: no speech of that year in the library
    x: int
    y: float
    height: float
    label_x: float
    value_y: float
    url: str = ""


def year_chart(by_year: list[YearCount], url_for=None) -> dict:
    """Bar geometry for templates/speeches/year_chart.html; `url_for(year)` links a bar, if given."""
    top = max((row.rate for row in by_year), default=0.0)
    plot = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    bars = []
    for index, row in enumerate(by_year):
        height = round(plot * row.rate / top, 1) if top else 0.0
        if row.occurrences and height < 1:
            height = 1.0  # a year that has it shows, however rarely
        x = index * (CHART_BAR + CHART_GAP) + CHART_GAP
        bars.append(
            Bar(
                year=row.year,
                occurrences=row.occurrences,
                rate=row.rate,
                chars=row.chars,
                x=x,
                y=round(CHART_TOP + plot - height, 1),
                height=height,
                label_x=x + CHART_BAR / 2,
                value_y=round(CHART_TOP + plot - height - 4, 1),
                url=url_for(row.year) if url_for and row.occurrences else "",
            )
        )
    return {
        "bars": bars,
        "width": len(bars) * (CHART_BAR + CHART_GAP) + CHART_GAP,
        "height": CHART_HEIGHT,
        "bar_width": CHART_BAR,
        "baseline": CHART_HEIGHT - CHART_BOTTOM,
        "year_y": CHART_HEIGHT - 5,
        "top_rate": top,
    }
