"""One rule for every htmx page (core.htmx.render_htmx): its fragment for htmx, the whole page without htmx and
for a history restore (the Back button when htmx's history cache misses), and a Vary header on both."""

import pytest
from django.urls import reverse

from core.htmx import render_htmx, wants_fragment
from passages.models import Parallel
from speeches import phrase_stats
from tests.factories import make_note, make_speech

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
RESTORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}


@pytest.fixture(autouse=True)
def fresh_library():
    phrase_stats.forget()
    yield
    phrase_stats.forget()


@pytest.fixture
def pages(seed_index, group, alice, bob):
    """Every view that answers htmx with a fragment of its page: (URL, a text of the fragment, the user)."""
    p3 = seed_index.paragraphs.get(number=3)
    note = make_note(alice, group, p3, "从大局出发。")
    other = make_speech("other", ["坚持党对工会的全面领导，这是工会工作的根本原则。"])
    Parallel.objects.create(
        paragraph=p3, other=other.paragraphs.get(), shared=12, spans=[[0, 12]], other_spans=[[0, 12]]
    )
    return {
        "library": (reverse("reading:speech_list") + "?year=2023", "在同全国总工会", None),
        "search": (reverse("speeches:search") + "?q=工会", "工会", None),
        "phrase": (reverse("phrases:phrase_detail", args=["工会"]) + "?page=1", "kwic", None),
        "company": (reverse("phrases:phrase_company", args=["工会"]), 'id="company"', None),
        "notes found": (reverse("annotations:note_search") + "?q=大局", "<mark>大局</mark>", alice),
        "notes panel": (reverse("annotations:paragraph_notes", args=[seed_index.slug, 3]), "从大局出发", alice),
        "similar passages": (reverse("passages:paragraph_parallels", args=[seed_index.slug, 3]), "parallels", None),
        "note edit": (reverse("annotations:note_edit", args=[note.pk]), "从大局出发", alice),
    }


def test_every_htmx_page_gives_its_fragment_to_htmx_and_the_page_to_a_history_restore(client, pages):
    for name, (url, text, user) in pages.items():
        if user is not None:
            client.force_login(user)
        else:
            client.logout()
        page, fragment, restored = client.get(url), client.get(url, **HTMX), client.get(url, **RESTORE)
        for response in (page, fragment, restored):
            assert response.status_code == 200, name
            vary = {header.strip().lower() for header in response["Vary"].split(",")}
            assert {"hx-request", "hx-history-restore-request"} <= vary, name
        assert "<html" in page.content.decode() and text in page.content.decode(), name
        assert "<html" not in fragment.content.decode() and text in fragment.content.decode(), name
        assert "<html" in restored.content.decode(), f"{name}: a history restore gets the whole page"


def test_wants_fragment_is_htmx_but_not_a_history_restore(rf):
    from django_htmx.middleware import HtmxDetails

    def request(**headers):
        made = rf.get("/", **headers)
        made.htmx = HtmxDetails(made)
        return made

    assert not wants_fragment(request())
    assert wants_fragment(request(**HTMX))
    assert not wants_fragment(request(**RESTORE))
    assert not wants_fragment(rf.get("/"))  # no middleware, no htmx


def test_render_htmx_passes_the_status_and_varies_on_both_headers(rf):
    from django_htmx.middleware import HtmxDetails

    made = rf.get("/", **HTMX)
    made.htmx = HtmxDetails(made)
    response = render_htmx(made, "reading/library.html", "results", {"speeches": []}, status=422)
    assert response.status_code == 422 and "<html" not in response.content.decode()
    assert response["Vary"] == "HX-Request, HX-History-Restore-Request"
