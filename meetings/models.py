"""A group's study sessions (学习会), who attended, and what members record of their reading.

Permissions live on the querysets: `Session.objects.visible_to(user)` (members of the session's group),
`Session.objects.organised_by(user)` (its organisers).
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from annotations.models import Membership, StudyGroup

MAX_QUESTIONS_CHARS = 5000
MAX_SUMMARY_CHARS = 20000
DEFAULT_DURATION = 120  # minutes


def new_feed_token() -> str:
    """32 random URL-safe characters: a calendar app's secret address, unguessable."""
    return secrets.token_urlsafe(24)


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SessionQuerySet":
        """Sessions of the groups `user` belongs to (none for a visitor)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(group__memberships__user=user)

    def organised_by(self, user) -> "SessionQuerySet":
        """Sessions `user` may plan, edit and keep the record of: those of the groups they organise."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(group__memberships__user=user, group__memberships__role=Membership.Role.ORGANISER)

    def upcoming(self, now=None) -> "SessionQuerySet":
        return self.filter(starts_at__gte=(now or timezone.now())).order_by("starts_at", "pk")

    def past(self, now=None) -> "SessionQuerySet":
        return self.filter(starts_at__lt=(now or timezone.now())).order_by("-starts_at", "-pk")


class Session(models.Model):
    """A study session (学习会) of a group on a speech, or a range of its paragraphs."""

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration = models.PositiveSmallIntegerField(_("duration in minutes"), default=DEFAULT_DURATION)
    place = models.CharField(_("place"), max_length=300, blank=True)
    # A session keeps its speech: a speech with sessions cannot be deleted for good (archive it instead).
    speech = models.ForeignKey("speeches.Speech", on_delete=models.PROTECT, related_name="sessions")
    first = models.PositiveIntegerField(null=True, blank=True)  # the reading's first paragraph; none: from 1
    last = models.PositiveIntegerField(null=True, blank=True)  # its last; none: to the end of the speech
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    questions = models.TextField(_("discussion questions"), blank=True, max_length=MAX_QUESTIONS_CHARS)
    summary = models.TextField(_("summary"), blank=True, max_length=MAX_SUMMARY_CHARS)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The calendar UID: the same event in every .ics and feed, whatever the host's name.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # The start time the reminders were sent for: a reminder task sends only once per start time.
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first__isnull=True) | Q(last__isnull=True) | Q(first__lte=models.F("last")),
                name="session_range_in_order",
            ),
            models.CheckConstraint(condition=Q(duration__gte=1), name="session_lasts"),
        ]
        indexes = [models.Index(fields=["group", "starts_at"], name="session_group_time_idx")]
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:session_detail", args=[self.group.slug, self.pk])

    @property
    def reading_path(self) -> str:
        """The speech page at the reading's first paragraph."""
        return self.speech.get_absolute_url() + (f"#p{self.first}" if self.first else "")

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration)

    @property
    def first_number(self) -> int:
        return self.first or 1

    @property
    def last_number(self) -> int:
        """The reading's last paragraph (the speech's last when no range was given)."""
        if self.last:
            return self.last
        if not hasattr(self, "_speech_length"):
            self._speech_length = self.speech.paragraphs.count()
        return self._speech_length

    @property
    def whole_speech(self) -> bool:
        return self.first is None and self.last is None


class Attendance(models.Model):
    """Whether a member was at a session, as the organiser ticked it afterwards."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField()

    class Meta:
        ordering = ["user__username"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="attendance_once_per_member")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")


class ReadingProgress(models.Model):
    """How far a signed-in member has read a speech: opened, and the furthest paragraph shown on screen.

    The privacy notice (templates/meetings/privacy.html) says what is recorded and who sees it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_progress")
    speech = models.ForeignKey("speeches.Speech", on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    furthest = models.PositiveIntegerField(default=0)  # a paragraph number; 0: opened, none seen yet
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "speech"], name="reading_progress_once_per_speech")]
        verbose_name = _("reading progress")
        verbose_name_plural = _("reading progress")


class MemberSettings(models.Model):
    """A member's choices about sessions: reminders by e-mail, and whether organisers see their preparation."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_settings")
    reminders = models.BooleanField(_("e-mail reminders"), default=True)
    hide_preparation = models.BooleanField(_("hide my preparation"), default=False)

    class Meta:
        verbose_name = _("session settings")
        verbose_name_plural = _("session settings")

    @classmethod
    def of(cls, user) -> "MemberSettings":
        """The user's settings, or the defaults (unsaved) when they never changed them."""
        return cls.objects.filter(user=user).first() or cls(user=user)


class GroupCalendar(models.Model):
    """The secret address of a group's calendar feed, which calendar apps fetch without logging in."""

    group = models.OneToOneField(StudyGroup, on_delete=models.CASCADE, related_name="calendar")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    class Meta:
        verbose_name = _("group calendar")
        verbose_name_plural = _("group calendars")

    def get_absolute_url(self) -> str:
        return reverse("meetings:calendar_feed", args=[self.group.slug, self.token])
