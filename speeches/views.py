from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from core.htmx import render_htmx

from . import charts, distribution, search
from .models import Paragraph, Speech

RESULTS_PER_PAGE = 20


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """Search results; an htmx request (not a history restore) gets only the results fragment."""
    query = request.GET.get("q", "").strip()
    speeches = list(Speech.objects.in_library().in_reading_order().values_list("slug", "title"))
    speech_filter = request.GET.get("speech", "")
    if speech_filter not in {slug for slug, _ in speeches}:
        speech_filter = ""
    year_filter, year_speeches = _year_filter(request.GET.get("year", ""))
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    context = {
        "query": query,
        "speeches": speeches,
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
    """Pair each hit with its paragraph (one query) and a marked snippet."""
    paragraphs = Paragraph.objects.select_related("speech").in_bulk([hit.paragraph_id for hit in results.hits])
    rows = []
    for hit in results.hits:
        paragraph = paragraphs.get(hit.paragraph_id)
        if paragraph is None:  # indexed, then removed by an import in between
            continue
        url = f"{paragraph.speech.get_absolute_url()}?{urlencode({'q': results.query})}#{paragraph.anchor}"
        marked = search.snippet(paragraph.text, results.terms_for(hit))
        rows.append({"hit": hit, "paragraph": paragraph, "snippet": marked, "url": url})
    return rows
