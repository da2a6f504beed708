"""New in this speech (首次出现): phrases of a speech that no earlier-dated speech in the library uses.

A speech's candidates are its jieba words and runs of adjacent words (within a clause, Chinese characters
only) of 4–10 characters that occur at least twice in it, or that are among its key phrases
(`search.key_phrases`); a run that starts or ends with a function word (的, 和, 坚持, 推进 …) is left out.
A candidate is new in the speech when no speech dated before it contains it (folded, as search matches);
of new phrases that contain one another only the shortest is listed (新质生产力, not 发展新质生产力).
Speeches without a date take no part: they list nothing and are earlier than none. The earliest speeches
list nothing either: with no earlier speech, every phrase of theirs would be new.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from speeches import search

MIN_CHARS = 4
MAX_CHARS = 10
MIN_OCCURRENCES = 2
GRAM = 4  # candidates are found in other speeches through their 4-character pieces
CHINESE = re.compile(r"^[\u4e00-\u9fff]+$")


def candidates(paragraphs: Iterable[str], key_phrases: Iterable[str] = ()) -> dict[str, int]:
    """The speech's candidate phrases, each with its number of occurrences (non-overlapping, folded)."""
    folded = [search.fold(text) for text in paragraphs]
    stop_words = search.stop_words()
    seen: Counter[str] = Counter()
    for text in folded:
        run: list[str] = []
        for start, end in [*search.word_spans(text), (len(text), len(text))]:
            word = text[start:end]
            if word and CHINESE.match(word):
                run.append(word)
                continue
            _count_runs(run, seen, stop_words)
            run = []
    wanted = {phrase for phrase, count in seen.items() if count >= MIN_OCCURRENCES}
    wanted.update(search.fold(phrase) for phrase in key_phrases if MIN_CHARS <= len(phrase) <= MAX_CHARS)
    counts = {phrase: sum(text.count(phrase) for text in folded) for phrase in wanted}
    return {phrase: count for phrase, count in counts.items() if count}


def _count_runs(run: list[str], seen: Counter, stop_words: frozenset[str]) -> None:
    for first in range(len(run)):
        if run[first] in stop_words:
            continue
        length = 0
        for last in range(first, len(run)):
            length += len(run[last])
            if length > MAX_CHARS:
                break
            if length >= MIN_CHARS and run[last] not in stop_words:
                seen["".join(run[first : last + 1])] += 1


@dataclass
class SpeechText:
    """What the computation needs of a speech: its key, date, folded text and candidates."""

    key: object
    date: object  # a date, or None
    text: str  # folded paragraphs, one a line
    candidates: dict[str, int]


def first_uses(library: Sequence[SpeechText]) -> dict[object, list[tuple[str, int]]]:
    """For each dated speech but the earliest, its new phrases with their occurrences, most frequent first."""
    dated = sorted((speech for speech in library if speech.date is not None), key=lambda speech: speech.date)
    wanted = {phrase for speech in dated for phrase in speech.candidates}
    grams = {phrase[i : i + GRAM] for phrase in wanted for i in range(len(phrase) - GRAM + 1)}
    # For each 4-character piece of a candidate, the speeches (bits, in date order) that contain it.
    holders: dict[str, int] = dict.fromkeys(grams, 0)
    for rank, speech in enumerate(dated):
        text = speech.text
        bit = 1 << rank
        for gram in {text[i : i + GRAM] for i in range(len(text) - GRAM + 1)} & grams:
            holders[gram] |= bit
    first_date = {}
    for phrase in wanted:
        mask = -1
        for i in range(len(phrase) - GRAM + 1):
            mask &= holders[phrase[i : i + GRAM]]
        while mask:
            rank = (mask & -mask).bit_length() - 1
            if phrase in dated[rank].text:
                first_date[phrase] = dated[rank].date
                break
            mask &= mask - 1
    result = {}
    for speech in dated:
        if speech.date == dated[0].date:
            continue  # no earlier speech to be new against: everything would be
        new = [phrase for phrase in speech.candidates if first_date.get(phrase) == speech.date]
        shortest = [phrase for phrase in new if not any(other != phrase and other in phrase for other in new)]
        result[speech.key] = sorted(
            ((phrase, speech.candidates[phrase]) for phrase in shortest), key=lambda item: (-item[1], item[0])
        )
    return result
