"""Lines to paragraphs: does a line break end a paragraph, or is it a hard wrap?

Decided once per file, from the whole body. Where most lines end a sentence,
each line is a paragraph (news sites, datasets, editors: with or without blank
lines, indented or not). Otherwise lines are hard-wrapped (text extracted from
a PDF, or wrapped by an editor) and paragraphs are recovered from indents,
trailing spaces or blank lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .structure import heading_level, is_appendix_title
from .text import INDENT, SENTENCE_END, ends_sentence, is_blank, join_wrapped

# Share of lines ending a sentence above which each line is taken as a paragraph.
LINE_PER_PARAGRAPH = 0.5


def _has_trailing_space(line: str) -> bool:
    return line != line.rstrip(" \t")


def _blocks(lines: Sequence[str]) -> list[list[str]]:
    """Runs of non-blank lines separated by blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if is_blank(line):
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def line_breaks_end_paragraphs(lines: Sequence[str]) -> bool:
    """Whether each line of the body is a paragraph (True) or lines are hard-wrapped (False).

    Most lines must end a sentence, and so must most of the lines that another line follows
    directly (in a wrapped block, only the last line does). Headings are left out of the count:
    they never end a sentence, whatever the layout.
    """
    content = [line.strip(INDENT) for line in lines if not is_blank(line)]
    content = [line for line in content if heading_level(line) is None]
    if len(content) <= 2:
        return True
    inner = [
        line.strip(INDENT)
        for line, following in zip(lines, lines[1:], strict=False)
        if not is_blank(line) and not is_blank(following) and heading_level(line) is None
    ]
    return all(
        sum(1 for line in group if ends_sentence(line)) / len(group) > LINE_PER_PARAGRAPH
        for group in (content, inner)
        if len(group) >= 2
    )


_OPENING_ONLY = set("（(“‘《【「『")
_CONTINUING = tuple("，,。、；;：:！!？?）)”’》」』")
_ENDING = (*SENTENCE_END, "，", ",", "、")


def _joins(previous: str, line: str) -> bool:
    """Whether `line` goes on `previous`: a line that a web page broke around bold text or a subscript."""
    if previous in _OPENING_ONLY:
        return True  # （ / 三）改革开放持续深化
    if _stands_alone(previous) or _is_title(line):
        return False
    return (
        line.startswith(_CONTINUING)  # 揭榜 / ；“成果找市场”
        or line.startswith(("是：", "是:"))  # 主要目标 / 是：地区生产总值
        or previous.endswith("的")  # 经济社会发展的 / 主要目标
        or _is_fragment(line)  # 森林抚育……PM / 2.5
    )


def _is_title(line: str) -> bool:
    """A heading or an appendix's title (附件2, 名词解释): never part of another line."""
    return heading_level(line) is not None or is_appendix_title(line)


def _stands_alone(line: str) -> bool:
    """A line that nothing goes on: it ends a sentence, or it is a title."""
    return line.endswith(_ENDING) or _is_title(line)


def _is_fragment(line: str) -> bool:
    return len(line) <= 4


def rejoin_broken_lines(lines: Sequence[str]) -> list[str]:
    """Stripped non-blank lines, with the pieces of a line broken by page markup joined again.

    A fragment (PM / 2.5 / 年平均浓度……) takes the line after it along too: the sentence goes on.
    """
    joined: list[str] = []
    after_fragment = False
    for line in (line.strip(INDENT) for line in lines if not is_blank(line)):
        if joined and (_joins(joined[-1], line) or (after_fragment and not _stands_alone(joined[-1]))):
            after_fragment = _is_fragment(line)
            joined[-1] += line  # no space: the page broke the line around markup, not between words
        else:
            after_fragment = False
            joined.append(line)
    return joined


def split_paragraphs(lines: Sequence[str]) -> list[str]:
    """Recover the paragraphs (and heading lines) of a speech body from its lines, whatever the layout.

    One paragraph per line where line breaks end paragraphs; else, for hard-wrapped text,
    in the order they are recognised:
    - indented: paragraphs start with full-width spaces (　　), as copied from news sites;
    - pdf: a paragraph ends at a line with trailing whitespace, and a line that starts
      with a space right after a line break continues the paragraph across a page break;
    - blocks: paragraphs separated by blank lines, wrapped inside;
    A short heading line (一、…) stands alone in every layout.
    """
    content = [line for line in lines if not is_blank(line)]
    if not content:
        return []
    if line_breaks_end_paragraphs(content):
        return [text for text in (join_wrapped([line]) for line in rejoin_broken_lines(content)) if text]

    # A wrapped line can start with 一、 by chance; a heading is also clearly shorter than the wrap width.
    lengths = Counter(len(line.strip(INDENT)) for line in content)
    width = lengths.most_common(1)[0][0]

    def is_heading(line: str) -> bool:
        return heading_level(line) is not None and len(line.strip(INDENT)) < 0.8 * width

    paragraphs: list[list[str]] = []
    indented = [line for line in content if line.startswith("\u3000")]
    if len(indented) >= 2 or len(indented) == len(content):
        for line in lines:
            if is_blank(line):
                paragraphs.append([])
            elif line.startswith("\u3000") or not paragraphs or is_heading(line):
                paragraphs.append([line])
            else:
                paragraphs[-1].append(line)
    elif any(_has_trailing_space(line) for line in content):
        paragraphs = [[]]
        for line in content:
            if is_heading(line):
                paragraphs.extend([[line], []])
                continue
            paragraphs[-1].append(line)
            if _has_trailing_space(line):
                paragraphs.append([])
    else:
        for block in _blocks(lines):
            paragraphs.append([])
            for line in block:
                if is_heading(line):
                    paragraphs.extend([[line], []])
                else:
                    paragraphs[-1].append(line)
    return [text for text in (join_wrapped(p) for p in paragraphs) if text]
