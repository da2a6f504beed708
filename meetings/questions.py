"""Members' questions on a session's reading: listing them, "我也想问", resolving, and the confusion report.

A question is a note asked as one (Note.is_question), shared with the group, on a paragraph of the reading.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone

from annotations.models import Note, QuestionVote

from .models import Session


def reading_notes(session: Session):
    """The group's shared notes (replies included) on the session's paragraphs: what the session works with."""
    return Note.objects.for_group_record().filter(
        group_id=session.group_id,
        speech_id=session.speech_id,
        paragraph_number__gte=session.first_number,
        paragraph_number__lte=session.last_number,
    )


def session_questions(session: Session):
    """The reading's questions, open ones first, then by "我也想问", then oldest first."""
    return (
        reading_notes(session)
        .filter(is_question=True, parent=None)
        .annotate(
            me_too=Count("votes"),
            is_open=ExpressionWrapper(Q(resolved_at__isnull=True), output_field=BooleanField()),
        )
        .select_related("author", "resolved_by")
        .order_by("-is_open", "-me_too", "created_at", "pk")
    )


def open_questions(session: Session) -> list[Note]:
    return list(session_questions(session).filter(resolved_at__isnull=True))


@dataclass(frozen=True)
class QuestionItem:
    """A question as the session page shows it to one member."""

    note: Note
    me_too: int
    voted: bool  # this member asks it too
    own: bool  # this member asked it (one does not "also ask" one's own question)
    conclusion_form: object = None  # for organisers: the form that resolves it

    @property
    def anchor(self) -> str:
        return f"question-{self.note.pk}"


def question_items(session: Session, user) -> list[QuestionItem]:
    notes = list(session_questions(session))
    voted = set(QuestionVote.objects.filter(user=user, note__in=[n.pk for n in notes]).values_list("note", flat=True))
    return [
        QuestionItem(note=note, me_too=note.me_too, voted=note.pk in voted, own=note.author_id == user.pk)
        for note in notes
    ]


def toggle_vote(note: Note, user) -> bool:
    """Add the member's "我也想问" to a question, or take it back; True when it is now there."""
    if QuestionVote.objects.filter(note=note, user=user).delete()[0]:
        return False
    try:
        with transaction.atomic():
            QuestionVote.objects.create(note=note, user=user)
    except IntegrityError:  # the same click arrived twice at once: the other request added it
        pass
    return True


def resolve(note: Note, organiser, conclusion: str) -> None:
    Note.objects.filter(pk=note.pk).update(resolved_at=timezone.now(), resolved_by=organiser, conclusion=conclusion)


def reopen(note: Note) -> None:
    Note.objects.filter(pk=note.pk).update(resolved_at=None, resolved_by=None, conclusion="")


@dataclass(frozen=True)
class ParagraphConfusion:
    """A paragraph of the reading with the questions and notes the group wrote on it."""

    number: int
    questions: int
    notes: int  # every shared note and reply, questions included


def confusion_report(session: Session) -> list[ParagraphConfusion]:
    """The reading's paragraphs that drew questions or notes, most questions first, then most notes."""
    rows = (
        reading_notes(session)
        .filter(paragraph__isnull=False)
        .values("paragraph_number")
        .annotate(notes=Count("pk"), questions=Count("pk", filter=Q(is_question=True, parent=None)))
    )
    report = [ParagraphConfusion(row["paragraph_number"], row["questions"], row["notes"]) for row in rows]
    return sorted(report, key=lambda row: (-row.questions, -row.notes, row.number))
