"""Title, speaker and delivery date, read from the header the speech came with.

Each is taken from the best evidence the text gives, in order:
- title: a line standing above a subtitle (共建面向未来的亚太伙伴关系 / ——在……上的开幕辞), else the first
  title line (a dataset id's title without its 2013-06-18_ prefix, a headline without its speaker,
  习近平：在……讲话 → 在……讲话), else the occasion named by the closing editor's note, else the file name;
- speaker: a name line or byline (中华人民共和国主席　习近平), else a headline's speaker, else the occasion line
  a page closes with (——习近平在莫斯科国际关系学院的演讲), else the editor's note (这是习近平总书记……);
- date: the delivery date line （2016年7月1日）, a subtitle ——2026年1月25日在……, a date flattened into the
  first paragraph, the editor's note, a dateline (新华社北京7月1日电) with the year from the publication
  date or file name; only then a dataset id's date, the file name's date or the publication date.
  The dataset id and the file name are labels someone gave the file, and the text wins when it
  contradicts them: a publication date before the label's date (no speech is published before it is
  given), or a headline whose year names the text (二〇一七年新年贺词 is given at the end of 2016, 2026年
  政府工作报告 in 2026) and disagrees with the label's year.
"""

from __future__ import annotations

import datetime
import re

from .dates import ISO_DATE, dateline_month_day, find_date, to_ascii_digits, year_for
from .header import (
    DATASET_PREFIX,
    FULL_TEXT,
    SPEECH_KIND,
    has_surname,
    headline,
    is_date_line,
    is_publication_line,
    is_subtitle,
    is_title_candidate,
    name_line,
)
from .text import clean_title
from .titles import strip_news_prefix

# The editor's closing note: "这是习近平总书记2023年10月23日在……时讲话的主要部分。"
_SOURCE_NOTE = re.compile(r"^[（(]?(?:这是|本文是|此文是|这篇文章是)")
_SOURCE_NOTE_KIND = re.compile(r"讲话|发言|致辞|报告|谈话|文章|演讲")
_TITLE_IN_NOTE = re.compile(r"日\s*(在.+?(?:时|上|中))的?(讲话|发言|致辞|报告|演讲)")
# A file named 2017-10-18-19th-party-congress-report is titled 19th-party-congress-report at worst.
DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_ ]+")
# 在金砖国家领导人第六次会晤上的讲话:新起点 新愿景 新动力 → the title is after the colon.
_OCCASION_THEN_TITLE = re.compile(r"^在.{2,60}(?:讲话|致辞|演讲|发言|开幕辞|闭幕辞)[：:](?P<title>.{2,40})$")
# 这是习近平总书记2023年10月23日在……讲话的主要部分。
_SPEAKER_IN_NOTE = re.compile(
    r"^[（(]?(?:这是|本文是|此文是|这篇文章是)(?P<name>[\u4e00-\u9fff]{2,3}?)(?:总书记|同志|主席|总理)"
)
# （原标题：在……的讲话 （2013年4月28日） 习近平）: a newspaper's note of the title as printed, byline last.
_ORIGINAL_TITLE = re.compile(r"^[（(]原标题[：:].+[\s\u3000）)](?P<last>[^\s\u3000（）()]{2,20})[）)]$")
# A headline's year that names the text itself: 二〇一七年新年贺词, 2026年北京市政府工作报告.
_NAMED_YEAR = re.compile(
    r"(?P<year>\d{4}|[〇○零一二三四五六七八九]{4})年(?:[\u4e00-\u9fff]{0,12}?)(?P<kind>新年贺词|新年致辞|政府工作报告)"
)


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


def title_and_speaker(head: list[str], source_note: str, file_stem: str, tail=()) -> tuple[str, str]:
    """The title, in order of evidence: the line above a subtitle; a title line set above its date or
    byline, as printed; a headline's title; a title line naming a kind of speech (报告, 讲话); any title
    line; a dataset id's title; the occasion in the editor's note; the file name. The speaker: see the
    module docstring."""
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
    # ——习近平在莫斯科国际关系学院的演讲: the occasion line some pages close with.
    speaker = speaker or next((name for line in tail if (name := headline(line.lstrip("—―─- "))[0])), "")
    # （原标题：在同全国劳动模范代表座谈时的讲话 （2013年4月28日） 习近平）: the print title block, flattened.
    speaker = speaker or next((name for line in tail if (name := _speaker_of_original_title(line))), "")
    if not speaker and (match := _SPEAKER_IN_NOTE.match(source_note)):
        speaker = match["name"] if has_surname(match["name"]) else ""
    return strip_news_prefix(title), speaker


def _speaker_of_original_title(line: str) -> str:
    match = _ORIGINAL_TITLE.match(line)
    return name_line(match["last"]) if match else ""


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
    label = dataset or in_name  # what someone named the file: the text wins when it says otherwise
    if label and _contradicted(label, published, _named_years(head)):
        label = None
    reference = published or label
    if reference:
        for line in [*head, *inline, *tail]:
            if (month_day := dateline_month_day(line)) and (date := year_for(month_day, reference)):
                return date
    return label or published


def _named_years(head: list[str]) -> set[int] | None:
    """The years a headline's own year allows for the text (二〇一七年新年贺词 → {2016, 2017}), or None."""
    for line in head:
        if DATASET_PREFIX.match(line):
            continue  # the dataset's label, not the text
        match = _NAMED_YEAR.search(to_ascii_digits(line))
        if match:
            year = int(to_ascii_digits(match["year"])) if match["year"].isdigit() else _chinese_year(match["year"])
            if year:
                return {year - 1, year} if match["kind"] != "政府工作报告" else {year}
    return None


def _chinese_year(value: str) -> int | None:
    date = find_date(f"{value}年1月1日")
    return date.year if date else None


def _contradicted(label: datetime.date, published: datetime.date | None, named_years: set[int] | None) -> bool:
    """Whether the text says the label's date is wrong: published before it, or a headline of another year."""
    if published is not None and published < label:
        return True
    return named_years is not None and label.year not in named_years
