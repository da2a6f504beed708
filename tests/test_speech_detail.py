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
    response = client.get(reverse("speech_detail", args=["no-such-speech"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到这个页面" in html
    assert 'class="brand"' in html
