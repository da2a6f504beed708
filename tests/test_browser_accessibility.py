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
        found = blocking_violations(page) + dangling_references(page)
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


def dangling_references(page) -> list[str]:
    """aria-describedby and aria-labelledby ids that name no element (axe only asks for a review of those)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("[aria-describedby], [aria-labelledby]")].flatMap(element =>
            ["aria-describedby", "aria-labelledby"].flatMap(name =>
                (element.getAttribute(name) || "").split(/\\s+/).filter(id => id && !document.getElementById(id))
                    .map(id => `${element.id || element.tagName} ${name} → #${id}`)))"""
    )


def _submit(page, form="main form.stack-form"):
    page.locator(f"{form} button[type=submit]").last.click()


def _fill_and_submit(fields: dict, form="main form.stack-form"):
    def act(page):
        for selector, value in fields.items():
            page.locator(selector).fill(value)
        _submit(page, form)

    return act


def _upload_then_blank_the_title(page):
    page.locator("#id_text").fill("第一段。\n\n第二段。")
    _submit(page)
    page.locator("#id_title").fill(" ")
    page.locator("button[name=publish]").click()


def _choose_a_collection_that_is_gone(page):
    box = page.locator("main input[name=collections]").first
    box.evaluate("box => { box.value = '999999'; box.checked = true; }")
    _submit(page, form="main form:has(input[name=collections])")


def _post_an_empty_note(page):
    page.locator("#notes-p3 .note-form button[type=submit]").click()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_form_sent_with_errors_has_no_serious_or_critical_violations(
    browser, live_server, discussion, editor, group, charlie, language
):
    """Each form in its error state: the ids its fields' aria-describedby name exist, errors are announced."""
    from speeches.models import Collection

    Collection.objects.create(name="工会工作", slug="gonghui")
    note = discussion.paragraphs.get(number=3).notes.filter(parent=None).first()
    slug = discussion.slug
    forms = {
        "sign in": (None, reverse("accounts:login"), _fill_and_submit({"#id_username": "alice", "#id_password": "x"})),
        "sign up": (
            None,
            reverse("accounts:signup"),
            _fill_and_submit({"#id_username": "dora", "#id_password1": "a long passphrase", "#id_password2": "b"}),
        ),
        "new group": (editor, reverse("annotations:group_create"), _fill_and_submit({"#id_name": "   "})),
        "note": (editor, f"{discussion.get_absolute_url()}?notes=3#p3", _post_an_empty_note),
        "note edit": (
            editor,
            reverse("annotations:note_edit", args=[note.pk]),
            _fill_and_submit({"main textarea": "   "}, form="main form"),
        ),
        "new speech": (editor, reverse("speeches:speech_new"), _submit),
        "preview": (editor, reverse("speeches:speech_new"), _upload_then_blank_the_title),
        "paragraph correction": (
            editor,
            reverse("speeches:paragraph_edit", args=[slug, 1]),
            _fill_and_submit({"main textarea": "   "}),
        ),
        "collections": (editor, reverse("speeches:collection_list"), _fill_and_submit({"#id_name": "   "})),
        "speech's collections": (
            editor,
            reverse("speeches:speech_manage", args=[slug]),
            _choose_a_collection_that_is_gone,
        ),
    }
    problems = {}
    for name, (user, path, act) in forms.items():
        context = signed_in_context(browser, live_server, user, language)
        page = context.new_page()
        page.goto(live_server.url + path)
        act(page)
        page.locator("main .field-error, main .form-errors").first.wait_for(timeout=10_000)
        found = blocking_violations(page) + dangling_references(page)
        if found:
            problems[name] = found
        context.close()
    assert problems == {}


def test_the_invite_page_with_its_checkbox_has_no_serious_or_critical_violations(browser, live_server, group, charlie):
    from annotations.groups import create_group

    create_group(charlie, "另一个小组")  # charlie reads with another group: the page offers to switch
    context = signed_in_context(browser, live_server, charlie, "zh-hans")
    page = context.new_page()
    page.goto(live_server.url + group.get_invite_url())
    page.locator("main input[type=checkbox]").wait_for()
    assert blocking_violations(page) == []
    context.close()
