"""Parallels and first uses over the real speeches of ../shared/corpus/, checked against plain scans.

The corpus is the session's `corpus_library` (tests/conftest.py): imported once by `import_speeches`, whose
announcement the passages app answers.
"""

import random
from collections import defaultdict

import pytest
from django.urls import reverse

from passages.models import FirstUse, Parallel, SpeechPhrases
from passages.parallels import WINDOW, common_limit
from speeches import search
from speeches.models import Paragraph, Speech

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
BOILERPLATE = "以习近平同志为核心的党中央"


@pytest.fixture
def library(corpus_library):
    return list(Speech.objects.values_list("slug", flat=True))


def cleaned(text: str) -> str:
    return "".join(ch for ch in search.fold(text) if ch.isalnum())


@pytest.fixture
def paragraphs(library):
    return list(Paragraph.objects.values_list("pk", "speech_id", "text"))


def test_parallels_are_the_pairs_a_plain_scan_finds(paragraphs):
    """Two paragraphs of different speeches are parallels when they share a 12-character stretch of their
    folded text, punctuation taken out, that at most 1% of all paragraphs contain."""
    holders = defaultdict(set)
    for pk, _, text in paragraphs:
        clean = cleaned(text)
        for start in range(len(clean) - WINDOW + 1):
            holders[clean[start : start + WINDOW]].add(pk)
    speech_of = {pk: speech for pk, speech, _ in paragraphs}
    limit = max(2, len(paragraphs) // 100)  # 1%, and at least two (a passage needs two paragraphs)
    assert limit == common_limit(len(paragraphs))
    expected = set()
    for pks in holders.values():
        if 2 <= len(pks) <= limit:
            expected.update((a, b) for a in pks for b in pks if speech_of[a] != speech_of[b])
    stored = set(Parallel.objects.values_list("paragraph_id", "other_id"))
    assert len(expected) > 10_000  # the corpus has many, reports of the same year above all
    assert stored == expected


def test_shared_passages_are_marked_on_the_real_text(paragraphs):
    text_of = {pk: text for pk, _, text in paragraphs}
    rows = list(Parallel.objects.values_list("paragraph_id", "other_id", "spans", "other_spans", "shared"))
    for paragraph_id, other_id, spans, other_spans, shared in random.Random(17).sample(rows, 2000):
        own, other = text_of[paragraph_id], text_of[other_id]
        # Every character marked lies in a stretch of 12 or more that the other paragraph has too (passages
        # that touch are marked as one).
        for text, spans_in, target in ((own, spans, other), (other, other_spans, own)):
            clean_target = cleaned(target)
            for start, end in spans_in:
                marked = cleaned(text[start:end])
                assert len(marked) >= WINDOW
                covered = [False] * len(marked)
                for i in range(len(marked) - WINDOW + 1):
                    if marked[i : i + WINDOW] in clean_target:
                        covered[i : i + WINDOW] = [True] * WINDOW
                assert all(covered), (marked, target)
        assert sum(len(cleaned(own[start:end])) for start, end in spans) == shared


def test_boilerplate_alone_makes_no_parallel(paragraphs):
    having = [pk for pk, _, text in paragraphs if BOILERPLATE in search.fold(text)]
    assert len(having) > common_limit(len(paragraphs))
    for paragraph_id, spans in Parallel.objects.filter(paragraph_id__in=having).values_list("paragraph_id", "spans"):
        text = Paragraph.objects.get(pk=paragraph_id).text
        assert any(cleaned(text[start:end]) not in BOILERPLATE for start, end in spans)


def test_the_panel_lists_a_paragraph_said_before_with_the_passage_marked(client, library):
    row = Parallel.objects.select_related("paragraph__speech", "other__speech").order_by("-shared", "pk").first()
    url = f"/speeches/{row.paragraph.speech.slug}/p{row.paragraph.number}/parallels/"
    html = client.get(url, **HTMX).content.decode()
    assert f'href="{row.other.get_absolute_url()}"' in html
    assert "<mark>" in html
    shared = Parallel.objects.filter(paragraph=row.paragraph).order_by("-shared").values_list("shared", flat=True)
    assert list(shared) == sorted(shared, reverse=True)


def test_new_quality_productive_forces_are_new_in_the_earliest_2026_report_that_uses_them(library):
    phrase = "新质生产力"
    users = [
        speech
        for speech in Speech.objects.exclude(date=None).order_by("date", "slug")
        if any(phrase in search.fold(text) for text in speech.paragraphs.values_list("text", flat=True))
    ]
    first = users[0]
    assert first.date.year == 2026
    assert not [speech for speech in users if speech.date == first.date and speech != first]
    assert list(FirstUse.objects.filter(phrase=phrase).values_list("speech__slug", flat=True)) == [first.slug]


def folded_speeches():
    texts = defaultdict(list)
    for speech_id, text in Paragraph.objects.values_list("speech_id", "text"):
        texts[speech_id].append(search.fold(text))
    return {speech_id: "\n".join(parts) for speech_id, parts in texts.items()}


def test_first_uses_are_what_a_plain_scan_finds(library):
    """Listed: a speech's formulations (its kept candidates) that no earlier speech contains and the library says
    twice (here or in later speeches), less the pieces only said inside a longer one and those holding another;
    most taken up by later speeches first."""
    texts = folded_speeches()
    speeches = list(Speech.objects.exclude(date=None).order_by("date"))
    sample = [speeches[0], speeches[-1], *random.Random(4).sample(speeches[1:-1], 2)]  # a plain scan takes a while
    sample += list(Speech.objects.filter(slug__in=["gov-report-2026-zhejiang", "2026-01-26-guangdong-gov-work-report"]))
    assert not FirstUse.objects.filter(speech__date=speeches[0].date).exists()  # nothing earlier to compare
    for speech in sample[1:]:
        earlier = "\n".join(texts[other.pk] for other in speeches if other.date < speech.date)
        later = [texts[other.pk] for other in speeches if other.date > speech.date]
        same_day = [texts[other.pk] for other in speeches if other.date == speech.date and other != speech]
        said = SpeechPhrases.objects.get(speech=speech).phrases
        new = {
            phrase
            for phrase, count in said.items()
            if phrase not in earlier and (count >= 2 or any(phrase in text for text in later + same_day))
        }
        user = search.user_words()
        pieces = {p for p in new for o in new if p != o and p in o and said[p] == said[o] and p not in user}
        whole = new - pieces
        expected = {phrase for phrase in whole if not any(o != phrase and o in phrase for o in whole)}
        listed = list(FirstUse.objects.filter(speech=speech).values_list("phrase", "occurrences", "taken_up"))
        assert {phrase for phrase, _, _ in listed} == expected, speech.slug
        for phrase, occurrences, taken_up in listed:
            assert occurrences == texts[speech.pk].count(phrase)
            assert taken_up == sum(phrase in text for text in later)
            assert 4 <= len(phrase) <= 10
        assert [row[2] for row in listed] == sorted((row[2] for row in listed), reverse=True)


def test_the_speech_page_lists_what_is_new_in_it(client, library):
    speech = FirstUse.objects.get(phrase="新质生产力").speech
    html = client.get(speech.get_absolute_url()).content.decode()
    section = html[html.index('id="first-uses-title"') : html.index("</section>", html.index('id="first-uses-title"'))]
    assert f'<a href="{reverse("phrases:phrase_detail", args=["新质生产力"])}">新质生产力 ' in section
    assert html.index('id="first-uses-title"') > html.index('id="p1"')  # below the text, not above ¶1
