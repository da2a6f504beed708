"""Full-text search over paragraphs: jieba for words, Whoosh for the index.

What a query means (users type plain text; there is no query syntax):

* The query is folded (traditional → simplified through OpenCC, full-width →
  half-width, lower case) and split on whitespace into terms; every term must
  match.
* A paragraph matches a term *verbatim* when its folded text contains the term.
  This is exact, like Ctrl+F, whatever jieba makes of the text: the `grams`
  field indexes every character and every pair of adjacent characters at its
  character offset, so a term of one or two characters is one index term and a
  longer one is a phrase of its overlapping pairs at consecutive positions.
* A paragraph matches a term *loosely* when it holds all of the term's jieba
  words (职工权益 → 职工 + 权益) in the `words` field, which is ranked by BM25.
* Paragraphs that match every term verbatim come first ("exact"); paragraphs
  that match every term at least loosely follow, labelled as related.

The index lives under ``settings.SEARCH_INDEX_DIR`` in generations: a full
rebuild writes a fresh directory and then swaps the ``CURRENT`` pointer with an
atomic rename, so readers never see a half-built index and pick up the new one
on their next search. Incremental updates (after an import) go into the current
generation under Whoosh's writer lock; readers refresh to the new segments.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
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
from pathlib import Path

import jieba
import jieba.analyse
import opencc
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import LockError

logger = logging.getLogger(__name__)
jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict…" chatter is not for our logs

MAX_QUERY_CHARS = 100
MAX_TERMS = 10
# Bump when tokenization changes: an index built by another version is refused until rebuilt.
ANALYZER_VERSION = 3
DICTIONARY_DIR = Path(__file__).resolve().parent / "dictionaries"
USER_DICTIONARY = DICTIONARY_DIR / "userdict.txt"
STOP_WORDS = DICTIONARY_DIR / "stopwords.txt"
POINTER = "CURRENT"
META = "jingdu.json"
WRITER_TIMEOUT_SECONDS = 30
BM25_K1, BM25_B = 1.2, 0.75


class IndexUnavailable(Exception):
    """The search index is missing, unreadable, built by another version, or busy."""


# ---------------------------------------------------------------- folding and words

_T2S = opencc.OpenCC("t2s")
_HALF_WIDTH = {0x3000: 0x20, **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}}


def fold(text: str) -> str:
    """Fold text for matching: simplified characters, half-width forms, lower case.

    The result has the same length as the input, character for character, so
    offsets found in the folded text mark the original text.
    """
    simplified = _T2S.convert(text)
    if len(simplified) != len(text):
        # OpenCC converted a phrase to one of another length; convert character by character.
        simplified = "".join(c if len(s := _T2S.convert(c)) != 1 else s for c in text)
    narrowed = simplified.translate(_HALF_WIDTH)
    lowered = narrowed.lower()
    if len(lowered) != len(narrowed):  # e.g. "İ".lower() has two code points
        lowered = "".join(c if len(low := c.lower()) != 1 else low for c in narrowed)
    return lowered


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(USER_DICTIONARY))
    return tokenizer


@functools.cache
def _stop_words() -> frozenset[str]:
    return frozenset(line.strip() for line in STOP_WORDS.read_text(encoding="utf-8").splitlines() if line.strip())


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def words(folded: str) -> list[str]:
    """The jieba words of folded text, without whitespace and punctuation."""
    return [token for token in _tokenizer().cut(folded) if _is_word(token)]


def warm_up() -> None:
    """Load jieba's dictionary and the stop words now, so that no user's first search pays for it."""
    _tokenizer()
    _stop_words()
    _key_phrase_extractor()


def dictionary_fingerprint() -> str:
    digest = hashlib.sha256(f"analyzer {ANALYZER_VERSION}\n".encode())
    digest.update(USER_DICTIONARY.read_bytes())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------- schema


class GramTokenizer(Tokenizer):
    """Every distinct pair of adjacent characters of folded text (a pair never spans whitespace).

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
            token.boost = 1.0
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
    if meta.get("fingerprint") != dictionary_fingerprint():
        raise IndexUnavailable("the search index was built with another dictionary; run `manage.py rebuild_index`")


_open_lock = threading.Lock()
_opened: dict[str, tuple[Path, whoosh_index.Index, object]] = {}
# The searcher the texts were loaded for (held, so that its id is never reused), and the texts.
_texts: dict[str, object] = {}


@dataclass(frozen=True)
class _Texts:
    by_docnum: dict[int, str]  # every live document's folded text
    length_norms: dict[int, float]  # BM25's length normalisation, k1 * (1 - b + b * length / average)

    def __getitem__(self, docnum: int) -> str:
        return self.by_docnum[docnum]


