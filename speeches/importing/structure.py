"""The structure inside a speech's body: section headings and a glossary after it.

Reports and long speeches are divided by headings: 一、…, （一）…, 第一部分….
A heading is a line of its own that does not end a sentence; a line that opens
with 一、 and goes on with sentences (一、过去五年工作回顾。过去一年…) is a
paragraph. Many reports end their headings with 。 all the same (（一）推动城市高质量发展，
建设现代化人民城市。): a run of such numbered lines, in order, each short and followed
by ordinary paragraphs, is a sequence of headings (`heading_sequences`).
Government work reports end with a glossary (名词解释, 注释) of terms
marked in the text (［1］); it is kept apart from the paragraphs.
"""

from __future__ import annotations

import re

from .text import INDENT, is_blank

_NUMERAL = "[一二三四五六七八九十百]+"
_HEADING_LEVELS = (
    (1, re.compile(rf"^(?:{_NUMERAL}、|第{_NUMERAL}(?:部分|章|篇)(?:[、：:\s　]|$)|第{_NUMERAL}个问题[：:])")),
    (2, re.compile(rf"^[（(]{_NUMERAL}[）)]")),
)
MAX_HEADING_CHARS = 60
# The numbered lines a sequence of headings is made of: 一、… (level 1) and （一）… (level 2), with their number.
_NUMBERED = ((1, re.compile(rf"^(?P<number>{_NUMERAL})、")), (2, re.compile(rf"^[（(](?P<number>{_NUMERAL})[）)]")))
_DIGITS = dict(zip("一二三四五六七八九", range(1, 10), strict=True))
_SENTENCE_STOPS = ("。", "！", "？", "；", "!", "?", ";")
# 名词解释, 注释, 《政府工作报告》有关内容名词注释, 附：名词解释
_APPENDIX_TITLE = re.compile(
    r"^(?:附[：:]?\s*)?.{0,20}(?:名词解释|名词注释|注释|注解|释义)[：:]?$|^附件\s*[\d一二三四五六七八九十]*$"
)


def heading_level(line: str) -> int | None:
    """1 for 一、… or 第一部分…, 2 for （一）…, None for anything else (a heading never ends a sentence)."""
    line = line.strip(INDENT)
    if not line or len(line) > MAX_HEADING_CHARS or line.endswith(_SENTENCE_STOPS) or "。" in line:
        return None
    for level, pattern in _HEADING_LEVELS:
        if pattern.match(line):
            return level
    return None


def numeral_value(numeral: str) -> int:
    """一 → 1, 十 → 10, 十四 → 14, 二十一 → 21, 一百 → 100 (the numbers of headings)."""
    if "百" in numeral:
        hundreds, _, rest = numeral.partition("百")
        return (_DIGITS.get(hundreds, 1)) * 100 + (numeral_value(rest) if rest else 0)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
    return _DIGITS.get(numeral, 0)


def numbered(line: str) -> tuple[int, int] | None:
    """(level, number) of a line that opens with 一、 or （一）, else None."""
    line = line.strip(INDENT)
    for level, pattern in _NUMBERED:
        match = pattern.match(line)
        if match:
            return level, numeral_value(match["number"])
    return None


def heading_sequences(blocks: list[str]) -> dict[int, int]:
    """Headings that end in 。 (block index → level): runs of numbered lines that stand for sections.

    At each level, a run starts at a line numbered 一 (一、… or （一）…) and takes the next lines of that
    level whose numbers rise; a heading of a higher level ends it. The run is a sequence of headings
    when it has at least two lines, every one of at most MAX_HEADING_CHARS characters (a numbered line
    that goes on with its text, 一、过去五年工作回顾。过去一年……, is longer: its run stays paragraphs),
    each followed by an ordinary paragraph, not straight by another numbered line (a list of short
    numbered items is no outline). Lines that are headings already (no 。) count in the run.
    """
    found: dict[int, int] = {}
    for level in (1, 2):
        runs: list[list[int]] = []
        current: list[int] | None = None
        last = 0
        for index, block in enumerate(blocks):
            higher = found.get(index) or heading_level(block)
            if higher is not None and higher < level:
                current = None  # a section of a higher level: this level's run ends
                continue
            numbering = numbered(block)
            if numbering is None or numbering[0] != level:
                continue
            number = numbering[1]
            if number == 1:
                current = []
                runs.append(current)
            elif current is None or number <= last:
                current = None
                continue
            current.append(index)
            last = number
        for run in runs:
            if len(run) < 2:
                continue
            if all(_short(blocks[i]) and _followed_by_text(blocks, i, level) for i in run):
                found.update((index, level) for index in run if heading_level(blocks[index]) is None)
    return found


def _short(block: str) -> bool:
    return len(block.strip(INDENT)) <= MAX_HEADING_CHARS


def _followed_by_text(blocks: list[str], index: int, level: int) -> bool:
    """Whether an ordinary paragraph, or a heading of a lower level (（一） under 一、), follows the block."""
    if index + 1 >= len(blocks):
        return False
    following = blocks[index + 1]
    numbering = numbered(following)
    if numbering is not None:
        return numbering[0] > level
    recognised = heading_level(following)
    return recognised is None or recognised > level


def is_appendix_title(line: str) -> bool:
    return bool(_APPENDIX_TITLE.match(line.strip(INDENT)))


def split_appendix(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split a glossary or notes block (名词解释, 注释 and what follows) off the end of the body.

    Only a title line in the second half of the body counts, so that a speech
    that talks about 注释 near its start keeps its text.
    """
    content = [index for index, line in enumerate(lines) if not is_blank(line)]
    for index in content[len(content) // 2 :]:
        if is_appendix_title(lines[index]):
            appendix = [line.strip(INDENT) for line in lines[index:] if not is_blank(line)]
            return lines[:index], appendix
    return lines, []
