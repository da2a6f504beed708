"""/search/: the full page without htmx, the results fragment with it, and the speech page it links to."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from speeches import actions, search
from speeches.models import Speech
from tests.factories import make_speech

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def get_search(client, **params):
    return client.get(reverse("speeches:search"), params)


def test_full_page_lists_hits_with_marked_snippets_linking_to_the_paragraph(client, seed_index):
    response = get_search(client, q="国之大者")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and 'id="results"' in html
    assert "找到 <strong>1</strong> 段包含“国之大者”" in html
    assert f'href="/speeches/{seed_index.slug}/?q={quote("国之大者")}#p3"' in html
    assert "<mark>国之大者</mark>" in html
    assert "在同全国总工会新一届领导班子成员集体谈话时的讲话 · 第 3 段" in html


def test_htmx_request_gets_only_the_results_fragment(client, seed_index):
    response = client.get(reverse("speeches:search"), {"q": "娘家人"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert "<mark>娘家人</mark>" in html
    assert "HX-Request" in response["Vary"] and "HX-History-Restore-Request" in response["Vary"]


def test_history_restore_gets_the_whole_page(client, seed_index):
    response = client.get(reverse("speeches:search"), {"q": "娘家人"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert "<html" in response.content.decode()


def test_related_matches_are_labelled(client, seed_index):
    html = get_search(client, q="职工权益").content.decode()
    assert "没有段落包含“职工权益”" in html
    assert "相关" in html and "result--related" in html
    assert "<mark>职工</mark>" in html and "<mark>权益</mark>" in html


def test_query_text_is_escaped_everywhere(client, seed_index):
    html = get_search(client, q='<script>alert("x")</script>').content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_an_over_long_query_is_cut_with_a_notice(client, seed_index):
    response = get_search(client, q="工会" * 100)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"搜索内容太长，只搜索了“{'工会' * 50}”（最多 100 个字、10 个词）" in html


def test_a_query_of_more_than_ten_words_is_cut_with_a_notice(client, seed_index):
    html = get_search(client, q="一 二 三 四 五 六 七 八 九 十 党").content.decode()
    assert "只搜索了“一 二 三 四 五 六 七 八 九 十”" in html


@pytest.mark.parametrize("query", ["", "   ", "\x00", "*", "AND", "\\", "🙂" * 500, "a" * 10_000])
def test_odd_queries_never_fail(client, seed_index, query):
    assert get_search(client, q=query).status_code == 200
    assert client.get(reverse("speeches:search"), {"q": query}, **HTMX).status_code == 200


def test_empty_query_shows_examples(client, seed_index):
    html = get_search(client).content.decode()
    assert "输入要找的词句" in html
    assert f'href="?q={quote("国之大者")}"' in html


def test_without_an_index_the_page_says_so_with_503(client, no_index):
    response = get_search(client, q="党")
    assert response.status_code == 503
    assert "搜索暂时不可用" in response.content.decode()


def test_without_an_index_the_live_results_say_so_too(client, no_index):
    response = client.get(reverse("speeches:search"), {"q": "党"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 503
    assert "<html" not in html and "搜索暂时不可用" in html
    # htmx swaps 503 into the results (other errors it leaves unswapped).
    page = get_search(client).content.decode()
    assert '{"code": "503", "swap": true}' in page


def test_a_damaged_index_is_reported_on_the_page_not_as_a_crash(client, seed_index, settings):
    from pathlib import Path

    root = Path(settings.SEARCH_INDEX_DIR)
    search.forget_open_indexes()
    for path in (root / (root / search.POINTER).read_text()).iterdir():
        if path.suffix in {".seg", ".toc"}:
            path.write_bytes(b"garbage")
    response = get_search(client, q="党")
    assert response.status_code == 503
    assert "搜索暂时不可用" in response.content.decode()


def test_filter_by_speech_appears_once_there_are_several(client, seed_index):
    assert 'name="speech"' not in get_search(client, q="党").content.decode()
    make_speech("other", ["坚持党的领导。"], title="另一篇讲话")
    search.rebuild_index(processes=1)
    html = get_search(client, q="党").content.decode()
    assert '<select id="speech" name="speech"' in html
    filtered = get_search(client, q="党", speech="other").content.decode()
    assert "找到 <strong>1</strong> 段" in filtered and "另一篇讲话 · 第 1 段" in filtered
    # An unknown speech is ignored rather than an error.
    assert get_search(client, q="党", speech="nope").status_code == 200


def test_results_are_paged(client, db):
    make_speech("many", [f"第{n}段讲党的建设。" for n in range(1, 26)])
    search.rebuild_index(processes=1)
    first = get_search(client, q="党").content.decode()
    assert first.count('class="result"') == 20
    assert 'href="?q=%E5%85%9A&amp;page=2"' in first
    second = client.get(reverse("speeches:search"), {"q": "党", "page": "2"}, **HTMX).content.decode()
    assert second.count('class="result"') == 5
    assert "上一页" in second and "下一页" not in second
    filtered = get_search(client, q="党", speech="many", page="2").content.decode()
    assert 'href="?q=%E5%85%9A&amp;speech=many&amp;page=1"' in filtered
    assert get_search(client, q="党", page="x").status_code == 200
    assert get_search(client, q="党", page="-3").status_code == 200
    far = get_search(client, q="党", page=str(10**30))
    assert far.status_code == 200 and 'class="result"' not in far.content.decode()


def test_every_page_has_a_search_box(client, seed_index):
    for url in [reverse("reading:speech_list"), seed_index.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert re.search(r'<form class="header-search" role="search" action="/search/" method="get">', html)


# ---------------------------------------------------------------- arriving on the speech page


def test_arriving_from_a_hit_marks_the_matches_in_the_text(client, seed_index):
    html = client.get(seed_index.get_absolute_url(), {"q": "国之大者"}).content.decode()
    paragraph = re.search(r'<section class="para" id="p3".*?</section>', html, re.S).group(0)
    assert "<mark>国之大者</mark>" in paragraph
    assert "“国之大者”在本篇标出 1 处" in html


def test_marks_inside_a_bold_lead_sentence(client, seed_index):
    html = client.get(seed_index.get_absolute_url(), {"q": "全面领导"}).content.decode()
    assert '<strong class="para__lead">第一，坚持党对工会的<mark>全面领导</mark>。</strong>' in html


def test_a_related_query_marks_its_words(client, seed_index):
    html = client.get(seed_index.get_absolute_url(), {"q": "职工权益"}).content.decode()
    assert "<mark>职工</mark>" in html and "<mark>权益</mark>" in html


def test_the_speech_page_marks_even_without_an_index(client, seed_speech):
    html = client.get(seed_speech.get_absolute_url(), {"q": "娘家人"}).content.decode()
    assert "<mark>娘家人</mark>" in html
    traditional = client.get(seed_speech.get_absolute_url(), {"q": "國之大者"}).content.decode()
    assert "<mark>国之大者</mark>" in traditional


def test_a_match_across_the_end_of_the_bold_lead_is_marked_on_both_sides_and_counted_once(client, seed_index):
    html = client.get(seed_index.get_absolute_url(), {"q": "全面领导。我国"}).content.decode()
    assert '<strong class="para__lead">第一，坚持党对工会的<mark>全面领导。</mark></strong><mark>我国</mark>' in html
    assert "标出 1 处" in html


def test_key_phrases_link_to_their_phrase_page(client, seed_index):
    html = client.get(seed_index.get_absolute_url()).content.decode()
    nav = re.search(r'<nav class="key-phrases".*?</nav>', html, re.S).group(0)
    assert f'href="/phrases/{quote("工会")}/"' in nav


def test_a_section_heading_is_found_links_to_its_anchor_and_shows_as_a_heading(client, db):
    from speeches.models import Heading

    report = make_speech(
        "report", ["各位代表：", "一是推动科技创新。", "二是发展产业。"], title="2026年某省政府工作报告"
    )
    Heading.objects.create(
        speech=report, sequence=1, level=1, text="一、坚持创新驱动，加快培育壮大新质生产力", before=2
    )
    search.rebuild_index(processes=1)

    results = search.search("坚持创新驱动，加快培育壮大新质生产力")
    assert results.exact_count == 1 and results.hits[0].heading and results.hits[0].number == 1
    html = get_search(client, q="加快培育壮大新质生产力").content.decode()
    assert f'href="/speeches/report/?q={quote("加快培育壮大新质生产力")}#s1"' in html
    assert 'class="result__snippet result__heading"' in html and "result--heading" in html
    # Its paragraphs are found as before.
    assert sorted((hit.heading, hit.number) for hit in search.search("是").hits) == [(False, 2), (False, 3)]


def test_the_speech_drop_down_is_drawn_escaped_for_the_whole_page_only(client, seed_index):
    make_speech("other", ["坚持党的领导。"], title="<另一篇>讲话")
    search.rebuild_index(processes=1)
    html = get_search(client, q="党", speech="other").content.decode()
    assert '<option value="other" selected>&lt;另一篇&gt;讲话</option>' in html
    assert f'<option value="{seed_index.slug}">' in html
    fragment = client.get(reverse("speeches:search"), {"q": "党", "speech": "other"}, **HTMX).content.decode()
    assert "<option" not in fragment and "另一篇讲话" not in fragment  # the title escaped, in the results only
    assert "&lt;另一篇&gt;讲话 · 第 1 段" in fragment


def test_the_speech_drop_down_follows_the_library_from_one_request_to_the_next(client, seed_index):
    make_speech("other", ["坚持党的领导。"], title="另一篇讲话")
    first = get_search(client, q="党", speech="other").content.decode()
    assert '<option value="other" selected>另一篇讲话</option>' in first
    second = get_search(client, q="党").content.decode()
    assert '<option value="other">另一篇讲话</option>' in second  # the choice is the request's, not kept

    actions.update_details(Speech.objects.get(slug="other"), title="改过的标题")
    assert '<option value="other">改过的标题</option>' in get_search(client, q="党").content.decode()


def test_the_results_cost_the_same_queries_whatever_their_number(client, db):
    """No query per result: the paragraphs of a page of results are read at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_speech("few", ["讲党的建设。"])
    make_speech("many", [f"第{n}段讲党的建设。" for n in range(1, 26)])
    search.rebuild_index(processes=1)

    def queries(**params):
        client.get(reverse("speeches:search"), params, **HTMX)  # warm: the library in memory
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("speeches:search"), params, **HTMX)
        return len(captured)

    assert queries(q="党", speech="few") == queries(q="党", speech="many") <= 5
