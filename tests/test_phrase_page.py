"""The phrase page, its JSON, its concordance (sorting, pages, CSV) and its company, on speeches built in code."""

import csv
import datetime
import io
import json
import re
from urllib.parse import quote

import pytest

from speeches import actions, phrase_stats
from tests.factories import make_note, make_speech


@pytest.fixture
def english(client):
    """The interface in English (the footer's switch), for the tests that read its words."""
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


PHRASE = "新质生产力"


@pytest.fixture(autouse=True)
def fresh_library():
    phrase_stats.forget()
    yield
    phrase_stats.forget()


def dated(speech, year, month=1, day=1):
    speech.date = datetime.date(year, month, day)
    speech.save(update_fields=["date"])
    return speech


@pytest.fixture
def library(db):
    """Three speeches: 2016 (none), 2024 (first: ¶2 and ¶3, one written in traditional characters), 2025 (latest)."""
    old = dated(make_speech("old", ["改革开放是决定当代中国命运的关键一招。", "坚持改革开放。"], title="旧讲话"), 2016)
    first = dated(
        make_speech(
            "first",
            ["开场白。", f"发展{PHRASE}，培育{PHRASE}。", "因地制宜发展新質生產力。"],
            title="首次讲话",
        ),
        2024,
        3,
        5,
    )
    latest = dated(make_speech("latest", [f"加快{PHRASE}。", "结束语。", f"{PHRASE}。"], title="最近讲话"), 2025)
    return old, first, latest


def get_json(client, phrase):
    response = client.get(f"/phrases/{quote(phrase)}.json")
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_json_counts_every_occurrence_and_says_where_it_was_first_and_last_said(client, library):
    data = get_json(client, PHRASE)

    assert data == {
        "phrase": PHRASE,
        "occurrences": 5,
        "paragraphs": 4,
        "first": {"speech": "first", "date": "2024-03-05", "paragraph": 2, "anchor": "p2"},
        "latest": {"speech": "latest", "date": "2025-01-01", "paragraph": 3, "anchor": "p3"},
        "by_year": {str(year): 0 for year in range(2016, 2024)} | {"2024": 3, "2025": 2},
        "by_speech": [
            {"speech": "first", "date": "2024-03-05", "occurrences": 3, "paragraphs": 2},
            {"speech": "latest", "date": "2025-01-01", "occurrences": 2, "paragraphs": 2},
        ],
    }


def test_a_section_heading_counts_where_it_stands_and_links_to_its_anchor(client, library):
    from speeches.models import Heading

    _, first, _ = library
    Heading.objects.create(speech=first, sequence=1, level=1, text=f"一、加快培育{PHRASE}", before=1)

    data = get_json(client, PHRASE)
    assert data["occurrences"] == 6 and data["paragraphs"] == 5  # the heading is a place it is said
    assert data["first"] == {"speech": "first", "date": "2024-03-05", "paragraph": 1, "anchor": "s1"}
    html = client.get(f"/phrases/{quote(PHRASE)}/").content.decode()
    assert f'href="{first.get_absolute_url()}#s1"' in html  # the concordance line, and the first use
    assert f'href="{first.get_absolute_url()}?q={quote(PHRASE)}#s1"' in html  # the list per speech


def test_a_withdrawn_speech_leaves_the_counts(client, library):
    from speeches import actions

    _, _, latest = library
    assert get_json(client, PHRASE)["occurrences"] == 5  # the library is read, then a speech is archived
    actions.archive(latest)
    data = get_json(client, PHRASE)
    assert data["occurrences"] == 3 and data["latest"]["speech"] == "first"
    assert [row["speech"] for row in data["by_speech"]] == ["first"]


def test_counts_are_non_overlapping_like_str_count(client, db):
    make_speech("laugh", ["哈哈哈哈哈", "哈哈"])

    assert get_json(client, "哈哈")["occurrences"] == 3  # 2 + 1, as str.count counts
    assert get_json(client, "哈哈哈")["occurrences"] == 1


def test_a_traditional_or_spaced_phrase_redirects_to_its_folded_form(client, library):
    response = client.get("/phrases/新質生產力/?sort=after")
    assert response.status_code == 302
    assert response["Location"] == f"/phrases/{quote(PHRASE)}/?sort=after"

    response = client.get(f"/phrases/{quote('  新质  生产力 ')}.json")
    assert response.status_code == 302
    assert response["Location"] == f"/phrases/{quote('新质 生产力')}.json"


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        ("新" * 31, "at most 30 characters"),
        ("，。！", "not only punctuation"),
        ("新质\x07生产力", "control characters"),
        ("%20", "Give a phrase"),
    ],
)
def test_a_phrase_that_cannot_be_counted_is_refused_with_its_reason(english, library, phrase, reason):
    page = english.get(f"/phrases/{phrase if phrase == '%20' else quote(phrase)}/")
    data = english.get(f"/phrases/{phrase if phrase == '%20' else quote(phrase)}.json")

    assert page.status_code == 400
    assert reason in page.content.decode()
    assert data.status_code == 400
    assert reason in json.loads(data.content)["error"]


