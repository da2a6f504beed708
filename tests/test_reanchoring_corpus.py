"""Notes stay where their readers put them, on real speeches whose formulations recur on purpose.

Each test imports one real speech of ../shared/corpus/, anchors members' notes to its words, and corrects it as
an editor would (speeches/actions.py); annotations/reanchoring.py decides where each note goes.
"""

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import anchoring
from annotations.models import Note
from speeches import actions
from speeches.models import Speech

pytestmark = pytest.mark.django_db

CPC_95 = "xi-speeches-2013-2016/xi-2016-07-01-1.txt"  # the CPC's 95th anniversary, 2016-07-01
HAINAN = "provincial-gov-reports-2026/gov-report-2026-hainan.txt"
FOUR_CONFIDENCES = "道路自信、理论自信、制度自信、文化自信"


@pytest.fixture
def imported(corpus):
    def load(name: str) -> Speech:
        result = actions.import_file(corpus / name)
        return Speech.objects.get(slug=result.slug)

    return load


def paragraph_with(speech: Speech, words: str, nth: int = 0):
    found = [paragraph for paragraph in speech.paragraphs.order_by("number") if words in paragraph.text]
    assert len(found) > nth, words
    return found[nth]


def quote_note(author, group, paragraph, words, body="这里要注意。", visibility="group"):
    quote = anchoring.locate(paragraph.text, words)
    assert quote is not None, words
    return Note.objects.add(
        author=author, group=group, paragraph=paragraph, body=body, visibility=visibility, parent=None, quote=quote
    )


def reply(author, note, body="我也这么想。"):
    return Note.objects.add(
        author=author, group=note.group, paragraph=note.paragraph, body=body, visibility="group", parent=note
    )


def correct(speech: Speech, number: int, old: str, new: str, **options):
    text = speech.paragraphs.get(number=number).text
    assert old in text, old
    return actions.correct(speech, number, text.replace(old, new, 1), **options)


def test_a_quote_of_the_four_confidences_stays_in_its_paragraph_with_its_reply(imported, group, alice, bob):
    speech = imported(CPC_95)
    own, other = paragraph_with(speech, FOUR_CONFIDENCES), paragraph_with(speech, FOUR_CONFIDENCES, 1)
    note = quote_note(alice, group, own, FOUR_CONFIDENCES)
    answer = reply(bob, note)

    result = correct(speech, own.number, "、文化自信", "和文化自信")

    note.refresh_from_db()
    answer.refresh_from_db()
    assert note.paragraph_number == answer.paragraph_number == own.number != other.number
    assert (note.anchoring, note.exact) == ("fuzzy", "道路自信、理论自信、制度自信和文化自信")
    assert note.original_exact == FOUR_CONFIDENCES
    assert result.notes == {"fuzzy": 1}
    [move] = result.moves
    assert (move.from_number, move.to_number, move.kind, move.replies) == (own.number, own.number, "fuzzy", 1)
    assert (move.old_words, move.new_words) == (FOUR_CONFIDENCES, note.exact)


def test_a_punctuation_mark_changed_inside_a_quote_keeps_it_at_the_start_of_the_report(imported, group, alice):
    speech = imported(HAINAN)
    own = paragraph_with(speech, "敢闯敢试、敢为人先")
    later = paragraph_with(speech, "敢闯敢试、敢为人先", 1)
    note = quote_note(alice, group, own, "敢闯敢试、敢为人先")

    correct(speech, own.number, "敢闯敢试、敢为人先", "敢闯敢试，敢为人先")

    note.refresh_from_db()
    assert note.paragraph_number == own.number != later.number
    assert (note.anchoring, note.exact) == ("fuzzy", "敢闯敢试，敢为人先")


def test_a_short_quote_whose_words_were_replaced_stays_between_its_unchanged_neighbours(imported, group, alice):
    speech = imported(HAINAN)
    own = paragraph_with(speech, "感恩奋进、埋头苦干")
    note = quote_note(alice, group, own, "感恩奋进、埋头苦干")

    correct(speech, own.number, "埋头苦干", "真抓实干")

    note.refresh_from_db()
    assert note.paragraph_number == own.number
    assert (note.anchoring, note.exact, note.original_exact) == ("fuzzy", "感恩奋进、真抓实干", "感恩奋进、埋头苦干")
    assert note.paragraph.text[note.start : note.end] == "感恩奋进、真抓实干"


def test_a_formulation_said_three_times_keeps_each_note_on_its_own_saying(imported, group, alice, bob):
    speech = imported(HAINAN)
    phrase = next(
        words
        for words in ("高质量发展", "新质生产力", "自由贸易港")
        if sum(words in p.text for p in speech.paragraphs.all()) >= 3
    )
    first, second, third = (paragraph_with(speech, phrase, n) for n in range(3))
    notes = [quote_note(alice, group, paragraph, phrase) for paragraph in (first, second, third)]

    # The editor rewrites the second paragraph around the phrase, and deletes the phrase from the third.
    correct(speech, second.number, phrase, f"更高{phrase}")
    text = speech.paragraphs.get(number=third.number).text
    actions.correct(speech, third.number, text.replace(phrase, "", 1) if text.count(phrase) == 1 else text + "。")

    for note in notes:
        note.refresh_from_db()
    assert [note.paragraph_number for note in notes[:2]] == [first.number, second.number]
    assert notes[1].exact == phrase and notes[1].anchoring in ("exact", "moved")
    # The third lost its words: it does not jump to the first or second saying, whose context differs.
    if notes[2].paragraph_id is None:
        assert notes[2].anchoring == "orphaned"
    else:
        assert notes[2].paragraph_number == third.number


