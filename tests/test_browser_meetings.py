"""A study session on phones, as the issue's "Done when" tells it: alice (organiser) plans it; bob and dora
(members) prepare, ask and upvote; alice takes attendance, writes the summary and downloads the minutes.

Each person has a browser context of their own at 375 px. With MEETINGS_SCREENSHOTS=folder the pages are
saved there as PNGs (the README's come from here); they are saved under the test's tmp folder anyway.
"""

import datetime as dt
import io
import os
from pathlib import Path

import docx
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.utils import timezone
from pdfminer.high_level import extract_pages
from playwright.sync_api import expect

from annotations.models import Note, QuestionVote
from meetings.models import Attendance, ReadingProgress, Session
from speeches.importing.pdf import read_lines

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
SCREENSHOTS = os.environ.get("MEETINGS_SCREENSHOTS")


def phone_of(browser, live_server, user):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN", accept_downloads=True)
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context, context.new_page()


def context_cookies(context, live_server) -> list:
    return [cookie for cookie in context.cookies(live_server.url) if cookie["name"] == "sessionid"]


def shot(page, folder: Path, name: str, at: str = "") -> None:
    """The whole page into the test's folder; the screen at `at` into MEETINGS_SCREENSHOTS, if set."""
    page.screenshot(path=folder / f"{name}.png", full_page=True)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        if at:
            page.locator(at).evaluate("element => element.scrollIntoView({block: 'start'})")
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}.png")


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def ask(page, number: int, question: str) -> None:
    """Write a note on ¶number of the speech page and tick "这是个问题"."""
    page.locator(f"#p{number} a.notes-toggle").click()
    form = page.locator(f"#notes-p{number} form.note-form")
    form.locator("textarea[name=body]").fill(question)
    form.get_by_label("这是个问题").check()
    form.get_by_role("button", name="发表").click()
    expect(page.locator(f"#notes-p{number} li.note", has_text=question).locator(".badge--question")).to_be_visible()


