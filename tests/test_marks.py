"""Highlights and quote notes drawn on the speech page: merged segments, tints by how many members
marked the words, who sees which, and the notes whose words are gone."""

import re

import pytest

from annotations import anchoring
from annotations.models import Note
from reading.marks import Quote, segments

pytestmark = pytest.mark.django_db


def test_overlapping_quotes_are_cut_into_segments_that_count_members():
    quotes = [Quote(1, author_id=10, start=2, end=8), Quote(2, author_id=20, start=5, end=10), Quote(3, 10, 6, 7)]
    pieces = [(piece.start, piece.end, piece.members, piece.note_ids) for piece in segments(12, quotes)]
    assert pieces == [
        (0, 2, 0, []),
        (2, 5, 1, [1]),
        (5, 6, 2, [1, 2]),
        (6, 7, 2, [1, 2, 3]),  # alice twice is still one member
        (7, 8, 2, [1, 2]),
        (8, 10, 1, [2]),
        (10, 12, 0, []),
    ]


def highlight(author, group, paragraph, words, visibility="group", body=""):
    return Note.objects.add(
        author=author,
        group=group,
        paragraph=paragraph,
        body=body,
        visibility=visibility,
        parent=None,
        quote=anchoring.locate(paragraph.text, words),
    )


def marks_of(client, speech, number):
    html = client.get(speech.get_absolute_url()).content.decode()
    paragraph = re.search(rf'<section class="para" id="p{number}".*?</section>', html, re.S).group(0)
    return re.findall(
        r'<mark class="hl hl--(\d)" title="([^"]+)"><a class="hl__link" href="([^"]+)"[^>]*>(.*?)</a>', paragraph
    )


def test_members_see_the_groups_marks_tinted_by_how_many_marked_them(client, seed_speech, group, alice, bob):
    p3 = seed_speech.paragraphs.get(number=3)
    first = highlight(alice, group, p3, "国之大者")
    highlight(bob, group, p3, "牢记“国之大者”")
    client.force_login(bob)
    marks = marks_of(client, seed_speech, 3)
    assert [(tint, words) for tint, _, _, words in marks] == [("1", "牢记“"), ("2", "国之大者"), ("1", "”")]
    assert marks[1][1] == "2 人划线"
    assert marks[1][2] == f"{seed_speech.get_absolute_url()}?notes=3#note-{first.pk}"  # it opens the notes on them


def test_private_marks_are_their_authors_own_and_visitors_see_none(client, seed_speech, group, alice, bob, charlie):
    p6 = seed_speech.paragraphs.get(number=6)
    highlight(alice, group, p6, "娘家人", visibility="private")
    client.force_login(bob)
    assert marks_of(client, seed_speech, 6) == []
    client.force_login(alice)
    assert [m[3] for m in marks_of(client, seed_speech, 6)] == ["娘家人"]
    client.force_login(charlie)  # not in the group
    assert marks_of(client, seed_speech, 6) == []
    client.logout()
    assert marks_of(client, seed_speech, 6) == []


def test_notes_whose_words_are_gone_are_listed_at_the_end(client, seed_speech, group, alice, bob):
    p7 = seed_speech.paragraphs.get(number=7)
    note = highlight(alice, group, p7, "选好配强工会领导班子", body="这句很重要")
    Note.objects.filter(pk=note.pk).update(paragraph=None, anchoring="orphaned")
    client.force_login(bob)
    html = client.get(seed_speech.get_absolute_url()).content.decode()
    orphans = re.search(r'<section class="orphans".*?</section>', html, re.S).group(0)
    assert "选好配强工会领导班子" in orphans and "这句很重要" in orphans and "原在第 7 段" in orphans
