"""Marking words in a real browser: select with the mouse, by touch and with the keyboard; highlight
them, write a note on them, see another member's marks and follow a copied link to the words."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from annotations.models import Note
from tests.test_browser_notes import new_context, sign_in_with_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The screen box of the characters [start, end) of an element's text.
BOX_OF = """([selector, start, end]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, node;
  while ((node = walker.nextNode())) {
    if (seen + node.length >= start && !range.startContainer.isSameNode?.(node) && range.collapsed) {
      if (seen <= start) range.setStart(node, start - seen);
    }
    if (seen + node.length >= end) { range.setEnd(node, end - seen); break; }
    seen += node.length;
  }
  const box = range.getBoundingClientRect();
  return {x: box.left, y: box.top, w: box.width, h: box.height, right: box.right};
}"""
PLACE_CARET = """([selector, at]) => {
  const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
  let seen = 0, node;
  while ((node = walker.nextNode())) {
    if (seen + node.length >= at) { getSelection().collapse(node, at - seen); return; }
    seen += node.length;
  }
}"""
FOLLOW_LINK = """url => {
  const link = Object.assign(document.createElement('a'), {href: url, id: 'followed', textContent: url});
  document.querySelector('main').prepend(link);
}"""
# A selection made the way a phone makes it, then the finger lifted.
SELECT_BY_TOUCH = """([selector, start, end]) => {
  const text = document.querySelector(selector);
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  let seen = 0, current, range = document.createRange();
  while ((current = walker.nextNode())) {
    if (seen + current.length > start && range.collapsed && seen <= start) range.setStart(current, start - seen);
    if (seen + current.length >= end) { range.setEnd(current, end - seen); break; }
    seen += current.length;
  }
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  text.dispatchEvent(new TouchEvent('touchend', {bubbles: true}));
}"""


@pytest.fixture
def reading(browser, live_server, seed_speech, group):
    """A signed-in reader's page on the seed speech, at a width."""
    contexts = []

    def open_page(user, width, **options):
        context = new_context(browser, width, **options)
        contexts.append(context)
        sign_in_with_cookie(context, live_server, user)
        page = context.new_page()
        page.goto(live_server.url + seed_speech.get_absolute_url() + "#p3")
        return page

    yield open_page
    for context in contexts:
        context.close()


def words_at(text, words):
    start = text.index(words)
    return start, start + len(words)


def test_a_mouse_selection_becomes_a_highlight_that_another_member_sees(reading, seed_speech, alice, bob):
    text = seed_speech.paragraphs.get(number=3).text
    start, end = words_at(text, "思想政治引领")
    page = reading(alice, 1280)
    box_start = page.evaluate(BOX_OF, ["#text-p3", start, start + 1])
    box_end = page.evaluate(BOX_OF, ["#text-p3", end - 1, end])
    page.mouse.move(box_start["x"] + 1, box_start["y"] + box_start["h"] / 2)
    page.mouse.down()
    page.mouse.move(box_end["right"] - 1, box_end["y"] + box_end["h"] / 2, steps=5)
    page.mouse.up()

    bar = page.locator("#selection-bar")
    expect(bar).to_be_visible()
    bar.get_by_role("button", name="划线").click()

    expect(page.locator("#text-p3 mark.hl")).to_have_count(1)
    expect(page.locator("#text-p3 mark.hl .hl__link")).to_have_text("思想政治引领")
    note = Note.objects.get()
    assert (note.is_highlight, note.exact, note.start) == (True, "思想政治引领", start)

    other = reading(bob, 375)
    mark = other.locator("#text-p3 mark.hl")
    expect(mark).to_have_attribute("title", "1 人划线")
    mark.locator(".hl__link").click()  # opens the notes at the highlight
    expect(other.locator(f"#notes-p3 #note-{note.pk} .note__quote")).to_have_text("思想政治引领")


