"""What the index holds: a document for each paragraph and section heading of the speeches that count (in reading
order), and the two tokenizers that fill it."""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable, Iterator

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


def indexed_rows(speech_slugs: Iterable[str] | None = None) -> Iterator[tuple[str, str, int, str]]:
    """Every paragraph and section heading of the speeches that count, in reading order, as (document key,
    speech slug, number, text): a paragraph's key is its id and its number is its number; a heading's key is
    "h" and its id (schema.heading_key) and its number is its sequence (its anchor, #s<N>)."""
    from ..models import Heading, Paragraph, Speech  # here: the models need the app registry ready

    # An archived (withdrawn) speech leaves the search, and a second copy of a speech is not found twice.
    speeches = Speech.objects.counted()
    if speech_slugs is not None:
        speeches = speeches.filter(slug__in=list(speech_slugs))
    headings: dict[int, list[tuple[int, int, int, str]]] = {}
    for row in (
        Heading.objects.filter(speech__in=speeches)
        .order_by("speech_id", "sequence")
        .values_list("speech_id", "before", "pk", "sequence", "text")
    ):
        headings.setdefault(row[0], []).append(row[1:])
    paragraphs = (
        Paragraph.objects.filter(speech__in=speeches)
        .order_by("speech__slug", "number")
        .values_list("pk", "speech_id", "speech__slug", "number", "text")
    )
    pending: deque = deque()
    current, slug = None, ""
    for pk, speech_id, speech_slug, number, text in paragraphs.iterator(chunk_size=2000):
        if speech_id != current:
            yield from ((heading_key(h_pk), slug, sequence, h_text) for _, h_pk, sequence, h_text in pending)
            current, slug, pending = speech_id, speech_slug, deque(headings.get(speech_id, ()))
        while pending and pending[0][0] <= number:  # a heading stands above the paragraph numbered `before`
            _, h_pk, sequence, h_text = pending.popleft()
            yield heading_key(h_pk), slug, sequence, h_text
        yield str(pk), slug, number, text
    yield from ((heading_key(h_pk), slug, sequence, h_text) for _, h_pk, sequence, h_text in pending)


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