def test_a_split_paragraph_takes_its_notes_to_the_half_that_holds_their_words(imported, group, alice):
    speech = imported(CPC_95)
    own = paragraph_with(speech, FOUR_CONFIDENCES)
    head, tail = own.text[: own.text.index(FOUR_CONFIDENCES) - 2], own.text[own.text.index(FOUR_CONFIDENCES) - 2 :]
    on_words = quote_note(alice, group, own, FOUR_CONFIDENCES)
    on_paragraph = Note.objects.add(
        author=alice, group=group, paragraph=own, body="整段的笔记。", visibility="group", parent=None
    )

    result = actions.correct(speech, own.number, f"{head}\n\n{tail}")

    on_words.refresh_from_db()
    on_paragraph.refresh_from_db()
    assert on_words.paragraph_number == own.number + 1 and on_words.exact == FOUR_CONFIDENCES
    assert on_paragraph.paragraph_number == own.number  # the first of the paragraphs it became
    assert result.notes["orphaned"] == 0


def test_merged_paragraphs_keep_the_notes_of_both(imported, group, alice):
    speech = imported(CPC_95)
    own = paragraph_with(speech, FOUR_CONFIDENCES)
    following = speech.paragraphs.get(number=own.number + 1)
    first = quote_note(alice, group, own, FOUR_CONFIDENCES)
    second_words = following.text[2:12]
    second = quote_note(alice, group, following, second_words)

    # The editor pastes the next paragraph's text at the end of this one: the two become one.
    parsed = actions.parsed_from_speech(speech)
    paragraphs = list(parsed.paragraphs)
    paragraphs[own.number - 1 : own.number + 1] = [own.text + following.text]
    actions.replace_text(speech, dataclasses.replace(parsed, paragraphs=tuple(paragraphs)))

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.paragraph_number == second.paragraph_number == own.number
    assert (first.exact, second.exact) == (FOUR_CONFIDENCES, second_words)
    assert first.paragraph.text[second.start : second.end] == second_words


def test_the_check_names_each_move_and_writes_nothing(client, imported, editor, group, bob):
    speech = imported(CPC_95)
    own = paragraph_with(speech, FOUR_CONFIDENCES)
    quote_note(bob, group, own, FOUR_CONFIDENCES)
    quote_note(bob, group, own, FOUR_CONFIDENCES[:4], body="只给自己看", visibility="private")
    client.force_login(editor)
    url = reverse("speeches:paragraph_edit", args=[speech.slug, own.number])
    text = own.text.replace("、文化自信", "和文化自信").replace("道路自信", "道路的自信")

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"text": text, "check": "1", "revision": speech.revision})

    html = response.content.decode()
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE", "SAVEPOINT")]
    assert response.status_code == 200 and writes == []
    assert f"¶{own.number} → ¶{own.number}" in html and "道路自信、理论自信、制度自信、文化自信" in html
    assert "只给自己看" not in html, html[html.find("只给自己看") - 300 : html.find("只给自己看") + 50]
    assert "1 条私人笔记" in html


def test_a_correction_saved_meanwhile_is_refused_with_check_again(client, imported, editor):
    speech = imported(CPC_95)
    own = paragraph_with(speech, FOUR_CONFIDENCES)
    seen = speech.revision
    correct(speech, own.number + 1, "。", "；")  # another editor saves first
    client.force_login(editor)
    url = reverse("speeches:paragraph_edit", args=[speech.slug, own.number])

    response = client.post(url, {"text": own.text + "改", "save": "1", "revision": seen})

    assert response.status_code == 409
    assert "这篇讲话刚被改过" in response.content.decode()
    assert speech.paragraphs.get(number=own.number).text == own.text


def test_the_editor_keeps_a_note_in_its_paragraph_instead_of_moving_it(client, imported, editor, group, bob):
    speech = imported(CPC_95)
    own, other = paragraph_with(speech, FOUR_CONFIDENCES), paragraph_with(speech, FOUR_CONFIDENCES, 1)
    note = quote_note(bob, group, own, FOUR_CONFIDENCES)
    # Make the other saying's context the note's own, so that without a choice the note would follow it.
    note.prefix, note.suffix = other.text[: other.text.index(FOUR_CONFIDENCES)][-32:], ""
    note.save()
    rewritten = own.text.replace(FOUR_CONFIDENCES, "四个自信")
    client.force_login(editor)
    url = reverse("speeches:paragraph_edit", args=[speech.slug, own.number])
    check = client.post(url, {"text": rewritten, "check": "1", "revision": speech.revision})
    assert f"¶{own.number} → ¶{other.number}" in check.content.decode()

    client.post(url, {"text": rewritten, "save": "1", "revision": speech.revision, "keep": [note.pk]})

    note.refresh_from_db()
    assert note.paragraph_number == own.number and note.anchoring == "fuzzy"


def test_a_close_match_in_its_own_paragraph_wins_over_the_same_words_and_context_elsewhere(imported, group, alice):
    speech = imported(CPC_95)
    own, other = paragraph_with(speech, FOUR_CONFIDENCES), paragraph_with(speech, FOUR_CONFIDENCES, 1)
    # Another paragraph repeats this one's sentence whole, context and all (a report quoting itself).
    actions.correct(speech, other.number, other.text + own.text)
    note = quote_note(alice, group, own, FOUR_CONFIDENCES)

    correct(speech, own.number, "、文化自信", "和文化自信")

    note.refresh_from_db()
    assert (note.paragraph_number, note.anchoring) == (own.number, "fuzzy")
