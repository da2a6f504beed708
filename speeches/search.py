"""Full-text search over paragraphs: jieba for words, Whoosh for the index.

What a query means (users type plain text; there is no query syntax):

* The query is folded (traditional → simplified through OpenCC, full-width →
  half-width, lower case) and split on whitespace into terms; every term must
  match.
* A paragraph matches a term *verbatim* when its folded text contains the term.
  This is exact, like Ctrl+F, whatever jieba makes of the text. The `grams`
  field indexes every pair of adjacent characters, weighted by its count: a
  two-character term is one index term, a longer one is checked on the folded
  texts (held in memory) of the paragraphs holding its rarest pair, and a
  single character is looked for in those texts directly.
* A paragraph matches a term *loosely* when it holds all of the term's jieba
  words (职工权益 → 职工 + 权益) in the `words` field.
* Paragraphs that match every term verbatim come first ("exact"), ranked by
  BM25 over the terms' counts; paragraphs that match every term at least
  loosely follow, labelled as related, ranked by BM25 over the terms' words.

The index lives under ``settings.SEARCH_INDEX_DIR`` in generations: a full
rebuild writes a fresh directory and then swaps the ``CURRENT`` pointer with an
atomic rename, so readers never see a half-built index and pick up the new one
on their next search. Incremental updates (after an import) go into the current
generation; readers refresh to the new segments. One lock file (``write.lock``)
lets a single rebuild or import write at a time.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import io
import json
import logging
import math
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path

import jieba
import jieba.analyse
import numpy as np
import opencc
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.matching.wrappers import FilterMatcher

logger = logging.getLogger(__name__)
jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict…" chatter is not for our logs

MAX_QUERY_CHARS = 100
MAX_TERMS = 10
# Bump when tokenization changes: an index built by another version is refused until rebuilt.
ANALYZER_VERSION = 6
DICTIONARY_DIR = Path(__file__).resolve().parent / "dictionaries"
USER_DICTIONARY = DICTIONARY_DIR / "userdict.txt"
STOP_WORDS = DICTIONARY_DIR / "stopwords.txt"
POINTER = "CURRENT"
META = "jingdu.json"
WRITE_LOCK = "write.lock"
WRITER_TIMEOUT_SECONDS = 30
BM25_K1, BM25_B = 1.2, 0.75
POSTING_BLOCK = 8192  # postings per block in the index files: see _codec


class IndexUnavailable(Exception):
    """The search index is missing, unreadable, built by another version, or busy."""


# ---------------------------------------------------------------- folding and words

_T2S = opencc.OpenCC("t2s")
_HALF_WIDTH = {0x3000: 0x20, **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}}


class _FoldTable(dict):
    """str.translate's table for fold(), filled one character at a time as characters are met.

    Each character is converted on its own, never by phrase: OpenCC's phrase conversion
    depends on the neighbours (乾 alone becomes 干, inside 乾坤 it stays), so a query of one
    character would miss the text that holds it inside a phrase. Character by character, the
    text and every part of it fold alike.
    """

    def __missing__(self, code: int) -> str:
        character = chr(code)
        simplified = _T2S.convert(character)
        if len(simplified) != 1:  # no one-character conversion: keep it
            simplified = character
        narrowed = simplified.translate(_HALF_WIDTH)
        lowered = narrowed.lower()
        if len(lowered) != 1:  # e.g. "İ".lower() has two code points
            lowered = narrowed
        self[code] = lowered
        return lowered


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Fold text for matching: simplified characters, half-width forms, lower case.

    The result has the same length as the input, character for character, so
    offsets found in the folded text mark the original text.
    """
    return text.translate(_FOLD_TABLE)


@functools.cache
def _loaded_dictionary() -> bytes:
    """The user dictionary as this process read it, once: what all its word cutting uses."""
    return USER_DICTIONARY.read_bytes()


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(io.BytesIO(_loaded_dictionary()))
    return tokenizer


@functools.cache
def _stop_words() -> frozenset[str]:
    return frozenset(line.strip() for line in STOP_WORDS.read_text(encoding="utf-8").splitlines() if line.strip())


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def words(folded: str) -> list[str]:
    """The jieba words of folded text, without whitespace and punctuation."""
    return [token for token in _tokenizer().cut(folded) if _is_word(token)]


