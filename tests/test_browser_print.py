"""Printing a speech page gives a handout: the text with paragraph numbers and the group's notes, no chrome."""

import os
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.factories import make_note

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def printed(browser, live_server, seed_speech, group, alice, bob):
    p3 = seed_speech.paragraphs.get(number=3)
    note = make_note(alice, group, p3, "“国之大者”就是要从大局出发。")
    make_note(bob, group, p3, "同意，先从班组做起。", parent=note)
    make_note(bob, group, p3, "我自己的备忘", visibility="private")
    client = Client()
    client.force_login(bob)
    # A Chinese browser: the handout's wording (“alice：…”) follows the interface language.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + seed_speech.get_absolute_url())
    page.emulate_media(media="print")
    yield page
    context.close()


def test_the_handout_hides_navigation_and_buttons(printed):
    for selector in [".site-header", ".site-footer", ".outline", ".key-phrases", ".notes-toggle", ".notes-summary"]:
        expect(printed.locator(selector).first).to_be_hidden()
    expect(printed.locator("#p3 .para__number")).to_be_visible()
    expect(printed.locator(".speech__title")).to_be_visible()


def test_the_handout_carries_the_groups_notes_under_their_paragraph(printed):
    notes = printed.locator("#p3 .print-notes")
    expect(notes).to_be_visible()
    note, reply = notes.locator(".note", has_text="“国之大者”就是要从大局出发。"), notes.locator(".note--reply")
    expect(note.locator(".note__author").first).to_have_text("alice")
    expect(reply).to_contain_text("同意，先从班组做起。")
    expect(reply.locator(".note__author")).to_have_text("bob")
    expect(notes).not_to_contain_text("我自己的备忘")  # private notes stay off the group's handout
    expect(printed.locator(".speech__print-group")).to_contain_text("工会小组")


def test_a_visitor_prints_the_text_alone(browser, live_server, seed_speech, group, alice):
    make_note(alice, group, seed_speech.paragraphs.get(number=3), "只给小组看")
    page = browser.new_page()
    page.goto(live_server.url + seed_speech.get_absolute_url())
    page.emulate_media(media="print")
    assert page.locator(".print-notes").count() == 0
    expect(page.locator(".notes-prompt")).to_be_hidden()
    page.close()


def test_chromium_prints_it_to_pdf(printed, tmp_path):
    pdf = printed.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
    if os.environ.get("JINGDU_KEEP_PDF"):  # to look at the handout: JINGDU_KEEP_PDF=var/handout.pdf
        Path(os.environ["JINGDU_KEEP_PDF"]).write_bytes(pdf)
