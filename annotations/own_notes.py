"""A member's own notes, in every group they were ever in: the "My notes" page and its CSV."""

from django.utils import timezone

from core.spreadsheet import csv_text
from speeches.models import reading_order

from .models import Note

CSV_COLUMNS = ["group", "speech", "speech_title", "paragraph", "paragraph_url", "note_id", "reply_to",
               "visibility", "created", "modified", "body", "exact", "anchor"]  # fmt: skip


def own_notes(user):
    return (
        Note.objects.written_by(user)
        .select_related("group", "speech")
        .order_by("group__name", *reading_order("speech"), "paragraph_number", "created_at", "pk")
    )


def as_csv(notes, absolute) -> str:
    """One row per note (see core.spreadsheet)."""
    return csv_text(
        CSV_COLUMNS,
        (
            [
                note.group.name,
                note.speech.slug,
                note.speech.title,
                note.paragraph_number,
                absolute(f"{note.speech.get_absolute_url()}#p{note.paragraph_number}"),
                note.pk,
                note.parent_id or "",
                note.visibility,
                timezone.localtime(note.created_at).isoformat(),
                timezone.localtime(note.modified_at).isoformat(),
                note.body,
                note.exact,
                note.anchoring if note.exact else "",
            ]
            for note in notes
        ),
    )
