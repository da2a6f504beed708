"""jieba's words of a paragraph, cut once per comparison: the inline marks and the formulations share them.

jieba cuts a text clause by clause (it splits at punctuation before cutting), so the words of a stretch that
starts and ends at punctuation are the paragraph's words in that stretch: a paragraph is cut once, whole.
"""

from __future__ import annotations

from speeches import search


class Cutter:
    """Word spans per folded text, each text cut once."""

    def __init__(self) -> None:
        self._spans: dict[str, list[tuple[int, int]]] = {}

    def spans(self, folded: str) -> list[tuple[int, int]]:
        """The [start, end) offsets of jieba's words (with the user dictionary) in a folded text."""
        found = self._spans.get(folded)
        if found is None:
            found = self._spans[folded] = search.word_spans(folded)
        return found

    def words(self, text: str, start: int = 0, end: int | None = None) -> list[str]:
        """The words of text[start:end] as written, punctuation and spaces as words of their own; start and
        end fall at punctuation (or the text's ends)."""
        end = len(text) if end is None else end
        return [text[s:e] for s, e in self.spans(search.fold(text)) if start <= s and e <= end]
