"""Each step of the import pipeline on its own: lines → header and debris → blocks → headings → metadata.

Inputs are lines as real pages bring them (taken from ../shared/corpus/as-found/ and the seed).
"""

import datetime

import pytest

from speeches.importing import parse_speech
from speeches.importing.dates import dateline_month_day, find_date, year_for
from speeches.importing.header import headline, is_debris, name_line, split_head, split_tail, strip_inline_header
from speeches.importing.layout import line_breaks_end_paragraphs, rejoin_broken_lines, split_paragraphs
from speeches.importing.metadata import delivery_date, title_and_speaker
from speeches.importing.structure import heading_level, split_appendix
from speeches.importing.text import text_lines

# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("（2016年7月1日）", datetime.date(2016, 7, 1)),
        ("（２０１３年３月２２日，莫斯科）", datetime.date(2013, 3, 22)),
        ("——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上", datetime.date(2026, 1, 27)),
        ("国家主席习近平发表二〇一七年新年贺词", None),
        ("发表时间：2016-07-02　来源：新华社", datetime.date(2016, 7, 2)),
        ("2016年2月30日", None),
    ],
)
def test_dates_in_every_way_speeches_write_them(text, date):
    assert find_date(text) == date


def test_a_dateline_takes_its_year_from_the_publication_date():
    month_day = dateline_month_day("新华社北京12月31日电  新年前夕，国家主席习近平……")
    assert month_day == (12, 31)
    # Published on 1 January: the address was given the day before, not at the end of that year.
    assert year_for(month_day, datetime.date(2017, 1, 1)) == datetime.date(2016, 12, 31)


# ---------------------------------------------------------------- header and debris


@pytest.mark.parametrize(
    "line",
    [
        "下载",
        "【字号：",
        "字号：默认",
        "|",
        "发表时间：2016-07-02　　　来源：新华社",
        "2025-11-19 00:58",
        "来源：北京日报",
        "新华社北京7月1日电",
        "殷勇同志作政府工作报告。本报记者 戴冰摄",
        "《 人民日报 》（ 2013年12月27日 02 版）",
        "（新华社北京12月26日电）",
        "当前位置：",
        "分享:",
    ],
)
def test_web_page_debris_is_recognised(line):
    assert is_debris(line)


@pytest.mark.parametrize("line", ["各位代表：", "谢谢大家！", "同志们，朋友们：", "大家好！", "中国人民有志气。"])
def test_lines_of_a_speech_are_not_debris(line):
    assert not is_debris(line)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("习近平", "习近平"),
        ("中华人民共和国主席　习近平", "习近平"),
        ("北京市市长 殷勇", "殷勇"),
        ("上海市市长 龚 正", "龚正"),
        ("自治区主席 嘎玛泽登", "嘎玛泽登"),
        ("在会见全国优秀县委书记时的讲话", ""),
        ("政府工作报告", ""),
        ("下载", ""),
    ],
)
def test_name_lines_and_bylines_give_the_speaker(line, name):
    assert name_line(line) == name


@pytest.mark.parametrize(
    ("line", "speaker", "title"),
    [
        ("习近平：在庆祝中国共产党成立95周年大会上的讲话", "习近平", "在庆祝中国共产党成立95周年大会上的讲话"),
        ("国家主席习近平发表二〇一七年新年贺词", "习近平", "二〇一七年新年贺词"),
        (
            "李强在上海合作组织成员国政府首脑（总理）理事会第二十四次会议上的讲话（全文）",
            "李强",
            "在上海合作组织成员国政府首脑（总理）理事会第二十四次会议上的讲话",
        ),
        ("坚持在发展中保障和改善民生", "", ""),
    ],
)
def test_headlines_give_speaker_and_title(line, speaker, title):
    assert headline(line) == (speaker, title)


