"""The speech page's view model (reading/page.py) without a request: rows, reader slots, the shared text kept.

The speech page itself is tested through HTTP in test_speech_detail.py; here, that the rows carry what the
template prints, that the drawing every reader shares, once filled with one reader's parts, is exactly what
drawing that reader's rows directly gives, and that the shared text is drawn again whenever what it shows
changed (and only then).
"""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.safestring import mark_safe

from reading import page
from speeches import actions
from speeches.models import Heading
from tests.factories import make_speech

pytestmark = pytest.mark.django_db

TEXTS = ["第一，坚持党的领导。要把<工会>建设好。", "第二段，讲职工 & 群众。", "第三段。"]


@pytest.fixture
def speech():
    made = make_speech("rows", TEXTS, title="测试讲话")
    Heading.objects.create(speech=made, sequence=1, level=1, text="一、总的要求", before=1)
    Heading.objects.create(speech=made, sequence=2, level=2, text="（一）结语", before=4)
    return made


def rows_of(speech, urls=None, parallels=None):
    urls = urls or page.Urls()
    paragraphs = list(speech.paragraphs.order_by("number"))
    return page.paragraph_rows(paragraphs, list(speech.headings.all()), urls, parallels)


def test_a_row_has_the_text_as_html_its_lead_sentence_bold_and_everything_escaped(speech):
    first, second, third = rows_of(speech)
    assert first.text_html == ('<strong class="para__lead">第一，坚持党的领导。</strong>要把&lt;工会&gt;建设好。')
    assert second.text_html == "第二段，讲职工 &amp; 群众。"
    assert (first.number, first.anchor, third.anchor) == (1, "p1", "p3")


def test_headings_stand_above_their_paragraph_and_a_closing_one_after_the_last(speech):
    first, second, _ = rows_of(speech)
    assert first.headings_before == (page.HeadingRow("s1", 1, "一、总的要求"),)
    assert second.headings_before == ()
    assert page.closing_headings(speech.headings.all(), 3) == (page.HeadingRow("s2", 2, "（一）结语"),)


def test_urls_and_counts_are_the_readers_kind(speech):
    member_editor = page.Urls.of(speech.slug, member=True, editor=True)
    row = rows_of(speech, member_editor, {2: 5})[1]
    assert row.notes_url == "/speeches/rows/p2/notes/" and row.text_url == "/speeches/rows/p2/text/"
    assert row.edit_url == "/speeches/rows/p2/edit/" and row.parallels_url == "/speeches/rows/p2/parallels/"
    assert row.parallel_count == 5
    visitor = rows_of(speech, page.Urls.of(speech.slug, member=False, editor=False))[1]
    assert (visitor.notes_url, visitor.text_url, visitor.edit_url, visitor.parallel_count) == ("", "", "", 0)


def test_slots_are_cut_out_and_filled_and_a_forged_marker_stays_text():
    token = "feedc0de"
    forged = page.slot_marker("0000", "count", 1, "9")
    html = (
        f"<p>{forged}</p>" + page.slot_marker(token, "count", 1, "0") + "<i>" + page.slot_marker(token, "text", 1, "x")
    )
    pieces = page.split_slots(html, token)
    assert pieces == (f"<p>{forged}</p>", ("count", 1, "0"), "<i>", ("text", 1, "x"), "")
    assert page.fill(pieces, page.ReaderParts()) == f"<p>{forged}</p>0<i>x"
    assert page.fill(pieces, page.ReaderParts(note_counts={1: 3}, texts={1: "<mark>y</mark>"})) == (
        f"<p>{forged}</p>3<i><mark>y</mark>"
    )


