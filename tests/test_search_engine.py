"""speeches.search: what a query finds, in what order, and how the index behaves when it is missing or busy."""

import random
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from whoosh import index as whoosh_index
from whoosh.matching import WrappingMatcher
from whoosh.reading import SegmentReader

from speeches import search
from speeches.models import Paragraph
from tests.factories import make_speech

pytestmark = pytest.mark.django_db


def numbers(results, *, exact=None):
    return [hit.number for hit in results.hits if exact is None or hit.exact == exact]


def paragraphs_containing(speech, text):
    return sorted(p.number for p in speech.paragraphs.all() if text in p.text)


# ---------------------------------------------------------------- verbatim recall on the seed


@pytest.mark.parametrize(
    ("query", "expected"),
    [("国之大者", [3]), ("工匠精神", [4]), ("娘家人", [6]), ("新就业形态", [5]), ("诚实劳动", [4])],
)
def test_key_phrases_of_the_seed_are_found_where_they_are_said(seed_index, query, expected):
    results = search.search(query)
    assert numbers(results) == expected
    assert results.exact_count == len(expected)
    assert all(hit.exact for hit in results.hits)


def test_a_sub_word_string_is_found_whatever_jieba_makes_of_it(seed_index):
    # jieba keeps 国之大者 as one word, so word search alone would never find 大者.
    assert "大者" not in search.words("要牢记国之大者")
    assert numbers(search.search("大者")) == [3]


def test_a_single_character_finds_every_paragraph_that_contains_it(seed_index):
    results = search.search("党")
    assert sorted(numbers(results)) == paragraphs_containing(seed_index, "党")
    assert results.exact_count == len(paragraphs_containing(seed_index, "党")) > 3


def test_digits_and_latin_letters_are_searchable(db):
    make_speech("latin", ["过去5年，GDP增长", "2023年10月23日的讲话", "没有数字"])
    search.rebuild_index(processes=1)
    assert numbers(search.search("5年")) == [1]
    assert numbers(search.search("gdp")) == [1]
    assert numbers(search.search("10月23")) == [2]


def test_verbatim_hits_are_exactly_the_substring_matches(db):
    """Against a brute-force scan over a small alphabet, where repeats (哈哈哈) and overlaps abound."""
    rng = random.Random(20231023)
    alphabet = "工会职权益党哈"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(150)]
    make_speech("random", texts)
    search.rebuild_index(processes=1)
    for _ in range(200):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5)))
        results = search.search(query, limit=1000)
        expected = sorted(number for number, text in enumerate(texts, start=1) if query in text)
        assert sorted(numbers(results, exact=True)) == expected, query
        assert results.exact_count == len(expected)


# ---------------------------------------------------------------- related matches and ranking


def test_without_a_verbatim_hit_paragraphs_with_all_the_words_are_related_matches(seed_index):
    results = search.search("职工权益")
    assert results.exact_count == 0
    with_both = [p.number for p in seed_index.paragraphs.all() if "职工" in p.text and "权益" in p.text]
    assert sorted(numbers(results, exact=False)) == with_both == [1, 5]
    assert results.related_count == len(results.hits)
    assert results.marking_terms == ["职工权益", "职工", "权益"]


def test_a_related_match_holds_the_words_verbatim_even_inside_longer_words(db):
    # jieba cuts 合法权益 as one word: matching on its words alone would miss the first paragraph.
    assert "权益" not in search.words("维护职工合法权益")
    assert "权益" in search.words("维护职工各项权益")
    make_speech("inside", ["维护职工合法权益。", "维护职工各项权益。", "只说职工。", "劳动者权益。"])
    search.rebuild_index(processes=1)
    results = search.search("职工权益")
    assert numbers(results, exact=False) == [1, 2]
    assert results.hits[0].score == results.hits[1].score  # as often, as long: a tie, in reading order


def test_a_one_character_word_of_a_query_counts_where_jieba_cut_it_as_a_word(db):
    # 力 is inside 努力 and 能力 everywhere: as a loose word it counts only standing on its own.
    assert search.term_words("理论的组织力") == ["理论", "组织", "力"]
    make_speech("li", ["理论学习，组织建设，力在其中。", "理论学习，组织建设，靠大家努力。"])
    search.rebuild_index(processes=1)
    assert numbers(search.search("理论的组织力"), exact=False) == [1]


