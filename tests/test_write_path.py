"""One write path: every change through speeches/actions.py, with its revision, its search update and its
background work; the admin through the same actions."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth import get_user_model
from django.urls import reverse

from annotations.models import Note
from passages.models import PassagesState
from passages.tasks import is_behind
from speeches import actions, revision, search
from speeches.importing import parse_speech
from speeches.models import Paragraph, Speech
from tests.factories import make_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def olga(db):
    """olga runs the site: a superuser, who sees the admin."""
    return get_user_model().objects.create_superuser("olga", "olga@example.org", "correct horse battery staple")


def found(query: str) -> set[int]:
    return {hit.number for hit in search.search(query).hits if hit.exact}


# ---------------------------------------------------------------- actions


def test_every_action_raises_the_revision_and_stamps_its_speech(seed_index):
    changes = [
        lambda: actions.correct(seed_index, 1, "新的第一段讲国之大者。"),
        lambda: actions.archive(seed_index),
        lambda: actions.restore(seed_index),
        lambda: actions.update_details(seed_index, title="新标题"),
    ]
    for change in changes:
        before = revision.current()
        change()
        seed_index.refresh_from_db()
        assert seed_index.revision == revision.current() == before + 1


def test_a_correction_is_found_at_once_and_the_old_words_are_not(seed_index):
    old = seed_index.paragraphs.get(number=3).text

    actions.correct(seed_index, 3, "这一段改成了讲新质生产力。")

    assert found("新质生产力") == {3}
    assert 3 not in found(old[:8])


def test_a_request_killed_between_the_change_and_the_index_is_repaired_by_the_next_search(
    seed_index, settings, monkeypatch
):
    """A gunicorn timeout kills the worker after the paragraph is saved, before the index is written."""

    def killed(slugs):
        raise SystemExit("WORKER TIMEOUT")

    monkeypatch.setattr(search, "index_speeches", killed)
    with pytest.raises(SystemExit):
        actions.correct(seed_index, 3, "这一段改成了讲新质生产力。")
    monkeypatch.undo()
    assert seed_index.paragraphs.get(number=3).text == "这一段改成了讲新质生产力。"  # the change is committed

    settings.SEARCH_CATCH_UP_SECONDS = 0
    assert found("新质生产力") == {3}  # the search noticed the stamp it had missed, and caught up


def test_a_correction_does_not_compute_passages_in_the_request(seed_speech, settings):
    """With the database queue, the request only enqueues: the worker computes, and pages say it is pending."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    from django_tasks_db.models import DBTaskResult

    assert not is_behind()
    actions.correct(seed_speech, 1, "新的第一段。")
    actions.correct(seed_speech, 2, "新的第二段。")

    assert is_behind()
    assert DBTaskResult.objects.ready().filter(task_path="passages.tasks.update_passages").count() == 1  # coalesced
    from django.test import Client

    html = Client().get(seed_speech.get_absolute_url()).content.decode()
    assert "相似论述和首次出现正在更新" in html


def test_the_passages_task_catches_up_with_every_change_since_its_last_run(seed_speech):
    # Tests run tasks at once: after each change the passages reflect the library's revision.
    actions.correct(seed_speech, 1, "新的第一段。")
    assert not is_behind()
    assert PassagesState.objects.get().revision == revision.current()


def test_the_phrase_library_follows_an_archive_at_once(client, seed_index):
    """A swap (one speech out, another in) keeps the speech count: the revision still moves."""
    text = "---\ntitle: 另一篇\ndate: 2024-01-01\n---\n另一篇也讲娘家人。\n"
    actions.publish(parse_speech(text, file_stem="other"), slug="other", source_file="other.txt", checksum="x")
    assert {row["speech"] for row in client.get("/phrases/娘家人.json").json()["by_speech"]} == {
        "other",
        seed_index.slug,
    }

    actions.archive(Speech.objects.get(slug="other"))

    assert [row["speech"] for row in client.get("/phrases/娘家人.json").json()["by_speech"]] == [seed_index.slug]


