"""One copy of each speech: a text the library holds already is skipped on import, needs a deliberate choice on
upload, and a deliberate second copy counts once across the library. Also the command's --speaker and
--collection, and what editors complete (speaker, date) from the library's marks."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from passages.compute import compute_first_uses, compute_parallels
from passages.models import FirstUse, Parallel
from speeches import phrase_stats, search
from speeches.importing.duplicates import find_duplicate, paragraph_fingerprint
from speeches.models import Collection, Speech
from tests.factories import make_speech

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_library():
    phrase_stats.forget()
    yield
    phrase_stats.forget()


def run_import(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_speeches", *[str(arg) for arg in args], stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def twins(tmp_path, seed_path):
    """The seed and another site's copy of it: other punctuation and spaces, the same paragraphs."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = seed_path.read_text("utf-8")
    (folder / "a-acftu.txt").write_text(text, "utf-8")
    (folder / "b-acftu-copy.txt").write_text(text.replace("。", "！").replace("，", ","), "utf-8")
    return folder


def test_the_same_paragraph_up_to_punctuation_and_spaces_has_the_same_fingerprint():
    assert paragraph_fingerprint("工会要当好职工的娘家人。") == paragraph_fingerprint("工会要当好职工的 娘家人！")
    assert paragraph_fingerprint("工會要當好職工的娘家人") == paragraph_fingerprint("工会要当好职工的娘家人")
    assert paragraph_fingerprint("工会要当好职工的娘家人。") != paragraph_fingerprint("工会要当好职工的亲人。")
    assert paragraph_fingerprint("……") == ""


def test_the_command_skips_a_text_the_library_holds_and_says_which(twins):
    out, err, error = run_import(twins)

    assert error is None, err
    assert "created a-acftu: 7 paragraphs" in out
    assert f"skipped {twins / 'b-acftu-copy.txt'}: same text as a-acftu" in out
    assert list(Speech.objects.values_list("slug", flat=True)) == ["a-acftu"]
    out, _, error = run_import(twins)  # again: still one copy
    assert error is None and "same text as a-acftu" in out and Speech.objects.count() == 1


def test_a_different_speech_sharing_some_paragraphs_is_no_duplicate(seed_paragraphs):
    make_speech("one", seed_paragraphs)
    assert find_duplicate(seed_paragraphs).speech.slug == "one"
    # Six of seven paragraphs the same (86%): another speech that quotes it, not a copy.
    assert find_duplicate([*seed_paragraphs[:6], "一段全新的内容，讲的是另一件事。"]) is None
    # An excerpt: every paragraph of it is in the speech, but it is not the speech.
    assert find_duplicate(seed_paragraphs[:3]) is None


def test_a_deliberate_second_copy_is_listed_but_counts_once(twins, client):
    out, err, error = run_import(twins, "--duplicates", "copy")

    assert error is None, err
    assert "created b-acftu-copy: 7 paragraphs, a second copy of a-acftu (counted once)" in out
    copy = Speech.objects.get(slug="b-acftu-copy")
    assert copy.duplicate_of.slug == "a-acftu"
    assert list(Speech.objects.counted().values_list("slug", flat=True)) == ["a-acftu"]
    # Search: one hit, in the original.
    results = search.search("娘家人")
    assert results.total == 1 and results.hits[0].speech_slug == "a-acftu"
    # The phrase page: one speech.
    data = json.loads(client.get("/phrases/娘家人.json").content)
    assert [row["speech"] for row in data["by_speech"]] == ["a-acftu"] and data["occurrences"] == 1
    # Similar passages and first uses: no pair with its own copy, nothing new in it.
    compute_parallels()
    compute_first_uses()
    assert not Parallel.objects.filter(paragraph__speech=copy).exists()
    assert not FirstUse.objects.filter(speech=copy).exists()
    # Once the original leaves the library, the copy counts.
    Speech.objects.filter(slug="a-acftu").update(archived_at="2026-01-01T00:00:00Z")
    assert list(Speech.objects.counted().values_list("slug", flat=True)) == ["b-acftu-copy"]


def test_a_duplicate_can_be_imported_as_a_new_version_of_the_speech(twins):
    run_import(twins / "a-acftu.txt")

    out, err, error = run_import(twins / "b-acftu-copy.txt", "--duplicates", "version")

    assert error is None, err
    assert "updated a-acftu: 7 paragraphs, a new version (same text)" in out
    assert list(Speech.objects.values_list("slug", flat=True)) == ["a-acftu"]
    assert "！" in Speech.objects.get().paragraphs.get(number=2).text