def test_verbatim_hits_rank_above_related_ones(db):
    make_speech(
        "ranking",
        [
            "职工的合法权益，职工的劳动权益，职工的各项权益，都要维护。",  # both words, often
            "只说职工。",
            "维护职工权益。",  # verbatim, once
        ],
    )
    search.rebuild_index(processes=1)
    results = search.search("职工权益")
    assert [(hit.number, hit.exact) for hit in results.hits] == [(3, True), (1, False)]
    assert (results.exact_count, results.related_count) == (1, 1)


def test_related_matches_are_ranked_by_relevance(db):
    make_speech(
        "relevance",
        [
            "职工在这里，权益在那里，还有很多很多别的话要说，说了又说，一直说到很长很长的最后。",
            "职工权利与职工利益，职工的权益，职工群众的权益。",
        ],
    )
    search.rebuild_index(processes=1)
    results = search.search("职工权益")
    assert numbers(results, exact=False) == [2, 1]
    assert results.hits[0].score > results.hits[1].score


def test_a_two_character_term_is_counted_without_overlaps_like_any_other(db):
    # 哈哈哈 holds 哈哈 once, as str.count and Ctrl+F's "next match" see it: a tie, in reading order.
    make_speech("laughter", ["哈哈好哈", "哈哈哈好"])
    search.rebuild_index(processes=1)
    results = search.search("哈哈")
    assert numbers(results) == [1, 2]
    assert results.hits[0].score == results.hits[1].score


def test_an_empty_or_negative_page_finds_no_hits_and_raises_nothing(db):
    make_speech("pages", ["维护职工权益。", "权益属于职工。"])
    search.rebuild_index(processes=1)
    for limit, offset in [(0, 0), (-1, 0), (-5, -5)]:
        results = search.search("职工权益", limit=limit, offset=offset)
        assert results.hits == []
        assert (results.exact_count, results.related_count) == (1, 1)
    assert numbers(search.search("职工权益", offset=-3)) == [1, 2]


def test_every_space_separated_term_must_match(seed_index):
    results = search.search("劳模精神 职工")
    assert numbers(results) == [4]
    both = search.search("党 工会", limit=100)
    assert sorted(numbers(both)) == [
        p.number for p in seed_index.paragraphs.all() if "党" in p.text and "工会" in p.text
    ]
    assert both.hits and all(hit.exact for hit in both.hits)
    assert search.search("国之大者 娘家人").hits == []


def test_pages_continue_from_exact_into_related_hits(db):
    make_speech("pages", ["维护职工权益。"] * 3 + ["权益属于职工。"] * 3)
    search.rebuild_index(processes=1)
    first = search.search("职工权益", limit=4)
    second = search.search("职工权益", limit=4, offset=4)
    assert [hit.exact for hit in first.hits] == [True, True, True, False]
    assert [hit.exact for hit in second.hits] == [False, False]
    assert {hit.number for hit in first.hits + second.hits} == set(range(1, 7))


def test_a_speech_filter_limits_the_hits(seed_index):
    make_speech("other", ["坚持党的领导。"])
    search.rebuild_index(processes=1)
    assert {hit.speech_slug for hit in search.search("党").hits} == {seed_index.slug, "other"}
    assert {hit.speech_slug for hit in search.search("党", speech="other").hits} == {"other"}


# ---------------------------------------------------------------- folding and hostile input


def test_traditional_characters_find_simplified_text(seed_index):
    assert numbers(search.search("國之大者")) == [3]
    assert numbers(search.search("勞模精神")) == [4]
    assert numbers(search.search("產業工人")) == numbers(search.search("产业工人")) != []


def test_width_and_case_are_folded(db):
    make_speech("widths", ["ＡＢＣ全角字母", "abc half width", "Abc mixed"])
    search.rebuild_index(processes=1)
    assert sorted(numbers(search.search("abc"))) == [1, 2, 3]
    assert sorted(numbers(search.search("ＡＢＣ"))) == [1, 2, 3]


def test_fold_keeps_length_so_offsets_mark_the_original():
    for text in ["國之大者", "ＡＢＣ　ｄ", "İstanbul", "乾隆年間的頭髮", "🙂党"]:
        assert len(search.fold(text)) == len(text)


def test_a_character_folds_alike_alone_and_inside_a_phrase(db):
    # OpenCC's phrase conversion keeps 乾坤 but turns a lone 乾 into 干: fold goes character by character.
    assert search.fold("乾坤")[0] == search.fold("乾")
    make_speech("qian", ["朗朗乾坤。", "乾隆年間。", "干部队伍。"])
    search.rebuild_index(processes=1)
    assert numbers(search.search("乾坤")) == [1]
    assert sorted(numbers(search.search("乾"))) == [1, 2, 3]  # 乾 and 干 fold alike, as in every phrase


