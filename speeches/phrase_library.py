"""The library as phrase counting holds it in memory: its layout, and reading it from the database.

Every paragraph's and section heading's folded text, in reading order of the speeches by date (undated last),
joined by SEPARATOR into one array of character codes, with where each starts and an index of where each
character is (see phrase_stats, which keeps one per process and counts phrases in it).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from . import search
from .models import Heading, Paragraph, Speech

SEPARATOR = "\x00"  # between paragraphs: a phrase never holds it, so no match spans two paragraphs


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
    version: int  # the library's revision it was read at
    # Primary keys, to read the texts as written (fold keeps offsets): a paragraph's id, or minus a heading's.
    paragraph_ids: np.ndarray
    starts: np.ndarray  # where each paragraph starts in `folded`
    lengths: np.ndarray
    numbers: np.ndarray  # paragraph numbers; for a heading, the number of the paragraph it stands above
    sequences: np.ndarray  # 0 for a paragraph; a heading's sequence (its anchor is #s<sequence>)
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
    year_speeches: dict[int, int] = field(default_factory=dict)

    @functools.cached_property
    def _index_by_id(self) -> tuple[np.ndarray, np.ndarray]:
        """Library index by paragraph id and by heading id (-1 where there is none): dense arrays, ids are
        compact."""
        tables = []
        for held in (self.paragraph_ids > 0, self.paragraph_ids < 0):
            ids = np.abs(self.paragraph_ids[held])
            table = np.full(int(ids.max()) + 1 if len(ids) else 0, -1, dtype=np.int64)
            table[ids] = np.flatnonzero(held)
            tables.append(table)
        return tables[0], tables[1]

    def index_of_paragraph_ids(self, paragraph_ids: np.ndarray) -> np.ndarray:
        """Each paragraph's (or, for minus a heading's id, each heading's) index in the library, -1 for one it
        does not hold."""
        ids = np.asarray(paragraph_ids, dtype=np.int64)
        found = np.full(len(ids), -1, dtype=np.int64)
        for table, sign in zip(self._index_by_id, (1, -1), strict=True):
            wanted = ids * sign
            inside = (wanted > 0) & (wanted < len(table))
            found[inside] = table[wanted[inside]]
        return found

    def anchor(self, index: int) -> str:
        """The anchor of an entry on its speech's page: #p<N> for a paragraph, #s<N> for a heading."""
        sequence = int(self.sequences[index])
        return f"s{sequence}" if sequence else f"p{int(self.numbers[index])}"

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


def build(version: int) -> PhraseLibrary:
    """The library as the database holds it now (the speeches that count: a second copy counts once)."""
    counted = Speech.objects.counted()  # a second copy of a speech counts once
    rows = list(counted.values_list("pk", "slug", "title", "date"))
    rows.sort(key=lambda row: (row[3] is None, row[3] or date.min, row[1]))
    index_of = {pk: index for index, (pk, *_) in enumerate(rows)}
    # Reading order: a heading stands above the paragraph numbered `before` (sequence 0 marks a paragraph).
    entries = [
        (speech_id, number, 1, 0, text, pk)
        for speech_id, number, text, pk in Paragraph.objects.filter(speech__in=counted).values_list(
            "speech_id", "number", "text", "pk"
        )
    ]
    entries += [
        (speech_id, before, 0, sequence, text, -pk)
        for speech_id, before, sequence, text, pk in Heading.objects.filter(speech__in=counted).values_list(
            "speech_id", "before", "sequence", "text", "pk"
        )
    ]
    paragraphs = sorted(entries, key=lambda row: (index_of[row[0]], row[1], row[2], row[3]))
    texts = [row[4].replace(SEPARATOR, " ") for row in paragraphs]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64) if len(texts) else lengths
    speech_of = np.fromiter((index_of[row[0]] for row in paragraphs), dtype=np.int64, count=len(paragraphs))
    numbers = np.fromiter((row[1] for row in paragraphs), dtype=np.int64, count=len(paragraphs))
    sequences = np.fromiter((row[3] for row in paragraphs), dtype=np.int64, count=len(paragraphs))
    paragraph_ids = np.fromiter((row[5] for row in paragraphs), dtype=np.int64, count=len(paragraphs))
    chars = np.bincount(speech_of, weights=lengths, minlength=len(rows)) if len(rows) else np.zeros(0)
    speeches = [
        SpeechRow(index, pk, slug, title, spoken, int(chars[index]))
        for index, (pk, slug, title, spoken) in enumerate(rows)
    ]
    year_chars: dict[int, int] = {}
    year_speeches: dict[int, int] = {}
    for speech in speeches:
        if speech.year is not None:
            year_chars[speech.year] = year_chars.get(speech.year, 0) + speech.chars
            year_speeches[speech.year] = year_speeches.get(speech.year, 0) + 1
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
        sequences=sequences,
        speech_of=speech_of,
        speeches=speeches,
        year_chars=year_chars,
        year_speeches=year_speeches,
    )
