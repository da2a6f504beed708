"""What the importer decides about a speech so that the library tells the truth: whose report a generic title is,
the date the text gives over a file's label, the speaker the page names at its end, every report's outline, and
web-page chrome by its shape (checked on corpus files with other sites' chrome added at both ends)."""

import datetime
import random

import pytest

from speeches.importing import parse_speech, read_speech_file
from speeches.importing.chrome import is_chrome
from speeches.importing.header import is_date_line
from speeches.importing.titles import complete_title, is_generic, strip_news_prefix

BODY = "各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。\n过去一年，我们攻坚克难。\n"

# ---------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # The headline above the generic title says whose report it is (Ningxia's page).
        (
            "2026年宁夏回族自治区政府工作报告\n发表时间：\n2026-02-09 09:45:30\n政府工作报告\n"
            "——2026年2月3日在宁夏回族自治区第十三届人民代表大会第四次会议上\n自治区人民政府主席 张雨浦\n",
            "2026年宁夏回族自治区政府工作报告",
        ),
        # The occasion, broken over two lines, names the province; the year is the delivery date's.
        (
            "政府工作报告\n——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上\n广东省省长 孟凡利\n",
            "2026年广东省政府工作报告",
        ),
        # The headline's own words win over a title made from the occasion (Shaanxi's order).
        (
            "陕西省2026年政府工作报告\n政府工作报告\n——2026年1月27日在陕西省第十四届人民代表大会第四次会议上\n",
            "陕西省2026年政府工作报告",
        ),
        # A year but no province: the occasion names it (Yunnan).
        (
            "2026年政府工作报告\n——2026年1月28日在云南省第十四届人民代表大会第四次会议上\n省长　王予波\n",
            "2026年云南省政府工作报告",
        ),
        # Only the byline names the province.
        ("政府工作报告\n（2026年1月27日）\n海南省省长 刘小明\n", "2026年海南省政府工作报告"),
        # A title that says whose it is stays as it is.
        ("2026年北京市政府工作报告\n——2026年1月25日在北京市第十六届人民代表大会第四次会议上\n北京市市长 殷勇\n", None),
    ],
)
def test_a_generic_title_is_completed_from_the_text(text, title):
    parsed = parse_speech(text + BODY)
    assert parsed.title == (title or text.splitlines()[0])


def test_a_generic_speech_title_takes_its_occasion():
    head = ["讲话", "——在全国劳动模范和先进工作者表彰大会上", "（2020年11月24日）", "习近平"]
    assert complete_title("讲话", head, datetime.date(2020, 11, 24)) == "在全国劳动模范和先进工作者表彰大会上的讲话"
    assert complete_title("新年贺词", ["新年贺词"], datetime.date(2016, 12, 31)) == "2017年新年贺词"


@pytest.mark.parametrize(
    ("title", "generic"),
    [("政府工作报告", True), ("2026年政府工作报告", True), ("讲话", True), ("新年贺词", True)]
    + [("二〇一七年新年贺词", False), ("2026年广东省政府工作报告", False), ("在庆祝大会上的讲话", False)],
)
def test_generic_titles_name_a_kind_of_text_and_nothing_else(title, generic):
    assert is_generic(title) is generic


def test_a_title_never_keeps_a_dateline_or_an_agency_prefix():
    parsed = parse_speech(
        "新华网北京11月15日电 关于《中共中央关于全面深化改革若干重大问题的决定》的说明\n习近平\n"
        "受中央政治局委托，现在，我就《决定》向全会作说明。\n一、关于全会决定起草过程\n改革开放以来，历届三中全会研究什么议题。\n"
    )
    assert parsed.title == "关于《中共中央关于全面深化改革若干重大问题的决定》的说明"
    assert strip_news_prefix("新华社北京电 在庆祝大会上的讲话") == "在庆祝大会上的讲话"
    assert strip_news_prefix("据新华社电（记者 张三）在庆祝大会上的讲话") == "在庆祝大会上的讲话"


# ---------------------------------------------------------------- dates and speakers

