"""Editors add a speech from the browser (upload → preview → publish), correct it, archive or delete it.

alice is an editor (the group "editors" with the three permissions on Speech); bob is a member of her
study group without them; visitors are not signed in.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotations import anchoring
from annotations.models import Note
from speeches import search
from speeches.models import Collection, Speech
from tests.conftest import SEED_SOURCE_NOTE, SEED_SPEAKER
from tests.factories import make_note

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(client, settings):
    """The messages read here in English (test_library_page.py checks the Chinese interface)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def editing_urls(slug):
    return [
        ("get", reverse("speeches:speech_new")),
        ("post", reverse("speeches:speech_new_preview")),
        ("get", reverse("speeches:speech_manage", args=[slug])),
        ("get", reverse("speeches:speech_replace", args=[slug])),
        ("post", reverse("speeches:speech_replace_preview", args=[slug])),
        ("get", reverse("speeches:paragraph_edit", args=[slug, 1])),
        ("post", reverse("speeches:speech_archive", args=[slug])),
        ("post", reverse("speeches:speech_delete", args=[slug])),
        ("get", reverse("speeches:collection_list")),
    ]


def test_visitors_are_sent_to_log_in_and_members_without_the_permission_get_403(client, seed_speech, bob):
    for method, url in editing_urls(seed_speech.slug):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
    client.force_login(bob)
    for method, url in editing_urls(seed_speech.slug):
        assert getattr(client, method)(url).status_code == 403, url
    assert Speech.objects.get() == seed_speech and not seed_speech.is_archived


