"""New in this speech (首次出现): the formulations a speech is the first in the library to say.

A formulation is a run of jieba words (the search's own word cutting, user dictionary included) inside a clause,
Chinese only, of 4–10 characters, that starts and ends at word boundaries with a content word: a dictionary word of two
characters or more that is not a stop word (speeches/dictionaries/stopwords.txt) and, by its part of speech in
jieba's dictionaries, no function word (a conjunction, preposition, particle, adverb, pronoun, classifier or
locality word: 不是, 以上, 所有); it ends with a noun or a nominal verb (提振消费), not a number (全国第一) or a
verb waiting for its object. A single word is one when the user dictionary has it (新质生产力, 八八战略) or it
is a noun of four characters or more. A phrase only ever said inside a longer new one (公共预算 in 一般公共预算)
is a fragment of it, not listed (a word of the user dictionary never is).

It is new in a speech when no speech dated before it contains it (folded, as search matches), and listed when
the library says it at least twice: repeated in this speech, or taken up by later speeches. Listed most taken up
first (the number of later speeches that say it), then most used in this speech. Of new formulations that
contain one another only the shortest is listed (新质生产力, not 发展新质生产力). Speeches without a date take no
part: they list nothing and are earlier than none. The earliest speeches list nothing either: with no earlier
speech, every phrase of theirs would be new.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

from speeches import search

RULE_VERSION = 2  # what a formulation is (bump when candidates() changes: kept candidates are taken again)
MIN_CHARS = 4
MAX_CHARS = 10
MIN_SAID = 2  # in the library: this speech and the later ones
GRAM = 4  # candidates are found in other speeches through their 4-character pieces
CHINESE = re.compile(r"^[\u4e00-\u9fff]+$")
# Parts of speech (jieba's tags) that no formulation starts or ends with: conjunctions, prepositions,
# particles, modal and interjection words, onomatopoeia, locality words, pronouns, adverbs, classifiers,
# affixes; and "x", jieba's tag for what is not a word.
FUNCTION_TAGS = frozenset(
    ["c", "p", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "o", "f", "r", "rr", "rz", "rg", "d", "df", "dg"]
    + ["ad", "q", "zg", "h", "k", "x"]
)
# What a formulation ends with: a noun or a nominal verb (新质生产力, 提振消费, 八八战略), an abbreviation, a fixed
# expression; not a verb waiting for its object (出台加快…), an adjective, a number.
NOMINAL_TAGS = frozenset(["n", "nz", "vn", "an", "j", "nt", "ns", "ng", "l", "s"])
NOUN_TAGS = frozenset(["n", "nz", "vn", "j", "nt", "ns"])


def candidates(paragraphs: Iterable[str]) -> dict[str, int]:
    """The speech's formulations (see the module docstring), each with how often the speech says it as those words."""
    tags, user, stop_words = search.word_tags(), search.user_words(), search.stop_words()
    said: Counter[str] = Counter()
    for text in (search.fold(paragraph) for paragraph in paragraphs):
        run: list[str] = []
        for start, end in [*search.word_spans(text), (len(text), len(text))]:
            word = text[start:end]
            if word and CHINESE.match(word):
                run.append(word)
                continue
            _count_runs(run, said, tags, user, stop_words)
            run = []
    return dict(said)


def _content(word: str, tags: dict, stop_words: frozenset[str], *, last: bool) -> bool:
    """A word a formulation can start (or, `last`, end) with: a dictionary word (jieba's guesses at unknown
    words, 和量 of 质的有效提升和量的合理增长, make poor edges), not a stop word or a function word."""
    tag = tags.get(word)
    if tag is None or len(word) < 2 or word in stop_words:
        return False
    return tag in NOMINAL_TAGS if last else tag not in FUNCTION_TAGS


def count_formulations(run: list[str], said: Counter) -> None:
    """Count into `said` the formulations of a run of Chinese words (one clause, cut by jieba): the rule of this
    module, for a caller that cuts its text itself (compare/formulations.py)."""
    _count_runs(run, said, search.word_tags(), search.user_words(), search.stop_words())


def _count_runs(run: list[str], said: Counter, tags: dict, user: frozenset, stop_words: frozenset) -> None:
    for first in range(len(run)):
        if not _content(run[first], tags, stop_words, last=False):
            continue
        length = 0
        for last in range(first, len(run)):
            length += len(run[last])
            if length > MAX_CHARS:
                break
            if length < MIN_CHARS:
                continue
            if last == first:
                word = run[first]
                if word in user or (tags.get(word) in NOUN_TAGS and word not in stop_words):
                    said[word] += 1
            elif _content(run[last], tags, stop_words, last=True):
                said["".join(run[first : last + 1])] += 1


@dataclass
class SpeechText:
    """What the computation needs of a speech: its key, date, folded text and candidates."""

    key: object
    date: object  # a date, or None
    text: str  # folded paragraphs, one a line
    candidates: dict[str, int]


