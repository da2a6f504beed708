"""The speech page and the notes panel stay fast: their SQL queries do not grow with paragraphs or notes.

The viewer (bob) sees every note here: group notes by alice, bob and charlie (a third of them on words
of their paragraph, drawn as marks), replies, and his own private notes, so each note is drawn on the
page; a query per drawn note would show.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.groups import join_group
from annotations.models import Note
from tests.factories import make_speech

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def fill(speech, group, authors, viewer, notes_count):
    """`notes_count` notes spread over the speech's paragraphs, all visible to `viewer`, and replies."""
    paragraphs = list(speech.paragraphs.order_by("number"))
    Note.objects.bulk_create(
        Note(
            author=authors[i % len(authors)],
            group=group,
            speech=speech,
            paragraph=paragraphs[i % len(paragraphs)],
            paragraph_number=paragraphs[i % len(paragraphs)].number,
            body=f"笔记 {i}",
            # Every third note is on words of its paragraph: the page draws their marks.
            **({"exact": paragraphs[i % len(paragraphs)].text[1:3], "start": 1, "end": 3} if i % 3 == 0 else {}),
            visibility="private" if authors[i % len(authors)] == viewer and i % 2 else "group",
        )
        for i in range(notes_count)
    )
    parents = list(Note.objects.filter(paragraph=paragraphs[0], parent=None, visibility="group"))
    Note.objects.bulk_create(
        Note(
            author=authors[(i + 1) % len(authors)],
            group=group,
            speech=speech,
            paragraph=p.paragraph,
            paragraph_number=p.paragraph_number,
            body="回复",
            parent=p,
        )
        for i, p in enumerate(parents)
    )


def queries_for(client, url, **headers) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
        assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.fixture
def speeches(group, alice, bob, charlie):
    join_group(group, charlie)
    small = make_speech("small", [f"第{n}段。" for n in range(1, 4)])
    large = make_speech("large", [f"第{n}段，讲工会工作。" for n in range(1, 101)])
    fill(small, group, [alice, bob, charlie], bob, 3)
    fill(large, group, [alice, bob, charlie], bob, 1000)
    return small, large


@pytest.mark.parametrize(
    ("path", "headers"),
    [("/speeches/{}/", {}), ("/speeches/{}/?notes=1", {}), ("/speeches/{}/p1/notes/", HTMX)],
    ids=["page", "page with a panel open", "panel"],
)
def test_queries_do_not_grow_with_paragraphs_or_notes(client, speeches, bob, path, headers):
    small, large = speeches
    assert Note.objects.filter(paragraph__speech=large).count() > 1000
    client.force_login(bob)
    client.get(path.format("small"), **headers)  # warm caches (key phrases, session)
    client.get(path.format("large"), **headers)

    large_queries, html = queries_for(client, path.format("large"), **headers)
    small_queries, _ = queries_for(client, path.format("small"), **headers)

    assert large_queries == small_queries
    # The speech, its paragraphs and headings, the session and user, the membership, the notes (3), the
    # parallels' counts, whether they are being updated, and the new phrases, the editing permission (2),
    # the group, the study session's band, last year's counterpart to compare with; with the panel open, the
    # count of its notes for its pages: none per note.
    assert large_queries <= 19
    # The page prints the group's notes in its handout (843 here); the panel draws paragraph 1's notes
    # (10, with their ids) and their replies.
    if "notes" in path:
        assert len(re.findall(r'<li class="note" id="note-', html)) == 10
        assert len(re.findall(r'<li class="note note--reply" id="note-', html)) >= 7
    else:
        assert len(re.findall(r'<li class="note"', html)) > 800
        assert html.count('<mark class="hl hl--') >= 100  # every paragraph has marked words
