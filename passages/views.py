"""A paragraph's passages said before in other speeches: a panel on the speech page, or a page of its own."""

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from core.htmx import VARY, render_htmx, wants_fragment
from speeches.models import Paragraph

from .excerpts import marked_excerpt
from .models import Parallel

SHOWN = 50  # the most similar paragraphs listed; the panel says how many there are in all


@require_safe
@vary_on_headers(*VARY)
def paragraph_parallels(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    paragraph = get_object_or_404(Paragraph.objects.select_related("speech"), speech__slug=slug, number=number)
    if wants_fragment(request) and "closed" in request.GET:
        return HttpResponse("")  # the panel folds away
    found = Parallel.objects.filter(paragraph=paragraph)
    # The earlier speech first among equals, an undated one after the dated (on every database).
    ordered = found.select_related("other__speech").order_by(
        "-shared", F("other__speech__date").asc(nulls_last=True), "other__speech__slug", "other__number"
    )
    parallels = list(ordered[:SHOWN])
    for parallel in parallels:
        parallel.excerpt = marked_excerpt(parallel.other.text, parallel.other_spans)
    total = len(parallels) if len(parallels) < SHOWN else found.count()
    context = {"paragraph": paragraph, "speech": paragraph.speech, "parallels": parallels, "total": total}
    return render_htmx(request, "passages/paragraph_parallels.html", "panel", context)