NEW_YEAR_2017 = (
    "2013-12-31_国家主席习近平发表二〇一四年新年贺词\n\n国家主席习近平发表二〇一七年新年贺词\n\n"
    "新闻频道 来源：新华社 2016年12月31日 19:06\n\n"
    "新华社北京12月31日电 新年前夕，国家主席习近平发表了二〇一七年新年贺词。全文如下：\n\n"
    "2016年即将过去，新年的钟声即将敲响。\n\n大家撸起袖子加油干，我们就一定能够走好我们这一代人的长征路。\n"
)


def test_the_text_wins_over_a_wrong_dataset_id_and_file_name():
    """The dataset id and the file name say 2013-12-31; the headline's year, the publication line and the
    dateline say the address was given on 2016-12-31."""
    parsed = parse_speech(NEW_YEAR_2017, file_stem="xi-2013-12-31-1")
    assert parsed.title == "二〇一七年新年贺词"
    assert parsed.date == datetime.date(2016, 12, 31)
    assert parsed.speaker == "习近平"


def test_a_label_contradicted_by_the_publication_date_gives_way():
    text = "在某某大会上的讲话\n发表时间：2016-07-02　来源：新华社\n同志们：\n今天我们在这里隆重集会。\n"
    # Published before it was given, the label says: the label is wrong.
    assert parse_speech(text, file_stem="2017-01-01-x").date == datetime.date(2016, 7, 2)
    assert parse_speech(text, file_stem="2016-07-01-x").date == datetime.date(2016, 7, 1)  # agrees: the label stands


def test_a_label_the_text_contradicts_without_giving_a_date_leaves_the_speech_undated():
    """The dataset id says 2013; the headline names the 2017 address, and nothing else dates it: no date (the library
    marks it for an editor), rather than a wrong one."""
    text = "2013-12-31_国家主席习近平发表二〇一四年新年贺词\n\n国家主席习近平发表二〇一七年新年贺词\n\n"
    text += "2016年即将过去，新年的钟声即将敲响。\n\n大家撸起袖子加油干。\n"
    assert parse_speech(text, file_stem="xi-2013-12-31-1").date is None
    assert parse_speech(text.replace("二〇一七", "二〇一四"), file_stem="x").date == datetime.date(2013, 12, 31)


def test_a_dataset_id_is_no_date_line():
    assert not is_date_line("2013-12-31_国家主席习近平发表二〇一四年新年贺词")
    assert is_date_line("（2016年12月31日）")


def test_the_speaker_named_at_the_end_of_the_page_is_the_speaker():
    closing_occasion = "顺应时代前进潮流\n（2013年3月23日）\n\n今天来到莫斯科。\n\n谢谢大家。\n\n"
    closing_occasion += "——习近平在莫斯科国际关系学院的演讲\n"
    assert parse_speech(closing_occasion).speaker == "习近平"
    original_title = (
        "同志们：\n\n在五一国际劳动节来临之际，我们来到全国总工会机关。\n\n（新华社北京4月28日电）\n\n"
        "（原标题：在同全国劳动模范代表座谈时的讲话 （2013年4月28日） 习近平）\n"
    )
    parsed = parse_speech(original_title)
    assert parsed.speaker == "习近平"
    assert parsed.paragraphs[-1] == "在五一国际劳动节来临之际，我们来到全国总工会机关。"  # the note is no paragraph


# ---------------------------------------------------------------- outlines

WORK_AREAS = """各位代表：
一、2025年工作回顾
过去一年极不平凡。
二、2026年工作安排
今年要干字当头。
（一）久久为功推动粤港澳大湾区建设，打造富有活力和国际竞争力的一流湾区和世界级城市群。
服务“一国两制”大局，打造高质量发展动力源。
深入推进重大合作平台建设。
（二）坚持实体经济为本、制造业当家，加快构建更加强大的现代化产业体系。
大力推进各产业智能化绿色化融合化发展。
（三）推动城市高质量发展，建设现代化人民城市。
大力推动城市结构优化、动能转换、品质提升。
"""


def test_a_run_of_short_numbered_lines_ending_in_a_full_stop_is_an_outline():
    parsed = parse_speech(WORK_AREAS)
    assert [(heading.level, heading.text[:5]) for heading in parsed.headings] == [
        (1, "一、202"),
        (1, "二、202"),
        (2, "（一）久久"),
        (2, "（二）坚持"),
        (2, "（三）推动"),
    ]
    assert len(parsed.paragraphs) == 7


