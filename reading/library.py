"""The library: the home page lists the speeches, newest first, with the current group's note counts.

It lives in `reading` because it is where speeches and notes meet: `speeches` knows nothing of notes.
Filters by speaker, year and collection; a page of PER_PAGE speeches in a constant number of queries
(the page with its counts, one for the collections shown, the filters' choices, the total).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from annotations import groups
from annotations.models import Note
from speeches.models import Collection, Paragraph, Speech

PER_PAGE = 20


def _count(queryset) -> Subquery:
    """A correlated COUNT(*) for each speech on the page (not a join over the whole library)."""
    counted = queryset.order_by().values("speech").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def library_speeches(user, group, *, speaker: str = "", year: int | None = None, collection: str = ""):
    """Speeches in the library (not archived), newest first (undated last), with paragraph and note counts."""
    speeches = Speech.objects.in_library()
    if speaker:
        speeches = speeches.filter(speaker=speaker)
    if year:
        speeches = speeches.filter(date__year=year)
    if collection:
        speeches = speeches.filter(collections__slug=collection)
    speeches = speeches.annotate(paragraph_count=_count(Paragraph.objects.filter(speech=OuterRef("pk"))))
    if group is not None:
        visible = Q(visibility=Note.Visibility.GROUP) | Q(author=user)
        notes = Note.objects.filter(visible, speech=OuterRef("pk"), group=group)
        speeches = speeches.annotate(note_count=_count(notes))
    return (
        speeches.only("slug", "title", "speaker", "date")
        .prefetch_related(Prefetch("collections", queryset=Collection.objects.only("name", "slug")))
        .order_by(F("date").desc(nulls_last=True), "title", "pk")
    )


def _choices():
    """Speakers, years and collections to filter by, from the library's speeches: three queries."""
    in_library = Speech.objects.in_library()
    speakers = list(in_library.exclude(speaker="").values_list("speaker", flat=True).order_by("speaker").distinct())
    years = list(
        in_library.exclude(date=None)
        .annotate(year=ExtractYear("date"))
        .values_list("year", flat=True)
        .order_by("-year")
        .distinct()
    )
    collections = list(Collection.objects.order_by("name").only("name", "slug"))
    return speakers, years, collections


@require_safe
@vary_on_headers("HX-Request")
@cache_control(private=True)  # the note counts are the reader's group's
def library(request: HttpRequest) -> HttpResponse:
    speakers, years, collections = _choices()
    speaker = request.GET.get("speaker", "")
    speaker = speaker if speaker in speakers else ""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    year = year if year in years else None
    collection = request.GET.get("collection", "")
    collection = collection if collection in {c.slug for c in collections} else ""
    membership = groups.current_membership(request)
    group = membership.group if membership else None
    speeches = library_speeches(request.user, group, speaker=speaker, year=year, collection=collection)
    page = Paginator(speeches, PER_PAGE).get_page(request.GET.get("page"))
    filters = {"speaker": speaker, "year": year or "", "collection": collection}
    query = {key: value for key, value in filters.items() if value}

    def page_url(number: int) -> str:
        return "?" + urlencode({**query, "page": number})

    context = {
        "page": page,
        "speeches": page.object_list,
        "membership": membership,
        "speakers": speakers,
        "years": years,
        "collections": collections,
        "filters": filters,
        "filtered": bool(query),
        "previous_url": page_url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": page_url(page.next_page_number()) if page.has_next() else "",
    }
    template = "reading/library.html#results" if request.htmx else "reading/library.html"
    return render(request, template, context)
