"""Passages said before: paragraphs of different speeches that share a passage of 12 or more characters.

Texts are compared folded (`search.fold`: simplified, half-width, lower case) with everything but letters
and digits taken out, so punctuation and spaces never break a passage. The whole library is done at once
with numpy:

1. every paragraph's cleaned text, end to end, as one array of code points;
2. a polynomial hash (mod 2**64) of each 12-character window that stays inside its paragraph;
3. sorted by hash, one window per (hash, paragraph); a hash found in more than 1% of all paragraphs
   (boilerplate such as 以习近平同志为核心的党中央) or in one paragraph only is dropped;
4. within each remaining hash, every two paragraphs of different speeches make a candidate pair, with
   the window's position in both;
5. per pair, windows on the same diagonal that follow each other are one seed; each seed is checked on
   the real text (so a hash collision never shows) and extended left and right as far as both texts agree.

`find_parallels(rows, only=…)` does only the pairs of some paragraphs (an import of one speech) but counts
windows over the whole library, as the 1% rule needs.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from speeches import search

WINDOW = 12
COMMON_SHARE = 0.01  # a passage in more than this share of all paragraphs does not count
MIN_COMMON_LIMIT = 2  # in a small library 1% is under two paragraphs: a passage in two still counts
_BASE = np.uint64(0x9E3779B97F4A7C15 | 1)
_TABLE_SIZE = 0x30000


@dataclass
class Pair:
    """Two paragraphs (by index into the rows) and the passages they share."""

    a: int
    b: int
    # Shared passages as [start, end) offsets in each paragraph's original text, merged and sorted.
    spans_a: list[tuple[int, int]] = field(default_factory=list)
    spans_b: list[tuple[int, int]] = field(default_factory=list)
    shared_a: int = 0  # characters of a (letters and digits) inside shared passages
    shared_b: int = 0


@functools.cache
def _kept_table() -> np.ndarray:
    """Which code points count (letters and digits, Chinese included); the rest is punctuation or space."""
    return np.fromiter((chr(code).isalnum() for code in range(_TABLE_SIZE)), dtype=bool, count=_TABLE_SIZE)


def common_limit(paragraph_count: int) -> int:
    """The most paragraphs a passage may be found in and still count."""
    return max(MIN_COMMON_LIMIT, int(paragraph_count * COMMON_SHARE))


class _Library:
    """All paragraphs cleaned and laid end to end."""

    def __init__(self, texts: Sequence[str]) -> None:
        lengths = np.fromiter((len(text) for text in texts), dtype=np.int64, count=len(texts))
        joined = "\n".join(search.fold(text) for text in texts)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        table = _kept_table()
        keep = np.zeros(codes.size, dtype=bool)
        small = codes < _TABLE_SIZE
        keep[small] = table[codes[small]]
        keep[~small] = [chr(code).isalnum() for code in codes[~small]]
        starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])) if len(texts) else np.zeros(0, np.int64)
        paragraph_of = np.repeat(np.arange(len(texts), dtype=np.int32), lengths + 1)[: codes.size]
        positions = np.nonzero(keep)[0]
        self.codes = codes[positions]
        self.paragraph = paragraph_of[positions]
        self.offset = (positions - starts[self.paragraph]).astype(np.int32)  # in the original text
        counts = np.bincount(self.paragraph, minlength=len(texts))
        self.begin = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
        self.end = self.begin + counts
        self.text = self.codes.tobytes().decode("utf-32-le")

    def windows(self) -> tuple[np.ndarray, np.ndarray]:
        """Hash and start of every window that lies within one paragraph."""
        count = self.codes.size - WINDOW + 1
        if count <= 0:
            return np.zeros(0, np.uint64), np.zeros(0, np.int64)
        codes = self.codes.astype(np.uint64)
        hashes = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(WINDOW):
                hashes *= _BASE
                hashes += codes[k : k + count]
        inside = np.nonzero(self.paragraph[:count] == self.paragraph[WINDOW - 1 :])[0]
        return hashes[inside], inside


def _candidate_seeds(
    library: _Library, speech_of: np.ndarray, paragraph_count: int, only: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Window starts (a, b) of paragraphs of different speeches sharing an uncommon window; a's paragraph < b's."""
    hashes, starts = library.windows()
    order = np.argsort(hashes, kind="stable")  # starts were ascending: within a hash, by paragraph
    hashes, starts = hashes[order], starts[order]
    paragraphs = library.paragraph[starts]
    # One window per (hash, paragraph): the first.
    first = np.ones(hashes.size, dtype=bool)
    first[1:] = (hashes[1:] != hashes[:-1]) | (paragraphs[1:] != paragraphs[:-1])
    hashes, starts, paragraphs = hashes[first], starts[first], paragraphs[first]
    if not hashes.size:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    group_starts = np.nonzero(np.concatenate(([True], hashes[1:] != hashes[:-1])))[0]
    sizes = np.diff(np.concatenate((group_starts, [hashes.size])))
    limit = common_limit(paragraph_count)
    wanted = (sizes >= 2) & (sizes <= limit)
    if only is not None:
        inside = np.add.reduceat(only[paragraphs].astype(np.int64), group_starts)
        # A passage that the new paragraphs made too common no longer pairs the others that have it.
        crossed = (inside > 0) & (sizes > limit) & (sizes - inside <= limit)
        for start, size in zip(group_starts[crossed].tolist(), sizes[crossed].tolist(), strict=True):
            only[paragraphs[start : start + size]] = True
        wanted &= np.add.reduceat(only[paragraphs].astype(np.int64), group_starts) > 0
    group_starts, sizes = group_starts[wanted], sizes[wanted]
    # The members of the wanted groups, packed: element i's group ends at group_end[i].
    members = np.repeat(group_starts - np.concatenate(([0], np.cumsum(sizes)[:-1])), sizes) + np.arange(sizes.sum())
    starts, paragraphs = starts[members], paragraphs[members]
    group_end = np.repeat(np.cumsum(sizes), sizes)
    firsts, seconds = [], []
    active = np.arange(starts.size)
    step = 1
    while active.size:
        active = active[active + step < group_end[active]]
        partner = active + step
        keep = speech_of[paragraphs[active]] != speech_of[paragraphs[partner]]
        if only is not None:
            keep &= only[paragraphs[active]] | only[paragraphs[partner]]
        firsts.append(starts[active[keep]])
        seconds.append(starts[partner[keep]])
        step += 1
    if not firsts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(firsts), np.concatenate(seconds)


