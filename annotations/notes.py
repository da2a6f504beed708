"""Reading notes for pages: what a member sees on a paragraph, counts per paragraph, adding a note."""

from django.db.models import Count, Prefetch
from django.http import HttpRequest

from speeches.models import Paragraph, Speech

from .forms import NoteForm
from .groups import current_membership
from .models import Note, StudyGroup
from .notebook import group_record


def paragraph_counts(user, group: StudyGroup | None, speech: Speech) -> dict[int, int]:
    """Notes (replies included) the user can see per paragraph number, in the group: one query."""
    if group is None:
        return {}
    rows = (
        Note.objects.visible_to(user)
        .filter(group=group, paragraph__speech=speech)
        .values("paragraph__number")
        .annotate(count=Count("pk"))
    )
    return {row["paragraph__number"]: row["count"] for row in rows}


def thread(user, group: StudyGroup, paragraph: Paragraph) -> list[Note]:
    """The paragraph's top-level notes with their replies, as the user may see them (two queries)."""
    visible = Note.objects.visible_to(user).select_related("author")
    return list(
        visible.filter(group=group, paragraph=paragraph, parent=None).prefetch_related(
            Prefetch("replies", queryset=visible.order_by("created_at", "pk"), to_attr="visible_replies")
        )
    )


def handout_notes(group: StudyGroup | None, speech: Speech) -> dict[int, list[Note]]:
    """The group's shared notes on a speech, per paragraph number (replies in .record_replies): for print."""
    if group is None:
        return {}
    return {entry.paragraph.number: entry.notes for entry in group_record(group, speech)}


def add_note(*, author, group: StudyGroup, paragraph: Paragraph, body: str, visibility: str, parent: Note | None):
    """A reply joins its parent's group and visibility; replies to replies attach to the top-level note."""
    if parent is not None:
        while parent.parent_id is not None:
            parent = parent.parent
        group, visibility = parent.group, parent.visibility
    return Note.objects.create(
        author=author, group=group, paragraph=paragraph, body=body, visibility=visibility, parent=parent
    )


def panel_context(
    request: HttpRequest, paragraph: Paragraph, form: NoteForm | None = None, counts: dict[int, int] | None = None
) -> dict:
    """What the notes panel of a paragraph shows the current user, in their current group.

    `counts` are the speech's paragraph_counts when the caller already has them.
    """
    membership = current_membership(request)
    group = membership.group if membership else None
    if counts is None:
        counts = paragraph_counts(request.user, group, paragraph.speech)
    return {
        "paragraph": paragraph,
        "speech": paragraph.speech,
        "membership": membership,
        "notes": thread(request.user, group, paragraph) if group else [],
        "form": form or NoteForm(),
        "paragraph_count": counts.get(paragraph.number, 0),
        "total": sum(counts.values()),
    }
