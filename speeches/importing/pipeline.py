"""The import pipeline: text → lines → header and debris → blocks → paragraphs and headings → metadata.

`parse_speech` runs the steps in that order; each step is a function of its
own module (text, header, structure, layout, metadata) with its own tests.
A `---` front-matter block at the top (title:, speaker:, date:, source:)
overrides whatever the steps inferred.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .dates import parse_date_value
from .errors import ImportRefused
from .header import is_debris, split_head, split_salutation, split_tail, strip_inline_header
from .layout import rejoin_broken_lines, split_paragraphs
from .metadata import delivery_date, is_source_note, title_and_speaker
from .structure import heading_level, heading_sequences, split_appendix
from .text import INDENT, clean_spaces, is_blank, text_lines
from .titles import complete_title

_FRONT_MATTER_KEYS = {"title", "speaker", "date", "source"}


@dataclass(frozen=True)
class Heading:
    """A section heading: level 1 (一、…) or 2 (（一）…), standing before paragraph number `before`."""

    level: int
    text: str
    before: int


@dataclass(frozen=True)
class ParsedSpeech:
    title: str
    speaker: str
    date: datetime.date | None
    source_note: str
    paragraphs: tuple[str, ...]
    headings: tuple[Heading, ...] = ()
    appendix: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()


def parse_front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split an optional `---` front-matter block (title/speaker/date/source) off the top."""
    start = 0
    while start < len(lines) and is_blank(lines[start]):
        start += 1
    if start >= len(lines) or lines[start].strip() != "---":
        return {}, lines
    for end in range(start + 1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        raise ImportRefused(_("the front matter opened with --- is never closed"))
    values: dict[str, str] = {}
    for line in lines[start + 1 : end]:
        if is_blank(line):
            continue
        key, sep, value = line.replace("：", ":", 1).partition(":")
        key = key.strip().lower()
        if not sep or key not in _FRONT_MATTER_KEYS:
            raise ImportRefused(
                _("front matter line '%(line)s' is not one of title:, speaker:, date:, source:"),
                params={"line": line.strip()},
            )
        values[key] = value.strip()
    return values, lines[end + 1 :]


def split_headings(blocks: list[str]) -> tuple[list[str], list[Heading]]:
    """Headings out of the numbered paragraphs: ¶N stays the N-th paragraph, as printed editions cite."""
    paragraphs: list[str] = []
    headings: list[Heading] = []
    sequences = heading_sequences(blocks)
    for index, block in enumerate(blocks):
        level = heading_level(block) or sequences.get(index)
        if level is None:
            paragraphs.append(block)
        else:
            headings.append(Heading(level, block, len(paragraphs) + 1))
    return paragraphs, headings


def parse_speech(text: str, *, file_stem: str = "") -> ParsedSpeech:
    """Parse a decoded speech file into its metadata, paragraphs, headings and what was dropped."""
    front, lines = parse_front_matter(text_lines(text))
    head, body = split_head(lines)
    body, tail = split_tail(body)
    body, appendix = split_appendix(body)
    # Debris inside the body too: a photo caption, a stray button, a dateline on its own line.
    stray = [line.strip(INDENT) for line in body if not is_blank(line) and is_debris(line.strip(INDENT))]
    body = [line for line in body if is_blank(line) or not is_debris(line.strip(INDENT))]

    blocks = split_paragraphs(body)
    source_note = blocks.pop() if blocks and is_source_note(blocks[-1]) else ""
    title, speaker = title_and_speaker(head, source_note, file_stem, tail)
    inline: list[str] = []
    if blocks:
        first, inline = strip_inline_header(blocks[0], title, speaker)
        blocks[:1] = split_salutation(first) if inline else [first]
    paragraphs, headings = split_headings(blocks)
    date = delivery_date(head, inline=inline, source_note=source_note, tail=tail, file_stem=file_stem)
    title = complete_title(title, head, date)

    if "title" in front:
        title = front["title"]
    if "speaker" in front:
        speaker = front["speaker"]
    if "date" in front:
        date = _front_matter_date(front["date"])
    if "source" in front:
        source_note = front["source"]

    if not paragraphs:
        raise ImportRefused(_("the file has no paragraphs of text"))
    return ParsedSpeech(
        title=clean_spaces(title) if "title" in front else title,
        speaker=clean_spaces(speaker),
        date=date,
        source_note=source_note,
        paragraphs=tuple(paragraphs),
        headings=tuple(headings),
        appendix=tuple(rejoin_broken_lines(appendix)),
        dropped=(*head, *inline, *stray, *tail),
    )


def _front_matter_date(value: str) -> datetime.date | None:
    if not value:
        return None
    date = parse_date_value(value)
    if date is None:
        raise ImportRefused(_("the date '%(value)s' is not a date (use YYYY-MM-DD)"), params={"value": value})
    return date
