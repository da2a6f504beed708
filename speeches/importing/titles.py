"""Titles that say whose speech it is: generic titles completed from the text, news prefixes taken off.

A report printed as 政府工作报告 is one of thirty-one that year: its title is generic, and the text says
whose it is. `complete_title` completes a generic title (a kind of text, perhaps with a year: 政府工作报告,
2026年政府工作报告, 讲话, 新年贺词) from, in order:

- a headline that holds the title and more (2026年宁夏回族自治区政府工作报告 above 政府工作报告);
- the occasion line (——2026年1月26日在广东省第十四届人民代表大会… → 2026年广东省政府工作报告; for a speech,
  ——在……上 → 在……上的讲话);
- the organisation of the byline (广东省省长 孟凡利 → 广东省);
- for a New Year address, the year it greets (given on 31 December 2016: 2017年新年贺词).

A title never keeps a news agency's dateline or prefix (新华网北京11月15日电 关于…的说明 → 关于…的说明).
"""

from __future__ import annotations

import datetime
import re

from .dates import to_ascii_digits
from .header import DATASET_PREFIX, headline, is_title_candidate
from .text import clean_title

_YEAR = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})年"
# The kinds of text a title can be without saying whose: reports, then speeches, then greetings.
_REPORT_KINDS = ("政府工作报告", "人民政府工作报告", "工作报告", "报告")
_SPEECH_KINDS = ("重要讲话", "讲话", "致辞", "发言", "演讲", "讲话全文", "开幕辞", "闭幕辞")
_GREETING_KINDS = ("新年贺词", "新年致辞", "贺词")
GENERIC_TITLE = re.compile(
    rf"^(?P<year>{_YEAR})?(?P<kind>{'|'.join(_REPORT_KINDS + _SPEECH_KINDS + _GREETING_KINDS)})$"
)
# A place that holds a people's congress or has a government: 广东省, 北京市, 宁夏回族自治区, 香港特别行政区.
_PLACE = r"[\u4e00-\u9fff]{1,10}?(?:省|市|自治区|特别行政区|自治州|州|县|区|盟)"
# ……在广东省第十四届人民代表大会…, （2026年1月27日在贵州省第十四届…）, 在甘肃省十四届…
_PLACE_IN_OCCASION = re.compile(rf"在(?P<place>{_PLACE})(?=第|[一二三四五六七八九十]+届|人民代表大会|人大|政协)")
# 广东省省长 孟凡利, 北京市市长 殷勇, 宁夏回族自治区人民政府主席 张雨浦 (自治区主席 alone names no place)
_PLACE_IN_BYLINE = re.compile(
    rf"^(?P<place>{_PLACE})(?:人民政府)?(?:代理)?(?:省长|市长|主席|州长|县长|区长|盟长)(?:[\s\u3000]|[\u4e00-\u9fff]{{2,4}}$)"
)
# A kind of place, not a place: 自治区主席 包钢 says whose office, not which region.
_NO_PLACE = {"自治区", "特别行政区", "自治州", "本省", "本市", "全省", "全市", "我省", "我市", "我区"}
# ——在亚太经合组织第二十二次领导人非正式会议上, （2014年11月11日在……时）
_OCCASION = re.compile(r"(?P<occasion>在[^，。；（）()]{2,60}?(?:上|时|中))(?:的\S{0,6})?[）)]?$")
# 新华网北京11月15日电, 新华社北京电, 据新华社电, 本报讯, 人民网北京1月1日电（记者 某某）
NEWS_PREFIX = re.compile(
    r"^据?(?:新华社|新华网|中新社|中新网|人民日报|人民网|央视网|央视新闻|光明日报|经济日报|本报|中国新闻网)"
    r"[\u4e00-\u9fff]{0,8}?(?:\d{1,2}月\d{1,2}日)?(?:电|讯)(?:[（(][^）)]{0,20}[）)])?[\s\u3000：:]*"
)


def strip_news_prefix(title: str) -> str:
    """The title without a leading dateline or agency prefix (新华网北京11月15日电 关于… → 关于…)."""
    match = NEWS_PREFIX.match(to_ascii_digits(title))
    rest = title[match.end() :] if match else title
    return clean_title(rest) or title


def _generic(title: str) -> re.Match | None:
    match = GENERIC_TITLE.match(title.replace(" ", ""))
    if match and match["year"] and match["kind"] in _GREETING_KINDS:
        return None  # 二〇一七年新年贺词 says which: there is one a year
    return match


def is_generic(title: str) -> bool:
    """A title that names a kind of text and nothing else: 政府工作报告, 2026年政府工作报告, 讲话, 新年贺词."""
    return _generic(title) is not None


def complete_title(title: str, head: list[str], date: datetime.date | None) -> str:
    """A generic title completed from the header lines (see the module docstring); any other title as it is."""
    match = _generic(title)
    if not match:
        return title
    kind, year = match["kind"], match["year"]
    fuller = _headline_holding(title, head)
    if fuller:
        return fuller
    if kind in _REPORT_KINDS:
        place = _place(head)
        if place:
            if year is None and date is not None:
                year = f"{date.year}年"
            return f"{year or ''}{place}{kind}"
    elif kind in _SPEECH_KINDS:
        occasion = next((found["occasion"] for line in head if (found := _OCCASION.search(line))), "")
        if occasion:
            return f"{occasion}的{kind}"
    elif date is not None and year is None:
        # A New Year address is given on the last days of the year before the one it greets.
        greeted = date.year + 1 if date.month == 12 else date.year
        return f"{greeted}年{kind}"
    return title


def _headline_holding(title: str, head: list[str]) -> str:
    """A header line that holds the generic title and says more, as a title (2026年宁夏回族自治区政府工作报告)."""
    bare = title.replace(" ", "")
    core = GENERIC_TITLE.match(bare)["kind"]
    for line in head:
        if DATASET_PREFIX.match(line):
            continue  # a dataset's label, not the text
        speaker, rest = headline(line)
        text = clean_title(strip_news_prefix(rest if speaker else line))
        compact = text.replace(" ", "")
        if compact == bare or not compact.endswith(core) or not is_title_candidate(text):
            continue
        if GENERIC_TITLE.match(compact):
            continue  # 2026年政府工作报告 says no more than 政府工作报告
        if len(compact) <= 60:
            return text
    return ""


def _place(head: list[str]) -> str:
    """The place an occasion line or a byline names (广东省), or ""."""
    for pattern, search in ((_PLACE_IN_OCCASION, True), (_PLACE_IN_BYLINE, False)):
        for line in head:
            found = pattern.search(line) if search else pattern.match(line.strip())
            if found and found["place"] not in _NO_PLACE:
                return found["place"]
    return ""
