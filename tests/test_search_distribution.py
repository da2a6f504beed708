"""Above the search results: where the paragraphs found are, per year and per speech, as links that narrow them."""

import datetime
import re
from urllib.parse import quote

import pytest

from speeches import actions, distribution, phrase_stats, search
from speeches.models import Speech
from tests.factories import make_speech


@pytest.fixture
def english(client):
    """The interface in English (the footer's switch), for the tests that read its words."""
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@pytest.fixture(autouse=True)
def fresh_library():
    phrase_stats.forget()
    distribution.forget()
    yield
    phrase_stats.forget()
    distribution.forget()


@pytest.fixture
def indexed(db):
    def speech(slug, year, paragraphs):
        made = make_speech(slug, paragraphs, title=f"讲话{slug}")
        made.date = datetime.date(year, 6, 1)
        made.save(update_fields=["date"])

    speech("a2016", 2016, ["坚持改革开放。", "改革开放再出发，改革开放不停步。", "其他内容。"])
    speech("b2016", 2016, ["深化改革。"])
    speech("c2020", 2020, ["改革开放四十年。", "改革开放。", "改革开放！", "无关。"])
    search.rebuild_index(processes=1)


def test_results_show_the_chart_per_year_and_the_speeches_with_most_paragraphs(english, indexed):
    html = english.get("/search/", {"q": "改革开放"}).content.decode()

    assert '<svg class="year-chart__svg"' in html
    table = re.search(r'<table class="year-chart__table.*?</table>', html, re.S).group(0)
    chars_2016 = len("坚持改革开放。改革开放再出发，改革开放不停步。其他内容。深化改革。")
    cells = "".join(f'<td class="number">{cell}</td>' for cell in [3, 2, chars_2016, f"{3 * 10_000 / chars_2016:.2f}"])
    assert f'<th scope="row">2016</th>{cells}' in table
    assert '<th scope="row">2018</th><td class="number">0</td><td class="number">0</td>' in table
    speeches = re.search(r'<ol class="distribution__speeches">.*?</ol>', html, re.S).group(0)
    assert speeches.index("讲话c2020") < speeches.index("讲话a2016")  # 3 paragraphs before 2
    assert "讲话b2016" not in speeches
    assert 'href="?q=%E6%94%B9%E9%9D%A9%E5%BC%80%E6%94%BE&amp;speech=c2020"' in speeches
    assert 'href="?q=%E6%94%B9%E9%9D%A9%E5%BC%80%E6%94%BE&amp;year=2016"' in html
    assert f'<a href="/phrases/{quote("改革开放")}/">' in html  # one term: its phrase page


def test_a_year_link_narrows_the_results_to_that_years_speeches(english, indexed):
    html = english.get("/search/", {"q": "改革开放", "year": "2016"}).content.decode()

    assert "Found <strong>2</strong> paragraphs" in html
    assert "讲话c2020 ·" not in html
    assert '<input type="hidden" name="year" value="2016">' in html
    assert 'href="?q=%E6%94%B9%E9%9D%A9%E5%BC%80%E6%94%BE">Show results from all speeches' in html


@pytest.mark.parametrize("year", ["1999", "abcd", "20166", ""])
def test_a_year_without_speeches_or_no_year_does_not_narrow(english, indexed, year):
    html = english.get("/search/", {"q": "改革开放", "year": year}).content.decode()
    assert "Found <strong>5</strong> paragraphs" in html


def test_the_distribution_counts_the_paragraphs_search_finds_verbatim(client, indexed):
    for query in ["改革开放", "改革 开放", "改革", "再出发 不停步"]:
        results = search.search(query, limit=0)
        found = distribution.query_distribution(results.terms)
        assert found.paragraph_count == results.exact_count, query


def test_the_fragment_for_htmx_has_the_distribution_too(client, indexed):
    html = client.get("/search/", {"q": "改革开放"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html
    assert '<svg class="year-chart__svg"' in html


def test_no_distribution_without_verbatim_matches(client, indexed):
    html = client.get("/search/", {"q": quote("不存在")}).content.decode()
    assert "year-chart" not in html


@pytest.mark.parametrize("query", ["改革开放", "改革 开放", "改", "开放 四十年", "没有的话"])
def test_the_search_counts_the_distribution_as_a_scan_of_the_library_does(indexed, query):
    # The search page passes what the search counted, so as not to count again: it must be what the
    # library's own count finds, whatever filter the search ran under. The index holds the paragraphs by
    # slug, the library by date: a late speech with the first slug tells the orders apart.
    late = make_speech("0-late", ["改革开放不停步，改革开放四十年。", "开放。"], title="后来")
    late.date = datetime.date(2030, 1, 1)
    late.save(update_fields=["date"])
    search.rebuild_index(processes=1)
    terms = search.parse_query(query)[2]
    scanned = distribution.query_distribution(terms)
    for narrowed in ({}, {"speeches": ["b2016"]}, {"speech": "c2020"}):
        distribution.forget()
        counted = distribution.query_distribution(terms, found=search.search(query, **narrowed).everywhere)
        assert counted.paragraph_count == scanned.paragraph_count
        assert counted.stats.by_year == scanned.stats.by_year
        assert counted.stats.by_speech == scanned.stats.by_speech


def test_the_drawn_distribution_follows_the_library_and_the_readers_language(client, indexed):
    chinese = client.get("/search/", {"q": "改革开放"}).content.decode()
    assert "讲话c2020" in re.search(r'<ol class="distribution__speeches">.*?</ol>', chinese, re.S).group(0)
    assert "Speeches with the most paragraphs found" not in chinese

    actions.update_details(Speech.objects.get(slug="c2020"), title="改过标题的讲话")  # a new revision
    again = client.get("/search/", {"q": "改革开放"}).content.decode()
    speeches = re.search(r'<ol class="distribution__speeches">.*?</ol>', again, re.S).group(0)
    assert "改过标题的讲话" in speeches and "讲话c2020" not in speeches

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/search/", {"q": "改革开放"}).content.decode()
    assert "Speeches with the most paragraphs found" in english
