"""What the third attack test got through (issue 23), each as a test: a removed member's way back, the company of
a phrase computed per request, the invite link in a shared cache, control characters and direction overrides, look-
alike names of another length, `?next=` looked up as a URL name, and notes without a limit. (The bombs and the long
paste are in test_parsing_budgets.py, the faults in test_faults.py, Cache-Control on every page in
test_cache_control.py.)"""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from annotations.models import Note, StudyGroup
from tests.factories import make_note

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


# ---------------------------------------------------------------- 1: removed means removed


def test_a_removed_member_cannot_walk_back_in_with_the_old_link_and_the_organiser_is_told(client, group, alice, bob):
    old_link = group.get_invite_url()
    client.force_login(alice)
    response = client.post(reverse("annotations:member_remove", args=[group.slug, bob.pk]), follow=True)
    assert "邀请链接已经换新" in response.content.decode()
    group.refresh_from_db()
    assert group.get_invite_url() != old_link
    client.force_login(bob)
    assert client.get(old_link).status_code == 404
    assert client.post(old_link, {"make_current": "on"}).status_code == 404
    assert not group.memberships.filter(user=bob).exists()


def test_a_removed_members_private_notes_stay_theirs(client, group, alice, bob, seed_speech):
    paragraph = seed_speech.paragraphs.get(number=2)
    make_note(bob, group, paragraph, "只给自己看的笔记", visibility=Note.Visibility.PRIVATE)
    client.force_login(alice)
    client.post(reverse("annotations:member_remove", args=[group.slug, bob.pk]))
    client.force_login(bob)
    assert "只给自己看的笔记" in client.get(reverse("annotations:my_notes")).content.decode()


# ---------------------------------------------------------------- 3: the company of a phrase


