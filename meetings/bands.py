"""What the speech page shows of sessions: a band naming the group's next session on the speech, and the
form through which the page records a member's reading progress (static/js/site.js posts it)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from annotations.groups import current_membership

from .models import Session

LONGEST_SESSION = timedelta(hours=12)  # the form allows 720 minutes


@dataclass(frozen=True)
class SpeechBand:
    record_url: str  # POST here: the member opened the speech, and how far they read
    session_url: str = ""  # the group's next (or running) session on this speech, if any
    starts_at: datetime | None = None
    first: int = 0
    last: int = 0
    whole_speech: bool = False


def speech_band(request: HttpRequest, speech) -> SpeechBand | None:
    """For a member of a group: the band, and where to record their reading; None for anyone else."""
    membership = current_membership(request)
    if membership is None:
        return None
    record_url = reverse("meetings:record_progress", args=[speech.slug])
    now = timezone.now()
    candidates = Session.objects.filter(
        group=membership.group, speech=speech, starts_at__gte=now - LONGEST_SESSION
    ).order_by("starts_at", "pk")[:5]
    session = next((candidate for candidate in candidates if candidate.ends_at > now), None)
    if session is None:
        return SpeechBand(record_url=record_url)
    session.group = membership.group
    return SpeechBand(
        record_url=record_url,
        session_url=session.get_absolute_url(),
        starts_at=session.starts_at,
        first=session.first_number,
        last=session.last_number,
        whole_speech=session.whole_speech,
    )
