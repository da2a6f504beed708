"""Notes on a paragraph in real browsers, one browser context per person.

alice (organiser) and bob (member) read together in "工会小组"; charlie belongs to no group.
Each has a context of their own, so their sessions never mix.
"""

import pytest
from django.test import Client
from playwright.sync_api import expect

from annotations.models import MAX_NOTE_CHARS, Note

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
WIDTHS = {"phone": 375, "desktop": 1280}


def new_context(browser, width, **options):
    height = 740 if width < 600 else 900
    return browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", **options)


def sign_in_with_cookie(context, live_server, user):
    """The quick way in: a session made by Django's test client, handed to the browser."""
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def sign_in_through_the_form(page, live_server, username, next_path):
    """The real way in: the login page, its fields and its button."""
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + next_path)


def open_notes(page, number):
    page.locator(f"#p{number} a.notes-toggle").click()
    page.locator(f"#notes-p{number} form.note-form textarea").wait_for()


def post_button(page, number):
    return page.locator(f"#notes-p{number} form.note-form").get_by_role("button", name="发表")


@pytest.mark.parametrize("alice_device", ["phone", "desktop"])
def test_members_share_a_note_and_an_outsider_never_sees_it(
    browser, live_server, seed_speech, group, alice, bob, charlie, alice_device
):
    # alice reads on one device, bob on the other; charlie is in no group at all.
    bob_device = "desktop" if alice_device == "phone" else "phone"
    speech_path = seed_speech.get_absolute_url()
    speech_url = live_server.url + speech_path
    notes_url = f"{live_server.url}/speeches/{seed_speech.slug}/p3/notes/"
    first_text = "“国之大者”：心里装着职工，也装着大局。"
    second_text = "回到车间班组：把维权落到每一件小事上。"

    alice_context = new_context(browser, WIDTHS[alice_device])
    bob_context = new_context(browser, WIDTHS[bob_device])
    charlie_context = new_context(browser, 1280)
    try:
        sign_in_with_cookie(bob_context, live_server, bob)
        sign_in_with_cookie(charlie_context, live_server, charlie)

        # 1. alice signs in through the login page, lands on the speech and adds a note to ¶3.
        a = alice_context.new_page()
        sign_in_through_the_form(a, live_server, "alice", speech_path)
        expect(a.locator("#note-count-p3")).to_have_text("0")
        expect(a.locator("#notes-total")).to_have_text("0")
        a.evaluate("window.loadedOnce = true")  # survives only if the page is never reloaded
        open_notes(a, 3)
        expect(a.locator("#notes-p3 .notes__empty")).to_be_visible()
        a.locator("#note-body-p3").fill(first_text)
        expect(a.locator("#notes-p3 input[name=visibility][value=group]")).to_be_checked()
        post_button(a, 3).click()
        note_body = a.locator("#notes-p3 li.note .note__body", has_text=first_text)
        note_body.wait_for()
        note = Note.objects.get()
        assert (note.author, note.group, note.paragraph.number, note.body) == (alice, group, 3, first_text)
        expect(a.locator(f"#notes-p3 li.note#note-{note.pk} .note__body")).to_have_text(first_text)
        expect(a.locator("#note-count-p3")).to_have_text("1")
        expect(a.locator("#notes-total")).to_have_text("1")
        expect(a.locator("#note-body-p3")).to_have_value("")  # the form is ready for the next note
        assert a.evaluate("window.loadedOnce") is True

        # 2. bob, in his own browser, sees the count on ¶3 and alice's note in the panel.
        b = bob_context.new_page()
        b.goto(speech_url)
        expect(b.locator("#note-count-p3")).to_have_text("1")
        expect(b.locator("#notes-total")).to_have_text("1")
        open_notes(b, 3)
        expect(b.locator(f"#note-{note.pk} .note__body")).to_have_text(first_text)
        expect(b.locator(f"#note-{note.pk} .note__author")).to_have_text("alice")
        expect(b.locator(f"#note-{note.pk} .note__edit")).to_have_count(0)  # not his to edit
        expect(b.locator(f"#note-{note.pk} form.note__delete")).to_have_count(0)  # nor to delete

        # 3. charlie sees no notes at all: no counts, no trace of the text, not even at the panel's own URL.
        c = charlie_context.new_page()
        c.goto(speech_url)
        expect(c.locator("section.para")).to_have_count(7)
        expect(c.locator("#note-count-p3")).to_have_count(0)
        expect(c.locator("a.notes-toggle")).to_have_count(0)
        assert first_text not in c.content()
        response = c.goto(notes_url)
        assert response.status == 200
        expect(c.locator(".notes__prompt")).to_be_visible()  # join a group first
        expect(c.locator("li.note")).to_have_count(0)
        assert first_text not in c.content()
        response = c.goto(live_server.url + note.get_absolute_url())
        assert response.status == 404
        assert first_text not in c.content()

        # 4. alice edits the note in place; bob sees the new text after reloading.
        edit = a.locator(f"#note-{note.pk} details.note__edit")
        edit.locator("summary", has_text="编辑").click()
        edit.locator("textarea").fill(second_text)
        edit.get_by_role("button", name="保存").click()
        expect(a.locator(f"#note-{note.pk} .note__body")).to_have_text(second_text)
        expect(a.locator(f"#note-{note.pk} .note__edited")).to_be_visible()
        expect(a.locator("#note-count-p3")).to_have_text("1")
        assert a.evaluate("window.loadedOnce") is True
        note.refresh_from_db()
        assert note.body == second_text and note.edited_at is not None

        b.reload()
        open_notes(b, 3)
        expect(b.locator(f"#note-{note.pk} .note__body")).to_have_text(second_text)
        assert first_text not in b.content()

        # 5. alice deletes it, confirming first: it disappears and the counts go back to 0.
        dialogs = []

        def accept(dialog):
            dialogs.append(dialog.message)
            dialog.accept()

        a.once("dialog", accept)
        a.locator(f"#note-{note.pk} form.note__delete").get_by_role("button", name="删除").click()
        expect(a.locator(f"#note-{note.pk}")).to_have_count(0)
        expect(a.locator("#notes-p3 .notes__empty")).to_be_visible()  # the panel says so, as after a reload
        expect(a.locator("#notes-p3 .notes__list")).to_have_count(0)
        expect(a.locator("#note-count-p3")).to_have_text("0")
        expect(a.locator("#notes-total")).to_have_text("0")
        assert dialogs == ["删除这条笔记和它的回复？"]
        assert Note.objects.count() == 0
        assert a.evaluate("window.loadedOnce") is True
    finally:
        for context in (alice_context, bob_context, charlie_context):
            context.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_rejected_note_keeps_its_text_beside_the_error(browser, live_server, seed_speech, group, bob, device):
    context = new_context(browser, WIDTHS[device])
    try:
        sign_in_with_cookie(context, live_server, bob)
        page = context.new_page()
        page.goto(live_server.url + seed_speech.get_absolute_url())
        page.evaluate("window.loadedOnce = true")
        open_notes(page, 3)

        # An empty note: refused, with a message.
        with page.expect_response(lambda r: r.request.method == "POST" and "/p3/notes/" in r.url) as answer:
            post_button(page, 3).click()
        assert answer.value.status == 422
        expect(page.locator("#notes-p3 form.note-form .field-error")).to_have_text("笔记不能为空。")

        # The browser stops typing at the limit; past it (an older browser, a script), the server refuses,
        # and the text is still there to shorten.
        expect(page.locator("#note-body-p3")).to_have_attribute("maxlength", str(MAX_NOTE_CHARS))
        page.locator("#note-body-p3").evaluate("textarea => textarea.removeAttribute('maxlength')")
        too_long = "长" * (MAX_NOTE_CHARS + 1)
        page.locator("#note-body-p3").fill(too_long)
        assert len(page.locator("#note-body-p3").input_value()) == 5001  # the browser did not cut it
        with page.expect_response(lambda r: r.request.method == "POST" and "/p3/notes/" in r.url) as answer:
            post_button(page, 3).click()
        assert answer.value.status == 422
        error = page.locator("#notes-p3 form.note-form .field-error")
        expect(error).to_have_text("笔记最多 5000 字（现在 5001 字）。")
        expect(error).to_be_visible()
        textarea = page.locator("#note-body-p3")
        expect(textarea).to_have_value(too_long)
        expect(textarea).to_have_attribute("aria-invalid", "true")
        expect(textarea).to_have_attribute("aria-describedby", "note-body-p3_error")
        expect(page.locator("#notes-p3 li.note")).to_have_count(0)
        expect(page.locator("#note-count-p3")).to_have_text("0")
        assert Note.objects.count() == 0
        assert page.evaluate("window.loadedOnce") is True

        # Shortened to the limit, it goes through.
        page.locator("#note-body-p3").fill("长" * MAX_NOTE_CHARS)
        post_button(page, 3).click()
        page.locator("#notes-p3 li.note").wait_for()
        expect(page.locator("#notes-p3 .field-error")).to_have_count(0)
        expect(page.locator("#note-count-p3")).to_have_text("1")
        assert Note.objects.count() == 1
    finally:
        context.close()


def test_without_javascript_a_member_adds_a_note_with_the_plain_form(browser, live_server, seed_speech, group, bob):
    context = new_context(browser, 375, java_script_enabled=False)
    try:
        sign_in_with_cookie(context, live_server, bob)
        page = context.new_page()
        page.goto(live_server.url + seed_speech.get_absolute_url() + "?notes=3#p3")
        expect(page.locator("#notes-p3 .notes__empty")).to_be_visible()
        page.locator("#note-body-p3").fill("没有脚本，也能写笔记。")
        post_button(page, 3).click()
        page.wait_for_url("**?notes=3#note-*")
        note = Note.objects.get()
        assert page.url == f"{live_server.url}{seed_speech.get_absolute_url()}?notes=3#note-{note.pk}"
        expect(page.locator(f"#notes-p3 li.note#note-{note.pk} .note__body")).to_have_text("没有脚本，也能写笔记。")
        expect(page.locator("#note-count-p3")).to_have_text("1")
        expect(page.locator("#notes-total")).to_have_text("1")
        assert (note.author, note.group, note.paragraph.number) == (bob, group, 3)
    finally:
        context.close()