BEIJING_TOP = """下载
打印
【字号：
加大
】
2026年北京市政府工作报告
——2026年1月25日在北京市第十六届人民代表大会第四次会议上
来源：北京日报
时间：2026-02-02
北京市市长 殷勇
殷勇同志作政府工作报告。本报记者 戴冰摄
各位代表：
现在，我代表北京市人民政府，向大会报告政府工作，请予审议。"""


def test_the_header_runs_to_its_last_line_and_the_speech_starts_at_the_salutation():
    head, body = split_head(text_lines(BEIJING_TOP))
    assert head[0] == "下载" and head[-1] == "殷勇同志作政府工作报告。本报记者 戴冰摄"
    assert [line for line in body if line.strip()][0] == "各位代表："


def test_an_agency_lead_ending_in_full_text_follows_is_header():
    lines = text_lines(
        "国家主席习近平发表二〇一七年新年贺词\n发表时间：2017-01-01　来源：新华社\n"
        "新年前夕，国家主席习近平通过中央电视台发表二〇一七年新年贺词。\n"
        "新华社北京12月31日电  新年前夕，国家主席习近平发表了二〇一七年新年贺词。全文如下：\n"
        "　　2016年即将过去，新年的钟声即将敲响。\n"
    )
    head, body = split_head(lines)
    assert len(head) == 4
    assert body[0].strip() == "2016年即将过去，新年的钟声即将敲响。"


def test_a_speech_without_a_header_starts_at_its_first_line():
    lines = text_lines(
        "十八大以来的五年，是党和国家发展进程中极不平凡的五年。\n为贯彻十八大精神，党中央召开七次全会。\n"
    )
    assert split_head(lines) == ([], lines)


def test_the_editors_box_and_related_links_are_cut_from_the_end():
    lines = text_lines("共创美好未来。谢谢大家！\n\n【我要纠错】责任编辑：王安\n\n相关稿件\n某某新闻标题\n")
    body, dropped = split_tail(lines)
    assert [line for line in body if line] == ["共创美好未来。谢谢大家！"]
    assert dropped == ["【我要纠错】责任编辑：王安", "相关稿件", "某某新闻标题"]


def test_a_letters_signature_is_not_a_paragraph():
    body, dropped = split_tail(text_lines("祝贺《辞海》出版。\n习近平\n2016年12月29日\n"))
    assert [line for line in body if line] == ["祝贺《辞海》出版。"]
    assert dropped == ["习近平", "2016年12月29日"]


def test_a_header_flattened_into_the_first_paragraph_is_taken_off():
    text, parts = strip_inline_header(
        "新华社莫斯科11月18日电在上合组织会议上的讲话（2025年11月18日，莫斯科）"
        "中华人民共和国国务院总理 李强尊敬的各位同事：很高兴。",
        "在上合组织会议上的讲话",
        "李强",
    )
    assert text == "尊敬的各位同事：很高兴。"
    assert parts[0] == "新华社莫斯科11月18日电" and parts[2] == "（2025年11月18日，莫斯科）"


# ---------------------------------------------------------------- blocks and headings


def test_one_paragraph_per_line_is_told_from_hard_wrapped_lines():
    per_line = ["一、总体要求", "过去一年，我们做了很多工作。", "今年要继续努力。", "谢谢大家！"]
    wrapped = [
        "党的十八大以来，在党中央坚强领导下，我国工人阶级在",
        "党和国家事业发展中发挥了主力军作用。",
        "关于今后一个时期的工会工作，这次大会作了",
        "部署。",
    ]
    assert line_breaks_end_paragraphs(per_line)
    assert not line_breaks_end_paragraphs(wrapped)


def test_one_paragraph_per_line_without_blank_lines_keeps_every_line():
    # The 2013-06-18 speech came out as 2 paragraphs before: a header line ended in a space.
    lines = [
        "围绕保持党的先进性和纯洁性，是党的十八大作出的一项重大部署。",
        "今天会议的主要任务是动员部署。",
        "下面，我讲3个问题。",
        "一、充分认识开展党的群众路线教育实践活动的重大意义",
        "群众路线是我们党的生命线和根本工作路线。 ",
    ]
    assert split_paragraphs(lines) == [line.strip() for line in lines]


