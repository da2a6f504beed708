"""Two speeches compared: the paired paragraphs with their changes marked and the figures; then, apart, the
formulations.

Each is computed once per pair of speeches and library revision and kept in Django's cache (a file cache
under DATA_DIR, shared by the workers of a host): what the page and the JSON show is derived from them. The
formulations cost most (jieba cuts every clause one speech has and the other lacks), so the page shows the
comparison first and loads them in place after. The notes, which depend on the reader, are in neither
(versions.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache

from speeches import revision
from speeches.models import Speech

from . import align, figures, formulations, inline
from .align import ADDED, CHANGED, HEADING, MOVED, PARAGRAPH, REMOVED, SAME, Unit
from .words import Cutter

# Raise when what is kept changes shape, so that an upgraded site never reads an older comparison.
FORMAT = 2
CACHE_SECONDS = 7 * 24 * 3600
# Below this share of their text in pairs, two speeches have almost nothing in common: the page says so
# instead of showing a wall of removed and added paragraphs (the 2021 report against a Xi speech: 0.03).
RELATED_SHARE = 0.15
# A corrected edition of the same speech: same date, and nearly all of it paired.
EDITION_SHARE = 0.8


@dataclass(frozen=True)
class Side:
    pk: int
    slug: str
    title: str
    speaker: str
    date: date | None
    archived: bool
    paragraphs: int


@dataclass(frozen=True)
class ComparedPair:
    """A paragraph or heading of A and what continues it in B (either may be None), with the word changes of a
    changed or moved pair."""

    kind: str
    a: Unit | None
    b: Unit | None
    similarity: float
    pieces: tuple[inline.Piece, ...] = ()

    @property
    def is_heading(self) -> bool:
        return (self.a or self.b).kind == HEADING


@dataclass(frozen=True)
class Comparison:
    a: Side
    b: Side
    pairs: tuple[ComparedPair, ...]
    figures: tuple[figures.FigureChange, ...]
    shared: float  # share of both texts' characters in paired paragraphs

    @property
    def related(self) -> bool:
        return self.shared >= RELATED_SHARE

    @property
    def is_edition(self) -> bool:
        """B looks like another edition of A: the same date (or both undated), nearly all paragraphs paired."""
        return self.a.date == self.b.date and self.shared >= EDITION_SHARE

    def counts(self) -> dict[str, int]:
        """Paragraph pairs by kind (headings aside)."""
        found = dict.fromkeys((SAME, CHANGED, MOVED, REMOVED, ADDED), 0)
        for pair in self.pairs:
            if not pair.is_heading:
                found[pair.kind] += 1
        return found

    def as_json(self, found: Formulations) -> dict:
        """What /compare/<a>/<b>.json answers: paragraph pairs by the numbers of the speech pages."""
        return {
            "a": self.a.slug,
            "b": self.b.slug,
            "pairs": [
                {
                    "a": pair.a.number if pair.a else None,
                    "b": pair.b.number if pair.b else None,
                    "kind": pair.kind,
                    "similarity": pair.similarity,
                }
                for pair in self.pairs
                if not pair.is_heading
            ],
            "figures": [
                {
                    "context": change.context,
                    "a": change.a,
                    "b": change.b,
                    "a_paragraph": change.a_paragraph,
                    "b_paragraph": change.b_paragraph,
                }
                for change in self.figures
            ],
            "formulations": {
                "new": [{"phrase": f.phrase, "count": f.count} for f in found.new],
                "dropped": [{"phrase": f.phrase, "count": f.count} for f in found.dropped],
            },
        }


@dataclass(frozen=True)
class Formulations:
    new: tuple[formulations.Formulation, ...] = ()  # said in B and not in A
    dropped: tuple[formulations.Formulation, ...] = ()  # said in A and not in B


def units_of(speech: Speech) -> list[Unit]:
    """A speech's headings and paragraphs in reading order (a heading stands above paragraph `before`)."""
    headings: dict[int, list[Unit]] = {}
    for sequence, text, before in speech.headings.order_by("sequence").values_list("sequence", "text", "before"):
        headings.setdefault(before, []).append(Unit(HEADING, sequence, text))
    units: list[Unit] = []
    last = 0
    for number, text in speech.paragraphs.order_by("number").values_list("number", "text"):
        units.extend(headings.pop(number, []))
        units.append(Unit(PARAGRAPH, number, text))
        last = number
    for before in sorted(headings):  # closing headings, after the last paragraph
        if before > last:
            units.extend(headings[before])
    return units