@dataclass(frozen=True)
class FirstUse:
    """A formulation new in a speech: how often the speech says it, and how many later speeches took it up."""

    phrase: str
    occurrences: int  # in this speech, counted as the phrase pages count (str.count on the folded text)
    taken_up: int  # later speeches that say it


def first_uses(library: Sequence[SpeechText]) -> dict[object, list[FirstUse]]:
    """For each dated speech but the earliest, its new formulations, most taken up first."""
    dated = sorted((speech for speech in library if speech.date is not None), key=lambda speech: speech.date)
    if not dated:
        return {}
    holders = _holders(dated)
    result = {}
    for speech in dated:
        if speech.date == dated[0].date:
            continue  # no earlier speech to be new against: everything would be
        new: dict[str, int] = {}  # phrase → the speeches that may hold it, from this one on (a bit mask)
        for phrase, said in speech.candidates.items():
            mask = _first_holders(phrase, dated, holders, speech.date)
            if mask is None:
                continue  # an earlier speech says it (or the text changed since its candidates were taken)
            if said < MIN_SAID and _next_holder(phrase, dated, mask & (mask - 1)) is None:
                continue  # said once, here, and never again
            new[phrase] = mask
        fragments = _fragments(new, speech.candidates)
        whole = {phrase: mask for phrase, mask in new.items() if phrase not in fragments}
        found = [
            FirstUse(phrase, speech.text.count(phrase), _later_speeches(phrase, dated, mask, speech.date))
            for phrase, mask in whole.items()
            if not holds_another(phrase, whole)
        ]
        result[speech.key] = sorted(found, key=lambda use: (-use.taken_up, -use.occurrences, use.phrase))
    return result


def _holders(dated: Sequence[SpeechText]) -> dict[str, int]:
    """For each 4-character piece of a candidate, the speeches (bits, in date order) whose text holds it."""
    grams = {
        phrase[i : i + GRAM] for speech in dated for phrase in speech.candidates for i in range(len(phrase) - GRAM + 1)
    }
    holders: dict[str, int] = dict.fromkeys(grams, 0)
    for rank, speech in enumerate(dated):
        text = speech.text
        bit = 1 << rank
        for gram in {text[i : i + GRAM] for i in range(len(text) - GRAM + 1)} & grams:
            holders[gram] |= bit
    return holders


def _first_holders(phrase: str, dated: Sequence[SpeechText], holders: dict[str, int], date) -> int | None:
    """The speeches that may hold the phrase (bits, in date order) from the first that does, when that one is of
    `date`; None when a speech dated before `date` holds it (it is not new) or none does."""
    mask = -1
    for i in range(len(phrase) - GRAM + 1):
        mask &= holders[phrase[i : i + GRAM]]
    while mask:
        rank = (mask & -mask).bit_length() - 1
        if _holds(dated[rank], phrase):
            return mask if dated[rank].date == date else None
        mask &= mask - 1
    return None


def _holds(speech: SpeechText, phrase: str) -> bool:
    """Whether the speech's text holds the phrase: among its own formulations (a look-up), or anywhere."""
    return phrase in speech.candidates or phrase in speech.text


def _next_holder(phrase: str, dated: Sequence[SpeechText], mask: int) -> int | None:
    """The first speech of the mask whose text holds the phrase (the pieces can match apart)."""
    while mask:
        rank = (mask & -mask).bit_length() - 1
        if _holds(dated[rank], phrase):
            return rank
        mask &= mask - 1
    return None


def _later_speeches(phrase: str, dated: Sequence[SpeechText], mask: int, date) -> int:
    """How many speeches dated after `date` say the phrase."""
    count = 0
    while (rank := _next_holder(phrase, dated, mask)) is not None:
        count += dated[rank].date > date
        mask &= ~((2 << rank) - 1)  # the speeches after this one
    return count


def _fragments(new: dict, said: dict[str, int]) -> set[str]:
    """The new phrases only ever said inside a longer new one, as often as it (公共预算 of 一般公共预算): pieces,
    not formulations of their own. A word of the user dictionary is a formulation wherever it is said
    (新质生产力, though a report says it only as 培育壮大新质生产力)."""
    found = set()
    user = search.user_words()
    for other in new:
        size, count = len(other), said[other]
        for length in range(MIN_CHARS, size):
            for start in range(size - length + 1):
                piece = other[start : start + length]
                if piece in new and said[piece] == count and piece not in user:
                    found.add(piece)
    return found


def holds_another(phrase: str, phrases: Container[str]) -> bool:
    """Whether a shorter phrase of `phrases` is part of this one."""
    size = len(phrase)
    return any(
        phrase[start : start + length] in phrases
        for length in range(MIN_CHARS, size)
        for start in range(size - length + 1)
    )
