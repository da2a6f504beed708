"""Matching and ranking: which paragraphs a query finds, in what order, as numpy arrays over documents.

Every term's counts come from one call, `_whoosh.postings(reader, field, term)`, or from the folded
texts held in memory; nothing here runs Python code per document.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from . import _whoosh
from .index import IndexUnavailable, catch_up, close_searchers, current_searcher, read_lock
from .schema import document_number
from .text import fold, term_words

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 100
MAX_TERMS = 10
BM25_K1, BM25_B = 1.2, 0.75


@dataclass(frozen=True)
class SearchHit:
    paragraph_id: int  # the paragraph's id, or the heading's for a heading
    speech_slug: str
    number: int  # the paragraph's number, or the heading's sequence (#s<N>)
    score: float
    exact: bool
    heading: bool = False


@dataclass
class SearchResults:
    query: str  # as used: trimmed, and cut to MAX_QUERY_CHARS
    truncated: bool
    terms: list[str]  # folded terms, marked in exact hits
    related_terms: list[str]  # the terms' words, marked in related hits
    exact_count: int = 0
    related_count: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    # Every paragraph (or heading) holding every term verbatim, whatever the speech or year asked for: paragraph
    # ids (minus the id for a heading) and the terms' matches in each (summed). For the distribution above the
    # results; None when the search stopped before counting every term (no match left under the filters).
    everywhere: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def total(self) -> int:
        return self.exact_count + self.related_count

    @property
    def marking_terms(self) -> list[str]:
        """What to mark in a text this search found: the terms, or their words when nothing matched verbatim."""
        return self.terms if self.exact_count else self.related_terms

    def terms_for(self, hit: SearchHit) -> list[str]:
        return self.terms if hit.exact else self.related_terms


def parse_query(query: str) -> tuple[str, bool, list[str]]:
    """Trim and cut the query; return it, whether it was cut, and its distinct folded terms."""
    query = " ".join(query.split())
    truncated = len(query) > MAX_QUERY_CHARS
    if truncated:
        query = query[:MAX_QUERY_CHARS].rstrip()
    terms: list[str] = []
    kept_words: list[str] = []
    for word in query.split():
        term = fold(word)
        if term not in terms:
            if len(terms) == MAX_TERMS:
                # Every term must match: a term left out is said, never silently ignored.
                truncated = True
                break
            terms.append(term)
        kept_words.append(word)
    return " ".join(kept_words), truncated, terms


# ---------------------------------------------------------------- the texts held in memory

_texts_lock = threading.Lock()
# The searcher the texts were loaded for (held, so that its id is never reused), and the texts.
_texts: dict[str, object] = {}


@dataclass(frozen=True)
class _Texts:
    """The searcher's documents, by document number (deleted ones as empty text)."""

    folded: list[str]  # every document's folded text
    paragraph_ids: np.ndarray  # every document's paragraph id, minus a heading's id (0 for a deleted one)
    length_norms: np.ndarray  # BM25's length normalisation, k1 * (1 - b + b * length / average)
    live_count: int


def _texts_of(searcher) -> _Texts:
    """Every live document's folded text by document number, loaded once per searcher.

    About 30 MB per 100k paragraphs: checking candidates against their text is far cheaper
    than Whoosh's positional phrase matching in Python.
    """
    with _texts_lock:
        if _texts.get("searcher") is searcher:
            return _texts["texts"]
    folded = [""] * searcher.reader().doc_count_all()
    paragraph_ids = np.zeros(len(folded), dtype=np.int64)
    live_count = 0
    for docnum, stored in searcher.reader().iter_docs():
        folded[docnum] = stored["folded"]
        paragraph_ids[docnum] = document_number(stored["paragraph_id"])
        live_count += 1
    lengths = np.fromiter(map(len, folded), dtype=np.float64, count=len(folded))
    average = max(lengths.sum() / max(live_count, 1), 1.0)
    texts = _Texts(folded, paragraph_ids, BM25_K1 * (1 - BM25_B + BM25_B * lengths / average), live_count)
    with _texts_lock:
        _texts.update(searcher=searcher, texts=texts)
    return texts


def warm() -> None:
    """Open the current index and read its texts now, so that no reader's search pays for it (a new worker)."""
    with read_lock:
        _texts_of(current_searcher())


def forget_open_indexes() -> None:
    """Close cached searchers and drop the texts (tests switch SEARCH_INDEX_DIR between runs)."""
    close_searchers()
    with _texts_lock:
        _texts.clear()


