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
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from annotations import groups, notes
from compare.counterpart import compare_url
from core.htmx import render_htmx
from meetings.bands import speech_band
from passages.compute import parallel_counts
from passages.tasks import is_behind as passages_are_behind
from speeches import permissions, search
from speeches.models import Collection, Paragraph, Speech

from . import page, queries


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
    # Editors can list the speeches whose text named no speaker or date, to complete them.
    incomplete = "1" if request.GET.get("incomplete") == "1" and permissions.can_edit(request.user) else ""
    membership = groups.current_membership(request)
    group = membership.group if membership else None
    speeches = queries.library_speeches(
        speaker=speaker, year=year, collection=collection, incomplete=bool(incomplete)
    ).prefetch_related(Prefetch("collections", queryset=Collection.objects.only("name", "slug")))
    page = Paginator(speeches, queries.PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    queries.add_counts(page.object_list, request.user, group)
    filters = {"speaker": speaker, "year": year or "", "collection": collection, "incomplete": incomplete}
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
    """The speech: its shared text from reading/page.py (drawn once per version and kept), with what this reader
    adds put into it: their group's note counts, marks and printed notes, a search's marks, an open notes panel."""
    speech = get_object_or_404(Speech, slug=slug)
    membership = groups.current_membership(request)
    group = membership.group if membership else None
    can_edit = permissions.can_edit(request.user)
    text = page.shared_text(
        speech,
        member=membership is not None,
        editor=can_edit,
        parallel_counts=parallel_counts(speech),
        first_uses=[page.FirstUseRow(*row) for row in speech.first_uses.values_list("phrase", "taken_up")],
        key_phrases=search.key_phrases(speech),
    )
    seen = notes.speech_notes(request.user, group, speech)
    query = request.GET.get("q", "").strip()
    texts, marked = _query_marks(speech, query) if query else (page.kept_marks(speech, seen.quotes), 0)
    # ?notes=N opens paragraph N's notes in place: the page works without JavaScript.
    open_paragraph = _open_paragraph(speech, request.GET.get("notes", "")) if membership else None
    panels = {}
    if open_paragraph is not None:
        panel = notes.panel_context(request, open_paragraph, counts=seen.counts)
        panels[open_paragraph.number] = render_to_string(PANEL, panel, request)
    parts = page.ReaderParts(
        note_counts=seen.counts, texts=texts, handouts=notes.handout_html(group, speech), panels=panels
    )
    context = {
        "speech": speech,
        "membership": membership,
        "notes_total": sum(seen.counts.values()),
        "text": text,
        "reading": page.fill(text.reading, parts),
        "orphans": seen.orphans,
        "passages_pending": passages_are_behind(),
        "query": query,
        "marked": marked,
        "can_edit": can_edit,
        "meeting_band": speech_band(request, speech),  # the group's next session on it; reading progress
        "compare_url": compare_url(speech),
    }
    return render(request, "reading/speech_detail.html", context)


PANEL = "annotations/paragraph_notes.html#panel"


def _open_paragraph(speech: Speech, number: str) -> Paragraph | None:
    if not number.isdigit():
        return None
    paragraph = speech.paragraphs.filter(number=int(number)).first()
    if paragraph is not None:
        paragraph.speech = speech  # one speech: no query for its URL
    return paragraph


def _query_marks(speech: Speech, query: str) -> tuple[dict[int, str], int]:
    """Every paragraph with what a search for the query matches marked: its terms, or its words when the
    speech has only related matches; and how many places are marked."""
    try:
        terms = search.search(query, speech=speech.slug, limit=1).marking_terms
    except search.IndexUnavailable:
        terms = search.parse_query(query)[2]
    texts, marked = {}, 0
    for paragraph in speech.paragraphs.order_by("number"):
        lead = len(paragraph.lead_sentence)
        marked_lead, marked_rest, count = search.highlight_split(paragraph.text, terms, lead)
        texts[paragraph.number] = page.query_html(lead, marked_lead, marked_rest)
        marked += count
    return texts, marked


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
    html = page.marked_texts([paragraph], quotes, paragraph.speech).get(paragraph.number)
    row = page.ParagraphRow(
        number=paragraph.number,
        anchor=paragraph.anchor,
        text_html=html or page.text_html(paragraph.text, len(paragraph.lead_sentence)),
    )
    return render(request, f"{page.TEMPLATE}#paragraph_text", {"row": row})
