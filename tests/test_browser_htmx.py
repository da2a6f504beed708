"""htmx in a real browser: Back after paging the phrase page's concordance, and the library's filters changed twice.

Both once went wrong: a history restore (htmx asks the server for a pushed URL when its history cache misses)
got only the concordance, which then replaced the whole page; and the library's results swapped a second
`#library-results` inside the first at every change of its filters.
"""

import datetime

import pytest
from django.utils import timezone

from speeches import phrase_stats
from speeches.models import Paragraph, Speech

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_library():
    phrase_stats.forget()
    yield
    phrase_stats.forget()


def speech(slug: str, speaker: str, date: datetime.date, paragraphs: list[str]) -> Speech:
    made = Speech.objects.create(
        slug=slug,
        title=f"{speaker}的讲话（{date.year}）",
        speaker=speaker,
        date=date,
        source_file=f"{slug}.txt",
        checksum=slug,
        imported_at=timezone.now(),
    )
    Paragraph.objects.bulk_create(
        Paragraph(speech=made, number=number, text=text) for number, text in enumerate(paragraphs, start=1)
    )
    return made


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_back_after_paging_the_concordance_shows_the_whole_phrase_page(request, live_server, device):
    page = request.getfixturevalue(device)
    # 120 occurrences: three pages of the concordance.
    speech("report", "李强", datetime.date(2024, 3, 5), [f"第{n}条：发展新质生产力。" for n in range(1, 121)])
    page.goto(live_server.url + "/phrases/新质生产力/")
    page.locator(".kwic").first.wait_for()
    page.locator(".concordance .pager a", has_text="下一页").click()
    page.wait_for_url("**?page=2")
    page.locator('.concordance__lines[start="51"]').wait_for()

    # Htmx's history cache misses (a long visit, a new tab, another page's snapshot too big): Back asks the server.
    page.evaluate("sessionStorage.removeItem('htmx-history-cache')")
    with page.expect_response(lambda response: response.request.headers.get("hx-history-restore-request")):
        page.go_back()
    page.wait_for_url("**/phrases/*/")
    page.locator('.concordance__lines[start="1"]').wait_for()

    assert page.locator("h1").count() == 1 and "新质生产力" in page.locator("h1").inner_text()
    assert page.locator(".site-header").count() == 1  # the whole page, not the concordance alone
    assert page.locator("#concordance").count() == 1
    assert page.locator(".concordance__lines").count() == 1


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_changing_the_librarys_filters_twice_keeps_one_list_of_results(request, live_server, device):
    page = request.getfixturevalue(device)
    for year in (2023, 2024, 2025):
        speech(f"xi-{year}", "习近平", datetime.date(year, 1, 1), ["正文。"])
        speech(f"li-{year}", "李强", datetime.date(year, 6, 1), ["正文。"])
    page.goto(live_server.url + "/")
    assert page.locator(".speech-card").count() == 6

    page.locator("select[name=speaker]").select_option("李强")
    page.wait_for_url("**speaker=*")
    page.locator(".results__count", has_text="3").wait_for()
    page.locator("select[name=year]").select_option("2024")
    page.wait_for_url("**year=2024*")
    page.locator(".results__count", has_text="1").wait_for()

    assert page.locator("#library-results").count() == 1
    assert page.locator(".results__count").count() == 1
    assert page.locator(".speech-card").all_inner_texts()[0].startswith("李强的讲话（2024）")
    page.go_back()
    page.locator(".results__count", has_text="3").wait_for()
    assert page.locator("#library-results").count() == 1
