"""The phrase page's counts on the real corpus (../shared/corpus/), checked against a plain scan of the files.

The corpus is the session's `corpus_library` (tests/conftest.py: `import_speeches ../shared/corpus/`, each text
once); the scan reads the files it imported with the importer's parser and counts with str.count on the folded
paragraphs and section headings, in reading order.
"""

import json

import pytest

from speeches.search import fold

PHRASES = ["新质生产力", "中国式现代化", "国之大者", "改革开放", "人民群众", "一带一路", "中國夢", "党", "，我们"]


@pytest.fixture
def imported(corpus_library):
    """What a plain scan of the imported files finds: {slug: (date, [(anchor, paragraph number, text), …])}, each
    heading before the paragraph it stands above (its number is that paragraph's). Read once for the module."""
    if _SCANNED.get("library") is not corpus_library.path:
        _SCANNED.update(library=corpus_library.path, scanned=_read(corpus_library))
    return _SCANNED["scanned"]


_SCANNED: dict = {}


def _read(corpus_library) -> dict:
    from speeches.importing import read_speech_file

    scanned = {}
    for slug, path in corpus_library.imported.items():
        _, parsed = read_speech_file(path)
        entries = []
        headings = list(enumerate(parsed.headings, start=1))
        for number, text in enumerate(parsed.paragraphs, start=1):
            while headings and headings[0][1].before == number:
                sequence, heading = headings.pop(0)
                entries.append((f"s{sequence}", number, heading.text))
            entries.append((f"p{number}", number, text))
        entries += [(f"s{sequence}", heading.before, heading.text) for sequence, heading in headings]
        scanned[slug] = (parsed.date, entries)
    return scanned


def _scan(scanned: dict, phrase: str) -> dict:
    """Occurrences per speech as {slug: (date, occurrences, places, first (number, anchor), last (number, anchor))}."""
    folded = fold(phrase)
    found = {}
    for slug, (date, entries) in scanned.items():
        counts = [(fold(text).count(folded), number, anchor) for anchor, number, text in entries]
        held = [(number, anchor) for count, number, anchor in counts if count]
        if held:
            found[slug] = (date, sum(count for count, _, _ in counts), len(held), held[0], held[-1])
    return found


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
    number, anchor = expected[first_slug][3]
    assert data["first"] == {
        "speech": first_slug,
        "date": first_date.isoformat(),
        "paragraph": number,
        "anchor": anchor,
    }
    # The latest speech: the last date, the last slug of that date (the library's order).
    latest_date, latest_slug = dated[-1]
    number, anchor = expected[latest_slug][4]
    assert data["latest"] == {
        "speech": latest_slug,
        "date": latest_date.isoformat(),
        "paragraph": number,
        "anchor": anchor,
    }
    per_year = {}
    for date, occurrences, *_ in expected.values():
        if date:
            per_year[str(date.year)] = per_year.get(str(date.year), 0) + occurrences
    assert {year: n for year, n in data["by_year"].items() if n} == per_year
    assert [row["date"] for row in data["by_speech"] if row["date"]] == sorted(
        row["date"] for row in data["by_speech"] if row["date"]
    )


def test_new_quality_productive_forces_first_appear_in_2024_or_later_and_the_page_says_where(imported, client):
    expected = _scan(imported, "新质生产力")
    first = min((row[0], slug) for slug, row in expected.items())
    html = client.get("/phrases/新质生产力/").content.decode()

    assert f"{sum(row[1] for row in expected.values())}</strong>" in html
    assert first[0].isoformat() in html
    assert f"/speeches/{first[1]}/#{expected[first[1]][3][1]}" in html
    assert '<svg class="year-chart__svg"' in html
