"""What is not the speech: header lines at the top, web-page chrome, trailing notes.

Pages copied from news sites and party-building portals bring their buttons
(下载, 打印, 【字号：加大 还原 减小】), a publication line (发表时间：… 来源：…),
a dateline (新华社北京7月1日电), the headline, a subtitle (——在……上的讲话), the
delivery date (（2016年7月1日）), a byline (中华人民共和国主席　习近平) and a photo
caption; at the end an editor's box (【我要纠错】责任编辑：…), related links and
the newspaper's page note (《人民日报》（2016年05月10日 02 版）).

`split_head` finds where the speech begins, `split_tail` where it ends; both
return what they dropped, so the importer can report it.
"""

from __future__ import annotations

import re

from .chrome import is_chrome as has_chrome_shape
from .dates import ANY_DATE, CHINESE_DATE, DATELINE, to_ascii_digits
from .structure import heading_level
from .text import INDENT, is_blank

# How far down a header can reach, in non-blank lines that are not chrome.
HEAD_WINDOW = 24
# A title, a subtitle or a byline is short; a paragraph of the speech is rarely this short and unpunctuated.
MAX_HEADER_CHARS = 80

# Surnames that open a speaker's name: a name line or headline is read as a person only when it starts with one.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤习殷温"
    "栗丛俞倪常施乔易康齐柴庞耿骆焦牛樊祝单霍凌洪包左鲁柯季阮裴费卓蔺"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "令狐", "皇甫", "慕容", "司徒", "公孙")
NAME = r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})+"
_ROLE = (
    r"(?:总书记|书记|副?主席|副?总理|委员长|秘书长|部长|省长|市长|区长|县长|州长|主任|院长|校长|代表|委员|同志"
    r"|副省长|副市长|国务委员)"
)
# 中华人民共和国主席　习近平, 北京市市长 殷勇, 广东省省长 孟凡利
_BYLINE = re.compile(rf"(?:^|[{INDENT}])(?P<role>[^{INDENT}]{{0,30}}?{_ROLE})(?P<space>[{INDENT}]*)(?P<name>{NAME})$")
_SPACED_NAME = re.compile(rf"(?<=[{INDENT}])([\u4e00-\u9fff])[{INDENT}]([\u4e00-\u9fff])$")
# 习近平在…, 习近平：…, 国家主席习近平发表…, 习近平主席在…, 李强在…的讲话（全文）
_HEADLINE = re.compile(
    r"^(?:国家主席|国务院总理|中共中央总书记|总书记)?(?P<name>[\u4e00-\u9fff]{2,3}?)(?:主席|总书记|总理|同志)?"
    r"(?P<sep>[：:]|(?=在|同|致|出席|会见)|发表)(?P<rest>.+)$"
)
SPEECH_KIND = re.compile(r"(?:讲话|致辞|开幕辞|闭幕辞|演讲|贺词|贺信|发言|报告|谈话|文章|署名文章|信|主旨演讲|说明)")
DATASET_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}_")
FULL_TEXT = re.compile(r"[（(]\s*全文\s*[）)]$")
SUBTITLE = re.compile(r"^[—―─-]{2}")
# A date alone, perhaps with the place: （2014年11月11日，雁栖湖国际会议中心）
_DATE_LINE = re.compile(rf"^[（(]?{ANY_DATE}(?:[，,、{INDENT}]?[^，。]{{0,20}})?[）)]?$")
_DATED_OCCASION = re.compile(rf"^[（(]?{ANY_DATE}\s*在.{{4,60}}(?:上|时|中)[）)]?(?:[{INDENT}].{{0,30}})?$")

