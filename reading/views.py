"""The library (the home page) and the reading page: a speech with its outline, search marks, and the current
group's notes.

It is where the two apps meet (speeches knows nothing of notes; annotations builds on speeches),
so it lives in neither.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from annotations import groups, notes
from core.htmx import render_htmx
from passages.compute import parallel_counts
from speeches import permissions, search
from speeches.models import Collection, Paragraph, Speech

from . import marks, queries
from .outline import appendix_lines, build_outline

# A paragraph number no speech has, to reverse a paragraph URL once and fill the number in.
PLACEHOLDER = 987654321
# A longer outline (a government work report) starts folded, so that phones reach the text.
OUTLINE_OPEN_MAX = 12


def _paragraph_url_pattern(name: str, slug: str) -> str:
    """A paragraph URL with "{}" for its number: reversed once, as it is the same for every paragraph
    (a page can have hundreds)."""
    return reverse(name, args=[slug, PLACEHOLDER]).replace(str(PLACEHOLDER), "{}")


@require_safe
@cache_control(private=True)  # the note counts are the reader's group's
def speech_list(request: HttpRequest) -> HttpResponse:
    speakers, years, collections = queries.filter_choices()
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
    speeches = queries.library_speeches(speaker=speaker, year=year, collection=collection).prefetch_related(
        Prefetch("collections", queryset=Collection.objects.only("name", "slug"))
    )
    page = Paginator(speeches, queries.PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    queries.add_counts(page.object_list, request.user, group)
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
    return render_htmx(request, "reading/library.html", "results", context)


@require_safe
@cache_control(private=True)  # it can show the reader's private notes
def speech_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speech = get_object_or_404(Speech, slug=slug)
    paragraphs = list(speech.paragraphs.order_by("number"))
    headings = list(speech.headings.all())
    headings_before: dict[int, list] = {}
    for heading in headings:
        headings_before.setdefault(heading.before, []).append(heading)
    query = request.GET.get("q", "").strip()
    marked = 0
    if query:
        # Mark what a search for the query matches here: the query's terms, or its
        # words when the speech has only related matches.
        try:
            terms = search.search(query, speech=speech.slug, limit=1).marking_terms
        except search.IndexUnavailable:
            terms = search.parse_query(query)[2]
        for paragraph in paragraphs:
            paragraph.marked_lead, paragraph.marked_rest, count = search.highlight_split(
                paragraph.text, terms, len(paragraph.lead_sentence)
            )
            marked += count
    membership = groups.current_membership(request)
    seen = notes.speech_notes(request.user, membership.group if membership else None, speech)
    counts = seen.counts
    handout = notes.handout_html(membership.group if membership else None, speech)
    quotes = {} if query else seen.quotes
    notes_url = _paragraph_url_pattern("annotations:paragraph_notes", speech.slug)
    text_url = _paragraph_url_pattern("reading:paragraph_text", speech.slug)
    parallels_url = _paragraph_url_pattern("passages:paragraph_parallels", speech.slug)
    counts_of_parallels = parallel_counts(speech)
    can_edit = permissions.can_edit(request.user)
    edit_url = _paragraph_url_pattern("speeches:paragraph_edit", speech.slug)
    for paragraph in paragraphs:
        paragraph.speech = speech  # one speech: no query per paragraph for its URL
        paragraph.notes_url, paragraph.text_url = notes_url.format(paragraph.number), text_url.format(paragraph.number)
        paragraph.edit_url = edit_url.format(paragraph.number) if can_edit else ""
        paragraph.marked_text = _marked_text(paragraph, quotes)
        paragraph.headings_before = headings_before.get(paragraph.number, [])
        paragraph.note_count = counts.get(paragraph.number, 0)
        paragraph.handout_html = handout.get(paragraph.number, "")
        paragraph.parallel_count = counts_of_parallels.get(paragraph.number, 0)
        paragraph.parallels_url = parallels_url.format(paragraph.number)
    # ?notes=N opens paragraph N's notes in place: the page works without JavaScript.
    open_number = request.GET.get("notes", "")
    open_paragraph = next((p for p in paragraphs if str(p.number) == open_number), None)
    outline = build_outline(paragraphs, headings)
    context = {
        "speech": speech,
        "paragraphs": paragraphs,
        "membership": membership,
        "notes_total": sum(counts.values()),
        "open_paragraph": open_paragraph,
        "panel": notes.panel_context(request, open_paragraph, counts=counts) if open_paragraph else {},
        "outline": outline,
        "outline_open": sum(1 + len(entry.children) for entry in outline) <= OUTLINE_OPEN_MAX,
        "closing_headings": headings_before.get(len(paragraphs) + 1, []),
        "orphans": seen.orphans,
        "appendix": appendix_lines(speech.appendix),
        "key_phrases": search.key_phrases(speech),
        "first_uses": list(speech.first_uses.all()),
        "query": query,
        "marked": marked,
        "can_edit": can_edit,
    }
    return render(request, "reading/speech_detail.html", context)


@require_safe
@vary_on_headers("HX-Request")
@cache_control(private=True)
def paragraph_text(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A paragraph's text with the group's marks, for the page to refresh after words were marked;
    without htmx, the speech page at that paragraph."""
    paragraph = get_object_or_404(Paragraph.objects.select_related("speech"), speech__slug=slug, number=number)
    if not request.htmx:
        return redirect(paragraph.get_absolute_url())
    membership = groups.current_membership(request)
    quotes = notes.speech_notes(request.user, membership.group if membership else None, paragraph.speech).quotes
    paragraph.marked_text = _marked_text(paragraph, quotes)
    return render(request, "reading/speech_detail.html#paragraph_text", {"paragraph": paragraph})


def _marked_text(paragraph: Paragraph, quotes: dict) -> str | None:
    if not quotes.get(paragraph.pk):
        return None
    return marks.render(
        paragraph.text,
        len(paragraph.lead_sentence),
        [marks.Quote(*quote) for quote in quotes[paragraph.pk]],
        f"{paragraph.speech.get_absolute_url()}?notes={paragraph.number}",
        getattr(paragraph, "notes_url", None)
        or reverse("annotations:paragraph_notes", args=[paragraph.speech.slug, paragraph.number]),
        paragraph.anchor,
    )
