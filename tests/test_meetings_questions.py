"""Questions before the meeting: a note asked as a question, "我也想问", resolving with a conclusion, and
the session page's list (open first, most asked first), in the notes panel too."""

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import Note, QuestionVote
from tests.factories import make_note, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(group, alice, seed_speech):
    return make_session(group, seed_speech, alice, first=3, last=7)


def url(session, name, *args):
    return reverse(f"meetings:{name}", args=[session.group.slug, session.pk, *args])


def paragraph(speech, number):
    return speech.paragraphs.get(number=number)


# ---------------------------------------------------------------- asking


def test_the_note_form_asks_a_question_with_question_1(client, bob, group, seed_speech):
    client.force_login(bob)
    notes_url = reverse("annotations:paragraph_notes", args=[seed_speech.slug, 4])
    form = client.get(notes_url).content.decode()
    assert 'name="question"' in form and "这是个问题" in form
    client.post(notes_url, {"body": "“娘家人”具体指什么？", "question": "1", "visibility": "group"})
    client.post(notes_url, {"body": "一条普通笔记", "visibility": "group"})
    asked, plain = Note.objects.order_by("pk")
    assert asked.is_question and not plain.is_question
    # A reply answers: it is never a question of its own.
    client.post(notes_url, {"body": "我理解是……", "question": "1", "parent": asked.pk})
    assert not Note.objects.get(parent=asked).is_question


def test_a_question_needs_words(client, bob, group, seed_speech):
    client.force_login(bob)
    notes_url = reverse("annotations:paragraph_notes", args=[seed_speech.slug, 4])
    text = paragraph(seed_speech, 4).text
    response = client.post(notes_url, {"body": "", "exact": text[:4], "question": "1"})
    assert response.status_code == 422
    assert "请写下你想问的问题" in response.content.decode()
    assert not Note.objects.exists()


def test_the_notes_panel_shows_a_question_its_me_too_and_its_conclusion(client, alice, bob, dora, group, seed_speech):
    question = make_note(bob, group, paragraph(seed_speech, 4), "什么叫“国之大者”？", is_question=True)
    QuestionVote.objects.create(note=question, user=alice)
    QuestionVote.objects.create(note=question, user=dora)
    client.force_login(dora)
    panel = client.get(reverse("annotations:paragraph_notes", args=[seed_speech.slug, 4])).content.decode()
    assert "问题" in panel and "2 人也想问" in panel
    Note.objects.filter(pk=question.pk).update(resolved_at=timezone.now(), conclusion="心怀大局。")
    panel = client.get(reverse("annotations:paragraph_notes", args=[seed_speech.slug, 4])).content.decode()
    assert "已解决" in panel and "结论：" in panel and "心怀大局。" in panel


# ---------------------------------------------------------------- 我也想问


def test_me_too_is_one_per_member_and_toggles(client, alice, bob, dora, session, group, seed_speech):
    question = make_note(bob, group, paragraph(seed_speech, 4), "怎么落实？", is_question=True)
    vote = url(session, "question_vote", question.pk)
    client.force_login(dora)
    assert client.post(vote)["Location"] == f"{session.get_absolute_url()}#question-{question.pk}"
    assert QuestionVote.objects.filter(note=question).count() == 1
    client.post(vote)  # taken back
    assert QuestionVote.objects.filter(note=question).count() == 0
    client.post(vote)
    client.force_login(alice)
    client.post(vote)
    assert sorted(QuestionVote.objects.values_list("user__username", flat=True)) == ["alice", "dora"]
    client.force_login(bob)  # one does not "also ask" one's own question
    client.post(vote)
    assert not QuestionVote.objects.filter(user=bob).exists()


def test_me_too_answers_htmx_with_the_question_alone(client, bob, dora, session, group, seed_speech):
    question = make_note(bob, group, paragraph(seed_speech, 4), "怎么落实？", is_question=True)
    vote = url(session, "question_vote", question.pk)
    client.force_login(dora)
    fragment = client.post(vote, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert html.lstrip().startswith(f'<li class="question" id="question-{question.pk}"')
    assert 'aria-pressed="true"' in html and '<span class="me-too__count">1</span>' in html
    assert "<html" not in html
    assert "HX-Request" in fragment["Vary"]
    # Back in history after the swap: htmx asks for the whole page.
    restored = client.post(vote, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restored.content.decode() and 'aria-pressed="false"' in restored.content.decode()
    plain = client.get(session.get_absolute_url())
    assert "<html" in plain.content.decode()


def test_outsiders_cannot_vote_and_private_or_unrelated_notes_are_not_questions(
    client, bob, charlie, dora, session, group, seed_speech
):
    question = make_note(bob, group, paragraph(seed_speech, 4), "怎么落实？", is_question=True)
    private = make_note(bob, group, paragraph(seed_speech, 4), "只问自己", is_question=True, visibility="private")
    outside = make_note(bob, group, paragraph(seed_speech, 1), "第一段的问题", is_question=True)
    plain = make_note(bob, group, paragraph(seed_speech, 5), "不是问题")
    client.force_login(charlie)
    assert client.post(url(session, "question_vote", question.pk)).status_code == 404
    client.force_login(dora)
    for note in (private, outside, plain):
        assert client.post(url(session, "question_vote", note.pk)).status_code == 404
    assert not QuestionVote.objects.exists()


# ---------------------------------------------------------------- the list and resolving


def test_open_questions_come_first_most_asked_first(client, alice, bob, dora, session, group, seed_speech):
    few = make_note(bob, group, paragraph(seed_speech, 3), "问得少的", is_question=True)
    many = make_note(dora, group, paragraph(seed_speech, 5), "问得多的", is_question=True)
    settled = make_note(bob, group, paragraph(seed_speech, 6), "已经解决的", is_question=True)
    QuestionVote.objects.create(note=many, user=alice)
    QuestionVote.objects.create(note=many, user=bob)
    QuestionVote.objects.create(note=few, user=alice)
    for user in (alice, dora):  # as asked as the first, but resolved: it goes last
        QuestionVote.objects.create(note=settled, user=user)
    client.force_login(alice)
    client.post(url(session, "question_resolve", settled.pk), {"conclusion": "大家取得一致。"})
    html = client.get(session.get_absolute_url()).content.decode()
    assert html.index("问得多的") < html.index("问得少的") < html.index("已经解决的")
    assert "大家取得一致。" in html


def test_only_organisers_resolve_and_a_conclusion_is_required(client, alice, bob, session, group, seed_speech):
    question = make_note(bob, group, paragraph(seed_speech, 4), "怎么落实？", is_question=True)
    resolve = url(session, "question_resolve", question.pk)
    client.force_login(bob)
    assert client.post(resolve, {"conclusion": "我自己说了算"}).status_code == 403
    client.force_login(alice)
    response = client.post(resolve, {"conclusion": "  "})
    assert response.status_code == 422
    assert "请写下小组讨论得出的结论" in response.content.decode()
    question.refresh_from_db()
    assert not question.is_resolved
    response = client.post(resolve, {"conclusion": "从班组做起。"})
    assert response["Location"].endswith(f"#question-{question.pk}")
    question.refresh_from_db()
    assert question.is_resolved and question.conclusion == "从班组做起。" and question.resolved_by == alice
    client.post(resolve, {"reopen": "1"})
    question.refresh_from_db()
    assert not question.is_resolved and question.conclusion == ""
