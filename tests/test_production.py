"""Production readiness: security headers and CSP, check --deploy, error pages, /healthz, static files."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from speeches import search

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_pages_carry_a_strict_content_security_policy_and_the_nonce_on_htmx(client, seed_speech):
    response = client.get(seed_speech.get_absolute_url())
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy).group(1)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "htmx is served"
    assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers (the CSP would block them)"
    assert client.get(seed_speech.get_absolute_url())["Content-Security-Policy"] != policy, "a fresh nonce each time"


def test_security_headers(client, seed_speech):
    response = client.get(seed_speech.get_absolute_url())
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def deploy_env(**extra):
    return {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "jingdu.example.org",
        "STATIC_MANIFEST": "1",
        **extra,
    }


def test_check_deploy_is_clean_with_the_documented_https_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=deploy_env(DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_with_https_plain_http_is_redirected_but_healthz_answers(tmp_path):
    code = (
        "from django.test import Client; c = Client(HTTP_HOST='jingdu.example.org');"
        "print(c.get('/').status_code, c.get('/').get('Location'), c.get('/healthz').status_code)"
    )
    env = deploy_env(DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    # No X-Forwarded-Proto, as a health checker sends; the index is missing here, so /healthz says 503.
    assert out.stdout.split() == ["301", "https://jingdu.example.org/", "503"], out.stderr


def test_settings_refuse_to_start_without_a_secret_key_in_production(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "0", "DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("key", ["x", "k" * 49 + "!", "ab" * 40, "django-insecure-" + secrets.token_urlsafe(50)])
def test_settings_refuse_to_start_with_a_weak_secret_key_in_production(tmp_path, key):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "0", "SECRET_KEY": key, "DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert f"SECRET_KEY is too weak for production ({len(key)} characters)" in result.stderr


def test_a_short_secret_key_is_fine_for_development(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "SECRET_KEY": "x", "DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_malformed_settings_fail_loudly(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "maybe", "DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "DEBUG must be a boolean" in result.stderr


def test_the_embedded_sqlite_database_syncs_every_commit(tmp_path):
    code = (
        "from django.db import connection; cursor = connection.cursor();"
        "print(*(cursor.execute(f'PRAGMA {name}').fetchone()[0] for name in ('journal_mode', 'synchronous')))"
    )
    env = deploy_env(DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.stdout.split() == ["wal", "2"], out.stderr  # 2 is FULL: a commit is on disk when acknowledged


# ---------------------------------------------------------------- error pages in the site's look


def test_404_page(client):
    response = client.get("/speeches/no-such-speech/")
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode() and 'class="site-header"' in response.content.decode()


def test_csrf_failure_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "请刷新页面再试" in html and 'class="site-header"' in html


def test_403_and_500_pages():
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.views import defaults

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    forbidden = defaults.permission_denied(request, PermissionDenied())
    assert forbidden.status_code == 403 and "没有权限" in forbidden.content.decode()
    error = defaults.server_error(request)
    assert error.status_code == 500 and "出错了" in error.content.decode()


# ---------------------------------------------------------------- /healthz


def test_healthz_ok(client, seed_speech):
    search.rebuild_index(processes=1)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_names_a_missing_index(client, no_index):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert "rebuild_index" in response.json()["problems"]["search_index"]


def test_healthz_says_the_database_cannot_be_read_and_keeps_the_drivers_words_to_the_log(
    client, seed_speech, monkeypatch, caplog
):
    search.rebuild_index(processes=1)
    from config import views

    def unreachable():
        raise OperationalError('connection to server at "db.internal" (10.0.0.5), port 5432 failed')

    monkeypatch.setattr(views.revision, "current", unreachable)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["problems"]["database"] == "cannot be read"
    assert "10.0.0.5" not in response.content.decode() and "5432" not in response.content.decode()
    assert "10.0.0.5" in caplog.text


# ---------------------------------------------------------------- static files
