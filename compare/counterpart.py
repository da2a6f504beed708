"""Which speech to compare a speech with: the one it most likely continues.

The most likely counterpart of a speech is the same kind of text by the same speaker or organisation, one
year earlier: the 2022 government work report for the 2023 one, last year's 新年贺词 for this year's. The
kind of a title is the title without its years, numbers and edition marks (2022年政府工作报告 and
2021年政府工作报告（全文） are both 政府工作报告); the organisation is what the title names before the kind
(北京市 in 2026年北京市政府工作报告), so a province's report is proposed its own last report, not the
national one. Archived speeches are not proposed (they can still be compared, by their URL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from rapidfuzz.distance import Indel

from speeches import search
from speeches.models import Speech

# Edition marks and numbers that say nothing of the kind of text.
EDITION_MARKS = re.compile(r"[（(](全文|摘要|节选|征求意见稿|草案|送审稿|修订稿|实录)[)）]")
YEARS_AND_NUMBERS = re.compile(r"[0-9〇零一二三四五六七八九十百]+(年度|年|周年|届|次)?")
NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
# How alike two titles must be to be the same kind of text.
SAME_KIND = 0.75
# Speeches looked at: dated up to two years before (a year earlier is what is wanted; a late report may
# fall a little after the anniversary).
LOOK_BACK = timedelta(days=2 * 366)


@dataclass(frozen=True)
class Candidate:
    slug: str
    title: str
    speaker: str
    date: date | None
    score: float


def title_kind(title: str) -> str:
    """The kind of text a title names: without edition marks, years, numbers and punctuation."""
    title = EDITION_MARKS.sub("", search.fold(title))
    return NOT_ALPHANUMERIC.sub("", YEARS_AND_NUMBERS.sub("", title))


def _score(speech: Speech, kind: str, title: str, speaker: str, spoken: date | None) -> float:
    """How likely the other speech is the counterpart of `speech` (whose title_kind is `kind`): alike titles (the
    organisation is in the title), the same speaker, a year earlier. 0 when it is not the same kind of text or not
    earlier."""
    other_kind = title_kind(title)
    alike = 1.0 if kind == other_kind else Indel.normalized_similarity(kind, other_kind)
    if alike < SAME_KIND:
        return 0.0
    same_speaker = bool(speech.speaker) and speaker == speech.speaker
    score = alike + (0.5 if same_speaker else 0.0)
    if speech.date and spoken:
        years_before = (speech.date - spoken).days / 365.25
        if years_before <= 0.25:
            return 0.0  # the same day, or later: not what it continues
        score += max(0.0, 1.0 - abs(years_before - 1.0))
    return score


def candidates(speech: Speech, limit: int = 8) -> list[Candidate]:
    """The likeliest counterparts of a speech, best first (one query)."""
    others = Speech.objects.in_library().exclude(pk=speech.pk)
    if speech.date:
        others = others.filter(date__lt=speech.date, date__gte=speech.date - LOOK_BACK)
    found, kind = [], title_kind(speech.title)
    for slug, title, speaker, spoken in others.values_list("slug", "title", "speaker", "date"):
        score = _score(speech, kind, title, speaker, spoken)
        if score > 0:
            found.append(Candidate(slug, title, speaker, spoken, score))
    found.sort(key=lambda candidate: (-candidate.score, candidate.slug))
    return found[:limit]


def compare_url(speech: Speech) -> str:
    """Where "对照" on a speech's page leads: its comparison with its likeliest counterpart (that one as A,
    this one as B), or the page for choosing one when no speech is alike enough."""
    best = candidates(speech, limit=1)
    if best:
        return reverse("compare:compare", args=[best[0].slug, speech.slug])
    return reverse("compare:choose", args=[speech.slug])
