"""HEAD is answered wherever GET is: load balancers and uptime checkers send it."""

import pytest
from django.urls import reverse

from annotations.models import Note
from tests.factories import make_note

pytestmark = pytest.mark.django_db


def test_every_page_answers_head_like_get_without_a_body(client, seed_index, group, alice):
    speech = seed_index
    note = make_note(alice, group, speech.paragraphs.get(number=3))
    client.force_login(alice)
    urls = [
        reverse("healthz"),
        reverse("reading:speech_list"),
        speech.get_absolute_url(),
        reverse("speeches:search") + "?q=党",
        reverse("annotations:paragraph_notes", args=[speech.slug, 3]),
        reverse("annotations:note_edit", args=[note.pk]),
        group.get_absolute_url(),
        reverse("annotations:notebook", args=[group.slug]),
        reverse("annotations:notebook_markdown", args=[group.slug]),
        reverse("annotations:notebook_csv", args=[group.slug]),
        reverse("annotations:notebook_jsonld", args=[group.slug]),
        reverse("annotations:group_create"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
        head = client.head(url)
        assert head.status_code == 200, url
        assert head.content == b"", url
    # A HEAD of the notes URL (which takes POSTs too) reads; it never writes.
    assert Note.objects.count() == 1


def test_head_works_signed_out_too(client, seed_speech):
    for url in [reverse("accounts:login"), reverse("accounts:signup"), seed_speech.get_absolute_url()]:
        assert client.head(url).status_code == 200, url
