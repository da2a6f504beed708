"""Two speeches side by side (对照阅读): the page, its JSON, and choosing the other speech.

Anyone who can open a speech's page can compare it: archived speeches included, by their URL.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from annotations import groups
from core.htmx import INVALID, render_htmx
from speeches.models import Speech

from . import counterpart, page
from .comparison import comparison, formulations_of
from .forms import ChooseForm
from .versions import compared_notes


@require_safe
@cache_control(private=True)  # it can show the reader's private notes
def compare(request: HttpRequest, a: str, b: str) -> HttpResponse:
    speech_a, speech_b = get_object_or_404(Speech, slug=a), get_object_or_404(Speech, slug=b)
    if speech_a.pk == speech_b.pk:
        context = {"speech": speech_a, "choose_url": reverse("compare:choose", args=[speech_a.slug])}
        return render(request, "compare/same_speech.html", context)
    compared = comparison(speech_a, speech_b)
    formulations_url = reverse("compare:formulations", args=[speech_a.slug, speech_b.slug])
    membership = groups.current_membership(request)
    notes = compared_notes(request.user, membership.group if membership else None, compared)
    context = {
        "compared": compared,
        "counts": compared.counts(),
        "blocks": page.blocks(compared, notes),
        "notes": notes,
        "membership": membership,
        "a_url": reverse("reading:speech_detail", args=[speech_a.slug]),
        "b_url": reverse("reading:speech_detail", args=[speech_b.slug]),
        "swap_url": reverse("compare:compare", args=[speech_b.slug, speech_a.slug]),
        "json_url": reverse("compare:compare_json", args=[speech_a.slug, speech_b.slug]),
        "choose_url": reverse("compare:choose", args=[speech_b.slug]),
        "formulations": formulations_of(speech_a, speech_b, compared, compute_them=False),
        "formulations_url": formulations_url,
        "changed_figures": [change for change in compared.figures if change.a and change.b],
        "one_sided_figures": [change for change in compared.figures if not (change.a and change.b)],
    }
    return render(request, "compare/compare.html", context)


@require_safe
def compare_json(request: HttpRequest, a: str, b: str) -> JsonResponse:
    """The pairs and figures for other tools: paragraph numbers as on the speech pages."""
    found = {speech.slug: speech for speech in Speech.objects.filter(slug__in=[a, b])}
    missing = [slug for slug in (a, b) if slug not in found]
    if missing:
        return JsonResponse({"error": _("No speech has the address %(slug)s.") % {"slug": missing[0]}}, status=404)
    if a == b:
        return JsonResponse({"error": _("Choose two different speeches to compare.")}, status=400)
    compared = comparison(found[a], found[b])
    answer = compared.as_json(formulations_of(found[a], found[b], compared))
    return JsonResponse(answer, json_dumps_params={"ensure_ascii": False})


@require_safe
def formulations(request: HttpRequest, a: str, b: str) -> HttpResponse:
    """The formulations new in B and dropped from A: the comparison page loads them in place (they take longer
    to find than the rest); without JavaScript, a page of their own."""
    speech_a, speech_b = get_object_or_404(Speech, slug=a), get_object_or_404(Speech, slug=b)
    compare_url = reverse("compare:compare", args=[speech_a.slug, speech_b.slug])
    if speech_a.pk == speech_b.pk:
        return redirect(compare_url)
    compared = comparison(speech_a, speech_b)
    context = {
        "compared": compared,
        "formulations": formulations_of(speech_a, speech_b, compared),
        "compare_url": compare_url,
        "a_url": reverse("reading:speech_detail", args=[speech_a.slug]),
        "b_url": reverse("reading:speech_detail", args=[speech_b.slug]),
    }
    return render_htmx(request, "compare/formulations.html", "formulations", context)


@require_safe
def choose(request: HttpRequest, slug: str) -> HttpResponse:
    """The speeches a speech is most likely compared with, and a form to pick any other; the form's choice
    leads to the comparison, the earlier speech as A."""
    speech = get_object_or_404(Speech, slug=slug)
    form = ChooseForm(request.GET if "other" in request.GET else None, speech=speech)
    if form.is_bound and form.is_valid():
        speech_a, speech_b = form.ordered()
        return redirect("compare:compare", speech_a.slug, speech_b.slug)
    context = {
        "speech": speech,
        "form": form,
        "proposals": [
            (candidate, reverse("compare:compare", args=[candidate.slug, speech.slug]))
            for candidate in counterpart.candidates(speech)
        ],
    }
    return render(request, "compare/choose.html", context, status=INVALID if form.is_bound else 200)