# Web-page chrome: buttons, font-size pickers, share bars. The forms met so far; chrome.py tells the rest by shape.
_CHROME_WORDS = {
    "下载", "打印", "全屏", "收藏", "分享", "关闭", "关闭窗口", "返回顶部", "返回", "|", "｜", "】", "【", "×",
    "大", "中", "小", "超大", "默认", "加大", "还原", "减小", "字号", "字体", "来源", "来源：", "来源:",
    "【字号：", "【字体：", "打印本页", "注册", "扫一扫", "分享到", "分享到：", "纠错", "【纠错】",
    "我要纠错", "【我要纠错】", "新华社", "人民日报", "人民网", "新华网", "正文", "全文", "图片", "视频",
    "上一篇", "下一篇", "登录", "首页",
}  # fmt: skip
_CHROME = re.compile(
    r"^(?:(?:当前位置|您的位置|你的位置|阅读量|浏览量|浏览次数|点击数|分享)[：:].{0,40}|[>＞»›]|【?字[号体][：:].{0,20}】?|分享到[：:].*|[【\[]?(?:打印|关闭|收藏|纠错)[】\]]?(?:\s*[|｜]\s*\S{1,6})*"
    r"|(?:[|｜]\s*)?(?:打印|关闭窗口|收藏|下载|全屏)(?:\s*[|｜]\s*(?:打印|关闭窗口|收藏|下载|全屏))*"
    r"|扫一扫.{0,20}|责任编辑[：:].{0,20})$"
)
# 发表时间：2016-07-02　来源：新华社 / 时间:2013-12-27 来源：人民日报 / 2016年05月10日07:09 来源：人民网
# / 2025-11-19 00:58
_PUBLICATION = re.compile(
    r"^(?:(?:发表|发布|更新|录入)?时间|日期|来源|作者|编辑|记者)[：:].{0,60}$"
    # 新闻频道 来源：新华社 2016年12月31日 19:06: a section's name before the source
    r"|^\S{2,8}\s+来源[：:].{0,40}\d{1,2}\s*[:：时]\s*\d{2}.{0,10}$"
    r"|^\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?\s*\d{1,2}\s*[:：时]\s*\d{2}(?:\s*分)?(?:[:：]\d{2})?"
    r"(?:\s+.{0,40})?$"
)
_CAPTION = re.compile(r"(?:记者|通讯员|摄影).{1,12}摄[）)]?$|^[（(]?新华社记者.{0,20}摄[）)]?$")
# The photo caption or news line between a report's byline and its first words: 省长叶建春作政府工作报告。……
_REPORT_CAPTION = re.compile(r"作(?:政府)?工作报告|记者|摄[）)]?$|会议.{0,12}开幕。")
_SALUTATION = re.compile(
    r"^(?:各位代表|各位委员|同志们|各位同事|女士们|朋友们|尊敬的|亲爱的)[^。！？]{0,40}[：:！!，,]"
)
# 《 人民日报 》（ 2013年12月27日 02 版）, （原载《人民日报》2016年…）, （新华社北京12月26日电）, （来源：…）
_PRESS_NOTE = re.compile(
    r"^《\s*\S{2,10}\s*》\s*[（(].{0,30}版\s*[）)]$|^[（(](?:原载|来源|责任编辑|编辑|本文来源|原标题).{0,80}[）)]$"
    rf"|^[（(]\s*{DATELINE.pattern}\s*[）)]$"
)
# A block after these is related links, comments or the site's footer.
_TAIL_CUT = re.compile(
    r"^(?:【\s*我要纠错\s*】|我要纠错|责任编辑[：:]|【纠错】|相关(?:报道|稿件|新闻|阅读|链接|文章)[：:]?$)"
)
# 这次就讲到这里 ... no: only the news agency's framing sentence that introduces the full text.
_FULL_TEXT_FOLLOWS = re.compile(r"(?:全文如下|讲话全文如下|全文如下[：:]|原文如下)[：:]?$")


def is_chrome(line: str) -> bool:
    """Buttons, pickers, share bars, counters, copyright and credits: the known forms, then any line of that shape."""
    return line in _CHROME_WORDS or bool(_CHROME.match(line)) or has_chrome_shape(line)


def is_publication_line(line: str) -> bool:
    return bool(_PUBLICATION.match(to_ascii_digits(line)))


def is_dateline(line: str) -> bool:
    """A news dateline standing alone: 新华社北京7月1日电."""
    match = DATELINE.match(to_ascii_digits(line))
    return bool(match) and match.end() == len(line)


def is_debris(line: str) -> bool:
    """A stripped line that is never the speech, wherever it stands."""
    return (
        is_chrome(line)
        or is_publication_line(line)
        or is_dateline(line)
        or bool(_CAPTION.search(line))
        or bool(_PRESS_NOTE.match(line))
    )


def is_date_line(line: str) -> bool:
    """（2016年7月1日）, （２０１３年３月２２日，莫斯科）, 2016年7月1日; not a publication timestamp."""
    if is_publication_line(line) or DATASET_PREFIX.match(line):
        return False  # 2013-12-31_国家主席习近平发表…: a dataset's label, not a date the text gives
    return bool(_DATE_LINE.match(to_ascii_digits(line)))


