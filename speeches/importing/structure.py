"""The structure inside a speech's body: section headings and a glossary after it.

Reports and long speeches are divided by headings: 一、…, （一）…, 第一部分….
A heading is a line of its own that does not end a sentence; a line that opens
with 一、 and goes on with sentences (一、过去五年工作回顾。过去一年…) is a
paragraph. Government work reports end with a glossary (名词解释, 注释) of terms
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
