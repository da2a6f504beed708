"""The home page's queries: the library's speeches, newest first, with the current group's note counts.

They live in `reading` because it is where speeches and notes meet: `speeches` knows nothing of notes.
Filters by speaker, year and collection; a page of PER_PAGE speeches in a constant number of queries
(the filters' choices, the total, the page, its collections, its counts).
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from annotations.models import Note
from speeches.models import Collection, Paragraph, Speech

PER_PAGE = 20


def library_speeches(*, speaker: str = "", year: int | None = None, collection: str = "", incomplete: bool = False):
    """Speeches in the library (not archived), newest first (undated last), filtered; `incomplete`: only those
    without a speaker or a date (for editors to complete)."""
    speeches = Speech.objects.in_library()
    if incomplete:
        speeches = speeches.filter(Q(speaker="") | Q(date=None))
    if speaker:
        speeches = speeches.filter(speaker=speaker)
    if year:
        speeches = speeches.filter(date__year=year)
    if collection:
        speeches = speeches.filter(collections__slug=collection)
    return speeches.only("slug", "title", "speaker", "date", "duplicate_of").in_reading_order()


def _count(queryset) -> Subquery:
    counted = queryset.order_by().values("speech").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def add_counts(speeches: list[Speech], user, group) -> None:
    """Paragraph and note counts for the speeches of one page: one query, counting only theirs.

    Counting in the page's own query would count for every speech of the library before sorting.
    """
    counts = dict.fromkeys((speech.pk for speech in speeches), (0, 0))
    paragraphs = _count(Paragraph.objects.filter(speech=OuterRef("pk")))
    if group is None:
        notes = Value(0)
    else:
        notes = _count(Note.objects.visible_to(user).filter(speech=OuterRef("pk"), group=group))
    rows = Speech.objects.filter(pk__in=list(counts)).annotate(paragraph_count=paragraphs, note_count=notes)
    for pk, paragraph_count, note_count in rows.values_list("pk", "paragraph_count", "note_count"):
        counts[pk] = (paragraph_count, note_count)
    for speech in speeches:
        speech.paragraph_count, speech.note_count = counts[speech.pk]


def filter_choices():
    """Speakers, years and collections to filter by, from the library's speeches: three queries."""
    in_library = Speech.objects.in_library()
    speakers = list(in_library.exclude(speaker="").values_list("speaker", flat=True).order_by("speaker").distinct())
    # Distinct dates, then their years here: a year extracted in SQL is a Python call per row on SQLite.
    dates = in_library.exclude(date=None).order_by().values_list("date", flat=True).distinct()
    years = sorted({date.year for date in dates}, reverse=True)
    collections = list(Collection.objects.order_by("name").only("name", "slug"))
    return speakers, years, collections