def test_the_speaker_and_collection_options(tmp_path, seed_path):
    folder = tmp_path / "xi"
    folder.mkdir()
    (folder / "named.txt").write_text(seed_path.read_text("utf-8"), "utf-8")  # its text names 习近平
    (folder / "unnamed.txt").write_text("在某某座谈会上的讲话\n\n同志们：\n\n今天我们在这里座谈。\n", "utf-8")

    out, err, error = run_import(folder, "--speaker", "某某", "--collection", "工会工作")

    assert error is None, err
    assert dict(Speech.objects.values_list("slug", "speaker")) == {"named": "习近平", "unnamed": "某某"}
    unions = Collection.objects.get(name="工会工作")
    assert set(unions.speeches.values_list("slug", flat=True)) == {"named", "unnamed"}
    _, _, error = run_import(folder, "--collection", "，，")
    assert error is not None and "--collection" in str(error)


# ---------------------------------------------------------------- the upload preview


def preview_data(response, **changes):
    form, draft = response.context["form"], response.context["draft"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["date"] = draft.date.isoformat() if draft.date else ""
    data["block"] = [block.text for block in draft.blocks]
    data["layout"] = draft.layout
    data.update(changes)
    return {key: value for key, value in data.items() if value is not False}


def test_an_upload_the_library_holds_says_so_and_publishing_needs_a_deliberate_choice(
    client, editor, seed_index, seed_path, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(editor)
    upload = SimpleUploadedFile("copy.txt", seed_path.read_bytes())
    response = client.post(reverse("speeches:speech_new"), {"file": upload})

    html = response.content.decode()
    assert "这篇讲话已在库中" in html and f'href="{seed_index.get_absolute_url()}"' in html
    assert reverse("speeches:speech_replace", args=[seed_index.slug]) in html
    assert 'name="as_copy"' in html

    publish = preview_data(response, publish="1", slug="acftu-copy")
    refused = client.post(reverse("speeches:speech_new_preview"), publish)
    assert refused.status_code == 422 and Speech.objects.count() == 1

    response = client.post(reverse("speeches:speech_new_preview"), {**publish, "as_copy": "on"})
    assert response.status_code == 302
    assert Speech.objects.get(slug="acftu-copy").duplicate_of == seed_index
    assert search.search("娘家人").total == 1  # searchable once


def test_a_new_speech_publishes_without_a_choice(client, editor):
    client.force_login(editor)
    response = client.post(reverse("speeches:speech_new"), {"text": "同志们：\n\n今天我们在这里座谈。\n"})
    assert 'name="as_copy"' not in response.content.decode()
    response = client.post(reverse("speeches:speech_new_preview"), preview_data(response, publish="1", title="座谈"))
    assert response.status_code == 302 and Speech.objects.get().duplicate_of is None


# ---------------------------------------------------------------- what editors complete


def test_the_library_marks_speeches_without_speaker_or_date_for_editors(client, editor, bob):
    complete = make_speech("complete", ["正文。"], title="完整的讲话")
    Speech.objects.filter(pk=complete.pk).update(speaker="习近平")
    unnamed = make_speech("unnamed", ["正文。"], title="没有讲话人的讲话")
    Speech.objects.filter(pk=unnamed.pk).update(date=None)
    library = reverse("reading:speech_list")

    client.force_login(bob)
    assert "badge--missing" not in client.get(library).content.decode()
    assert client.get(library, {"incomplete": "1"}).context["speeches"].__len__() == 2  # not for bob: ignored

    client.force_login(editor)
    html = client.get(library).content.decode()
    assert html.count("badge--missing") == 2  # no speaker, no date: the same speech
    assert reverse("speeches:speech_manage", args=["unnamed"]) in html
    listed = client.get(library, {"incomplete": "1"}).context["speeches"]
    assert [speech.slug for speech in listed] == ["unnamed"]

    response = client.post(
        reverse("speeches:speech_details", args=["unnamed"]),
        {"title": "在某某座谈会上的讲话", "speaker": "习近平", "date": "2013-04-28"},
    )
    assert response.status_code == 302
    unnamed.refresh_from_db()
    assert (unnamed.title, unnamed.speaker, unnamed.date.isoformat()) == (
        "在某某座谈会上的讲话",
        "习近平",
        "2013-04-28",
    )
    assert [speech.slug for speech in client.get(library, {"incomplete": "1"}).context["speeches"]] == []
    assert client.post(reverse("speeches:speech_details", args=["unnamed"]), {"title": ""}).status_code == 422
