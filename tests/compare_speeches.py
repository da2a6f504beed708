"""Speeches for the comparison tests: the two national reports of ../shared/corpus/as-found/, and speeches
built in code from paragraphs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.utils import timezone

REPORT_2021 = "2021-03-05-gov-work-report"
REPORT_2022 = "2022-03-05-gov-work-report"


def import_speech(path: Path):
    """Import a file as `import_speeches` does: speeches.actions.import_file where the actions hold it (main,
    since every write goes through them), else speeches.importing.import_file."""
    from speeches import actions

    importer = getattr(actions, "import_file", None)
    if importer is None:
        from speeches.importing import import_file as importer
    return importer(path)


def import_reports(corpus: Path):
    """The 2021 and 2022 government work reports, imported from the shared corpus."""
    from speeches.models import Speech

    for slug in (REPORT_2021, REPORT_2022):
        import_speech(corpus / "as-found" / f"{slug}.txt")
    return Speech.objects.get(slug=REPORT_2021), Speech.objects.get(slug=REPORT_2022)


def make_speech(
    slug: str,
    paragraphs: list[str],
    *,
    title: str = "",
    speaker: str = "",
    spoken: date | None = None,
    headings: list[tuple[int, str]] = (),
):
    """A speech stored directly, for tests about comparing rather than importing: headings as (before, text)."""
    from speeches.models import Heading, Paragraph, Speech

    speech = Speech.objects.create(
        slug=slug,
        title=title or slug,
        speaker=speaker,
        date=spoken,
        source_file=f"{slug}.txt",
        checksum=slug,
        imported_at=timezone.now(),
    )
    Paragraph.objects.bulk_create(
        Paragraph(speech=speech, number=number, text=text) for number, text in enumerate(paragraphs, 1)
    )
    Heading.objects.bulk_create(
        Heading(speech=speech, sequence=sequence, level=1, text=text, before=before)
        for sequence, (before, text) in enumerate(headings, 1)
    )
    return speech
