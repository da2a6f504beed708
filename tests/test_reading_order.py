"""One reading order everywhere: newest first, an undated speech last, on SQLite and on PostgreSQL alike.

PostgreSQL sorts NULL first in a descending order and SQLite last, so these tests mean most on PostgreSQL
(CI runs them there): a `-date` anywhere would put the undated speech first in its list.
"""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from speeches.models import Speech
from tests.factories import make_note, make_speech

pytestmark = pytest.mark.django_db

# Newest first, undated last: the order every list below must show.
TITLES = ["二〇二四年的讲话", "二〇一九年的讲话", "没有日期的讲话"]


@pytest.fixture
def library(alice, group):
    """Three speeches, the undated one created first (lowest id), and alice's note on each."""
    undated = make_speech("undated", ["没有日期的一段话。"], title=TITLES[2])
    undated.date = None
    undated.save()
    older = make_speech("older", ["二〇一九年的一段话。"], title=TITLES[1])
    older.date = datetime.date(2019, 5, 1)
    older.save()
    newer = make_speech("newer", ["二〇二四年的一段话。"], title=TITLES[0])
    newer.date = datetime.date(2024, 5, 1)
    newer.save()
    for speech in (undated, older, newer):
        make_note(alice, group, speech.paragraphs.get(number=1), f"关于{speech.title}的笔记")
    return [newer, older, undated]


def in_order(text: str, titles=TITLES) -> bool:
    places = [text.index(title) for title in titles]
    return places == sorted(places)


def test_the_models_default_order_and_the_queryset_say_the_same(library):
    assert [speech.title for speech in Speech.objects.all()] == TITLES
    assert [speech.title for speech in Speech.objects.order_by("slug").in_reading_order()] == TITLES


def test_the_library_and_the_search_filter_list_undated_speeches_last(client, library):
    assert in_order(client.get(reverse("reading:speech_list")).content.decode())
    # The search page's drop-down of speeches.
    assert in_order(client.get(reverse("speeches:search")).content.decode())


def test_the_notebook_lists_undated_speeches_last(client, library, alice, group):
    client.force_login(alice)
    notebook = reverse("annotations:notebook", args=[group.slug])
    assert in_order(client.get(notebook).content.decode())
    assert in_order(client.get(notebook, {"by": "member"}).content.decode())


def test_my_notes_list_undated_speeches_last(client, library, alice):
    client.force_login(alice)
    assert in_order(client.get(reverse("annotations:my_notes")).content.decode())
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("annotations:my_notes_csv")).content.decode())))
    assert [row["speech_title"] for row in rows] == TITLES


def test_the_exports_list_undated_speeches_last(client, library, alice, group):
    client.force_login(alice)
    markdown = client.get(reverse("annotations:notebook_markdown", args=[group.slug])).content.decode()
    assert in_order(markdown)
    table = client.get(reverse("annotations:notebook_csv", args=[group.slug])).content.decode()
    assert in_order(table)
    annotations = json.loads(client.get(reverse("annotations:notebook_jsonld", args=[group.slug])).content)
    assert in_order(json.dumps(annotations, ensure_ascii=False))
