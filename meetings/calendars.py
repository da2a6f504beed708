"""Sessions as iCalendar (RFC 5545), written with the icalendar library: one session's .ics, and the
group's feed that calendar apps subscribe to at its secret address."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from .agenda import range_label
from .models import Session

PRODID = "-//Jingdu 精读//Study sessions//ZH"
ALARM_BEFORE = timedelta(hours=1)
FEED_PAST = timedelta(days=365)  # the feed keeps a year of past sessions


def _calendar(name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def session_event(session: Session, absolute) -> Event:
    """One VEVENT: a UID that stays the same across exports, the start in its time zone, an alarm an hour before."""
    speech = session.speech
    reading_url = absolute(session.reading_path)
    session_url = absolute(session.get_absolute_url())
    reading = range_label(session.whole_speech, session.first_number, session.last_number)
    description = [f"学习内容：《{speech.title}》{reading}", f"原文：{reading_url}"]
    if session.leader:
        description.append(f"领学人：{session.leader.get_username()}")
    description.append(f"学习会：{session_url}")
    event = Event()
    event.add("uid", f"{session.uid}@jingdu")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(session.starts_at))
    event.add("dtend", timezone.localtime(session.ends_at))
    event.add("summary", session.title)
    if session.place:
        event.add("location", session.place)
    event.add("description", "\n".join(description))
    event.add("url", session_url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", session.title)
    alarm.add("trigger", -ALARM_BEFORE)
    event.add_component(alarm)
    return event


def session_ics(session: Session, absolute) -> bytes:
    calendar = _calendar()
    calendar.add_component(session_event(session, absolute))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def group_feed(group, absolute) -> bytes:
    """The group's sessions from a year ago on, for calendar apps."""
    calendar = _calendar(f"{group.name} · 学习会")
    sessions = (
        Session.objects.filter(group=group, starts_at__gte=timezone.now() - FEED_PAST)
        .select_related("group", "speech", "leader")
        .order_by("starts_at", "pk")
    )
    for session in sessions:
        calendar.add_component(session_event(session, absolute))
    calendar.add_missing_timezones()
    return calendar.to_ical()
