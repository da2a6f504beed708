import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from speeches import search

MAX_NOTE_CHARS = 5000
MAX_QUOTE_CHARS = 1000
QUOTE_CONTEXT_CHARS = 32


def new_invite_token() -> str:
    """32 random URL-safe characters (192 bits): unguessable, and short enough to share."""
    return secrets.token_urlsafe(24)


class StudyGroupQuerySet(models.QuerySet):
    def for_member(self, user) -> "StudyGroupQuerySet":
        """The groups `user` belongs to (none for a visitor who is not signed in)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class StudyGroup(models.Model):
    """A study group (学习小组) that reads speeches together; its notes belong to it."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True, allow_unicode=False)
    description = models.TextField(blank=True, max_length=2000)
    invite_token = models.CharField(max_length=64, unique=True, default=new_invite_token)
    created_at = models.DateTimeField(default=timezone.now)

    objects = StudyGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("study group")
        verbose_name_plural = _("study groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("annotations:group_detail", args=[self.slug])

    def get_invite_url(self) -> str:
        return reverse("annotations:group_join", args=[self.invite_token])

    @staticmethod
    def slug_for(name: str) -> str:
        """An ASCII slug: the name's Latin part if it has one, and a random suffix so it is unique."""
        base = slugify(name)[:40].strip("-") or "group"
        return f"{base}-{secrets.token_hex(3)}"


class Membership(models.Model):
    """A user's place in a study group: organiser or member."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        MEMBER = "member", _("Member")

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    # The group a member last chose to read with is their current group, on every device.
    selected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_unique_user_per_group"),
            models.CheckConstraint(condition=Q(role__in=["organiser", "member"]), name="membership_role_valid"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.role})"

    @property
    def is_organiser(self) -> bool:
        return self.role == self.Role.ORGANISER


def fold_note(body: str, exact: str) -> str:
    return search.fold(f"{body}\n{exact}")


class NoteQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NoteQuerySet":
        """Notes `user` may read: group notes of their groups, and their own private notes."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(group__memberships__user=user).filter(Q(visibility=Note.Visibility.GROUP) | Q(author=user))

    def editable_by(self, user) -> "NoteQuerySet":
        """Only the author edits a note, while still in its group, and while its words are in the speech."""
        return self.visible_to(user).filter(author=user, paragraph__isnull=False)

    def deletable_by(self, user) -> "NoteQuerySet":
        """The author, in any group they were ever in (a removed member can still delete their notes), or
        an organiser of the note's group (group notes only: private ones stay the author's)."""
        if not user.is_authenticated:
            return self.none()
        organiser_of = Membership.objects.filter(user=user, role=Membership.Role.ORGANISER).values("group")
        return self.filter(Q(author=user) | Q(group__in=organiser_of, visibility=Note.Visibility.GROUP))

    def written_by(self, user) -> "NoteQuerySet":
        """A user's own notes in every group, current or former, private ones included."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user)

    def add(
        self,
        *,
        author,
        group,
        paragraph,
        body: str,
        visibility: str,
        parent: "Note | None",
        submission: str = "",
        quote=None,
        question: bool = False,
    ) -> "Note":
        """A new note. A reply joins its parent's group and visibility; replies to replies attach to the top.

        `quote` (an anchoring.Quote) anchors a top-level note to words of the paragraph; replies follow
        their parent, and only a top-level note can be a question (`question`, "这是个问题").
        `submission` is the form's one-time token: sent again (a double click, a retried
        request), it returns the note the first sending made instead of a second one.
        """
        if submission and (first := self.filter(author=author, submission=submission).first()):
            return first
        if parent is not None:
            while parent.parent_id is not None:
                parent = parent.parent
            group, visibility = parent.group, parent.visibility
            quote, question = None, False
        anchor = {}
        if quote is not None:
            anchor = {
                "exact": quote.exact,
                "original_exact": quote.exact,
                "prefix": quote.prefix,
                "suffix": quote.suffix,
                "start": quote.start,
                "end": quote.end,
            }
        try:
            with transaction.atomic():
                return self.create(
                    author=author,
                    group=group,
                    paragraph=paragraph,
                    body=body,
                    visibility=visibility,
                    parent=parent,
                    submission=submission or None,
                    is_question=question,
                    **anchor,
                )
        except IntegrityError:
            # The same submission arrived twice at once: the other request stored it first.
            if submission and (first := self.filter(author=author, submission=submission).first()):
                return first
            raise

    def for_group_record(self) -> "NoteQuerySet":
        """What the group's notebook and exports hold: group notes (private notes stay private)."""
        return self.filter(visibility=Note.Visibility.GROUP)


