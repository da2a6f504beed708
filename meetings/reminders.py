"""Reminders by e-mail, 24 hours before a session, to members who gave an address and did not turn them off.

`schedule` queues the task `send_reminders` to run at that time (django-tasks' `run_after`; the worker is
django-tasks-db's `manage.py db_worker`). The task checks when it runs: a session deleted since, or moved
to another time (the move queued a task of its own), gets nothing; and each start time is reminded once.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from annotations.models import Membership

from . import questions as question_rules
from .agenda import discussion_questions
from .models import MemberSettings, Session

logger = logging.getLogger(__name__)

REMIND_BEFORE = timedelta(hours=24)
OPEN_QUESTIONS_IN_MAIL = 10


def reminder_time(session: Session, now: datetime) -> datetime | None:
    """24 hours before the session; at once for a session planned less than a day ahead; never for a past one."""
    if session.starts_at <= now:
        return None
    return max(session.starts_at - REMIND_BEFORE, now)


def schedule(session: Session) -> None:
    """Queue the session's reminders for their time (called after the commit that saved the session)."""
    when = reminder_time(session, timezone.now())
    if when is None:
        return
    if not send_reminders.get_backend().supports_defer:
        # The immediate backend (TASKS_IMMEDIATE=1, the tests) cannot hold a task until later, and sending
        # the reminder a day early would be wrong: no reminder then.
        logger.info("tasks backend cannot run a task later: no reminder queued for session %s", session.pk)
        return
    send_reminders.using(run_after=when).enqueue(session.pk, session.starts_at.isoformat())


@task()
def send_reminders(session_id: int, starts_at: str) -> int:
    """The queued task: remind the members of session `session_id`, if it still starts at `starts_at`."""
    return remind(session_id, datetime.fromisoformat(starts_at))


def remind(session_id: int, starts_at: datetime) -> int:
    """Send the reminders of a session that still starts at `starts_at` and was not reminded for it yet.

    Returns how many were sent. The session is claimed for that time first (`reminded_for`, one UPDATE
    committed at once: a second task for the same time finds it claimed), and released if sending fails,
    so that no transaction, and on SQLite no write lock, is held while the mail server answers.
    """
    claimed = (
        Session.objects.filter(pk=session_id, starts_at=starts_at)
        .exclude(reminded_for=starts_at)
        .update(reminded_for=starts_at)
    )
    if not claimed:  # deleted, moved to another time, or reminded already
        return 0
    try:
        session = Session.objects.select_related("group", "speech", "leader").get(pk=session_id)
        shared = reminder_context(session)
        messages = [reminder_message(shared, user) for user in recipients(session)]
        if messages:
            with get_connection() as connection:
                connection.send_messages(messages)
    except Exception:
        Session.objects.filter(pk=session_id, reminded_for=starts_at).update(reminded_for=None)
        raise
    return len(messages)


def recipients(session: Session) -> list:
    """Members of the session's group with an e-mail address who did not turn reminders off."""
    opted_out = MemberSettings.objects.filter(reminders=False).values("user")
    memberships = (
        Membership.objects.filter(group=session.group)
        .exclude(user__email="")
        .exclude(user__in=opted_out)
        .select_related("user")
        .order_by("user__username")
    )
    return [membership.user for membership in memberships]


def reminder_context(session: Session) -> dict:
    """What every member's reminder of the session says alike: read once per session, not once per member."""
    site = settings.SITE_URL.rstrip("/")
    return {
        "session": session,
        "starts_at": timezone.localtime(session.starts_at),
        "reading_url": site + session.reading_path,
        "session_url": site + session.get_absolute_url(),
        "settings_url": site + reverse("meetings:settings"),
        "discussion": discussion_questions(session.questions),
        "open_questions": question_rules.open_questions(session)[:OPEN_QUESTIONS_IN_MAIL],
    }


def reminder_message(shared: dict, user) -> EmailMessage:
    """One member's reminder: time, place, the reading with its link, the discussion and open questions."""
    with translation.override(settings.LANGUAGE_CODE):
        context = shared | {"user": user}
        subject = " ".join(render_to_string("meetings/reminder_subject.txt", context).split())
        body = render_to_string("meetings/reminder_email.txt", context)
    return EmailMessage(subject, body, to=[user.email])
