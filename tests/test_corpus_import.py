"""The importer on real speeches as they were found: ../shared/corpus/ (read in place, never copied).

The 14 files in as-found/ are checked against what a careful editor took from each
(tests/as_found_expectations.py, written by reading the files); the 118 files of the
two collections are checked for what must hold for every speech.
"""

import datetime

import pytest

from speeches.importing import read_speech_file
from speeches.importing.header import is_debris, is_subtitle, name_line
from tests.as_found_expectations import AS_FOUND

MAX_PARAGRAPH_CHARS = 3000


@pytest.mark.parametrize("name", sorted(AS_FOUND))
def test_as_found_file_gives_what_an_editor_takes(corpus, name):
    expected = AS_FOUND[name]
    _, parsed = read_speech_file(corpus / "as-found" / name)

    assert parsed.title == expected["title"]
    assert parsed.speaker == expected["speaker"]
    assert parsed.date == (datetime.date.fromisoformat(expected["date"]) if expected["date"] else None)
    assert parsed.source_note == expected["source_note"]
    assert len(parsed.paragraphs) == expected["paragraphs"]
    assert [(heading.level, heading.text) for heading in parsed.headings] == expected["headings"]
    assert parsed.paragraphs[0] == expected["first"]
    assert parsed.paragraphs[-1] == expected["last"]
    assert (parsed.appendix[0] if parsed.appendix else None) == expected["appendix_first"]
    assert len(parsed.appendix) == expected["appendix_lines"]
    # Everything the editor struck out is reported as dropped, not silently lost.
    assert not set(expected["dropped"]) - set(parsed.dropped)


def _problems(path):
    """What is wrong with one imported file, as readable lines (empty when all holds)."""
    _, parsed = read_speech_file(path)
    problems = []
    if parsed.title in (path.stem, path.name):
        problems.append("title is the file name")
    if parsed.date is None:
        problems.append("no date")
    for number, text in enumerate(parsed.paragraphs, start=1):
        if len(text) > MAX_PARAGRAPH_CHARS:
            problems.append(f"¶{number} has {len(text)} characters")
        if is_debris(text) or is_subtitle(text) or name_line(text) or text == parsed.title:
            problems.append(f"¶{number} is a header or web-page line: {text[:40]}")
    return [f"{path.name}: {problem}" for problem in problems]


@pytest.mark.parametrize("folder", ["xi-speeches-2013-2016", "provincial-gov-reports-2026"])
def test_every_speech_of_a_collection_imports_clean(corpus, folder):
    files = sorted((corpus / folder).glob("*.txt"))
    assert files, f"no files in {folder}"
    problems = [problem for path in files for problem in _problems(path)]
    assert problems == []


@pytest.mark.django_db
def test_the_whole_corpus_imports_with_the_command_and_long_reports_have_an_outline(corpus, client):
    from io import StringIO

    from django.core.management import call_command

    from speeches.models import Speech

    out = StringIO()
    call_command("import_speeches", str(corpus), stdout=out)

    lines = out.getvalue().splitlines()
    assert sum(line.startswith("created ") for line in lines) == 132
    assert sum(line.startswith("skipped ") for line in lines) == 2  # README.md and SOURCES.md
    assert Speech.objects.count() == 132
    assert not Speech.objects.filter(title__in=[""]).exists()
    report = Speech.objects.get(slug="2026-01-27-hainan-gov-work-report")
    html = client.get(report.get_absolute_url()).content.decode()
    outline = html[html.index('<nav class="outline"') : html.index("</nav>", html.index('<nav class="outline"'))]
    assert outline.count('href="#s') == report.headings.count() == 14
    assert '<a href="#s1">一、2025年和“十四五”时期工作回顾</a>' in outline
