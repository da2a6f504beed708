"""Study sessions (学习会): planning one, who may see and do what, bad input, and the session page.

alice organises "工会小组", bob is a member, charlie is an outsider.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, GroupCalendar, Session
from tests.factories import make_note

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def session_url(session, name="session_detail"):
    return reverse(f"meetings:{name}", args=[session.group.slug, session.pk])


def plan(group, speech, alice, **fields):
    values = {
        "title": "十二月学习会",
        "starts_at": timezone.now() + dt.timedelta(days=3),
        "speech": speech,
        "first": 3,
        "last": 7,
        "organiser": alice,
        **fields,
    }
    return Session.objects.create(group=group, **values)


def form_data(speech_record, **fields):
    return {
        "title": "学习新时代工会工作",
        "starts_at": "2030-12-12T14:30",
        "duration": "90",
        "place": "三楼会议室",
        "speech": speech_record.slug,
        "first": "3",
        "last": "7",
        "leader": "bob",
        "questions": "p3: 如何理解“国之大者”？\n我们车间怎么落实？",
        **fields,
    }


# ---------------------------------------------------------------- planning


def test_the_organiser_plans_a_session_with_every_field(client, alice, bob, group, seed_speech):
    client.force_login(alice)
    response = client.post(reverse("meetings:session_create", args=[group.slug]), form_data(seed_speech))
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert session.title == "学习新时代工会工作"
    # 14:30 in Shanghai, stored as an aware datetime: 06:30 UTC.
    assert session.starts_at == dt.datetime(2030, 12, 12, 14, 30, tzinfo=SHANGHAI)
    assert session.starts_at.astimezone(dt.UTC).hour == 6
    assert (session.duration, session.place, session.speech, session.first, session.last) == (
        90,
        "三楼会议室",
        seed_speech,
        3,
        7,
    )
    assert session.leader == bob and session.organiser == alice
    assert session.questions == "p3: 如何理解“国之大者”？\n我们车间怎么落实？"


def test_a_session_in_the_past_can_be_entered_for_its_minutes(client, alice, group, seed_speech):
    client.force_login(alice)
    data = form_data(seed_speech, starts_at="2023-11-02T09:00", first="", last="", leader="", place="", questions="")
    response = client.post(reverse("meetings:session_create", args=[group.slug]), data)
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at < timezone.now()
    assert session.whole_speech and session.first_number == 1 and session.last_number == 7
    assert session.leader is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("last", "8", "这篇讲话有 7 段"),
        ("first", "0", ""),
        ("first", "6", "最后一段在第一段之前"),  # with last=5
        ("speech", "no-such-speech", "没有地址为“no-such-speech”的讲话"),
        ("leader", "charlie", "charlie 不是本组成员"),
        ("leader", "nobody", "nobody 不是本组成员"),
        ("starts_at", "明天下午", "请按 YYYY-MM-DDTHH:MM 填写时间"),
        ("starts_at", "2030-13-40T25:00", "请按 YYYY-MM-DDTHH:MM 填写时间"),
        ("title", "   ", ""),
        ("questions", "p9: 第九段？", "第 9 段"),
    ],
)
def test_bad_input_re_renders_the_form_with_the_error_and_stores_nothing(
    client, alice, charlie, group, seed_speech, field, value, message
):
    client.force_login(alice)
    data = form_data(seed_speech, **{field: value})
    if field == "first" and value == "6":
        data["last"] = "5"
    response = client.post(reverse("meetings:session_create", args=[group.slug]), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="field-error"' in html or 'class="form-errors"' in html  # the project's errors block
    assert message in html
    assert not Session.objects.exists()


def test_editing_changes_the_session_and_a_range_outside_the_speech_is_refused(client, alice, group, seed_speech):
    session = plan(group, seed_speech, alice)
    client.force_login(alice)
    edit = session_url(session, "session_edit")
    page = client.get(edit).content.decode()
    assert 'value="十二月学习会"' in page and 'name="starts_at"' in page
    response = client.post(edit, form_data(seed_speech, title="改期的学习会", first="2", last="4", leader=""))
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.first, session.last) == ("改期的学习会", 2, 4)
    response = client.post(edit, form_data(seed_speech, title="不该保存", first="5", last="99"))
    assert response.status_code == 422
    session.refresh_from_db()
    assert session.title == "改期的学习会" and session.last == 4


def test_the_list_shows_upcoming_sessions_soonest_first_then_past_ones_latest_first(
    client, bob, alice, group, seed_speech
):
    now = timezone.now()
    plan(group, seed_speech, alice, title="下周", starts_at=now + dt.timedelta(days=7))
    plan(group, seed_speech, alice, title="明天", starts_at=now + dt.timedelta(days=1))
    plan(group, seed_speech, alice, title="上月", starts_at=now - dt.timedelta(days=30))
    plan(group, seed_speech, alice, title="昨天", starts_at=now - dt.timedelta(days=1))
    client.force_login(bob)
    html = client.get(reverse("meetings:session_list", args=[group.slug])).content.decode()
    assert html.index("明天") < html.index("下周") < html.index("昨天") < html.index("上月")
    assert "安排学习会" not in html, "only organisers plan sessions"


# ---------------------------------------------------------------- who may see and do what


def test_outsiders_see_nothing_of_the_groups_sessions(client, charlie, alice, group, seed_speech):
    session = plan(group, seed_speech, alice)
    client.force_login(charlie)
    for url in [
        reverse("meetings:session_list", args=[group.slug]),
        reverse("meetings:session_create", args=[group.slug]),
        session_url(session),
        session_url(session, "session_edit"),
        session_url(session, "minutes"),
        session_url(session, "minutes_docx"),
        session_url(session, "minutes_markdown"),
        session_url(session, "session_ics"),
        reverse("meetings:calendar_feed", args=[group.slug, "not-the-token"]),
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        session_url(session, "session_attendance"),
        session_url(session, "session_summary"),
        session_url(session, "session_delete"),
        session_url(session, "session_read"),
        reverse("meetings:calendar_rotate", args=[group.slug]),
    ]:
        assert client.post(url, {"present": ["charlie"], "summary": "x"}).status_code == 404, url
    assert Session.objects.filter(pk=session.pk, summary="").exists()


def test_the_querysets_hold_the_rules(alice, bob, charlie, group, seed_speech):
    from django.contrib.auth.models import AnonymousUser

    session = plan(group, seed_speech, alice)
    assert list(Session.objects.visible_to(alice)) == list(Session.objects.visible_to(bob)) == [session]
    assert not Session.objects.visible_to(charlie).exists()
    assert not Session.objects.visible_to(AnonymousUser()).exists()
    assert list(Session.objects.organised_by(alice)) == [session]
    assert not Session.objects.organised_by(bob).exists()
    assert not Session.objects.organised_by(AnonymousUser()).exists()


def test_a_session_of_another_group_is_not_found_under_this_groups_address(client, alice, bob, group, seed_speech):
    from annotations.groups import create_group

    other = create_group(bob, "另一个小组")
    theirs = plan(other, seed_speech, bob)
    client.force_login(alice)
    url = reverse("meetings:session_detail", args=[group.slug, theirs.pk])
    assert client.get(url).status_code == 404


def test_members_may_look_but_not_plan_edit_or_keep_the_record(client, bob, alice, group, seed_speech):
    session = plan(group, seed_speech, alice)
    client.force_login(bob)
    assert client.get(session_url(session)).status_code == 200
    assert client.get(reverse("meetings:session_create", args=[group.slug])).status_code == 403
    response = client.post(reverse("meetings:session_create", args=[group.slug]), form_data(seed_speech))
    assert response.status_code == 403
    assert client.get(session_url(session, "session_edit")).status_code == 403
    assert client.post(session_url(session, "session_edit"), form_data(seed_speech)).status_code == 403
    assert client.post(session_url(session, "session_attendance"), {"present": ["bob"]}).status_code == 403
    assert client.post(session_url(session, "session_summary"), {"summary": "我来写"}).status_code == 403
    assert client.post(session_url(session, "session_delete")).status_code == 403
    assert client.post(reverse("meetings:calendar_rotate", args=[group.slug])).status_code == 403
    assert Session.objects.count() == 1 and not Attendance.objects.exists()
    session.refresh_from_db()
    assert session.summary == "" and session.title == "十二月学习会"


def test_a_visitor_is_sent_to_log_in(client, alice, group, seed_speech):
    session = plan(group, seed_speech, alice)
    response = client.get(session_url(session))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_organiser_deletes_a_session(client, alice, group, seed_speech):
    session = plan(group, seed_speech, alice)
    client.force_login(alice)
    response = client.post(session_url(session, "session_delete"))
    assert response["Location"] == reverse("meetings:session_list", args=[group.slug])
    assert not Session.objects.exists()


# ---------------------------------------------------------------- the session page


def test_the_session_page_shows_the_reading_and_the_discussion_questions(client, bob, alice, group, seed_speech):
    session = plan(group, seed_speech, alice, leader=bob, place="三楼会议室", questions="p5: 怎么理解？\n总体体会")
    client.force_login(bob)
    html = client.get(session_url(session)).content.decode()
    assert "十二月学习会" in html and "三楼会议室" in html
    assert seed_speech.title in html and "第 3–7 段" in html
    assert "怎么理解？" in html and "总体体会" in html
    assert f"{seed_speech.get_absolute_url()}?notes=5#p5" in html
    assert "领学人" in html


def test_the_confusion_report_ranks_paragraphs_by_questions_then_notes(client, alice, bob, group, seed_speech):
    session = plan(group, seed_speech, alice)
    p = {n: seed_speech.paragraphs.get(number=n) for n in (2, 3, 4, 5, 6)}
    make_note(bob, group, p[4], "一个问题", is_question=True)
    make_note(alice, group, p[4], "第二个问题", is_question=True)
    make_note(bob, group, p[5], "第五段的问题", is_question=True)
    for _ in range(3):
        make_note(alice, group, p[6], "笔记")
    make_note(alice, group, p[2], "范围之外", is_question=True)  # ¶2 is outside 3–7
    make_note(bob, group, p[3], "私下的问题", is_question=True, visibility="private")
    from meetings.questions import confusion_report

    report = [(row.number, row.questions, row.notes) for row in confusion_report(session)]
    assert report == [(4, 2, 2), (5, 1, 1), (6, 0, 3)]
    client.force_login(bob)
    html = client.get(session_url(session)).content.decode()
    table = html[html.index('class="confusion"') :]
    assert table.index("第 4 段") < table.index("第 5 段") < table.index("第 6 段")
    assert "私下的问题" not in html and "范围之外" not in html


def test_attendance_records_present_and_absent_members(client, alice, bob, dora, group, seed_speech):
    session = plan(group, seed_speech, alice)
    client.force_login(alice)
    response = client.post(session_url(session, "session_attendance"), {"present": ["alice", "dora"]})
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("user__username", "present")) == {
        "alice": True,
        "bob": False,
        "dora": True,
    }
    # Ticked again: bob came after all.
    client.post(session_url(session, "session_attendance"), {"present": ["alice", "bob", "dora"]})
    assert not Attendance.objects.filter(present=False).exists()
    page = client.get(session_url(session)).content.decode()
    assert 'name="present" value="bob"' in page and "checked" in page


def test_attendance_with_a_name_outside_the_group_changes_nothing(client, alice, charlie, group, seed_speech):
    session = plan(group, seed_speech, alice)
    client.force_login(alice)
    response = client.post(session_url(session, "session_attendance"), {"present": ["alice", "charlie"]})
    assert response.status_code == 422
    assert "charlie 不是本组成员" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_organiser_writes_the_summary_and_members_read_it(client, alice, bob, group, seed_speech):
    session = plan(group, seed_speech, alice)
    client.force_login(alice)
    response = client.post(session_url(session, "session_summary"), {"summary": "大家一致认为要从大局出发。"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.summary == "大家一致认为要从大局出发。"
    client.force_login(bob)
    assert "大家一致认为要从大局出发。" in client.get(session_url(session)).content.decode()
    client.force_login(alice)
    too_long = client.post(session_url(session, "session_summary"), {"summary": "长" * 20001})
    assert too_long.status_code == 422
    session.refresh_from_db()
    assert session.summary == "大家一致认为要从大局出发。"


def test_the_group_page_leads_to_its_sessions(client, bob, group):
    client.force_login(bob)
    html = client.get(group.get_absolute_url()).content.decode()
    assert reverse("meetings:session_list", args=[group.slug]) in html


# ---------------------------------------------------------------- the speech page's band


def test_the_speech_page_names_the_groups_next_session_on_it(client, alice, bob, group, seed_speech):
    when = dt.datetime(2030, 12, 12, 14, 30, tzinfo=SHANGHAI)
    session = plan(group, seed_speech, alice, starts_at=when)
    plan(group, seed_speech, alice, title="更晚的", starts_at=when + dt.timedelta(days=30), first=1, last=2)
    plan(group, seed_speech, alice, title="已经开过", starts_at=timezone.now() - dt.timedelta(days=2), first=1, last=1)
    client.force_login(bob)
    html = client.get(seed_speech.get_absolute_url()).content.decode()
    assert "本组 12月12日学习会：第 3–7 段" in html
    assert f'href="{session.get_absolute_url()}"' in html
    assert html.count('class="session-band') == 1


def test_no_band_for_outsiders_or_without_a_session(client, alice, bob, charlie, group, seed_speech):
    client.force_login(bob)
    html = client.get(seed_speech.get_absolute_url()).content.decode()
    assert "session-band" not in html
    assert 'class="reading-record"' in html  # a member's reading is recorded all the same
    plan(group, seed_speech, alice)
    client.force_login(charlie)
    html = client.get(seed_speech.get_absolute_url()).content.decode()
    assert "session-band" not in html and "reading-record" not in html
    client.logout()
    assert "reading-record" not in client.get(seed_speech.get_absolute_url()).content.decode()


# ---------------------------------------------------------------- the calendar feed's secret address


def test_the_feed_address_is_shown_to_members_and_rotated_by_organisers(client, alice, bob, group, seed_speech):
    plan(group, seed_speech, alice)
    client.force_login(bob)
    html = client.get(reverse("meetings:session_list", args=[group.slug])).content.decode()
    calendar = GroupCalendar.objects.get(group=group)
    old_url = calendar.get_absolute_url()
    assert old_url in html
    client.logout()
    assert client.get(old_url).status_code == 200, "calendar apps fetch it without logging in"
    client.force_login(alice)
    response = client.post(reverse("meetings:calendar_rotate", args=[group.slug]))
    assert response.status_code == 302
    calendar.refresh_from_db()
    assert calendar.get_absolute_url() != old_url
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(calendar.get_absolute_url()).status_code == 200
