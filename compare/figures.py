"""Numeric targets and what became of them: 国内生产总值增长 6%以上 → 5.5%左右.

A figure is a number written in digits with its unit and qualifier (6%以上, 5.5%左右, 1100万人以上, 3%左右,
1.3万亿斤以上, 3.65万亿元), not a year or a date (2021年, 3月5日). Its context is what the clause says before
it: 国内生产总值增长 in 今年发展主要预期目标是：国内生产总值增长6%以上；.

Figures are compared inside paired paragraphs only (a same paragraph has the same figures; an added one has
nothing to compare with). In a pair, a figure of A and one of B are the same target when they have the same
unit and their contexts agree (equal, or similar enough: 城镇调查失业率 / 城镇调查失业率全年控制在); the
closest contexts pair first. A target whose value moved is listed; one with no counterpart is listed as
new (nothing in A) or dropped (nothing in B).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from speeches import search

MAGNITUDE = "[十百千万亿]*"
MEASURES = (
    "个百分点|百分点|%|‰|倍|元|美元|人次|人|户|斤|公斤|吨|千瓦时|千瓦|瓦|公里|千米|米|平方米|亩|公顷|立方米|"
    "标准箱|辆|套|座|所|家|个|项|张|条|台|架|艘|部|只|头|册|场|次|岁|小时|天"
)
QUALIFIERS = "以上|左右|以内|以下|上下|之内|多|余"
FIGURE = re.compile(
    rf"(?<![\d.第])(?P<number>\d+(?:\.\d+)?)(?P<unit>{MAGNITUDE}(?:{MEASURES})|[十百千万亿]+)?(?P<qualifier>{QUALIFIERS})?"
)
NOT_A_FIGURE = re.compile(r"^(?:年|月|日|号|届|周年|世纪|时期|期间|规划)")
CLAUSE_MARKS = re.compile(r"[，。；：！？、,;:!?（）()“”\"《》\s]")
CONTEXT_CHARS = 16
SAME_TARGET = 0.5  # context similarity from which two figures are the same target
SAME_VALUE_BONUS = 0.3


@dataclass(frozen=True)
class Figure:
    context: str
    value: str  # as written: 6%以上
    unit: str  # without magnitude or qualifier, to compare like with like: %, 人, 斤


@dataclass(frozen=True)
class FigureChange:
    """A target of a paired paragraph: its context (B's wording when B has it) and the values in A and B."""

    context: str
    a: str | None
    b: str | None
    a_paragraph: int | None
    b_paragraph: int | None


def figures(text: str) -> list[Figure]:
    """The figures of a paragraph, in order."""
    found = []
    last_end = 0
    for match in FIGURE.finditer(text):
        unit, qualifier = match.group("unit") or "", match.group("qualifier") or ""
        after = text[match.end() : match.end() + 2]
        if not (unit or qualifier) or (not qualifier and NOT_A_FIGURE.match(after)):
            continue
        if unit and not qualifier and NOT_A_FIGURE.match(unit):
            continue
        clause_start = max((m.end() for m in CLAUSE_MARKS.finditer(text, 0, match.start())), default=0)
        context = text[max(clause_start, last_end, match.start() - CONTEXT_CHARS) : match.start()].strip()
        last_end = match.end()
        found.append(Figure(context, match.group(0), unit.lstrip("十百千万亿") or unit))
    return found


def _closeness(a: Figure, b: Figure) -> float:
    """How surely two figures are the same target: their contexts' similarity, and a little more when the
    value is the same (将……比例提高到100% stays 100% when B adds 从75%提高到100%)."""
    key_a, key_b = search.fold(a.context), search.fold(b.context)
    same_value = search.fold(a.value) == search.fold(b.value)
    if key_a == key_b:
        return 2.0 if same_value else 1.5
    if not key_a or not key_b:
        return 0.0
    return Indel.normalized_similarity(key_a, key_b) + (SAME_VALUE_BONUS if same_value else 0.0)


def changes(text_a: str, text_b: str, number_a: int, number_b: int) -> list[FigureChange]:
    """The targets of a pair of paragraphs whose value changed, appeared or went."""
    in_a, in_b = figures(text_a), figures(text_b)
    candidates = sorted(
        (
            (_closeness(fa, fb), i, j)
            for i, fa in enumerate(in_a)
            for j, fb in enumerate(in_b)
            if fa.unit == fb.unit and fa.context and fb.context
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    matched_a: dict[int, int] = {}
    matched_b: set[int] = set()
    for score, i, j in candidates:
        if score < SAME_TARGET or i in matched_a or j in matched_b:
            continue
        matched_a[i] = j
        matched_b.add(j)
    found: list[tuple[int, FigureChange]] = []
    for i, figure in enumerate(in_a):
        if i not in matched_a:
            found.append((i, FigureChange(figure.context, figure.value, None, number_a, None)))
            continue
        other = in_b[matched_a[i]]
        if search.fold(other.value) != search.fold(figure.value):
            found.append((i, FigureChange(other.context, figure.value, other.value, number_a, number_b)))
    # B's new targets take their place after the A figure before them.
    position = {j: i for i, j in matched_a.items()}
    last = -1
    for j, figure in enumerate(in_b):
        if j in position:
            last = position[j]
        elif figure.context:
            found.append((last, FigureChange(figure.context, None, figure.value, None, number_b)))
    found.sort(key=lambda item: item[0])
    return [change for _, change in found if change.context]
