from html import escape  # the standard library's: no lazy-string wrapping per option
from urllib.parse import quote, urlencode

from django.core.validators import slug_unicode_re
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.htmx import render_htmx, wants_fragment

from . import charts, distribution, search
from .caching import RevisionCache
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
            context["distribution"] = _drawn_distribution(results, filters)
            if any(filters.values()):
                context["unfiltered_url"] = _results_page_url(results.query, {})
    return render_htmx(request, "speeches/search.html", "results", context, status=status)


def _speech_options(selected: str) -> SafeString:
    """The drop-down's options, one per speech of the library in reading order ("" for fewer than two).

    Written here rather than in a template loop, and kept per process for the library's revision: the library
    can hold thousands of speeches (2,000 options were a third of the page's time), and only the selected one
    differs from one request to the next.
    """
    options = _options.get("all", _all_speech_options)
    if len(options) < 2:
        return mark_safe("")
    chosen = (html.replace('">', '" selected>', 1) if slug == selected else html for slug, html in options)
    return mark_safe("".join(chosen))  # noqa: S308 (escaped in _all_speech_options)


def _all_speech_options() -> tuple[tuple[str, str], ...]:
    """Each speech's slug and its <option> (one query of slugs and titles, every text escaped)."""
    speeches = Speech.objects.counted().in_reading_order().values_list("slug", "title")
    return tuple((slug, f'<option value="{escape(slug)}">{escape(title)}</option>') for slug, title in speeches)


_options: RevisionCache[tuple[tuple[str, str], ...]] = RevisionCache("search's speech options", maxsize=1)


def _year_filter(value: str) -> tuple[int | None, list[str] | None]:
    """The year asked for and the slugs of its speeches; (None, None) for no year or one without speeches."""
    if not value.isdigit() or len(value) != 4:
        return None, None
    slugs = list(Speech.objects.filter(date__year=int(value)).values_list("slug", flat=True))
    return (int(value), slugs) if slugs else (None, None)


def _results_page_url(query: str, filters: dict, page_number: int | None = None) -> str:
    chosen = {key: value for key, value in filters.items() if value}
    return "?" + urlencode({"q": query} | chosen | ({"page": page_number} if page_number else {}))


def _drawn_distribution(results: search.SearchResults, filters: dict) -> SafeString:
    """The distribution's section of the results, drawn once per query, filters and language, and kept per process
    for the library's revision: the search box asks again for what readers type, and drawing the chart (each year
    twice, in the SVG and in its table) took a third of the page's time at 100,000 paragraphs."""

    def draw() -> SafeString:
        context = _distribution(results)
        if not context:
            return mark_safe("")
        return render_to_string("speeches/search.html#distribution", context | {"results": results})

    # The filters decide only whether it is drawn at all (a filtered search may find nothing verbatim).
    key = (results.query, tuple(results.terms), tuple(sorted(filters.items())), get_language())
    return _distributions_drawn.get(key, draw)


_distributions_drawn: RevisionCache[SafeString] = RevisionCache("search's distributions drawn", maxsize=256)


def _distribution(results: search.SearchResults) -> dict:
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
    return {"chart": chart, "top_speeches": top}


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
