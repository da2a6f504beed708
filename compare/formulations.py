"""Formulations (提法) new in B and dropped from A: phrases said in one speech and not in the other.

A formulation is chosen as 首次出现 (passages/firsts.py) chooses its phrases: jieba's words (with the user
dictionary) and runs of adjacent words within a clause, Chinese characters only, of 4–10 characters, with no
stop word at either end (的, 和, 坚持, 推进 …), said at least twice in the library. `candidates()` is that
rule, in one function, so that it can follow the shared rule when there is one.

New in B: B's formulations that A's text does not contain (folded, as search matches); dropped from A: the
other way round. Of those that contain one another only the shortest is listed (新质生产力, not
发展新质生产力), most said first. Only paragraphs that are not the same in both are cut into words: a phrase
of a same paragraph is in both texts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from passages.firsts import CHINESE, MIN_CHARS, count_formulations, holds_another
from speeches import phrase_stats, search

from .words import Cutter

MIN_SAID = 2  # times in the library
SHOWN = 40  # formulations listed on each side


@dataclass(frozen=True)
class Formulation:
    phrase: str
    count: int  # times said in its speech


def candidates(texts: Iterable[str], cutter: Cutter | None = None, known: Collection[str] = ()) -> Counter[str]:
    """The rule for a formulation, applied to texts: each candidate phrase with the times it was met. Stretches
    in `known` (the other speech's) are passed over: every phrase in them is said there too."""
    cutter = cutter or Cutter()
    seen: Counter[str] = Counter()
    for text in texts:
        for block in cutter.blocks(search.fold(text)):
            if block in known:
                continue
            run: list[str] = []
            for start, end in [*cutter.block_spans(block), (len(block), len(block))]:
                word = block[start:end]
                if word and CHINESE.match(word):
                    run.append(word)
                    continue
                count_formulations(run, seen)
                run = []
    return seen


class SaidElsewhere:
    """Whether a phrase is said in the library outside some speeches (the two compared): the library as
    phrase_stats holds it in memory, read once per check."""

    def __init__(self, leave_out: set[int]) -> None:
        self.leave_out = leave_out
        self._library = None

    def __call__(self, phrase: str) -> bool:
        if self._library is None:
            self._library = phrase_stats.phrase_library()
            speech_pks = np.array([speech.pk for speech in self._library.speeches], dtype=np.int64)
            self._left_out = np.isin(speech_pks, list(self.leave_out))
        positions = phrase_stats.positions_of(self._library, phrase)
        if not len(positions):
            return False
        speeches = self._library.speech_of[phrase_stats.paragraphs_of(self._library, positions)]
        return not self._left_out[speeches].all()


def new_in(
    cut: Sequence[str], other_texts: Sequence[str], said_elsewhere: SaidElsewhere, cutter: Cutter
) -> list[Formulation]:
    """The formulations of a speech's paragraphs `cut` (those not the same in the other speech) that the other
    speech never says, most said first: at most SHOWN of them, so that the library is asked about few."""
    folded_other = [search.fold(text) for text in other_texts]
    other = "\n".join(folded_other)
    seen = candidates(cut, cutter, known={block for text in folded_other for block in cutter.blocks(text)})
    # Where each 4-character piece of the candidates stands in the other text: a phrase is looked for only
    # where its rarest piece is, not by a search through the whole text (slow in a 2,000-paragraph speech).
    pieces = {phrase[i : i + MIN_CHARS] for phrase in seen for i in range(len(phrase) - MIN_CHARS + 1)}
    places: dict[str, list[int]] = {}
    for i in range(len(other) - MIN_CHARS + 1):
        piece = other[i : i + MIN_CHARS]
        if piece in pieces:
            places.setdefault(piece, []).append(i)

    def absent(phrase: str) -> bool:
        rarest: tuple[int, list[int]] | None = None
        for i in range(len(phrase) - MIN_CHARS + 1):
            found = places.get(phrase[i : i + MIN_CHARS])
            if found is None:
                return True
            if rarest is None or len(found) < len(rarest[1]):
                rarest = (i, found)
        offset, starts = rarest
        return not any(other.startswith(phrase, start - offset) for start in starts if start >= offset)

    new = {phrase for phrase in seen if absent(phrase)}
    shortest = [phrase for phrase in new if not holds_another(phrase, new)]
    # Ranked by the times met as words; counted (as str.count counts) only for those listed. A phrase not in
    # the other speech is only in this one's paragraphs that differ: it is counted there.
    own = "\n".join(search.fold(text) for text in cut)
    kept: list[Formulation] = []
    for phrase in sorted(shortest, key=lambda phrase: (-seen[phrase], -len(phrase), phrase)):
        if len(kept) == SHOWN:
            break
        count = own.count(phrase)
        if count >= MIN_SAID or said_elsewhere(phrase):
            kept.append(Formulation(phrase, count))
    return sorted(kept, key=lambda f: (-f.count, -len(f.phrase), f.phrase))
