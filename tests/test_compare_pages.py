"""The comparison page, its JSON and the chooser: bad input, unrelated speeches, editions, the group's notes,
the cache."""

from datetime import date
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import Note
from compare import comparison as comparison_module
from speeches.models import Speech
from tests.compare_speeches import REPORT_2021, import_speech, make_speech
from tests.factories import make_note

SEED_SLUG = "2023-10-23-acftu-leadership-talk"
CORRECTED_SLUG = "2023-10-23-acftu-leadership-talk-corrected"
# Two sentences of the seed's paragraph 3 (第一，坚持党对工会的全面领导。…) and what the corrected edition makes
# of the second; its paragraph 5 is left out of the corrected edition.
KEPT_WORDS = "坚持党对工会的全面领导"
CORRECTED = ("任何时候、任何情况下都不能动摇、不能偏离", "任何时候、任何情况下都绝不能动摇、绝不能偏离")


def page(client, a: str, b: str):
    return client.get(reverse("compare:compare", args=[a, b]))


@pytest.fixture
def corrected(seed_speech, tmp_path):
    """The seed as a second, corrected edition: one sentence reworded, paragraph 5 gone."""
    paragraphs = list(seed_speech.paragraphs.order_by("number").values_list("text", flat=True))
    assert CORRECTED[0] in paragraphs[2]
    paragraphs[2] = paragraphs[2].replace(*CORRECTED)
    del paragraphs[4]
    front = f"---\ntitle: {seed_speech.title}\nspeaker: {seed_speech.speaker}\ndate: {seed_speech.date}\n---\n"
    path = tmp_path / f"{CORRECTED_SLUG}.txt"
    path.write_text(front + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    import_speech(path)
    return Speech.objects.get(slug=CORRECTED_SLUG)


# ---------------------------------------------------------------- bad input


def test_a_slug_that_does_not_exist_is_404(client, seed_speech):
    assert page(client, SEED_SLUG, "no-such-speech").status_code == 404
    assert page(client, "no-such-speech", SEED_SLUG).status_code == 404
    response = client.get(reverse("compare:compare_json", args=[SEED_SLUG, "no-such-speech"]))
    assert response.status_code == 404 and "no-such-speech" in response.json()["error"]
    assert client.get(reverse("compare:choose", args=["no-such-speech"])).status_code == 404


def test_the_same_speech_twice_says_so(client, seed_speech):
    response = page(client, SEED_SLUG, SEED_SLUG)
    assert response.status_code == 200
    assert "没有可对照的内容" in response.content.decode()
    assert reverse("compare:choose", args=[SEED_SLUG]) in response.content.decode()
    response = client.get(reverse("compare:compare_json", args=[SEED_SLUG, SEED_SLUG]))
    assert response.status_code == 400 and response.json()["error"]


def test_an_archived_speech_can_still_be_compared(client, seed_speech, corrected):
    Speech.objects.filter(pk=seed_speech.pk).update(archived_at=timezone.now())
    response = page(client, SEED_SLUG, CORRECTED_SLUG)
    assert response.status_code == 200
    assert "已撤出文库" in response.content.decode()
    assert client.get(reverse("compare:compare_json", args=[SEED_SLUG, CORRECTED_SLUG])).status_code == 200


def test_unrelated_speeches_get_an_honest_page_not_a_wall_of_red(client, corpus, seed_speech):
    import_speech(corpus / "as-found" / f"{REPORT_2021}.txt")
    response = page(client, REPORT_2021, SEED_SLUG)
    html = response.content.decode()
    assert response.status_code == 200
    assert "几乎没有相同段落" in html
    # What is on one side only is counted, with a link to its speech; no figures or formulations are listed.
    assert f'<p class="fold fold--removed"><a class="fold__summary" href="/speeches/{REPORT_2021}/">' in html
    assert f'<p class="fold fold--added"><a class="fold__summary" href="/speeches/{SEED_SLUG}/">' in html
    assert "段仅见于 A" in html and "pair--removed" not in html and "pair--added" not in html
    assert "compare-formulations" not in html and "compare-figures" not in html


def test_a_related_pair_is_not_called_unrelated(client, seed_speech, corrected):
    html = page(client, SEED_SLUG, CORRECTED_SLUG).content.decode()
    assert "几乎没有相同段落" not in html
    assert '<details class="fold fold--same">' in html and "段相同" in html


# ---------------------------------------------------------------- choosing the other speech


def test_the_speech_page_leads_to_the_chooser_when_no_counterpart_is_alike(client, seed_speech):
    html = client.get(seed_speech.get_absolute_url()).content.decode()
    assert f'<a href="{reverse("compare:choose", args=[SEED_SLUG])}">对照</a>' in html


def test_the_chooser_proposes_last_years_report_and_orders_any_choice_by_date(client, db):
    earlier = make_speech("report-2024", ["去年的报告。"], title="2024年政府工作报告", spoken=date(2024, 3, 5))
    later = make_speech("report-2025", ["今年的报告。"], title="2025年政府工作报告（全文）", spoken=date(2025, 3, 5))
    make_speech("other-2024", ["别的讲话。"], title="在座谈会上的讲话", spoken=date(2024, 6, 1))
    html = client.get(reverse("compare:choose", args=[later.slug])).content.decode()
    proposals = html.split("compare-choose__list")[1].split("</ul>")[0]
    assert reverse("compare:compare", args=[earlier.slug, later.slug]) in proposals
    assert "other-2024" not in proposals
    assert (
        reverse("compare:compare", args=[earlier.slug, later.slug])
        in client.get(later.get_absolute_url()).content.decode()
    )
    # Whichever side it is chosen from, the earlier speech is A.
    response = client.get(reverse("compare:choose", args=[earlier.slug]), {"other": later.slug})
    assert response.status_code == 302
    assert response["Location"] == reverse("compare:compare", args=[earlier.slug, later.slug])


def test_choosing_a_speech_that_is_not_there_re_renders_the_form_with_422(client, seed_speech):
    response = client.get(reverse("compare:choose", args=[SEED_SLUG]), {"other": "no-such-speech"})
    assert response.status_code == 422
    assert 'name="other"' in response.content.decode()


# ---------------------------------------------------------------- notes across versions


@pytest.fixture
def notes(seed_speech, corrected, alice, bob, charlie, group):
    """On the first edition: alice's group note on words of ¶3 that the correction keeps, bob's private note on
    ¶5 (gone from the corrected edition), a highlight of the words the correction changes; on the corrected
    edition, alice's group note on its ¶1."""
    third = seed_speech.paragraphs.get(number=3)
    start = third.text.index(KEPT_WORDS)
    kept = make_note(
        alice, group, third, "党的领导是根本。", exact=KEPT_WORDS, start=start, end=start + len(KEPT_WORDS)
    )
    start = third.text.index(CORRECTED[0])
    changed = make_note(alice, group, third, "", exact=CORRECTED[0], start=start, end=start + len(CORRECTED[0]))
    private = make_note(bob, group, seed_speech.paragraphs.get(number=5), "我自己的想法。", visibility="private")
    on_b = make_note(alice, group, corrected.paragraphs.get(number=1), "新版本的第一段。")
    return kept, changed, private, on_b


def test_a_corrected_edition_says_where_the_notes_of_the_first_now_hang(client, alice, bob, group, seed_speech, notes):
    kept, changed, private, on_b = notes
    whole = make_note(alice, group, seed_speech.paragraphs.get(number=4), "第四段整段都重要。")
    client.force_login(bob)
    html = page(client, SEED_SLUG, CORRECTED_SLUG).content.decode()
    assert "B 看来是 A 的另一个版本" in html
    places = html.split('class="compare-places__table"')[1].split("</table>")[0]
    rows = places.split("<tr>")[2:]
    by_body = {
        note.body or note.exact: row for note in [*notes, whole] for row in rows if (note.body or note.exact) in row
    }
    assert "#pair-b3" in by_body["党的领导是根本。"] and "原文未变" in by_body["党的领导是根本。"]
    assert "#pair-b3" in by_body[CORRECTED[0]] and "原文有改动" in by_body[CORRECTED[0]]
    # A note on a whole paragraph follows it: bob's on ¶5 is lost with it, alice's on ¶4 goes along.
    assert "无处可挂" in by_body["我自己的想法。"]
    assert "#pair-b4" in by_body["第四段整段都重要。"] and "随段落" in by_body["第四段整段都重要。"]
    # The notes themselves stay where they were written.
    assert Note.objects.get(pk=kept.pk).paragraph.speech.slug == SEED_SLUG


def test_each_side_shows_the_group_notes_and_only_its_author_sees_a_private_note(client, alice, bob, notes):
    kept, changed, private, on_b = notes
    client.force_login(bob)
    html = page(client, SEED_SLUG, CORRECTED_SLUG).content.decode()
    a_side, b_side = html.split('id="pair-a3"')[1].split("</ul>")[0], html.split('id="pair-b1"')[1].split("</ul>")[0]
    assert "党的领导是根本。" in a_side and "新版本的第一段。" in b_side
    assert "我自己的想法。" in html
    client.force_login(alice)
    html = page(client, SEED_SLUG, CORRECTED_SLUG).content.decode()
    assert "党的领导是根本。" in html and "我自己的想法。" not in html


@pytest.mark.parametrize("who", ["charlie", "visitor"])
def test_outsiders_and_visitors_see_no_notes(client, charlie, notes, who):
    if who == "charlie":
        client.force_login(charlie)
    html = page(client, SEED_SLUG, CORRECTED_SLUG).content.decode()
    assert "党的领导是根本。" not in html and "新版本的第一段。" not in html and "compare-places" not in html


# ---------------------------------------------------------------- the cache


def test_a_comparison_is_computed_once_per_revision_of_the_library(client, seed_speech, corrected):
    with mock.patch.object(comparison_module, "compute", wraps=comparison_module.compute) as compute:
        page(client, SEED_SLUG, CORRECTED_SLUG)
        client.get(reverse("compare:compare_json", args=[SEED_SLUG, CORRECTED_SLUG]))
        assert compute.call_count == 1
        page(client, CORRECTED_SLUG, SEED_SLUG)  # the other way round is another comparison
        assert compute.call_count == 2
        with mock.patch("speeches.revision.current", return_value=10**6):
            page(client, SEED_SLUG, CORRECTED_SLUG)
        assert compute.call_count == 3


def test_a_corrected_speech_is_compared_afresh(client, seed_speech, corrected, tmp_path):
    assert "粮食安全" not in page(client, SEED_SLUG, CORRECTED_SLUG).content.decode()
    path = tmp_path / "again" / f"{CORRECTED_SLUG}.txt"
    path.parent.mkdir()
    text = (tmp_path / f"{CORRECTED_SLUG}.txt").read_text("utf-8")
    path.write_text(text + "\n最后一段讲粮食安全，讲得很长很长，是这个版本新加的。\n", encoding="utf-8")
    import_speech(path)
    assert "粮食安全" in page(client, SEED_SLUG, CORRECTED_SLUG).content.decode()