SYNTAX_TEXTS = [
    '他说"国之大者"。',
    "(党)的领导",
    "国之*号",
    "~娘家人~",
    "AND 与 OR NOT",
    "路径 a\\b",
    "原文党: 冒号",
    "没有符号的一段",
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"国之大者"', [1]),
        ("(党)", [2]),
        ("国之*", [3]),
        ("~娘家人", [4]),
        ("AND", [5]),
        ("or not", [5]),
        ("\\", [6]),
        ("a\\b", [6]),
        ("党:", [7]),
        ("国之 AND", []),
        ("\x00", []),
        ("🙂", []),
        ("<script>", []),
        ("' OR 1=1 --", []),
    ],
)
def test_query_syntax_is_searched_for_as_text(db, query, expected):
    make_speech("syntax", SYNTAX_TEXTS)
    search.rebuild_index(processes=1)
    results = search.search(query)
    assert numbers(results, exact=True) == expected
    assert results.exact_count == len(expected)


def test_a_colon_is_searched_for_as_a_character(db):
    make_speech("colons", ["原文：党", "原文党"])
    search.rebuild_index(processes=1)
    assert numbers(search.search("文：党"), exact=True) == [1]
    assert numbers(search.search("文:党"), exact=True) == [1]  # half-width colon folds to the same


def test_an_over_long_query_is_cut_with_a_flag(seed_index):
    results = search.search("工会" * 80)
    assert results.truncated
    assert len(results.query) == search.MAX_QUERY_CHARS


def test_terms_past_the_tenth_are_left_out_with_a_flag_not_silently(seed_index):
    query = "一 二 三 四 五 六 七 八 九 十 党"
    results = search.search(query)
    assert results.truncated
    assert results.query == "一 二 三 四 五 六 七 八 九 十"
    assert len(results.terms) == search.MAX_TERMS
    assert not search.search("党 党 党 工会").truncated  # repeats count once


def test_blank_query_finds_nothing(seed_index):
    results = search.search("   ")
    assert (results.hits, results.total) == ([], 0)


# ---------------------------------------------------------------- marking


def test_highlight_marks_every_match_and_escapes_the_rest():
    marked = search.highlight("<b>工会</b>是职工之家，工会工作", ["工会"])
    assert marked == "&lt;b&gt;<mark>工会</mark>&lt;/b&gt;是职工之家，<mark>工会</mark>工作"


def test_highlight_merges_overlapping_matches_and_marks_the_original_characters():
    assert search.highlight("國之大者", [search.fold("國之"), "之大者"]) == "<mark>國之大者</mark>"


def test_snippet_is_cut_around_the_first_match(seed_index):
    text = seed_index.paragraphs.get(number=3).text
    marked = search.snippet(text, ["国之大者"], width=60)
    assert "<mark>国之大者</mark>" in marked
    assert marked.startswith("…") and marked.endswith("…")
    assert len(marked.replace("<mark>", "").replace("</mark>", "")) <= 62


# ---------------------------------------------------------------- key phrases


def test_key_phrases_leave_out_function_words_and_boilerplate(seed_index):
    phrases = search.key_phrases(seed_index)
    assert 1 <= len(phrases) <= 8
    assert "工会" in phrases
    assert not {"要", "坚持", "推动", "的"} & set(phrases)


# ---------------------------------------------------------------- the index's life


def test_import_indexes_what_it_touched_and_reimport_follows_the_text(tmp_path, seed_path):
    speech_file = tmp_path / seed_path.name
    speech_file.write_bytes(seed_path.read_bytes())
    call_command("import_speeches", str(speech_file), stdout=None)
    assert numbers(search.search("娘家人")) == [6]

    speech_file.write_text(speech_file.read_text(encoding="utf-8").replace("娘家人", "贴心人"), encoding="utf-8")
    call_command("import_speeches", str(speech_file))
    assert search.search("娘家人").hits == []
    assert numbers(search.search("贴心人")) == [6]