def test_a_session_from_planning_on_a_phone_to_the_minutes(
    browser, live_server, seed_speech, group, alice, bob, dora, tmp_path
):
    contexts = []
    try:
        # 1. alice plans the session on her phone, from the group's page.
        context, a = phone_of(browser, live_server, alice)
        contexts.append(context)
        a.goto(live_server.url + group.get_absolute_url())
        a.get_by_role("link", name="学习会").click()
        a.get_by_role("link", name="安排学习会").click()
        starts = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(hour=14, minute=30)
        a.get_by_label("标题").fill("学习新时代工会工作")
        a.get_by_label("日期和时间").fill(starts.strftime("%Y-%m-%dT%H:%M"))
        a.get_by_label("地点或会议链接").fill("三楼会议室")
        a.locator("select[name=speech]").select_option(seed_speech.slug)
        a.get_by_label("从第几段").fill("3")
        a.get_by_label("到第几段").fill("7")
        a.get_by_label("领学人").select_option("bob")
        a.get_by_label("讨论题").fill("p3: 如何理解“国之大者”？\n结合本单位实际谈体会")
        assert fits_the_screen(a)
        shot(a, tmp_path, "session-form-phone")
        a.get_by_role("button", name="安排").click()
        expect(a.get_by_role("heading", name="学习新时代工会工作")).to_be_visible()
        session = Session.objects.get()
        assert session.starts_at == starts.replace(second=0, microsecond=0) and session.leader == bob
        expect(a.locator(".discussion li")).to_have_count(2)
        assert fits_the_screen(a)

        # 2. bob opens the reading from the session page ("去阅读" records it, even without JavaScript),
        #    sees the band, reads to the end and asks on ¶4.
        context, b = phone_of(browser, live_server, bob)
        contexts.append(context)
        b.goto(live_server.url + session.get_absolute_url())
        b.get_by_role("button", name="去阅读").click()
        b.wait_for_url(f"**{seed_speech.get_absolute_url()}#p3")
        expect(b.locator(".session-band")).to_contain_text(f"本组 {starts.month}月{starts.day}日学习会：第 3–7 段")
        with b.expect_request(lambda r: "/progress/" in r.url and "furthest=7" in (r.post_data or "")):
            b.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        ask(b, 4, "“娘家人”在我们车间具体怎么当？")
        assert ReadingProgress.objects.get(user=bob, speech=seed_speech).furthest == 7

        # 3. dora opens the speech herself: the page records it. She asks on ¶5 and adds her
        #    "我也想问" to bob's question; bob adds his to hers.
        context, d = phone_of(browser, live_server, dora)
        contexts.append(context)
        with d.expect_response(lambda r: "/progress/" in r.url) as recorded:
            d.goto(live_server.url + seed_speech.get_absolute_url())
        assert recorded.value.status == 204
        assert ReadingProgress.objects.filter(user=dora, speech=seed_speech).exists()
        expect(d.locator(".session-band")).to_be_visible()
        shot(d, tmp_path, "session-band-phone")
        ask(d, 5, "新就业形态劳动者怎么入会？")
        d.goto(live_server.url + session.get_absolute_url())
        bobs = Note.objects.get(author=bob, is_question=True)
        doras = Note.objects.get(author=dora, is_question=True)
        d.evaluate("window.loadedOnce = true")
        me_too = d.locator(f"#question-{bobs.pk} button.me-too")
        expect(me_too).to_have_attribute("aria-pressed", "false")
        me_too.click()
        expect(d.locator(f"#question-{bobs.pk} button.me-too")).to_have_attribute("aria-pressed", "true")
        expect(d.locator(f"#question-{bobs.pk} .me-too__count")).to_have_text("1")
        assert d.evaluate("window.loadedOnce") is True, "swapped in place"
        b.goto(live_server.url + session.get_absolute_url())
        b.locator(f"#question-{doras.pk} button.me-too").click()
        expect(b.locator(f"#question-{doras.pk} .me-too__count")).to_have_text("1")
        assert set(QuestionVote.objects.values_list("user__username", "note__author__username")) == {
            ("dora", "bob"),
            ("bob", "dora"),
        }
        expect(b.locator(".preparation tbody tr")).to_have_count(1)  # bob sees only his own
        shot(b, tmp_path, "session-questions-phone", at="#questions-title")

        # 4. alice sees both questions and everyone's preparation, resolves bob's question, takes
        #    attendance with large tick boxes, writes the summary and downloads the minutes.
        a.reload()
        expect(a.locator(".questions > li")).to_have_count(2)
        expect(a.locator(".preparation tbody tr")).to_have_count(3)
        expect(a.locator(".preparation tbody tr", has_text="bob").locator(".yes")).to_have_count(2)
        expect(a.locator(".confusion tbody tr")).to_have_count(2)
        question = a.locator(f"#question-{bobs.pk}")
        question.get_by_text("标记为已解决").click()
        question.get_by_label("结论").fill("做职工信得过的娘家人：班组长每周走访。")
        question.get_by_role("button", name="确认结论").click()
        expect(a.locator(f"#question-{bobs.pk} .badge--resolved")).to_be_visible()
        expect(a.locator(".questions > li").first).to_have_attribute("id", f"question-{doras.pk}")  # open first

        boxes = a.locator(".attendance input[type=checkbox]")
        expect(boxes).to_have_count(3)
        for box in boxes.all():
            size = box.bounding_box()
            assert size["width"] >= 24 and size["height"] >= 24
        row = a.locator(".attendance label", has_text="bob").bounding_box()
        assert row["height"] >= 44, "a thumb hits the whole row"
        a.locator(".attendance label", has_text="alice").click()
        a.locator(".attendance label", has_text="bob").click()
        a.locator(".attendance").scroll_into_view_if_needed()
        a.get_by_role("button", name="保存出席情况").click()
        expect(a.locator(".message")).to_have_text("出席情况已记录。")
        assert dict(Attendance.objects.values_list("user__username", "present")) == {
            "alice": True,
            "bob": True,
            "dora": False,
        }
        a.get_by_label("学习体会/小结").fill("大家一致认为：维权服务要落到班组。\n下次学习第 8 段以后。")
        a.get_by_role("button", name="保存小结").click()
        expect(a.locator(".message")).to_have_text("小结已保存。")
        assert fits_the_screen(a)
        assert blocking_violations(a) == []
        shot(a, tmp_path, "session-attendance-phone", at="#after-title")

        with a.expect_download() as download:
            a.get_by_role("link", name="Word（.docx）").click()
        assert download.value.suggested_filename.endswith("学习记录.docx")
        minutes = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
        facts = {row.cells[0].text: row.cells[1].text for row in minutes.tables[0].rows}
        assert (facts["领学人"], facts["参加人员"], facts["缺席人员"]) == ("bob", "alice、bob", "dora")
        text = "\n".join(paragraph.text for paragraph in minutes.paragraphs)
        assert "“娘家人”在我们车间具体怎么当？" in text and "新就业形态劳动者怎么入会？" in text
        assert "结论：做职工信得过的娘家人：班组长每周走访。" in text
        assert "大家一致认为：维权服务要落到班组。" in text

        # The same page at desktop width.
        wide = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        contexts.append(wide)
        wide.add_cookies(context_cookies(contexts[0], live_server))
        page = wide.new_page()
        page.goto(live_server.url + session.get_absolute_url())
        assert fits_the_screen(page)
        shot(page, tmp_path, "session-desktop", at="#questions-title")
    finally:
        for context in contexts:
            context.close()


