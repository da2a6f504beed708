"""Reading the speech in a real browser."""

import pytest

from tests.browser import in_viewport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_clicking_an_outline_entry_brings_its_paragraph_into_view(request, live_server, seed_speech, device):
    page = request.getfixturevalue(device)
    page.goto(live_server.url + seed_speech.get_absolute_url())
    assert page.locator("section.para").count() == 7
    assert not in_viewport(page, "#p5")

    page.get_by_role("link", name="第三，用心用情做好维权服务工作。").click()

    page.wait_for_url("**#p5")
    assert in_viewport(page, "#p5")
    assert page.locator("#p5 .para__lead").inner_text() == "第三，用心用情做好维权服务工作。"


def test_a_permalink_opens_at_its_paragraph(phone, live_server, seed_speech):
    phone.goto(live_server.url + seed_speech.get_absolute_url() + "#p6")
    assert in_viewport(phone, "#p6")
    assert phone.locator("#p6 .para__number").inner_text() == "6"
