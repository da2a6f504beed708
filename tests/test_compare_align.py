"""Pairing paragraphs, marking words, reading figures: the comparison's plain modules on real paragraphs."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare import align, figures, inline
from compare.align import ADDED, CHANGED, HEADING, MOVED, PARAGRAPH, REMOVED, SAME, Unit
from compare.counterpart import title_kind
from tests.conftest import SEED


def _seed_paragraphs() -> list[str]:
    from speeches.importing import parse_speech

    return [text for text in parse_speech(SEED.read_text("utf-8")).paragraphs if len(text) > 40]


# The seed speech's paragraphs (real text) to edit and compare.
SEED_PARAGRAPHS = _seed_paragraphs()


def paragraphs(texts):
    return [Unit(PARAGRAPH, number, text) for number, text in enumerate(texts, 1)]


def kinds(pairs):
    return [(pair.a, pair.b, pair.kind) for pair in pairs]


def test_the_seed_gives_enough_real_paragraphs():
    assert len(SEED_PARAGRAPHS) >= 6


def test_every_unit_is_in_exactly_one_pair_and_the_pairs_keep_both_orders():
    a = SEED_PARAGRAPHS
    b = [a[0], a[1] + "要抓好落实。", a[3], "完全不同的一段新话，讲的是别的事情，和前后都没有关系。", *a[4:]]
    pairs = align.align(paragraphs(a), paragraphs(b))
    assert sorted(p.a for p in pairs if p.a is not None) == list(range(len(a)))
    assert sorted(p.b for p in pairs if p.b is not None) == list(range(len(b)))
    assert kinds(pairs)[:5] == [(0, 0, SAME), (1, 1, CHANGED), (2, None, REMOVED), (3, 2, SAME), (None, 3, ADDED)]


def test_punctuation_and_whitespace_alone_leave_a_paragraph_the_same():
    text = SEED_PARAGRAPHS[0]
    respaced = text.replace("，", ", ").replace("。", "．") + " "
    assert kinds(align.align(paragraphs([text]), paragraphs([respaced]))) == [(0, 0, SAME)]


def test_a_paragraph_taken_elsewhere_is_moved_and_the_rest_stays_in_order():
    a = SEED_PARAGRAPHS[:6]
    b = [a[0], a[2], a[3], a[4], a[1] + "这是新加的一句话。", a[5]]
    pairs = align.align(paragraphs(a), paragraphs(b))
    assert (1, 4, MOVED) in kinds(pairs)
    in_order = [(p.a, p.b) for p in pairs if p.kind == SAME]
    assert in_order == [(0, 0), (2, 1), (3, 2), (4, 3), (5, 5)]
    # The moved pair stands where B's paragraph stands.
    assert [p.b for p in pairs if p.b is not None] == [0, 1, 2, 3, 4, 5]


def test_headings_pair_with_headings_and_anchor_their_sections():
    a = [Unit(HEADING, 1, "一、2020年工作回顾"), *paragraphs(SEED_PARAGRAPHS[:2])]
    b = [Unit(HEADING, 1, "一、2021年工作回顾"), *paragraphs(SEED_PARAGRAPHS[:2])]
    pairs = align.align(a, b)
    assert kinds(pairs) == [(0, 0, CHANGED), (1, 1, SAME), (2, 2, SAME)]
    assert pairs[0].similarity < 1  # the year changed, although the section is the same
    # A heading never pairs with a paragraph of the same words.
    pairs = align.align([Unit(HEADING, 1, SEED_PARAGRAPHS[0])], paragraphs([SEED_PARAGRAPHS[0]]))
    assert kinds(pairs) == [(0, None, REMOVED), (None, 0, ADDED)]


def test_unrelated_paragraphs_do_not_pair():
    a = SEED_PARAGRAPHS[:4]
    b = [
        "各位代表：现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。",
        "今年发展主要预期目标是：国内生产总值增长5.5%左右；城镇新增就业1100万人以上。",
    ]
    assert {pair.kind for pair in align.align(paragraphs(a), paragraphs(b))} == {REMOVED, ADDED}


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_any_edit_of_a_speech_pairs_every_paragraph_once_and_in_order(rng: random.Random):
    a = list(SEED_PARAGRAPHS)
    b = list(a)
    for _ in range(rng.randint(1, 6)):
        where = rng.randrange(len(b))
        action = rng.choice(["delete", "insert", "reword", "move"])
        if action == "delete" and len(b) > 1:
            del b[where]
        elif action == "insert":
            b.insert(where, rng.choice(SEED_PARAGRAPHS)[::-1])
        elif action == "reword":
            text = b[where]
            cut = rng.randrange(len(text))
            b[where] = text[:cut] + "进一步" + text[cut + 2 :]
        else:
            b.insert(rng.randrange(len(b)), b.pop(where))
    pairs = align.align(paragraphs(a), paragraphs(b))
    assert sorted(p.a for p in pairs if p.a is not None) == list(range(len(a)))
    assert sorted(p.b for p in pairs if p.b is not None) == list(range(len(b)))
    chain = [(p.a, p.b) for p in pairs if p.kind in (SAME, CHANGED)]
    assert chain == sorted(chain) and [j for _, j in chain] == sorted(j for _, j in chain)
    for pair in pairs:
        if pair.kind == SAME:
            assert align.normalize(a[pair.a]) == align.normalize(b[pair.b])


def test_the_work_is_bounded_by_the_candidates_each_paragraph_keeps():
    """Two speeches of 2,000 paragraphs score a few candidates per paragraph, not 4 million pairs."""
    rng = random.Random(7)
    pool = list(SEED_PARAGRAPHS)
    a = paragraphs([f"{rng.choice(pool)}{n}" for n in range(2000)])
    b = paragraphs([f"{rng.choice(pool)[::-1]}{n}" for n in range(2000)])
    keys_a, keys_b = [u.key for u in a], [u.key for u in b]
    found = align._candidates(a, b, keys_a, keys_b)
    assert len(found) <= 2 * align.CANDIDATES_PER_UNIT * (len(a) + len(b))
    assert len(found) < 0.02 * len(a) * len(b)


def test_a_reworded_paragraph_is_marked_word_by_word():
    a = "今年发展主要预期目标是：国内生产总值增长6%以上；城镇新增就业1100万人以上，城镇调查失业率5.5%左右。"
    b = "今年发展主要预期目标是：国内生产总值增长5.5%左右；城镇新增就业1100万人以上，城镇调查失业率全年控制在5.5%以内。"
    pieces = inline.pieces(a, b)
    assert "".join(p.a for p in pieces) == a and "".join(p.b for p in pieces) == b
    changes = [(p.a, p.b) for p in pieces if p.op != inline.EQUAL]
    assert changes == [("6%以上", "5.5%左右"), ("", "全年控制在"), ("左右", "以内")]
    assert str(inline.html_of_a(pieces)).count("<del>") == 2
    assert '<del class="compare-only-phone">6%以上</del><ins>5.5%左右</ins>' in inline.html_of_b(pieces)


def test_marked_text_is_escaped():
    pieces = inline.pieces("<b>甲</b>说。", "<b>乙</b>说。")
    assert "<b>" not in inline.html_of_a(pieces) + inline.html_of_b(pieces)
    assert "&lt;b&gt;" in inline.html_of_b(pieces)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国内生产总值增长6%以上；", [("国内生产总值增长", "6%以上")]),
        ("城镇新增就业1100万人以上，", [("城镇新增就业", "1100万人以上")]),
        ("粮食产量保持在1.3万亿斤以上。", [("粮食产量保持在", "1.3万亿斤以上")]),
        ("居民消费价格涨幅3%左右；", [("居民消费价格涨幅", "3%左右")]),
        ("今年拟安排地方政府专项债券3.65万亿元。", [("今年拟安排地方政府专项债券", "3.65万亿元")]),
        ("2020年是极不平凡的一年，3月5日开幕，这是第2个五年。", []),
    ],
)
def test_figures_are_numbers_with_their_unit_and_qualifier(text, expected):
    assert [(f.context, f.value) for f in figures.figures(text)] == expected


def test_a_target_that_moved_is_found_by_its_context():
    a = "今年发展主要预期目标是：国内生产总值增长6%以上；城镇调查失业率5.5%左右；单位国内生产总值能耗降低3%左右。"
    b = (
        "今年发展主要预期目标是：国内生产总值增长5.5%左右；城镇调查失业率全年控制在5.5%以内；"
        "粮食产量保持在1.3万亿斤以上。"
    )
    found = [(c.context, c.a, c.b) for c in figures.changes(a, b, 33, 26)]
    assert found == [
        ("国内生产总值增长", "6%以上", "5.5%左右"),
        ("城镇调查失业率全年控制在", "5.5%左右", "5.5%以内"),
        ("粮食产量保持在", None, "1.3万亿斤以上"),  # in B's order: after the target B says before it
        ("单位国内生产总值能耗降低", "3%左右", None),
    ]


def test_the_kind_of_a_title_leaves_out_years_and_edition_marks():
    assert title_kind("2022年政府工作报告") == title_kind("2021年政府工作报告（全文）") == "政府工作报告"
    assert title_kind("2026年北京市政府工作报告") == "北京市政府工作报告"
    assert title_kind("二〇一七年新年贺词") == "新年贺词"


def test_a_line_said_many_times_pairs_with_its_own_repetitions():
    """同志们、朋友们！ between the parts of a speech: each pairs with the one in its place, however many."""
    salute = "同志们、朋友们！"
    parts = [salute if n % 2 else f"{SEED_PARAGRAPHS[n // 2 % len(SEED_PARAGRAPHS)]}{n}" for n in range(40)]
    pairs = align.align(paragraphs(parts), paragraphs(parts))
    assert kinds(pairs) == [(n, n, SAME) for n in range(40)]


def test_a_clause_replaced_by_one_that_keeps_less_than_half_of_it_is_one_change():
    a = "今年要做好以下工作，坚定实施扩大内需战略并推动高质量发展。"
    b = "今年要做好以下工作，持续加强生态环境保护促进高质量发展。"
    changes = [(p.a, p.b) for p in inline.pieces(a, b) if p.op != inline.EQUAL]
    assert changes == [("坚定实施扩大内需战略并推动高质量发展", "持续加强生态环境保护促进高质量发展")]
