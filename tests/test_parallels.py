"""Passages said before (相似论述): found on import, listed in a panel under the paragraph, most similar first."""

import datetime

import pytest

from passages import compute
from passages.models import Parallel
from speeches.actions import import_file
from speeches.models import Paragraph, Speech

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}

SHARED = "我们要坚定不移走中国特色社会主义政治发展道路"  # 22 characters
LONGER = "深入推进全面从严治党，把党的政治建设摆在首位，以党的政治建设统领党的建设各项工作"
# Paragraphs too short to share a passage: they make the library big enough for 1% to be 4 paragraphs.
FILLER = [f"第{n}段，别的话。" for n in range(400)]


def write_speech(folder, slug, date, paragraphs):
    path = folder / f"{slug}.txt"
    body = "\n\n".join(paragraphs)
    path.write_text(f"---\ntitle: {slug}讲话\ndate: {date}\n---\n{body}\n", encoding="utf-8")
    return import_file(path)


@pytest.fixture
def speeches(tmp_path):
    """Three speeches: 2013 and 2016 share SHARED (¶2 and ¶3), 2016 and 2020 share LONGER (¶2 and ¶1)."""
    write_speech(tmp_path, "filler", "2010-01-01", FILLER)
    write_speech(tmp_path, "early", "2013-03-01", ["开头一段话，说些别的事情。", f"大家都知道，{SHARED}，这是根本。"])
    write_speech(
        tmp_path,
        "middle",
        "2016-07-01",
        ["引言部分，另起一个话题。", LONGER + "。", f"必须记住：{SHARED[:10]}，{SHARED[10:]}！"],
    )
    write_speech(tmp_path, "late", "2020-10-01", [f"我们强调，{LONGER}。还有{SHARED[:8]}。"])
    return {slug: Speech.objects.get(slug=slug) for slug in ("early", "middle", "late")}


def paragraph(slug, number):
    return Paragraph.objects.get(speech__slug=slug, number=number)


def pairs():
    return {
        (row.paragraph.speech.slug, row.paragraph.number, row.other.speech.slug, row.other.number)
        for row in Parallel.objects.select_related("paragraph__speech", "other__speech")
    }


def test_a_withdrawn_speech_leaves_the_parallels_and_comes_back_with_them(speeches):
    from speeches import actions

    actions.archive(speeches["early"])
    assert pairs() == {("middle", 2, "late", 1), ("late", 1, "middle", 2)}
    actions.restore(Speech.objects.get(slug="early"))
    assert ("early", 2, "middle", 3) in pairs()


def test_importing_finds_shared_passages_both_ways_round_punctuation_ignored(speeches):
    assert pairs() == {
        ("early", 2, "middle", 3),
        ("middle", 3, "early", 2),
        ("middle", 2, "late", 1),
        ("late", 1, "middle", 2),
    }
    row = Parallel.objects.get(paragraph=paragraph("middle", 3), other=paragraph("early", 2))
    # The punctuation inside the passage does not break it; marks cover the original text.
    assert [paragraph("middle", 3).text[s:e] for s, e in row.spans] == [f"{SHARED[:10]}，{SHARED[10:]}"]
    assert [paragraph("early", 2).text[s:e] for s, e in row.other_spans] == [SHARED]
    assert row.shared == len(SHARED)


def test_a_passage_shorter_than_twelve_characters_is_not_a_parallel(speeches):
    # late ¶1 also holds SHARED[:8] (8 characters), shared with early ¶2 and middle ¶3: not enough.
    assert not Parallel.objects.filter(paragraph=paragraph("late", 1), other__speech__slug="early").exists()


def test_paragraphs_of_the_same_speech_are_not_parallels(tmp_path, speeches):
    write_speech(tmp_path, "twice", "2021-01-01", [f"其一，{LONGER}。", f"其二，{LONGER}。"])
    twice = Parallel.objects.filter(paragraph__speech__slug="twice")
    assert twice.exists()
    assert not twice.filter(other__speech__slug="twice").exists()


