"""The HTTP contract of quote notes and highlights: POST /speeches/<slug>/p<N>/notes/ with exact,
prefix, suffix, start and end beside body, visibility and group."""

import pytest

from annotations.models import Note
from tests.test_notes import HTMX, notes_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def p3(seed_speech):
    return seed_speech.paragraphs.get(number=3)


def test_a_quote_note_stores_where_its_words_stand(client, group, bob, p3):
    client.force_login(bob)
    start = p3.text.index("国之大者")
    data = {"body": "大局观", "exact": "国之大者", "start": start, "end": start + 4}
    assert client.post(notes_url(p3), {**data, "prefix": p3.text[start - 32 : start]}).status_code == 302
    note = Note.objects.get()
    assert (note.exact, note.start, note.end, note.anchoring, note.original_exact) == (
        "国之大者",
        start,
        start + 4,
        "exact",
        "国之大者",
    )
    assert note.prefix == p3.text[start - 32 : start] and note.suffix == p3.text[start + 4 : start + 36]


def test_a_highlight_is_a_quote_without_a_body(client, group, bob, p3):
    client.force_login(bob)
    response = client.post(notes_url(p3), {"body": "", "exact": "思想政治引领"}, **HTMX)
    assert response.status_code == 200
    note = Note.objects.get()
    assert note.is_highlight and note.exact == "思想政治引领"


def test_wrong_offsets_are_corrected_from_the_words_and_their_context(client, group, bob, seed_speech):
    seventh = seed_speech.paragraphs.get(number=7)
    second = seventh.text.index("工会干部", seventh.text.index("工会干部") + 1)
    client.force_login(bob)
    client.post(
        notes_url(seventh),
        {"body": "", "exact": "工会干部", "start": 0, "end": 4, "prefix": seventh.text[second - 10 : second]},
    )
    assert Note.objects.get().start == second


def test_a_selection_widens_to_whole_words(client, group, bob, p3):
    client.force_login(bob)
    client.post(notes_url(p3), {"body": "", "exact": "国之大"})
    assert Note.objects.get().exact == "国之大者"


def test_words_not_in_the_paragraph_are_refused_with_a_message(client, group, bob, p3):
    client.force_login(bob)
    response = client.post(notes_url(p3), {"body": "看这里", "exact": "娘家人"}, **HTMX)
    assert response.status_code == 422
    assert "第 3 段里没有这些字" in response.content.decode()
    assert not Note.objects.exists()


def test_neither_words_nor_a_quote_is_refused(client, group, bob, p3):
    client.force_login(bob)
    response = client.post(notes_url(p3), {"body": "  ", "exact": ""}, **HTMX)
    assert response.status_code == 422 and "笔记不能为空" in response.content.decode()
    assert not Note.objects.exists()


def test_a_reply_takes_no_quote_of_its_own(client, group, alice, bob, p3):
    client.force_login(bob)
    client.post(notes_url(p3), {"body": "问题", "exact": "国之大者"})
    parent = Note.objects.get()
    client.force_login(alice)
    client.post(notes_url(p3), {"body": "回答", "exact": "娘家人", "parent": parent.pk})
    reply = Note.objects.exclude(pk=parent.pk).get()
    assert (reply.parent, reply.exact, reply.start) == (parent, "", None)


def test_without_javascript_the_form_has_a_quote_field(client, group, bob, p3):
    client.force_login(bob)
    html = client.get(notes_url(p3)).content.decode()
    assert 'name="exact"' in html and "引文" in html
    prefilled = client.get(notes_url(p3), {"exact": "国之大者", "start": "100"}, **HTMX).content.decode()
    assert 'value="国之大者"' in prefilled
