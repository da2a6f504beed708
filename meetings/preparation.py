"""Reading progress and each member's preparation for a session.

The speech page records, for a signed-in member, that they opened a speech and the furthest paragraph
shown on their screen (static/js/site.js posts it; without JavaScript, the session page's "Read" button
records the opening). Organisers see each member's preparation; a member sees only their own, and one
who hides theirs counts only in the totals.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from annotations.models import Membership

from .models import MemberSettings, ReadingProgress, Session
from .questions import reading_notes


def record_reading(user, speech, furthest: int | None = None) -> None:
    """`user` opened `speech` (now, unless they had before) and saw paragraphs up to `furthest`."""
    progress, _ = ReadingProgress.objects.get_or_create(user=user, speech=speech)
    if furthest is not None and furthest > progress.furthest:
        count = speech.paragraphs.count()
        ReadingProgress.objects.filter(pk=progress.pk).update(
            furthest=Greatest("furthest", min(furthest, count)), updated_at=timezone.now()
        )


@dataclass(frozen=True)
class MemberPreparation:
    username: str
    opened: bool
    finished: bool  # saw the reading's last paragraph
    notes: int  # shared notes and replies on the reading, questions included
    questions: int


@dataclass(frozen=True)
class Preparation:
    rows: tuple[MemberPreparation, ...]  # what the viewer may see: everyone's not hidden, or their own
    members: int
    opened: int
    finished: int
    notes: int
    questions: int
    hidden: int  # members whose rows are hidden from the organiser
    for_organiser: bool


def preparation(session: Session, viewer: Membership) -> Preparation:
    """The members' preparation for the session's reading, as `viewer` may see it (four queries)."""
    memberships = list(session.group.memberships.select_related("user").order_by("user__username"))
    user_ids = [membership.user_id for membership in memberships]
    progress = {
        row.user_id: row for row in ReadingProgress.objects.filter(speech_id=session.speech_id, user_id__in=user_ids)
    }
    written = {
        row["author_id"]: row
        for row in reading_notes(session)
        .filter(created_at__lte=session.ends_at)
        .values("author_id")
        .annotate(notes=Count("pk"), questions=Count("pk", filter=Q(is_question=True, parent=None)))
    }
    hiding = set(
        MemberSettings.objects.filter(user_id__in=user_ids, hide_preparation=True).values_list("user_id", flat=True)
    )
    last = session.last_number
    everyone = []
    for membership in memberships:
        seen = progress.get(membership.user_id)
        counts = written.get(membership.user_id, {})
        everyone.append(
            (
                membership.user_id,
                MemberPreparation(
                    username=membership.user.get_username(),
                    opened=seen is not None,
                    finished=seen is not None and seen.furthest >= last,
                    notes=counts.get("notes", 0),
                    questions=counts.get("questions", 0),
                ),
            )
        )
    if viewer.is_organiser:
        rows = tuple(row for user_id, row in everyone if user_id not in hiding or user_id == viewer.user_id)
    else:
        rows = tuple(row for user_id, row in everyone if user_id == viewer.user_id)
    all_rows = [row for _, row in everyone]
    return Preparation(
        rows=rows,
        members=len(all_rows),
        opened=sum(row.opened for row in all_rows),
        finished=sum(row.finished for row in all_rows),
        notes=sum(row.notes for row in all_rows),
        questions=sum(row.questions for row in all_rows),
        hidden=len(hiding - {viewer.user_id}) if viewer.is_organiser else 0,
        for_organiser=viewer.is_organiser,
    )
