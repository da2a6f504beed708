"""Records built in code for tests."""

import datetime

from django.utils import timezone

from speeches import revision
from speeches.models import Paragraph, Speech


def make_speech(slug: str, paragraphs: list[str], title: str = "测试讲话"):
    """A speech built in code, with its paragraphs numbered from 1, stamped with a new library revision as
    speeches/actions.py would stamp it, but neither indexed nor announced (tests that need those publish)."""
    speech = Speech.objects.create(
        revision=revision.bump(),
        slug=slug,
        title=title,
        date=datetime.date(2024, 1, 1),
        source_file=f"{slug}.txt",
        checksum=slug,
        imported_at=timezone.now(),
    )
    Paragraph.objects.bulk_create(
        Paragraph(speech=speech, number=number, text=text) for number, text in enumerate(paragraphs, start=1)
    )
    return speech


def make_note(author, group, paragraph, body="这一段讲得好。", **fields):
    from annotations.models import Note

    return Note.objects.create(author=author, group=group, paragraph=paragraph, body=body, **fields)


def make_session(group, speech, organiser, *, days_ahead: int = 2, **fields):
    """A study session of the group on the speech, `days_ahead` days from now."""
    from meetings.models import Session

    values = {"title": "十二月学习会", "starts_at": timezone.now() + datetime.timedelta(days=days_ahead)} | fields
    return Session.objects.create(group=group, speech=speech, organiser=organiser, **values)