def word_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) offsets of jieba's words in text, cut with the project's user dictionary."""
    return [(start, end) for _, start, end in _tokenizer().tokenize(text)]


def warm_up() -> None:
    """Load jieba's dictionary and the stop words now, so that no user's first search pays for it."""
    _tokenizer()
    _stop_words()
    _key_phrase_extractor()


def _fingerprint(dictionary: bytes) -> str:
    digest = hashlib.sha256(f"analyzer {ANALYZER_VERSION}\n".encode())
    digest.update(dictionary)
    return digest.hexdigest()[:16]


def dictionary_fingerprint() -> str:
    """Which analyzer and user dictionary this process cuts words with (the dictionary as it was loaded)."""
    return _fingerprint(_loaded_dictionary())


# ---------------------------------------------------------------- schema


class GramTokenizer(Tokenizer):
    """Every distinct pair of adjacent characters of folded text (a pair never spans whitespace), weighted by its count.

    The count is `str.count`'s, without overlaps (哈哈哈 holds 哈哈 once), as for every other
    length of term, so that no length of term weighs more than another in the ranking.

    Single characters need no index: a one-character query scans the texts held in memory.
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):  # fmt: skip
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = value  # folded by _document
        pairs = {text[i : i + 2] for i in range(len(text) - 1)}
        for pair in sorted(pairs):
            if pair[0].isspace() or pair[1].isspace():
                continue
            token.text = pair
            token.boost = float(text.count(pair))  # the posting's weight: how often the pair occurs, for ranking
            token.stopped = False
            yield token


class PretokenizedWords(Tokenizer):
    """Words already cut by jieba, joined by U+001F; positions count words.

    jieba runs before the writer (in worker processes during a rebuild), so
    that the single Whoosh writer does only the indexing.
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):  # fmt: skip
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for number, word in enumerate(value.split(WORD_SEPARATOR) if value else ()):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + number
            yield token


WORD_SEPARATOR = "\x1f"


def make_schema() -> Schema:
    return Schema(
        paragraph_id=ID(stored=True, unique=True),
        speech=ID(stored=True),
        number=STORED(),
        # Candidates only: every verbatim match is then checked on the folded text, so no positions.
        grams=KEYWORD(analyzer=GramTokenizer()),
        words=TEXT(analyzer=PretokenizedWords(), phrase=False),
        folded=STORED(),
    )


def _codec() -> W3Codec:
    """Whoosh's default codec with longer posting blocks.

    A search reads whole posting lists, a block at a time (see _postings), and a frequent term
    spans thousands of the default 128-posting blocks, each decoded with Python calls; blocks of
    POSTING_BLOCK postings cut that cost several times. Nothing here uses Whoosh's skipping within a
    posting list, which longer blocks make coarser.
    """
    return W3Codec(blocklimit=POSTING_BLOCK)


def _document(paragraph_id: int, speech_slug: str, number: int, text: str) -> dict:
    folded = fold(text)
    return {
        "paragraph_id": str(paragraph_id),
        "speech": speech_slug,
        "number": number,
        "grams": folded,
        "words": WORD_SEPARATOR.join(words(folded)),
        "folded": folded,
    }


def _documents_for(rows: list[tuple[int, str, int, str]]) -> list[dict]:
    return [_document(*row) for row in rows]


# ---------------------------------------------------------------- index location


def _root() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def _current_generation() -> Path | None:
    try:
        name = (_root() / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise IndexUnavailable(f"cannot read the search index pointer: {error}") from error
    return _root() / name if name else None


def _exists(generation: Path) -> bool:
    try:
        return whoosh_index.exists_in(str(generation))
    except Exception as error:  # Whoosh raises assorted errors on a damaged table of contents
        raise IndexUnavailable(f"the search index is damaged ({error}); run `manage.py rebuild_index`") from error


def _check_meta(generation: Path) -> None:
    try:
        meta = json.loads((generation / META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexUnavailable("the search index is damaged; run `manage.py rebuild_index`") from error
    built_with = meta.get("fingerprint")
    if built_with != dictionary_fingerprint():
        if built_with == _fingerprint(USER_DICTIONARY.read_bytes()):
            # Rebuilt elsewhere with the edited dictionary, which this process loaded before the edit.
            raise IndexUnavailable(
                "the user dictionary changed after this server started; restart the server to search with it"
            )
        raise IndexUnavailable("the search index was built with another dictionary; run `manage.py rebuild_index`")


_open_lock = threading.Lock()
_read_lock = threading.Lock()
_opened: dict[str, tuple[Path, whoosh_index.Index, object]] = {}
# The searcher the texts were loaded for (held, so that its id is never reused), and the texts.
_texts: dict[str, object] = {}


@dataclass(frozen=True)
class _Texts:
    """The searcher's documents, by document number (deleted ones as empty text)."""

    folded: list[str]  # every document's folded text
    length_norms: np.ndarray  # BM25's length normalisation, k1 * (1 - b + b * length / average)
    live_count: int


