"""Where a search's paragraphs are: per year (the phrase page's chart) and the speeches with most.

The paragraphs are those holding every term of the query verbatim (the search's exact hits),
counted over the library in memory (see phrase_stats), not through the search index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .caching import RevisionCache
from .phrase_stats import PhraseLibrary, PhraseStats, SpeechCount, grouped, paragraphs_of, phrase_library, positions_of


@dataclass
class Distribution:
    """Where the paragraphs holding every term of a search are: per year and the speeches with most."""

    stats: PhraseStats  # occurrences = the terms' matches in those paragraphs
    paragraph_count: int

    def top_speeches(self, limit: int = 8) -> list[SpeechCount]:
        return self.stats.top_speeches(limit)


# The same search comes again as one pages or narrows it.
_distributions: RevisionCache[Distribution] = RevisionCache("search distributions", maxsize=64)


def forget() -> None:
    """Drop the distributions kept (tests)."""
    _distributions.clear()


def query_distribution(
    terms: list[str], lib: PhraseLibrary | None = None, found: tuple[np.ndarray, np.ndarray] | None = None
) -> Distribution:
    """For folded search terms: the paragraphs holding them all (search's exact hits), by year and speech.

    `found` is what the search counted (`SearchResults.everywhere`: paragraph ids and matches), which
    spares counting again; without it, the terms are counted in the library. Kept per process for the
    library's revision: a search's next pages and filters reuse it.
    """
    lib = lib or phrase_library()
    return _distributions.get(tuple(terms), lambda: _distribution(lib, terms, found), revision_number=lib.version)


def _distribution(lib: PhraseLibrary, terms: list[str], found: tuple[np.ndarray, np.ndarray] | None) -> Distribution:
    if found is not None:
        held, counts = _in_library_order(lib, *found)
    else:
        paragraph_count = len(lib.starts)
        held = None
        counts = np.zeros(paragraph_count, dtype=np.int64)
        for term in terms:
            term_counts = np.bincount(paragraphs_of(lib, positions_of(lib, term)), minlength=paragraph_count)
            counts += term_counts
            held = term_counts > 0 if held is None else held & (term_counts > 0)
        held = np.flatnonzero(held) if held is not None else np.zeros(0, dtype=np.int64)
    # One entry per paragraph, weighted by its matches: grouped like a phrase's occurrences.
    stats = grouped(lib, " ".join(terms), lib.starts[held], held, counts[held])
    return Distribution(stats=stats, paragraph_count=len(held))


def _in_library_order(
    lib: PhraseLibrary, paragraph_ids: np.ndarray, matches: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The library's indexes of these paragraphs, ascending, and the matches counted as indexed by them.

    Returns (held, counts) with counts indexed like the library's paragraphs. A paragraph the library
    does not hold (removed since the index was written) is left out.
    """
    where = lib.index_of_paragraph_ids(paragraph_ids)
    kept = where >= 0
    held = where[kept]
    order = np.argsort(held, kind="stable")
    held = held[order]
    counts = np.zeros(len(lib.starts), dtype=np.int64)
    counts[held] = matches[kept][order]
    return held, counts