@pytest.fixture
def queued_tasks(settings):
    """Tasks queued, not run (as on a server, where `manage.py db_worker` runs them)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    from django_tasks import default_task_backend

    yield default_task_backend
    default_task_backend.clear()


def test_a_visitor_asking_for_a_phrases_company_starts_a_task_and_computes_nothing(
    client, seed_speech, queued_tasks, monkeypatch
):
    from phrases import collocations
    from phrases.tasks import compute_company

    computed = []
    real = collocations.companions
    monkeypatch.setattr(collocations, "companions", lambda *args: computed.append(args) or real(*args))
    url = reverse("phrases:phrase_company", args=["工会"])
    first = client.get(url, **HTMX)
    assert first.status_code == 200 and "正在计算" in first.content.decode()
    assert 'hx-trigger="load delay:3s"' in first.content.decode()
    assert client.get(url, **HTMX).status_code == 200
    assert not computed  # no request computed anything
    assert len(queued_tasks.results) == 1  # and one task was queued for the two requests
    # The worker runs it; then the fragment reads it from the cache.
    result = queued_tasks.results[0]
    compute_company.call(*result.args)
    ready = client.get(url, **HTMX).content.decode()
    assert "正在计算" not in ready and 'class="company__list"' in ready


def test_the_company_is_kept_per_library_revision_in_djangos_cache(client, seed_speech, queued_tasks):
    from phrases import collocations
    from speeches import revision

    collocations.store("工会", revision.current(), [collocations.Companion("职工", 5, 2, 12.5)])
    assert "职工" in client.get(reverse("phrases:phrase_company", args=["工会"]), **HTMX).content.decode()
    # A change to the library makes another revision: computed again, not served stale.
    revision.bump()
    assert "正在计算" in client.get(reverse("phrases:phrase_company", args=["工会"]), **HTMX).content.decode()
    # No per-process list that empties itself: 70 phrases later the first is still there.
    for n in range(70):
        collocations.store(f"提法{n}", revision.current(), [])
    assert collocations.cached("提法0", revision.current()) == []


def test_visitors_starting_many_computations_are_throttled_per_address(client, seed_speech, queued_tasks, settings):
    settings.COSTLY_REQUESTS_PER_MINUTE = 3
    for phrase in ["工会", "职工", "劳动"]:
        assert client.get(reverse("phrases:phrase_company", args=[phrase]), **HTMX).status_code == 200
    refused = client.get(reverse("phrases:phrase_company", args=["群众"]), **HTMX)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "请在" in refused.content.decode() and "秒后再试" in refused.content.decode()
    assert len(queued_tasks.results) == 3
    # Another address is not held back.
    other = client.get(reverse("phrases:phrase_company", args=["群众"]), REMOTE_ADDR="198.51.100.9", **HTMX)
    assert other.status_code == 200


# ---------------------------------------------------------------- 4: the invite link is kept by no cache


def test_the_group_page_with_the_invite_link_is_not_stored(client, group, bob):
    client.force_login(bob)
    response = client.get(group.get_absolute_url())
    assert group.invite_token in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


# ---------------------------------------------------------------- 6: text cleaned at one door

CONTROL = "\x1b[31m"
RLO = "\u202e"


def test_pasted_text_loses_control_characters_and_direction_overrides_in_the_title(client, editor):
    client.force_login(editor)
    text = f"---\ntitle: 坏{CONTROL}标题{RLO}txt.exe\nspeaker: 张{RLO}三\n---\n同志们：{CONTROL}今天我们{RLO}开会。\n"
    response = client.post(reverse("speeches:speech_new"), {"text": text})
    html = response.content.decode()
    assert response.status_code == 200 and 'name="title"' in html
    assert "\x1b" not in html and RLO not in html
    assert 'value="坏[31m标题txt.exe"' in html


def test_a_tampered_preview_cannot_bring_them_back(client, editor):
    from speeches.models import Speech

    client.force_login(editor)
    data = {
        "title": f"标题{RLO}gpj.exe",
        "speaker": f"李{CONTROL}四",
        "source_note": f"来源{RLO}",
        "slug": "tampered",
        "block": [f"第一段{RLO}。", f"第二段{CONTROL}。"],
        "layout": "p,p",
        "publish": "1",
    }
    client.post(reverse("speeches:speech_new_preview"), data)
    speech = Speech.objects.get(slug="tampered")
    assert speech.title == "标题gpj.exe" and speech.speaker == "李[31m四" and speech.source_note == "来源"
    assert [p.text for p in speech.paragraphs.order_by("number")] == ["第一段。", "第二段[31m。"]


def test_notes_and_group_names_are_cleaned_at_the_same_door(client, group, bob, seed_speech):
    client.force_login(bob)
    paragraph = seed_speech.paragraphs.get(number=3)
    client.post(
        reverse("annotations:paragraph_notes", args=[seed_speech.slug, 3]),
        {"body": f"第一行{CONTROL}\r\n第二行{RLO}\t缩进"},
    )
    assert Note.objects.get(paragraph=paragraph).body == "第一行[31m\n第二行\t缩进"
    client.post(reverse("annotations:group_create"), {"name": f"读书{RLO}会\x00", "description": f"简介{CONTROL}"})
    created = StudyGroup.objects.exclude(pk=group.pk).get()
    assert (created.name, created.description) == ("读书会", "简介[31m")


def test_a_username_with_a_direction_override_or_control_character_is_refused(client):
    for username in [f"eve{RLO}", f"eve{CONTROL}"]:
        response = client.post(
            reverse("accounts:signup"),
            {"username": username, "password1": "wide river 2024!", "password2": "wide river 2024!"},
        )
        assert response.status_code == 422
        assert "用户名里不能有控制字符或文字方向符号" in response.content.decode()
    assert not User.objects.exists()


def test_the_one_door_keeps_newlines_and_tabs_in_text_and_makes_one_line_of_a_name():
    from speeches.text_input import clean_text

    assert (
        clean_text("a\r\nb\rc\fd\te\x00\x7f\x9b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        == "a\nb\nc\nd\te"
    )
    assert clean_text("标题\n第二行\t", multiline=False) == "标题 第二行 "


# ---------------------------------------------------------------- 7: look-alike names of another length


def sign_up(client, username):
    return client.post(
        reverse("accounts:signup"),
        {"username": username, "password1": "wide river 2024!", "password2": "wide river 2024!"},
    )


@pytest.mark.parametrize(
    ("taken", "look_alike"),
    [("mallory", "rnallory"), ("rnallory", "mallory"), ("larry", "Iarry"), ("b0b", "bOb"), ("bob", "b0b")],
)
def test_a_name_whose_skeleton_is_taken_is_refused_whatever_its_length(client, django_user_model, taken, look_alike):
    django_user_model.objects.create_user(taken, password="x")
    response = sign_up(client, look_alike)
    assert response.status_code == 422
    assert "这个用户名和已有的用户名太像了" in response.content.decode()


def test_names_that_only_share_letters_are_welcome(client, django_user_model):
    django_user_model.objects.create_user("mallory", password="x")
    assert sign_up(client, "malloryn").status_code == 302


# ---------------------------------------------------------------- 8: next is a place, never a URL name


@pytest.mark.parametrize(
    "target", ["foo", "speech_list", "reading:speech_list", "javascript:alert(1)", "//evil.example/"]
)
def test_a_next_that_is_not_a_path_on_this_site_falls_back_to_the_home_page(client, alice, target):
    assert client.get(reverse("accounts:signup"), {"next": target}).status_code == 200  # a visitor: the form
    client.force_login(alice)
    response = client.get(reverse("accounts:signup"), {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"
    client.logout()
    login = client.post(
        reverse("accounts:login") + f"?next={target}",
        {"username": "alice", "password": "correct horse battery staple"},
    )
    assert login.status_code == 302 and login["Location"] == "/"
    logout = client.post(reverse("accounts:logout"), {"next": target})
    assert logout.status_code == 302 and logout["Location"] == "/"
    language = client.post(reverse("set_language"), {"language": "en", "next": target})
    assert language.status_code == 302 and language["Location"] == "/"


def test_a_next_on_this_site_is_followed(client, alice, group):
    client.force_login(alice)
    response = client.post(reverse("annotations:group_select"), {"group": group.slug, "next": "/search/?q=工会"})
    assert response["Location"] == "/search/?q=%E5%B7%A5%E4%BC%9A"


# ---------------------------------------------------------------- 9: notes have a limit, the panel a page


def test_a_member_writing_too_fast_gets_429_with_the_text_kept(client, group, bob, seed_speech, settings):
    settings.NOTES_PER_MINUTE = 3
    client.force_login(bob)
    url = reverse("annotations:paragraph_notes", args=[seed_speech.slug, 3])
    for n in range(3):
        assert client.post(url, {"body": f"第{n}条"}).status_code == 302
    refused = client.post(url, {"body": "第四条，写得太快了"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    html = refused.content.decode()
    assert "你在短时间内写了很多笔记" in html and "第四条，写得太快了</textarea>" in html
    assert Note.objects.count() == 3
    # With htmx the panel comes back the same way.
    assert client.post(url, {"body": "再试一次"}, **HTMX).status_code == 429


def test_edits_count_as_writing_too(client, group, bob, seed_speech, settings):
    settings.NOTES_PER_MINUTE = 1
    note = make_note(bob, group, seed_speech.paragraphs.get(number=3), "原来的")
    client.force_login(bob)
    assert client.post(reverse("annotations:note_edit", args=[note.pk]), {"body": "改一次"}).status_code == 302
    refused = client.post(reverse("annotations:note_edit", args=[note.pk]), {"body": "再改一次"})
    assert refused.status_code == 429 and "再改一次" in refused.content.decode()


def test_the_notes_panel_shows_the_newest_fifty_then_more(client, group, alice, bob, seed_speech):
    paragraph = seed_speech.paragraphs.get(number=3)
    notes = [make_note(bob, group, paragraph, f"笔记编号{n:02d}号") for n in range(60)]
    client.force_login(alice)
    url = reverse("annotations:paragraph_notes", args=[seed_speech.slug, 3])
    first = client.get(url, **HTMX).content.decode()
    assert first.count('class="note"') == 50
    assert "笔记编号59号" in first and "笔记编号10号" in first and "笔记编号09号" not in first
    assert "更多（共 60 条笔记）" in first
    assert first.index("笔记编号10号") < first.index("笔记编号59号")  # in the order they were written
    older = client.get(url, {"notes_page": 2}, **HTMX).content.decode()
    assert older.count('class="note"') == 10 and "笔记编号00号" in older and "较新的笔记" in older
    # Without JavaScript, the same pages through the speech page (its printed handout aside).
    page = client.get(seed_speech.get_absolute_url(), {"notes": 3, "notes_page": 2}).content.decode()
    assert f'id="{notes[0].anchor}"' in page and f'id="{notes[59].anchor}"' not in page


def test_concordance_exports_count_as_costly_requests_too(client, seed_speech, settings):
    """Every line of a frequent phrase as CSV costs a few hundred ms each time: throttled per address."""
    settings.COSTLY_REQUESTS_PER_MINUTE = 2
    url = reverse("phrases:phrase_csv", args=["工会"])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "秒后再试" in refused.content.decode()


def test_asking_again_while_the_company_is_computed_is_not_throttled(client, seed_speech, queued_tasks, settings):
    """The fragment asks again every 3 s until the words are there: only the request that started it counted."""
    settings.COSTLY_REQUESTS_PER_MINUTE = 1
    url = reverse("phrases:phrase_company", args=["工会"])
    for _ in range(5):
        response = client.get(url, **HTMX)
        assert response.status_code == 200 and "正在计算" in response.content.decode()
    assert len(queued_tasks.results) == 1