def merge_spans(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching (start, end) spans merged, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def find_parallels(
    texts: Sequence[str], speeches: Sequence[object], only: Collection[int] | None = None
) -> tuple[list[Pair], list[int]]:
    """The pairs of paragraphs (indices into `texts`) of different speeches that share a passage.

    `speeches[i]` names paragraph i's speech. With `only` (the paragraphs of newly imported speeches), just
    the pairs with a paragraph among those, or among the paragraphs that lost a pair because the new ones
    made a passage they share too common. Returns the pairs and the paragraphs whose pairs they all are.
    """
    library = _Library(texts)
    speech_ids = {speech: n for n, speech in enumerate(dict.fromkeys(speeches))}
    speech_of = np.fromiter((speech_ids[speech] for speech in speeches), dtype=np.int64, count=len(speeches))
    only_mask = None
    if only is not None:
        only_mask = np.zeros(len(texts), dtype=bool)
        only_mask[list(only)] = True
    seeds_a, seeds_b = _candidate_seeds(library, speech_of, len(texts), only_mask)
    touched = list(range(len(texts))) if only_mask is None else np.nonzero(only_mask)[0].tolist()
    if not seeds_a.size:
        return [], touched
    count = len(texts)
    para_a, para_b = library.paragraph[seeds_a].astype(np.int64), library.paragraph[seeds_b].astype(np.int64)
    pair_key = para_a * count + para_b
    diagonal = (seeds_a - library.begin[para_a]) - (seeds_b - library.begin[para_b])
    order = np.lexsort((seeds_a, diagonal, pair_key))
    pair_key, diagonal, a, b = pair_key[order], diagonal[order], seeds_a[order], seeds_b[order]
    # A seed that continues the previous one (same pair and diagonal, next window) adds nothing.
    follows = np.zeros(a.size, dtype=bool)
    follows[1:] = (pair_key[1:] == pair_key[:-1]) & (diagonal[1:] == diagonal[:-1]) & (a[1:] == a[:-1] + 1)
    pair_key, diagonal, a, b = pair_key[~follows], diagonal[~follows], a[~follows], b[~follows]
    codes = library.codes
    # Checked on the text itself, so that a hash collision never shows.
    same = np.ones(a.size, dtype=bool)
    for k in range(WINDOW):
        same &= codes[a + k] == codes[b + k]
    pair_key, diagonal, a, b = pair_key[same], diagonal[same], a[same], b[same]
    para_a, para_b = pair_key // count, pair_key % count
    left = _extend(codes, a - 1, b - 1, library.begin[para_a], library.begin[para_b], step=-1)
    right = _extend(codes, a + WINDOW, b + WINDOW, library.end[para_a], library.end[para_b], step=1)
    start_a, stop_a, start_b, stop_b = a - left, a + WINDOW + right, b - left, b + WINDOW + right
    # Seeds inside one passage extend to the same passage: keep it once.
    again = np.zeros(a.size, dtype=bool)
    again[1:] = (pair_key[1:] == pair_key[:-1]) & (diagonal[1:] == diagonal[:-1]) & (start_a[1:] == start_a[:-1])
    keep = ~again
    pair_key, start_a, stop_a, start_b, stop_b = (
        pair_key[keep],
        start_a[keep],
        stop_a[keep],
        start_b[keep],
        stop_b[keep],
    )
    return _assemble(library, count, pair_key, start_a, stop_a, start_b, stop_b), touched


def _extend(codes, at_a, at_b, limit_a, limit_b, step: int) -> np.ndarray:
    """How many characters both texts agree on from at_a/at_b onwards (step 1) or backwards (step -1)."""
    length = np.zeros(at_a.size, dtype=np.int64)
    active = np.arange(at_a.size)
    position_a, position_b = at_a.copy(), at_b.copy()
    while active.size:
        pa, pb = position_a[active], position_b[active]
        if step > 0:
            inside = (pa < limit_a[active]) & (pb < limit_b[active])
        else:
            inside = (pa >= limit_a[active]) & (pb >= limit_b[active])
        active, pa, pb = active[inside], pa[inside], pb[inside]
        agree = codes[pa] == codes[pb]
        active = active[agree]
        length[active] += 1
        position_a[active] += step
        position_b[active] += step
    return length


def _assemble(library: _Library, count: int, pair_key, start_a, stop_a, start_b, stop_b) -> list[Pair]:
    """One Pair per pair of paragraphs, its passages' marks in the original texts."""
    offset = library.offset
    span_a = np.stack((offset[start_a], offset[stop_a - 1] + 1), axis=1).tolist()
    span_b = np.stack((offset[start_b], offset[stop_b - 1] + 1), axis=1).tolist()
    keys, firsts, sizes = np.unique(pair_key, return_index=True, return_counts=True)
    lengths_a, lengths_b = (stop_a - start_a).tolist(), (stop_b - start_b).tolist()
    stripped = np.stack((start_a, stop_a, start_b, stop_b), axis=1).tolist()
    pairs = []
    for key, first, size in zip(keys.tolist(), firsts.tolist(), sizes.tolist(), strict=True):
        a, b = divmod(key, count)
        if size == 1:  # the common case: one passage
            pairs.append(Pair(a, b, [tuple(span_a[first])], [tuple(span_b[first])], lengths_a[first], lengths_b[first]))
            continue
        passages = stripped[first : first + size]
        in_a = merge_spans([(s, e) for s, e, _, _ in passages])
        in_b = merge_spans([(s, e) for _, _, s, e in passages])
        pairs.append(
            Pair(
                a,
                b,
                merge_spans([(int(offset[s]), int(offset[e - 1]) + 1) for s, e in in_a]),
                merge_spans([(int(offset[s]), int(offset[e - 1]) + 1) for s, e in in_b]),
                sum(e - s for s, e in in_a),
                sum(e - s for s, e in in_b),
            )
        )
    return pairs
