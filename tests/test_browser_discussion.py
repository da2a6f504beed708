"""A study group's discussion in real browsers: two members (alice, bob) and an outsider (charlie)."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from annotations.groups import create_group
from annotations.models import Note

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def session_for(browser, live_server, user, width=1280):
    """A browser context of its own, signed in as `user`."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


def open_notes(page, number):
    page.locator(f"#p{number} .notes-toggle").click()
    page.locator(f"#notes-p{number} .note-form textarea").wait_for()


def test_two_members_discuss_a_paragraph_and_an_outsider_sees_nothing(
    browser, live_server, seed_speech, group, alice, bob, charlie
):
    create_group(charlie, "别的小组")
    speech_url = live_server.url + seed_speech.get_absolute_url()
    alice_context = session_for(browser, live_server, alice, width=375)
    bob_context = session_for(browser, live_server, bob)
    charlie_context = session_for(browser, live_server, charlie)
    try:
        # alice, on her phone, adds a note: it appears and the counts follow, without a reload.
        a = alice_context.new_page()
        a.goto(speech_url)
        a.evaluate("window.loadedOnce = true")
        open_notes(a, 3)
        a.locator("#notes-p3 .note-form textarea").fill("“国之大者”就是要从大局出发。")
        a.locator("#notes-p3 .note-form button[type=submit]").click()
        a.locator("#notes-p3 .note__body", has_text="国之大者”就是要从大局出发").wait_for()
        expect(a.locator("#note-count-p3")).to_have_text("1")
        expect(a.locator("#notes-total")).to_have_text("1")
        assert a.evaluate("window.loadedOnce") is True
        note = Note.objects.get()

        # bob sees it in place.
        b = bob_context.new_page()
        b.goto(speech_url)
        expect(b.locator("#note-count-p3")).to_have_text("1")
        open_notes(b, 3)
        expect(b.locator(f"#note-{note.pk} .note__body")).to_have_text("“国之大者”就是要从大局出发。")
        expect(b.locator(f"#note-{note.pk} .note__edit")).to_have_count(0)  # not his to edit

        # charlie, in another group, sees no trace of it.
        c = charlie_context.new_page()
        c.goto(speech_url)
        expect(c.locator("#note-count-p3")).to_have_text("0")
        assert "国之大者”就是要从大局出发" not in c.content()
        c.goto(live_server.url + f"/speeches/{seed_speech.slug}/p3/notes/")
        assert "国之大者”就是要从大局出发" not in c.content()

        # alice edits it in place; bob sees the new text after reloading.
        a.locator(f"#note-{note.pk} .note__edit summary").click()
        a.locator(f"#note-{note.pk} .note__edit textarea").fill("要从大局出发，落到车间班组。")
        a.locator(f"#note-{note.pk} .note__edit button[type=submit]").click()
        expect(a.locator(f"#note-{note.pk} .note__body")).to_have_text("要从大局出发，落到车间班组。")
        expect(a.locator(f"#note-{note.pk} .note__edited")).to_be_visible()
        assert a.evaluate("window.loadedOnce") is True
        b.goto(speech_url + "?notes=3#p3")
        expect(b.locator(f"#note-{note.pk} .note__body")).to_have_text("要从大局出发，落到车间班组。")

        # alice deletes it (after confirming); it disappears and the count goes back to 0.
        a.once("dialog", lambda dialog: dialog.accept())
        a.locator(f"#note-{note.pk} .note__delete button").click()
        expect(a.locator(f"#note-{note.pk}")).to_have_count(0)
        expect(a.locator("#note-count-p3")).to_have_text("0")
        expect(a.locator("#notes-total")).to_have_text("0")
        assert not Note.objects.exists()
        assert a.evaluate("window.loadedOnce") is True
    finally:
        for context in (alice_context, bob_context, charlie_context):
            context.close()


def test_a_rejected_note_keeps_its_text_beside_the_error(browser, live_server, seed_speech, group, bob):
    context = session_for(browser, live_server, bob, width=375)
    page = context.new_page()
    page.goto(live_server.url + seed_speech.get_absolute_url())
    open_notes(page, 5)
    too_long = "长" * 5001
    page.locator("#notes-p5 .note-form textarea").fill(too_long)
    page.locator("#notes-p5 .note-form button[type=submit]").click()
    error = page.locator("#notes-p5 .field-error")
    expect(error).to_contain_text("笔记最多 5000 字")
    expect(page.locator("#notes-p5 .note-form textarea")).to_have_value(too_long)
    expect(page.locator("#notes-p5 .note-form textarea")).to_have_attribute("aria-invalid", "true")
    assert not Note.objects.exists()
    context.close()


def test_without_javascript_a_note_is_added_with_a_plain_form(browser, live_server, seed_speech, group, bob):
    client = Client()
    client.force_login(bob)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + seed_speech.get_absolute_url())
    page.locator("#p4 .notes-toggle").click()  # a plain link: ?notes=4#p4
    page.locator("#notes-p4 .note-form textarea").fill("没有脚本也能写。")
    page.locator("#notes-p4 .note-form button[type=submit]").click()
    note = Note.objects.get()
    page.wait_for_url(f"**?notes=4#note-{note.pk}")
    expect(page.locator(f"#note-{note.pk} .note__body")).to_have_text("没有脚本也能写。")
    expect(page.locator("#note-count-p4")).to_have_text("1")
    context.close()
