"""Faults answer 503 and keep what was typed (issue 23, faults 10–13): a database error injected in the middle of a
request, a full disk under DATA_DIR (a small tmpfs, or where mounting is not allowed, a file-size limit), /healthz
and /readyz, and kept PostgreSQL connections checked before use."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory
from django.urls import reverse

from annotations.models import Note

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def p3(seed_speech):
    return seed_speech.paragraphs.get(number=3)


def notes_url(paragraph):
    return reverse("annotations:paragraph_notes", args=[paragraph.speech.slug, paragraph.number])


@pytest.fixture
def database_full(monkeypatch):
    """SQLite's answer on a full disk, raised in the middle of storing a note."""

    def full(*args, **kwargs):
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(Note.objects.__class__, "add", full)


# ---------------------------------------------------------------- 10: 503, Retry-After, the text kept


def test_a_database_error_in_the_middle_of_a_request_answers_503_with_the_note_kept(
    client, group, bob, p3, database_full
):
    client.force_login(bob)
    response = client.post(notes_url(p3), {"body": "断电前写的这条笔记", "submission": "once-only"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "暂时无法使用" in html and "什么都没有保存" in html
    # Without JavaScript the page is a form holding what was sent, to send again.
    assert '<textarea id="unavailable-' in html and "断电前写的这条笔记</textarea>" in html
    assert 'name="submission" value="once-only"' in html
    assert "database or disk is full" not in html
    assert not Note.objects.exists()


def test_with_htmx_the_503_is_a_fragment_for_the_panel(client, group, bob, p3, database_full):
    client.force_login(bob)
    response = client.post(notes_url(p3), {"body": "面板里写的"}, **HTMX)
    assert response.status_code == 503
    html = response.content.decode()
    assert "<html" not in html and "面板里写的</textarea>" in html


def test_a_reading_page_whose_database_went_away_answers_503_in_the_chosen_language(client, seed_speech, monkeypatch):
    from reading import views

    def gone(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(views.notes, "speech_notes", gone)
    client.cookies["django_language"] = "en"
    response = client.get(seed_speech.get_absolute_url())
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Temporarily unavailable" in response.content.decode()


def test_a_database_error_outside_a_view_is_a_503_too():
    """handler500 sees an outage raised by a middleware (saving the session) and answers as the middleware does."""
    from config import views

    request = RequestFactory().post("/speeches/x/p1/notes/", {"body": "中间件里出的错"})
    try:
        raise OperationalError("disk I/O error")
    except OperationalError:
        response = views.server_error(request)
    assert response.status_code == 503 and "中间件里出的错" in response.content.decode()


def test_other_errors_stay_500():
    from config import views

    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = views.server_error(request)
    assert response.status_code == 500


# ---------------------------------------------------------------- 11: a full disk under SQLite


def _full_disk_run(tmp_path: Path) -> dict:
    """tests/full_disk.py with DATA_DIR on a 8 MB tmpfs, or under a file-size limit where mounting is refused."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount_point)]).returncode == 0
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "tests-only-not-secret-but-long-enough-for-production-settings",
        "ALLOWED_HOSTS": "testserver",
        "STATIC_MANIFEST": "0",
        "TASKS_IMMEDIATE": "1",
        "DATA_DIR": str(mount_point),
        "HEALTH_MIN_FREE_MB": "1",
        "FULL_DISK": "fill" if mounted else "rlimit",
    }
    try:
        result = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "full_disk.py")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        if mounted:
            subprocess.run(["umount", str(mount_point)], check=True)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    outcome["mounted"] = mounted
    return outcome


def test_on_a_full_disk_reading_and_search_go_on_and_a_note_gets_503_with_its_text(tmp_path):
    outcome = _full_disk_run(tmp_path)
    assert outcome["warm"] == 200
    assert outcome["reads"] == [200] * 5, outcome
    assert outcome["searches"] == [200] * 5, outcome
    assert outcome["note"] == {"status": 503, "retry_after": "30", "kept": True}, outcome
    assert outcome["readyz"] == 503
    if outcome["mounted"]:  # a real full disk: /healthz sees the space gone
        assert outcome["healthz"]["status"] == 503
        assert outcome["healthz"]["body"]["problems"] == {"disk": "less than 1 MB free under DATA_DIR"}


# ---------------------------------------------------------------- 12: /healthz and /readyz


def test_healthz_is_unhealthy_when_data_dir_is_nearly_full(client, seed_speech, settings, monkeypatch):
    from speeches import search

    search.rebuild_index(processes=1)
    settings.HEALTH_MIN_FREE_MB = 10**9  # more than any disk has
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["problems"] == {"disk": f"less than {10**9} MB free under DATA_DIR"}


def test_healthz_reads_a_table_not_just_select_1(client, seed_speech, monkeypatch):
    """SELECT 1 answers even when the database file cannot be read; /healthz reads the library's revision."""
    from speeches import revision, search

    search.rebuild_index(processes=1)
    calls = []
    real = revision.current
    monkeypatch.setattr(revision, "current", lambda: calls.append(1) or real())
    assert client.get(reverse("healthz")).status_code == 200
    assert calls


def test_readyz_writes_and_says_when_it_cannot(client, monkeypatch, caplog):
    from core.models import Heartbeat

    assert client.get(reverse("readyz")).json() == {"status": "ok"}
    assert Heartbeat.objects.count() == 1

    def cannot_write(*args, **kwargs):
        raise OperationalError("attempt to write a readonly database at /srv/jingdu/var/db.sqlite3")

    monkeypatch.setattr(Heartbeat.objects.__class__, "update_or_create", cannot_write)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["problems"] == {"database": "cannot be written"}
    assert "/srv/jingdu" not in response.content.decode() and "/srv/jingdu" in caplog.text


# ---------------------------------------------------------------- 13: kept connections are checked


def test_kept_postgresql_connections_are_checked_before_use(tmp_path):
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "1",
        "DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://jingdu@db.internal:5432/jingdu",
        "CONN_MAX_AGE": "60",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.stdout.split() == ["60", "True"], out.stderr


@pytest.mark.django_db(transaction=True)
def test_a_connection_postgresql_closed_is_replaced_not_met_by_the_next_request(client, seed_speech, settings):
    """What a restart of PostgreSQL does to a kept connection: the next request gets a new one, not an error."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the health check only matters for PostgreSQL (SQLite connections do not go away)")
    connection.settings_dict["CONN_MAX_AGE"] = 60
    try:
        from django.db import close_old_connections

        assert client.get(seed_speech.get_absolute_url()).status_code == 200
        close_old_connections()  # the end of that request: the connection is kept
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        from django.db import connections

        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        other.close()
        close_old_connections()  # the start of the next request: the health check finds it closed
        assert client.get(seed_speech.get_absolute_url()).status_code == 200
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0
        connection.close()
