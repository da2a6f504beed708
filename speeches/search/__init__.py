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

The package, by seam:

* `text`: folding, jieba's words, stop words, the dictionary's fingerprint (no index).
* `schema`: what the index holds per paragraph.
* `index`: generations on disk, the writer lock, rebuild and update, opening searchers.
* `searcher`: matching and ranking on numpy arrays.
* `marking`: spans, highlighted HTML and snippets (no index).
* `phrases`: a speech's key phrases.
* `_whoosh`: the only code that touches Whoosh's internals; it checks the installed version.

Callers use the names below: `from speeches import search`, then `search.search(...)`.
"""

from .index import (
    META,
    POINTER,
    IndexUnavailable,
    check_index,
    index_is_current,
    index_matches_library,
    index_speeches,
    rebuild_index,
)
from .marking import highlight, highlight_split, match_spans, snippet
from .phrases import key_phrase_extractor, key_phrases
from .searcher import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    SearchHit,
    SearchResults,
    forget_open_indexes,
    parse_query,
    search,
    warm,
)
from .text import (
    USER_DICTIONARY,
    dictionary_fingerprint,
    fold,
    stop_words,
    term_words,
    tokenizer,
    user_words,
    word_spans,
    word_tags,
    words,
)

__all__ = [
    "META",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "POINTER",
    "USER_DICTIONARY",
    "IndexUnavailable",
    "SearchHit",
    "SearchResults",
    "check_index",
    "dictionary_fingerprint",
    "fold",
    "forget_open_indexes",
    "highlight",
    "highlight_split",
    "index_is_current",
    "index_matches_library",
    "index_speeches",
    "key_phrases",
    "match_spans",
    "parse_query",
    "rebuild_index",
    "search",
    "warm",
    "snippet",
    "stop_words",
    "term_words",
    "tokenizer",
    "user_words",
    "warm_up",
    "word_spans",
    "word_tags",
    "words",
]


def warm_up() -> None:
    """Load jieba's dictionary, the stop words and the key-phrase extractor now, so no user's first request pays."""
    tokenizer()
    stop_words()
    key_phrase_extractor()
