"""The minutes of a session (.docx read back with python-docx, Markdown, the print view), its .ics and
the group's feed (read back with icalendar). Private notes never appear; only notes shared with the
group up to the session's end count."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import docx
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from markdown_it import MarkdownIt

from annotations.groups import create_group
from annotations.models import Note
from meetings.models import Attendance, GroupCalendar, Session
from tests.factories import make_note

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
STARTS = dt.datetime(2024, 12, 12, 14, 30, tzinfo=SHANGHAI)


@pytest.fixture
def held(group, alice, bob, dora, seed_speech):
    """A session held on 12 December 2024 on ¶3–5: bob led, dora was absent; notes before, during and after."""
    session = Session.objects.create(
        group=group,
        title="学习新时代工会工作",
        starts_at=STARTS,
        duration=90,
        place="三楼会议室",
        speech=seed_speech,
        first=3,
        last=5,
        leader=bob,
        organiser=alice,
        questions="p3: 如何理解“国之大者”？\n结合实际谈体会",
        summary="大家一致认为：\n要从大局出发。",
    )
    for user, present in ((alice, True), (bob, True), (dora, False)):
        Attendance.objects.create(session=session, user=user, present=present)
    p3, p4, p6 = (seed_speech.paragraphs.get(number=n) for n in (3, 4, 6))

    def at(note, moment):
        Note.objects.filter(pk=note.pk).update(created_at=moment)
        return note

    before = STARTS - dt.timedelta(days=1)
    question = at(make_note(bob, group, p3, "“国之大者”指什么？", is_question=True), before)
    Note.objects.filter(pk=question.pk).update(resolved_at=STARTS, conclusion="心里装着国家大事。")
    at(make_note(alice, group, p3, "就是大局。", parent=question), before)
    at(make_note(alice, group, p4, "*要*落实到[车间](http://x)", exact=p4.text[:4], start=0, end=4), before)
    at(make_note(dora, group, p4, "只给自己看的", visibility="private"), before)
    at(make_note(bob, group, p6, "第六段不在学习内容里"), before)
    at(make_note(bob, group, p4, "会后补充的想法"), STARTS + dt.timedelta(hours=3))
    at(make_note(bob, group, p4, "会上说的"), STARTS + dt.timedelta(minutes=30))
    return session


def url(session, name):
    return reverse(f"meetings:{name}", args=[session.group.slug, session.pk])


def test_the_docx_minutes_read_back_in_the_usual_layout(client, held, bob, seed_speech):
    client.force_login(bob)
    response = client.get(url(held, "minutes_docx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert "20241212" in disposition
    document = docx.Document(io.BytesIO(response.content))
    table = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert table == {
        "时间": "2024年12月12日 14:30–16:00",
        "地点": "三楼会议室",
        "主持人": "alice",
        "领学人": "bob",
        "参加人员": "alice、bob",
        "缺席人员": "dora",
    }
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    text = [paragraph.text for paragraph in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["学习内容", "讨论题", "研讨发言", "alice", "bob", "小结"]
    body = "\n".join(text)
    for number in (3, 4, 5):
        assert f"{number}　{seed_speech.paragraphs.get(number=number).text}" in text
    assert seed_speech.paragraphs.get(number=6).text not in body
    assert f"《{seed_speech.title}》" in body and "第 3–5 段" in body
    assert "如何理解“国之大者”？（第 3 段）" in text and "结合实际谈体会" in text
    assert "第 3 段 · 提问：“国之大者”指什么？" in text
    assert "回复 alice：就是大局。" in text and "结论：心里装着国家大事。" in text
    assert "第 4 段 · 发言：针对“" in body and "*要*落实到[车间](http://x)" in body
    assert "会上说的" in body
    assert "只给自己看的" not in body, "private notes never appear"
    assert "会后补充的想法" not in body, "only notes up to the session's end"
    assert "第六段不在学习内容里" not in body
    assert text[-2:] == ["大家一致认为：", "要从大局出发。"]


def test_the_markdown_minutes_say_the_same_and_escape_what_people_typed(client, held, bob):
    client.force_login(bob)
    response = client.get(url(held, "minutes_markdown"))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline;")
    text = response.content.decode()
    expected = ["- **时间**：2024年12月12日 14:30–16:00", "- **参加人员**：alice、bob", "- **缺席人员**：dora"]
    expected += ["## 学习内容", "## 讨论题", "## 研讨发言", "### bob", "## 小结", "心里装着国家大事。", "会上说的"]
    for said in expected:
        assert said in text, said
    assert "只给自己看的" not in text and "会后补充的想法" not in text
    rendered = MarkdownIt("commonmark").render(text)
    assert "<em>" not in rendered and "<a href" not in rendered.replace('<a href="http://testserver', "")
    assert "*要*落实到[车间](http://x)" in rendered


def test_the_print_view_is_the_minutes_on_a_page(client, held, bob):
    client.force_login(bob)
    html = client.get(url(held, "minutes")).content.decode()
    assert 'class="minutes" lang="zh-Hans"' in html
    assert "学习记录" in html and "缺席人员" in html and "心里装着国家大事。" in html
    assert "只给自己看的" not in html and "会后补充的想法" not in html


def test_attendance_not_taken_says_so(client, group, alice, seed_speech):
    session = Session.objects.create(group=group, title="没点名", starts_at=STARTS, speech=seed_speech, organiser=alice)
    client.force_login(alice)
    text = client.get(url(session, "minutes_markdown")).content.decode()
    assert "- **参加人员**：（未记录）" in text and "（没有发言记录）" in text and "（未填写）" in text


def test_the_ics_has_one_event_with_a_stable_uid_its_time_zone_and_an_alarm(client, held, bob, seed_speech):
    client.force_login(bob)
    first = client.get(url(held, "session_ics"))
    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(first.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    second = icalendar.Calendar.from_ical(client.get(url(held, "session_ics")).content).walk("VEVENT")[0]
    assert str(event["UID"]) == str(second["UID"]) == f"{held.uid}@jingdu"
    start = event.decoded("DTSTART")
    assert start == STARTS and str(start.tzinfo) == "Asia/Shanghai"
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert event.decoded("DTEND") - start == dt.timedelta(minutes=90)
    assert str(event["SUMMARY"]) == "学习新时代工会工作" and str(event["LOCATION"]) == "三楼会议室"
    description = str(event["DESCRIPTION"])
    assert f"http://testserver{seed_speech.get_absolute_url()}#p3" in description
    assert "第 3–5 段" in description
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(hours=1) and str(alarm["ACTION"]) == "DISPLAY"


def test_the_groups_feed_lists_its_sessions_at_the_secret_address(client, held, group, bob, alice, seed_speech):
    other = create_group(bob, "另一个小组")
    recent = timezone.now() - dt.timedelta(days=30)
    Session.objects.filter(pk=held.pk).update(starts_at=recent)
    Session.objects.create(group=other, title="别组的会", starts_at=recent, speech=seed_speech, organiser=bob)
    long_ago = recent - dt.timedelta(days=700)
    Session.objects.create(group=group, title="两年前的会", starts_at=long_ago, speech=seed_speech)
    calendar = GroupCalendar.objects.create(group=group)
    response = client.get(calendar.get_absolute_url())  # no login: calendar apps cannot
    assert response.status_code == 200
    feed = icalendar.Calendar.from_ical(response.content)
    # The group's sessions of the last year and to come; not another group's.
    assert [str(event["SUMMARY"]) for event in feed.walk("VEVENT")] == ["学习新时代工会工作"]
    assert str(feed["X-WR-CALNAME"]) == "工会小组 · 学习会"
    assert client.get(reverse("meetings:calendar_feed", args=[group.slug, "guessed"])).status_code == 404
    other_calendar = GroupCalendar.objects.create(group=other)
    # One group's token does not open another group's feed.
    assert client.get(reverse("meetings:calendar_feed", args=[group.slug, other_calendar.token])).status_code == 404
