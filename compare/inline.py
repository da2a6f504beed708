"""What changed inside a reworded paragraph, word by word: jieba's words (with the user dictionary), not
characters, so that 6%以上 → 5.5%左右 reads as one change rather than a scatter of digits.

The words are compared folded (simplified, half-width, lower case); the pieces keep the text as written. The
edit script is the longest common subsequence of the two word lists (rapidfuzz's Indel opcodes, in C), then
cleaned as a reader would: a lone short word left equal between two changes (的, 和, 要) is folded into the
change around it, and neighbouring changes become one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz.distance import Indel

from speeches import search

from .words import Cutter

EQUAL, DELETE, INSERT, REPLACE = "equal", "delete", "insert", "replace"
# An equal run this short (in characters) between two changes is read as part of the change.
ISLAND_CHARS = 2
CLAUSE_ENDS = "，。；：！？、,.;:!? "


@dataclass(frozen=True)
class Piece:
    """A run of the two texts: equal (a == b), deleted (only a), inserted (only b) or replaced (both)."""

    op: str
    a: str
    b: str


def pieces(text_a: str, text_b: str, cutter: Cutter | None = None) -> tuple[Piece, ...]:
    """The edit from text_a to text_b in words."""
    cutter = cutter or Cutter()
    # Only the stretch between the clauses both share at the start and at the end is compared word by word.
    head, tail = _shared_clauses(search.fold(text_a), search.fold(text_b))
    words_a = cutter.words(text_a, head, len(text_a) - tail)
    words_b = cutter.words(text_b, head, len(text_b) - tail)
    raw = [Piece(EQUAL, text_a[:head], text_b[:head])]
    raw.extend(_word_pieces(words_a, words_b))
    raw.append(Piece(EQUAL, text_a[len(text_a) - tail :], text_b[len(text_b) - tail :]))
    return tuple(_merged(_without_islands([piece for piece in raw if piece.a or piece.b])))


def _shared_clauses(a: str, b: str) -> tuple[int, int]:
    """How many characters of whole clauses the two texts share at their start and at their end."""
    limit = min(len(a), len(b))
    head = 0
    while head < limit and a[head] == b[head]:
        head += 1
    if head < limit:
        head = max((a.rfind(mark, 0, head) + 1 for mark in CLAUSE_ENDS), default=0)
    tail = 0
    while tail < limit - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    if tail < limit - head:
        ends = [a.find(mark, len(a) - tail) for mark in CLAUSE_ENDS]
        tail = len(a) - min((end for end in ends if end != -1), default=len(a))
    return head, tail


def _word_pieces(words_a: list[str], words_b: list[str]) -> list[Piece]:
    folded_a, folded_b = [search.fold(w) for w in words_a], [search.fold(w) for w in words_b]
    raw = []
    for op in Indel.opcodes(folded_a, folded_b):
        a, b = "".join(words_a[op.src_start : op.src_end]), "".join(words_b[op.dest_start : op.dest_end])
        raw.append(Piece(op.tag, a, b))
    return raw


def _without_islands(raw: list[Piece]) -> list[Piece]:
    """A short equal run between two changes becomes part of them."""
    raw = _merged(raw)
    cleaned = []
    for index, piece in enumerate(raw):
        between_changes = 0 < index < len(raw) - 1 and raw[index - 1].op != EQUAL and raw[index + 1].op != EQUAL
        if piece.op == EQUAL and between_changes and len(piece.a) <= ISLAND_CHARS and piece.a.strip():
            cleaned.append(Piece(REPLACE, piece.a, piece.b))
        else:
            cleaned.append(piece)
    return cleaned


def _merged(raw: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in raw:
        if not piece.a and not piece.b:
            continue
        if merged and piece.op != EQUAL and merged[-1].op != EQUAL:
            last = merged.pop()
            a, b = last.a + piece.a, last.b + piece.b
            piece = Piece(REPLACE if a and b else (DELETE if a else INSERT), a, b)
        elif merged and piece.op == EQUAL and merged[-1].op == EQUAL:
            last = merged.pop()
            piece = Piece(EQUAL, last.a + piece.a, last.b + piece.b)
        merged.append(piece)
    return merged


def html_of_a(found: tuple[Piece, ...]) -> SafeString:
    """A's text with the words B no longer has in <del>."""
    parts = [escape(p.a) if p.op == EQUAL else f"<del>{escape(p.a)}</del>" for p in found if p.a]
    return mark_safe("".join(parts))


def html_of_b(found: tuple[Piece, ...]) -> SafeString:
    """B's text with A's changes marked inline: A's words in <del> before B's in <ins>. On a desktop the
    stylesheet hides the <del> (A's column beside shows them); on a phone this is the whole pair."""
    parts = []
    for piece in found:
        if piece.op == EQUAL:
            parts.append(escape(piece.b))
            continue
        if piece.a:
            parts.append(f'<del class="compare-only-phone">{escape(piece.a)}</del>')
        if piece.b:
            parts.append(f"<ins>{escape(piece.b)}</ins>")
    return mark_safe("".join(parts))
