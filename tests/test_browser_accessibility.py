"""Accessibility, checked by axe-core in Chromium: every main page, in both languages, signed in where it matters."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import reverse

from speeches import search
from tests.factories import make_note

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


@pytest.fixture
def discussion(seed_speech, group, alice, bob):
    search.rebuild_index(processes=1)
    p3 = seed_speech.paragraphs.get(number=3)
    note = make_note(alice, group, p3, "“国之大者”就是要从大局出发。")
    make_note(bob, group, p3, "同意，先从班组做起。", parent=note)
    return seed_speech


def signed_in_context(browser, live_server, user, language):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append({"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url})
    context.add_cookies(cookies)
    return context


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_main_page_has_no_serious_or_critical_violations(
    browser, live_server, discussion, alice, group, language
):
    pages = {
        "home": (None, reverse("reading:speech_list")),
        "speech, notes open": (alice, f"{discussion.get_absolute_url()}?notes=3#p3"),
        "speech, visitor, marked query": (
            None,
            f"{discussion.get_absolute_url()}?q=%E5%9B%BD%E4%B9%8B%E5%A4%A7%E8%80%85",
        ),
        "search with results": (None, f"{reverse('speeches:search')}?q=%E5%B7%A5%E4%BC%9A"),
        "search with notes": (alice, f"{reverse('speeches:search')}?q=%E5%B7%A5%E4%BC%9A"),
        "phrase page": (None, reverse("phrases:phrase_detail", args=["工会"])),
        "phrase page, sorted": (None, reverse("phrases:phrase_detail", args=["工会"]) + "?sort=after"),
        "group": (alice, group.get_absolute_url()),
        "annotations:notebook": (alice, reverse("annotations:notebook", args=[group.slug])),
        "notebook by member": (alice, reverse("annotations:notebook", args=[group.slug]) + "?by=member"),
        "sign in": (None, reverse("accounts:login")),
        "sign up": (None, reverse("accounts:signup")),
    }
    problems = {}
    for name, (user, path) in pages.items():
        context = signed_in_context(browser, live_server, user, language)
        page = context.new_page()
        page.goto(live_server.url + path)
        found = blocking_violations(page)
        if found:
            problems[name] = found
        context.close()
    assert problems == {}


def test_the_notes_panel_opened_with_htmx_stays_accessible(browser, live_server, discussion, alice):
    context = signed_in_context(browser, live_server, alice, "zh-hans")
    page = context.new_page()
    page.goto(live_server.url + discussion.get_absolute_url())
    page.locator("#p3 .notes-toggle").click()
    page.locator("#notes-p3 .note-form textarea").wait_for()
    assert blocking_violations(page) == []
    context.close()
