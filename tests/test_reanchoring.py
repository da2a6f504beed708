"""Notes follow their words when a speech is corrected and imported again (annotations/anchoring.py).

Each test imports the seed, anchors notes to words of it, imports a changed copy of it (made here in
code from the seed's own paragraphs) and checks where each note stands; no note is ever lost.
"""

import pytest

from annotations import anchoring
from annotations.models import Note
from speeches.actions import import_file
from speeches.importing import parse_speech
from speeches.models import Speech
from tests.conftest import SEED

pytestmark = pytest.mark.django_db
SOURCE_NOTE = "这是习近平总书记2023年10月23日在同全国总工会新一届领导班子成员集体谈话时讲话的主要部分。"
SEED_PARAGRAPHS = list(parse_speech(SEED.read_text("utf-8")).paragraphs)


def write_seed(tmp_path, paragraphs):
    path = tmp_path / SEED.name
    path.write_text("习近平\n\n" + "\n\n".join([*paragraphs, SOURCE_NOTE]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def speech(seed_speech):
    return seed_speech


def quote_note(author, group, speech, number, words, body="这里要注意。"):
    paragraph = speech.paragraphs.get(number=number)
    quote = anchoring.locate(paragraph.text, words)
    assert quote is not None, words
    return Note.objects.add(
        author=author, group=group, paragraph=paragraph, body=body, visibility="group", parent=None, quote=quote
    )


def reimport(tmp_path, paragraphs):
    result = import_file(write_seed(tmp_path, paragraphs))
    assert result.action == "updated"
    return result


def test_a_paragraph_inserted_before_leaves_the_anchor_unchanged(tmp_path, speech, group, alice):
    note = quote_note(alice, group, speech, 3, "国之大者")
    paragraphs = SEED_PARAGRAPHS.copy()
    paragraphs.insert(1, "（新增的一段。）")

    result = reimport(tmp_path, paragraphs)

    note.refresh_from_db()
    assert (note.paragraph.number, note.anchoring, note.exact) == (4, "exact", "国之大者")
    assert note.paragraph.text[note.start : note.end] == "国之大者"
    assert result.notes == {"unchanged": 1}


def test_words_edited_outside_the_quote_move_it_within_its_paragraph(tmp_path, speech, group, alice):
    note = quote_note(alice, group, speech, 3, "国之大者")
    old_start = note.start
    paragraphs = SEED_PARAGRAPHS.copy()
    paragraphs[2] = paragraphs[2].replace(
        "坚持党对工会的全面领导。我国工运事业", "坚持党对工会的全面领导，这是根本。我国工运事业", 1
    )

    result = reimport(tmp_path, paragraphs)

    note.refresh_from_db()
    assert (note.paragraph.number, note.anchoring) == (3, "moved")
    assert note.start == old_start + 5 and note.paragraph.text[note.start : note.end] == "国之大者"
    assert result.notes == {"moved": 1}


def test_words_edited_inside_the_quote_anchor_it_fuzzily_and_keep_the_first_quote(tmp_path, speech, group, alice):
    first_quote = "找准工会工作与党的中心任务的结合点"
    note = quote_note(alice, group, speech, 3, first_quote)
    paragraphs = SEED_PARAGRAPHS.copy()
    paragraphs[2] = paragraphs[2].replace(first_quote, "找准工会工作同党的中心任务的结合点")

    result = reimport(tmp_path, paragraphs)

    note.refresh_from_db()
    assert (note.paragraph.number, note.anchoring) == (3, "fuzzy")
    assert note.exact == "找准工会工作同党的中心任务的结合点" == note.paragraph.text[note.start : note.end]
    assert note.original_exact == first_quote
    assert result.notes == {"fuzzy": 1}


def test_a_sentence_moved_to_another_paragraph_takes_its_notes_along(tmp_path, speech, group, alice, bob):
    sentence = (
        "要牢记“国之大者”，找准工会工作与党的中心任务的结合点、切入点、着力点，"
        "推动党中央决策部署在工会系统落实落地，更好发挥工会职能作用。"
    )
    assert sentence in SEED_PARAGRAPHS[2]
    note = quote_note(alice, group, speech, 3, "国之大者")
    reply = Note.objects.add(
        author=bob, group=group, paragraph=note.paragraph, body="同意", visibility="group", parent=note
    )
    paragraphs = SEED_PARAGRAPHS.copy()
    paragraphs[2] = paragraphs[2].replace(sentence, "")
    paragraphs[3] = paragraphs[3] + sentence

    reimport(tmp_path, paragraphs)

    note.refresh_from_db()
    reply.refresh_from_db()
    assert (note.paragraph.number, note.anchoring) == (4, "moved")
    assert note.paragraph.text[note.start : note.end] == "国之大者"
    assert reply.paragraph_id == note.paragraph_id  # a reply follows its note


def test_a_split_paragraph_keeps_each_note_on_its_half(tmp_path, speech, group, alice):
    third = SEED_PARAGRAPHS[2]
    cut = third.index("要加强思想政治引领")
    early = quote_note(alice, group, speech, 3, "坚持党的领导不是抽象的")
    late = quote_note(alice, group, speech, 3, "做好职工思想政治工作")
    paragraphs = [*SEED_PARAGRAPHS[:2], third[:cut], third[cut:], *SEED_PARAGRAPHS[3:]]

    reimport(tmp_path, paragraphs)

    early.refresh_from_db()
    late.refresh_from_db()
    assert early.paragraph.text == third[:cut] and late.paragraph.text == third[cut:]
    assert late.paragraph.text[late.start : late.end] == "做好职工思想政治工作"


def test_a_deleted_paragraph_orphans_its_notes_and_keeps_them(tmp_path, speech, group, alice, bob):
    on_words = quote_note(alice, group, speech, 7, "选好配强工会领导班子")
    on_paragraph = Note.objects.add(
        author=bob,
        group=group,
        paragraph=speech.paragraphs.get(number=7),
        body="整段都好",
        visibility="group",
        parent=None,
    )
    elsewhere = quote_note(alice, group, speech, 6, "娘家人")
    before = Note.objects.count()

    result = reimport(tmp_path, SEED_PARAGRAPHS[:6])

    assert Note.objects.count() == before
    on_words.refresh_from_db()
    on_paragraph.refresh_from_db()
    for note in (on_words, on_paragraph):
        assert (note.paragraph, note.anchoring, note.paragraph_number, note.speech) == (None, "orphaned", 7, speech)
    assert on_words.original_exact == "选好配强工会领导班子"
    assert result.notes == {"orphaned": 2, "unchanged": 1}
    elsewhere.refresh_from_db()
    assert elsewhere.paragraph.number == 6


def test_among_repeated_words_the_context_picks_the_right_one(tmp_path, speech, group, alice):
    """Among repeats, prefix and suffix decide: 工会干部 stands twice in ¶7."""
    seventh = SEED_PARAGRAPHS[6]
    second = seventh.index("工会干部", seventh.index("工会干部") + 1)
    paragraph = speech.paragraphs.get(number=7)
    quote = anchoring.quote_at(seventh, second, second + 4)
    note = Note.objects.add(
        author=alice, group=group, paragraph=paragraph, body="", visibility="group", parent=None, quote=quote
    )
    paragraphs = SEED_PARAGRAPHS.copy()
    paragraphs[6] = "各级党委（党组）要高度重视。" + seventh

    reimport(tmp_path, paragraphs)

    note.refresh_from_db()
    assert note.start == second + len("各级党委（党组）要高度重视。")
    assert Speech.objects.count() == 1
