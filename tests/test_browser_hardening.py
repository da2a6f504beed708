"""What issue 23 changed on screen, in Chromium at 375 and 1280 px: the notes panel's “更多”, a note sent too fast
(429) and while the database is down (503) keeping its text, and a phrase's company being computed. Screenshots go
to var/screenshots/hardening-*.png for a person to look at."""

from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from playwright.sync_api import expect

from annotations.models import Note
from tests.factories import make_note

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
WIDTHS = {"phone": 375, "desktop": 1280}


def new_page(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 740 if width < 600 else 900}, locale="zh-CN")
    return context, context.new_page()


def sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"hardening-{name}.png"), full_page=False)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_panel_pages_back_with_more_and_keeps_a_note_sent_too_fast(
    browser, live_server, seed_speech, group, alice, bob, settings, device
):
    paragraph = seed_speech.paragraphs.get(number=3)
    for n in range(55):
        make_note(bob, group, paragraph, f"第{n:02d}条笔记：我们车间怎么学。")
    settings.NOTES_PER_MINUTE = 0  # alice has written her fill
    context, page = new_page(browser, WIDTHS[device])
    sign_in(context, live_server, alice)
    page.goto(f"{live_server.url}{seed_speech.get_absolute_url()}")
    page.locator("#p3 a.notes-toggle").click()
    more = page.locator("#notes-p3 .notes__more a", has_text="更多")
    expect(more).to_be_visible()
    expect(page.locator("#notes-p3 .notes__list > li.note")).to_have_count(50)
    more.scroll_into_view_if_needed()
    shot(page, f"panel-more-{device}")
    more.click()
    expect(page.locator("#notes-p3 .notes__list > li.note")).to_have_count(5)
    expect(page.locator("#notes-p3").get_by_text("较新的笔记")).to_be_visible()
    page.locator("#notes-p3 form.note-form textarea[name=body]").fill("写得太快的这一条")
    page.locator("#notes-p3 form.note-form").get_by_role("button", name="发表").click()
    expect(page.locator("#notes-p3 .form-errors")).to_contain_text("你在短时间内写了很多笔记")
    expect(page.locator("#notes-p3 form.note-form textarea[name=body]")).to_have_value("写得太快的这一条")
    page.locator("#notes-p3 .form-errors").scroll_into_view_if_needed()
    shot(page, f"panel-429-{device}")
    context.close()


@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_a_note_sent_while_the_database_is_down_is_kept_to_send_again(
    browser, live_server, seed_speech, group, bob, monkeypatch, device, javascript
):
    context = browser.new_context(
        viewport={"width": WIDTHS[device], "height": 740 if device == "phone" else 900},
        locale="zh-CN",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    sign_in(context, live_server, bob)
    page.goto(f"{live_server.url}{seed_speech.get_absolute_url()}?notes=3#p3")

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(Note.objects.__class__, "add", down)
    page.locator("#notes-p3 form.note-form textarea[name=body]").fill("数据库停了的时候写的")
    page.locator("#notes-p3 form.note-form").get_by_role("button", name="发表").click()
    kept = page.locator(".unavailable textarea")
    expect(kept).to_have_value("数据库停了的时候写的")
    expect(page.locator(".unavailable")).to_contain_text("暂时连不上数据库")
    kept.scroll_into_view_if_needed()
    shot(page, f"503-{'htmx' if javascript else 'no-js'}-{device}")
    monkeypatch.undo()  # the database is back: sending again stores it, once
    page.locator(".unavailable").get_by_role("button", name="重新发送").click()
    page.wait_for_load_state()
    expect(page.locator("#notes-p3 .note__body", has_text="数据库停了的时候写的")).to_have_count(1)
    assert Note.objects.filter(body="数据库停了的时候写的").count() == 1
    context.close()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_company_says_it_is_being_computed_then_shows_the_words(
    browser, live_server, seed_speech, settings, device
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    from phrases.tasks import compute_company
    from speeches import revision

    context, page = new_page(browser, WIDTHS[device])
    page.goto(f"{live_server.url}/phrases/工会/")
    computing = page.locator("#company").get_by_text("正在计算")
    expect(computing).to_be_visible()
    computing.scroll_into_view_if_needed()
    shot(page, f"company-computing-{device}")
    compute_company.call("工会", revision.current())  # what the worker does with the task the page queued
    expect(page.locator("#company .company__list")).to_be_visible(timeout=10_000)  # htmx asked again
    context.close()
