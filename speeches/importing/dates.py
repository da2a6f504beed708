"""Dates as speeches write them: 2016年7月1日, ２０１３年３月２２日, 二〇一七年一月一日, 2016-07-02.

Also the news dateline (新华社北京7月1日电), which has a month and day but no
year: `year_for` takes the year from another date the text gives.
"""

from __future__ import annotations

import datetime
import re

_CHINESE_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CHINESE_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９－：", "0123456789-:")

_YEAR = r"(?P<year>\d{4}|[〇○零Ｏ一二三四五六七八九]{4})"
_MONTH = r"(?P<month>\d{1,2}|[一二三四五六七八九十]{1,2})"
_DAY = r"(?P<day>\d{1,2}|[一二三四五六七八九十]{1,3})"
_S = r"\s*"
CHINESE_DATE = re.compile(f"{_YEAR}{_S}年{_S}{_MONTH}{_S}月{_S}{_DAY}{_S}日")
ISO_DATE = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")
# Either kind, without named groups, to build other patterns from.
ANY_DATE = "(?:{}|{})".format(*(re.sub(r"\(\?P<\w+>", "(?:", p.pattern) for p in (CHINESE_DATE, ISO_DATE)))
# 新华社北京7月1日电, 新华社莫斯科11月18日电, 人民日报北京12月31日电, 本报北京1月1日讯
DATELINE = re.compile(
    r"(?:新华社|中新社|人民日报|本报|新华网|人民网|央视网)[\u4e00-\u9fff]{0,8}?"
    f"{_MONTH}月{_DAY}日(?:电|讯)"
)


def to_ascii_digits(text: str) -> str:
    return text.translate(_FULL_WIDTH_DIGITS)


def _number(value: str) -> int:
    """12, 十二, 二十一, 三十, 二〇一七 → int."""
    if value.isdigit():
        return int(value)
    if "十" in value:
        tens, _, ones = value.partition("十")
        return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0)
    return int("".join(str(_CHINESE_DIGITS[char]) for char in value))


def _date(match: re.Match) -> datetime.date | None:
    try:
        return datetime.date(_number(match["year"]), _number(match["month"]), _number(match["day"]))
    except (ValueError, KeyError):
        return None


def find_date(text: str) -> datetime.date | None:
    """The first valid date written in the text, Chinese or ISO."""
    text = to_ascii_digits(text)
    for pattern in (CHINESE_DATE, ISO_DATE):
        for match in pattern.finditer(text):
            date = _date(match)
            if date:
                return date
    return None


def parse_date_value(value: str) -> datetime.date | None:
    """A whole value that is a date (front matter): 2023-10-23 or 2023年10月23日."""
    value = to_ascii_digits(value.strip())
    match = ISO_DATE.fullmatch(value) or CHINESE_DATE.fullmatch(value)
    return _date(match) if match else None


def dateline_month_day(text: str) -> tuple[int, int] | None:
    """The month and day of a news dateline in the text (新华社北京7月1日电 → (7, 1))."""
    match = DATELINE.search(to_ascii_digits(text))
    if not match:
        return None
    return _number(match["month"]), _number(match["day"])


def year_for(month_day: tuple[int, int], reference: datetime.date) -> datetime.date | None:
    """The date with this month and day on or before `reference` (a publication date), at most a year before."""
    month, day = month_day
    for year in (reference.year, reference.year - 1):
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            continue
        if date <= reference:
            return date
    return None