def test_a_touch_selection_on_a_phone_becomes_a_note_on_the_words(reading, seed_speech, bob):
    text = seed_speech.paragraphs.get(number=3).text
    start, end = words_at(text, "国之大者")
    page = reading(bob, 375, has_touch=True, is_mobile=True)
    page.evaluate(SELECT_BY_TOUCH, ["#text-p3", start, end])
    bar = page.locator("#selection-bar")
    expect(bar).to_be_visible()
    bar.get_by_role("button", name="写笔记").click()

    quote = page.locator("#notes-p3 input[name=exact]")
    expect(quote).to_have_value("国之大者")
    page.locator("#note-body-p3").fill("心里装着大局。")
    page.locator("#notes-p3 form.note-form").get_by_role("button", name="发表").click()

    expect(page.locator("#notes-p3 .note__quote")).to_have_text("国之大者")
    expect(page.locator("#text-p3 mark.hl .hl__link")).to_have_text("国之大者")
    assert Note.objects.get().start == start


@pytest.fixture(scope="module")
def caret_browsing(playwright):
    """A Chromium with caret browsing on (F7 in a desktop browser): how keyboard users select text."""
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, "--enable-caret-browsing"]
    )
    yield browser
    browser.close()


def test_a_keyboard_selection_reaches_the_bar_with_tab(caret_browsing, live_server, seed_speech, group, alice):
    text = seed_speech.paragraphs.get(number=6).text
    start, end = words_at(text, "娘家人")
    context = new_context(caret_browsing, 1280)
    sign_in_with_cookie(context, live_server, alice)
    page = context.new_page()
    page.goto(live_server.url + seed_speech.get_absolute_url() + "#p6")
    # The caret before the words, then Shift+→ over them.
    page.evaluate(PLACE_CARET, ["#text-p6", start])
    for _ in range(end - start):
        page.keyboard.press("Shift+ArrowRight")
    bar = page.locator("#selection-bar")
    expect(bar).to_be_visible()
    for _ in range(12):  # Tab on from the selection until the bar's first button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.action") == "highlight":
            break
    page.keyboard.press("Enter")
    expect(page.locator("#text-p6 mark.hl .hl__link")).to_have_text("娘家人")
    context.close()


def test_selected_words_lead_to_their_phrase_page(reading, seed_speech, live_server, alice):
    text = seed_speech.paragraphs.get(number=6).text
    start, end = words_at(text, "娘家人")
    page = reading(alice, 375)
    page.evaluate(SELECT_BY_TOUCH, ["#text-p6", start, end])
    page.locator("#selection-bar").get_by_role("button", name="在其他讲话中").click()
    expect(page).to_have_url(live_server.url + reverse("phrases:phrase_detail", args=["娘家人"]))
    expect(page.locator("h1")).to_contain_text("娘家人")


def test_a_copied_link_opens_the_speech_at_the_words(reading, seed_speech, live_server, alice):
    text = seed_speech.paragraphs.get(number=6).text
    start, end = words_at(text, "娘家人")
    page = reading(alice, 1280, permissions=["clipboard-read", "clipboard-write"])
    page.evaluate(SELECT_BY_TOUCH, ["#text-p6", start, end])
    page.locator("#selection-bar").get_by_role("button", name="复制链接").click()
    expect(page.locator("#selection-bar .selection-bar__link")).to_have_text("链接已复制")
    url = page.evaluate("navigator.clipboard.readText()")
    path = seed_speech.get_absolute_url()
    assert url == f"{live_server.url}{path}?quote={start}-{end}#p6:~:text=%E5%A8%98%E5%AE%B6%E4%BA%BA"

    # Followed from another page (a chat message, the minutes): the speech opens at the words.
    page.goto(live_server.url + "/")
    page.evaluate(FOLLOW_LINK, url)
    page.locator("#followed").click()
    page.wait_for_function(
        "() => { const box = document.getElementById('p6').getBoundingClientRect();"
        " return location.search.startsWith('?quote=') && box.top >= 0 && box.top < innerHeight; }"
    )
    assert page.evaluate("CSS.highlights.get('jingdu-arrival').values().next().value.toString()") == "娘家人"
