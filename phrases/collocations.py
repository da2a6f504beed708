"""The words that keep a phrase company: jieba words said in its sentences more often than chance.

The sentences are those holding an occurrence (cut at 。！？； and the paragraph's ends); each is
counted once, and the phrase itself is taken out of it. A candidate word (a jieba word of those
sentences, at least two characters, no stop word, not part of the phrase) is scored by Dunning's
log-likelihood (G²), comparing its rate per character inside the sentences with its rate in the
rest of the library, both as exact substring counts of the folded texts. A word is kept when it
is more frequent inside, seen at least MIN_COUNT times, and G² ≥ 10.83 (p < 0.001). A phrase in
more than MAX_SENTENCES sentences is judged on an evenly spread sample of them.

Scoring a phrase's company costs up to a few seconds, so no request does it: `phrases.tasks.compute_company`
does, in the background, and keeps the result in Django's cache under the library's revision (`cached`,
`store`), where every web process of the host finds it until the library changes.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import astuple, dataclass

from django.core.cache import cache

from speeches import search
from speeches.caching import RevisionCache
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


_background: RevisionCache[int] = RevisionCache("library word counts", maxsize=20_000)
# A computed company is kept this long (a new library revision makes a new key anyway).
KEPT_SECONDS = 7 * 24 * 3600
# While a computation is queued or running, no other is started for the same phrase.
PENDING_SECONDS = 10 * 60


def _key(kind: str, phrase: str, revision: int) -> str:
    return f"phrases:{kind}:{revision}:{hashlib.sha1(phrase.encode()).hexdigest()}"


def cached(phrase: str, revision: int) -> list[Companion] | None:
    """The phrase's company at the library's `revision`, if computed; None while it is not."""
    rows = cache.get(_key("company", phrase, revision))
    return None if rows is None else [Companion(*row) for row in rows]


def store(phrase: str, revision: int, found: list[Companion]) -> None:
    cache.set(_key("company", phrase, revision), [astuple(companion) for companion in found], KEPT_SECONDS)


def claim(phrase: str, revision: int) -> bool:
    """True for the one caller that should start computing the company (until it is stored or PENDING_SECONDS)."""
    return cache.add(_key("pending", phrase, revision), True, PENDING_SECONDS)


def release(phrase: str, revision: int) -> None:
    """Give a claim back (the caller did not start the computation after all)."""
    cache.delete(_key("pending", phrase, revision))


def _library_count(lib: PhraseLibrary, word: str) -> int:
    """How often a word is in the whole library (kept per process for the library's revision: common
    words come back phrase after phrase)."""
    return _background.get(word, lambda: len(positions_of(lib, word)), revision_number=lib.version)


def companions(lib: PhraseLibrary, stats: PhraseStats) -> list[Companion]:
    """The phrase's company, strongest first, computed now (phrases.tasks does it in the background)."""
    if not stats.occurrences:
        return []
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
