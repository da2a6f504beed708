"""How often a phrase is said across the library: exact counts, per speech and per year.

Counting is exact and independent of the search index: a phrase's occurrences are the
non-overlapping matches of the folded phrase (`search.fold`) in the folded text of every
paragraph, as `str.count` counts them. To answer in milliseconds on 100,000 paragraphs, each
process holds the library in memory once (`phrase_library()`): every paragraph's folded text joined
into one string, in reading order of the speeches by date, with the offsets where paragraphs
start. It is rebuilt when the database's version key changes (paragraph count and highest id,
speech count and latest import), which a re-import, a new speech or a removed one all change.

Both the phrase page (app `phrases`) and the search page use this module, so it lives in
`speeches`, which imports neither.
"""

from __future__ import annotations

import functools
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import Count, Max, Q
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
class PhraseLibrary:
    version: tuple
    paragraph_ids: np.ndarray  # primary keys, to read the texts as written (fold keeps offsets)
    starts: np.ndarray  # where each paragraph starts in `folded`
    lengths: np.ndarray
    numbers: np.ndarray  # paragraph numbers
    speech_of: np.ndarray  # index into `speeches` of each paragraph
    speeches: list[SpeechRow]  # by date (undated last), then slug: the paragraphs' order
    # Every paragraph's folded text, SEPARATOR between them, as character codes (uint16 when every
    # character fits, else uint32). Fold keeps lengths: an offset here is an offset in the text as written.
    codes: np.ndarray
    char_counts: np.ndarray  # how often each code is in `codes` (uint16 codes only; else empty)
    # Where each character is: the offsets of code c are char_positions[char_starts[c]:char_starts[c + 1]],
    # ascending (uint16 codes only; else empty).
    char_positions: np.ndarray
    char_starts: np.ndarray
    speech_years: np.ndarray  # each speech's year, 0 when undated
    year_chars: dict[int, int] = field(default_factory=dict)

    @functools.cached_property
    def _index_by_paragraph_id(self) -> np.ndarray:
        """The library's index by paragraph id (-1 where there is none): a dense array, ids are compact."""
        top = int(self.paragraph_ids.max()) + 1 if len(self.paragraph_ids) else 0
        index = np.full(top, -1, dtype=np.int64)
        index[self.paragraph_ids] = np.arange(len(self.paragraph_ids))
        return index

    def index_of_paragraph_ids(self, paragraph_ids: np.ndarray) -> np.ndarray:
        """Each paragraph's index in the library, -1 for one it does not hold."""
        table = self._index_by_paragraph_id
        ids = np.asarray(paragraph_ids, dtype=np.int64)
        inside = (ids >= 0) & (ids < len(table))
        found = np.full(len(ids), -1, dtype=np.int64)
        found[inside] = table[ids[inside]]
        return found

    def text(self, start: int, end: int) -> str:
        """The folded text from offset `start` to `end`."""
        return self.codes[start:end].tobytes().decode("utf-16-le" if self.codes.dtype == np.uint16 else "utf-32-le")

    @property
    def characters(self) -> int:
        return len(self.codes)

    @property
    def years(self) -> list[int]:
        """Every year from the first dated speech to the last, gaps included."""
        if not self.year_chars:
            return []
        return list(range(min(self.year_chars), max(self.year_chars) + 1))


_lock = threading.Lock()
_phrase_library: PhraseLibrary | None = None


def _version() -> tuple:
    """What changes when the library does: an import sets its speech's imported_at, a new paragraph
    has a higher id, a removed speech lowers the count. Cheap: no scan of the paragraphs."""
    speeches = Speech.objects.aggregate(
        count=Count("id"), imported=Max("imported_at"), archived=Count("id", filter=Q(archived_at__isnull=False))
    )
    last = Paragraph.objects.aggregate(last=Max("id"))["last"]
    return (speeches["count"], speeches["imported"], speeches["archived"], last)


def phrase_library() -> PhraseLibrary:
    """The library as this process holds it, rebuilt when the database changed since."""
    global _phrase_library
    version = _version()
    current = _phrase_library
    if current is not None and current.version == version:
        return current
    with _lock:
        if _phrase_library is None or _phrase_library.version != version:
            _phrase_library = _build(version)
        return _phrase_library


