"""Keyboard-only use: skip link, visible focus, shortcuts (/ j k n ? Esc), opening notes and adding one."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from annotations.models import Note
from speeches import search

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def member_page(browser, live_server, seed_speech, group, alice):
    search.rebuild_index(processes=1)
    client = Client()
    client.force_login(alice)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    yield page
    context.close()


def focused(page, attribute="id") -> str:
    return page.evaluate(f"document.activeElement && document.activeElement.getAttribute('{attribute}')")


def outline_of_focus(page) -> str:
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")


def test_the_skip_link_comes_first_is_visible_and_jumps_to_the_content(phone, live_server, seed_speech):
    phone.goto(live_server.url + seed_speech.get_absolute_url())
    phone.keyboard.press("Tab")
    assert focused(phone, "class") == "skip-link"
    box = phone.locator(".skip-link").bounding_box()
    assert box["y"] >= 0, "visible when focused"
    assert outline_of_focus(phone) != "none"
    phone.keyboard.press("Enter")
    phone.wait_for_url("**#main")
    assert focused(phone) == "main"


def test_slash_focuses_search_and_results_open_with_the_keyboard(desktop, live_server, seed_speech):
    search.rebuild_index(processes=1)
    desktop.goto(live_server.url + seed_speech.get_absolute_url())
    desktop.keyboard.press("/")
    assert focused(desktop) == "header-q"
    desktop.keyboard.type("娘家人")
    desktop.keyboard.press("Enter")
    desktop.wait_for_url("**/search/?q=*")
    desktop.locator(".result__link").first.focus()
    assert outline_of_focus(desktop) != "none"
    desktop.keyboard.press("Enter")
    desktop.wait_for_url("**#p6")
    assert desktop.locator("#p6 mark").first.inner_text() == "娘家人"


def test_j_and_k_move_between_paragraphs(member_page, live_server, seed_speech):
    member_page.goto(live_server.url + seed_speech.get_absolute_url())
    member_page.keyboard.press("j")
    expect(member_page.locator("#p1")).to_be_focused()
    member_page.keyboard.press("j")
    expect(member_page.locator("#p2")).to_be_focused()
    assert member_page.url.endswith("#p2")
    member_page.keyboard.press("k")
    expect(member_page.locator("#p1")).to_be_focused()
    assert member_page.locator("#p1.is-current").count() == 1


def test_n_opens_the_notes_and_a_note_is_added_without_the_mouse(member_page, live_server, seed_speech):
    member_page.goto(live_server.url + seed_speech.get_absolute_url())
    for _ in range(3):
        member_page.keyboard.press("j")
    expect(member_page.locator("#p3")).to_be_focused()
    member_page.keyboard.press("n")
    expect(member_page.locator("#note-body-p3")).to_be_focused()
    assert member_page.locator("#notes-p3").get_attribute("aria-live") == "polite"
    member_page.keyboard.type("用键盘写的笔记")
    member_page.keyboard.press("Tab")  # "This is a question"
    member_page.keyboard.press("Tab")  # the visibility choice
    member_page.keyboard.press("Tab")  # the submit button
    assert focused(member_page, "type") == "submit"
    member_page.keyboard.press("Enter")
    member_page.locator("#notes-p3 .note__body", has_text="用键盘写的笔记").wait_for()
    assert member_page.locator("#note-count-p3").inner_text() == "1"
    assert Note.objects.get().body == "用键盘写的笔记"

    member_page.locator("#notes-p3 .note-form textarea").focus()
    member_page.keyboard.press("Escape")
    expect(member_page.locator("#notes-p3 > *")).to_have_count(0)
    assert focused(member_page, "class") == "notes-toggle"


def test_question_mark_lists_the_shortcuts_and_escape_closes_them(desktop, live_server, seed_speech):
    desktop.goto(live_server.url + seed_speech.get_absolute_url())
    desktop.keyboard.press("?")
    dialog = desktop.locator("dialog#shortcuts")
    dialog.wait_for(state="visible")
    assert "下一段" in dialog.inner_text()
    desktop.keyboard.press("Escape")
    dialog.wait_for(state="hidden")


def test_shortcuts_do_not_fire_while_typing(desktop, live_server, seed_speech):
    desktop.goto(live_server.url + seed_speech.get_absolute_url())
    desktop.locator("#header-q").focus()
    desktop.keyboard.type("j/k?")
    assert desktop.locator("#header-q").input_value() == "j/k?"
    assert desktop.locator("dialog#shortcuts[open]").count() == 0
