"""How often a phrase is said across the library: exact counts, per speech and per year.

Counting is exact and independent of the search index: a phrase's occurrences are the
non-overlapping matches of the folded phrase (`search.fold`) in the folded text of every
paragraph, as `str.count` counts them. To answer in milliseconds on 100,000 paragraphs, each
process holds the library in memory once (`library()`, laid out and read by phrase_library.py):
every paragraph's folded text joined into one string, in reading order of the speeches by date,
with the offsets where paragraphs start. A speech's section headings are counted too, each where
it stands in the text: an entry of its own, as a paragraph is (its anchor is #s<N>, a paragraph's
#p<N>). It is rebuilt when the library's revision (speeches/revision.py) moves: every change to the
library through speeches/actions.py raises it.

Both the phrase page (app `phrases`) and the search page use this module, so it lives in
`speeches`, which imports neither.
"""

from __future__ import annotations

import functools
import threading
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from . import revision, search
from .caching import RevisionCache
from .phrase_library import SEPARATOR, PhraseLibrary, SpeechRow, build

__all__ = [
    "SEPARATOR",
    "PhraseLibrary",
    "SpeechRow",
]  # the library's layout (phrase_library.py), for this module's callers

MAX_PHRASE_CHARS = 30
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


_building = threading.Lock()
_held: RevisionCache[PhraseLibrary] = RevisionCache("phrase library", maxsize=1)


def phrase_library() -> PhraseLibrary:
    """The library as this process holds it, read again when the library's revision moved since."""
    number = revision.current()

    def read() -> PhraseLibrary:
        with _building:  # one read at a time: a second thread waits for it rather than reading too
            return _held.get("library", lambda: build(number), revision_number=number)

    return _held.get("library", read, revision_number=number)


def forget() -> None:
    """Drop the library held in memory (tests)."""
    _held.clear()


# ---------------------------------------------------------------- one phrase


@dataclass(frozen=True)
class Use:
    """Where a phrase is said: a speech and a paragraph of it (or a heading, above paragraph `number`)."""

    speech: SpeechRow
    number: int
    anchor: str = ""  # p<N>, or s<N> for a heading

    @property
    def heading(self) -> bool:
        return self.anchor.startswith("s")

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("reading:speech_detail", args=[self.speech.slug]) + f"#{self.anchor or f'p{self.number}'}"


@dataclass
class SpeechCount:
    speech: SpeechRow
    occurrences: int
    paragraphs: int  # paragraphs and headings holding it
    first_number: int  # the first paragraph holding it (for a heading, the paragraph below it)
    first_anchor: str = ""  # p<N>, or s<N> when a heading holds it first


@dataclass
class YearCount:
    year: int
    occurrences: int
    chars: int
    speeches: int = 0  # the year's speeches in the library

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
    # Per speech holding it, in library order: index, occurrences, paragraphs, first paragraph number, and
    # the sequence of the heading that holds it first (0: a paragraph does).
    speech_figures: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
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
            SpeechCount(self.speeches[index], count, held, first, _anchor(first, sequence))
            for index, count, held, first, sequence in zip(
                *(figures.tolist() for figures in self.speech_figures), strict=True
            )
        ]

    def top_speeches(self, limit: int) -> list[SpeechCount]:
        """The speeches with the most paragraphs holding it (then the most occurrences), `limit` of them."""
        indexes, occurrences, paragraphs, firsts, sequences = self.speech_figures
        best = np.lexsort((-occurrences, -paragraphs))[:limit]
        return [
            SpeechCount(
                self.speeches[int(indexes[i])],
                int(occurrences[i]),
                int(paragraphs[i]),
                int(firsts[i]),
                _anchor(int(firsts[i]), int(sequences[i])),
            )
            for i in best.tolist()
        ]

    def as_json(self) -> dict:
        def use(found: Use | None) -> dict | None:
            if found is None:
                return None
            spoken = found.speech.date.isoformat() if found.speech.date else None
            return {"speech": found.speech.slug, "date": spoken, "paragraph": found.number, "anchor": found.anchor}

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


def _anchor(number: int, sequence: int) -> str:
    return f"s{sequence}" if sequence else f"p{number}"


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
    figures = (empty, empty, empty, empty, empty)
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
            lib.sequences[paragraph_of[starts]],
        )
        years = lib.speech_years[indexes]
        per_year = np.bincount(years, weights=figures[1]).astype(np.int64)
        dated = np.flatnonzero(years)
        if len(dated):
            earliest, last = int(indexes[dated[0]]), int(indexes[dated[-1]])
            first_entry = int(paragraph_of[starts[dated[0]]])
            first = Use(lib.speeches[earliest], int(lib.numbers[first_entry]), lib.anchor(first_entry))
            # Undated speeches come last in the library: the latest dated one's last paragraph is
            # the last occurrence before them.
            last_paragraph = paragraph_of[np.searchsorted(speech_of, last, side="right") - 1]
            latest = Use(lib.speeches[last], int(lib.numbers[last_paragraph]), lib.anchor(int(last_paragraph)))
    by_year = [
        YearCount(
            year,
            int(per_year[year]) if year < len(per_year) else 0,
            lib.year_chars.get(year, 0),
            lib.year_speeches.get(year, 0),
        )
        for year in lib.years
    ]
    return PhraseStats(phrase, positions, paragraph_of, by_year, first, latest, figures, lib.speeches)
