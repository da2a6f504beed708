"""The home page is the library: newest first, filters by speaker, year and collection, note counts of
the reader's group, pages of 20, and a number of SQL queries that does not grow with the library."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotations.models import Note
from speeches.models import Collection, Paragraph, Speech
from tests.factories import make_note

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def make_library(count: int, *, notes_on_first: int = 0, group=None, authors=()):
    """`count` speeches, one a month back from 2026, two speakers, every third in 工会工作."""
    unions = Collection.objects.get_or_create(name="工会工作", slug="工会工作")[0]
    speeches = Speech.objects.bulk_create(
        Speech(
            slug=f"s{n:04d}",
            title=f"第{n}篇讲话",
            speaker="习近平" if n % 2 else "李强",
            date=datetime.date(2026 - n // 12, 12 - n % 12, 1),
            source_file=f"s{n}.txt",
            checksum="0" * 64,
            imported_at=timezone.now(),
        )
        for n in range(count)
    )
    Paragraph.objects.bulk_create(
        Paragraph(speech=speech, number=number, text=f"第{number}段。") for speech in speeches for number in (1, 2, 3)
    )
    unions.speeches.add(*speeches[::3])
    first = speeches[0].paragraphs.get(number=1)
    for i in range(notes_on_first):
        make_note(authors[i % len(authors)], group, first, f"笔记{i}")
    return speeches


def titles(html: str) -> list[str]:
    return re.findall(r'class="speech-card__title"[^>]*>([^<]+)<', html)


def test_newest_first_with_date_paragraphs_notes_and_collections(client, group, alice, bob):
    make_library(3, notes_on_first=2, group=group, authors=[alice, bob])
    client.force_login(bob)

    html = client.get(reverse("reading:speech_list")).content.decode()

    assert titles(html) == ["第0篇讲话", "第1篇讲话", "第2篇讲话"]
    first = html[html.index("第0篇讲话") : html.index("第1篇讲话")]
    assert "2026年12月1日" in first and "3 段" in first and "2 条笔记" in first and "工会工作" in first


def test_private_notes_of_others_and_other_groups_are_not_counted(client, group, alice, bob, charlie):
    from annotations.groups import create_group

    [speech] = make_library(1)
    paragraph = speech.paragraphs.get(number=1)
    make_note(alice, group, paragraph, "组里的")
    make_note(alice, group, paragraph, "私下的", visibility=Note.Visibility.PRIVATE)
    make_note(charlie, create_group(charlie, "别的组"), paragraph, "别组的")
    client.force_login(bob)

    assert "1 条笔记" in client.get(reverse("reading:speech_list")).content.decode()


def test_filters_by_speaker_year_and_collection(client):
    make_library(30)
    url = reverse("reading:speech_list")

    by_xi = titles(client.get(url, {"speaker": "习近平"}).content.decode())
    assert by_xi == [f"第{n}篇讲话" for n in range(1, 30, 2)]
    in_2025 = titles(client.get(url, {"year": "2025"}).content.decode())
    assert in_2025 == [f"第{n}篇讲话" for n in range(12, 24)]
    unions = titles(client.get(url, {"collection": "工会工作", "year": "2025"}).content.decode())
    assert unions == ["第12篇讲话", "第15篇讲话", "第18篇讲话", "第21篇讲话"]
    assert titles(client.get(url, {"year": "1900"}).content.decode())[:1] == ["第0篇讲话"]  # unknown: ignored


def test_pages_of_twenty_with_links_that_keep_the_filters(client):
    make_library(45)
    url = reverse("reading:speech_list")

    html = client.get(url, {"speaker": "李强"}).content.decode()
    assert len(titles(html)) == 20 and "第 1 页，共 2 页" in html
    assert 'href="?speaker=%E6%9D%8E%E5%BC%BA&amp;page=2"' in html
    second = client.get(url, {"speaker": "李强", "page": "2"}).content.decode()
    assert len(titles(second)) == 3  # 23 speeches by 李强
    assert titles(client.get(url, {"page": "abc"}).content.decode())[0] == "第0篇讲话"


def test_the_htmx_request_gets_the_results_only(client):
    make_library(3)

    fragment = client.get(reverse("reading:speech_list"), {"year": "2026"}, **HTMX).content.decode()
    page = client.get(reverse("reading:speech_list"), {"year": "2026"}).content.decode()

    # The fragment is what goes inside #library-results, never a second #library-results within it.
    assert "<html" not in fragment and 'id="library-results"' not in fragment and "第0篇讲话" in fragment
    assert "<html" in page and page.count('id="library-results"') == 1


def test_archived_speeches_are_not_listed(client):
    speeches = make_library(2)
    Speech.objects.filter(pk=speeches[0].pk).update(archived_at=timezone.now())

    assert titles(client.get(reverse("reading:speech_list")).content.decode()) == ["第1篇讲话"]


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_library(client, group, alice, bob):
    make_library(3, notes_on_first=2, group=group, authors=[alice, bob])
    client.force_login(bob)
    client.get(reverse("reading:speech_list"))  # the session, once
    small = queries_for(client, reverse("reading:speech_list"))

    # 60 more speeches (three more pages), by more speakers, over more years, with notes, in two collections.
    Collection.objects.create(name="二十大精神", slug="二十大精神")
    for n in range(60):
        speech = Speech.objects.create(
            slug=f"extra{n}",
            title=f"补充{n}",
            speaker=f"讲者{n % 7}",
            date=datetime.date(2010 + n % 10, 1, 1),
            source_file=f"extra{n}.txt",
            checksum="0" * 64,
            imported_at=timezone.now(),
        )
        paragraph = Paragraph.objects.create(speech=speech, number=1, text="正文。")
        make_note(alice, group, paragraph)
        speech.collections.add(*Collection.objects.all())
    large = queries_for(client, reverse("reading:speech_list"))

    assert large == small
    assert large <= 13  # session, user, membership, groups, permissions (2), filters (3), count, page,
    # its collections, its counts


def test_going_back_after_filtering_restores_the_whole_page(client):
    make_library(3)

    restored = client.get(
        reverse("reading:speech_list"), {"year": "2026"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX
    )

    assert "<html" in restored.content.decode()
    assert "HX-History-Restore-Request" in restored["Vary"]