def test_a_line_broken_around_bold_text_or_a_subscript_is_joined_again():
    lines = [
        "“十五五”时期经济社会发展的",
        "主要目标",
        "是：地区生产总值年均增长5%左右。",
        "推动污染防治攻坚向美丽建设PM",
        "2.5",
        "浓度持续下降为主线。",
        "（",
        "三）改革开放持续深化",
    ]
    assert rejoin_broken_lines(lines) == [
        "“十五五”时期经济社会发展的主要目标是：地区生产总值年均增长5%左右。",
        "推动污染防治攻坚向美丽建设PM2.5浓度持续下降为主线。",
        "（三）改革开放持续深化",
    ]


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("一、2025年工作回顾", 1),
        ("第二部分 主要任务", 1),
        ("第二个问题：坚持马克思主义的指导地位", 1),
        ("（一）聚力促进更高水平开放", 2),
        ("一、过去五年工作回顾。过去一年，我们……", None),
        ("（一）久久为功推动粤港澳大湾区建设。", None),
        ("第一，坚持党对工会的全面领导。", None),
    ],
)
def test_headings_are_numbered_lines_that_end_no_sentence(line, level):
    assert heading_level(line) == level


def test_headings_are_not_numbered_as_paragraphs():
    parsed = parse_speech(
        "各位代表：\n一、工作回顾\n过去一年极不平凡。\n（一）经济\n经济稳中向好。\n二、今年任务\n要干字当头。\n"
    )
    assert parsed.paragraphs == ("各位代表：", "过去一年极不平凡。", "经济稳中向好。", "要干字当头。")
    assert [(h.level, h.text, h.before) for h in parsed.headings] == [
        (1, "一、工作回顾", 2),
        (2, "（一）经济", 3),
        (1, "二、今年任务", 4),
    ]


def test_a_glossary_after_the_body_is_kept_apart():
    lines = text_lines("各位代表：\n工作很多。\n要继续努力。\n让我们共同奋斗！\n注释\n［1］一降三减：\n降低成本。\n")
    body, appendix = split_appendix(lines)
    assert [line for line in body if line] == ["各位代表：", "工作很多。", "要继续努力。", "让我们共同奋斗！"]
    assert appendix == ["注释", "［1］一降三减：", "降低成本。"]


# ---------------------------------------------------------------- metadata


def test_the_title_above_a_subtitle_wins_over_the_headline():
    head = [
        "习近平在亚太经合组织第二十二次领导人非正式会议上的开幕辞（全文）",
        "发表时间：2014-11-11　来源：新华社",
        "共建面向未来的亚太伙伴关系",
        "——在亚太经合组织第二十二次领导人非正式会议上的开幕辞",
        "（2014年11月11日，雁栖湖国际会议中心）",
        "中华人民共和国主席  习近平",
    ]
    assert title_and_speaker(head, "", "2014-11-11-apec") == ("共建面向未来的亚太伙伴关系", "习近平")


def test_without_any_title_the_file_name_without_its_date_is_the_title():
    assert title_and_speaker([], "", "2017-10-18-19th-party-congress-report") == ("19th-party-congress-report", "")


def test_the_delivery_date_beats_the_publication_date_and_the_file_name():
    head = [
        "习近平：在庆祝中国共产党成立95周年大会上的讲话",
        "发表时间：2016-07-02　　　来源：新华社",
        "（2016年7月1日）",
    ]
    assert delivery_date(head, inline=[], source_note="", tail=[], file_stem="2016-07-09-x") == datetime.date(
        2016, 7, 1
    )
    publication_only = head[:2]
    assert delivery_date(publication_only, inline=[], source_note="", tail=[], file_stem="x") == datetime.date(
        2016, 7, 2
    )
    assert delivery_date(publication_only, inline=[], source_note="", tail=[], file_stem="2016-07-01-x") == (
        datetime.date(2016, 7, 1)
    )
