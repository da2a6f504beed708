"""Notes on a paragraph: the panel (htmx fragment and full page), adding, replying, editing, deleting, permissions."""

import re

import pytest
from django.urls import reverse

from annotations.models import Note
from tests.factories import make_note

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def p3(seed_speech):
    return seed_speech.paragraphs.get(number=3)


def notes_url(paragraph):
    return reverse("annotations:paragraph_notes", args=[paragraph.speech.slug, paragraph.number])


# ---------------------------------------------------------------- reading


def test_the_speech_page_shows_each_paragraphs_note_count_and_the_total(client, group, alice, bob, p3):
    make_note(alice, group, p3)
    make_note(bob, group, p3)
    make_note(bob, group, p3.speech.paragraphs.get(number=5))
    client.force_login(bob)
    html = client.get(p3.speech.get_absolute_url()).content.decode()
    assert '<span id="note-count-p3" class="note-count">2</span>' in html
    assert '<span id="note-count-p5" class="note-count">1</span>' in html
    assert '<span id="note-count-p1" class="note-count">0</span>' in html
    assert '<span id="notes-total">3</span>' in html


def test_the_count_link_loads_the_panel_and_works_without_javascript(client, group, alice, p3):
    client.force_login(alice)
    html = client.get(p3.speech.get_absolute_url()).content.decode()
    link = re.search(r'<a class="notes-toggle" href="([^"]+)"\s+hx-get="([^"]+)"', html)
    assert link.group(1) == "?notes=1#p1"
    assert link.group(2) == f"/speeches/{p3.speech.slug}/p1/notes/"


