"""The importer's refusals in the reader's language: a translatable message, its values filled in after.

A refusal carrying a value (a date, a front-matter line, a length) reaches the Chinese interface in Chinese,
the English one in English, and `import_speeches` prints English whatever the site's language.
"""

import ast
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from speeches.importing import ImportRefused, parse_speech
from speeches.models import Speech

ROOT = Path(__file__).resolve().parent.parent
IMPORTING = ROOT / "speeches" / "importing"
CATALOG = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def refusal_messages() -> list[tuple[str, int, str | None]]:
    """(file, line, msgid) of every `raise ImportRefused(…)` in the importer and the actions; msgid None when it
    is not a string literal inside `_()` (gettext_lazy)."""
    found = []
    for path in [*sorted(IMPORTING.glob("*.py")), ROOT / "speeches" / "actions.py"]:
        tree = ast.parse(path.read_text("utf-8"))
        lazy = {name: node for node in ast.walk(tree) if isinstance(node, ast.Assign) for name in node.targets}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ImportRefused"):
                continue
            message = node.args[0] if node.args else None
            msgids = _msgids(message, lazy)
            found += [(path.name, node.lineno, msgid) for msgid in msgids]
    return found


def _msgids(message, assignments) -> list[str | None]:
    if isinstance(message, ast.Call) and getattr(message.func, "id", "") == "_":
        argument = message.args[0] if message.args else None
        return [argument.value if isinstance(argument, ast.Constant) and isinstance(argument.value, str) else None]
    if isinstance(message, ast.Name):
        # A message named at the module's top (TOO_MANY_PAGES = _("…")), or chosen from a table of them
        # (records._OVERLONG, by the variable `message`).
        named = next(
            (node.value for target, node in assignments.items() if getattr(target, "id", "") == message.id), None
        )
        if named is None or message.id == "message":
            named = next(
                (node.value for target, node in assignments.items() if getattr(target, "id", "") == "_OVERLONG"), None
            )
        if isinstance(named, ast.Dict):
            return [item for value in named.values for item in _msgids(value, assignments)]
        if named is not None:
            return _msgids(named, assignments)
        if message.id == "message":
            return []  # a refusal passed on as it was made (limits.py: from the reading's child process)
    return [None]


def test_every_refusal_is_a_translated_message_with_its_values_apart():
    messages = refusal_messages()
    assert len(messages) >= 30
    catalog = {entry.msgid: entry.msgstr for entry in polib.pofile(str(CATALOG)) if not entry.obsolete}
    for name, line, msgid in messages:
        assert msgid is not None, f'{name}:{line}: ImportRefused(_("…"), params=…), not an f-string or plain text'
        assert catalog.get(msgid), f"{name}:{line}: {msgid!r} has no Chinese translation"


def test_a_refusal_is_translated_where_it_is_shown_not_where_it_is_raised():
    with translation.override("en"):
        with pytest.raises(ImportRefused) as refused:
            parse_speech("---\ndate: 昨天\n---\n正文。\n")
        assert str(refused.value) == "the date '昨天' is not a date (use YYYY-MM-DD)"
    with translation.override("zh-hans"):
        assert str(refused.value) == "日期“昨天”不是有效日期（请用 YYYY-MM-DD 格式）"


@pytest.fixture
def editing(client, editor):
    client.force_login(editor)
    return client


UPLOADS = [  # what is pasted, the Chinese reason, the English reason (as HTML escapes it)
    ("---\ndate: 昨天\n---\n正文。\n", "日期“昨天”不是有效日期", "the date &#x27;昨天&#x27; is not a date"),
    (
        "---\nauthor: 某人\n---\n正文。\n",
        "文件开头信息中的“author: 某人”一行",
        "line &#x27;author: 某人&#x27; is not",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "chinese", "english"), UPLOADS)
def test_a_refusal_with_a_value_reaches_the_chinese_interface_in_chinese(editing, text, chinese, english):
    response = editing.post(reverse("speeches:speech_new"), {"text": text})
    html = response.content.decode()
    assert response.status_code == 422
    assert f"无法读取这篇讲话：{chinese}" in html and english not in html
    assert not Speech.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "chinese", "english"), UPLOADS)
def test_and_the_english_interface_in_english(editing, settings, text, chinese, english):
    editing.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = editing.post(reverse("speeches:speech_new"), {"text": text}).content.decode()
    assert "The speech could not be read: " in html and english in html and chinese not in html


@pytest.mark.django_db
def test_a_file_the_reader_refuses_is_refused_in_chinese(editing):
    upload = SimpleUploadedFile("speech.docx", b"PK\x03\x04 not really a zip")
    html = editing.post(reverse("speeches:speech_new"), {"file": upload}).content.decode()
    assert "Word 文件无法读取" in html and "cannot be read" not in html


@pytest.mark.django_db
def test_a_refusal_at_publishing_is_in_chinese(editing):
    heading = "一、" + "长" * 250
    draft = {"title": "标题", "slug": "biaoti", "block": [heading, "正文。"], "layout": "h1,p", "publish": "1"}
    response = editing.post(reverse("speeches:speech_new_preview"), draft)
    assert response.status_code == 422
    assert "有一个小标题有 252 个字符，超过 200 个字符的上限" in response.content.decode()
    assert not Speech.objects.exists()


@pytest.mark.django_db
def test_the_command_prints_english_whatever_the_sites_language(tmp_path, settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    bad = tmp_path / "bad.txt"
    bad.write_text("---\ndate: 昨天\n---\n正文。\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match=r"1 file\(s\) refused"):
        call_command("import_speeches", str(bad), stdout=StringIO(), stderr=err)
    assert f"refused {bad}: the date '昨天' is not a date (use YYYY-MM-DD)" in err.getvalue()
