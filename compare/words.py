"""jieba's words of the compared paragraphs, each stretch cut once: the inline marks and the formulations
share them.

jieba cuts a text block by block: it splits the text at the characters outside its `re_han_default` (Chinese
characters, letters, digits and a few signs: punctuation and spaces), cuts each block on its own, and gives
the rest character by character. So a paragraph's words are its blocks' words, and a block (a clause, mostly)
that two paragraphs share, as a reworded paragraph shares most of its clauses with the one it continues, is
cut once. That reads jieba's `re_han_default`, a module attribute that is not its documented API: this
module checks the version it was written for, and under another cuts whole paragraphs (the same words,
more slowly).
"""

from __future__ import annotations

import jieba

from speeches import search

WRITTEN_FOR = "0.42.1"
BLOCK = jieba.re_han_default if getattr(jieba, "__version__", "") == WRITTEN_FOR else None


class Cutter:
    """Word spans of folded texts, each block cut once."""

    def __init__(self) -> None:
        self._spans: dict[str, list[tuple[int, int]]] = {}

    def _cut(self, text: str) -> list[tuple[int, int]]:
        found = self._spans.get(text)
        if found is None:
            found = self._spans[text] = search.word_spans(text)
        return found

    def blocks(self, folded: str) -> list[str]:
        """The stretches of a folded text that jieba cuts on their own."""
        return BLOCK.findall(folded) if BLOCK is not None else [folded]

    def block_spans(self, block: str) -> list[tuple[int, int]]:
        """The [start, end) offsets of jieba's words (with the user dictionary) in one block."""
        return self._cut(block)

    def spans(self, folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """The [start, end) offsets of jieba's words in a folded text (search.word_spans), block by block; with
        `start` and `end` (at punctuation, or the text's ends), only those between them."""
        end = len(folded) if end is None else end
        if BLOCK is None:
            return [(s, e) for s, e in self._cut(folded) if start <= s and e <= end]
        spans: list[tuple[int, int]] = []
        offset = 0
        for index, piece in enumerate(BLOCK.split(folded)):
            if offset >= end:
                break
            if piece and offset + len(piece) > start:
                # split() alternates: the text between blocks (cut as jieba cuts it), then a block.
                found = self._cut(piece) if index % 2 else search.word_spans(piece)
                spans.extend((offset + s, offset + e) for s, e in found if start <= offset + s and offset + e <= end)
            offset += len(piece)
        return spans

    def words(self, text: str, start: int = 0, end: int | None = None) -> list[str]:
        """The words of text[start:end] as written, punctuation and spaces as words of their own; start and
        end fall at punctuation (or the text's ends), so only the blocks between them are cut."""
        return [text[s:e] for s, e in self.spans(search.fold(text), start, end)]
