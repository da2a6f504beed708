"""The importer on real speeches as they were found: ../shared/corpus/ (read in place, never copied).

The 14 files in as-found/ are checked against what a careful editor took from each
(tests/as_found_expectations.py, written by reading the files); the 118 files of the
two collections are checked for what must hold for every speech; and the whole corpus, imported
once per session by `manage.py import_speeches ../shared/corpus/` (`corpus_library`), for a library
that tells the truth: each text once, titles that say whose report, the dates the texts give,
every report's outline, headings found by search, and 首次出现 that lists formulations.
"""

import datetime
import random
import re

import pytest

from passages.models import FirstUse
from reading.outline import build_outline
from speeches import phrase_stats, search
from speeches.importing import read_speech_file
from speeches.importing.dates import DATELINE
from speeches.importing.duplicates import find_duplicate
from speeches.importing.header import is_debris, is_subtitle, name_line
from speeches.importing.titles import NEWS_PREFIX
from speeches.models import Heading, Speech
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


# ---------------------------------------------------------------- the whole corpus, imported by the command

PROVINCES = {
    "anhui": "安徽", "beijing": "北京", "chongqing": "重庆", "fujian": "福建", "gansu": "甘肃", "guangdong": "广东",
    "guangxi": "广西", "guizhou": "贵州", "hainan": "海南", "hebei": "河北", "heilongjiang": "黑龙江", "henan": "河南",
    "hubei": "湖北", "hunan": "湖南", "jiangsu": "江苏", "jiangxi": "江西", "jilin": "吉林", "liaoning": "辽宁",
    "neimenggu": "内蒙古", "ningxia": "宁夏", "qinghai": "青海", "shaanxi": "陕西", "shandong": "山东",
    "shanghai": "上海", "shanxi": "山西", "sichuan": "四川", "tianjin": "天津", "xinjiang": "新疆", "xizang": "西藏",
    "yunnan": "云南", "zhejiang": "浙江",
}  # fmt: skip
# A run-in or standing sub-section of a report: （一）…, 一是…
SUB_SECTION = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+是)")


def provincial_reports(corpus_library):
    """Each province's report in the library: the file's own, or the as-found copy whose text it has."""
    reports = {}
    for path in sorted((corpus_library.path / "provincial-gov-reports-2026").glob("*.txt")):
        province = path.stem.removeprefix("gov-report-2026-")
        slug = corpus_library.skipped.get(path) or next(s for s, p in corpus_library.imported.items() if p == path)
        reports[province] = Speech.objects.get(slug=slug)
    return reports


def test_the_corpus_gives_each_text_once(corpus_library):
    """132 files, 121 texts: ten are in as-found/ too, and the 2017 New Year address is there three times."""
    assert len(corpus_library.imported) + len(corpus_library.skipped) == 132
    assert Speech.objects.count() == len(corpus_library.imported) == 121
    assert sorted(corpus_library.skipped.values()).count("2016-12-31-xi-new-year-address-2017") == 2
    assert len(corpus_library.skipped) == 11
    # No two speeches of the library share most of their paragraphs.
    for speech in Speech.objects.all():
        duplicate = find_duplicate(speech.paragraphs.values_list("text", flat=True), exclude=speech)
        assert duplicate is None, (speech.slug, duplicate)
    assert sum(line.startswith("skipped ") and "folder document" in line for line in corpus_library.output) == 2


def test_every_provincial_title_names_its_province(corpus_library):
    reports = provincial_reports(corpus_library)
    assert len(reports) == 31
    assert {
        province: reports[province].title
        for province in PROVINCES
        if PROVINCES[province] not in reports[province].title
    } == {}


def test_no_title_holds_a_dateline_or_an_agency(corpus_library):
    titles = list(Speech.objects.values_list("title", flat=True))
    assert [title for title in titles if DATELINE.search(title) or NEWS_PREFIX.match(title)] == []
    assert "关于《中共中央关于全面深化改革若干重大问题的决定》的说明" in titles


def test_the_2017_new_year_address_is_dated_when_it_was_given(corpus_library):
    address = Speech.objects.get(title="二〇一七年新年贺词")
    assert address.date == datetime.date(2016, 12, 31) and address.speaker == "习近平"
    # The dataset's copy, named 2013-12-31, was the same text: it was skipped, not dated 2013.
    assert not Speech.objects.filter(date=datetime.date(2013, 12, 31), title__contains="新年贺词").exists()