def test_the_panel_fragment_and_the_full_page(client, group, alice, bob, p3):
    make_note(bob, group, p3, "我们车间要学这一段。")
    client.force_login(alice)
    fragment = client.get(notes_url(p3), **HTMX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert "我们车间要学这一段。" in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"]
    page = client.get(notes_url(p3)).content.decode()
    assert "<html" in page and "第 3 段的笔记" in page and "我们车间要学这一段。" in page
    opened = client.get(p3.speech.get_absolute_url(), {"notes": "3"}).content.decode()
    assert "我们车间要学这一段。" in opened


def test_note_bodies_keep_line_breaks_link_urls_and_escape_everything_else(client, group, alice, p3):
    make_note(alice, group, p3, "第一行\n第二行 https://example.com/a?b=1 <script>alert(1)</script>")
    client.force_login(alice)
    html = client.get(notes_url(p3), **HTMX).content.decode()
    assert "第一行<br>第二行" in html
    assert '<a href="https://example.com/a?b=1" rel="nofollow">https://example.com/a?b=1</a>' in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_visitors_see_no_notes_and_a_prompt_to_sign_in(client, group, alice, p3):
    make_note(alice, group, p3, "秘密的讨论")
    html = client.get(p3.speech.get_absolute_url(), {"notes": "3"}).content.decode()
    assert "秘密的讨论" not in html and "note-count" not in html
    assert "后可以在每一段下面写笔记" in html
    panel = client.get(notes_url(p3), **HTMX).content.decode()
    assert "秘密的讨论" not in panel and "登录" in panel


def test_outsiders_never_see_a_groups_notes(client, group, alice, charlie, p3):
    from annotations.groups import create_group

    create_group(charlie, "别的小组")
    note = make_note(alice, group, p3, "只给小组看")
    client.force_login(charlie)
    for response in [
        client.get(p3.speech.get_absolute_url(), {"notes": "3"}),
        client.get(notes_url(p3)),
        client.get(notes_url(p3), **HTMX),
    ]:
        assert "只给小组看" not in response.content.decode()
    assert client.get(note.get_absolute_url()).status_code == 404


def test_private_notes_are_visible_to_their_author_alone(client, group, alice, bob, p3):
    make_note(bob, group, p3, "我自己的想法", visibility="private")
    client.force_login(alice)
    assert "我自己的想法" not in client.get(notes_url(p3)).content.decode()
    assert (
        '<span id="note-count-p3" class="note-count">0</span>'
        in client.get(p3.speech.get_absolute_url()).content.decode()
    )
    client.force_login(bob)
    assert "我自己的想法" in client.get(notes_url(p3)).content.decode()


def test_a_members_notes_follow_their_current_group(client, group, alice, p3):
    from annotations.groups import create_group

    make_note(alice, group, p3, "工会小组的笔记")
    create_group(alice, "党支部")  # now current
    client.force_login(alice)
    assert "工会小组的笔记" not in client.get(notes_url(p3)).content.decode()


# ---------------------------------------------------------------- adding


def test_adding_a_note_with_htmx_returns_the_panel_and_updates_the_counts(client, group, bob, p3):
    client.force_login(bob)
    response = client.post(notes_url(p3), {"body": "  要做职工的娘家人  "}, **HTMX)
    assert response.status_code == 200
    note = Note.objects.get()
    assert (note.author, note.group, note.paragraph, note.body, note.visibility) == (
        bob,
        group,
        p3,
        "要做职工的娘家人",
        "group",
    )
    html = response.content.decode()
    assert f'id="{note.anchor}"' in html
    assert '<span id="note-count-p3" class="note-count" hx-swap-oob="true">1</span>' in html
    assert '<span id="notes-total" hx-swap-oob="true">1</span>' in html


def test_adding_without_javascript_redirects_back_to_the_note(client, group, bob, p3):
    client.force_login(bob)
    response = client.post(notes_url(p3), {"body": "纸上谈兵不行"})
    note = Note.objects.get()
    assert response["Location"] == f"{p3.speech.get_absolute_url()}?notes=3#{note.anchor}"


def test_a_private_note(client, group, bob, p3):
    client.force_login(bob)
    client.post(notes_url(p3), {"body": "备忘", "visibility": "private"})
    assert Note.objects.get().visibility == "private"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"body": ""}, "笔记不能为空。"),
        ({"body": "   \n "}, "笔记不能为空。"),
        ({"body": "长" * 5001}, "笔记最多 5000 字（现在 5001 字）。"),
        ({"body": "好", "visibility": "public"}, "选择一个有效的选项"),
        ({"body": "好", "group": "not-my-group"}, "你不在这个小组里。"),
        ({"body": "好", "parent": "999999"}, "要回复的笔记不存在或已被删除。"),
    ],
)
def test_a_rejected_note_shows_its_error_beside_the_form_keeps_the_text_and_changes_nothing(
    client, group, bob, p3, data, error
):
    client.force_login(bob)
    response = client.post(notes_url(p3), data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert error.lower() in html.lower()
    if data["body"].strip() and "\x00" not in data["body"]:
        assert data["body"] in html
    assert not Note.objects.exists()
    # Without JavaScript: the whole page, with the same error.
    page = client.post(notes_url(p3), data)
    assert page.status_code == 422 and "<html" in page.content.decode()
    assert not Note.objects.exists()


def test_a_note_in_another_of_my_groups_by_slug(client, group, alice, p3):
    from annotations.groups import create_group

    other = create_group(alice, "党支部")
    client.force_login(alice)
    client.post(notes_url(p3), {"body": "给工会小组", "group": group.slug})
    assert Note.objects.get().group == group != other


def test_a_member_without_a_group_is_told_to_join_one(client, charlie, p3):
    client.force_login(charlie)
    response = client.post(notes_url(p3), {"body": "想写"}, **HTMX)
    assert response.status_code == 422
    assert not Note.objects.exists()


def test_visitors_posting_are_sent_to_log_in(client, p3):
    response = client.post(notes_url(p3), {"body": "匿名"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert not Note.objects.exists()


def test_an_unknown_paragraph_is_404(client, group, alice, seed_speech):
    client.force_login(alice)
    assert client.get(reverse("annotations:paragraph_notes", args=[seed_speech.slug, 99])).status_code == 404
    assert client.post(reverse("annotations:paragraph_notes", args=["nope", 1]), {"body": "x"}).status_code == 404


def test_posts_need_the_csrf_token(group, bob, p3):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    assert client.post(notes_url(p3), {"body": "没有令牌"}, **HTMX).status_code == 403
    page = client.get(p3.speech.get_absolute_url()).content.decode()
    token = re.search(r'hx-headers=\'\{"x-csrftoken": "([^"]+)"\}\'', page).group(1)
    response = client.post(notes_url(p3), {"body": "有令牌"}, HTTP_X_CSRFTOKEN=token, **HTMX)
    assert response.status_code == 200
    assert list(Note.objects.values_list("body", flat=True)) == ["有令牌"]


# ---------------------------------------------------------------- replies


def test_replies_go_one_level_deep_and_follow_their_note(client, group, alice, bob, p3):
    note = make_note(alice, group, p3, "原笔记")
    client.force_login(bob)
    client.post(notes_url(p3), {"body": "回复一", "parent": note.pk}, **HTMX)
    reply = Note.objects.get(body="回复一")
    assert reply.parent == note and reply.group == group
    client.post(notes_url(p3), {"body": "回复的回复", "parent": reply.pk}, **HTMX)
    assert Note.objects.get(body="回复的回复").parent == note, "attached to the top-level note"
    html = client.get(notes_url(p3), **HTMX).content.decode()
    assert html.index("原笔记") < html.index("回复一") < html.index("回复的回复")
    assert 'class="note note--reply"' in html


def test_a_reply_to_a_note_on_another_paragraph_is_refused(client, group, alice, bob, p3):
    elsewhere = make_note(alice, group, p3.speech.paragraphs.get(number=1))
    client.force_login(bob)
    assert client.post(notes_url(p3), {"body": "错位", "parent": elsewhere.pk}, **HTMX).status_code == 422
    assert Note.objects.count() == 1


# ---------------------------------------------------------------- editing


def test_the_author_edits_in_place(client, group, bob, p3):
    note = make_note(bob, group, p3, "初稿")
    client.force_login(bob)
    response = client.post(reverse("annotations:note_edit", args=[note.pk]), {"body": "定稿"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<li class="note" id="{note.anchor}"')
    assert "定稿" in html and "已修改" in html
    note.refresh_from_db()
    assert note.body == "定稿" and note.edited_at is not None


def test_editing_without_javascript(client, group, bob, p3):
    note = make_note(bob, group, p3, "初稿")
    client.force_login(bob)
    page = client.get(reverse("annotations:note_edit", args=[note.pk]))
    assert page.status_code == 200 and "初稿" in page.content.decode()
    response = client.post(reverse("annotations:note_edit", args=[note.pk]), {"body": "定稿"})
    assert response["Location"] == f"{p3.speech.get_absolute_url()}?notes=3#{note.anchor}"


def test_an_invalid_edit_keeps_the_text_and_the_note(client, group, bob, p3):
    note = make_note(bob, group, p3, "初稿")
    client.force_login(bob)
    response = client.post(reverse("annotations:note_edit", args=[note.pk]), {"body": "长" * 5001}, **HTMX)
    assert response.status_code == 422
    assert "长" * 5001 in response.content.decode() and "笔记最多 5000 字" in response.content.decode()
    note.refresh_from_db()
    assert note.body == "初稿" and note.edited_at is None


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_only_the_author_edits_even_the_organiser_cannot(client, group, bob, p3, who, request):
    note = make_note(bob, group, p3, "bob 的笔记")
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("annotations:note_edit", args=[note.pk])).status_code == 404
    assert client.post(reverse("annotations:note_edit", args=[note.pk]), {"body": "改掉"}, **HTMX).status_code == 404
    note.refresh_from_db()
    assert note.body == "bob 的笔记"


def test_visitors_cannot_edit(client, group, bob, p3):
    note = make_note(bob, group, p3, "bob 的笔记")
    response = client.post(reverse("annotations:note_edit", args=[note.pk]), {"body": "改掉"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.body == "bob 的笔记"


# ---------------------------------------------------------------- deleting


def test_the_author_deletes_and_the_counts_follow(client, group, bob, p3):
    note = make_note(bob, group, p3)
    make_note(bob, group, p3, "另一条")
    client.force_login(bob)
    response = client.post(reverse("annotations:note_delete", args=[note.pk]), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span id="note-count-p3" class="note-count" hx-swap-oob="true">1</span>' in html
    assert '<span id="notes-count-in-p3" class="notes__count" hx-swap-oob="true">1</span>' in html
    assert "notes__empty" not in html  # one note is left in the list
    assert not Note.objects.filter(pk=note.pk).exists()


def test_deleting_the_last_note_says_the_paragraph_has_none(client, group, bob, p3):
    note = make_note(bob, group, p3)
    client.force_login(bob)
    response = client.post(reverse("annotations:note_delete", args=[note.pk]), **HTMX)
    html = response.content.decode()
    assert '<span id="note-count-p3" class="note-count" hx-swap-oob="true">0</span>' in html
    # It replaces the emptied list, so the open panel reads as it does after a reload.
    assert '<p class="notes__empty" id="notes-list-p3" hx-swap-oob="true">这一段还没有笔记。</p>' in html


def test_the_organiser_deletes_any_group_note(client, group, alice, bob, p3):
    note = make_note(bob, group, p3)
    client.force_login(alice)
    response = client.post(reverse("annotations:note_delete", args=[note.pk]))
    assert response["Location"] == f"{p3.speech.get_absolute_url()}?notes=3#p3"
    assert not Note.objects.exists()


def test_deleting_a_note_deletes_its_replies(client, group, alice, bob, p3):
    note = make_note(alice, group, p3)
    make_note(bob, group, p3, "回复", parent=note)
    client.force_login(alice)
    client.post(reverse("annotations:note_delete", args=[note.pk]), **HTMX)
    assert not Note.objects.exists()


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_others_cannot_delete(client, group, alice, p3, who, request):
    note = make_note(alice, group, p3)
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("annotations:note_delete", args=[note.pk]), **HTMX).status_code == 404
    assert Note.objects.filter(pk=note.pk).exists()


def test_an_organiser_cannot_delete_a_members_private_note(client, group, alice, bob, p3):
    note = make_note(bob, group, p3, visibility="private")
    client.force_login(alice)
    assert client.post(reverse("annotations:note_delete", args=[note.pk])).status_code == 404
    assert Note.objects.filter(pk=note.pk).exists()


# ---------------------------------------------------------------- notes survive re-imports


# ---------------------------------------------------------------- sent twice, stored once


def test_the_same_form_sent_twice_stores_one_note(client, group, bob, p3):
    client.force_login(bob)
    form = client.get(notes_url(p3)).content.decode()
    token = re.search(r'name="submission" value="([^"]+)"', form).group(1)
    first = client.post(notes_url(p3), {"body": "一次就够", "submission": token})
    second = client.post(notes_url(p3), {"body": "一次就够", "submission": token})
    note = Note.objects.get()
    assert first["Location"] == second["Location"] == f"{p3.speech.get_absolute_url()}?notes=3#{note.anchor}"
    # A new form brings a new token: writing the same words again is a second note.
    fresh = re.search(r'name="submission" value="([^"]+)"', client.get(notes_url(p3)).content.decode()).group(1)
    assert fresh != token
    client.post(notes_url(p3), {"body": "一次就够", "submission": fresh})
    assert Note.objects.count() == 2


# ---------------------------------------------------------------- one's own notes, everywhere


def test_my_notes_lists_my_notes_in_every_group_even_one_i_left(client, group, alice, bob, p3):
    from annotations.groups import remove_member

    private = make_note(bob, group, p3, "只给自己看的", visibility="private")
    make_note(alice, group, p3, "alice 的笔记")
    remove_member(group, group.memberships.get(user=bob))
    client.force_login(bob)

    page = client.get(reverse("annotations:my_notes"))
    html = page.content.decode()
    assert "只给自己看的" in html and "alice 的笔记" not in html
    assert "你已离开这个小组" in html
    assert "private" in page["Cache-Control"]
    csv_text = client.get(reverse("annotations:my_notes_csv")).content.decode("utf-8-sig")
    assert "只给自己看的" in csv_text and "private" in csv_text

    response = client.post(
        reverse("annotations:note_delete", args=[private.pk]), {"next": reverse("annotations:my_notes")}
    )
    assert response["Location"] == reverse("annotations:my_notes")
    assert not Note.objects.filter(pk=private.pk).exists()


def test_pages_with_private_notes_and_the_exports_are_not_kept_by_shared_caches(client, group, bob, p3):
    make_note(bob, group, p3, "只给自己看的", visibility="private")
    client.force_login(bob)
    for url in [
        p3.speech.get_absolute_url(),
        notes_url(p3),
        reverse("annotations:notebook", args=[group.slug]),
        reverse("annotations:notebook_markdown", args=[group.slug]),
        reverse("annotations:notebook_csv", args=[group.slug]),
        reverse("annotations:notebook_jsonld", args=[group.slug]),
    ]:
        assert "private" in client.get(url)["Cache-Control"], url


def test_the_printed_handout_follows_new_edited_and_deleted_notes(client, group, alice, bob, p3):
    """The handout is drawn once per state of the group's notes and kept: a change is seen at once."""
    first = make_note(alice, group, p3, "第一条")
    client.force_login(bob)

    def handout():
        html = client.get(p3.speech.get_absolute_url()).content.decode()
        return "".join(re.findall(r'<ol class="print-only print-notes[^"]*">(.*?)</ol>', html, re.S))

    assert "第一条" in handout()
    make_note(bob, group, p3, "第二条")
    assert "第二条" in handout()
    client.force_login(alice)
    client.post(reverse("annotations:note_edit", args=[first.pk]), {"body": "改过的第一条"})
    assert "改过的第一条" in handout()
    client.post(reverse("annotations:note_delete", args=[first.pk]))
    assert "改过的第一条" not in handout() and "第二条" in handout()
