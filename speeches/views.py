from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Speech


@require_GET
def speech_list(request: HttpRequest) -> HttpResponse:
    speeches = Speech.objects.annotate(paragraph_count=Count("paragraphs"))
    return render(request, "speeches/speech_list.html", {"speeches": speeches})


@require_GET
def speech_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speech = get_object_or_404(Speech, slug=slug)
    paragraphs = list(speech.paragraphs.order_by("number"))
    outline = [p for p in paragraphs if p.lead_sentence]
    return render(
        request,
        "speeches/speech_detail.html",
        {"speech": speech, "paragraphs": paragraphs, "outline": outline},
    )
