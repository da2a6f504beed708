"""The speech page with notes stays fast: its SQL queries do not grow with paragraphs or notes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Note
from tests.factories import make_speech

pytestmark = pytest.mark.django_db


def fill(speech, group, authors, notes_count):
    paragraphs = list(speech.paragraphs.order_by("number"))
    Note.objects.bulk_create(
        Note(
            author=authors[i % len(authors)],
            group=group,
            paragraph=paragraphs[i % len(paragraphs)],
            body=f"笔记 {i}",
            visibility="private" if i % 10 == 0 else "group",
        )
        for i in range(notes_count)
    )
    # A reply on each of the first paragraph's notes.
    parents = list(Note.objects.filter(paragraph=paragraphs[0], parent=None)[:20])
    Note.objects.bulk_create(
        Note(author=authors[1], group=group, paragraph=p.paragraph, body="回复", parent=p) for p in parents
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("open_notes", ["", "?notes=1"])
def test_queries_do_not_grow_with_paragraphs_or_notes(client, group, alice, bob, open_notes):
    small = make_speech("small", [f"第{n}段。" for n in range(1, 4)])
    large = make_speech("large", [f"第{n}段，讲工会工作。" for n in range(1, 101)])
    fill(small, group, [alice, bob], 3)
    fill(large, group, [alice, bob], 1000)
    assert Note.objects.filter(paragraph__speech=large).count() > 1000
    client.force_login(bob)
    client.get(small.get_absolute_url())  # warm caches (key phrases, session)
    client.get(large.get_absolute_url())
    assert queries_for(client, large.get_absolute_url() + open_notes) == queries_for(
        client, small.get_absolute_url() + open_notes
    )
    assert queries_for(client, large.get_absolute_url() + open_notes) <= 12