def test_page_shows_totals_first_and_latest_use_and_the_speeches_by_date(english, library):
    html = english.get(f"/phrases/{quote(PHRASE)}/").content.decode()

    assert "<strong>5</strong> occurrences in <strong>4</strong> paragraphs of <strong>2</strong> speeches" in html
    assert 'href="/speeches/first/#p2">首次讲话</a> · 2024-03-05' in html
    assert 'href="/speeches/latest/#p3">最近讲话</a> · 2025-01-01' in html
    table = re.search(r'<table class="phrase-speeches__table">.*?</table>', html, re.S).group(0)
    assert table.index("首次讲话") < table.index("最近讲话")
    assert "旧讲话" not in table


def row(year, occurrences, speeches, chars, rate):
    """A row of the chart's table: year, occurrences, speeches, characters, rate per 10,000 characters."""
    cells = [occurrences, speeches, chars, rate]
    return f'<th scope="row">{year}</th>' + "".join(f'<td class="number">{cell}</td>' for cell in cells)


def test_chart_gives_occurrences_per_year_and_a_table_of_speeches_characters_and_rate(english, library):
    html = english.get(f"/phrases/{quote(PHRASE)}/").content.decode()
    chars_2024 = sum(len(text) for text in ["开场白。", f"发展{PHRASE}，培育{PHRASE}。", "因地制宜发展新質生產力。"])
    rate_2024 = 3 * 10_000 / chars_2024

    assert '<svg class="year-chart__svg"' in html
    table = re.search(r'<table class="year-chart__table.*?</table>', html, re.S).group(0)
    assert row(2024, 3, 1, chars_2024, f"{rate_2024:.2f}") in table
    assert row(2016, 0, 1, 26, "0.00") in table
    assert row(2020, 0, 0, 0, "no speeches") in table
    assert ">3</text>" in html  # the bar says how often, not a rate
    # Each year that has it links to the search, narrowed to that year.
    assert f'href="/search/?q={quote(PHRASE)}&amp;year=2024"' in html


def test_concordance_shows_each_occurrence_in_its_context_linked_to_its_paragraph(client, library):
    html = client.get(f"/phrases/{quote(PHRASE)}/").content.decode()
    lines = re.findall(r'<li class="kwic">.*?</li>', html, re.S)

    assert len(lines) == 5
    assert (
        '<span class="kwic__left">发展</span><a class="kwic__match" href="/speeches/first/#p2">新质生产力</a>'
        in lines[0]
    )
    assert '<span class="kwic__right">，培育新质生产力。</span>' in lines[0]
    # The traditional spelling is found, and shown as it was written.
    assert '<a class="kwic__match" href="/speeches/first/#p3">新質生產力</a>' in lines[2]


def _order(html: str) -> list[str]:
    return re.findall(r'<span class="kwic__left">(?:…)?([^<]*)</span>', html)


def test_concordance_sorts_by_the_word_before_and_after(client, db):
    make_speech(
        "sorting",
        [f"培育{PHRASE}的土壤。", f"发展{PHRASE}，要求高。", f"加快{PHRASE}发展。", f"积极培育{PHRASE}建设。"],
    )
    url = f"/phrases/{quote(PHRASE)}/"

    assert _order(client.get(url).content.decode()) == ["培育", "发展", "加快", "积极培育"]
    # 加 < 发 < 培 by code point; equal words keep the order of the speeches.
    assert _order(client.get(url, {"sort": "before"}).content.decode()) == ["加快", "发展", "培育", "积极培育"]
    after = client.get(url, {"sort": "after"}).content.decode()
    # "，" after 发展…: no word, first; then 发展 < 建设 < 的.
    assert _order(after) == ["发展", "加快", "积极培育", "培育"]
    assert '<strong aria-current="true">' in after