def _texts_of(searcher) -> _Texts:
    """Every live document's folded text by document number, loaded once per searcher.

    About 30 MB per 100k paragraphs: checking candidates against their text is far cheaper
    than Whoosh's positional phrase matching in Python.
    """
    with _open_lock:
        if _texts.get("searcher") is searcher:
            return _texts["texts"]
    folded = [""] * searcher.reader().doc_count_all()
    live_count = 0
    for docnum, stored in searcher.reader().iter_docs():
        folded[docnum] = stored["folded"]
        live_count += 1
    lengths = np.fromiter(map(len, folded), dtype=np.float64, count=len(folded))
    average = max(lengths.sum() / max(live_count, 1), 1.0)
    texts = _Texts(folded, BM25_K1 * (1 - BM25_B + BM25_B * lengths / average), live_count)
    with _open_lock:
        _texts.update(searcher=searcher, texts=texts)
    return texts


def _searcher():
    """A searcher on the current generation, refreshed when an import has committed since."""
    generation = _current_generation()
    root = str(_root())
    with _open_lock:
        cached = _opened.get(root)
        if cached is None or cached[0] != generation:
            if generation is not None and not _exists(generation):
                # A rebuild may have moved the pointer and removed this generation since it was read.
                generation = _current_generation()
            if generation is None or not _exists(generation):
                raise IndexUnavailable("the search index has not been built; run `manage.py rebuild_index`")
            _check_meta(generation)
            try:
                ix = whoosh_index.open_dir(str(generation))
                searcher = ix.searcher()
            except Exception as error:  # Whoosh raises assorted errors on damaged files
                raise IndexUnavailable(f"the search index cannot be opened: {error}") from error
            if cached is not None:
                cached[2].close()
            cached = _opened[root] = (generation, ix, searcher)
        generation, ix, searcher = cached
        try:
            if not searcher.up_to_date():
                # Not searcher.refresh(): whoosh-reloaded 2.7.5's reader reuse adds back
                # segments that a merge or a deletion has replaced, so deleted
                # paragraphs would still be found. A fresh searcher is correct.
                fresh = ix.searcher()
                searcher.close()
                _opened[root] = (generation, ix, fresh)
                searcher = fresh
        except Exception as error:
            raise IndexUnavailable(f"the search index cannot be read: {error}") from error
    return searcher


def forget_open_indexes() -> None:
    """Close cached searchers (tests switch SEARCH_INDEX_DIR between runs)."""
    with _open_lock:
        for _, _, searcher in _opened.values():
            searcher.close()
        _opened.clear()
        _texts.clear()


# ---------------------------------------------------------------- writing


def _paragraph_rows(speech_slugs: Iterable[str] | None = None) -> Iterator[tuple[int, str, int, str]]:
    from .models import Paragraph

    paragraphs = Paragraph.objects.filter(speech__archived_at=None).order_by("speech__slug", "number")
    if speech_slugs is not None:
        paragraphs = paragraphs.filter(speech__slug__in=list(speech_slugs))
    yield from paragraphs.values_list("pk", "speech__slug", "number", "text").iterator(chunk_size=2000)


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _cut_in_worker_processes(rows: Iterator, processes: int) -> Iterator[dict]:
    """Documents for rows, with jieba (the costly part) spread over worker processes."""
    if processes <= 1:
        for chunk in _chunks(rows, 500):
            yield from _documents_for(chunk)
        return
    with ProcessPoolExecutor(max_workers=processes, initializer=warm_up) as pool:
        pending = []
        for chunk in _chunks(rows, 500):
            pending.append(pool.submit(_documents_for, chunk))
            if len(pending) >= processes * 3:  # bounded read-ahead keeps memory flat
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