# ---------------------------------------------------------------- the admin


def admin_objects(seed_speech, alice, group):
    make_note(alice, group, seed_speech.paragraphs.get(number=1))
    return {model: model._default_manager.first() for model in site._registry}


def test_every_admin_changelist_and_change_form_loads(client, olga, seed_speech, alice, group):
    objects = admin_objects(seed_speech, alice, group)
    client.force_login(olga)
    for model, instance in objects.items():
        info = model._meta.app_label, model._meta.model_name
        assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200, model
        if instance is not None:
            response = client.get(reverse("admin:{}_{}_change".format(*info), args=[instance.pk]))
            assert response.status_code == 200, model


def test_the_admin_cannot_change_a_paragraph(client, olga, seed_index):
    paragraph = seed_index.paragraphs.get(number=3)
    client.force_login(olga)
    url = reverse("admin:speeches_paragraph_change", args=[paragraph.pk])

    response = client.post(url, {"speech": seed_index.pk, "number": 3, "text": "管理员改的字。"})

    assert response.status_code == 403
    paragraph.refresh_from_db()
    assert paragraph.text != "管理员改的字。"
    html = client.get(reverse("admin:speeches_speech_change", args=[seed_index.pk])).content.decode()
    assert 'name="paragraphs-0-text"' not in html  # the inline shows the text, with nothing to edit


def speech_form(speech, **changes) -> dict:
    data = {
        "title": speech.title,
        "speaker": speech.speaker,
        "date": speech.date.isoformat() if speech.date else "",
        "source_note": speech.source_note,
        "appendix": speech.appendix,
        "collections": [],
    }
    for prefix in ("headings", "paragraphs"):
        count = getattr(speech, prefix).count()
        data |= {f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": count}
        data |= {f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}
    return data | changes


def test_a_speech_changed_in_the_admin_goes_through_the_actions(client, olga, seed_index):
    before = revision.current()
    client.force_login(olga)
    url = reverse("admin:speeches_speech_change", args=[seed_index.pk])

    response = client.post(url, speech_form(seed_index, date="2016-07-01"))

    assert response.status_code == 302, response.content.decode()[:2000]
    seed_index.refresh_from_db()
    assert seed_index.date == datetime.date(2016, 7, 1)
    assert seed_index.revision == revision.current() > before
    # The phrase pages read the new date at once (they key on the revision).
    assert client.get("/phrases/娘家人.json").json()["first"]["date"] == "2016-07-01"


def test_an_admin_save_that_breaks_a_rule_is_refused_with_a_message(client, olga, seed_index):
    client.force_login(olga)
    url = reverse("admin:speeches_speech_change", args=[seed_index.pk])

    response = client.post(url, speech_form(seed_index, title="", date="2016-02-30"))

    assert response.status_code == 200 and "errornote" in response.content.decode()
    seed_index.refresh_from_db()
    assert seed_index.title and seed_index.date == datetime.date(2023, 10, 23)


def test_archiving_in_the_admin_takes_the_speech_out_of_search(client, olga, seed_index):
    client.force_login(olga)
    changelist = reverse("admin:speeches_speech_changelist")

    client.post(changelist, {"action": "archive_selected", "_selected_action": [seed_index.pk]})

    seed_index.refresh_from_db()
    assert seed_index.is_archived
    assert found("娘家人") == set()


def test_deleting_in_the_admin_a_speech_with_notes_is_refused(client, olga, seed_speech, alice, group):
    make_note(alice, group, seed_speech.paragraphs.get(number=1))
    client.force_login(olga)
    url = reverse("admin:speeches_speech_delete", args=[seed_speech.pk])

    client.post(url, {"post": "yes"})

    assert Speech.objects.filter(pk=seed_speech.pk).exists()
    assert Note.objects.count() == 1 and Paragraph.objects.filter(speech=seed_speech).exists()
