"""Preparation for a session: the reading recorded for signed-in members, what organisers and members see
of it, a member's choice to hide theirs, and the privacy notice that says so."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import MemberSettings, ReadingProgress
from meetings.preparation import preparation
from tests.factories import make_note, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(group, alice, seed_speech):
    return make_session(group, seed_speech, alice, first=3, last=5)


def record_url(speech):
    return reverse("meetings:record_progress", args=[speech.slug])


def rows(prep):
    return {row.username: (row.opened, row.finished, row.notes, row.questions) for row in prep.rows}


# ---------------------------------------------------------------- recording


def test_the_speech_page_records_a_members_reading_and_keeps_the_furthest(client, bob, group, seed_speech):
    client.force_login(bob)
    assert client.post(record_url(seed_speech), {"furthest": ""}, headers={"HX-Request": "true"}).status_code == 204
    progress = ReadingProgress.objects.get(user=bob, speech=seed_speech)
    assert progress.furthest == 0 and progress.opened_at is not None
    client.post(record_url(seed_speech), {"furthest": "4"}, headers={"HX-Request": "true"})
    client.post(record_url(seed_speech), {"furthest": "2"}, headers={"HX-Request": "true"})  # scrolled back up
    progress.refresh_from_db()
    assert progress.furthest == 4
    client.post(record_url(seed_speech), {"furthest": "999"}, headers={"HX-Request": "true"})
    progress.refresh_from_db()
    assert progress.furthest == 7, "never past the speech's last paragraph"
    assert client.post(record_url(seed_speech), {"furthest": "-1"}).status_code == 400
    # Posted as a plain form (no htmx), it ends in a redirect like every form.
    assert client.post(record_url(seed_speech), {"furthest": "5"})["Location"] == seed_speech.get_absolute_url()
    assert ReadingProgress.objects.count() == 1


def test_only_signed_in_members_are_recorded(client, charlie, seed_speech):
    response = client.post(record_url(seed_speech), {"furthest": "3"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    client.force_login(charlie)  # in no group
    assert client.post(record_url(seed_speech), {"furthest": "3"}).status_code == 403
    assert not ReadingProgress.objects.exists()


def test_read_it_records_the_opening_without_javascript(client, bob, session, seed_speech):
    client.force_login(bob)
    response = client.post(reverse("meetings:session_read", args=[session.group.slug, session.pk]))
    assert response["Location"] == f"{seed_speech.get_absolute_url()}#p3"
    assert ReadingProgress.objects.filter(user=bob, speech=seed_speech).exists()


# ---------------------------------------------------------------- what each sees


@pytest.fixture
def prepared(session, group, alice, bob, dora, seed_speech):
    """bob read to ¶5 (the reading's last) and wrote; dora only opened it; alice did nothing."""
    ReadingProgress.objects.create(user=bob, speech=seed_speech, furthest=6)
    ReadingProgress.objects.create(user=dora, speech=seed_speech, furthest=2)
    p3, p4, p7 = (seed_speech.paragraphs.get(number=n) for n in (3, 4, 7))
    asked = make_note(bob, group, p3, "问题一", is_question=True)
    make_note(bob, group, p4, "笔记一")
    make_note(dora, group, p4, "回复", parent=asked)
    make_note(bob, group, p4, "私下的", visibility="private")  # private: never counted
    make_note(bob, group, p7, "范围之外")  # ¶7 is outside 3–5
    late = make_note(bob, group, p4, "会后才写")
    late.created_at = session.ends_at + dt.timedelta(minutes=1)
    late.save()
    return session


def test_organisers_see_every_members_preparation_and_the_totals(client, prepared, alice):
    client.force_login(alice)
    prep = client.get(prepared.get_absolute_url()).context["preparation"]
    assert rows(prep) == {
        "alice": (False, False, 0, 0),
        "bob": (True, True, 2, 1),
        "dora": (True, False, 1, 0),
    }
    assert (prep.members, prep.opened, prep.finished, prep.notes, prep.questions) == (3, 2, 1, 3, 1)
    html = client.get(prepared.get_absolute_url()).content.decode()
    assert "3 位成员中，2 位打开了学习内容，1 位读到了最后一段" in html


def test_a_member_sees_only_their_own(client, prepared, bob):
    client.force_login(bob)
    response = client.get(prepared.get_absolute_url())
    assert rows(response.context["preparation"]) == {"bob": (True, True, 2, 1)}
    html = response.content.decode()
    assert "你的准备情况" in html and "dora" not in html[html.index("preparation-title") :]
    assert "3 位成员中" not in html


def test_a_hidden_preparation_counts_only_in_the_totals(client, prepared, alice, bob, dora):
    client.force_login(dora)
    response = client.post(reverse("meetings:settings"), {"email": "", "reminders": "on", "hide_preparation": "on"})
    assert response.status_code == 302
    assert MemberSettings.objects.get(user=dora).hide_preparation
    organiser = alice.memberships.get()
    prep = preparation(prepared, organiser)
    assert set(rows(prep)) == {"alice", "bob"}
    assert (prep.opened, prep.notes, prep.hidden) == (2, 3, 1)
    client.force_login(alice)
    html = client.get(prepared.get_absolute_url()).content.decode()
    assert "1 位成员选择不公开个人准备情况，只计入合计。" in html
    client.force_login(dora)  # she still sees her own
    assert rows(client.get(prepared.get_absolute_url()).context["preparation"]) == {"dora": (True, False, 1, 0)}


# ---------------------------------------------------------------- settings and the privacy notice


def test_settings_change_the_e_mail_address_and_reminders(client, bob):
    client.force_login(bob)
    page = client.get(reverse("meetings:settings")).content.decode()
    assert 'name="email"' in page and 'name="reminders"' in page and 'name="hide_preparation"' in page
    response = client.post(reverse("meetings:settings"), {"email": "bob@example.org"})
    assert response.status_code == 302
    bob.refresh_from_db()
    settings = MemberSettings.objects.get(user=bob)
    assert bob.email == "bob@example.org" and not settings.reminders and not settings.hide_preparation
    response = client.post(reverse("meetings:settings"), {"email": "not an address", "reminders": "on"})
    assert response.status_code == 422
    bob.refresh_from_db()
    assert bob.email == "bob@example.org" and not MemberSettings.objects.get(user=bob).reminders


def test_the_privacy_notice_says_what_is_recorded_and_every_page_links_it(client):
    html = client.get(reverse("meetings:privacy")).content.decode()
    for said in ["阅读进度", "最靠后的一段", "隐藏准备情况", "电子邮箱", "从不发送给本站"]:
        assert said in html, said
    assert reverse("meetings:privacy") in client.get(reverse("reading:speech_list")).content.decode()