def test_numbered_lines_that_carry_their_text_or_follow_each_other_stay_paragraphs():
    run_in = WORK_AREAS.replace(
        "（二）坚持实体经济为本、制造业当家，加快构建更加强大的现代化产业体系。\n大力推进",
        "（二）坚持实体经济为本、制造业当家，加快构建更加强大的现代化产业体系。大力推进各产业智能化绿色化融合化发展，"
        "加快提升各产业完整性先进性安全性水平。\n大力推进",
    )
    assert [heading.level for heading in parse_speech(run_in).headings] == [1, 1]  # one carries its text: no outline
    listing = "各位代表：\n今年办好三件事：\n（一）提高低保标准。\n（二）建设养老院。\n（三）修好农村路。\n谢谢大家。\n"
    assert parse_speech(listing).headings == ()  # a list of items, one after another: no outline


# ---------------------------------------------------------------- web-page chrome by its shape


@pytest.mark.parametrize(
    "line",
    [
        "【打印】【关闭】",
        "字体：大 中 小",
        "【字号 大 中 小】",
        "分享到：微信 微博 QQ空间",
        "分享到微信朋友圈",
        "点击查看专题",
        "打印本页 | 关闭窗口",
        "扫描二维码在手机打开",
        "返回顶部",
        "阅读量：12,345",
        "（责任编辑：王安）",
        "责编：李四",
        "版权所有 © 2026 某某网 京ICP备12345678号",
        "Copyright © 2026 www.example.cn All Rights Reserved",
        "首页 > 新闻中心 > 时政要闻",
        "上一篇：习近平在某某会议上的讲话",
        "标签：上海 成员国 观察员",
        "——",
        "|",
    ],
)
def test_chrome_is_recognised_by_its_shape(line):
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    ["各位代表：", "谢谢大家！", "同志们，朋友们：", "政府工作报告", "一、2025年工作回顾", "（", "中国人民有志气。"]
    + ["2026年1月26日", "大力推进各产业智能化绿色化融合化发展。", "习近平", "新年贺词", "附件1", "名词解释"],
)
def test_lines_of_a_speech_are_not_chrome(line):
    assert not is_chrome(line)


# Other sites' chrome, as their pages put it above and below a text.
OTHER_SITES_TOP = [
    ["首页 > 新闻中心 > 时政要闻", "【字号 大 中 小】 【打印本页】 【关闭窗口】", "分享到：微信 微博 QQ空间"],
    ["手机版", "扫描二维码在手机打开", "阅读量：12,345", "点击查看专题"],
    ["【打印】【关闭】", "字体：大 中 小", "Copyright © 2026 www.example.cn All Rights Reserved"],
]
OTHER_SITES_BOTTOM = [
    ["（责任编辑：张三）", "【打印】【关闭】", "版权所有 © 2026 某某网 京ICP备12345678号"],
    ["分享到：", "微信 | 微博 | QQ空间", "返回顶部", "上一篇：某某会议在京召开"],
    ["责编：李四", "点击查看专题", "扫一扫在手机打开当前页"],
]


def _corpus_sample(corpus):
    files = sorted(corpus.rglob("*.txt"))
    files = [path for path in files if not path.stem.isupper()]
    return sorted(path for path in files if path.parent.name == "as-found") + random.Random(22).sample(files, 16)


def test_other_sites_chrome_at_both_ends_changes_nothing_and_never_becomes_the_title(corpus, tmp_path):
    checked = 0
    for number, path in enumerate(_corpus_sample(corpus)):
        _, original = read_speech_file(path)
        top, bottom = OTHER_SITES_TOP[number % 3], OTHER_SITES_BOTTOM[(number + 1) % 3]
        text = path.read_bytes().decode("utf-8-sig")
        variant = tmp_path / path.name
        variant.write_text("\n".join(top) + "\n\n" + text.rstrip() + "\n\n" + "\n\n".join(bottom) + "\n", "utf-8")
        _, parsed = read_speech_file(variant)
        assert (parsed.title, parsed.speaker, parsed.date) == (original.title, original.speaker, original.date), path
        assert parsed.paragraphs == original.paragraphs, path
        assert parsed.headings == original.headings, path
        assert not set(top + bottom) - set(parsed.dropped), path
        checked += 1
    assert checked == 30