def side_of(speech: Speech, units: list[Unit]) -> Side:
    return Side(
        pk=speech.pk,
        slug=speech.slug,
        title=speech.title,
        speaker=speech.speaker,
        date=speech.date,
        archived=speech.is_archived,
        paragraphs=sum(1 for unit in units if unit.kind == PARAGRAPH),
    )


def cache_key(a: Speech, b: Speech, what: str = "compare") -> str:
    """The key of what is kept of a comparison: both speeches as last imported or corrected, and the library's
    revision (which also moves when a third speech changes, and with it the formulations said elsewhere)."""
    parts = (FORMAT, a.pk, a.imported_at, a.archived_at, b.pk, b.imported_at, b.archived_at, revision.current())
    return f"{what}:" + hashlib.sha1(repr(parts).encode()).hexdigest()


def comparison(a: Speech, b: Speech) -> Comparison:
    """The comparison of A with B, from the cache when the library has not changed since."""
    key = cache_key(a, b)
    found = cache.get(key)
    if found is None:
        found = compute(a, b)
        cache.set(key, found, CACHE_SECONDS)
    return found


def formulations_of(a: Speech, b: Speech, compared: Comparison, *, compute_them: bool = True) -> Formulations | None:
    """The formulations new in B and dropped from A, from the cache when the library has not changed since;
    None when they are not kept and `compute_them` is off (the page then loads them in place)."""
    key = cache_key(a, b, "compare-formulations")
    found = cache.get(key)
    if found is None and compute_them:
        found = compute_formulations(compared)
        cache.set(key, found, CACHE_SECONDS)
    return found


def compute(a: Speech, b: Speech) -> Comparison:
    units_a, units_b = units_of(a), units_of(b)
    pairs = align.align(units_a, units_b)
    cutter = Cutter()
    compared = []
    changes: list[figures.FigureChange] = []
    paired_chars = 0
    for pair in pairs:
        unit_a = units_a[pair.a] if pair.a is not None else None
        unit_b = units_b[pair.b] if pair.b is not None else None
        pieces: tuple[inline.Piece, ...] = ()
        if unit_a and unit_b:
            paired_chars += len(unit_a.text) + len(unit_b.text)
            if pair.kind in (CHANGED, MOVED):
                pieces = inline.pieces(unit_a.text, unit_b.text, cutter)
                if unit_a.kind == PARAGRAPH:
                    changes.extend(figures.changes(unit_a.text, unit_b.text, unit_a.number, unit_b.number))
        compared.append(ComparedPair(pair.kind, unit_a, unit_b, pair.similarity, pieces))
    total_chars = sum(len(unit.text) for unit in units_a) + sum(len(unit.text) for unit in units_b)
    return Comparison(
        a=side_of(a, units_a),
        b=side_of(b, units_b),
        pairs=tuple(compared),
        figures=tuple(changes),
        shared=round(paired_chars / total_chars if total_chars else 1.0, 3),
    )


def compute_formulations(compared: Comparison) -> Formulations:
    """Between unrelated speeches every phrase is new: nothing worth listing, and nothing is cut."""
    if not compared.related:
        return Formulations()
    texts_a = [p.a.text for p in compared.pairs if p.a]
    texts_b = [p.b.text for p in compared.pairs if p.b]
    # Only the paragraphs that are not the same can hold a phrase the other speech lacks.
    differ_a = [p.a.text for p in compared.pairs if p.a and p.kind != SAME]
    differ_b = [p.b.text for p in compared.pairs if p.b and p.kind != SAME]
    said_elsewhere = formulations.SaidElsewhere({compared.a.pk, compared.b.pk})
    cutter = Cutter()
    return Formulations(
        new=tuple(formulations.new_in(differ_b, texts_a, said_elsewhere, cutter)),
        dropped=tuple(formulations.new_in(differ_a, texts_b, said_elsewhere, cutter)),
    )