def _texts_of(searcher) -> _Texts:
    """Every live document's folded text by document number, loaded once per searcher.

    About 30 MB per 100k paragraphs: checking candidates against their text is far cheaper
    than Whoosh's positional phrase matching in Python.
    """
    with _open_lock:
        if _texts.get("searcher") is searcher:
            return _texts["texts"]
    by_docnum = {docnum: stored["folded"] for docnum, stored in searcher.reader().iter_docs()}
    average = max(sum(map(len, by_docnum.values())) / max(len(by_docnum), 1), 1.0)
    norms = {docnum: BM25_K1 * (1 - BM25_B + BM25_B * len(text) / average) for docnum, text in by_docnum.items()}
    texts = _Texts(by_docnum, norms)
    with _open_lock:
        _texts.update(searcher=searcher, texts=texts)
    return texts


def _searcher():
    """A searcher on the current generation, refreshed when an import has committed since."""
    generation = _current_generation()
    if generation is None or not _exists(generation):
        raise IndexUnavailable("the search index has not been built; run `manage.py rebuild_index`")
    root = str(_root())
    with _open_lock:
        cached = _opened.get(root)
        if cached is None or cached[0] != generation:
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

    paragraphs = Paragraph.objects.order_by("speech__slug", "number")
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


def rebuild_index(processes: int | None = None) -> int:
    """Build a fresh index of every paragraph and make it current; returns the paragraph count.

    The new generation is complete and committed before the pointer moves to it,
    and readers switch on their next search. Older generations are removed.
    """
    root = _root()
    root.mkdir(parents=True, exist_ok=True)
    processes = processes or min(os.cpu_count() or 1, 4)
    generation = root / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    generation.mkdir()
    try:
        ix = whoosh_index.create_in(str(generation), make_schema())
        writer = ix.writer(limitmb=256)
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
    # A reader that still holds an old generation open keeps its files on POSIX.
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
    if not index_is_current():
        rebuild_index()
        return
    generation = _current_generation()
    ix = whoosh_index.open_dir(str(generation))
    try:
        writer = ix.writer(timeout=WRITER_TIMEOUT_SECONDS)
    except LockError as error:
        raise IndexUnavailable("another process is writing the search index; try again when it has finished") from error
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
    terms = list(dict.fromkeys(fold(query).split()))[:MAX_TERMS]
    return query, truncated, terms


def _term_words(term: str) -> list[str]:
    found = list(dict.fromkeys(words(term)))
    meaningful = [word for word in found if word not in _stop_words()]
    return meaningful or found


def _postings(searcher, fieldname: str, text: str, live: Iterable[int] | None = None) -> set[int]:
    """The documents holding this index term (one posting list, no scoring), limited to `live` ones.

    Reads whole blocks of document numbers from whoosh-reloaded 2.7's posting matcher
    instead of stepping through them one call at a time, which is several times faster.
    """
    found: set[int] = set()
    for leaf, base in searcher.reader().leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        matcher = leaf.postings(fieldname, text)
        if not hasattr(matcher, "_read_ids"):  # another codec: the generic, slower way
            found.update(base + docnum for docnum in matcher.all_ids())
            continue
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            found.update(matcher._ids if base == 0 else (base + docnum for docnum in matcher._ids))
            matcher._next_block()
    if live is not None:
        found.intersection_update(live)
    return found


def _verbatim_ids(searcher, texts, term: str) -> set[int]:
    """Documents whose folded text contains the term: exact, like Ctrl+F.

    One character: a scan of the texts. Two: an index term. Longer: the documents holding
    its rarest pair of characters, kept when their text contains the whole term.
    """
    if len(term) == 1:
        return {docnum for docnum, text in texts.by_docnum.items() if term in text}
    if len(term) == 2:
        return _postings(searcher, "grams", term, texts.by_docnum.keys())
    pairs = {term[i : i + 2] for i in range(len(term) - 1)}
    rarest = min(pairs, key=lambda pair: searcher.doc_frequency("grams", pair))
    by_docnum = texts.by_docnum
    return {docnum for docnum in _postings(searcher, "grams", rarest) if term in by_docnum.get(docnum, "")}


def _word_ids(searcher, texts: _Texts, term_words: list[str]) -> set[int]:
    """Documents holding every one of the words, as jieba cut them."""
    found: set[int] | None = None
    for word in sorted(term_words, key=lambda w: searcher.doc_frequency("words", w)):
        postings = _postings(searcher, "words", word, texts.by_docnum.keys())
        found = postings if found is None else found & postings
        if not found:
            break
    return found or set()


