"""Reading notes for pages: what a member sees on a paragraph, counts per paragraph, adding a note."""

import hashlib
import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, ngettext

from core import throttle
from speeches.models import Paragraph, Speech

from .forms import NoteEditForm, NoteForm
from .groups import current_membership
from .models import Membership, Note, StudyGroup
from .notebook import group_record

QUOTE_FIELDS = ("exact", "prefix", "suffix", "start", "end")
HANDOUT_SECONDS = 24 * 3600
# The panel shows a paragraph's newest notes, this many at a time (each with its replies), then “More”: it stays
# small however much a group writes.
NOTES_PER_PAGE = 50
# Writing notes (new notes, replies and edits) is throttled per member (core/throttle.py).
WRITE_SCOPE = "note"

logger = logging.getLogger(__name__)


def write_limits() -> list[tuple[int, int]]:
    return [(settings.NOTES_PER_MINUTE, 60), (settings.NOTES_PER_HOUR, 3600)]


def write_wait(user) -> int:
    """Seconds the member must wait before writing again (0: they may write now)."""
    return throttle.retry_after(WRITE_SCOPE, f"user:{user.pk}", write_limits())


def record_write(user) -> None:
    throttle.record(WRITE_SCOPE, f"user:{user.pk}", write_limits())


def wait_message(seconds: int) -> str:
    """What a member who wrote too much too fast is told (with a 429), in the interface's language."""
    minutes = max(1, (seconds + 59) // 60)
    return ngettext(
        "You have written many notes in a short time. Please wait %(minutes)d minute and send it again; "
        "your text is kept here.",
        "You have written many notes in a short time. Please wait %(minutes)d minutes and send it again; "
        "your text is kept here.",
        minutes,
    ) % {"minutes": minutes}


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


def thread(request: HttpRequest, membership: Membership, paragraph: Paragraph) -> tuple[list[Note], Page]:
    """A page of the paragraph's top-level notes, newest first (NOTES_PER_PAGE, `?notes_page=` for older ones),
    shown oldest first, with their replies, as the user may see them (a count and two queries).

    Each note comes ready for the panel: what the user may do with it (`can_edit`, `can_delete`)
    and the forms to do it with, decided here once rather than in the template.
    """
    user = request.user
    visible = Note.objects.visible_to(user).select_related("author")
    newest_first = (
        visible.filter(group=membership.group, paragraph=paragraph, parent=None)
        .annotate(me_too=Count("votes"))  # "我也想问" on a question
        .order_by("-created_at", "-pk")
        .prefetch_related(Prefetch("replies", queryset=visible.order_by("created_at", "pk"), to_attr="visible_replies"))
    )
    page = Paginator(newest_first, NOTES_PER_PAGE).get_page(request.GET.get("notes_page"))
    notes = list(page.object_list)[::-1]
    for note in notes:
        for item in [note, *note.visible_replies]:
            prepare_note(item, user, membership, paragraph)
    return notes, page


def _page_links(paragraph: Paragraph, page: Page) -> dict:
    """“More” (older notes) and “Newer notes”: the panel's URL for htmx, the speech page's without JavaScript."""
    links = {}
    for name, has, number in (
        ("older", page.has_next, page.next_page_number),
        ("newer", page.has_previous, page.previous_page_number),
    ):
        if not has():
            continue
        query = {"notes_page": number()} if number() > 1 else {}
        panel = reverse("annotations:paragraph_notes", args=[paragraph.speech.slug, paragraph.number])
        links[f"{name}_panel_url"] = panel + ("?" + urlencode(query) if query else "")
        links[f"{name}_url"] = (
            f"{paragraph.speech.get_absolute_url()}?{urlencode({'notes': paragraph.number} | query)}#{paragraph.anchor}"
        )
    return links


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
        try:
            cache.set(key, drawn, HANDOUT_SECONDS)
        except OSError:  # a full disk under DATA_DIR: the page is drawn all the same, only not kept
            logger.warning("handout notes not cached", exc_info=True)
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
    notes, page = thread(request, membership, paragraph) if membership else ([], None)
    return {
        "paragraph": paragraph,
        "speech": paragraph.speech,
        "membership": membership,
        "notes": notes,
        "notes_page": page,
        **(_page_links(paragraph, page) if page else {}),
        "form": form,
        "paragraph_count": counts.get(paragraph.number, 0),
        # Where signing in from the panel comes back to: the paragraph, its notes open.
        "return_url": f"{paragraph.speech.get_absolute_url()}?notes={paragraph.number}#{paragraph.anchor}",
        "total": sum(counts.values()),
    }
