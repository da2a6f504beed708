"""What changed inside a reworded paragraph, word by word: jieba's words (with the user dictionary), not
characters, so that 6%以上 → 5.5%左右 reads as one change rather than a scatter of digits.

First the two paragraphs are compared segment by segment (clauses and the punctuation between them, as jieba
splits a text before cutting it: words.py), so that a clause both keep is equal whole and a clause only one
has is deleted or inserted whole; only where clauses were replaced are both sides cut into words and compared
again. Texts are compared folded (simplified, half-width, lower case); the pieces keep the text as written.
Each edit script is the longest common subsequence (rapidfuzz's Indel opcodes, in C), cleaned as a reader
would: a lone short word left equal between two changes (的, 和, 要) is folded into the change around it, and
neighbouring changes become one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz.distance import Indel

from .words import Cutter

EQUAL, DELETE, INSERT, REPLACE = "equal", "delete", "insert", "replace"
# An equal run this short (in characters) between two changes is read as part of the change.
ISLAND_CHARS = 2
# Replaced clauses are compared word by word when the shorter keeps this share of its characters in the other.
REWORDED = 0.5


@dataclass(frozen=True)
class Piece:
    """A run of the two texts: equal (a == b), deleted (only a), inserted (only b) or replaced (both)."""

    op: str
    a: str
    b: str


def pieces(text_a: str, text_b: str, cutter: Cutter | None = None) -> tuple[Piece, ...]:
    """The edit from text_a to text_b in words."""
    cutter = cutter or Cutter()
    raw: list[Piece] = []
    for op, a, b in _edits(cutter.segments(text_a), cutter.segments(text_b)):
        written_a, written_b = "".join(w for w, _ in a), "".join(w for w, _ in b)
        # Clauses replaced by others that share little with them are one change: cut into words they would
        # only match their 的 and 和, noise for the reader (and work for jieba).
        if op == REPLACE and _reworded("".join(f for _, f in a), "".join(f for _, f in b)):
            raw.extend(Piece(*edit) for edit in _joined(_edits(cutter.words(a), cutter.words(b))))
        else:
            raw.append(Piece(op, written_a, written_b))
    return tuple(_merged(_without_islands(raw)))


def _reworded(a: str, b: str) -> bool:
    """Whether the shorter text keeps at least half its characters, in order, in the other."""
    shared = (len(a) + len(b) - Indel.distance(a, b)) / 2
    return shared >= REWORDED * min(len(a), len(b))


def _edits(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> list[tuple[str, list, list]]:
    """The longest common subsequence's edit script of two lists of (as written, folded), compared folded; a
    deletion next to an insertion is taken together as a replacement."""
    found: list[tuple[str, list, list]] = []
    for op in Indel.opcodes([f for _, f in a], [f for _, f in b]):
        part_a, part_b = a[op.src_start : op.src_end], b[op.dest_start : op.dest_end]
        if op.tag != EQUAL and found and found[-1][0] != EQUAL:
            _, before_a, before_b = found.pop()
            part_a, part_b = before_a + part_a, before_b + part_b
        tag = EQUAL if op.tag == EQUAL else REPLACE if part_a and part_b else DELETE if part_a else INSERT
        found.append((tag, part_a, part_b))
    return found


def _joined(edits: list[tuple[str, list, list]]) -> list[tuple[str, str, str]]:
    return [(op, "".join(w for w, _ in a), "".join(w for w, _ in b)) for op, a, b in edits]


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