def is_subtitle(line: str) -> bool:
    """——在……上的讲话, ——2026年1月25日在……上, or the same without the dash when it opens with the date."""
    if is_speech_line(line):
        return False  # ——这五年，综合实力大幅跃升。 is a paragraph of the speech
    return bool(SUBTITLE.match(line) or _DATED_OCCASION.match(to_ascii_digits(line)))


def has_surname(name: str) -> bool:
    return name[:1] in _SURNAMES or name.startswith(_COMPOUND_SURNAMES) or "·" in name


def name_line(line: str) -> str:
    """The speaker if the line is only a name (习近平) or a byline (北京市市长 殷勇), else ""."""
    # Two-character names are often set with a space between: 上海市市长 龚 正.
    line = _SPACED_NAME.sub(r"\1\2", line)
    if re.fullmatch(NAME, line) and len(line) <= 4 and has_surname(line):
        return line
    match = _BYLINE.search(line)
    # A role and a space before the name are evidence enough (自治区主席 嘎玛泽登); run together
    # (国家主席习近平), the name must also start with a surname, or 县委书记时的讲话 would give 时的讲话.
    if match and (match["space"] or has_surname(match["name"])):
        return match["name"]
    return ""


def headline(line: str) -> tuple[str, str]:
    """(speaker, title) of a news headline: 习近平：在庆祝…讲话 → ("习近平", "在庆祝…讲话"); else ("", "")."""
    match = _HEADLINE.match(line)
    if not match or not has_surname(match["name"]):
        return "", ""
    rest = FULL_TEXT.sub("", match["rest"]).strip()
    if match["sep"] not in ("：", ":") and not SPEECH_KIND.search(rest):
        return "", ""
    return match["name"], rest


def is_title_candidate(line: str) -> bool:
    """A line that could be a title: short, not a sentence, not a salutation, not a heading of the body."""
    return not is_speech_line(line) and heading_level(line) is None and not is_debris(line)


def is_speech_line(line: str) -> bool:
    """A line no header has: a sentence, a salutation (同志们：, 尊敬的…，) or a long line."""
    return len(line) > MAX_HEADER_CHARS or line.endswith(("。", "！", "？", "，", "：", ":", "；", "…", "!", "?"))


def is_header_marker(line: str) -> bool:
    """A line that only a header has: it shows that everything above it is header too."""
    return bool(
        is_debris(line)
        or is_date_line(line)
        or is_subtitle(line)
        or name_line(line)
        or DATASET_PREFIX.match(line)
        or headline(line)[0]
        or _FULL_TEXT_FOLLOWS.search(line)
    )


