"""The phrase page in a real browser: opened from a key-phrase chip, its concordance sorted in place."""

import pytest

from phrases import concordance
from speeches import phrase_stats

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_library():
    phrase_stats.forget()
    yield
    phrase_stats.forget()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_key_phrase_chip_opens_its_phrase_page_and_the_concordance_sorts_in_place(
    request, live_server, seed_speech, device
):
    page = request.getfixturevalue(device)
    page.goto(live_server.url + seed_speech.get_absolute_url())
    chip = page.locator(".key-phrases__list a").first
    phrase = chip.inner_text()
    chip.click()

    page.locator("h1", has_text=phrase).wait_for()
    assert page.locator(".kwic").count() > 1
    page.locator("#company .company__list, #company .empty").first.wait_for()  # loaded in place
    page.evaluate("window.loadedOnce = true")  # survives only if the page is never reloaded

    page.locator(".concordance__sorts a", has_text="前一个词").click()
    page.wait_for_url("**?sort=before")
    page.locator('.concordance__lines[data-sort="before"]').wait_for()
    assert page.evaluate("window.loadedOnce") is True
    assert page.locator('.concordance__sorts strong[aria-current="true"]').inner_text() == "前一个词"

    lib = phrase_stats.phrase_library()
    stats = phrase_stats.phrase_stats(phrase, lib)
    expected = [line.left for line in concordance.page(lib, stats, "before", 1)]
    shown = [text.removeprefix("…") for text in page.locator(".kwic__left").all_inner_texts()]
    assert shown == expected
    assert shown != [line.left for line in concordance.page(lib, stats, "date", 1)]

    page.go_back()
    page.locator('.concordance__lines[data-sort="date"]').wait_for()
