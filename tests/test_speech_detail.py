"""The speech page: metadata, numbered paragraphs with permalinks, the outline."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def html(client, seed_speech):
    response = client.get(seed_speech.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_shows_title_speaker_date_and_source_note(html):
    assert '<h1 class="speech__title">在同全国总工会新一届领导班子成员集体谈话时的讲话</h1>' in html
    assert "习近平" in html
    assert '<time datetime="2023-10-23">2023年10月23日</time>' in html
    assert "这是习近平总书记2023年10月23日在同全国总工会新一届领导班子成员集体谈话时讲话的主要部分。" in html


def test_paragraphs_in_order_each_with_an_anchor_and_a_visible_self_link(html):
    ids = re.findall(r'<section class="para" id="(p\d+)"', html)
    assert ids == [f"p{n}" for n in range(1, 8)]
    for number in range(1, 8):
        assert f'<a class="para__number" href="#p{number}"' in html
        assert re.search(rf'href="#p{number}"[^>]*>{number}</a>', html)


def test_enumerated_lead_sentences_are_bold_and_form_the_outline(html):
    leads = [
        "第一，坚持党对工会的全面领导。",
        "第二，组织动员亿万职工奋进新征程、建功新时代。",
        "第三，用心用情做好维权服务工作。",
    ]
    for lead in leads:
        assert f'<strong class="para__lead">{lead}</strong>' in html
    outline = re.search(r'<nav class="outline".*?</nav>', html, re.S).group(0)
    assert re.findall(r'<a href="#(p\d)">', outline) == ["p3", "p4", "p5"]
    for lead in leads:
        assert lead in outline


def test_paragraph_text_is_complete(html, seed_speech):
    third = seed_speech.paragraphs.get(number=3)
    assert third.rest_after_lead in html
    assert "不能动摇、不能偏离" in html


def test_text_is_escaped(client, seed_speech):
    paragraph = seed_speech.paragraphs.get(number=2)
    paragraph.text = "<script>alert(1)</script>"
    paragraph.save()
    html = client.get(seed_speech.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_slug_is_a_404_in_the_sites_look(client):
    response = client.get(reverse("reading:speech_detail", args=["no-such-speech"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到这个页面" in html
    assert 'class="brand"' in html


REPORT = """2026年某省政府工作报告
——2026年1月27日在某省第十四届人民代表大会第四次会议上
省长 王某
各位代表：
现在，我代表省人民政府，向大会报告工作。
一、2025年工作回顾
过去一年极不平凡。
（一）经济稳中向好
第一，扩大内需。消费增长较快。
（二）民生持续改善
就业保持稳定［1］。
二、2026年重点工作
要干字当头。
名词解释
［1］稳就业：
指稳定就业的各项政策。
"""


@pytest.fixture
def report(tmp_path):
    from speeches.actions import import_file
    from speeches.models import Speech

    path = tmp_path / "2026-report.txt"
    path.write_text(REPORT, encoding="utf-8")
    import_file(path)
    return Speech.objects.get(slug="2026-report")


def test_section_headings_are_headings_with_anchors_and_paragraphs_keep_their_numbers(client, report):
    html = client.get(report.get_absolute_url()).content.decode()
    assert '<h2 class="section-heading section-heading--1" id="s1">一、2025年工作回顾</h2>' in html
    assert '<h3 class="section-heading section-heading--2" id="s2">（一）经济稳中向好</h3>' in html
    assert re.findall(r'<section class="para" id="(p\d+)"', html) == [f"p{n}" for n in range(1, 7)]
    # The heading stands right above the paragraph it opens.
    assert html.index('id="s1"') < html.index('id="p3"') < html.index('id="s2"') < html.index('id="p4"')


def test_the_outline_nests_lead_sentences_under_their_headings(client, report):
    html = client.get(report.get_absolute_url()).content.decode()
    outline = re.search(r'<nav class="outline".*?</nav>', html, re.S).group(0)
    assert re.findall(r'<a href="#(\w+)">', outline) == ["s1", "s2", "p4", "s3", "s4"]
    first = re.search(r'<li class="outline__item outline__item--1"><a href="#s1">.*?</li>\s*</ol>', outline, re.S)
    assert '<a href="#s2">' in first.group(0) and '<a href="#p4">第一，扩大内需。</a>' in first.group(0)


def test_a_glossary_is_shown_after_the_speech_unnumbered(client, report):
    html = client.get(report.get_absolute_url()).content.decode()
    appendix = re.search(r'<section class="appendix".*?</section>', html, re.S).group(0)
    assert '<h2 id="appendix-title" class="appendix__title">名词解释</h2>' in appendix
    assert '<p class="appendix__term">［1］稳就业：</p>' in appendix
    assert "指稳定就业的各项政策。" in appendix
    assert html.index("要干字当头。") < html.index('class="appendix"')
    assert "［1］" in html[: html.index('class="appendix"')]  # the footnote marker stays in the text