# ---------------------------------------------------------------- counting


def _verbatim_counts(searcher, texts: _Texts, term: str) -> np.ndarray:
    """How often each document's folded text contains the term, by document number: exact, like Ctrl+F.

    One character: a scan of the texts. Two: an index term, counted at indexing. Longer: the
    documents holding its rarest pair of characters, counted in their text.
    """
    folded = texts.folded
    if len(term) == 1:
        return np.fromiter(map(str.count, folded, repeat(term)), dtype=np.float64, count=len(folded))
    if len(term) == 2:
        return _whoosh.postings(searcher.reader(), "grams", term)
    pairs = {term[i : i + 2] for i in range(len(term) - 1)}
    rarest = min(pairs, key=lambda pair: searcher.doc_frequency("grams", pair))
    candidates = np.flatnonzero(_whoosh.postings(searcher.reader(), "grams", rarest))
    counts = np.zeros(len(folded))
    candidate_texts = map(folded.__getitem__, candidates.tolist())
    counts[candidates] = np.fromiter(
        map(str.count, candidate_texts, repeat(term)), dtype=np.float64, count=len(candidates)
    )
    return counts


def _rarity(searcher, term: str) -> int:
    """How many documents the term's first pair is in: a cheap guess at which term to check first."""
    if len(term) < 2:
        return searcher.doc_count_all()  # a single character is checked by a scan: last
    return searcher.doc_frequency("grams", term[:2])


def _word_counts(searcher, texts: _Texts, word: str) -> np.ndarray:
    """How often each document holds one word of a query, for related matches.

    A word of two or more characters counts verbatim, not only where jieba cut the paragraph
    into it: 职工权益 must find 维护职工合法权益, where jieba cuts 合法权益 as one word. A word of one
    character counts where jieba cut it as a word: 力 of 理论的组织力 is inside 力量, 努力 and 能力
    in most paragraphs, and would make nearly every paragraph related (and cost a scan of them all).
    """
    if len(word) > 1:
        return _verbatim_counts(searcher, texts, word)
    return _whoosh.postings(searcher.reader(), "words", word)


def _word_rarity(searcher, word: str) -> int:
    """_rarity, for a word read as _word_counts reads it."""
    return _rarity(searcher, word) if len(word) > 1 else searcher.doc_frequency("words", word)


def _holding_all(searcher, texts: _Texts, words: list[str], word_counts: dict[str, np.ndarray]) -> np.ndarray:
    """Which documents hold every one of the words (see _word_counts); fills `word_counts`."""
    found = None
    for word in sorted(words, key=lambda w: _word_rarity(searcher, w)):  # with no match left, stop
        if word not in word_counts:
            word_counts[word] = _word_counts(searcher, texts, word)
        found = word_counts[word] > 0 if found is None else found & (word_counts[word] > 0)
        if not found.any():
            break
    return found


def _rank(texts: _Texts, wanted: np.ndarray, counts: list[np.ndarray], top: int) -> list[tuple[float, int]]:
    """The `top` best of the wanted documents, as (score, docnum), by BM25 over each term's counts.

    Every match is scored (a frequent word is in most paragraphs), as numpy arrays: no Python
    code runs per document. Equal scores keep reading order.
    """
    if top <= 0:
        return []
    docnums = np.flatnonzero(wanted)
    norms = texts.length_norms[docnums]
    scores = np.zeros(len(docnums))
    for term_counts in counts:
        frequency = max(int(np.count_nonzero(term_counts)), 1)
        weight = math.log(1 + (texts.live_count - frequency + 0.5) / (frequency + 0.5)) * (BM25_K1 + 1)
        tfs = term_counts[docnums]
        scores += tfs * weight / (tfs + norms)
    if len(docnums) > top:
        threshold = np.partition(scores, len(scores) - top)[len(scores) - top]
        keep = scores >= threshold
        docnums, scores = docnums[keep], scores[keep]
    order = np.lexsort((docnums, -scores))[:top]
    return list(zip(scores[order].tolist(), docnums[order].tolist(), strict=True))


# ---------------------------------------------------------------- searching


