"""Parallels and first uses over the real speeches of ../shared/corpus/, checked against plain scans.

The corpus is imported once for the module, with the import pipeline and its announcement (so through the
hook the passages app listens to), and removed afterwards.
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


@pytest.fixture(scope="module")
def library(corpus, django_db_setup, django_db_blocker):
    from passages.tasks import is_behind
    from speeches import actions
    from speeches.importing import speech_files

    with django_db_blocker.unblock():
        files, _ = speech_files([corpus])
        with actions.batch():  # the passages task runs once, when the batch ends (immediately, in tests)
            slugs = [actions.import_file(path).slug for path in files]
        assert not is_behind()  # the passages app computed, and nothing failed
        yield slugs
        Speech.objects.all().delete()


def cleaned(text: str) -> str:
    return "".join(ch for ch in search.fold(text) if ch.isalnum())


@pytest.fixture(scope="module")
def paragraphs(library, django_db_blocker):
    with django_db_blocker.unblock():
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
    """Listed: a speech's candidate phrases in no earlier speech, the shortest of those that contain one another."""
    texts = folded_speeches()
    speeches = list(Speech.objects.exclude(date=None).order_by("date"))
    sample = [speeches[0], speeches[-1], *random.Random(4).sample(speeches[1:-1], 8)]
    sample += list(Speech.objects.filter(slug__startswith="2026-"))
    assert not FirstUse.objects.filter(speech__date=speeches[0].date).exists()  # nothing earlier to compare
    for speech in sample[1:]:
        earlier = "\n".join(texts[other.pk] for other in speeches if other.date < speech.date)
        candidates = SpeechPhrases.objects.get(speech=speech).phrases
        new = {phrase for phrase in candidates if phrase not in earlier}
        expected = {phrase for phrase in new if not any(other != phrase and other in phrase for other in new)}
        listed = dict(FirstUse.objects.filter(speech=speech).values_list("phrase", "occurrences"))
        assert set(listed) == expected, speech.slug
        for phrase, occurrences in listed.items():
            assert occurrences == texts[speech.pk].count(phrase)
            assert 4 <= len(phrase) <= 10
            assert occurrences >= 2 or phrase in search.key_phrases(speech)


def test_the_speech_page_lists_what_is_new_in_it(client, library):
    speech = FirstUse.objects.get(phrase="新质生产力").speech
    html = client.get(speech.get_absolute_url()).content.decode()
    section = html[html.index('id="first-uses-title"') : html.index("</section>", html.index('id="first-uses-title"'))]
    assert "新质生产力" in section
    assert f'href="{reverse("phrases:phrase_detail", args=["新质生产力"])}"' in section
