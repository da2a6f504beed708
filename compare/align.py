"""Pairing the paragraphs (and headings) of two speeches: which paragraph of B continues which of A.

The alignment is monotone first: of all the candidate pairs, the chain that keeps the order of both texts
and has the greatest total similarity (a dynamic programme over the candidates, the heaviest common
subsequence). Moves are found after, among what the chain left unpaired. Headings pair only with headings and
weigh more, so that they anchor the sections; paragraphs pair only with paragraphs.

Similarity is rapidfuzz's normalized Indel similarity (2 × longest common subsequence / both lengths) of the
texts folded as search folds them, with everything but letters and digits taken out: punctuation and
whitespace never count, so a paragraph that differs only in them is the same.

The work is bounded whatever the size: a pair is only scored when the two texts share enough of their rarer
pairs of adjacent characters (found with numpy, by joining the two sides' character pairs), and each unit
keeps its few best candidates. So two speeches of 2,000 paragraphs score tens of thousands of pairs, not
four million, and the chain is found in O(K log K) over the K candidates instead of a full n × m table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from speeches import search

HEADING, PARAGRAPH = "heading", "paragraph"
NUMERAL = "[一二三四五六七八九十百]+"
ENUMERATION = re.compile(rf"^\s*(第{NUMERAL}部分|{NUMERAL}[、．.]|[（(]{NUMERAL}[）)]|\d+[、．.])")
NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
DIGITS = re.compile(r"[0-9一二三四五六七八九十〇零]")
SAME, CHANGED, MOVED, ADDED, REMOVED = "same", "changed", "moved", "added", "removed"

# A paragraph continues another when their similarity reaches this; random paragraphs of two government work
# reports score 0.09 (median) and 0.23 (99th percentile), a reworded paragraph of next year's report 0.3–0.7.
PAIR_MIN = 0.3
HEADING_MIN = 0.6
# Out of order, the evidence must be stronger.
MOVE_MIN = 0.5
# A pair must also share this many characters (in order): two short paragraphs are otherwise similar by chance.
MIN_SHARED_CHARS = 8
MIN_SHARED_CHARS_HEADING = 3
HEADING_WEIGHT = 2.0
# Candidates per unit, from each side, and the rarest character pairs that propose them: a character pair
# found in more than RARE_PAIRS pairs of units (say 发展 in most paragraphs of both) proposes nothing.
CANDIDATES_PER_UNIT = 6
RARE_PAIRS = 400
MAX_PROPOSALS = 400_000


@dataclass(frozen=True)
class Unit:
    """A heading or a paragraph of a speech, in reading order."""

    kind: str  # HEADING or PARAGRAPH
    number: int  # the paragraph's number, or the heading's sequence
    text: str

    @property
    def key(self) -> str:
        """What decides "same": the normalized text."""
        return normalize(self.text)

    @property
    def match_key(self) -> str:
        """What similarity is measured on: a heading without its enumeration and digits (一、2020年工作回顾 and
        一、2021年工作回顾 are the same section; 三、2021年重点工作 and 三、2022年政府工作任务 share only 三、…年)."""
        return DIGITS.sub("", normalize(ENUMERATION.sub("", self.text))) if self.kind == HEADING else self.key


@dataclass(frozen=True)
class Pair:
    """Indexes into the two unit lists (None for a unit on one side only), its kind and similarity."""

    a: int | None
    b: int | None
    kind: str
    similarity: float


def normalize(text: str) -> str:
    """The text as compared: folded (simplified, half-width, lower case), only its letters and digits."""
    return NOT_ALPHANUMERIC.sub("", search.fold(text))


def similarity(a: str, b: str) -> float:
    """Normalized Indel similarity of two normalized texts, 0..1."""
    if a == b:
        return 1.0
    return Indel.normalized_similarity(a, b)


def align(a: Sequence[Unit], b: Sequence[Unit]) -> list[Pair]:
    """Every unit of A and of B in exactly one pair, in reading order (B's order for moves)."""
    keys_a, keys_b = [unit.key for unit in a], [unit.key for unit in b]
    match_a = [unit.match_key if unit.kind == HEADING else key for unit, key in zip(a, keys_a, strict=True)]
    match_b = [unit.match_key if unit.kind == HEADING else key for unit, key in zip(b, keys_b, strict=True)]
    scored = _score(a, match_a, match_b, _candidates(a, b, match_a, match_b))
    chain = _heaviest_chain(scored, {i for i, unit in enumerate(a) if unit.kind == HEADING})
    paired_a, paired_b = {i for i, _, _ in chain}, {j for _, j, _ in chain}
    moves = _moves(a, scored, paired_a, paired_b)
    return _in_reading_order(a, b, keys_a, keys_b, chain, moves)


def _candidates(a: Sequence[Unit], b: Sequence[Unit], keys_a: list[str], keys_b: list[str]) -> set[tuple[int, int]]:
    """Pairs worth scoring: equal texts, and for the rest each unit's best few by shared rare character pairs."""
    by_key: dict[tuple[str, str], list[int]] = {}
    for j, (unit, key) in enumerate(zip(b, keys_b, strict=True)):
        by_key.setdefault((unit.kind, key), []).append(j)
    candidates: set[tuple[int, int]] = set()
    exact_a, exact_b = set(), set()
    for i, (unit, key) in enumerate(zip(a, keys_a, strict=True)):
        # A text repeated many times (同志们、朋友们！) keeps the few nearest its place, not every combination.
        equal = by_key.get((unit.kind, key), [])
        if len(equal) > CANDIDATES_PER_UNIT:
            where = i / max(len(a), 1) * len(b)
            equal = sorted(equal, key=lambda j: abs(j - where))[:CANDIDATES_PER_UNIT]
        for j in equal:
            candidates.add((i, j))
            exact_a.add(i)
            exact_b.add(j)
    fuzzy_a = [i for i in range(len(a)) if i not in exact_a]
    fuzzy_b = [j for j in range(len(b)) if j not in exact_b]
    if fuzzy_a and fuzzy_b:
        for i, j in _shared_pairs(keys_a, keys_b, fuzzy_a, fuzzy_b):
            if a[i].kind == b[j].kind:
                candidates.add((i, j))
    return candidates


def _character_pairs(texts: list[str], units: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (unit, character pair) of the texts: two arrays, the unit and the pair's 42-bit code."""
    chosen = [texts[u] for u in units]
    joined = "\x00".join(chosen)
    if not joined:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    lengths = np.fromiter((len(t) + 1 for t in chosen), dtype=np.int64, count=len(chosen))
    owner = np.repeat(np.asarray(units, dtype=np.int64), lengths)[: len(codes)]
    valid = (codes[:-1] != 0) & (codes[1:] != 0)
    keys = ((codes[:-1] << 21) | codes[1:])[valid]
    owners = owner[:-1][valid]
    distinct, _ = _sorted_unique((owners << 42) | keys)
    return distinct >> 42, distinct & ((1 << 42) - 1)


def _sorted_unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_counts=True) by one sort (numpy's own hashes first, slower on large arrays)."""
    if not len(values):
        return values, np.zeros(0, dtype=np.int64)
    ordered = np.sort(values)
    first = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    starts = np.flatnonzero(first)
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


def _shared_pairs(
    keys_a: list[str], keys_b: list[str], units_a: list[int], units_b: list[int]
) -> list[tuple[int, int]]:
    """For each unit, the units of the other side sharing the most rare character pairs (relative to size)."""
    owner_a, pair_a = _character_pairs(keys_a, units_a)
    owner_b, pair_b = _character_pairs(keys_b, units_b)
    if not len(pair_a) or not len(pair_b):
        return []
    order = np.argsort(pair_b, kind="stable")
    owner_b, pair_b = owner_b[order], pair_b[order]
    low = np.searchsorted(pair_b, pair_a, side="left")
    found = np.searchsorted(pair_b, pair_a, side="right") - low
    # How many pairs of units each character pair proposes: the rarest propose, up to a budget in all, so that
    # the work stays bounded whatever the size (发展, in most paragraphs of both, proposes nothing).
    distinct = _sorted_unique(pair_a)[0]
    inverse = np.searchsorted(distinct, pair_a)
    per_key = np.bincount(inverse, weights=found, minlength=len(distinct))
    by_rarity = np.argsort(per_key, kind="stable")
    within = (np.cumsum(per_key[by_rarity]) <= MAX_PROPOSALS) & (per_key[by_rarity] <= RARE_PAIRS)
    proposing = np.zeros(len(distinct), dtype=bool)
    proposing[by_rarity[within]] = True
    keep = (found > 0) & proposing[inverse]
    owner_a, low, found = owner_a[keep], low[keep], found[keep]
    if not len(found):
        return []
    total = int(found.sum())
    starts = np.repeat(low - np.concatenate(([0], np.cumsum(found)[:-1])), found)
    left = np.repeat(owner_a, found)
    right = owner_b[starts + np.arange(total)]
    width = len(keys_b) + 1
    joined, shared = _sorted_unique(left * width + right)
    left, right = joined // width, joined % width
    sizes_a = np.maximum(np.fromiter(map(len, keys_a), dtype=np.float64, count=len(keys_a)) - 1, 1)
    sizes_b = np.maximum(np.fromiter(map(len, keys_b), dtype=np.float64, count=len(keys_b)) - 1, 1)
    strength = shared / np.sqrt(sizes_a[left] * sizes_b[right])
    chosen = _best_per_group(left, strength) | _best_per_group(right, strength)
    return list(zip(left[chosen].tolist(), right[chosen].tolist(), strict=True))


def _best_per_group(group: np.ndarray, strength: np.ndarray) -> np.ndarray:
    """A mask of the CANDIDATES_PER_UNIT strongest entries of each group."""
    # One sort by group, then strongest first (strength is at most 1).
    order = np.argsort(group * 2.0 + (1.0 - np.minimum(strength, 1.0)), kind="stable")
    ordered_group = group[order]
    first = np.searchsorted(ordered_group, ordered_group, side="left")
    rank = np.arange(len(order)) - first
    mask = np.zeros(len(group), dtype=bool)
    mask[order[rank < CANDIDATES_PER_UNIT]] = True
    return mask


def _score(
    a: Sequence[Unit], keys_a: list[str], keys_b: list[str], candidates: set[tuple[int, int]]
) -> list[tuple[int, int, float]]:
    """The candidates similar enough to pair, with their similarity."""
    scored = []
    for i, j in candidates:
        heading = a[i].kind == HEADING
        floor = HEADING_MIN if heading else PAIR_MIN
        key_a, key_b = keys_a[i], keys_b[j]
        if key_a == key_b:
            scored.append((i, j, 1.0))
            continue
        found = Indel.normalized_similarity(key_a, key_b, score_cutoff=floor)
        shared = found * (len(key_a) + len(key_b)) / 2
        if found and shared >= (MIN_SHARED_CHARS_HEADING if heading else MIN_SHARED_CHARS):
            scored.append((i, j, found))
    return scored


def _heaviest_chain(scored: list[tuple[int, int, float]], headings: set[int]) -> list[tuple[int, int, float]]:
    """The pairs, increasing in both texts, of greatest total weight: a Fenwick tree of prefix maxima over B's
    positions, the candidates taken by A's position (and, within one, from B's last backwards, so that one unit
    of A never pairs twice). A heading pair weighs HEADING_WEIGHT times its similarity."""
    if not scored:
        return []
    ordered = sorted(scored, key=lambda item: (item[0], -item[1]))
    size = max(j for _, j, _ in ordered) + 2
    tree_value = [0.0] * (size + 1)
    tree_index = [-1] * (size + 1)
    best_before = [-1] * len(ordered)
    totals = [0.0] * len(ordered)
    for position, (i, j, value) in enumerate(ordered):
        # The best chain ending strictly before B's position j.
        best, best_index, k = 0.0, -1, j  # tree indexes are 1-based: positions < j are 1..j
        while k > 0:
            if tree_value[k] > best:
                best, best_index = tree_value[k], tree_index[k]
            k -= k & -k
        total = best + value * (HEADING_WEIGHT if i in headings else 1.0)
        totals[position], best_before[position] = total, best_index
        k = j + 1
        while k <= size:
            if total > tree_value[k]:
                tree_value[k], tree_index[k] = total, position
            k += k & -k
    end = max(range(len(ordered)), key=lambda position: totals[position])
    chain = []
    while end != -1:
        chain.append(ordered[end])
        end = best_before[end]
    chain.reverse()
    return chain


def _moves(
    a: Sequence[Unit], scored: list[tuple[int, int, float]], paired_a: set[int], paired_b: set[int]
) -> list[tuple[int, int, float]]:
    """Paragraphs the chain left on one side that are clearly the same paragraph elsewhere: best first."""
    moves = []
    for i, j, value in sorted(scored, key=lambda item: -item[2]):
        if value < MOVE_MIN or a[i].kind != PARAGRAPH or i in paired_a or j in paired_b:
            continue
        moves.append((i, j, value))
        paired_a.add(i)
        paired_b.add(j)
    return moves


def _in_reading_order(
    a: Sequence[Unit],
    b: Sequence[Unit],
    keys_a: list[str],
    keys_b: list[str],
    chain: list[tuple[int, int, float]],
    moves: list[tuple[int, int, float]],
) -> list[Pair]:
    """The chain with what lies between its pairs (A's removed first, then B's added), a moved pair where its
    B paragraph stands."""
    moved_a = {i for i, _, _ in moves}
    moved_at_b = {j: (i, value) for i, j, value in moves}
    pairs: list[Pair] = []

    def between(a_from: int, a_to: int, b_from: int, b_to: int) -> None:
        for i in range(a_from, a_to):
            if i not in moved_a:
                pairs.append(Pair(i, None, REMOVED, 0.0))
        for j in range(b_from, b_to):
            if j in moved_at_b:
                i, value = moved_at_b[j]
                pairs.append(Pair(i, j, MOVED, round(value, 3)))
            else:
                pairs.append(Pair(None, j, ADDED, 0.0))

    next_a = next_b = 0
    for i, j, value in chain:
        between(next_a, i, next_b, j)
        kind = SAME if keys_a[i] == keys_b[j] else CHANGED
        if kind == CHANGED and a[i].kind == HEADING:
            value = similarity(keys_a[i], keys_b[j])  # paired without numbers; told as written
        pairs.append(Pair(i, j, kind, 1.0 if kind == SAME else round(value, 3)))
        next_a, next_b = i + 1, j + 1
    between(next_a, len(a), next_b, len(b))
    return pairs
