"""An editor runs the library from the browser: a PDF from the desktop to a published, corrected speech.

alice (an editor) uploads the seed printed to PDF, joins two paragraphs in the preview and splits them
back, publishes, then corrects ¶5 and reads what happens to bob's note before saving. bob, a member
without the permission, sees no editing controls and gets 403. Run at phone and desktop widths; with
LIBRARY_SCREENSHOTS=folder the pages are saved there as PNGs.
"""

import os
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from annotations import anchoring
from annotations.models import Note
from speeches import search
from speeches.models import Speech

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"phone": 375, "desktop": 1280}
SCREENSHOTS = os.environ.get("LIBRARY_SCREENSHOTS")


def new_page(browser, live_server, user, width):
    context = browser.new_context(viewport={"width": width, "height": 740 if width < 600 else 900}, locale="zh-CN")
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def shot(page, name, device):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}-{device}.png", full_page=name != "speech")


def blocks(page):
    return page.locator("textarea[name=block]")


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_an_editor_goes_from_a_pdf_to_a_published_corrected_speech(
    browser, live_server, editor, group, bob, seed_pdf, seed_paragraphs, device
):
    page = new_page(browser, live_server, editor, WIDTHS[device])
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="添加讲话").click()
    page.locator("input[name=file]").set_input_files(str(seed_pdf))
    shot(page, "upload", device)
    page.get_by_role("button", name="核对分段").click()

    expect(page.get_by_role("heading", name="发布前核对")).to_be_visible()
    expect(blocks(page)).to_have_count(7)
    expect(page.locator("input[name=speaker]")).to_have_value("习近平")
    expect(page.locator("input[name=date]")).to_have_value("2023-10-23")
    expect(page.get_by_text("跨页拼接").first).to_be_visible()
    shot(page, "preview", device)

    page.get_by_role("button", name="第 2 段与下一段合并").click()
    expect(blocks(page)).to_have_count(6)
    expect(blocks(page).nth(1)).to_have_value(seed_paragraphs[1] + seed_paragraphs[2])

    blocks(page).nth(1).fill(seed_paragraphs[1] + "\n\n" + seed_paragraphs[2])
    page.get_by_role("button", name="应用修改").click()
    expect(blocks(page)).to_have_count(7)
    assert [blocks(page).nth(i).input_value() for i in range(7)] == seed_paragraphs
    assert Speech.objects.count() == 0

    page.locator("input[name=slug]").fill("acftu-2023")
    page.get_by_role("button", name="发布", exact=True).click()
    page.wait_for_url(live_server.url + "/speeches/acftu-2023/")
    expect(page.locator(".para__text")).to_have_count(7)
    assert search.search("娘家人").total == 1

    # bob notes words of ¶5; alice corrects a word elsewhere in ¶5 and is told the note stays.
    fifth = Speech.objects.get(slug="acftu-2023").paragraphs.get(number=5)
    Note.objects.add(
        author=bob,
        group=group,
        paragraph=fifth,
        body="维权服务是基本职责。",
        visibility="group",
        parent=None,
        quote=anchoring.locate(fifth.text, "维权服务基本职责"),
    )
    page.reload()
    page.locator("#p5").scroll_into_view_if_needed()
    shot(page, "speech", device)
    page.locator("#p5 .para__correct").click()
    text = page.locator("textarea[name=text]")
    text.fill(text.input_value().replace("要认真履行", "要切实履行"))
    page.get_by_role("button", name="查看笔记会怎样").click()
    expect(page.get_by_text("1 条笔记位置不变")).to_be_visible()
    assert "切实履行" not in Speech.objects.get(slug="acftu-2023").paragraphs.get(number=5).text
    shot(page, "correct", device)

    page.get_by_role("button", name="保存更正").click()
    page.wait_for_url(live_server.url + "/speeches/acftu-2023/#p5")
    expect(page.locator(".message")).to_contain_text("笔记：1 条不变")
    expect(page.locator("#p5 .para__text")).to_contain_text("要切实履行")
    assert search.search("切实履行").total == 1
    page.goto(live_server.url + "/")
    shot(page, "library", device)

    # Withdrawn: out of the library and search, the page says so.
    page.goto(live_server.url + "/speeches/acftu-2023/")
    page.get_by_role("link", name="编辑讲话").click()
    shot(page, "manage", device)
    page.get_by_role("button", name="撤下讲话").click()
    expect(page.locator(".message")).to_contain_text("讲话已从文库和搜索中撤下")
    assert search.search("娘家人").total == 0
    page.goto(live_server.url + "/speeches/acftu-2023/")
    expect(page.locator(".speech__withdrawn")).to_be_visible()
    page.goto(live_server.url + "/")
    expect(page.locator(".speech-card")).to_have_count(0)
    page.context.close()


def test_a_member_without_the_permission_sees_no_controls_and_gets_403(browser, live_server, seed_speech, group, bob):
    page = new_page(browser, live_server, bob, WIDTHS["phone"])
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name=seed_speech.title)).to_be_visible()
    expect(page.get_by_role("link", name="添加讲话")).to_have_count(0)
    page.goto(live_server.url + seed_speech.get_absolute_url())
    expect(page.locator(".para__correct")).to_have_count(0)
    expect(page.get_by_role("link", name="编辑讲话")).to_have_count(0)

    for path in ["/speeches/new/", f"/speeches/{seed_speech.slug}/edit/", f"/speeches/{seed_speech.slug}/p5/edit/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 403, path
    page.context.close()
