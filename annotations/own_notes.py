"""A member's own notes, in every group they were ever in: the "My notes" page and its CSV."""

import csv
import io

from django.utils import timezone

from .models import Note
from .notebook import _cell

CSV_COLUMNS = ["group", "speech", "speech_title", "paragraph", "paragraph_url", "note_id", "reply_to",
               "visibility", "created", "modified", "body"]  # fmt: skip


def own_notes(user):
    return (
        Note.objects.written_by(user)
        .select_related("group", "paragraph__speech")
        .order_by("group__name", "-paragraph__speech__date", "paragraph__number", "created_at", "pk")
    )


def as_csv(notes, absolute) -> str:
    """One row per note. UTF-8 with a BOM, so that Excel and WPS read the Chinese; no cell runs as a formula."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for note in notes:
        paragraph = note.paragraph
        writer.writerow(
            [
                _cell(note.group.name),
                paragraph.speech.slug,
                _cell(paragraph.speech.title),
                paragraph.number,
                absolute(paragraph.get_absolute_url()),
                note.pk,
                note.parent_id or "",
                note.visibility,
                timezone.localtime(note.created_at).isoformat(),
                timezone.localtime(note.modified_at).isoformat(),
                _cell(note.body),
            ]
        )
    return out.getvalue()