def test_the_minutes_print_on_a4_with_page_numbers(browser, live_server, seed_speech, group, alice, bob, tmp_path):
    session = Session.objects.create(
        group=group,
        title="学习新时代工会工作",
        starts_at=timezone.now() - dt.timedelta(days=1),
        place="三楼会议室",
        speech=seed_speech,
        leader=bob,
        organiser=alice,
        questions="p3: 如何理解“国之大者”？",
        summary="大家一致认为：维权服务要落到班组。",
    )
    Attendance.objects.create(session=session, user=alice, present=True)
    Attendance.objects.create(session=session, user=bob, present=False)
    paragraph = seed_speech.paragraphs.get(number=3)
    Note.objects.create(
        author=bob, group=group, paragraph=paragraph, body="“国之大者”指什么？", is_question=True,
        created_at=session.starts_at - dt.timedelta(hours=2), resolved_at=session.starts_at, conclusion="心怀大局。",
    )  # fmt: skip
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        client = Client()
        client.force_login(alice)
        cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(live_server.url + f"/groups/{group.slug}/sessions/{session.pk}/minutes/")
        expect(page.locator(".print-button")).to_be_visible()
        shot(page, tmp_path, "minutes-desktop")
        printed = page.pdf(prefer_css_page_size=True)
        pages = list(extract_pages(io.BytesIO(printed)))
        assert len(pages) >= 2
        assert all((round(p.width), round(p.height)) == (595, 842) for p in pages)  # A4 in points
        # Read back as the importer reads PDFs (the fonts' look-alike radicals folded: ⻚ → 页).
        lines, _heights = read_lines(printed)
        texts = [line.text for line in lines]
        for number in range(1, len(pages) + 1):
            footer = f"第 {number} 页 / 共 {len(pages)} 页"
            assert any(line.page == number - 1 and line.text == footer for line in lines), footer
        text = "\n".join(texts)
        assert "学习记录" in text and "缺席人员" in text and "心怀大局。" in text
        for chrome in ["退出", "语言：", "打印"]:  # the site's header, footer and buttons stay off the paper
            assert chrome not in text, chrome
    finally:
        context.close()
