"""The phrase page: a phrase across the library, its JSON, its concordance as CSV, its company.

A phrase in a URL is folded (traditional → simplified, full-width → half-width, lower case) and
its whitespace collapsed; a URL with another spelling redirects to the folded one, so that one
phrase has one address. A phrase that cannot be counted gets a 400 with the reason.
"""

from html import escape
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from core import throttle
from core.downloads import download
from core.htmx import render_htmx, wants_fragment
from speeches import charts, phrase_stats, revision

from . import collocations, concordance
from .forms import ConcordanceForm, PhraseForm
from .tasks import compute_company

# Costly requests per minute and address (or member; core/throttle.py): a company to compute, a concordance CSV.
COSTLY_SCOPE = "costly"


def _costly_wait(request: HttpRequest) -> tuple[str, list[tuple[int, int]], int]:
    """Who asks, the limits, and the seconds they must wait before another costly request (0: now)."""
    actor, limits = throttle.who(request), [(settings.COSTLY_REQUESTS_PER_MINUTE, 60)]
    return actor, limits, throttle.retry_after(COSTLY_SCOPE, actor, limits)


def _phrase_or_error(request: HttpRequest, phrase: str, name: str, *, as_json: bool = False):
    """(folded phrase, None), or (None, response) for a phrase to refuse or to redirect."""
    form = PhraseForm({"phrase": phrase})
    if not form.is_valid():
        message = form.errors["phrase"][0]
        if as_json:
            return None, JsonResponse({"error": message}, status=400)
        return None, render(request, "phrases/invalid.html", {"message": message, "phrase": phrase}, status=400)
    folded = form.cleaned_data["phrase"]
    if folded != phrase:
        url = reverse(name, args=[folded])
        if request.GET:
            url += "?" + request.GET.urlencode()
        return None, redirect(url)
    return folded, None


def _page_url(phrase: str, sort: str, number: int) -> str:
    parameters = ({"sort": sort} if sort != "date" else {}) | ({"page": number} if number > 1 else {})
    return reverse("phrases:phrase_detail", args=[phrase]) + ("?" + urlencode(parameters) if parameters else "")


@require_safe
def phrase_detail(request: HttpRequest, phrase: str) -> HttpResponse:
    """Totals, first and latest use, the chart per year, the list per speech and the concordance;
    an htmx request (sorting, paging) gets only the concordance."""
    phrase, refused = _phrase_or_error(request, phrase, "phrases:phrase_detail")
    if refused:
        return refused
    lib = phrase_stats.phrase_library()
    stats = phrase_stats.phrase_stats(phrase, lib)
    sort, number = ConcordanceForm(request.GET).choice()
    lines = concordance.page(lib, stats, sort, number)  # a page of the concordance's lines
    context = {
        "phrase": phrase,
        "stats": stats,
        "lines": lines,
        "sort": sort,
        "sorts": [{"key": key, "url": _page_url(phrase, key, 1), "current": key == sort} for key in concordance.SORTS],
        "previous_url": _page_url(phrase, sort, lines.number - 1) if lines.has_previous() else "",
        "next_url": _page_url(phrase, sort, lines.number + 1) if lines.has_next() else "",
        "csv_url": reverse("phrases:phrase_csv", args=[phrase]) + (f"?sort={sort}" if sort != "date" else ""),
        "json_url": reverse("phrases:phrase_json", args=[phrase]),
        "company_url": reverse("phrases:phrase_company", args=[phrase]),
        "search_url": reverse("speeches:search") + "?" + urlencode({"q": phrase}),
    }
    if stats.occurrences:
        context["chart"] = charts.year_chart(
            stats.by_year, lambda year: reverse("speeches:search") + "?" + urlencode({"q": phrase, "year": year})
        )
    if not wants_fragment(request):
        context["speech_rows"] = _speech_rows(stats, phrase)
    return render_htmx(request, "phrases/phrase_detail.html", "concordance", context)


PLACEHOLDER = "speech-slug-placeholder"


def _speech_rows(stats: phrase_stats.PhraseStats, phrase: str) -> SafeString:
    """The rows of the list per speech, built here rather than in a template loop: a frequent phrase
    is in thousands of speeches, and this is ten times faster (the standard library's escape, once
    per text, instead of format_html's per argument)."""
    pattern = escape(reverse("reading:speech_detail", args=[PLACEHOLDER]) + "?" + urlencode({"q": phrase}) + "#")
    rows = [
        f'<tr><td class="nowrap">{row.speech.date.isoformat() if row.speech.date else "—"}</td>'
        f'<td><a href="{pattern.replace(PLACEHOLDER, escape(quote(row.speech.slug)))}{row.first_anchor}">'
        f"{escape(row.speech.title)}</a></td>"
        f'<td class="number">{row.occurrences}</td><td class="number">{row.paragraphs}</td></tr>'
        for row in stats.by_speech
    ]
    return mark_safe("\n".join(rows))  # noqa: S308 (every text in it is escaped above)


@require_safe
def phrase_json(request: HttpRequest, phrase: str) -> HttpResponse:
    """The page's numbers for other tools (see the README)."""
    phrase, refused = _phrase_or_error(request, phrase, "phrases:phrase_json", as_json=True)
    if refused:
        return refused
    data = phrase_stats.phrase_stats(phrase).as_json()
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_safe
def phrase_csv(request: HttpRequest, phrase: str) -> HttpResponse:
    """The whole concordance as CSV, in the order the page shows it."""
    phrase, refused = _phrase_or_error(request, phrase, "phrases:phrase_csv")
    if refused:
        return refused
    actor, limits, wait = _costly_wait(request)
    if wait:  # every line of a frequent phrase: a few hundred ms of CPU each time
        response = render(request, "phrases/too_many.html", {"phrase": phrase, "wait": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response
    throttle.record(COSTLY_SCOPE, actor, limits)
    sort, _ = ConcordanceForm(request.GET).choice()
    lib = phrase_stats.phrase_library()
    stats = phrase_stats.phrase_stats(phrase, lib)
    text = concordance.as_csv(lib, stats, sort, request.build_absolute_uri)
    return download(text, "text/csv; charset=utf-8", f"{phrase}-concordance.csv")


@require_safe
def phrase_company(request: HttpRequest, phrase: str) -> HttpResponse:
    """The words that keep the phrase company; the phrase page loads it in place.

    The request only reads: the company is computed by a background task (phrases.tasks.compute_company) and
    kept in the cache for the library's revision. Until it is there the fragment says it is being computed (and
    asks again, with htmx, a few seconds later). Starting a computation counts against the visitor's throttle.
    """
    phrase, refused = _phrase_or_error(request, phrase, "phrases:phrase_company")
    if refused:
        return refused
    current = revision.current()
    companions = collocations.cached(phrase, current)
    context = {"phrase": phrase, "companions": companions or [], "computing": companions is None}
    # Only the request that starts the computation counts (asking again while it runs costs nothing).
    if companions is None and collocations.claim(phrase, current):
        actor, limits, wait = _costly_wait(request)
        if wait:
            collocations.release(phrase, current)
            context |= {"computing": False, "wait": wait}
            response = render_htmx(request, "phrases/company.html", "company", context, status=429)
            response["Retry-After"] = str(wait)
            return response
        throttle.record(COSTLY_SCOPE, actor, limits)
        compute_company.enqueue(phrase, current)
        companions = collocations.cached(phrase, current)  # done already when tasks run at once (tests)
        context |= {"companions": companions or [], "computing": companions is None}
    context["company_url"] = reverse("phrases:phrase_company", args=[phrase])
    return render_htmx(request, "phrases/company.html", "company", context)