def test_every_speech_of_the_xi_collection_names_its_speaker(corpus_library):
    xi = [slug for slug, path in corpus_library.imported.items() if path.parent.name == "xi-speeches-2013-2016"]
    assert len(xi) > 70
    assert set(Speech.objects.filter(slug__in=xi).values_list("speaker", flat=True)) == {"习近平"}


def test_guangdongs_outline_has_its_fourteen_work_areas(corpus_library, client):
    guangdong = provincial_reports(corpus_library)["guangdong"]
    html = client.get(guangdong.get_absolute_url()).content.decode()
    outline = html[html.index('<nav class="outline"') : html.index("</nav>", html.index('<nav class="outline"'))]
    areas = re.findall(r'outline__item--2"><a href="#s\d+">(（[一二三四五六七八九十]+）)', outline)
    assert areas == [
        f"（{n}）" for n in ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四"]
    ]


def test_every_provincial_report_has_its_sub_sections_in_its_outline(corpus_library):
    for province, report in provincial_reports(corpus_library).items():
        outline = build_outline(report.paragraphs.order_by("number"), report.headings.all())
        entries = [child for entry in outline for child in [entry, *entry.children]]
        sub_sections = [entry for entry in entries if entry.level > 1 or SUB_SECTION.match(entry.label)]
        sub_sections += [leaf for entry in entries for leaf in entry.children if SUB_SECTION.match(leaf.label)]
        assert len(sub_sections) >= 4, province


def test_a_section_heading_is_found_by_search_and_links_to_its_anchor(corpus_library, client):
    heading = Heading.objects.get(text="（四）坚持创新驱动，加快培育壮大新质生产力")
    results = search.search("坚持创新驱动，加快培育壮大新质生产力")
    hit = next(hit for hit in results.hits if hit.heading)
    assert (hit.speech_slug, hit.number, hit.paragraph_id) == (heading.speech.slug, heading.sequence, heading.pk)
    html = client.get("/search/", {"q": "坚持创新驱动，加快培育壮大新质生产力"}).content.decode()
    assert f"#s{heading.sequence}" in html and "result__heading" in html


def test_every_first_use_is_said_twice_in_the_library_and_sits_on_word_boundaries(corpus_library):
    lib = phrase_stats.phrase_library()
    listed = list(FirstUse.objects.select_related("speech"))
    assert len(listed) > 1000
    for use in listed:
        assert phrase_stats.phrase_stats(use.phrase, lib).occurrences >= 2, use
    # Word boundaries, cut again here (jieba, the search's own cutting): in a sample of speeches, the three reports
    # the issue named among them (cutting all 121 takes a while).
    reports = provincial_reports(corpus_library)
    named = {reports[province].pk for province in ("guangdong", "ningxia", "zhejiang")}
    speeches = sorted({use.speech_id for use in listed})
    sample = named | set(random.Random(22).sample(speeches, 20))
    boundaries = {}  # speech → each paragraph's folded text, with where jieba's words start and end in it
    for use in listed:
        if use.speech_id not in sample:
            continue
        if use.speech_id not in boundaries:
            texts = [search.fold(text) for text in use.speech.paragraphs.values_list("text", flat=True)]
            boundaries[use.speech_id] = [(text, *_edges(text)) for text in texts if len(text) > 3]
        assert _on_word_boundaries(use.phrase, boundaries[use.speech_id]), use
    zhejiang = provincial_reports(corpus_library)["zhejiang"]
    assert "新质生产力" in list(zhejiang.first_uses.values_list("phrase", flat=True))[:12]


def _edges(text: str) -> tuple[set[int], set[int]]:
    spans = search.word_spans(text)
    return {start for start, _ in spans}, {end for _, end in spans}


def _on_word_boundaries(phrase: str, paragraphs) -> bool:
    """Whether somewhere in the paragraphs the phrase starts and ends where jieba's words do."""
    for text, starts, ends in paragraphs:
        start = text.find(phrase)
        while start >= 0:
            if start in starts and start + len(phrase) in ends:
                return True
            start = text.find(phrase, start + 1)
    return False
