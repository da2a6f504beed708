"""A member's own notes, in every group they were ever in: the "My notes" page and its CSV."""

import csv
import io

from django.utils import timezone

from .models import Note
from .notebook import _cell

CSV_COLUMNS = ["group", "speech", "speech_title", "paragraph", "paragraph_url", "note_id", "reply_to",
               "visibility", "created", "modified", "body", "exact", "anchor"]  # fmt: skip


def own_notes(user):
    return (
        Note.objects.written_by(user)
        .select_related("group", "speech")
        .order_by("group__name", "-speech__date", "paragraph_number", "created_at", "pk")
    )


def as_csv(notes, absolute) -> str:
    """One row per note. UTF-8 with a BOM, so that Excel and WPS read the Chinese; no cell runs as a formula."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for note in notes:
        writer.writerow(
            [
                _cell(note.group.name),
                note.speech.slug,
                _cell(note.speech.title),
                note.paragraph_number,
                absolute(f"{note.speech.get_absolute_url()}#p{note.paragraph_number}"),
                note.pk,
                note.parent_id or "",
                note.visibility,
                timezone.localtime(note.created_at).isoformat(),
                timezone.localtime(note.modified_at).isoformat(),
                _cell(note.body),
                _cell(note.exact),
                note.anchoring if note.exact else "",
            ]
        )
    return out.getvalue()
