"""Quote notes, highlights and orphans in the notebook's exports; the JSON-LD passes the W3C
Web Annotation MUST checks of ../shared/w3c-annotation-schemas/validate.py."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from annotations import anchoring
from annotations.models import Note

pytestmark = pytest.mark.django_db
VALIDATOR = Path(__file__).resolve().parent.parent.parent / "shared" / "w3c-annotation-schemas" / "validate.py"


@pytest.fixture
def marked(seed_speech, group, alice, bob):
    p3, p7 = seed_speech.paragraphs.get(number=3), seed_speech.paragraphs.get(number=7)

    def add(author, paragraph, body, words=None, parent=None):
        quote = anchoring.locate(paragraph.text, words) if words else None
        return Note.objects.add(
            author=author, group=group, paragraph=paragraph, body=body, visibility="group", parent=parent, quote=quote
        )

    notes = {
        "quote": add(alice, p3, "大局观", "国之大者"),
        "highlight": add(bob, p3, "", "思想政治引领"),
        "paragraph": add(bob, p7, "整段都好"),
        "orphan": add(alice, p7, "要落实", "选好配强工会领导班子"),
    }
    notes["reply"] = add(bob, p3, "同意", parent=notes["quote"])
    Note.objects.filter(pk=notes["orphan"].pk).update(paragraph=None, anchoring="orphaned")
    return notes


@pytest.fixture
def collection(client, marked, alice, group):
    client.force_login(alice)
    return json.loads(client.get(reverse("annotations:notebook_jsonld", args=[group.slug])).content)


def test_the_export_passes_the_w3c_validator(collection, tmp_path):
    if not VALIDATOR.exists():
        pytest.skip(f"the W3C annotation schemas are not beside the project ({VALIDATOR})")
    path = tmp_path / "notebook.jsonld"
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(VALIDATOR), str(path), "--as", "collection"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout


def by_id(collection, note):
    return next(item for item in collection["first"]["items"] if item["id"].endswith(f"/notes/{note.pk}/"))


def test_a_quote_note_targets_its_words_by_quote_and_by_position(collection, marked, seed_speech):
    note = marked["quote"]
    item = by_id(collection, note)
    assert item["motivation"] == "commenting" and item["body"]["value"] == "大局观"
    quote, position = item["target"]["selector"]
    assert quote == {
        "type": "FragmentSelector",
        "conformsTo": "http://tools.ietf.org/rfc/rfc3986",
        "value": "p3",
        "refinedBy": {"type": "TextQuoteSelector", "exact": "国之大者", "prefix": note.prefix, "suffix": note.suffix},
    }
    assert position["refinedBy"] == {"type": "TextPositionSelector", "start": note.start, "end": note.end}
    assert item["target"]["source"].endswith(seed_speech.get_absolute_url())


def test_a_highlight_has_no_body_and_an_orphan_only_its_quote(collection, marked):
    highlight = by_id(collection, marked["highlight"])
    assert highlight["motivation"] == "highlighting" and "body" not in highlight
    orphan = by_id(collection, marked["orphan"])
    assert orphan["target"]["selector"] == {"type": "TextQuoteSelector", "exact": "选好配强工会领导班子"}


def test_the_notebook_lists_orphans_apart(client, marked, alice, group):
    client.force_login(alice)
    html = client.get(reverse("annotations:notebook", args=[group.slug])).content.decode()
    orphans = html[html.index('id="orphans-title"') :]
    assert "选好配强工会领导班子" in orphans and "要落实" in orphans
    assert "要落实" not in html[: html.index('id="orphans-title"')]


def test_the_csv_and_the_minutes_carry_the_quotes(client, marked, alice, group):
    client.force_login(alice)
    rows = client.get(reverse("annotations:notebook_csv", args=[group.slug])).content.decode("utf-8-sig").splitlines()
    header = rows[0].split(",")
    assert header[-4:] == ["exact", "start", "end", "anchor"]
    note = marked["quote"]
    assert any(row.endswith(f",国之大者,{note.start},{note.end},exact") for row in rows)
    minutes = client.get(reverse("annotations:notebook_markdown", args=[group.slug])).content.decode()
    assert "针对：“国之大者”" in minutes and "划线：“思想政治引领”" in minutes


def test_an_orphans_address_leads_to_the_end_of_the_speech_page(client, marked, alice, seed_speech):
    client.force_login(alice)
    response = client.get(reverse("annotations:note_detail", args=[marked["orphan"].pk]))
    assert response["Location"] == f"{seed_speech.get_absolute_url()}#orphans-title"


def test_an_orphan_is_deleted_but_not_edited(client, marked, alice, seed_speech):
    orphan = marked["orphan"]
    client.force_login(alice)
    assert client.post(reverse("annotations:note_edit", args=[orphan.pk]), {"body": "改"}).status_code == 404
    response = client.post(
        reverse("annotations:note_delete", args=[orphan.pk]), {"next": reverse("annotations:my_notes")}
    )
    assert response["Location"] == reverse("annotations:my_notes")
    assert not Note.objects.filter(pk=orphan.pk).exists()