class Note(models.Model):
    """A member's note on a paragraph, shared with their group or private; replies go one level deep."""

    class Visibility(models.TextChoices):
        GROUP = "group", _("Visible to the group")
        PRIVATE = "private", _("Only visible to me")

    class Anchoring(models.TextChoices):
        """Where a note's words stand after the speech was corrected (annotations/anchoring.py)."""

        EXACT = "exact", _("Exact")
        MOVED = "moved", _("Moved")
        FUZZY = "fuzzy", _("Changed a little")
        ORPHANED = "orphaned", _("Orphaned")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes")
    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="notes")
    # A note outlives its paragraph: a re-import that removes the paragraph orphans the note (paragraph
    # null, anchoring "orphaned"), and the speech and the paragraph's last number say where it was.
    speech = models.ForeignKey("speeches.Speech", on_delete=models.PROTECT, related_name="notes")
    paragraph = models.ForeignKey(
        "speeches.Paragraph", on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    paragraph_number = models.PositiveIntegerField(help_text=_("The number of the paragraph when last anchored."))
    # A quote anchor (a few words of the paragraph), as the W3C TextQuoteSelector and TextPositionSelector
    # describe them: offsets in code points into the paragraph's text. Empty for a note on the paragraph.
    exact = models.TextField(blank=True, max_length=MAX_QUOTE_CHARS)
    prefix = models.CharField(max_length=QUOTE_CONTEXT_CHARS, blank=True)
    suffix = models.CharField(max_length=QUOTE_CONTEXT_CHARS, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    anchoring = models.CharField(max_length=10, choices=Anchoring.choices, default=Anchoring.EXACT)
    # The quote as first written, kept forever: a fuzzy anchor's exact is the new wording.
    original_exact = models.TextField(blank=True, max_length=MAX_QUOTE_CHARS)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    body = models.TextField(max_length=MAX_NOTE_CHARS)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.GROUP)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # The one-time token of the form that created the note (null for notes made otherwise).
    submission = models.CharField(max_length=64, null=True, blank=True, editable=False)
    # The note's text and its quote, folded as the search folds them, for note search in SQL
    # (annotations/note_search.py): set on every save, and wherever a quote's words change.
    folded = models.TextField(blank=True, editable=False)
    # A question for the group's study session (讨论时想问的问题); an organiser resolves it with a conclusion.
    is_question = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    conclusion = models.TextField(blank=True, max_length=MAX_NOTE_CHARS)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # A highlight (划线) is a quote without words of its own; any other note has a body.
            models.CheckConstraint(condition=~Q(body="") | ~Q(exact=""), name="note_body_or_quote"),
            models.CheckConstraint(
                condition=Q(anchoring__in=["exact", "moved", "fuzzy", "orphaned"]), name="note_anchoring_valid"
            ),
            models.CheckConstraint(condition=Q(visibility__in=["group", "private"]), name="note_visibility_valid"),
            models.UniqueConstraint(
                fields=["author", "submission"],
                condition=Q(submission__isnull=False),
                name="note_unique_submission_per_author",
            ),
            # Only a question is resolved, and a conclusion is what resolving it says.
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(is_question=True), name="note_only_questions_resolved"
            ),
            models.CheckConstraint(
                condition=Q(conclusion="") | Q(resolved_at__isnull=False), name="note_conclusion_when_resolved"
            ),
        ]
        indexes = [
            models.Index(fields=["group", "paragraph"], name="note_group_paragraph_idx"),
            models.Index(fields=["speech", "group"], name="note_speech_group_idx"),
            models.Index(fields=["author"], name="note_author_idx"),
            # Note search's `folded LIKE '%term%'` has a trigram GIN index on PostgreSQL (pg_trgm), made by
            # annotations/migrations/0006_note_folded_text.py there only: SQLite has no GIN, and would try to
            # make it whenever it rebuilds the table if the index were declared here.
        ]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"{self.author} on {self.speech.slug} ¶{self.paragraph_number}: {(self.body or self.exact)[:30]}"

    def save(self, *args, **kwargs):
        if self.paragraph is not None:  # where the note stands, kept for the day its paragraph goes
            self.speech_id, self.paragraph_number = self.paragraph.speech_id, self.paragraph.number
        self.folded = self.folded_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"body", "exact"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "folded"}
        super().save(*args, **kwargs)

    def folded_text(self) -> str:
        """What note search matches: the note's text and its quote, folded (traditional → simplified, …)."""
        return fold_note(self.body, self.exact)

    @property
    def is_highlight(self) -> bool:
        return bool(self.exact) and not self.body

    @property
    def is_orphaned(self) -> bool:
        return self.anchoring == self.Anchoring.ORPHANED

    def get_absolute_url(self) -> str:
        return reverse("annotations:note_detail", args=[self.pk])

    @property
    def anchor(self) -> str:
        return f"note-{self.pk}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def is_private(self) -> bool:
        return self.visibility == self.Visibility.PRIVATE

    @property
    def modified_at(self):
        return self.edited_at or self.created_at

    # The Python twins of NoteQuerySet.editable_by and deletable_by, for notes already shown to the
    # user: the page asks them once per note instead of repeating the rules in templates.
    def can_be_edited_by(self, user) -> bool:
        return user.is_authenticated and self.author_id == user.pk and self.paragraph_id is not None

    def can_be_deleted_by(self, user, membership: "Membership | None") -> bool:
        organiser_here = membership is not None and membership.is_organiser and membership.group_id == self.group_id
        own = user.is_authenticated and self.author_id == user.pk
        return own or (organiser_here and self.visibility == self.Visibility.GROUP)


class QuestionVote(models.Model):
    """A member's "我也想问" on a question: one per member and question, toggled."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_votes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "user"], name="question_vote_once_per_member")]
        verbose_name = _("“me too” on a question")
        verbose_name_plural = _("“me too” on questions")

    def __str__(self) -> str:
        return f"{self.user} also asks {self.note_id}"
