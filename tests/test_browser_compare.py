"""Comparing the 2021 and 2022 government work reports in a real browser, on a phone and on a desktop.

bob, a member of alice's group, opens the 2022 report and follows "对照": it leads to the comparison with the
2021 report. On a desktop the two reports stand in two columns whose paragraphs stay side by side; on a phone
a pair stacks and the 2022 text carries the 2021 wording inline. With COMPARE_SCREENSHOTS=folder the pages
are saved there as compare-phone.png and compare-desktop.png (the README's are made so).
"""

import os
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.compare_speeches import REPORT_2021, REPORT_2022, import_reports
from tests.factories import make_note

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"phone": (375, 740), "desktop": (1280, 900)}
SCREENSHOTS = os.environ.get("COMPARE_SCREENSHOTS")
TARGETS = "今年发展主要预期目标"


@pytest.fixture
def contexts(browser):
    """Browser contexts opened by a test, closed after it (an open one keeps connections to the live server)."""
    opened = []
    yield opened
    for context in opened:
        context.close()


def signed_in_page(browser, contexts, live_server, user, device):
    width, height = SIZES[device]
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=2 if device == "phone" else 1, locale="zh-CN"
    )
    contexts.append(context)
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_member_compares_this_years_report_with_last_years(
    browser, contexts, live_server, corpus, alice, bob, group, device
):
    earlier, later = import_reports(corpus)
    a_number = earlier.paragraphs.get(text__startswith=TARGETS).number
    b_number = later.paragraphs.get(text__startswith=TARGETS).number
    make_note(alice, group, earlier.paragraphs.get(number=a_number), "去年的增长目标是6%以上，今年调低了。")
    page = signed_in_page(browser, contexts, live_server, bob, device)

    page.goto(live_server.url + later.get_absolute_url())
    page.get_by_role("link", name="对照", exact=True).click()
    page.wait_for_url(f"**/compare/{REPORT_2021}/{REPORT_2022}/")
    expect(page.get_by_role("heading", name="对照阅读")).to_be_visible()
    expect(page.locator(".compare-figures__table tbody th", has_text="国内生产总值增长")).to_be_visible()
    # The formulations come in place after the page.
    expect(page.locator("#formulations .compare-formulations__list--new").first).to_contain_text("就业创业")

    a_cell, b_cell = page.locator(f"#pair-a{a_number}"), page.locator(f"#pair-b{b_number}")
    b_cell.scroll_into_view_if_needed()
    expect(b_cell.locator("ins", has_text="5.5%左右").first).to_be_visible()
    expect(a_cell.locator(".cell__note")).to_contain_text("今年调低了")
    if device == "desktop":
        # Two columns: the pair's cells side by side, top aligned; A's wording marked in A's column only.
        a_box, b_box = a_cell.bounding_box(), b_cell.bounding_box()
        assert abs(a_box["y"] - b_box["y"]) < 2 and b_box["x"] > a_box["x"] + a_box["width"]
        expect(a_cell.locator("del", has_text="6%以上")).to_be_visible()
        expect(b_cell.locator("del", has_text="6%以上")).to_be_hidden()
        expect(page.locator(".pairs__head")).to_be_visible()
    else:
        # One column: B's text with A's words struck through inline, A's own text not repeated above it.
        expect(b_cell.locator("del", has_text="6%以上")).to_be_visible()
        expect(a_cell.locator(".cell__text")).to_be_hidden()
        assert b_cell.bounding_box()["width"] > 300
    # The pair at the top of the window, under the columns' sticky heads, as the README shows it.
    page.locator(f".pair:has(#pair-b{b_number})").evaluate("el => el.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollBy(0, -40)")
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SCREENSHOTS) / f"compare-{device}.png")

    # Same paragraphs are folded, and open in place.
    fold = page.locator("details.fold--same").first
    fold.locator("summary").click()
    expect(fold.locator(".pair--same").first).to_be_visible()

    # A figure's paragraph link leads to its pair.
    page.locator(".compare-figures__where a", has_text=f"B ¶{b_number}").first.click()
    page.wait_for_url(f"**#pair-b{b_number}")
    expect(b_cell).to_be_in_viewport()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_comparison_and_the_chooser_have_no_serious_accessibility_violations(
    browser, contexts, live_server, corpus, alice, group, language
):
    from tests.test_browser_accessibility import blocking_violations, signed_in_context

    earlier, later = import_reports(corpus)
    make_note(alice, group, earlier.paragraphs.get(text__startswith=TARGETS), "增长目标调低了。")
    context = signed_in_context(browser, live_server, alice, language)
    contexts.append(context)
    page = context.new_page()
    page.goto(live_server.url + reverse("compare:compare", args=[REPORT_2021, REPORT_2022]))
    page.locator("details.fold").first.evaluate("el => el.open = true")
    assert blocking_violations(page) == []
    page.goto(live_server.url + reverse("compare:choose", args=[REPORT_2022]))
    assert blocking_violations(page) == []
