"""The interface in Simplified Chinese by default and in English on request (the footer's switch, kept in a
cookie); both catalogs complete, and their compiled .mo files up to date."""

import gettext
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from speeches import search
from tests.factories import make_note

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
CATALOGS = {"zh_Hans": 1, "en": 2}  # language → number of plural forms
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
ENGLISH_CHROME = ["Skip to main content", "Keyboard shortcuts", "Language:"]


# ---------------------------------------------------------------- helpers


def switch_language(client: Client, language: str, next_url: str = "/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def chrome(html: str, content: list[str]) -> str:
    """The page without what is not interface text: scripts, the Chinese content the page shows (marked
    lang="zh-Hans", or given in `content`), the brand and the example search words."""
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    html = re.sub(r"</?mark>", "", html)
    html = re.sub(r'<(\w+)\b[^>]*\blang="zh-Hans"[^>]*>.*?</\1>', "", html, flags=re.S)
    for text in sorted(content, key=len, reverse=True):
        html = html.replace(text, "")
    for text in ["精读", "国之大者", "娘家人", "工匠精神"]:
        html = html.replace(text, "")
    return html


def assert_english(html: str, content: list[str], *expected: str) -> None:
    assert '<html lang="en">' in html
    for text in [*ENGLISH_CHROME, *expected]:
        assert text in html, text
    rest = chrome(html, content)
    for label in ["搜索", "登录", "注册", "笔记", "退出", "讲话", "段"]:
        assert label not in rest, label
    leftovers = sorted({match.group() for match in CJK.finditer(rest)})
    assert leftovers == [], f"Chinese left in the English interface: {leftovers}"


def assert_chinese(html: str, *expected: str) -> None:
    assert '<html lang="zh-Hans">' in html
    for text in ["跳到正文", "键盘快捷键", "语言：", *expected]:
        assert text in html, text
    for text in [*ENGLISH_CHROME, "Sign in", "Notebook", "Paragraph "]:
        assert text not in html, text


@pytest.fixture
def discussion(seed_index, group, alice, bob):
    """The seed speech, indexed, with notes on ¶3."""
    p3 = seed_index.paragraphs.get(number=3)
    note = make_note(alice, group, p3, "从大局出发。")
    make_note(bob, group, p3, "同意，先从班组做起。", parent=note)
    return seed_index


def speech_content(speech, group) -> list[str]:
    """The Chinese a speech page may show that is content, not interface."""
    texts = [speech.title, speech.speaker, speech.source_note, group.name, group.description]
    texts += ["从大局出发。", "同意，先从班组做起。"]
    texts += [text for paragraph in speech.paragraphs.all() for text in (paragraph.text, paragraph.lead_sentence)]
    texts += search.key_phrases(speech)
    return [text for text in texts if text]


# ---------------------------------------------------------------- the default: Simplified Chinese


def test_pages_are_in_simplified_chinese_by_default(client, discussion, alice, group):
    speech_url = discussion.get_absolute_url()
    assert_chinese(client.get("/").content.decode(), "讲话", "7 段", "2023年10月23日", "登录", "注册")
    assert_chinese(client.get(speech_url).content.decode(), "提纲", "关键词", "后可以在每一段下面写笔记")
    assert_chinese(
        client.get(reverse("speeches:search") + "?q=国之大者").content.decode(), "找到 <strong>1</strong> 段包含"
    )
    assert_chinese(client.get(reverse("accounts:login")).content.decode(), "用户名", "密码", "还没有账号？")
    assert_chinese(client.get(reverse("accounts:signup")).content.decode(), "注册并登录", "已有账号？")
    client.force_login(alice)
    assert_chinese(client.get(speech_url + "?notes=3").content.decode(), "笔记本", "写笔记", "发表", "小组可见")
    assert_chinese(client.get(group.get_absolute_url()).content.decode(), "邀请成员", "成员（2）", "组织者")
    notebook = client.get(reverse("annotations:notebook", args=[group.slug])).content.decode()
    assert_chinese(notebook, "笔记本", "按段落", "按成员", "导出：", "第 3 段")


def test_the_footer_has_a_language_switch_that_works_without_javascript(client, seed_speech):
    url = seed_speech.get_absolute_url() + "?q=%E5%B7%A5%E4%BC%9A"
    html = client.get(url).content.decode()
    form = re.search(r'<form class="language-switch" method="post" action="([^"]+)"[^>]*>(.*?)</form>', html, re.S)
    assert form, "a real form, posted without JavaScript"
    action, fields = form.groups()
    assert action == reverse("set_language")
    assert 'name="csrfmiddlewaretoken"' in fields
    assert f'<input type="hidden" name="next" value="{url}">' in fields
    assert 'id="language-switch-label">语言：</span>' in fields and 'aria-labelledby="language-switch-label"' in html
    # The current language is shown, the other one is a button, each named in its own language.
    assert '<strong lang="zh-Hans" aria-current="true">简体中文</strong>' in fields
    assert '<button type="submit" class="link-button" name="language" value="en" lang="en">English</button>' in fields


def test_switching_with_the_csrf_token_of_the_page_goes_back_to_the_same_page(seed_speech):
    client = Client(enforce_csrf_checks=True)
    url = seed_speech.get_absolute_url()
    html = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == url
    assert '<html lang="en">' in client.get(url).content.decode()


# ---------------------------------------------------------------- English, chosen with the switch


def test_after_the_switch_every_main_page_is_in_english(client, discussion, alice, group):
    response = switch_language(client, "en")
    assert response.status_code == 302 and response["Location"] == "/"
    content = speech_content(discussion, group)
    speech_url = discussion.get_absolute_url()

    home = client.get("/").content.decode()
    assert_english(home, content, "Library", "7 paragraphs", "Oct. 23, 2023", "Sign in", "Sign up")
    assert_english(
        client.get(speech_url).content.decode(),
        content,
        "Outline",
        "Key phrases",
        "to write notes under each paragraph and read your study group's notes.",
    )
    assert_english(
        client.get(speech_url + "?q=国之大者").content.decode(),
        content,
        "“国之大者” is marked in 1 place in this speech",
        "Back to the search results",
    )
    results = client.get(reverse("speeches:search") + "?q=国之大者").content.decode()
    assert_english(results, [*content, "“国之大者”"], "Found <strong>1</strong> paragraph containing", "Paragraph 3")
    related = client.get(reverse("speeches:search") + "?q=职工权益").content.decode()
    assert "No paragraph contains “职工权益”; found <strong>" in related and "Related results" in related
    assert_english(
        client.get(reverse("accounts:login")).content.decode(), [], "Username", "Password", "No account yet?"
    )
    signup = client.get(reverse("accounts:signup")).content.decode()
    assert_english(signup, [], "Sign up and sign in", "Already have an account?")

    client.force_login(alice)
    assert_english(
        client.get(speech_url + "?notes=3").content.decode(),
        content,
        "Notes of “",
        "Write a note",
        "Visible to the group",
        "Post",
        "Notebook",
    )
    assert_english(
        client.get(group.get_absolute_url()).content.decode(),
        content,
        "Invite members",
        "Members (2)",
        "Organiser",
        "Make organiser",
    )
    notebook = client.get(reverse("annotations:notebook", args=[group.slug])).content.decode()
    assert_english(notebook, content, "Notebook", "By paragraph", "By member", "Export:", "Paragraph 3")
    by_member = client.get(reverse("annotations:notebook", args=[group.slug]) + "?by=member").content.decode()
    assert_english(by_member, content, "alice (1)", "bob (1)", "Reply")


def test_messages_and_form_errors_follow_the_language(client, seed_speech, alice, group):
    switch_language(client, "en")
    client.force_login(alice)
    paragraph_notes = reverse("annotations:paragraph_notes", args=[seed_speech.slug, 3])
    too_long = client.post(paragraph_notes, {"body": "长" * 5001}).content.decode()
    assert "A note can have at most 5000 characters (this one has 5001)." in too_long
    response = client.post(reverse("annotations:member_remove", args=[group.slug, alice.pk]), follow=True)
    assert "An organiser cannot be removed from the group" in response.content.decode()
    response = client.post(reverse("annotations:group_create"), {"name": "读书会"}, follow=True)
    assert "The group “读书会” has been set up." in response.content.decode()

    switch_language(client, "zh-hans")
    too_long = client.post(paragraph_notes, {"body": "长" * 5001}).content.decode()
    assert "笔记最多 5000 字（现在 5001 字）。" in too_long


def test_the_choice_is_remembered_in_a_cookie(client, seed_speech):
    response = switch_language(client, "en")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 60 * 60 * 24 * 30, "kept when the browser closes"
    for url in ["/", seed_speech.get_absolute_url(), reverse("speeches:search"), "/"]:
        assert '<html lang="en">' in client.get(url).content.decode()

    # A browser that asks for English gets Chinese once Chinese has been chosen, and the other way round.
    switch_language(client, "zh-hans")
    assert '<html lang="zh-Hans">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    later = Client()
    later.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en">' in later.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


def test_without_a_choice_the_interface_is_chinese_whatever_the_browser_asks_for(client):
    # Members often read on work computers set to English; the group reads in Chinese until someone switches.
    for accept in ["zh-CN,zh;q=0.9", "en-US,en;q=0.9", "fr-FR,de;q=0.8", ""]:
        assert '<html lang="zh-Hans">' in client.get("/", HTTP_ACCEPT_LANGUAGE=accept).content.decode(), accept
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "klingon"
    assert '<html lang="zh-Hans">' in client.get("/").content.decode()


def test_an_unknown_language_is_not_taken(client):
    switch_language(client, "fr")
    assert '<html lang="zh-Hans">' in client.get("/").content.decode()


def test_error_pages_are_translated(client):
    assert "找不到这个页面" in client.get("/no-such-page/").content.decode()
    switch_language(client, "en")
    html = client.get("/no-such-page/").content.decode()
    assert '<html lang="en">' in html and "This page cannot be found" in html


# ---------------------------------------------------------------- the catalogs


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%(?:\(\w+\))?[sd]", text))


def po_file(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", CATALOGS)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = po_file(language)
    assert f"nplurals={CATALOGS[language]};" in po.metadata["Plural-Forms"]
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert len(po) > 100
    assert not po.fuzzy_entries() and not po.obsolete_entries() and not po.untranslated_entries()
    for entry in po:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == list(range(CATALOGS[language])), entry.msgid
            translations = list(entry.msgstr_plural.values())
        else:
            translations = [entry.msgstr]
        for translation in translations:
            # %(name)s placeholders survive the translation (a plural form may leave out the count).
            wanted = {p for p in placeholders(entry.msgid) if not entry.msgid_plural or "counter" not in p}
            assert wanted <= set(placeholders(translation)), entry.msgid


def test_the_english_catalog_is_the_english_text_and_both_catalogs_hold_the_same_messages():
    english, chinese = po_file("en"), po_file("zh_Hans")
    assert [entry.msgid for entry in english] == [entry.msgid for entry in chinese]
    for entry in english:
        if entry.msgid_plural:
            assert entry.msgstr_plural == {0: entry.msgid, 1: entry.msgid_plural}
        else:
            assert entry.msgstr == entry.msgid
    for entry in chinese:
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        assert all(CJK.search(text) for text in translations), entry.msgid


def mo_catalog(path: Path) -> dict:
    with open(path, "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    return {key: value for key, value in catalog.items() if key != ""}  # the header differs by tool


@pytest.mark.parametrize("language", CATALOGS)
def test_the_committed_mo_file_matches_the_po_file(language, tmp_path):
    fresh = tmp_path / "django.mo"
    po_file(language).save_as_mofile(str(fresh))
    committed = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert mo_catalog(committed) == mo_catalog(fresh), "run `make messages` and commit the .mo file"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (apt-get install gettext)")
def test_the_catalogs_hold_every_string_of_the_templates_and_code(settings, tmp_path, monkeypatch):
    """makemessages on a copy of the source finds exactly the messages the catalogs have: none is missing."""
    for folder in [
        "accounts",
        "annotations",
        "compare",
        "config",
        "core",
        "meetings",
        "passages",
        "phrases",
        "reading",
        "speeches",
        "templates",
    ]:
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], verbosity=0)
    found = [entry.msgid for entry in polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))]
    committed = [entry.msgid for entry in po_file("en")]
    assert sorted(found) == sorted(committed), "run `make messages` and translate the new strings"