@contextlib.contextmanager
def _writing() -> Iterator[None]:
    """Hold the index's one writer lock: a rebuild and an import never write at once.

    Whoosh's own writer lock lives inside one generation, so it cannot keep an import from
    writing into the generation that a rebuild is about to replace (the import would be lost),
    nor two rebuilds from removing each other's generation. This lock covers the whole index.
    """
    root = _root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / WRITE_LOCK, "a+b") as lock_file:
        deadline = time.monotonic() + WRITER_TIMEOUT_SECONDS
        while True:
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexUnavailable(
                        "another process is writing the search index; try again when it has finished"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def rebuild_index(processes: int | None = None) -> int:
    """Build a fresh index of every paragraph and make it current; returns the paragraph count.

    The new generation is complete and committed before the pointer moves to it,
    and readers switch on their next search. Older generations are removed.
    Raises IndexUnavailable when another process has been writing the index for
    longer than WRITER_TIMEOUT_SECONDS.
    """
    with _writing():
        return _rebuild(processes)


def _rebuild(processes: int | None) -> int:
    root = _root()
    processes = processes or min(os.cpu_count() or 1, 4)
    _loaded_dictionary()  # read before the worker processes fork, so that all of them cut with the one recorded
    generation = root / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    generation.mkdir()
    try:
        ix = whoosh_index.create_in(str(generation), make_schema())
        writer = ix.writer(limitmb=256, codec=_codec())
        count = 0
        for document in _cut_in_worker_processes(_paragraph_rows(), processes):
            writer.add_document(**document)
            count += 1
        writer.commit(optimize=True)
        (generation / META).write_text(
            json.dumps({"fingerprint": dictionary_fingerprint(), "paragraphs": count}), encoding="utf-8"
        )
        pointer_tmp = root / f"{POINTER}.{os.getpid()}.tmp"
        pointer_tmp.write_text(generation.name, encoding="utf-8")
        os.replace(pointer_tmp, root / POINTER)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    _remove_old_generations(keep=generation)
    return count


def _remove_old_generations(keep: Path) -> None:
    # Under the writer lock no other generation is being written. A reader that still holds an
    # old generation open keeps its files on POSIX.
    for path in _root().glob("gen-*"):
        if path != keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def index_is_current() -> bool:
    try:
        generation = _current_generation()
        if generation is None or not _exists(generation):
            return False
        _check_meta(generation)
    except IndexUnavailable:
        return False
    return True


def index_speeches(speech_slugs: Iterable[str]) -> None:
    """Re-index the paragraphs of these speeches (a full rebuild when there is no usable index).

    Raises IndexUnavailable when another process holds the writer lock for longer
    than WRITER_TIMEOUT_SECONDS.
    """
    speech_slugs = list(speech_slugs)
    with _writing():
        if not index_is_current():
            _rebuild(processes=None)
            return
        ix = whoosh_index.open_dir(str(_current_generation()))
        try:
            writer = ix.writer(timeout=WRITER_TIMEOUT_SECONDS, codec=_codec())
        except LockError as error:  # a writer from before this lock existed, still running
            raise IndexUnavailable(
                "another process is writing the search index; try again when it has finished"
            ) from error
        try:
            for slug in speech_slugs:
                writer.delete_by_term("speech", slug)
            for chunk in _chunks(_paragraph_rows(speech_slugs), 500):
                for document in _documents_for(chunk):
                    writer.add_document(**document)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()


# ---------------------------------------------------------------- querying


@dataclass(frozen=True)
class SearchHit:
    paragraph_id: int
    speech_slug: str
    number: int
    score: float
    exact: bool


@dataclass
class SearchResults:
    query: str  # as used: trimmed, and cut to MAX_QUERY_CHARS
    truncated: bool
    terms: list[str]  # folded terms, marked in exact hits
    related_terms: list[str]  # the terms' words, marked in related hits
    exact_count: int = 0
    related_count: int = 0
    hits: list[SearchHit] = field(default_factory=list)

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


def _term_words(term: str) -> list[str]:
    found = list(dict.fromkeys(words(term)))
    meaningful = [word for word in found if word not in _stop_words()]
    return meaningful or found


def _postings(searcher, fieldname: str, text: str) -> np.ndarray:
    """The term's weight in each document, by document number: 0 where it is absent or deleted.

    The weight is the term's count in the document (in `grams` as in `words`), which
    ranks without recounting. Reads whole blocks from whoosh-reloaded 2.7's posting
    matcher and decodes them with numpy instead of stepping through them a call at a
    time: several times faster.
    """
    weights = np.zeros(searcher.reader().doc_count_all())
    for leaf, base in searcher.reader().leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        matcher = leaf.postings(fieldname, text)
        deleted: frozenset[int] = frozenset()
        if isinstance(matcher, FilterMatcher):  # it hides the leaf's deleted documents one by one
            deleted, matcher = leaf.deleted_docs_set, matcher.child  # zeroed below, all at once
        if not hasattr(matcher, "_read_data") or matcher._byteids:  # another codec: the generic, slower way
            while matcher.is_active():
                weights[base + matcher.id()] = matcher.weight()
                matcher.next()
        else:
            deltas: list[tuple[int, ...]] = []  # a block's ids are delta-encoded from 0
            block_weights = []
            while matcher.is_active():
                if matcher._data is None:
                    matcher._read_data()
                ids, block_weight = matcher._data[0], matcher._data[1]
                deltas.append(ids)
                if block_weight is None or isinstance(block_weight, float):  # one weight for the whole block
                    block_weight = repeat(1.0 if block_weight is None else block_weight, len(ids))
                block_weights.append(block_weight)
                matcher._next_block()
            if deltas:
                sizes = np.fromiter(map(len, deltas), dtype=np.int64, count=len(deltas))
                running = np.cumsum(np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=sizes.sum()))
                # Undo the delta encoding block by block: subtract the running sum before each block.
                before_block = np.concatenate(([0], running[np.cumsum(sizes)[:-1] - 1]))
                docnums = running - np.repeat(before_block, sizes) + base
                weights[docnums] = np.fromiter(chain.from_iterable(block_weights), dtype=np.float64, count=sizes.sum())
        if deleted:
            weights[np.fromiter(deleted, dtype=np.int64, count=len(deleted)) + base] = 0.0
    return weights


