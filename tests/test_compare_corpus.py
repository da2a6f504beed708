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
    # The formulations take longer: loaded in place after the page.
    url = reverse("compare:formulations", args=[REPORT_2021, REPORT_2022])
    assert f'hx-get="{url}" hx-trigger="load"' in html and f'<a href="{url}">' in html


def new_and_dropped(html: str) -> tuple[str, str]:
    return html.split("compare-formulations__list--new")[1], html.split("compare-formulations__list--dropped")[1]


def test_the_formulations_new_in_2022_and_dropped_from_2021(client, reports, answer):
    from speeches import search

    earlier, later = (search.fold("\n".join(speech.paragraphs.values_list("text", flat=True))) for speech in reports)
    new = [f["phrase"] for f in answer["formulations"]["new"]]
    dropped = [f["phrase"] for f in answer["formulations"]["dropped"]]
    # Chosen as 首次出现 chooses (passages/firsts.py), and said in one report only.
    assert "就业创业" in new and "公共卫生体系" in dropped
    assert all(phrase in later and phrase not in earlier for phrase in new)
    assert all(phrase in earlier and phrase not in later for phrase in dropped)
    assert "留抵退税" not in new  # ends in a verb (退税): not a formulation by that rule
    url = reverse("compare:formulations", args=[REPORT_2021, REPORT_2022])
    fragment = client.get(url, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in html and html.lstrip().startswith('<div id="formulations"')
    new, dropped = new_and_dropped(html)
    assert "就业创业" in new.split("</ul>")[0] and "公共卫生体系" in dropped.split("</ul>")[0]
    assert "Vary" in fragment and "HX-Request" in fragment["Vary"]
    for headers in ({}, {"HX-Request": "true", "HX-History-Restore-Request": "true"}):
        page = client.get(url, headers=headers).content.decode()
        assert "<html" in page and 'id="formulations"' in page and "就业创业" in page
    # Once found, the comparison page shows them at once.
    page = client.get(reverse("compare:compare", args=[REPORT_2021, REPORT_2022])).content.decode()
    assert "hx-trigger" not in page and "就业创业" in new_and_dropped(page)[0].split("</ul>")[0]


def test_the_report_is_proposed_last_years_report(client, reports):
    response = client.get(reverse("reading:speech_detail", args=[REPORT_2022]))
    assert reverse("compare:compare", args=[REPORT_2021, REPORT_2022]) in response.content.decode()
