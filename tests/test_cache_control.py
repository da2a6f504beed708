"""Every page that depends on who is signed in says `Cache-Control: private`, and a page that shows a secret (the
invite link) says `no-store` (issue 23, attack 4): the test walks the URL conf, so a page added later is checked
too."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import make_note

pytestmark = pytest.mark.django_db

# Pages that show a secret: no cache at all, not even the browser's.
SECRET = {"annotations:group_detail"}
# Not pages of this site's own (Django's admin is its own business; it sends no-cache, private for signed-in staff).
SKIPPED_PREFIXES = ("admin",)


def named_patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_PREFIXES or str(entry.pattern).startswith(SKIPPED_PREFIXES):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(entry.pattern.converters)


@pytest.fixture
def site(editor, group, bob, seed_speech):
    from django.utils import timezone

    from meetings.models import GroupCalendar, Session

    paragraph = seed_speech.paragraphs.get(number=3)
    note = make_note(editor, group, paragraph, "看看缓存")
    session = Session.objects.create(
        group=group, title="学习会", starts_at=timezone.now(), speech=seed_speech, organiser=editor
    )
    calendar = GroupCalendar.objects.create(group=group)
    return {
        "a": seed_speech.slug,  # a speech compared with itself: a page that says so
        "b": seed_speech.slug,
        "group": group.slug,
        "pk": session.pk,
        "feed_token": calendar.token,
        "slug": seed_speech.slug,
        "number": 3,
        "phrase": "工会",
        "note_id": note.pk,
        "user_id": bob.pk,
        "token": group.invite_token,
        "group_slug": group.slug,
    }


def url_for(name, parameters, site):
    kwargs = {}
    for parameter in parameters:
        if parameter == "slug" and name.startswith("annotations:") and "paragraph" not in name:
            kwargs["slug"] = site["group_slug"]
        elif parameter == "token" and name.startswith("meetings:"):
            kwargs["token"] = site["feed_token"]
        else:
            kwargs[parameter] = site[parameter]
    return reverse(name, kwargs=kwargs)


def test_every_page_a_member_sees_is_private_and_the_invite_link_is_not_stored(client, editor, site):
    client.force_login(editor)
    checked = []
    for name, parameters in named_patterns():
        url = url_for(name, parameters, site)
        response = client.get(url)
        if response.status_code != 200:
            continue  # POST-only actions (405), redirects
        cache_control = response.get("Cache-Control", "")
        checked.append(name)
        if name in SECRET:
            assert "no-store" in cache_control, (name, cache_control)
        if "Cookie" in response.get("Vary", "") or response.wsgi_request.session.accessed:
            assert "private" in cache_control or "no-store" in cache_control, (name, url, cache_control)
    # The walk reached the pages that matter (and so would reach a new one).
    for name in ["reading:speech_list", "reading:speech_detail", "annotations:group_detail", "annotations:notebook"]:
        assert name in checked
    assert len(checked) >= 20, checked
