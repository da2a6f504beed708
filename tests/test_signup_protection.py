"""Sign-up cannot be used to impersonate a member (look-alike names) or to flood the site."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from core.models import ThrottleHit

pytestmark = pytest.mark.django_db


def sign_up(client, username, address="203.0.113.7"):
    return client.post(
        reverse("accounts:signup"),
        {"username": username, "password1": "wide river 2024!", "password2": "wide river 2024!"},
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize(
    "username",
    [
        "\u0430lice",  # Cyrillic а, then Latin: mixed scripts
        "\u0430\u04cf\u0456\u0441\u0435",  # all Cyrillic, and looks like alice
        "Alice",  # the same name in another case
    ],
)
def test_a_name_that_passes_for_an_existing_one_is_refused(client, alice, username):
    response = sign_up(client, username)
    assert response.status_code == 422
    assert not client.session.get("_auth_user_id")
    assert "用户名" in response.content.decode()


@pytest.mark.parametrize("username", ["wang小明", "小明さん", "ivan_01", "иван"])
def test_names_in_one_script_or_latin_with_chinese_are_welcome(client, alice, username):
    assert sign_up(client, username).status_code == 302


def test_sign_ups_from_one_address_are_throttled(client, settings):
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 3
    for n in range(3):
        assert sign_up(client, f"member{n}").status_code == 302
        client.logout()
    refused = sign_up(client, "member3")
    assert refused.status_code == 429
    assert "注册" in refused.content.decode() and 'class="site-header"' in refused.content.decode()
    assert not User.objects.filter(username="member3").exists()
    # Another address is not held back.
    assert sign_up(client, "member4", address="198.51.100.9").status_code == 302
    assert ThrottleHit.objects.filter(scope="signup").count() == 4
