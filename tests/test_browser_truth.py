"""What issue 22 changed, in a real browser at 375 and 1280 px: 首次出现 below the text's first screen on a phone, the
chart of a phrase with a thin year, a heading found by search, the upload preview of a text the library holds, and
the editing page's deliberate delete. Screenshots go to the test's folder (BROWSER_SHOTS keeps them elsewhere)."""

import datetime
import os
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from passages.compute import compute_first_uses
from speeches import phrase_stats, search
from speeches.models import Heading, Speech
from tests.browser import in_viewport
from tests.factories import make_speech

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEVICES = ["phone", "desktop"]


@pytest.fixture(autouse=True)
def fresh_library():
    phrase_stats.forget()
    yield
    phrase_stats.forget()


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("BROWSER_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def dated(speech, year, month=1, day=1):
    speech.date = datetime.date(year, month, day)
    speech.save(update_fields=["date"])
    return speech


@pytest.fixture
def library(db):
    """Three years of speeches: 2023 holds one short speech (too little text), a report whose heading is found."""
    body = "工会工作要做好，中国式现代化要推进。" + "这一段讲的是其他内容。" * 30
    dated(make_speech("y2016", [body] * 12, title="二〇一六年的讲话"), 2016)
    dated(make_speech("y2020", [body] * 8, title="二〇二〇年的讲话"), 2020)
    dated(make_speech("y2023", ["中国式现代化，中国式现代化，中国式现代化。"] * 3, title="二〇二三年的短讲话"), 2023)
    paragraphs = [
        "各位代表：",
        *[
            f"第{n}项工作：加快培育壮大新质生产力，发展低空经济，建设海洋牧场。" + "具体内容。" * 40
            for n in range(1, 9)
        ],
    ]
    report = dated(make_speech("report", paragraphs, title="2026年某省政府工作报告"), 2026, 1, 26)
    Heading.objects.create(
        speech=report, sequence=1, level=1, text="一、坚持创新驱动，加快培育壮大新质生产力", before=2
    )
    Speech.objects.filter(pk=report.pk).update(speaker="某某")
    later = dated(make_speech("later", ["要发展低空经济，建设海洋牧场。"]), 2026, 2, 3)
    compute_first_uses()
    search.rebuild_index(processes=1)
    return report, later


@pytest.mark.parametrize("device", DEVICES)
def test_first_uses_sit_below_the_text_and_headings_are_found(request, live_server, library, shots, device):
    page = request.getfixturevalue(device)
    report, _ = library
    page.goto(live_server.url + report.get_absolute_url())
    assert in_viewport(page, "#p1")
    if device == "phone":
        assert not in_viewport(page, "#first-uses-title")  # the speech fills the first screen, not the list
    page.locator("#first-uses-title").scroll_into_view_if_needed()
    page.screenshot(path=shots / f"first-uses-{device}.png")

    page.goto(live_server.url + reverse("speeches:search") + "?q=加快培育壮大新质生产力")
    heading = page.locator(".result--heading a").first
    heading.wait_for()
    page.screenshot(path=shots / f"search-heading-{device}.png", full_page=True)
    heading.click()
    page.wait_for_url("**#s1")


@pytest.mark.parametrize("device", DEVICES)
def test_the_chart_draws_a_thin_year_as_too_little_text(request, live_server, library, shots, device):
    page = request.getfixturevalue(device)
    page.goto(live_server.url + reverse("phrases:phrase_detail", args=["中国式现代化"]))
    thin = page.locator(".year-chart__bar--thin rect")
    assert thin.count() == 1
    heights = page.locator(".year-chart__bar rect").evaluate_all("rects => rects.map(r => r.getAttribute('height'))")
    tallest = max(float(height) for height in heights)
    assert float(thin.get_attribute("height")) < tallest
    page.locator(".year-chart").scroll_into_view_if_needed()
    page.screenshot(path=shots / f"chart-{device}.png")


@pytest.mark.parametrize("device", DEVICES)
def test_the_chart_of_a_library_of_one_year_stays_a_small_drawing(request, live_server, seed_speech, shots, device):
    """`make run`'s library is the seed alone: its one bar was once scaled to the page's width, 2,000 px tall."""
    page = request.getfixturevalue(device)
    search.rebuild_index(processes=1)
    page.goto(live_server.url + reverse("speeches:search") + "?q=工会")
    chart = page.locator(".year-chart__svg").bounding_box()
    assert chart["height"] <= 200 and chart["width"] <= 100
    page.screenshot(path=shots / f"one-year-chart-{device}.png")
    page.goto(live_server.url + reverse("phrases:phrase_detail", args=["工会"]))
    assert page.locator(".year-chart__svg").bounding_box()["height"] <= 200


@pytest.mark.parametrize("device", DEVICES)
def test_an_upload_the_library_holds_and_a_deliberate_delete(
    request, live_server, editor, seed_speech, seed_path, shots, device
):
    page = request.getfixturevalue(device)
    search.rebuild_index(processes=1)
    client = Client()
    client.force_login(editor)  # the quick way in: a session made by the test client, handed to the browser
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(live_server.url + reverse("speeches:speech_new"))
    page.fill("textarea[name=text]", seed_path.read_text("utf-8"))
    page.locator("form.stack-form[enctype] button[type=submit]").click()
    page.locator(".preview__duplicate").wait_for()
    assert "这篇讲话已在库中" in page.locator(".preview__duplicate").inner_text()
    page.screenshot(path=shots / f"preview-duplicate-{device}.png")
    page.locator("button[name=publish]").click()
    page.locator("input[name=as_copy]").wait_for()
    assert Speech.objects.count() == 1  # a deliberate choice is needed

    page.goto(live_server.url + reverse("speeches:speech_manage", args=[seed_speech.slug]))
    page.fill("input[name=confirm_title]", "不是这个标题")
    page.locator(".speech-delete button[type=submit]").click()
    page.locator(".speech-delete [role=alert], .speech-delete .errorlist").first.wait_for()
    assert Speech.objects.filter(pk=seed_speech.pk).exists()
    page.locator(".speech-delete").scroll_into_view_if_needed()
    page.screenshot(path=shots / f"delete-{device}.png", full_page=True)
    page.fill("input[name=confirm_title]", seed_speech.title)
    page.locator(".speech-delete button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("reading:speech_list"))
    assert not Speech.objects.filter(pk=seed_speech.pk).exists()