def split_head(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split the lines into the header (stripped, non-blank) and the body (raw lines).

    The header runs to the last header marker (a date line, a byline, a
    publication line, a headline, chrome …) among the first lines, as long as
    no sentence of the speech stands before it; the debris right after it
    (a photo caption, more buttons) goes with it. A news agency's framing
    (……全文如下：) ends the header wherever it stands in the window. Without any
    marker, a lone title line above the body is the header: one set apart by a blank line, or one
    that names a kind of speech (……的讲话, 政府工作报告).
    """
    top = _head_window(lines)
    if not top:
        return [], lines
    framing = [i for i in top if _FULL_TEXT_FOLLOWS.search(lines[i].strip(INDENT))]
    end = framing[-1] if framing else -1
    for index in top:
        line = lines[index].strip(INDENT)
        if index <= end:
            continue
        if _TAIL_CUT.match(line):
            break  # the page's end (an editor's box, related links) in a short page: the header is above
        if is_header_marker(line):
            end = index
        elif is_speech_line(line) and not _news_lead(lines, top, index):
            break  # a sentence of the speech: the header, if any, is above it
    if end < 0:
        first = lines[top[0]].strip(INDENT)
        if len(top) > 1 and is_title_candidate(first) and (top[1] > top[0] + 1 or SPEECH_KIND.search(first)):
            end = top[0]
        else:
            return [], lines
    rest = _skip_debris(lines, end + 1)
    # A photo caption or news line between a report's byline and its salutation (各位代表：).
    following = [index for index in range(rest, min(len(lines), rest + 6)) if not is_blank(lines[index])][:3]
    for count, index in enumerate(following):
        if _SALUTATION.match(lines[index].strip(INDENT)):
            if count and all(_REPORT_CAPTION.search(lines[i].strip(INDENT)) for i in following[:count]):
                rest = index
            break
    head = [line.strip(INDENT) for line in lines[:rest] if not is_blank(line)]
    return head, lines[rest:]


def _head_window(lines: list[str]) -> list[int]:
    """The non-blank lines a header can reach: HEAD_WINDOW of them, not counting chrome (a site's toolbar
    can be longer than the header itself)."""
    top: list[int] = []
    counted = 0
    for index, line in enumerate(lines):
        if is_blank(line):
            continue
        if counted == HEAD_WINDOW:
            break
        top.append(index)
        counted += not is_chrome(line.strip(INDENT))
    return top


def _news_lead(lines: list[str], top: list[int], index: int) -> bool:
    """Whether a sentence in the header window is the agency's lead rather than the speech.

    It is when it opens with a dateline (新华社北京1月21日电 ……), or when within the next three lines
    a dateline stands alone or a title line is dated (在……的讲话 / （2015年6月12日）): the speech's own
    title block is still to come. (A letter's signature, 习近平 / 2016年12月29日, is no title block.)
    """
    line = lines[index].strip(INDENT)
    if DATELINE.match(to_ascii_digits(line)):
        return True
    following = [lines[i].strip(INDENT) for i in top if i > index][:4]
    return any(is_dateline(line) for line in following[:3]) or any(
        is_date_line(dated) and is_title_candidate(title) and not name_line(title)
        for title, dated in zip(following, following[1:], strict=False)
    )


def _skip_debris(lines: list[str], index: int) -> int:
    while index < len(lines) and (is_blank(lines[index]) or is_debris(lines[index].strip(INDENT))):
        index += 1
    return index


def split_salutation(paragraph: str) -> list[str]:
    """A salutation that a flattened page ran into the text (尊敬的……，各位同事：很高兴……) stands alone again."""
    match = _SALUTATION.match(paragraph)
    if match and match.group().endswith(("：", ":")) and len(paragraph) > len(match.group()):
        return [match.group(), paragraph[match.end() :]]
    return [paragraph]


def _closes_page(line: str) -> bool:
    return is_debris(line) or is_subtitle(line) or bool(name_line(line)) or is_date_line(line)


def split_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split the body's lines from what trails it: editor's boxes, related links, newspaper notes."""
    content = [index for index, line in enumerate(lines) if not is_blank(line)]
    cut = len(lines)
    # Related links and the editor's box close a page; look for them in the last part only.
    for index in content[-max(12, len(content) // 5) :]:
        if _TAIL_CUT.match(lines[index].strip(INDENT)):
            cut = index
            break
    # Then the signature of a letter (习近平 / 2016年12月29日), an occasion note (——习近平在……的演讲), notes.
    while cut > 0 and (is_blank(lines[cut - 1]) or _closes_page(lines[cut - 1].strip(INDENT))):
        cut -= 1
    dropped = [line.strip(INDENT) for line in lines[cut:] if not is_blank(line)]
    return lines[:cut], dropped


_INLINE_DATE = re.compile(r"^[（(][^（）()]{0,8}?(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年[^（）()]{0,30}?[）)]")


def strip_inline_header(paragraph: str, title: str, speaker: str) -> tuple[str, list[str]]:
    """Strip header material that a page flattened into the first paragraph.

    新华社莫斯科11月18日电在……上的讲话（2025年11月18日，莫斯科）中华人民共和国国务院总理 李强尊敬的…
    gives 尊敬的… and the parts it took off, in order.
    """
    parts: list[str] = []
    text = paragraph
    match = DATELINE.match(to_ascii_digits(text))
    if match:
        parts.append(text[: match.end()])
        text = text[match.end() :].lstrip(INDENT)
    if parts and title and text.startswith(title):
        parts.append(title)
        text = text[len(title) :].lstrip(INDENT)
    match = _INLINE_DATE.match(text) if parts else None
    if match and CHINESE_DATE.search(to_ascii_digits(match.group())):
        parts.append(match.group())
        text = text[match.end() :].lstrip(INDENT)
    if parts and speaker:
        byline = re.match(rf"^.{{0,30}}?{_ROLE}[{INDENT}]*{re.escape(speaker)}", text)
        if byline:
            parts.append(byline.group())
            text = text[byline.end() :].lstrip(INDENT)
    return (text, parts) if text else (paragraph, [])
