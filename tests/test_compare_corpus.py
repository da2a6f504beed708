"""The 2021 and 2022 government work reports from ../shared/corpus/as-found/, compared as issue 26 asks."""

import pytest
from django.urls import reverse

from tests.compare_speeches import REPORT_2021, REPORT_2022, import_reports

TARGETS = "今年发展主要预期目标"


@pytest.fixture
def reports(db, corpus):
    return import_reports(corpus)


def number_starting(speech, words: str) -> int:
    return speech.paragraphs.get(text__startswith=words).number


@pytest.fixture
def answer(client, reports):
    response = client.get(reverse("compare:compare_json", args=[REPORT_2021, REPORT_2022]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_two_paragraphs_of_targets_pair_as_changed(reports, answer):
    earlier, later = reports
    pair = {"a": number_starting(earlier, TARGETS), "b": number_starting(later, TARGETS)}
    found = [p for p in answer["pairs"] if p["a"] == pair["a"]]
    assert len(found) == 1
    assert found[0]["b"] == pair["b"] and found[0]["kind"] == "changed"
    assert 0 < found[0]["similarity"] < 1


def test_the_growth_target_is_listed_with_both_values(reports, answer):
    earlier, later = reports
    assert {
        "context": "国内生产总值增长",
        "a": "6%以上",
        "b": "5.5%左右",
        "a_paragraph": number_starting(earlier, TARGETS),
        "b_paragraph": number_starting(later, TARGETS),
    } in answer["figures"]


def test_the_pairs_cover_both_reports_exactly_once(reports, answer):
    earlier, later = reports
    assert answer["a"] == REPORT_2021 and answer["b"] == REPORT_2022
    numbers_a = sorted(p["a"] for p in answer["pairs"] if p["a"] is not None)
    numbers_b = sorted(p["b"] for p in answer["pairs"] if p["b"] is not None)
    assert numbers_a == list(range(1, earlier.paragraphs.count() + 1))
    assert numbers_b == list(range(1, later.paragraphs.count() + 1))
    for pair in answer["pairs"]:
        assert pair["kind"] in {"same", "changed", "moved", "added", "removed"}
        assert (pair["a"] is None) == (pair["kind"] == "added") and (pair["b"] is None) == (pair["kind"] == "removed")


def test_the_page_marks_the_changed_target_and_lists_it(client, reports):
    earlier, later = reports
    response = client.get(reverse("compare:compare", args=[REPORT_2021, REPORT_2022]))
    html = response.content.decode()
    assert response.status_code == 200
    # The figures table, and the words marked in the pair: 6%以上 gone, 5.5%左右 in its place.
    assert '<th scope="row">国内生产总值增长</th>' in html
    assert "<del>6%以上</del>" in html and "<ins>5.5%左右</ins>" in html
    a, b = number_starting(earlier, TARGETS), number_starting(later, TARGETS)
    assert f'href="/speeches/{REPORT_2021}/#p{a}"' in html and f'href="/speeches/{REPORT_2022}/#p{b}"' in html
    # Formulations: 留抵退税 is new in 2022 (four times); 保市场主体 was 2021's.
    assert "留抵退税" in html and "保市场主体" in html


def test_the_report_is_proposed_last_years_report(client, reports):
    response = client.get(reverse("reading:speech_detail", args=[REPORT_2022]))
    assert reverse("compare:compare", args=[REPORT_2021, REPORT_2022]) in response.content.decode()
