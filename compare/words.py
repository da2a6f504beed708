"""jieba's words of the compared paragraphs, each stretch cut once: the inline marks and the formulations
share them.

jieba cuts a text block by block: it splits the text at the characters outside its `re_han_default` (Chinese
characters, letters, digits and a few signs: punctuation and spaces), cuts each block on its own, and gives
the rest character by character. So a paragraph is a sequence of segments (blocks, mostly clauses, and the
punctuation between them) whose words are the paragraph's words: a clause two paragraphs share is the same
segment in both, compared whole and never cut, and a clause is cut once however often it is met. That reads
jieba's `re_han_default`, a module attribute that is not its documented API: this module checks the version
it was written for, and under another takes a whole paragraph as one segment (the same words, more slowly).
"""

from __future__ import annotations

import jieba

from speeches import search

WRITTEN_FOR = "0.42.1"
BLOCK = jieba.re_han_default if getattr(jieba, "__version__", "") == WRITTEN_FOR else None


class Cutter:
    """jieba's words of text segments, each segment cut once."""

    def __init__(self) -> None:
        self._spans: dict[str, list[tuple[int, int]]] = {}

    def block_spans(self, folded: str) -> list[tuple[int, int]]:
        """The [start, end) offsets of jieba's words (with the user dictionary) in a folded segment."""
        found = self._spans.get(folded)
        if found is None:
            found = self._spans[folded] = search.word_spans(folded)
        return found

    def blocks(self, folded: str) -> list[str]:
        """The stretches of a folded text that jieba cuts on their own."""
        return BLOCK.findall(folded) if BLOCK is not None else [folded]

    def segments(self, text: str) -> list[tuple[str, str]]:
        """The text in segments, its blocks and what stands between them: each as written and folded."""
        folded = search.fold(text)
        if BLOCK is None:
            return [(text, folded)] if text else []
        found, offset = [], 0
        for piece in BLOCK.split(folded):
            if piece:
                found.append((text[offset : offset + len(piece)], piece))
                offset += len(piece)
        return found

    def words(self, segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The words of segments, each as written and folded; punctuation and spaces are words of their own."""
        return [(written[s:e], folded[s:e]) for written, folded in segments for s, e in self.block_spans(folded)]