def _rank(texts: _Texts, docnums: set[int], terms: list[str], searcher, fieldname: str, top: int):
    """The `top` best documents, as (score, -docnum), by BM25 over the terms' occurrences in the folded text.

    Written as tight loops: a frequent word matches half the paragraphs, and every one is scored.
    """
    total = max(searcher.doc_count(), 1)
    weights = []
    for term in terms:
        frequency = searcher.doc_frequency(fieldname, term) if len(term) <= 2 or fieldname == "words" else 0
        frequency = frequency or len(docnums)  # longer verbatim terms: the matches are the frequency
        idf = math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))
        weights.append((term, idf * (BM25_K1 + 1)))
    by_docnum, norms = texts.by_docnum, texts.length_norms
    if len(weights) == 1:
        (term, weight), count = weights[0], str.count
        scored = [((tf := count(by_docnum[d], term)) * weight / (tf + norms[d]), -d) for d in docnums]
        return heapq.nlargest(top, scored)
    if len(weights) == 2:  # the usual related query: two words
        (first, w1), (second, w2), count = weights[0], weights[1], str.count
        scored = [
            (
                (tf1 := count(text := by_docnum[d], first)) * w1 / (tf1 + (n := norms[d]))
                + (tf2 := count(text, second)) * w2 / (tf2 + n),
                -d,
            )
            for d in docnums
        ]
        return heapq.nlargest(top, scored)
    scored = []
    for docnum in docnums:
        text, norm, score = by_docnum[docnum], norms[docnum], 0.0
        for term, weight in weights:
            tf = text.count(term)
            if tf:
                score += tf * weight / (tf + norm)
        scored.append((score, -docnum))
    return heapq.nlargest(top, scored)


def search(query: str, *, speech: str | None = None, limit: int = 20, offset: int = 0) -> SearchResults:
    """Search paragraphs: exact hits first, then related ones; `limit` hits from `offset`."""
    query, truncated, terms = parse_query(query)
    words_of = {term: _term_words(term) for term in terms}
    related_terms = list(dict.fromkeys(terms + [word for term in terms for word in words_of[term]]))
    results = SearchResults(query=query, truncated=truncated, terms=terms, related_terms=related_terms)
    if not terms:
        return results
    searcher = _searcher()
    try:
        texts = _texts_of(searcher)
        in_speech = _postings(searcher, "speech", speech, texts.by_docnum.keys()) if speech else None
        exact_ids: set[int] | None = None
        loose_ids: set[int] | None = None
        # The rarest term first: the sets shrink fastest.
        for term in sorted(terms, key=lambda t: searcher.doc_frequency("grams", t[:2])):
            verbatim = _verbatim_ids(searcher, texts, term)
            if in_speech is not None:
                verbatim &= in_speech
            exact_ids = verbatim if exact_ids is None else exact_ids & verbatim
            looser = verbatim
            if words_of[term] and words_of[term] != [term]:
                looser = verbatim | _word_ids(searcher, texts, words_of[term])
                if in_speech is not None:
                    looser &= in_speech
            loose_ids = looser if loose_ids is None else loose_ids & looser
            if not loose_ids:
                break
        exact_ids = exact_ids or set()
        related_ids = (loose_ids or set()) - exact_ids
        results.exact_count, results.related_count = len(exact_ids), len(related_ids)
        hits: list[SearchHit] = []
        if offset < len(exact_ids):
            ranked = _rank(texts, exact_ids, terms, searcher, "grams", offset + limit)[offset:]
            hits += [_hit(searcher, texts, docnum, score, exact=True) for score, docnum in ranked]
        wanted = offset + limit - len(exact_ids)
        if wanted > 0 and related_ids:
            # Related hits lack some term verbatim: rank them by the terms' words alone.
            word_terms = list(dict.fromkeys(word for term in terms for word in (words_of[term] or [term])))
            ranked = _rank(texts, related_ids, word_terms, searcher, "words", wanted)
            start = max(0, offset - len(exact_ids))
            hits += [_hit(searcher, texts, docnum, score, exact=False) for score, docnum in ranked[start:]]
    except IndexUnavailable:
        raise
    except Exception as error:  # a damaged segment file surfaces here, not at open time
        logger.exception("search failed for %r", query)
        raise IndexUnavailable(f"the search index cannot be read: {error}") from error
    results.hits = hits
    return results


def _hit(searcher, texts, negated_docnum: int, score: float, *, exact: bool) -> SearchHit:
    stored = searcher.stored_fields(-negated_docnum)
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
    searcher = _searcher()
    try:
        searcher.doc_count()
    except Exception as error:
        raise IndexUnavailable(f"the search index cannot be read: {error}") from error
