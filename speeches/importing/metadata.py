"""Title, speaker and delivery date, read from the header the speech came with.

Each is taken from the best evidence the text gives, in order:
- title: a line standing above a subtitle (共建面向未来的亚太伙伴关系 / ——在……上的开幕辞), else the first
  title line (a dataset id's title without its 2013-06-18_ prefix, a headline without its speaker,
  习近平：在……讲话 → 在……讲话), else the occasion named by the closing editor's note, else the file name;
- speaker: a name line or byline (中华人民共和国主席　习近平), else a headline's speaker;
- date: the delivery date line （2016年7月1日）, a subtitle ——2026年1月25日在……, a date flattened into the
  first paragraph, the editor's note, a dateline (新华社北京7月1日电) with the year from the publication
  date or file name; only then a dataset id's date, the file name's date or the publication date.
"""

from __future__ import annotations

import datetime
import re

from .dates import ISO_DATE, dateline_month_day, find_date, to_ascii_digits, year_for
from .header import (
    DATASET_PREFIX,
    FULL_TEXT,
    SPEECH_KIND,
    headline,
    is_date_line,
    is_publication_line,
    is_subtitle,
    is_title_candidate,
    name_line,
)
from .text import clean_title

# The editor's closing note: "这是习近平总书记2023年10月23日在……时讲话的主要部分。"
_SOURCE_NOTE = re.compile(r"^[（(]?(?:这是|本文是|此文是|这篇文章是)")
_SOURCE_NOTE_KIND = re.compile(r"讲话|发言|致辞|报告|谈话|文章|演讲")
_TITLE_IN_NOTE = re.compile(r"日\s*(在.+?(?:时|上|中))的?(讲话|发言|致辞|报告|演讲)")
# A file named 2017-10-18-19th-party-congress-report is titled 19th-party-congress-report at worst.
DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_ ]+")
# 在金砖国家领导人第六次会晤上的讲话:新起点 新愿景 新动力 → the title is after the colon.
_OCCASION_THEN_TITLE = re.compile(r"^在.{2,60}(?:讲话|致辞|演讲|发言|开幕辞|闭幕辞)[：:](?P<title>.{2,40})$")


def is_source_note(paragraph: str) -> bool:
    """The editor's note closing a speech (这是……讲话的主要部分。): shown apart, not a paragraph."""
    return bool(_SOURCE_NOTE.match(paragraph)) and bool(_SOURCE_NOTE_KIND.search(paragraph)) and len(paragraph) < 300


def _title_from_note(note: str) -> str:
    match = _TITLE_IN_NOTE.search(note)
    return f"{match.group(1)}的{match.group(2)}" if match else ""


def _title_of(line: str) -> str:
    """The title a header line gives, or "" if it gives none."""
    line = DATASET_PREFIX.sub("", line)
    speaker, rest = headline(line)
    if speaker:
        line = rest
    elif not is_title_candidate(line):
        return ""
    line = FULL_TEXT.sub("", line).strip()
    match = _OCCASION_THEN_TITLE.match(line)
    return clean_title(match["title"] if match else line)


def _plain_title(line: str) -> str:
    """The title of a line that is only a title: not a headline, a dataset id, a date, a byline or debris."""
    if DATASET_PREFIX.match(line) or headline(line)[0] or not is_title_candidate(line):
        return ""
    if is_date_line(line) or is_subtitle(line) or name_line(line):
        return ""
    return _title_of(line)


def title_and_speaker(head: list[str], source_note: str, file_stem: str) -> tuple[str, str]:
    """The title, in order of evidence: the line above a subtitle; a title line set above its date or
    byline, as printed; a headline's title; a title line naming a kind of speech (报告, 讲话); any title
    line; a dataset id's title; the occasion in the editor's note; the file name."""
    pairs = list(zip(head, [*head[1:], ""], strict=False))
    candidates = (
        [_title_of(line) for line, following in pairs if is_subtitle(following) and not is_subtitle(line)],
        [_plain_title(line) for line, following in pairs if is_date_line(following) or name_line(following)],
        [headline(DATASET_PREFIX.sub("", line))[1] for line in head if not DATASET_PREFIX.match(line)],
        [title for line in head if SPEECH_KIND.search(title := _plain_title(line))],
        [_plain_title(line) for line in head],
        [_title_of(line) for line in head if DATASET_PREFIX.match(line)],
        [_title_from_note(source_note), DATE_PREFIX.sub("", file_stem), file_stem],
    )
    title = next((clean_title(FULL_TEXT.sub("", title)) for group in candidates for title in group if title), "")
    speaker = next((name for line in head if (name := name_line(line))), "")
    speaker = speaker or next((name for line in head if (name := headline(DATASET_PREFIX.sub("", line))[0])), "")
    return title, speaker


def delivery_date(
    head: list[str], *, inline: list[str], source_note: str, tail: list[str], file_stem: str
) -> datetime.date | None:
    """The date the speech was given; see the module docstring for the order of evidence."""
    for line in head:
        if is_date_line(line) or (is_subtitle(line) and find_date(line)):
            return find_date(line)
    for part in inline:
        if date := find_date(part):
            return date
    for line in tail:  # the signature of a letter: 习近平 / 2016年12月29日
        if is_date_line(line):
            return find_date(line)
    if source_note and (date := find_date(source_note)):
        return date
    published = next((date for line in head if is_publication_line(line) and (date := find_date(line))), None)
    dataset = next((find_date(line[:10]) for line in head if DATASET_PREFIX.match(line)), None)
    match = ISO_DATE.search(to_ascii_digits(file_stem))
    in_name = find_date(match.group()) if match else None
    reference = published or in_name or dataset
    if reference:
        for line in [*head, *inline, *tail]:
            if (month_day := dateline_month_day(line)) and (date := year_for(month_day, reference)):
                return date
    return dataset or in_name or published