def test_paragraphs_replaced_inside_a_large_segment_are_found_by_their_new_text_only():
    # Segments of a few paragraphs are merged away on commit; a larger one keeps its deleted
    # documents, and every kind of term must skip them.
    make_speech("kept", [f"第{n}段：职工之家与娘家" for n in range(1, 31)])
    changed = make_speech("changed", [f"第{n}段：工会是职工的娘家人" for n in range(1, 31)])
    search.rebuild_index(processes=1)
    Paragraph.objects.filter(speech=changed).update(text="工会是职工的贴心人")
    search.index_speeches(["changed"])

    for query in ["娘家人", "家人", "第2", "段"]:
        assert {hit.speech_slug for hit in search.search(query).hits} <= {"kept"}, query
    assert search.search("娘家人").total == 0
    assert search.search("家人").total == 0
    assert search.search("第2").exact_count == 11  # 第2段 and 第20段 to 第29段 of "kept"
    assert search.search("段").exact_count == 30
    assert search.search("贴心人").exact_count == 30
    assert search.search("职工").exact_count == 60
    assert search.search("职工 娘家", limit=100).exact_count == 30


def test_postings_of_many_blocks_with_deletions_find_every_paragraph_once(monkeypatch):
    # Whoosh stores postings in blocks, each delta-encoded from 0; search.py decodes them itself,
    # and must skip the deleted documents a re-import leaves in a segment. Small blocks here, so
    # that these few hundred paragraphs span many.
    monkeypatch.setattr(search._whoosh, "POSTING_BLOCK", 32)
    make_speech("kept", [f"第{n}段：职工之家与娘家，" + "职工的家" * (n % 3 + 1) for n in range(1, 201)])
    changed = make_speech("changed", [f"第{n}段：工会是职工的娘家人" for n in range(1, 201)])
    search.rebuild_index(processes=1)
    Paragraph.objects.filter(speech=changed, number__lte=70).update(text="工会是职工的贴心人")
    search.index_speeches(["changed"])

    def found(query):
        results = search.search(query, limit=1000)
        return [(hit.speech_slug, hit.number, hit.exact, hit.score) for hit in results.hits]

    queries = ["职工", "娘家", "家人", "第2", "职工 娘家", "职工之家 工会"]
    by_blocks = {query: found(query) for query in queries}
    for query in ["职工", "娘家", "家人", "第2"]:
        truth = {(p.speech.slug, p.number) for p in Paragraph.objects.select_related("speech") if query in p.text}
        hits = [(slug, number) for slug, number, exact, _ in by_blocks[query] if exact]
        assert len(hits) == len(truth) and set(hits) == truth, query
    assert len(by_blocks["职工"]) == 400 and len(by_blocks["家人"]) == 130
    # A count of 3 outranks 2 outranks 1 (paragraph 2 holds 职工 4 times); ties keep reading order.
    assert [hit[:2] for hit in by_blocks["职工"][:3]] == [("kept", 2), ("kept", 5), ("kept", 8)]

    # Any matcher but whoosh-reloaded 2.7's is stepped through one posting at a time,
    # and must find and rank exactly the same.
    def one_at_a_time(reader, *args, **kwargs):
        return WrappingMatcher(segment_postings(reader, *args, **kwargs))

    segment_postings = SegmentReader.postings
    monkeypatch.setattr(SegmentReader, "postings", one_at_a_time)
    assert {query: found(query) for query in queries} == by_blocks


def test_search_without_an_index_says_how_to_build_one(no_index):
    with pytest.raises(search.IndexUnavailable, match="rebuild_index"):
        search.search("党")


def current_generation(settings) -> Path:
    root = Path(settings.SEARCH_INDEX_DIR)
    return root / (root / search.POINTER).read_text()


def test_an_index_built_with_another_dictionary_is_refused_until_rebuilt(seed_index, settings):
    meta = current_generation(settings) / search.META
    meta.write_text(meta.read_text().replace(search.dictionary_fingerprint(), "built-elsewhere"))
    search.forget_open_indexes()
    with pytest.raises(search.IndexUnavailable, match="another dictionary.*rebuild_index"):
        search.search("党")
    search.index_speeches([seed_index.slug])  # no usable index: a full rebuild
    assert numbers(search.search("国之大者")) == [3]


def test_a_server_started_before_the_dictionary_changed_says_to_restart(seed_index, settings, tmp_path, monkeypatch):
    # Another process rebuilt the index with the edited dictionary; this one still cuts with the old.
    edited = tmp_path / "userdict.txt"
    edited.write_bytes(search.USER_DICTIONARY.read_bytes() + "学习小组 2000 n\n".encode())
    monkeypatch.setattr(search.text, "USER_DICTIONARY", edited)
    meta = current_generation(settings) / search.META
    built_with = search.text.fingerprint(edited.read_bytes())
    meta.write_text(meta.read_text().replace(search.dictionary_fingerprint(), built_with))
    search.forget_open_indexes()
    with pytest.raises(search.IndexUnavailable, match="restart the server"):
        search.search("党")


