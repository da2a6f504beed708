"""The words that keep a phrase company: jieba words said in its sentences more often than chance.

The sentences are those holding an occurrence (cut at 。！？； and the paragraph's ends); each is
counted once, and the phrase itself is taken out of it. A candidate word (a jieba word of those
sentences, at least two characters, no stop word, not part of the phrase) is scored by Dunning's
log-likelihood (G²), comparing its rate per character inside the sentences with its rate in the
rest of the library, both as exact substring counts of the folded texts. A word is kept when it
is more frequent inside, seen at least MIN_COUNT times, and G² ≥ 10.83 (p < 0.001). A phrase in
more than MAX_SENTENCES sentences is judged on an evenly spread sample of them.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from speeches import search
from speeches.phrase_stats import SEPARATOR, PhraseLibrary, PhraseStats, positions_of

SENTENCE_ENDS = "。！？；!?;"
MIN_COUNT = 3
MIN_G2 = 10.83
CANDIDATES = 40  # the most frequent words of the sentences are scored, no more
LIMIT = 20
MAX_SENTENCES = 4_000


@dataclass(frozen=True)
class Companion:
    word: str
    together: int  # in the phrase's sentences
    elsewhere: int  # in the rest of the library
    g2: float


def sentences(lib: PhraseLibrary, stats: PhraseStats) -> list[str]:
    """The folded sentences holding the phrase, each once, with the phrase cut out (as a separator)."""
    found = []
    seen: set[tuple[int, int]] = set()
    texts: dict[int, str] = {}
    for position, paragraph in zip(stats.positions.tolist(), stats.paragraph_of.tolist(), strict=True):
        paragraph_start = int(lib.starts[paragraph])
        if paragraph not in texts:
            texts[paragraph] = lib.text(paragraph_start, paragraph_start + int(lib.lengths[paragraph]))
        text, at = texts[paragraph], position - paragraph_start
        start = max(text.rfind(mark, 0, at) for mark in SENTENCE_ENDS) + 1
        if (paragraph, start) in seen:
            continue
        seen.add((paragraph, start))
        ends = [text.find(mark, at + len(stats.phrase)) for mark in SENTENCE_ENDS]
        end = min((where for where in ends if where != -1), default=len(text))
        found.append(text[start:end].replace(stats.phrase, SEPARATOR))
    return found


def _g2(a: int, b: int, inside: int, outside: int) -> float:
    """Log-likelihood of a word seen `a` times in `inside` characters and `b` times in `outside`."""
    total = inside + outside
    expected_a = inside * (a + b) / total
    expected_b = outside * (a + b) / total
    g2 = 0.0
    for observed, expected in ((a, expected_a), (b, expected_b)):
        if observed:
            g2 += observed * math.log(observed / expected)
    return 2 * g2


_kept: dict[tuple, list[Companion]] = {}
_background: dict[str, int] = {}
_background_version: list = [None]
KEPT = 64


def _library_count(lib: PhraseLibrary, word: str) -> int:
    """How often a word is in the whole library (kept per process for the library's version: common
    words come back phrase after phrase)."""
    if _background_version[0] != lib.version:
        _background.clear()
        _background_version[0] = lib.version
    if word not in _background:
        _background[word] = len(positions_of(lib, word))
    return _background[word]


def companions(lib: PhraseLibrary, stats: PhraseStats) -> list[Companion]:
    """The phrase's company, strongest first (kept per process for the library's version)."""
    if not stats.occurrences:
        return []
    key = (lib.version, stats.phrase)
    if key not in _kept:
        if len(_kept) >= KEPT:
            _kept.clear()
        _kept[key] = _companions(lib, stats)
    return _kept[key]


def _companions(lib: PhraseLibrary, stats: PhraseStats) -> list[Companion]:
    found = sentences(lib, stats)
    if len(found) > MAX_SENTENCES:
        # A phrase said tens of thousands of times (党, 发展): an evenly spread sample of its sentences,
        # which keeps the cutting into words within a second; the rest count as "elsewhere".
        step = len(found) / MAX_SENTENCES
        found = [found[int(i * step)] for i in range(MAX_SENTENCES)]
    stop = search.stop_words()
    texts = Counter(found)
    words: Counter[str] = Counter()
    for text, times in texts.items():
        for word in set(search.words(text)):
            if len(word) >= 2 and word not in stop and not word.isdigit() and word not in stats.phrase:
                words[word] += times
    inside = sum(len(text) for text in found)
    outside = lib.characters - int(len(lib.starts)) + 1 - inside
    if outside <= 0:
        return []
    scored = []
    for word, _ in words.most_common(CANDIDATES):
        together = sum(text.count(word) for text in found)
        if together < MIN_COUNT:
            continue
        elsewhere = max(_library_count(lib, word) - together, 0)
        if together / inside <= elsewhere / outside:
            continue
        g2 = _g2(together, elsewhere, inside, outside)
        if g2 >= MIN_G2:
            scored.append(Companion(word, together, elsewhere, round(g2, 1)))
    scored.sort(key=lambda companion: (-companion.g2, companion.word))
    return scored[:LIMIT]
