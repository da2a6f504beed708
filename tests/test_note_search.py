"""Notes found by a search: the current group's shared notes and one's own private notes, never anyone else's."""

import re

import pytest

from tests.factories import make_note, make_speech


@pytest.fixture
def english(client):
    """The interface in English (the footer's switch), for the tests that read its words."""
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


URL = "/search/notes/"


@pytest.fixture
def notes(db, alice, bob, charlie, group):
    """alice's group note, her private note, bob's private note; charlie's note in a group of his own."""
    from annotations.groups import create_group

    speech = make_speech("talk", ["弘扬工匠精神。", "提高技能。"])
    paragraph = speech.paragraphs.get(number=1)
    make_note(alice, group, paragraph, body="小组讨论：工匠精神的内涵")
    make_note(alice, group, paragraph, body="alice 自己记的工匠精神", visibility="private")
    make_note(bob, group, paragraph, body="bob 私下的工匠精神笔记", visibility="private")
    make_note(alice, group, paragraph, body="与本题无关的笔记")
    other = create_group(charlie, "另一个小组")
    make_note(charlie, other, paragraph, body="charlie 组里的工匠精神")
    return speech


def _bodies(html: str) -> list[str]:
    return [re.sub(r"</?mark>", "", body) for body in re.findall(r'<span class="note-hit__body">(.*?)</span>', html)]


def test_a_member_finds_the_groups_notes_and_their_own_private_ones_marked(client, notes, bob):
    client.force_login(bob)
    html = client.get(URL, {"q": "工匠精神"}, HTTP_HX_REQUEST="true").content.decode()

    assert "<html" not in html
    assert sorted(_bodies(html)) == ["bob 私下的工匠精神笔记", "小组讨论：工匠精神的内涵"]
    assert "<mark>工匠精神</mark>" in html


def test_the_search_folds_like_the_search_of_speeches(client, notes, alice):
    client.force_login(alice)
    html = client.get(URL, {"q": "工匠精神 小組"}).content.decode()  # traditional 組; every term must be there

    assert _bodies(html) == ["小组讨论：工匠精神的内涵"]
    assert html.count("<html") == 1  # without htmx: a page of its own


def test_an_outsider_sees_no_note_of_the_group(client, notes, charlie):
    client.force_login(charlie)
    html = client.get(URL, {"q": "工匠精神"}).content.decode()

    assert _bodies(html) == ["charlie 组里的工匠精神"]  # his own group's only


def test_a_visitor_sees_no_note_and_is_asked_to_sign_in(english, notes):
    html = english.get(URL, {"q": "工匠精神"}).content.decode()

    assert _bodies(html) == []
    assert "Sign in to search your group's notes." in html
    assert "工匠精神的内涵" not in html


def test_a_removed_member_no_longer_finds_the_groups_notes(client, notes, bob, group):
    from annotations.models import Membership

    Membership.objects.filter(group=group, user=bob).delete()
    client.force_login(bob)

    assert _bodies(client.get(URL, {"q": "工匠精神"}).content.decode()) == []


def test_the_search_page_loads_the_notes_in_place_for_members_only(client, notes, bob, settings):
    from speeches import search

    search.rebuild_index(processes=1)
    visitor = client.get("/search/", {"q": "工匠精神"}).content.decode()
    assert "/search/notes/" not in visitor
    assert "工匠精神的内涵" not in visitor

    client.force_login(bob)
    member = client.get("/search/", {"q": "工匠精神"}).content.decode()
    assert 'hx-get="/search/notes/?q=%E5%B7%A5%E5%8C%A0%E7%B2%BE%E7%A5%9E"' in member
    assert '<a href="/search/notes/?q=%E5%B7%A5%E5%8C%A0%E7%B2%BE%E7%A5%9E">' in member  # without JavaScript
    assert "工匠精神的内涵" not in member  # read from the database by the fragment, not the page


def test_note_search_has_a_trigram_index_on_postgresql(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is made on PostgreSQL only (SQLite has no GIN)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'note_folded_trgm_idx'")
        [(definition,)] = cursor.fetchall()
    assert "gin_trgm_ops" in definition