def test_concordance_pages_and_htmx_gets_only_the_concordance(client, db):
    make_speech("many", [f"第{n}次提到{PHRASE}。" for n in range(1, 121)])
    url = f"/phrases/{quote(PHRASE)}/"

    first = client.get(url).content.decode()
    assert len(re.findall(r'<li class="kwic">', first)) == 50
    assert f'href="{url}?page=2"' in first
    fragment = client.get(url, {"page": "3"}, HTTP_REQUEST="true", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert len(re.findall(r'<li class="kwic">', fragment)) == 20
    assert 'start="101"' in fragment
    assert "第101次提到" in fragment
    assert client.get(url, {"page": "x", "sort": "nonsense"}).status_code == 200


def test_csv_export_has_every_line_in_order_and_neutralises_formulas(client, db):
    make_speech("formula", [f"=1+1{PHRASE}", f"@SUM(A1){PHRASE}-2", f"平常的{PHRASE}。"])
    response = client.get(f"/phrases/{quote(PHRASE)}/concordance.csv", {"sort": "before"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["date", "speech", "title", "paragraph", "left", "phrase", "right", "url"]
    # By the word before: none after ")" sorts first, then 1 (of 1+1), then 平常.
    assert [row[4] for row in rows[1:]] == ["'@SUM(A1)", "'=1+1", "平常的"]
    assert rows[1][6] == "'-2"
    assert rows[3][7] == "http://testserver/speeches/formula/#p3"


def test_company_lists_words_said_in_its_sentences_more_often_than_chance(client, db):
    together = [f"以科技创新赋能{PHRASE}，要扎实推进。" for _ in range(6)]
    elsewhere = [f"第{n}条：扎实做好民生保障工作，坚持稳中求进。" for n in range(60)]
    make_speech("company", together + elsewhere)
    url = f"/phrases/{quote(PHRASE)}/company/"

    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    words = re.findall(r'<a href="/phrases/([^/]+)/">', fragment)
    from urllib.parse import unquote

    words = [unquote(word) for word in words]
    assert "科技创新" in words or "创新" in words
    assert "赋能" in words
    assert "扎实" not in words  # said as often elsewhere
    assert "要" not in words  # a stop word
    assert client.get(url).content.decode().count("<html") == 1
    page = client.get(f"/phrases/{quote(PHRASE)}/").content.decode()
    assert f'hx-get="{url}"' in page and f'<a href="{url}">' in page


def test_a_phrase_nobody_said_gets_an_empty_page_not_an_error(client, library):
    response = client.get(f"/phrases/{quote('不存在的提法')}/")
    assert response.status_code == 200
    assert "concordance" not in response.content.decode()
    assert get_json(client, "不存在的提法")["first"] is None


def test_the_counts_follow_a_change_of_the_paragraphs_at_once(client, library):
    assert get_json(client, PHRASE)["occurrences"] == 5
    old, *_ = library
    last = old.paragraphs.order_by("number").last()
    actions.correct(old, last.number, f"{last.text}\n\n提出{PHRASE}。")  # an editor splits off a new paragraph
    assert get_json(client, PHRASE)["occurrences"] == 6


def test_the_phrase_page_never_shows_a_note(client, library, alice, bob, charlie, group):
    _, first, _ = library
    make_note(alice, group, first.paragraphs.get(number=2), body=f"组内讨论{PHRASE}的笔记")
    make_note(bob, group, first.paragraphs.get(number=2), body=f"私下记{PHRASE}", visibility="private")

    for user in (None, charlie, bob, alice):
        if user:
            client.force_login(user)
        html = client.get(f"/phrases/{quote(PHRASE)}/").content.decode()
        html += client.get(f"/phrases/{quote(PHRASE)}/company/").content.decode()
        html += client.get(f"/phrases/{quote(PHRASE)}.json").content.decode()
        assert "组内讨论" not in html and "私下记" not in html


def test_a_year_with_too_little_text_is_drawn_so_and_never_as_the_tallest_bar(english, db):
    """工会 in 2023: one short speech (under 2% of the library's text) that says it more often than any other year
    does; its bar is hatched, lower than the tallest, and its rate is no figure to compare."""
    from speeches import charts
    from speeches.phrase_stats import YearCount

    long_text = ["工会工作要做好。" + "其他内容。" * 60] * 10  # 2016 and 2020: plenty of text
    dated(make_speech("y2016", long_text, title="二〇一六"), 2016)
    dated(make_speech("y2020", long_text[:5], title="二〇二〇"), 2020)
    dated(make_speech("y2023", ["工会工会工会工会工会工会工会工会工会工会工会工会。"], title="二〇二三"), 2023)

    html = english.get("/phrases/工会/").content.decode()
    drawn = re.findall(
        r'<g class="year-chart__bar([^"]*)" aria-hidden="true">\s*<title>(\d{4}):.*?height="([\d.]+)"', html, re.S
    )
    classes = {year: kind for kind, year, _ in drawn}
    heights = {year: float(height) for _, year, height in drawn}
    assert "year-chart__bar--thin" in classes["2023"] and "thin" not in classes["2016"]
    assert heights["2023"] < heights["2016"] == max(heights.values())
    assert "too little text: under 2% of the library" in html
    assert "2023: 12 occurrences, too little text that year to compare" in html

    chart = charts.year_chart([YearCount(2022, 5, 10_000, 3), YearCount(2023, 50, 100, 1)])
    thin, full = chart["bars"][1], chart["bars"][0]
    assert thin.thin and not full.thin and thin.height < full.height
