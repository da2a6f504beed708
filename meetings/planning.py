"""Planning a session (its reading: a speech, a range of paragraphs), its attendance and its calendar feed.

A saved session whose time is new gets its reminders scheduled after the commit (meetings/reminders.py).
"""

from dataclasses import dataclass

from django.db import transaction

from annotations.models import StudyGroup

from . import reminders
from .models import Attendance, GroupCalendar, Session, new_feed_token


@dataclass(frozen=True)
class Plan:
    """What the session form decided, checked against the speech and the group."""

    title: str
    starts_at: object  # an aware datetime
    duration: int
    place: str
    speech: object  # a speeches.models.Speech
    first: int | None
    last: int | None
    leader: object | None  # a user, a member of the group
    questions: str


def save_session(group: StudyGroup, plan: Plan, organiser, session: Session | None = None) -> Session:
    """Create or update a session from a checked plan; reminders follow a new time (after the commit)."""
    creating = session is None
    session = session or Session(group=group, organiser=organiser)
    moved = creating or session.starts_at != plan.starts_at
    for name in ("title", "starts_at", "duration", "place", "speech", "first", "last", "leader", "questions"):
        setattr(session, name, getattr(plan, name))
    with transaction.atomic():
        session.save()
        if moved:
            # A reminder already queued for the old time finds the session moved and sends nothing.
            transaction.on_commit(lambda: reminders.schedule(session))
    return session


@transaction.atomic
def take_attendance(session: Session, members: list, present: set[str]) -> None:
    """Record each current member as present (their username is in `present`) or absent."""
    for user in members:
        Attendance.objects.update_or_create(
            session=session, user=user, defaults={"present": user.get_username() in present}
        )


def rotate_feed(group: StudyGroup) -> GroupCalendar:
    """A new secret address for the group's calendar feed; the old one stops working at once."""
    calendar, _ = GroupCalendar.objects.get_or_create(group=group)
    calendar.token = new_feed_token()
    calendar.save(update_fields=["token"])
    return calendar
