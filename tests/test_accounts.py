"""Sign-up, log-in (throttled by django-axes) and log-out."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signup_creates_the_account_signs_in_and_follows_next(client):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "dora", "password1": "wide river 2024!", "password2": "wide river 2024!", "next": "/search/"},
    )
    assert response.status_code == 302 and response["Location"] == "/search/"
    assert get_user_model().objects.filter(username="dora").exists()
    assert client.get(reverse("reading:speech_list")).context["user"].username == "dora"


def test_signup_rejects_weak_or_mismatched_passwords_and_keeps_the_username(client):
    response = client.post(reverse("accounts:signup"), {"username": "dora", "password1": "123", "password2": "123"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="dora"' in html and "field-error" in html
    response = client.post(
        reverse("accounts:signup"), {"username": "dora", "password1": "wide river 2024!", "password2": "x"}
    )
    assert response.status_code == 422
    assert not get_user_model().objects.filter(username="dora").exists()


def test_signup_ignores_an_offsite_next(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "dora",
            "password1": "wide river 2024!",
            "password2": "wide river 2024!",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("reading:speech_list")


def test_login_and_logout(client, alice):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert client.get(reverse("reading:speech_list")).context["user"] == alice
    client.post(reverse("accounts:logout"))
    assert not client.get(reverse("reading:speech_list")).context["user"].is_authenticated


def test_wrong_password_says_so(client, alice):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()


def test_repeated_failed_logins_are_throttled(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "alice", "password": "guess"})
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "correct horse battery staple"})
    assert response.status_code == 429
    assert "登录尝试太多" in response.content.decode()
    assert not client.get(reverse("reading:speech_list")).context["user"].is_authenticated


def test_reading_and_searching_stay_open_to_visitors(client, seed_speech):
    assert client.get(seed_speech.get_absolute_url()).status_code == 200
    assert client.get(reverse("reading:speech_list")).status_code == 200
    assert client.get(reverse("speeches:search")).status_code == 200