def search(
    query: str, *, speech: str | None = None, speeches: Iterable[str] | None = None, limit: int = 20, offset: int = 0
) -> SearchResults:
    """Search paragraphs: exact hits first, then related ones; `limit` hits from `offset`.

    Only in `speech`, or among `speeches` (slugs), when given.
    """
    limit, offset = max(limit, 0), max(offset, 0)
    query, truncated, terms = parse_query(query)
    words_of = {term: term_words(term) for term in terms}
    related_terms = list(dict.fromkeys(terms + [word for term in terms for word in words_of[term]]))
    results = SearchResults(query=query, truncated=truncated, terms=terms, related_terms=related_terms)
    if not terms:
        return results
    try:
        catch_up()
    except Exception:  # a search still answers from the index as it is
        logger.exception("catching up with the library's changes failed")
    with read_lock:
        searcher = current_searcher()
        try:
            within = _within(searcher, speech, speeches)
            results.hits = _matches(searcher, terms, words_of, results, within=within, limit=limit, offset=offset)
        except IndexUnavailable:
            raise
        except Exception as error:  # a damaged segment file surfaces here, not at open time
            logger.exception("search failed for %r", query)
            raise IndexUnavailable(f"the search index cannot be read: {error}") from error
    return results


def _within(searcher, speech: str | None, speeches: Iterable[str] | None) -> np.ndarray | None:
    """Which documents belong to the speech and to one of the speeches, when given (None: all do)."""
    within = _whoosh.postings(searcher.reader(), "speech", speech) > 0 if speech else None
    if speeches is not None:
        among = np.zeros(searcher.reader().doc_count_all(), dtype=bool)
        for slug in speeches:
            among |= _whoosh.postings(searcher.reader(), "speech", slug) > 0
        within = among if within is None else within & among
    return within


def _matches(searcher, terms, words_of, results: SearchResults, *, within, limit: int, offset: int) -> list[SearchHit]:
    """Count the matches into `results` and return the hits from `offset` (holding read_lock)."""
    texts = _texts_of(searcher)
    in_speech = within
    verbatim_counts: list[np.ndarray] = []
    word_counts: dict[str, np.ndarray] = {}
    exact = loose = None  # which documents match: every term verbatim; each verbatim or by its words
    # The rarest term first: with no match left, the rest need not be read.
    for term in sorted(terms, key=lambda t: _rarity(searcher, t)):
        counts = _verbatim_counts(searcher, texts, term)
        verbatim_counts.append(counts)
        verbatim = counts > 0 if in_speech is None else (counts > 0) & in_speech
        exact = verbatim if exact is None else exact & verbatim
        looser = verbatim
        if words_of[term] and words_of[term] != [term]:
            looser = verbatim | _holding_all(searcher, texts, words_of[term], word_counts)
            if in_speech is not None:
                looser &= in_speech
        loose = looser if loose is None else loose & looser
        if not loose.any():
            break
    if len(verbatim_counts) == len(terms):
        held = np.flatnonzero(np.logical_and.reduce([counts > 0 for counts in verbatim_counts]))
        matches = np.sum([counts[held] for counts in verbatim_counts], axis=0).astype(np.int64)
        results.everywhere = (texts.paragraph_ids[held], matches)
    related = loose & ~exact
    exact_count, related_count = int(np.count_nonzero(exact)), int(np.count_nonzero(related))
    results.exact_count, results.related_count = exact_count, related_count
    hits: list[SearchHit] = []
    if offset < exact_count:
        ranked = _rank(texts, exact, verbatim_counts, offset + limit)[offset:]
        hits += [_hit(searcher, docnum, score, exact=True) for score, docnum in ranked]
    wanted = offset + limit - exact_count
    if wanted > 0 and related_count:
        # Related hits lack some term verbatim: rank them by the counts of the terms' words.
        ranking = []
        for word in dict.fromkeys(word for term in terms for word in (words_of[term] or [term])):
            if word not in word_counts:
                word_counts[word] = _word_counts(searcher, texts, word)
            ranking.append(word_counts[word])
        ranked = _rank(texts, related, ranking, wanted)
        start = max(0, offset - exact_count)
        hits += [_hit(searcher, docnum, score, exact=False) for score, docnum in ranked[start:]]
    return hits


def _hit(searcher, docnum: int, score: float, *, exact: bool) -> SearchHit:
    stored = searcher.stored_fields(docnum)
    number = document_number(stored["paragraph_id"])
    return SearchHit(
        paragraph_id=abs(number),
        speech_slug=stored["speech"],
        number=stored["number"],
        score=score,
        exact=exact,
        heading=number < 0,
    )
