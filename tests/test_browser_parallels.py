"""Passages said before in a real browser: open a paragraph's panel, follow a parallel, come back."""

import pytest

from tests.browser import in_viewport
from tests.test_browser_accessibility import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHARED = "我们要坚定不移走中国特色社会主义政治发展道路"


@pytest.fixture
def two_speeches(tmp_path):
    from speeches.actions import import_file

    filler = [f"第{n}段，讲别的事情。" for n in range(1, 13)]  # too short to share a passage
    # The later speech's own filler: twelve paragraphs of thirteen the same would make it the same text (skipped).
    other_filler = [f"第{n}段，讲另外的事。" for n in range(1, 13)]
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(
        "---\ntitle: 早些时候的讲话\ndate: 2014-09-05\n---\n" + "\n\n".join([*filler, f"大家知道，{SHARED}。"]),
        encoding="utf-8",
    )
    later = tmp_path / "later.txt"
    later.write_text(
        "---\ntitle: 后来的讲话\ndate: 2019-09-05\n---\n" + "\n\n".join([f"再次强调，{SHARED}！", *other_filler]),
        encoding="utf-8",
    )
    import_file(earlier)
    import_file(later)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_follow_a_parallel_passage_and_come_back(request, live_server, two_speeches, device):
    page = request.getfixturevalue(device)
    page.goto(live_server.url + "/speeches/later/")
    toggle = page.locator("#p1 .parallels-toggle")
    assert toggle.inner_text().split()[-1] == "1"
    assert page.locator("#p2 .parallels-toggle").count() == 0

    toggle.click()  # opens in place, through htmx
    link = page.locator("#parallels-p1 .parallel__link")
    link.wait_for()
    assert page.url == live_server.url + "/speeches/later/"
    assert page.locator("#parallels-p1 mark").inner_text() == SHARED
    assert blocking_violations(page) == []

    link.click()
    page.wait_for_url("**/speeches/earlier/#p13")
    assert in_viewport(page, "#p13")
    assert SHARED in page.locator("#p13 .para__text").inner_text()

    page.go_back()
    page.wait_for_url(live_server.url + "/speeches/later/")
    page.locator("#p1 .parallels-toggle").wait_for()
    assert in_viewport(page, "#p1")

    # The panel folds away again.
    if page.locator("#parallels-p1 .parallels__close").count() == 0:
        page.locator("#p1 .parallels-toggle").click()
    page.locator("#parallels-p1 .parallels__close").click()
    page.locator("#parallels-p1 .parallel__link").wait_for(state="detached")
    assert page.locator("#parallels-p1").inner_html() == ""