def forget() -> None:
    """Drop the library held in memory (tests)."""
    global _phrase_library
    with _lock:
        _phrase_library = None


def _build(version: tuple) -> PhraseLibrary:
    rows = list(Speech.objects.in_library().values_list("pk", "slug", "title", "date"))
    rows.sort(key=lambda row: (row[3] is None, row[3] or date.min, row[1]))
    index_of = {pk: index for index, (pk, *_) in enumerate(rows)}
    paragraphs = sorted(
        Paragraph.objects.filter(speech__archived_at=None).values_list("speech_id", "number", "text", "pk"),
        key=lambda row: (index_of[row[0]], row[1]),
    )
    texts = [row[2].replace(SEPARATOR, " ") for row in paragraphs]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64) if len(texts) else lengths
    speech_of = np.fromiter((index_of[row[0]] for row in paragraphs), dtype=np.int64, count=len(paragraphs))
    numbers = np.fromiter((row[1] for row in paragraphs), dtype=np.int64, count=len(paragraphs))
    paragraph_ids = np.fromiter((row[3] for row in paragraphs), dtype=np.int64, count=len(paragraphs))
    chars = np.bincount(speech_of, weights=lengths, minlength=len(rows)) if len(rows) else np.zeros(0)
    speeches = [
        SpeechRow(index, pk, slug, title, spoken, int(chars[index]))
        for index, (pk, slug, title, spoken) in enumerate(rows)
    ]
    year_chars: dict[int, int] = {}
    for speech in speeches:
        if speech.year is not None:
            year_chars[speech.year] = year_chars.get(speech.year, 0) + speech.chars
    folded = search.fold(SEPARATOR.join(texts))
    del texts, paragraphs  # the unfolded texts are read from the database when shown
    none = np.zeros(0, dtype=np.int64)
    char_counts = char_positions = char_starts = none
    if not folded or max(folded) <= "\uffff":
        codes = np.frombuffer(folded.encode("utf-16-le"), dtype=np.uint16)
        char_counts = np.bincount(codes, minlength=0x10000)
        char_starts = np.concatenate(([0], np.cumsum(char_counts)))
        char_positions = np.argsort(codes, kind="stable").astype(np.uint32)  # a radix sort for 16-bit codes
    else:
        codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)
    del folded
    return PhraseLibrary(
        version=version,
        codes=codes,
        char_counts=char_counts,
        char_positions=char_positions,
        char_starts=char_starts,
        speech_years=np.array([speech.year or 0 for speech in speeches], dtype=np.int64),
        paragraph_ids=paragraph_ids,
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

        return reverse("reading:speech_detail", args=[self.speech.slug]) + f"#p{self.number}"


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
    positions: np.ndarray  # offsets of every occurrence in the library (PhraseLibrary.codes), in its order
    paragraph_of: np.ndarray  # index of the paragraph of each occurrence
    by_year: list[YearCount]  # every year of the library
    first: Use | None  # in the earliest dated speech that holds it (None if only undated ones do)
    latest: Use | None  # in the latest dated speech: its last paragraph holding it
    # Per speech holding it, in library order: index, occurrences, paragraphs, first paragraph number.
    speech_figures: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    speeches: list[SpeechRow] = field(repr=False, default_factory=list)

    @property
    def occurrences(self) -> int:
        return len(self.positions)

    @functools.cached_property
    def paragraphs(self) -> int:
        return len(np.unique(self.paragraph_of))

    @functools.cached_property
    def by_speech(self) -> list[SpeechCount]:
        """Each speech that holds it, by date, as the library is ordered."""
        return [
            SpeechCount(self.speeches[index], count, held, first)
            for index, count, held, first in zip(*(figures.tolist() for figures in self.speech_figures), strict=True)
        ]

    def top_speeches(self, limit: int) -> list[SpeechCount]:
        """The speeches with the most paragraphs holding it (then the most occurrences), `limit` of them."""
        indexes, occurrences, paragraphs, firsts = self.speech_figures
        best = np.lexsort((-occurrences, -paragraphs))[:limit]
        return [
            SpeechCount(self.speeches[int(indexes[i])], int(occurrences[i]), int(paragraphs[i]), int(firsts[i]))
            for i in best.tolist()
        ]

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


def positions_of(lib: PhraseLibrary, term: str) -> np.ndarray:
    """Offsets of the non-overlapping matches of a folded term in the library, left to right, as
    `str.count` finds them: the places of the term's rarest character (looked up, not scanned for),
    narrowed by each other character (numpy: no Python code per character or per match)."""
    none = np.zeros(0, dtype=np.int64)
    codes = lib.codes
    last_start = len(codes) - len(term)
    if not term or SEPARATOR in term or last_start < 0 or max(map(ord, term)) > np.iinfo(codes.dtype).max:
        return none
    offsets = list(range(len(term)))
    if len(lib.char_counts):
        offsets.sort(key=lambda offset: lib.char_counts[ord(term[offset])])
        anchor, code = offsets[0], ord(term[offsets[0]])
        found = lib.char_positions[lib.char_starts[code] : lib.char_starts[code + 1]].astype(np.int64) - anchor
        found = found[(found >= 0) & (found <= last_start)]
    else:
        anchor = offsets[0]
        found = np.flatnonzero(codes[anchor : last_start + 1 + anchor] == ord(term[anchor]))
    for offset in offsets[1:]:
        if not len(found):
            return none
        found = found[codes[found + offset] == ord(term[offset])]
    if _overlaps_itself(term) and len(found) > 1:
        kept, free_from = [], -1
        for position in found.tolist():
            if position >= free_from:
                kept.append(position)
                free_from = position + len(term)
        found = np.array(kept, dtype=np.int64)
    return found


def paragraphs_of(lib: PhraseLibrary, positions: np.ndarray) -> np.ndarray:
    """The paragraph index (in library order) of each offset."""
    return np.searchsorted(lib.starts, positions, side="right") - 1


def phrase_stats(phrase: str, lib: PhraseLibrary | None = None) -> PhraseStats:
    """Every occurrence of a folded phrase (see normalize_phrase) in the library, counted and grouped."""
    lib = lib or phrase_library()
    positions = positions_of(lib, phrase)
    paragraph_of = paragraphs_of(lib, positions)
    return grouped(lib, phrase, positions, paragraph_of, np.ones(len(positions), dtype=np.int64))


def grouped(lib: PhraseLibrary, phrase: str, positions, paragraph_of, weights) -> PhraseStats:
    """Occurrences (at `positions`, in paragraphs `paragraph_of`, each counting `weights`) per speech and year."""
    empty = np.zeros(0, dtype=np.int64)
    figures = (empty, empty, empty, empty)
    per_year = np.zeros(1, dtype=np.int64)
    first = latest = None
    if len(paragraph_of):
        speech_of = lib.speech_of[paragraph_of]
        # The library is ordered by speech, so each speech's occurrences are one run, and its
        # paragraphs too: counted at once with numpy, whatever the number of speeches.
        starts = np.flatnonzero(np.concatenate(([True], speech_of[1:] != speech_of[:-1])))
        new_paragraph = np.concatenate(([True], paragraph_of[1:] != paragraph_of[:-1])).astype(np.int64)
        indexes = speech_of[starts]
        figures = (
            indexes,
            np.add.reduceat(weights, starts),
            np.add.reduceat(new_paragraph, starts),
            lib.numbers[paragraph_of[starts]],
        )
        years = lib.speech_years[indexes]
        per_year = np.bincount(years, weights=figures[1]).astype(np.int64)
        dated = np.flatnonzero(years)
        if len(dated):
            earliest, last = int(indexes[dated[0]]), int(indexes[dated[-1]])
            first = Use(lib.speeches[earliest], int(figures[3][dated[0]]))
            # Undated speeches come last in the library: the latest dated one's last paragraph is
            # the last occurrence before them.
            last_paragraph = paragraph_of[np.searchsorted(speech_of, last, side="right") - 1]
            latest = Use(lib.speeches[last], int(lib.numbers[last_paragraph]))
    by_year = [
        YearCount(year, int(per_year[year]) if year < len(per_year) else 0, lib.year_chars.get(year, 0))
        for year in lib.years
    ]
    return PhraseStats(phrase, positions, paragraph_of, by_year, first, latest, figures, lib.speeches)
