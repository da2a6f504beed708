"""Reading notes for pages: what a member sees on a paragraph, counts per paragraph, adding a note."""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import get_language

from speeches.models import Paragraph, Speech

from .forms import NoteEditForm, NoteForm
from .groups import current_membership
from .models import Membership, Note, StudyGroup
from .notebook import group_record

QUOTE_FIELDS = ("exact", "prefix", "suffix", "start", "end")
HANDOUT_SECONDS = 24 * 3600


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


@dataclass
class SpeechNotes:
    """What the speech page needs of the notes the user may see in their group, read in one query."""

    counts: dict[int, int] = field(default_factory=dict)  # paragraph number → notes and replies
    quotes: dict[int, list[tuple[int, int, int, int]]] = field(default_factory=dict)  # paragraph id → marks
    orphans: list[Note] = field(default_factory=list)


def speech_notes(user, group: StudyGroup | None, speech: Speech) -> SpeechNotes:
    """Counts per paragraph, the marked words per paragraph (note id, author id, start, end) and the
    orphaned notes: one query for the rows, and one more only when some note is orphaned."""
    found = SpeechNotes()
    if group is None:
        return found
    rows = (
        Note.objects.visible_to(user)
        .filter(group=group, speech=speech)
        .values_list("pk", "parent_id", "paragraph_id", "paragraph_number", "author_id", "start", "end", "anchoring")
    )
    orphan_ids = []
    for pk, parent_id, paragraph_id, number, author_id, start, end, anchoring in rows:
        if paragraph_id is None:
            if parent_id is None:
                orphan_ids.append(pk)
            continue
        found.counts[number] = found.counts.get(number, 0) + 1
        if parent_id is None and start is not None and anchoring != Note.Anchoring.ORPHANED:
            found.quotes.setdefault(paragraph_id, []).append((pk, author_id, start, end))
    if orphan_ids:
        found.orphans = list(
            Note.objects.filter(pk__in=orphan_ids).select_related("author").order_by("paragraph_number", "pk")
        )
    return found


def thread(request: HttpRequest, membership: Membership, paragraph: Paragraph) -> list[Note]:
    """The paragraph's top-level notes with their replies, as the user may see them (two queries).

    Each note comes ready for the panel: what the user may do with it (`can_edit`, `can_delete`)
    and the forms to do it with, decided here once rather than in the template.
    """
    user = request.user
    visible = Note.objects.visible_to(user).select_related("author")
    notes = list(
        visible.filter(group=membership.group, paragraph=paragraph, parent=None).prefetch_related(
            Prefetch("replies", queryset=visible.order_by("created_at", "pk"), to_attr="visible_replies")
        )
    )
    for note in notes:
        for item in [note, *note.visible_replies]:
            prepare_note(item, user, membership, paragraph)
    return notes


def prepare_note(note: Note, user, membership: Membership | None, paragraph: Paragraph) -> Note:
    """What the user may do with a note shown to them, and the forms to do it with (edit, reply)."""
    note.can_edit = note.can_be_edited_by(user)
    note.can_delete = note.can_be_deleted_by(user, membership)
    if note.can_edit:
        note.edit_form = NoteEditForm(instance=note, auto_id=f"edit-{note.pk}-%s", in_place=True)
    if note.parent_id is None:
        note.reply_form = NoteForm(
            author=user,
            paragraph=paragraph,
            initial={"parent": note.pk},
            auto_id=f"reply-{note.pk}-%s",
            reply_to=note.author.get_username(),
        )
    return note


def handout_html(group: StudyGroup | None, speech: Speech) -> dict[int, str]:
    """The group's shared notes on a speech as the printed handout shows them, per paragraph number.

    The same for every member of the group, so it is drawn once per state of the notes and kept in
    the cache: one small query tells whether any note was added, edited, deleted or moved since.
    """
    if group is None:
        return {}
    state = Note.objects.filter(group=group, speech=speech).aggregate(
        count=Count("pk"), created=Max("created_at"), edited=Max("edited_at")
    )
    if not state["count"]:
        return {}
    parts = (group.pk, speech.pk, speech.imported_at.timestamp(), get_language(), *state.values())
    # "handout-list": drawn with its <ol> since the speech page fills it into a slot (older entries had none).
    key = "handout-list:" + hashlib.sha1(repr(parts).encode()).hexdigest()
    drawn = cache.get(key)
    if drawn is None:
        drawn = {
            entry.paragraph.number: render_to_string("annotations/handout_notes.html", {"notes": entry.notes})
            for entry in group_record(group, speech)
        }
        cache.set(key, drawn, HANDOUT_SECONDS)
    return drawn


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
    if form is None:
        # "Write a note" on selected words opens the panel with the quote filled in (?exact=…&start=…).
        quote = {name: request.GET[name] for name in QUOTE_FIELDS if name in request.GET}
        form = NoteForm(author=request.user, paragraph=paragraph, initial=quote)
    # One panel per paragraph can be open on the speech page: its fields' ids name the paragraph.
    form.auto_id = f"note-%s-{paragraph.anchor}"
    return {
        "paragraph": paragraph,
        "speech": paragraph.speech,
        "membership": membership,
        "notes": thread(request, membership, paragraph) if membership else [],
        "form": form,
        "paragraph_count": counts.get(paragraph.number, 0),
        # Where signing in from the panel comes back to: the paragraph, its notes open.
        "return_url": f"{paragraph.speech.get_absolute_url()}?notes={paragraph.number}#{paragraph.anchor}",
        "total": sum(counts.values()),
    }
