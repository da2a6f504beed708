"""Reminders 24 hours before a session: scheduled as a task with run_after when a session is planned or
moved (checked in the stored task row, with django-tasks-db's database backend), sent through Django's
e-mail backend (locmem here, and once a real SMTP server started in the test), never for a session
that moved or went; and the sign-up's optional e-mail address they go to."""

import datetime as dt
import email
import os
import socket
import subprocess
import sys
from email.policy import default as default_policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from meetings.models import MemberSettings, Session
from meetings.reminders import REMIND_BEFORE, remind
from tests.factories import make_note

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SHANGHAI = ZoneInfo("Asia/Shanghai")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASK_PATH = "meetings.reminders.send_reminders"


@pytest.fixture
def addresses(alice, bob, charlie):
    """Everyone gave an address; charlie is in no group."""
    for user in (alice, bob, charlie):
        user.email = f"{user.username}@example.org"
        user.save()


def form_data(speech, starts_at, **fields):
    return {"title": "十二月学习会", "starts_at": starts_at, "speech": speech.slug, "first": "3", "last": "7",
            "place": "三楼会议室", **fields}  # fmt: skip


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# ---------------------------------------------------------------- scheduling


def test_planning_a_session_schedules_its_reminder_a_day_before(
    client, settings, alice, group, seed_speech, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    client.force_login(alice)
    starts = (timezone.now() + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:session_create", args=[group.slug]), form_data(seed_speech, local(starts)))
    session = Session.objects.get()
    task = DBTaskResult.objects.get()
    assert task.task_path == TASK_PATH
    assert task.run_after == starts - REMIND_BEFORE
    session_id, scheduled_for = task.args_kwargs["args"]
    assert session_id == session.pk and dt.datetime.fromisoformat(scheduled_for) == session.starts_at == starts
    assert task.status == "READY"


def test_moving_a_session_schedules_again_and_the_old_reminder_sends_nothing(
    client, settings, alice, bob, addresses, group, seed_speech, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    client.force_login(alice)
    starts = (timezone.now() + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    create = reverse("meetings:session_create", args=[group.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(create, form_data(seed_speech, local(starts)))
    session = Session.objects.get()
    edit = reverse("meetings:session_edit", args=[group.slug, session.pk])
    with django_capture_on_commit_callbacks(execute=True):  # a new title only: no new reminder
        client.post(edit, form_data(seed_speech, local(starts), title="改个名字"))
    assert DBTaskResult.objects.count() == 1
    later = starts + dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, form_data(seed_speech, local(later)))
    old, new = DBTaskResult.objects.order_by("run_after")
    assert new.run_after == later - REMIND_BEFORE
    # The first reminder's time comes: the session has moved, so it sends nothing; the new one sends.
    old_id, old_time = old.args_kwargs["args"]
    new_id, new_time = new.args_kwargs["args"]
    assert remind(old_id, dt.datetime.fromisoformat(old_time)) == 0
    assert mail.outbox == []
    assert remind(new_id, dt.datetime.fromisoformat(new_time)) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "bob@example.org"]


def test_a_session_planned_less_than_a_day_ahead_is_reminded_at_once_and_a_past_one_never(
    client, settings, alice, group, seed_speech, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    client.force_login(alice)
    create = reverse("meetings:session_create", args=[group.slug])
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(create, form_data(seed_speech, local(timezone.now() + dt.timedelta(hours=5))))
        client.post(create, form_data(seed_speech, "2023-11-02T09:00", title="补录"))
    assert Session.objects.count() == 2
    task = DBTaskResult.objects.get()
    assert before <= task.run_after <= timezone.now()


def test_with_the_immediate_backend_no_reminder_is_queued(
    client, alice, group, seed_speech, django_capture_on_commit_callbacks
):
    """The tests' ImmediateBackend cannot hold a task until later: planning works, and nothing is sent a day early."""
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:session_create", args=[group.slug]),
            form_data(seed_speech, local(timezone.now() + dt.timedelta(days=3))),
        )
    assert response.status_code == 302 and mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_a_due_reminder(settings, alice, bob, addresses, group, seed_speech):
    """django-tasks-db's `db_worker` runs the queued task when its time has come."""
    settings.TASKS = DATABASE_TASKS
    session = Session.objects.create(
        group=group, title="明天的学习会", starts_at=timezone.now() + dt.timedelta(hours=2), speech=seed_speech
    )
    from meetings.reminders import schedule

    schedule(session)
    DBTaskResult.objects.update(run_after=timezone.now() - dt.timedelta(seconds=1))
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    task = DBTaskResult.objects.get()
    assert task.status == "SUCCESSFUL" and task.return_value == 2
    assert len(mail.outbox) == 2


# ---------------------------------------------------------------- sending


@pytest.fixture
def planned(group, alice, bob, seed_speech):
    session = Session.objects.create(
        group=group,
        title="十二月学习会",
        starts_at=dt.datetime(2030, 12, 12, 14, 30, tzinfo=SHANGHAI),
        place="三楼会议室",
        speech=seed_speech,
        first=3,
        last=7,
        leader=bob,
        organiser=alice,
        questions="p3: 如何理解“国之大者”？",
    )
    p4 = seed_speech.paragraphs.get(number=4)
    make_note(bob, group, p4, "“娘家人”怎么当？", is_question=True)
    settled = make_note(alice, group, p4, "已经讨论过的", is_question=True)
    settled.resolved_at = timezone.now()
    settled.conclusion = "结论"
    settled.save()
    make_note(bob, group, p4, "只问自己", is_question=True, visibility="private")
    return session


def test_the_reminder_lists_the_reading_and_the_open_questions(settings, planned, addresses, seed_speech):
    settings.SITE_URL = "https://jingdu.example.org"
    assert remind(planned.pk, planned.starts_at) == 2
    message = next(m for m in mail.outbox if m.to == ["bob@example.org"])
    assert message.subject == "学习会提醒：十二月学习会，2030-12-12 14:30"
    body = message.body
    assert "bob，你好" in body and "“工会小组”将在 24 小时后举行学习会" in body
    assert "地点: 三楼会议室" in body and "领学人: bob" in body
    assert f"《{seed_speech.title}》 第 3–7 段" in body
    assert f"https://jingdu.example.org{seed_speech.get_absolute_url()}#p3" in body
    assert "1. 如何理解“国之大者”？ (¶3)" in body
    assert "- “娘家人”怎么当？ (¶4, bob)" in body
    assert "已经讨论过的" not in body and "只问自己" not in body
    assert f"https://jingdu.example.org{planned.get_absolute_url()}" in body
    assert "https://jingdu.example.org" + reverse("meetings:settings") in body
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_only_members_with_an_address_who_want_reminders_get_one(planned, alice, bob, charlie, addresses, dora):
    MemberSettings.objects.create(user=bob, reminders=False)
    assert remind(planned.pk, planned.starts_at) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "dora@example.org"]


def test_each_start_time_is_reminded_once_and_a_deleted_session_never(planned, addresses):
    assert remind(planned.pk, planned.starts_at) == 2
    assert remind(planned.pk, planned.starts_at) == 0, "a second task for the same time sends nothing"
    session_id = planned.pk
    planned.delete()
    assert remind(session_id, planned.starts_at) == 0
    assert len(mail.outbox) == 2


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_failed_sending_leaves_the_reminder_to_be_sent_again(settings, planned, addresses):
    settings.EMAIL_BACKEND = "tests.test_meetings_reminders.RefusingBackend"
    with pytest.raises(ConnectionRefusedError):
        remind(planned.pk, planned.starts_at)
    planned.refresh_from_db()
    assert planned.reminded_for is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert remind(planned.pk, planned.starts_at) == 2


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_reminder_reaches_a_real_smtp_server(settings, planned, addresses):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        assert remind(planned.pk, planned.starts_at) == 2
    finally:
        controller.stop()
    assert sorted(tuple(envelope.rcpt_tos) for envelope in inbox.envelopes) == [
        ("alice@example.org",),
        ("bob@example.org",),
    ]
    message = email.message_from_bytes(inbox.envelopes[0].content, policy=default_policy)
    assert str(message["Subject"]).strip() == "学习会提醒：十二月学习会，2030-12-12 14:30"
    assert "三楼会议室" in message.get_content()


def test_e_mail_settings_come_from_the_environment():
    """EMAIL_URL (or EMAIL_HOST and the rest) configures SMTP; with DEBUG on and neither, the console."""

    def email_settings(**environment):
        script = (
            "from django.conf import settings as s; "
            "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, "
            "s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.DEFAULT_FROM_EMAIL, sep='|')"
        )
        env = {key: value for key, value in os.environ.items() if not key.startswith("EMAIL")}
        env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0", **environment})
        done = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {script}"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        return done.stdout.strip().split("|") if done.returncode == 0 else done.stderr

    smtp = "django.core.mail.backends.smtp.EmailBackend"
    assert email_settings(EMAIL_URL="smtp://jingdu%40example.org:p%40ss@mail.example.org:587?tls=1") == [
        smtp, "mail.example.org", "587", "jingdu@example.org", "p@ss", "True", "False",
        "精读 Jingdu <jingdu@localhost>",
    ]  # fmt: skip
    assert email_settings(EMAIL_URL="smtps://mail.example.org", DEFAULT_FROM_EMAIL="学习会 <noreply@example.org>") == [
        smtp, "mail.example.org", "465", "", "", "False", "True", "学习会 <noreply@example.org>",
    ]  # fmt: skip
    assert email_settings(EMAIL_HOST="relay.internal", EMAIL_PORT="2525")[:3] == [smtp, "relay.internal", "2525"]
    assert email_settings(DEBUG="1")[0] == "django.core.mail.backends.console.EmailBackend"
    assert "EMAIL_URL must start with" in email_settings(EMAIL_URL="ftp://nowhere")


# ---------------------------------------------------------------- the address: asked at sign-up


def test_sign_up_asks_for_an_optional_e_mail_address(client, django_user_model):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert 'name="email"' in page and "电子邮箱（选填）" in page
    password = "wide river 2024!"
    response = client.post(
        reverse("accounts:signup"),
        {"username": "erin", "email": "erin@example.org", "password1": password, "password2": password},
    )
    assert response.status_code == 302
    assert django_user_model.objects.get(username="erin").email == "erin@example.org"
    client.logout()
    client.post(reverse("accounts:signup"), {"username": "fang", "password1": password, "password2": password})
    assert django_user_model.objects.get(username="fang").email == ""
    client.logout()
    response = client.post(
        reverse("accounts:signup"),
        {"username": "gao", "email": "not-an-address", "password1": password, "password2": password},
    )
    assert response.status_code == 422
    assert not django_user_model.objects.filter(username="gao").exists()