def test_only_editors_see_the_editing_controls(client, seed_speech, editor, bob):
    client.force_login(bob)
    for url in [reverse("reading:speech_list"), seed_speech.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert (
            reverse("speeches:speech_new") not in html
            and reverse("speeches:speech_manage", args=[seed_speech.slug]) not in html
        )
        assert reverse("speeches:paragraph_edit", args=[seed_speech.slug, 5]) not in html
    client.force_login(editor)
    assert reverse("speeches:speech_new") in client.get(reverse("reading:speech_list")).content.decode()
    html = client.get(seed_speech.get_absolute_url()).content.decode()
    assert reverse("speeches:speech_manage", args=[seed_speech.slug]) in html
    assert reverse("speeches:paragraph_edit", args=[seed_speech.slug, 5]) in html


def preview_of(client, **upload):
    response = client.post(reverse("speeches:speech_new"), upload)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response


def preview_data(response, **changes):
    """What the preview's form would post: its fields, and its blocks as the page shows them."""
    form, draft = response.context["form"], response.context["draft"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["date"] = draft.date.isoformat() if draft.date else ""
    data["block"] = [block.text for block in draft.blocks]
    data["layout"] = draft.layout
    data.update(changes)
    return data


def test_a_word_file_is_previewed_then_published_and_searchable(client, editor, seed_docx, seed_paragraphs):
    client.force_login(editor)
    upload = SimpleUploadedFile(seed_docx.name, seed_docx.read_bytes())
    response = preview_of(client, file=upload)

    html = response.content.decode()
    assert html.count('name="block"') == 7
    assert SEED_SOURCE_NOTE in html and SEED_SPEAKER in html
    assert Speech.objects.count() == 0  # nothing stored before publishing

    data = preview_data(response, publish="1", slug="acftu-2023")
    response = client.post(reverse("speeches:speech_new_preview"), data)

    assert response.status_code == 302 and response["Location"] == reverse("reading:speech_detail", args=["acftu-2023"])
    speech = Speech.objects.get(slug="acftu-2023")
    assert list(speech.paragraphs.values_list("text", flat=True)) == seed_paragraphs
    assert (speech.speaker, speech.source_note, speech.source_file) == (SEED_SPEAKER, SEED_SOURCE_NOTE, seed_docx.name)
    assert search.search("娘家人").total == 1


def test_pasted_text_is_previewed_with_editable_metadata(client, editor, seed_path):
    client.force_login(editor)
    response = preview_of(client, text=seed_path.read_text("utf-8"))
    data = preview_data(response, publish="1", title="工会工作的讲话", speaker="习近平同志", date="2023-10-24")

    client.post(reverse("speeches:speech_new_preview"), data)

    speech = Speech.objects.get()
    assert (speech.title, speech.speaker, speech.date.isoformat()) == ("工会工作的讲话", "习近平同志", "2023-10-24")
    assert speech.slug == data["slug"] and speech.slug.startswith("2023-10-23-")


def test_joining_and_splitting_in_the_preview_changes_what_is_published(client, editor, seed_path, seed_paragraphs):
    client.force_login(editor)
    response = preview_of(client, text=seed_path.read_text("utf-8"))

    joined = client.post(reverse("speeches:speech_new_preview"), preview_data(response, join="1"))
    blocks = [block.text for block in joined.context["draft"].blocks]
    assert blocks[1] == seed_paragraphs[1] + seed_paragraphs[2] and len(blocks) == 6
    assert Speech.objects.count() == 0

    texts = preview_data(joined)["block"]
    texts[1] = seed_paragraphs[1] + "\n\n" + seed_paragraphs[2]
    split = client.post(reverse("speeches:speech_new_preview"), preview_data(joined, block=texts, update="1"))
    assert [block.text for block in split.context["draft"].blocks] == seed_paragraphs

    client.post(reverse("speeches:speech_new_preview"), preview_data(split, publish="1"))
    assert list(Speech.objects.get().paragraphs.values_list("text", flat=True)) == seed_paragraphs


def test_a_taken_address_is_refused_and_nothing_is_stored(client, editor, seed_speech, seed_path):
    client.force_login(editor)
    response = preview_of(client, text=seed_path.read_text("utf-8"))

    response = client.post(
        reverse("speeches:speech_new_preview"), preview_data(response, publish="1", slug=seed_speech.slug)
    )

    assert response.status_code == 422
    assert "Another speech already has this address" in response.content.decode()
    assert Speech.objects.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        ({"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 broken")}, "the PDF cannot be read (the file is damaged"),
        (
            {"file": SimpleUploadedFile("speech.exe", b"MZ")},
            "Upload a PDF, a Word file (.docx), or a .txt or .md file.",
        ),
        ({"text": "   "}, "Choose a file to upload or paste the text"),
        ({}, "Choose a file to upload or paste the text"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(client, editor, upload, message):
    client.force_login(editor)

    response = client.post(reverse("speeches:speech_new"), upload)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert Speech.objects.count() == 0


def test_a_file_over_5_mb_is_refused(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("big.txt", "讲话。\n".encode() * 600_000)  # 6 MB

    response = client.post(reverse("speeches:speech_new"), {"file": upload})

    assert response.status_code == 422 and "The file is 5.7 MB, over the 5 MB limit." in response.content.decode()


# ---------------------------------------------------------------------------
# Corrections


@pytest.fixture
def quoted(seed_index, group, alice, bob):
    """Two notes on ¶5: one on the words 维权服务, one on the whole paragraph; one on ¶7's words."""
    paragraph = seed_index.paragraphs.get(number=5)
    on_words = Note.objects.add(
        author=bob,
        group=group,
        paragraph=paragraph,
        body="维权服务是基本职责。",
        visibility="group",
        parent=None,
        quote=anchoring.locate(paragraph.text, "维权服务基本职责"),
    )
    whole = make_note(alice, group, paragraph)
    seventh = seed_index.paragraphs.get(number=7)
    gone = Note.objects.add(
        author=bob,
        group=group,
        paragraph=seventh,
        body="联席会议",
        visibility="group",
        parent=None,
        quote=anchoring.locate(seventh.text, "政府和工会联席会议"),
    )
    return on_words, whole, gone


def test_correcting_a_paragraph_shows_what_happens_to_the_notes_before_saving(client, editor, seed_index, quoted):
    client.force_login(editor)
    url = reverse("speeches:paragraph_edit", args=[seed_index.slug, 5])
    paragraph = seed_index.paragraphs.get(number=5)
    corrected = paragraph.text.replace("中国式现代化", "中国式现代化，")

    response = client.post(url, {"text": corrected, "check": "1"})

    assert response.status_code == 200
    report = response.context["report"]
    assert report.notes == {"moved": 1, "unchanged": 2}
    assert "1 note moves with its words" in response.content.decode()
    paragraph.refresh_from_db()
    assert "中国式现代化，" not in paragraph.text  # checked, not saved
    assert Note.objects.get(pk=quoted[0].pk).start == quoted[0].start

    response = client.post(url, {"text": corrected, "save": "1"})

    assert response.status_code == 302 and response["Location"].endswith("#p5")
    paragraph.refresh_from_db()
    assert paragraph.text == corrected
    note = Note.objects.get(pk=quoted[0].pk)
    assert note.paragraph_id == paragraph.pk and paragraph.text[note.start : note.end] == "维权服务基本职责"


def test_a_typo_correction_is_searchable_at_once(client, editor, seed_index):
    client.force_login(editor)
    paragraph = seed_index.paragraphs.get(number=5)
    assert search.search("维权服务站").total == 0

    client.post(
        reverse("speeches:paragraph_edit", args=[seed_index.slug, 5]),
        {"text": paragraph.text + "建好维权服务站。", "save": "1"},
    )

    assert search.search("维权服务站").total == 1


def test_removing_the_quoted_words_orphans_the_note_and_says_so(client, editor, seed_index, quoted):
    client.force_login(editor)
    seventh = seed_index.paragraphs.get(number=7)

    response = client.post(
        reverse("speeches:paragraph_edit", args=[seed_index.slug, 7]),
        {"text": "各级党委（党组）要加强对工会和工会工作的领导。", "check": "1"},
    )

    assert response.context["report"].notes["orphaned"] == 1
    assert "1 note is orphaned" in response.content.decode()
    seventh.refresh_from_db()
    assert Note.objects.get(pk=quoted[2].pk).paragraph_id == seventh.pk


def test_an_empty_line_splits_the_corrected_paragraph(client, editor, seed_index, seed_paragraphs):
    client.force_login(editor)
    first, second = seed_paragraphs[1][:10], seed_paragraphs[1][10:]

    client.post(
        reverse("speeches:paragraph_edit", args=[seed_index.slug, 2]), {"text": f"{first}\n\n{second}", "save": "1"}
    )

    assert seed_index.paragraphs.count() == 8
    assert seed_index.paragraphs.get(number=3).text == second


def test_an_empty_correction_is_refused(client, editor, seed_index):
    client.force_login(editor)

    response = client.post(reverse("speeches:paragraph_edit", args=[seed_index.slug, 2]), {"text": "  ", "save": "1"})

    assert response.status_code == 422
    assert seed_index.paragraphs.count() == 7


def test_a_new_version_reports_the_notes_then_replaces_the_text(client, editor, seed_index, quoted, seed_docx):
    client.force_login(editor)
    response = client.post(
        reverse("speeches:speech_replace", args=[seed_index.slug]),
        {"file": SimpleUploadedFile(seed_docx.name, seed_docx.read_bytes())},
    )
    assert response.status_code == 200
    assert response.context["report"].notes == {"unchanged": 3}

    data = preview_data(response)
    data["block"][4] = data["block"][4].replace("维权服务基本职责", "维权服务的基本职责")
    data["block"][6] = "各级党委要加强领导。"
    response = client.post(reverse("speeches:speech_replace_preview", args=[seed_index.slug]), {**data, "update": "1"})
    assert response.context["report"].notes == {"fuzzy": 1, "unchanged": 1, "orphaned": 1}
    assert seed_index.paragraphs.get(number=7).text != "各级党委要加强领导。"

    response = client.post(reverse("speeches:speech_replace_preview", args=[seed_index.slug]), {**data, "publish": "1"})

    assert response.status_code == 302
    assert seed_index.paragraphs.get(number=7).text == "各级党委要加强领导。"
    assert Note.objects.get(pk=quoted[2].pk).is_orphaned
    assert Speech.objects.get().slug == seed_index.slug


# ---------------------------------------------------------------------------
# Archive, delete, collections


def test_an_archived_speech_leaves_the_library_and_search_and_keeps_its_notes(client, editor, seed_index, quoted):
    client.force_login(editor)
    assert search.search("娘家人").total == 1

    client.post(reverse("speeches:speech_archive", args=[seed_index.slug]))

    assert search.search("娘家人").total == 0
    assert seed_index.title not in client.get(reverse("reading:speech_list")).content.decode()
    assert "withdrawn" in client.get(seed_index.get_absolute_url()).content.decode()
    group = quoted[0].group
    notebook = client.get(reverse("annotations:notebook", args=[group.slug])).content.decode()
    assert "维权服务是基本职责。" in notebook
    assert "维权服务是基本职责。" in client.get(reverse("annotations:notebook_csv", args=[group.slug])).content.decode()

    client.post(reverse("speeches:speech_archive", args=[seed_index.slug]), {"restore": "1"})

    assert search.search("娘家人").total == 1
    assert seed_index.title in client.get(reverse("reading:speech_list")).content.decode()


def test_a_speech_with_notes_cannot_be_deleted_but_one_without_can(client, editor, seed_index, quoted):
    client.force_login(editor)
    url, confirmed = reverse("speeches:speech_delete", args=[seed_index.slug]), {"confirm_title": seed_index.title}

    response = client.post(url, confirmed, follow=True)

    assert "cannot be deleted" in response.content.decode()
    assert Speech.objects.filter(pk=seed_index.pk).exists()

    Note.objects.all().delete()
    response = client.post(url, confirmed)

    assert response.status_code == 302 and not Speech.objects.exists()
    assert search.search("娘家人").total == 0


def test_deleting_for_good_asks_for_the_title_typed_again(client, editor, seed_index):
    client.force_login(editor)
    manage = client.get(reverse("speeches:speech_manage", args=[seed_index.slug])).content.decode()
    assert 'name="confirm_title"' in manage and seed_index.title in manage
    url = reverse("speeches:speech_delete", args=[seed_index.slug])

    for typed in ["", "yes", seed_index.title[:-1]]:
        response = client.post(url, {"confirm_title": typed})
        assert response.status_code == 422
        assert Speech.objects.filter(pk=seed_index.pk).exists()
    assert "nothing was deleted" in response.content.decode()

    response = client.post(url, {"confirm_title": f"  {seed_index.title} "})  # spaces around do not matter
    assert response.status_code == 302 and not Speech.objects.exists()


def test_editors_make_collections_and_put_speeches_in_them(client, editor, seed_speech):
    client.force_login(editor)

    client.post(reverse("speeches:collection_list"), {"name": "工会工作"})
    client.post(reverse("speeches:collection_list"), {"name": "二十大精神"})
    response = client.post(reverse("speeches:collection_list"), {"name": "工会工作"})
    assert response.status_code == 422

    both = list(Collection.objects.values_list("pk", flat=True))
    client.post(reverse("speeches:speech_manage", args=[seed_speech.slug]), {"collections": both})

    assert set(seed_speech.collections.values_list("name", flat=True)) == {"工会工作", "二十大精神"}


def test_refusals_read_in_chinese_in_the_chinese_interface(client, editor, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(editor)

    response = client.post(reverse("speeches:speech_new"), {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 broken")})

    assert "无法读取这篇讲话：PDF 无法读取（文件已损坏或不是 PDF）。" in response.content.decode()


def test_a_long_speech_of_400_paragraphs_goes_through_the_preview(client, editor):
    client.force_login(editor)
    paragraphs = [f"第{n}段讲的是工会工作的第{n}个方面。" for n in range(1, 401)]
    response = preview_of(client, text="习近平\n\n" + "\n\n".join(paragraphs))

    response = client.post(
        reverse("speeches:speech_new_preview"), preview_data(response, publish="1", title="长篇讲话")
    )

    assert response.status_code == 302
    assert Speech.objects.get().paragraphs.count() == 400


def test_removing_a_collection_keeps_its_speeches(client, editor, seed_speech, bob):
    unions = Collection.objects.create(name="工会工作", slug="工会工作")
    seed_speech.collections.add(unions)
    client.force_login(bob)
    assert client.post(reverse("speeches:collection_delete", args=[unions.slug])).status_code == 403
    client.force_login(editor)

    response = client.post(reverse("speeches:collection_delete", args=[unions.slug]), follow=True)

    assert "The collection “工会工作” is removed; its speeches stay." in response.content.decode()
    assert not Collection.objects.exists() and Speech.objects.filter(pk=seed_speech.pk).exists()
