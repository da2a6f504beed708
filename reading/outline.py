"""The speech page's outline and its appendix, built from the records (no queries here).

The outline nests what a reader navigates by: section headings (一、…, then （一）…) and,
under them, the enumerated lead sentences that printed editions set in bold (第一，…).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from speeches.importing.structure import is_appendix_title
from speeches.models import Heading, Paragraph


@dataclass
class OutlineEntry:
    label: str
    anchor: str
    level: int  # 1 and 2 for headings, 3 for lead sentences
    children: list[OutlineEntry] = field(default_factory=list)


def build_outline(paragraphs: Iterable[Paragraph], headings: Iterable[Heading]) -> list[OutlineEntry]:
    """Headings and lead sentences in reading order, each under the nearest heading above it of a higher level."""
    items: list[tuple[int, int, OutlineEntry]] = [
        (heading.before, 0, OutlineEntry(heading.text, heading.anchor, heading.level)) for heading in headings
    ]
    items += [
        (paragraph.number, 1, OutlineEntry(paragraph.lead_sentence, paragraph.anchor, 3))
        for paragraph in paragraphs
        if paragraph.lead_sentence
    ]
    items.sort(key=lambda item: (item[0], item[1]))  # a heading comes before the paragraph it stands above
    roots: list[OutlineEntry] = []
    open_entries: list[OutlineEntry] = []  # the current heading of each level, outermost first
    for _, _, entry in items:
        while open_entries and open_entries[-1].level >= entry.level:
            open_entries.pop()
        (open_entries[-1].children if open_entries else roots).append(entry)
        if entry.level < 3:
            open_entries.append(entry)
    return roots


@dataclass(frozen=True)
class AppendixLine:
    text: str
    kind: str  # "title" (附件2, 名词解释), "term" (1.“四上”企业：) or "text"


def appendix_lines(appendix: str) -> list[AppendixLine]:
    """The glossary or notes after the speech, one line each, with what each line is."""
    lines = []
    for text in filter(None, (line.strip() for line in appendix.splitlines())):
        if is_appendix_title(text):
            kind = "title"
        elif text.endswith(("：", ":")) and len(text) <= 40:
            kind = "term"
        else:
            kind = "text"
        lines.append(AppendixLine(text, kind))
    return lines
