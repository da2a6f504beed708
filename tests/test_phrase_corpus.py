"""The phrase page's counts on the real corpus (../shared/corpus/), checked against a plain scan of the files.

The corpus is imported once for the module (about 25 s) through the import pipeline; the scan reads
the same files with the importer's parser and counts with str.count on the folded paragraphs.
"""

import json

import pytest

from speeches.search import fold

PHRASES = ["新质生产力", "中国式现代化", "国之大者", "改革开放", "人民群众", "一带一路", "中國夢", "党", "，我们"]


@pytest.fixture(scope="module")
def imported(corpus, django_db_setup, django_db_blocker):
    """The whole corpus in the test database, and what a plain scan of its files finds: {slug: (date, paragraphs)}."""
    from django.test import override_settings

    from speeches import actions, phrase_stats
    from speeches.importing import read_speech_file, speech_files
    from speeches.models import Speech

    files, _ = speech_files([corpus])
    scanned = {}
    # Counting needs no passages: their task is enqueued to a backend that never runs it.
    no_tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_db_blocker.unblock(), override_settings(TASKS=no_tasks), actions.batch():
        for path in files:
            result = actions.import_file(path)
            _, parsed = read_speech_file(path)
            scanned[result.slug] = (parsed.date, list(parsed.paragraphs))
        phrase_stats.forget()
    yield scanned
    with django_db_blocker.unblock():
        Speech.objects.all().delete()
        phrase_stats.forget()


def _scan(scanned: dict, phrase: str) -> dict:
    """Occurrences per speech as {slug: (date, occurrences, paragraphs, first number, last number)}."""
    folded = fold(phrase)
    found = {}
    for slug, (date, paragraphs) in scanned.items():
        counts = [fold(text).count(folded) for text in paragraphs]
        numbers = [number for number, count in enumerate(counts, start=1) if count]
        if numbers:
            found[slug] = (date, sum(counts), len(numbers), numbers[0], numbers[-1])
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("phrase", PHRASES)
def test_counts_and_first_uses_equal_a_plain_scan_of_the_corpus(imported, client, phrase):
    expected = _scan(imported, phrase)
    response = client.get(f"/phrases/{fold(phrase)}.json")
    assert response.status_code == 200
    data = json.loads(response.content)

    assert data["phrase"] == fold(phrase)
    assert data["occurrences"] == sum(row[1] for row in expected.values())
    assert data["paragraphs"] == sum(row[2] for row in expected.values())
    assert {row["speech"]: (row["occurrences"], row["paragraphs"]) for row in data["by_speech"]} == {
        slug: (row[1], row[2]) for slug, row in expected.items()
    }
    dated = sorted((row[0], slug) for slug, row in expected.items() if row[0])
    first_date, first_slug = dated[0]
    assert data["first"] == {"speech": first_slug, "date": first_date.isoformat(), "paragraph": expected[first_slug][3]}
    # The latest speech: the last date, the last slug of that date (the library's order).
    latest_date, latest_slug = dated[-1]
    assert data["latest"] == {
        "speech": latest_slug,
        "date": latest_date.isoformat(),
        "paragraph": expected[latest_slug][4],
    }
    per_year = {}
    for date, occurrences, *_ in expected.values():
        if date:
            per_year[str(date.year)] = per_year.get(str(date.year), 0) + occurrences
    assert {year: n for year, n in data["by_year"].items() if n} == per_year
    assert [row["date"] for row in data["by_speech"] if row["date"]] == sorted(
        row["date"] for row in data["by_speech"] if row["date"]
    )


@pytest.mark.django_db
def test_new_quality_productive_forces_first_appear_in_2024_or_later_and_the_page_says_where(imported, client):
    expected = _scan(imported, "新质生产力")
    first = min((row[0], slug) for slug, row in expected.items())
    html = client.get("/phrases/新质生产力/").content.decode()

    assert f"{sum(row[1] for row in expected.values())}</strong>" in html
    assert first[0].isoformat() in html
    assert f"/speeches/{first[1]}/#p{expected[first[1]][3]}" in html
    assert '<svg class="year-chart__svg"' in html
