"""A file for the browser to save or show: the one way the exports answer (CSV, Markdown, Word, iCalendar)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def download(content, content_type: str, name: str, *, as_attachment: bool = True) -> HttpResponse:
    """`content` under the file name `name`: saved by the browser (attachment), or shown in it (inline)."""
    disposition = content_disposition_header(as_attachment, name)
    return HttpResponse(content, content_type=content_type, headers={"Content-Disposition": disposition})