def test_a_passage_in_more_than_one_percent_of_paragraphs_does_not_count(tmp_path, db):
    # 400 paragraphs in all: the limit is 4. `boiler` is in 5 paragraphs, of five speeches; `rare` in two.
    boiler = "在以习近平同志为核心的党中央坚强领导下"
    rare = "高水平对外开放迈出新步伐形成新格局"
    for n in range(5):
        paragraphs = [f"{boiler}，第{n}篇讲话。"] + [f"第{n}篇第{m}段。" for m in range(78)]
        paragraphs.append(f"{rare}。" if n < 2 else "最后一段。")
        write_speech(tmp_path, f"s{n}", f"202{n}-01-01", paragraphs)
    assert Paragraph.objects.count() == 400
    assert pairs() == {("s0", 80, "s1", 80), ("s1", 80, "s0", 80)}


def test_importing_a_speech_updates_only_its_own_pairs(tmp_path, speeches):
    kept = set(Parallel.objects.filter(paragraph__speech__slug="early").values_list("pk", flat=True))
    write_speech(tmp_path, "late", "2020-10-01", [f"我们强调，{SHARED}。"])  # LONGER gone, SHARED in
    assert ("middle", 2, "late", 1) not in pairs()
    assert {("late", 1, "early", 2), ("late", 1, "middle", 3)} <= pairs()
    # early ↔ middle did not involve the imported speech: the same records.
    assert kept <= set(Parallel.objects.filter(paragraph__speech__slug="early").values_list("pk", flat=True))


def test_compute_passages_command_rebuilds_everything(speeches):
    from io import StringIO

    from django.core.management import call_command

    before = pairs()
    Parallel.objects.all().delete()
    out = StringIO()
    call_command("compute_passages", stdout=out)
    assert pairs() == before
    assert "2 pairs of paragraphs share a passage" in out.getvalue()


def test_the_panel_lists_other_paragraphs_marked_most_similar_first(client, speeches):
    url = f"/speeches/{speeches['middle'].slug}/p3/parallels/"
    response = client.get(url, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'href="/speeches/early/#p2"' in html
    assert f"<mark>{SHARED}</mark>" in html
    assert "Vary" in response and "HX-Request" in response["Vary"]


def test_most_similar_first(client, tmp_path, speeches):
    # A fourth speech shares all of LONGER with late ¶1, a fifth only 14 characters of it.
    write_speech(tmp_path, "short", "2021-01-01", [f"另有一句：{LONGER[:14]}。"])
    write_speech(tmp_path, "whole", "2022-01-01", [f"全文照录：{LONGER}。"])
    html = client.get("/speeches/late/p1/parallels/", **HTMX).content.decode()
    order = [html.index(f'href="/speeches/{slug}/#p') for slug in ("whole", "middle", "short")]
    assert order[0] < order[2] and order[1] < order[2]


def test_the_panel_is_a_page_of_its_own_without_htmx(client, speeches):
    response = client.get("/speeches/middle/p3/parallels/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert 'href="/speeches/middle/#p3"' in html  # back to the paragraph
    assert 'href="/speeches/early/#p2"' in html


def test_hiding_the_panel_empties_it(client, speeches):
    response = client.get("/speeches/middle/p3/parallels/?closed=1", **HTMX)
    assert response.status_code == 200
    assert response.content == b""


def test_a_paragraph_without_parallels_says_so(client, speeches):
    html = client.get("/speeches/middle/p1/parallels/", **HTMX).content.decode()
    assert "其他讲话中没有与本段相同的12字以上的论述" in html  # the interface is Chinese unless chosen otherwise
    assert "0段" not in html


def test_unknown_paragraph_is_404(client, speeches):
    assert client.get("/speeches/middle/p99/parallels/").status_code == 404
    assert client.get("/speeches/nowhere/p1/parallels/").status_code == 404
    assert client.post("/speeches/middle/p3/parallels/").status_code == 405


def test_the_speech_page_opens_the_panel_from_paragraphs_that_have_parallels(client, speeches):
    html = client.get("/speeches/middle/").content.decode()
    assert 'hx-get="/speeches/middle/p3/parallels/"' in html
    assert 'href="/speeches/middle/p3/parallels/"' in html  # without JavaScript, the page of its own
    assert 'hx-get="/speeches/middle/p2/parallels/"' in html
    assert 'hx-get="/speeches/middle/p1/parallels/"' not in html  # nothing to show there


def test_counts_on_the_speech_page(speeches):
    assert compute.parallel_counts(speeches["middle"]) == {2: 1, 3: 1}
    assert speeches["early"].date == datetime.date(2013, 3, 1)