def test_the_shared_drawing_filled_for_a_reader_is_what_drawing_their_rows_gives(speech):
    """Byte for byte: the slots lose nothing and add nothing."""
    urls = page.Urls.of(speech.slug, member=True, editor=True)
    rows = rows_of(speech, urls, {1: 2})
    parts = page.ReaderParts(
        note_counts={1: 4, 3: 1},
        texts={2: mark_safe("第二段，讲<mark>职工</mark>。")},
        handouts={1: mark_safe('<ol class="print-only">笔记</ol>')},
        panels={3: mark_safe("<p>面板</p>")},
    )
    context = {"rows": rows, "closing_headings": (), "chinese_lang_attr": ""}
    token = "c0ffee00"
    shared = render_to_string(f"{page.TEMPLATE}#reading", context | {"reader_slots": token})
    filled = page.fill(page.split_slots(shared, token), parts)

    readers_rows = [
        row.__class__(
            **{
                **row.__dict__,
                "note_count": parts.note_counts.get(row.number, 0),
                "text_html": parts.texts.get(row.number, row.text_html),
                "handout_html": parts.handouts.get(row.number, ""),
                "panel_html": parts.panels.get(row.number, ""),
            }
        )
        for row in rows
    ]
    direct = render_to_string(f"{page.TEMPLATE}#reading", context | {"rows": readers_rows})
    assert filled == direct
    assert "<mark>职工</mark>" in filled and '<span id="note-count-p1" class="note-count">4</span>' in filled
    assert "\x1e" not in filled


def shared(speech, **changes):
    arguments = {"member": False, "editor": False, "parallel_counts": {}, "first_uses": [], "key_phrases": []}
    return page.shared_text(speech, **(arguments | changes))


def test_the_shared_text_is_drawn_once_then_read_from_the_cache(speech):
    first = shared(speech)
    page._recent.clear()  # as another process would: from Django's cache
    with CaptureQueriesContext(connection) as queries:
        again = shared(speech)
    assert again == first and len(queries) == 0
    assert "第三段。" in page.fill(again.reading, page.ReaderParts())


@pytest.mark.parametrize(
    "change",
    [
        {"member": True},
        {"editor": True},
        {"parallel_counts": {1: 1}},
        {"first_uses": [page.FirstUseRow("新质生产力", 2)]},
        {"key_phrases": ["工会"]},
    ],
    ids=["member", "editor", "similar passages", "first uses", "key phrases"],
)
def test_the_shared_text_is_drawn_again_when_what_it_shows_changes(speech, change):
    before = shared(speech)
    with CaptureQueriesContext(connection) as queries:
        after = shared(speech, **change)
    assert len(queries) == 2  # its paragraphs and headings, read to draw it again
    assert after != before


def test_a_correction_or_another_language_draws_it_again(speech):
    before = page.fill(shared(speech).reading, page.ReaderParts())
    with translation.override("en"):
        english = page.fill(shared(speech).reading, page.ReaderParts())
    assert 'aria-label="第 1 段"' in before and 'aria-label="Paragraph 1"' in english
    actions.correct(speech, 3, "第三段，更正后。")
    speech.refresh_from_db()
    assert "第三段，更正后。" in page.fill(shared(speech).reading, page.ReaderParts())


def test_the_key_names_what_the_text_was_drawn_from(speech):
    key = page.cache_key(speech, member=False, editor=False, parallel_counts={}, first_uses=[], key_phrases=[])
    speech.revision += 1  # what every change to the speech raises (speeches/actions.py)
    assert key != page.cache_key(speech, member=False, editor=False, parallel_counts={}, first_uses=[], key_phrases=[])


def test_the_groups_marks_are_kept_for_the_same_quotes_and_drawn_again_for_new_ones(speech):
    paragraph = speech.paragraphs.get(number=2)
    quotes = {paragraph.pk: [(1, 7, 0, 3)]}
    first = page.kept_marks(speech, quotes)
    assert list(first) == [2] and '<mark class="hl hl--1"' in first[2] and first[2].count("<mark") == 1
    with CaptureQueriesContext(connection) as queries:
        assert page.kept_marks(speech, quotes) == first
    assert len(queries) == 0
    wider = page.kept_marks(speech, {paragraph.pk: [(1, 7, 0, 3), (2, 8, 4, 6)]})
    assert wider[2].count("<mark") == 2
    assert page.kept_marks(speech, {}) == {}