def _verbatim_counts(searcher, texts: _Texts, term: str) -> np.ndarray:
    """How often each document's folded text contains the term, by document number: exact, like Ctrl+F.

    One character: a scan of the texts. Two: an index term, counted at indexing. Longer: the
    documents holding its rarest pair of characters, counted in their text.
    """
    folded = texts.folded
    if len(term) == 1:
        return np.fromiter(map(str.count, folded, repeat(term)), dtype=np.float64, count=len(folded))
    if len(term) == 2:
        return _postings(searcher, "grams", term)
    pairs = {term[i : i + 2] for i in range(len(term) - 1)}
    rarest = min(pairs, key=lambda pair: searcher.doc_frequency("grams", pair))
    candidates = np.flatnonzero(_postings(searcher, "grams", rarest))
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
    return _postings(searcher, "words", word)


def _word_rarity(searcher, word: str) -> int:
    """_rarity, for a word read as _word_counts reads it."""
    return _rarity(searcher, word) if len(word) > 1 else searcher.doc_frequency("words", word)


def _holding_all(searcher, texts: _Texts, term_words: list[str], word_counts: dict[str, np.ndarray]) -> np.ndarray:
    """Which documents hold every one of the words (see _word_counts); fills `word_counts`."""
    found = None
    for word in sorted(term_words, key=lambda w: _word_rarity(searcher, w)):  # with no match left, stop
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


def search(query: str, *, speech: str | None = None, limit: int = 20, offset: int = 0) -> SearchResults:
    """Search paragraphs: exact hits first, then related ones; `limit` hits from `offset`."""
    limit, offset = max(limit, 0), max(offset, 0)
    query, truncated, terms = parse_query(query)
    words_of = {term: _term_words(term) for term in terms}
    related_terms = list(dict.fromkeys(terms + [word for term in terms for word in words_of[term]]))
    results = SearchResults(query=query, truncated=truncated, terms=terms, related_terms=related_terms)
    if not terms:
        return results
    # Whoosh's posting matchers seek and then read a file that every user of the searcher shares,
    # and a newer searcher closes the old one: one search at a time per process (gunicorn's sync
    # workers never run two; runserver's threads can).
    with _read_lock:
        searcher = _searcher()
        try:
            texts = _texts_of(searcher)
            in_speech = _postings(searcher, "speech", speech) > 0 if speech else None
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
        except IndexUnavailable:
            raise
        except Exception as error:  # a damaged segment file surfaces here, not at open time
            logger.exception("search failed for %r", query)
            raise IndexUnavailable(f"the search index cannot be read: {error}") from error
    results.hits = hits
    return results


