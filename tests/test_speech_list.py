"""The home page: the list of speeches."""

import datetime

import pytest
from django.urls import reverse

from speeches.models import Paragraph, Speech

pytestmark = pytest.mark.django_db


def test_lists_title_speaker_date_and_paragraph_count(client, seed_speech):
    response = client.get(reverse("reading:speech_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "在同全国总工会新一届领导班子成员集体谈话时的讲话" in html
    assert "习近平" in html
    assert "2023年10月23日" in html
    assert "7 段" in html
    assert 'href="/speeches/2023-10-23-acftu-leadership-talk/"' in html


def test_newest_speech_first(client, django_user_model):
    for slug, year in (("older", 2019), ("newer", 2024)):
        speech = Speech.objects.create(
            slug=slug,
            title=f"{year}年的讲话",
            date=datetime.date(year, 1, 1),
            source_file=f"{slug}.txt",
            checksum="0" * 64,
            imported_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
        )
        Paragraph.objects.create(speech=speech, number=1, text="正文。")
    html = client.get(reverse("reading:speech_list")).content.decode()
    assert html.index("2024年的讲话") < html.index("2019年的讲话")


def test_empty_list_says_how_to_import(client):
    html = client.get(reverse("reading:speech_list")).content.decode()
    assert "import_speeches" in html