def test_a_damaged_index_is_reported_not_raised_as_a_crash(seed_index, settings):
    generation = Path(settings.SEARCH_INDEX_DIR) / (Path(settings.SEARCH_INDEX_DIR) / search.POINTER).read_text()
    search.forget_open_indexes()
    for path in generation.iterdir():
        if path.suffix in {".seg", ".toc"}:
            path.write_bytes(b"garbage")
    with pytest.raises(search.IndexUnavailable):
        search.search("党")


def test_a_rebuild_swaps_in_a_new_generation_that_a_running_reader_picks_up(seed_index, settings):
    assert search.search("学习小组").hits == []
    make_speech("added", ["学习小组的讨论"])
    search.rebuild_index(processes=2)  # the same reader, no restart
    assert [hit.speech_slug for hit in search.search("学习小组").hits] == ["added"]
    generations = list(Path(settings.SEARCH_INDEX_DIR).glob("gen-*"))
    assert len(generations) == 1, "old generations are removed"


def test_an_import_while_another_writer_holds_the_index_fails_with_a_clear_message(
    seed_index, tmp_path, seed_path, settings, monkeypatch
):
    monkeypatch.setattr(search.index, "WRITER_TIMEOUT_SECONDS", 0.1)
    generation = Path(settings.SEARCH_INDEX_DIR) / (Path(settings.SEARCH_INDEX_DIR) / search.POINTER).read_text()
    holder = whoosh_index.open_dir(str(generation)).writer()
    try:
        changed = tmp_path / seed_path.name
        changed.write_text(seed_path.read_text(encoding="utf-8").replace("娘家人", "贴心人"), encoding="utf-8")
        with pytest.raises(CommandError, match="another process is writing the search index"):
            call_command("import_speeches", str(changed))
    finally:
        holder.cancel()
    assert numbers(search.search("娘家人")) == [6], "the index is unharmed"
    search.index_speeches([seed_index.slug])
    assert numbers(search.search("贴心人")) == [6]


def test_a_rebuild_or_an_import_waits_for_the_other_and_then_fails_clearly(
    seed_index, tmp_path, seed_path, monkeypatch
):
    # Without one lock over the whole index, an import could commit into the generation that a
    # rebuild is about to replace, and its change would be lost.
    monkeypatch.setattr(search.index, "WRITER_TIMEOUT_SECONDS", 0.1)
    changed = tmp_path / seed_path.name
    changed.write_text(seed_path.read_text(encoding="utf-8").replace("娘家人", "贴心人"), encoding="utf-8")
    with search.index._writing():  # as a rebuild in another process holds it
        with pytest.raises(CommandError, match="another process is writing the search index"):
            call_command("import_speeches", str(changed))
        with pytest.raises(search.IndexUnavailable, match="another process is writing"):
            search.rebuild_index(processes=1)
    assert numbers(search.search("娘家人")) == [6], "the index is unharmed"
    search.index_speeches([seed_index.slug])
    assert numbers(search.search("贴心人")) == [6]


def test_searches_in_threads_sharing_one_searcher_agree_with_one_at_a_time(seed_index):
    # runserver answers in threads; they share the process's searcher and its open files.
    queries = ["党", "职工", "工会 职工", "国之大者", "职工权益", "新就业形态", "劳动"] * 6

    def answer(query):
        results = search.search(query, limit=50)
        return results.exact_count, results.related_count, [(hit.number, hit.score) for hit in results.hits]

    expected = {query: answer(query) for query in set(queries)}
    start = threading.Barrier(4)

    def worker(offset):
        start.wait()
        return [answer(query) == expected[query] for query in queries[offset:] + queries[:offset]]

    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns every few bytecodes: interleavings are likely
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            outcomes = list(pool.map(worker, range(4)))
    finally:
        sys.setswitchinterval(switch_interval)
    assert all(all(agreed) for agreed in outcomes)


def test_rebuild_index_command_reports_the_count(seed_speech, capsys):
    call_command("rebuild_index", "--processes", "1")
    assert "indexed 7 paragraphs" in capsys.readouterr().out
    assert numbers(search.search("国之大者")) == [3]