def _hit(searcher, docnum: int, score: float, *, exact: bool) -> SearchHit:
    stored = searcher.stored_fields(docnum)
    return SearchHit(
        paragraph_id=int(stored["paragraph_id"]),
        speech_slug=stored["speech"],
        number=stored["number"],
        score=score,
        exact=exact,
    )


# ---------------------------------------------------------------- marking


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the folded terms occur in text, as merged (start, end) offsets."""
    folded = fold(text)
    spans = []
    for term in terms:
        if not term:
            continue
        start = folded.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: Iterable[str], spans: list[tuple[int, int]] | None = None) -> SafeString:
    """Text, escaped, with every match of the terms in <mark>."""
    if spans is None:
        spans = match_spans(text, terms)
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(conditional_escape(text[position:start]))
        pieces.append(f"<mark>{conditional_escape(text[start:end])}</mark>")
        position = end
    pieces.append(conditional_escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text is escaped above)


def highlight_split(text: str, terms: Iterable[str], at: int) -> tuple[SafeString, SafeString, int]:
    """Text cut in two at offset `at`, each part highlighted, and how many matches there are.

    The matches are found in the whole text, so one that crosses the cut is marked on both sides
    (and counted once).
    """
    spans = match_spans(text, terms)
    before = [(start, min(end, at)) for start, end in spans if start < at]
    after = [(max(start, at) - at, end - at) for start, end in spans if end > at]
    return highlight(text[:at], (), before), highlight(text[at:], (), after), len(spans)


def snippet(text: str, terms: Iterable[str], width: int = 90) -> SafeString:
    """About `width` characters of text around its first match, matches marked, cuts shown with …."""
    spans = match_spans(text, terms)
    if len(text) <= width:
        return highlight(text, (), spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(text) - width))
    # Start at a sentence or clause boundary when one is close before the match.
    boundary = max(text.rfind(mark, max(0, start - 12), first) for mark in "。，；！？")
    if boundary != -1 and boundary + 1 <= first:
        start = boundary + 1
    end = min(len(text), start + width)
    window = [(max(s, start) - start, min(e, end) - start) for s, e in spans if e > start and s < end]
    marked = highlight(text[start:end], (), window)
    return mark_safe(("…" if start > 0 else "") + marked + ("…" if end < len(text) else ""))


# ---------------------------------------------------------------- key phrases


@functools.cache
def _key_phrase_extractor() -> jieba.analyse.TFIDF:
    extractor = jieba.analyse.TFIDF()
    extractor.tokenizer = _tokenizer()
    extractor.set_stop_words(str(STOP_WORDS))
    return extractor


_key_phrase_cache: dict[tuple[int, str, int], list[str]] = {}


def key_phrases(speech, limit: int = 8) -> list[str]:
    """The speech's top key phrases by TF-IDF, without function words and boilerplate.

    Cached per process by the speech's checksum, which changes when it is re-imported.
    """
    key = (speech.pk, speech.checksum, limit)
    if key not in _key_phrase_cache:
        text = "\n".join(speech.paragraphs.order_by("number").values_list("text", flat=True))
        candidates = _key_phrase_extractor().extract_tags(text, topK=limit * 3) if text else []
        stop_words = _stop_words()
        phrases = [word for word in candidates if len(word) >= 2 and not word.isdigit() and word not in stop_words]
        if len(_key_phrase_cache) > 256:
            _key_phrase_cache.clear()
        _key_phrase_cache[key] = phrases[:limit]
    return _key_phrase_cache[key]


def check_index() -> None:
    """Raise IndexUnavailable unless a search can run now (used by /healthz)."""
    with _read_lock:
        searcher = _searcher()
        try:
            searcher.doc_count()
        except Exception as error:
            raise IndexUnavailable(f"the search index cannot be read: {error}") from error
