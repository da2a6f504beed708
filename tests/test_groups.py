"""Study groups: creating, the invite link, joining, the organiser's powers, the current group."""

import pytest
from django.urls import reverse

from annotations.groups import current_membership_of
from annotations.models import Membership, StudyGroup

pytestmark = pytest.mark.django_db


def test_creating_a_group_makes_you_its_organiser(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("annotations:group_create"), {"name": "一车间 学习小组 Team 1", "description": "每周三"}
    )
    group = StudyGroup.objects.get()
    assert response["Location"] == group.get_absolute_url()
    assert group.slug.isascii() and group.slug.startswith("team-1-")
    assert Membership.objects.get(group=group, user=alice).is_organiser


def test_a_chinese_name_still_gets_an_ascii_slug(client, alice):
    client.force_login(alice)
    client.post(reverse("annotations:group_create"), {"name": "工会小组"})
    assert StudyGroup.objects.get().slug.startswith("group-")


def test_a_blank_name_is_refused(client, alice):
    client.force_login(alice)
    response = client.post(reverse("annotations:group_create"), {"name": "   "})
    assert response.status_code == 422
    assert not StudyGroup.objects.exists()


def test_creating_needs_an_account(client):
    response = client.get(reverse("annotations:group_create"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_members_see_the_group_with_its_members_and_invite_link(client, group, bob):
    client.force_login(bob)
    html = client.get(group.get_absolute_url()).content.decode()
    assert "alice" in html and "bob" in html and "组织者" in html
    assert f"/groups/join/{group.invite_token}/" in html
    assert "移出小组" not in html, "only the organiser manages members"


def test_outsiders_get_404_for_the_group_and_its_notebook(client, group, charlie):
    client.force_login(charlie)
    for url in [
        group.get_absolute_url(),
        reverse("annotations:notebook", args=[group.slug]),
        reverse("annotations:notebook_markdown", args=[group.slug]),
        reverse("annotations:notebook_csv", args=[group.slug]),
        reverse("annotations:notebook_jsonld", args=[group.slug]),
    ]:
        assert client.get(url).status_code == 404, url


def test_visitors_are_sent_to_log_in(client, group):
    response = client.get(group.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_opening_the_invite_link_shows_the_group_and_joins_nothing(client, group, charlie):
    client.force_login(charlie)
    response = client.get(group.get_invite_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "工会小组" in html and "加入小组" in html and 'method="post"' in html
    assert not group.memberships.filter(user=charlie).exists()


def test_the_join_button_joins_once_and_makes_a_first_group_current(client, group, charlie):
    client.force_login(charlie)
    response = client.post(group.get_invite_url())
    assert response["Location"] == group.get_absolute_url()
    assert Membership.objects.filter(group=group, user=charlie, role="member").exists()
    assert current_membership_of(charlie).group == group
    client.post(group.get_invite_url())  # again: nothing more happens
    assert Membership.objects.filter(group=group, user=charlie).count() == 1


def test_joining_a_second_group_keeps_the_current_one_and_says_so(client, group, charlie):
    from annotations.groups import create_group

    own = create_group(charlie, "读书会")
    client.force_login(charlie)
    page = client.get(group.get_invite_url()).content.decode()
    assert "读书会" in page and 'name="make_current"' in page and "checked" not in page
    response = client.post(group.get_invite_url(), follow=True)
    assert group.memberships.filter(user=charlie).exists()
    assert current_membership_of(charlie).group == own
    assert "读书会" in response.content.decode()  # the message names the group still in use


def test_ticking_the_box_makes_the_joined_group_current(client, group, alice, charlie):
    from annotations.groups import create_group

    create_group(charlie, "读书会")
    third = create_group(alice, "第三个小组")
    client.force_login(charlie)
    client.post(third.get_invite_url(), {"make_current": "on"})
    assert current_membership_of(charlie).group == third


def test_a_visitors_post_to_the_invite_link_leads_to_log_in(client, group):
    response = client.post(group.get_invite_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert group.memberships.count() == 2


def test_the_invite_link_leads_a_visitor_through_sign_up_and_then_to_join(client, group):
    welcome = client.get(group.get_invite_url())
    assert welcome.status_code == 200
    html = welcome.content.decode()
    assert "工会小组" in html and "注册并加入" in html
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "dora",
            "password1": "wide river 2024!",
            "password2": "wide river 2024!",
            "next": group.get_invite_url(),
        },
    )
    assert response["Location"] == group.get_invite_url()
    client.post(response["Location"])
    assert group.memberships.filter(user__username="dora").exists()


def test_regenerating_the_invite_revokes_the_old_link(client, group, alice, charlie):
    old_url = group.get_invite_url()
    client.force_login(alice)
    client.post(reverse("annotations:group_regenerate_invite", args=[group.slug]))
    group.refresh_from_db()
    assert group.get_invite_url() != old_url
    client.force_login(charlie)
    response = client.get(old_url)
    assert response.status_code == 404
    assert "邀请链接已失效" in response.content.decode()
    assert not group.memberships.filter(user=charlie).exists()


def test_only_the_organiser_regenerates_or_manages_members(client, group, alice, bob):
    client.force_login(bob)
    token = group.invite_token
    assert client.post(reverse("annotations:group_regenerate_invite", args=[group.slug])).status_code == 404
    assert client.post(reverse("annotations:member_remove", args=[group.slug, alice.pk])).status_code == 404
    assert client.post(reverse("annotations:member_make_organiser", args=[group.slug, bob.pk])).status_code == 404
    group.refresh_from_db()
    assert group.invite_token == token
    assert group.memberships.get(user=alice).is_organiser and not group.memberships.get(user=bob).is_organiser


def test_the_organiser_removes_a_member(client, group, alice, bob):
    client.force_login(alice)
    client.post(reverse("annotations:member_remove", args=[group.slug, bob.pk]))
    assert not group.memberships.filter(user=bob).exists()
    client.force_login(bob)
    assert client.get(group.get_absolute_url()).status_code == 404


def test_the_organiser_cannot_remove_themselves(client, group, alice):
    client.force_login(alice)
    response = client.post(reverse("annotations:member_remove", args=[group.slug, alice.pk]), follow=True)
    assert "组织者不能被移出小组" in response.content.decode()
    assert group.memberships.filter(user=alice).exists()


def test_handing_on_the_organiser_role(client, group, alice, bob):
    client.force_login(alice)
    client.post(reverse("annotations:member_make_organiser", args=[group.slug, bob.pk]))
    assert group.memberships.get(user=bob).is_organiser
    assert not group.memberships.get(user=alice).is_organiser


def test_the_chosen_group_is_remembered(client, group, alice, seed_speech):
    from annotations.groups import create_group

    other = create_group(alice, "党支部")  # alice's newest group is now current
    client.force_login(alice)
    assert "党支部</a>”在本篇" in client.get(seed_speech.get_absolute_url()).content.decode()
    response = client.post(
        reverse("annotations:group_select"), {"group": group.slug, "next": seed_speech.get_absolute_url()}
    )
    assert response["Location"] == seed_speech.get_absolute_url()
    client.logout()
    client.force_login(alice)  # a new session: the choice is kept on the membership
    assert "工会小组</a>”在本篇" in client.get(seed_speech.get_absolute_url()).content.decode()
    assert other.slug in client.get(seed_speech.get_absolute_url()).content.decode()  # the switcher lists both


def test_selecting_a_group_you_are_not_in_is_404(client, group, charlie):
    client.force_login(charlie)
    assert client.post(reverse("annotations:group_select"), {"group": group.slug}).status_code == 404
