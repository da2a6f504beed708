"""Searching in a real browser: live results as one types, the URL in step, the jump to the marked paragraph."""

from urllib.parse import quote

import pytest

from speeches import search
from tests.browser import in_viewport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def indexed(seed_speech):
    search.rebuild_index(processes=1)
    return seed_speech


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_results_follow_typing_without_a_reload_and_lead_to_the_marked_paragraph(request, live_server, indexed, device):
    page = request.getfixturevalue(device)
    page.goto(live_server.url + "/search/")
    page.evaluate("window.loadedOnce = true")  # survives only if the page is never reloaded

    page.locator("#q").press_sequentially("娘家人")
    page.wait_for_url(f"**/search/?q={quote('娘家人')}")
    first = page.locator(".result").first
    first.wait_for()
    assert page.locator(".result").count() == 1
    assert first.locator("mark").first.inner_text() == "娘家人"
    assert page.evaluate("window.loadedOnce") is True

    page.locator("#q").fill("国之大者")
    page.locator(".result mark", has_text="国之大者").wait_for()
    assert page.evaluate("window.loadedOnce") is True

    page.locator(".result__link").first.click()
    page.wait_for_url("**#p3")
    assert in_viewport(page, "#p3")
    assert page.locator("#p3 mark").inner_text() == "国之大者"

    page.go_back()
    page.locator(".result mark", has_text="国之大者").wait_for()
    assert page.locator("#q").input_value() == "国之大者"


def test_back_and_forward_restore_earlier_results(desktop, live_server, indexed):
    desktop.goto(live_server.url + "/search/")
    desktop.locator("#q").fill("娘家人")
    desktop.locator(".result mark", has_text="娘家人").wait_for()
    desktop.locator("#q").fill("工匠精神")
    desktop.locator(".result mark", has_text="工匠精神").wait_for()

    desktop.go_back()
    desktop.locator(".result mark", has_text="娘家人").wait_for()
    assert desktop.locator("#q").input_value() == "娘家人", "the search box shows the words of the results"
    desktop.go_forward()
    desktop.locator(".result mark", has_text="工匠精神").wait_for()
    assert desktop.locator("#q").input_value() == "工匠精神"


def test_without_an_index_typing_shows_why_search_is_unavailable(desktop, live_server, no_index):
    desktop.goto(live_server.url + "/search/")
    desktop.locator("#q").fill("党")
    desktop.locator("#results .notice--error", has_text="搜索暂时不可用").wait_for()
    assert "rebuild_index" in desktop.locator("#results").inner_text()


def test_a_failed_request_is_reported_and_the_next_success_clears_it(desktop, live_server, indexed):
    desktop.goto(live_server.url + "/search/")
    failure = desktop.locator(".update-failed")
    assert failure.is_hidden()
    desktop.route("**/search/?q=*", lambda route: route.abort("internetdisconnected"))
    desktop.locator("#q").fill("娘家人")
    failure.wait_for(state="visible")
    assert "没能更新" in failure.inner_text()
    desktop.unroute("**/search/?q=*")
    desktop.locator("#q").fill("工匠精神")
    desktop.locator(".result mark", has_text="工匠精神").wait_for()
    failure.wait_for(state="hidden")


def test_the_header_search_box_works_without_javascript(browser, live_server, indexed):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator("#header-q").fill("大者")
    page.locator(".header-search button").click()
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".result mark").first.inner_text() == "大者"
    context.close()
