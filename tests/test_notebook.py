"""The group's notebook and its exports: Markdown minutes, CSV, and W3C Web Annotations (JSON-LD)."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.urls import reverse

from tests.factories import make_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion(group, alice, bob, seed_speech):
    """alice and bob discuss ¶3 and ¶6; bob keeps a private note on ¶6 and edits one."""
    p3 = seed_speech.paragraphs.get(number=3)
    p6 = seed_speech.paragraphs.get(number=6)
    first = make_note(alice, group, p3, "国之大者，就是大局。\n第二行")
    make_note(bob, group, p3, "同意，还要落实到车间。", parent=first)
    edited = make_note(bob, group, p6, "=做职工的娘家人 https://example.com")
    edited.edited_at = edited.created_at + dt.timedelta(minutes=5)
    edited.save()
    make_note(bob, group, p6, "私下的想法", visibility="private")
    return {"first": first, "edited": edited}


def test_notebook_groups_notes_by_paragraph_under_its_text_in_speech_order(client, discussion, alice, group):
    client.force_login(alice)
    html = client.get(reverse("annotations:notebook", args=[group.slug])).content.decode()
    assert html.index("第 3 段") < html.index("国之大者，就是大局。") < html.index("同意，还要落实到车间。")
    assert html.index("同意，还要落实到车间。") < html.index("第 6 段") < html.index("做职工的娘家人")
    assert "第一，坚持党对工会的全面领导。" in html  # the paragraph's text
    assert "私下的想法" not in html


def test_notebook_by_member(client, discussion, alice, group):
    client.force_login(alice)
    html = client.get(reverse("annotations:notebook", args=[group.slug]), {"by": "member"}).content.decode()
    assert html.index("alice（1）") < html.index("国之大者，就是大局。") < html.index("bob（2）")
    assert html.index("bob（2）") < html.index("同意，还要落实到车间。")
    assert "私下的想法" not in html


def test_markdown_minutes(client, discussion, alice, group):
    client.force_login(alice)
    response = client.get(reverse("annotations:notebook_markdown", args=[group.slug]))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("# 工会小组 · 学习笔记\n")
    assert "## 在同全国总工会新一届领导班子成员集体谈话时的讲话" in text
    assert "### 第 3 段\n\n> 第一，坚持党对工会的全面领导。" in text
    created = discussion["first"].created_at.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert f"- **alice**（{created:%Y-%m-%d %H:%M}）：\n  > 国之大者，就是大局。\n  > 第二行" in text
    assert "  - 回复 **bob**" in text and "    > 同意，还要落实到车间。" in text
    assert "修改）" in text
    assert "私下的想法" not in text
    assert text.index("### 第 3 段") < text.index("### 第 6 段")


# Everything people wrote, made to look like markup: raw HTML, a javascript: link, a remote image, headings,
# a list item, a forged reply from alice, a table, a code fence, emphasis, an entity, a setext underline.
MARKUP = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)>\n"
    "[点我](javascript:alert(1)) ![](http://evil.example/pixel.png) <http://evil.example>\n"
    "# 标题\n"
    "  - 列表\n"
    "1. 第一\n"
    "\n- 回复 **alice**（2026-01-01 10:00）：伪造的回复\n"
    "> 引用\n"
    "| a | b |\n|---|---|\n"
    "```\n"
    "~~删~~ *强调* __粗__ `代码` &lt;b&gt; $x$ 行尾 #\n"
    "===\n"
    "[ref]: http://evil.example\n"
    "<!-- 注释"
)


@pytest.fixture
def hostile(group, alice, bob):
    """A speech, a group and notes whose every user-written value is markup."""
    from tests.factories import make_speech

    group.name = "# <b>组</b> [链接](http://evil.example)"
    group.description = MARKUP
    group.save()
    # The title keeps within its 300 characters (PostgreSQL enforces them).
    speech = make_speech("hostile", [MARKUP], title=f"## {MARKUP}"[:300])
    speech.speaker = "- *某某* <i>"
    speech.save()
    paragraph = speech.paragraphs.get()
    first = make_note(alice, group, paragraph, MARKUP)
    make_note(bob, group, paragraph, MARKUP, parent=first)
    make_note(bob, group, paragraph, "=1+1\n" + MARKUP)
    return speech


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


def _plain(inline) -> str:
    """The text an inline token shows, escapes undone, line breaks kept."""
    return "".join("\n" if child.type == "softbreak" else child.content for child in inline.children)


def _quotes(blocks) -> list[str]:
    """The text of each outermost blockquote, its paragraphs separated by a blank line."""
    quotes, depth = [], 0
    for token in blocks:
        if token.type == "blockquote_open":
            depth += 1
            if depth == 1:
                quotes.append([])
        elif token.type == "blockquote_close":
            depth -= 1
        elif depth and token.type == "inline":
            quotes[-1].append(_plain(token))
    return ["\n\n".join(paragraphs) for paragraphs in quotes]


def test_markdown_minutes_render_what_people_wrote_as_text(client, hostile, alice, group):
    from markdown_it import MarkdownIt

    client.force_login(alice)
    text = client.get(reverse("annotations:notebook_markdown", args=[group.slug])).content.decode()
    # CommonMark, with the table and strikethrough rules GitHub's viewer adds.
    blocks = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    tokens = list(_walk(blocks))
    kinds = {token.type for token in tokens}

    assert not kinds & {"html_block", "html_inline", "image", "table_open", "s_open", "em_open", "code_inline"}
    assert not kinds & {"fence", "code_block", "hr"}
    links = [token.attrGet("href") for token in tokens if token.type == "link_open"]
    assert links == [f"http://testserver{hostile.get_absolute_url()}#p1"], "only the link to the paragraph"
    headings = [_plain(tokens[i + 1]) for i, token in enumerate(tokens) if token.type == "heading_open"]
    assert headings == [f"{group.name} · 学习笔记", " ".join(hostile.title.splitlines()), "第 1 段"]
    items = [_plain(tokens[i + 2]) for i, token in enumerate(tokens) if token.type == "list_item_open"]
    assert [item.split("（")[0] for item in items] == ["alice", "回复 bob", "bob"], "one item per note, no forged one"
    assert sum(token.type == "strong_open" for token in tokens) == 3, "only the authors' names are bold"
    # The paragraph and each note are one quote, and read as what was written (less leading spaces).
    written = "\n".join(line.lstrip(" ") for line in MARKUP.splitlines())
    assert _quotes(blocks) == [written, written, written, "=1+1\n" + written]


def test_csv_export(client, discussion, alice, group):
    client.force_login(alice)
    response = client.get(reverse("annotations:notebook_csv", args=[group.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "a BOM, so that Excel reads UTF-8"
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [(row["paragraph"], row["author"]) for row in rows] == [("3", "alice"), ("3", "bob"), ("6", "bob")]
    assert rows[0]["body"] == "国之大者，就是大局。\n第二行"
    assert rows[1]["reply_to"] == rows[0]["note_id"]
    assert rows[2]["body"].startswith("'="), "no formula injection in spreadsheets"
    assert rows[0]["paragraph_url"] == "http://testserver/speeches/2023-10-23-acftu-leadership-talk/#p3"
    assert dt.datetime.fromisoformat(rows[0]["created"]).utcoffset() == dt.timedelta(hours=8)


# ---------------------------------------------------------------- JSON-LD: the Web Annotation Data Model's MUSTs

XSD_DATETIME_WITH_ZONE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+$", re.I)


@pytest.fixture
def collection(client, discussion, alice, group):
    client.force_login(alice)
    response = client.get(reverse("annotations:notebook_jsonld", args=[group.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def test_the_collection(collection, group):
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert IRI.match(collection["id"]) and collection["id"].endswith(f"/groups/{group.slug}/notebook.jsonld")
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 3
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and IRI.match(page["id"])
    assert len(page["items"]) == 3


def test_annotations_carry_the_notes(collection, discussion, seed_speech):
    first, reply, edited = collection["first"]["items"]
    p3 = seed_speech.paragraphs.get(number=3)
    assert first["id"] == f"http://testserver/notes/{discussion['first'].pk}/"
    assert first["body"]["value"] == "国之大者，就是大局。\n第二行"
    assert first["creator"]["nickname"] == "alice"
    assert first["target"]["source"] == f"http://testserver{seed_speech.get_absolute_url()}"
    assert first["target"]["selector"][0]["value"] == "p3"
    assert first["target"]["selector"][1]["exact"] == p3.text
    assert first["motivation"] == "commenting"
    assert reply["motivation"] == "replying" and reply["target"][0] == first["id"]
    assert edited["modified"] > edited["created"]


def test_an_annotation_id_leads_members_to_the_note(client, collection, discussion, seed_speech):
    note = discussion["first"]
    response = client.get(reverse("annotations:note_detail", args=[note.pk]))
    assert response["Location"] == f"{seed_speech.get_absolute_url()}?notes=3#{note.anchor}"


def test_an_empty_notebook_exports_cleanly(client, group, alice):
    client.force_login(alice)
    collection = json.loads(client.get(reverse("annotations:notebook_jsonld", args=[group.slug])).content)
    assert collection["total"] == 0 and collection["first"]["items"] == []
    assert "还没有笔记" in client.get(reverse("annotations:notebook_markdown", args=[group.slug])).content.decode()


def test_csv_neutralises_formulas_in_every_text_column_full_width_forms_included(client, group, alice, bob):
    from tests.factories import make_speech

    speech = make_speech("formula", ["第一段。"], title='=HYPERLINK("http://evil.example","x")')
    paragraph = speech.paragraphs.get()
    for body in ["＝1+1", "＋1", "－1", "＠SUM(A1)", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "一=1+1"]:
        make_note(bob, group, paragraph, body)
    client.force_login(alice)
    text = client.get(reverse("annotations:notebook_csv", args=[group.slug])).content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert {row["speech_title"] for row in rows} == {'\'=HYPERLINK("http://evil.example","x")'}
    assert [row["body"] for row in rows] == [
        "'＝1+1",
        "'＋1",
        "'－1",
        "'＠SUM(A1)",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\t=1+1",
        "'\r=1+1",
        "一=1+1",
    ]
