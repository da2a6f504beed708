from html import escape  # the standard library's: no lazy-string wrapping per option
from urllib.parse import quote, urlencode

from django.core.validators import slug_unicode_re
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from core.htmx import render_htmx, wants_fragment

from . import charts, distribution, search
from .models import Heading, Paragraph, Speech

RESULTS_PER_PAGE = 20
SLUG = "speech-slug-placeholder"  # a slug no speech has, to reverse a speech's URL once


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """Search results; an htmx request (not a history restore) gets only the results fragment."""
    query = request.GET.get("q", "").strip()
    speech_filter = request.GET.get("speech", "")
    # Only a slug is looked up (PostgreSQL refuses some characters, NUL, in a query).
    if speech_filter and not (
        slug_unicode_re.match(speech_filter) and Speech.objects.counted().filter(slug=speech_filter).exists()
    ):
        speech_filter = ""
    year_filter, year_speeches = _year_filter(request.GET.get("year", ""))
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    context = {
        "query": query,
        # The drop-down of speeches is the form's, outside the results: only the whole page draws it.
        "speech_options": "" if wants_fragment(request) else _speech_options(speech_filter),
        "speech_filter": speech_filter,
        "year_filter": year_filter,
        "page_number": page_number,
        "max_query_chars": search.MAX_QUERY_CHARS,
        "max_terms": search.MAX_TERMS,
    }
    status = 200
    if query:
        try:
            results = search.search(
                query,
                speech=speech_filter or None,
                speeches=year_speeches,
                limit=RESULTS_PER_PAGE,
                offset=(page_number - 1) * RESULTS_PER_PAGE,
            )
        except search.IndexUnavailable as error:
            context["unavailable"] = str(error)
            status = 503
        else:
            context["results"] = results
            context["rows"] = _result_rows(results)
            filters = {"speech": speech_filter, "year": year_filter}
            if page_number > 1:
                context["previous_page_url"] = _results_page_url(results.query, filters, page_number - 1)
            if page_number * RESULTS_PER_PAGE < results.total:
                context["next_page_url"] = _results_page_url(results.query, filters, page_number + 1)
            context |= _distribution(results, filters)
    return render_htmx(request, "speeches/search.html", "results", context, status=status)


def _speech_options(selected: str) -> SafeString:
    """The drop-down's options, one per speech of the library in reading order ("" for fewer than two).

    Written here rather than in a template loop: the library can hold thousands of speeches, and this is
    one query (their slugs and titles) and a string per speech, every text escaped.
    """
    speeches = Speech.objects.counted().in_reading_order().values_list("slug", "title")
    options = [
        f'<option value="{escape(slug)}"{" selected" if slug == selected else ""}>{escape(title)}</option>'
        for slug, title in speeches
    ]
    return mark_safe("".join(options)) if len(options) > 1 else mark_safe("")  # noqa: S308 (escaped above)


def _year_filter(value: str) -> tuple[int | None, list[str] | None]:
    """The year asked for and the slugs of its speeches; (None, None) for no year or one without speeches."""
    if not value.isdigit() or len(value) != 4:
        return None, None
    slugs = list(Speech.objects.filter(date__year=int(value)).values_list("slug", flat=True))
    return (int(value), slugs) if slugs else (None, None)


def _results_page_url(query: str, filters: dict, page_number: int | None = None) -> str:
    chosen = {key: value for key, value in filters.items() if value}
    return "?" + urlencode({"q": query} | chosen | ({"page": page_number} if page_number else {}))


def _distribution(results: search.SearchResults, filters: dict) -> dict:
    """Where the paragraphs holding every term are, over the whole library: a chart per year and
    the speeches with most of them, each a link that narrows the results to it."""
    if not results.exact_count:
        return {}
    found = distribution.query_distribution(results.terms, found=results.everywhere)
    if not found.paragraph_count:
        return {}
    chart = charts.year_chart(found.stats.by_year, lambda year: _results_page_url(results.query, {"year": year}))
    top = [
        {"row": row, "url": _results_page_url(results.query, {"speech": row.speech.slug})}
        for row in found.top_speeches(5)
    ]
    return {
        "chart": chart,
        "top_speeches": top,
        "unfiltered_url": _results_page_url(results.query, {}) if any(filters.values()) else "",
    }


def _result_rows(results: search.SearchResults) -> list[dict]:
    """Pair each hit with its paragraph or section heading (one query each, only the fields shown) and a marked
    snippet."""
    fields = ("text", "speech__slug", "speech__title")
    paragraphs = (
        Paragraph.objects.select_related("speech")
        .only("number", *fields)
        .in_bulk([hit.paragraph_id for hit in results.hits if not hit.heading])
    )
    headings = (
        Heading.objects.select_related("speech")
        .only("sequence", *fields)
        .in_bulk([hit.paragraph_id for hit in results.hits if hit.heading])
    )
    speech_url = reverse("reading:speech_detail", args=[SLUG]).replace(SLUG, "{}")  # once, not per result
    marks = urlencode({"q": results.query})
    rows = []
    for hit in results.hits:
        # A heading is found as a paragraph is, links to its anchor (#s<N>) and is shown as a heading.
        found = (headings if hit.heading else paragraphs).get(hit.paragraph_id)
        if found is None:  # indexed, then removed by an import in between
            continue
        url = f"{speech_url.format(quote(found.speech.slug))}?{marks}#{found.anchor}"
        marked = search.snippet(found.text, results.terms_for(hit))
        rows.append({"hit": hit, "paragraph": found, "snippet": marked, "url": url, "heading": hit.heading})
    return rows
