"""What the index holds for each paragraph, and the two tokenizers that fill it."""

from __future__ import annotations

import functools

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from . import _whoosh
from .text import fold, words

WORD_SEPARATOR = "\x1f"


class GramTokenizer(Tokenizer):
    """Every distinct pair of adjacent characters of folded text (a pair never spans whitespace), weighted by its count.

    The count is `str.count`'s, without overlaps (哈哈哈 holds 哈哈 once), as for every other
    length of term, so that no length of term weighs more than another in the ranking.

    Single characters need no index: a one-character query scans the texts held in memory.
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):  # fmt: skip
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = value  # folded by document()
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


HEADING_KEY = "h"


def heading_key(heading_id: int) -> str:
    """The document key of a section heading: "h" and its id (a paragraph's key is its id)."""
    return f"{HEADING_KEY}{heading_id}"


def document_number(key: str) -> int:
    """A document key as one number: a paragraph's id, or minus a heading's id."""
    return -int(key[len(HEADING_KEY) :]) if key.startswith(HEADING_KEY) else int(key)


def make_schema() -> Schema:
    return Schema(
        # A paragraph's id, or "h" and a heading's id: headings are searched as paragraphs are.
        paragraph_id=ID(stored=True, unique=True),
        speech=ID(stored=True),
        number=STORED(),
        # Candidates only: every verbatim match is then checked on the folded text, so no positions.
        grams=KEYWORD(analyzer=GramTokenizer()),
        words=TEXT(analyzer=PretokenizedWords(), phrase=False),
        folded=STORED(),
    )


def document(paragraph_id: int | str, speech_slug: str, number: int, text: str) -> dict:
    """The index document of one paragraph or heading (jieba runs here: the costly part)."""
    folded = fold(text)
    return {
        "paragraph_id": str(paragraph_id),
        "speech": speech_slug,
        "number": number,
        "grams": folded,
        "words": WORD_SEPARATOR.join(words(folded)),
        "folded": folded,
    }


def documents_for(rows: list[tuple[int | str, str, int, str]]) -> list[dict]:
    return [document(*row) for row in rows]


@functools.cache
def _schema() -> Schema:
    return make_schema()


def analysed_documents_for(rows: list[tuple[int | str, str, int, str]]) -> list[list]:
    """The documents of rows, analysed for the bulk writer (see _whoosh.analysed): a rebuild's worker's job."""
    return [_whoosh.analysed(_schema(), document(*row)) for row in rows]
