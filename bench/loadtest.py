"""`make loadtest`: a study group's busy evening against gunicorn, on SQLite and on PostgreSQL.

For each database: a fresh data folder (and a fresh PostgreSQL database), migrate, import
seeds/, build the search index, collect static files, create 50 members of one group, and
start gunicorn (4 workers, config/gunicorn.conf.py) on 127.0.0.1 only. Then:

1. Load round: 50 simulated members for 60 s read the speech, open notes panels, search
   (htmx fragments), and add, edit and delete notes. Throughput and p50/p95 latency per
   endpoint, and the count of 5xx responses (which must be 0).
2. Fault round: the same load for 40 s; `kill -9` of one worker at 10 s, and at 20 s
   `kill -9` of the whole server (master and workers), which is then restarted.

After each round the database is checked: every note whose creation was acknowledged
(a 302 naming its id) exists exactly once, with the text of its last acknowledged edit
(or of a later attempted one), and no note whose deletion was acknowledged exists.

Loopback only, bounded in time and requests. Results go to var/bench/loadtest.json and
the README (between the loadtest markers).

Usage: python bench/loadtest.py [--databases sqlite,postgres] [--members 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import readme_section  # bench/ is the script's folder, so first on sys.path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
SPEECH = "2023-10-23-acftu-leadership-talk"
QUERIES = ["国之大者", "娘家人", "工匠精神", "职工权益", "党", "新就业形态", "劳模精神 职工", "工会工作"]
PG_ADMIN_URL = os.environ.get("LOADTEST_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
MAX_REQUESTS = 500_000  # a hard bound, whatever the machine's speed


# ---------------------------------------------------------------- the server under test


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return result.stdout if capture else ""


SETUP_SNIPPET = """
import json, sys
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from annotations.groups import create_group, join_group
User = get_user_model()
members = int(sys.argv[1])
users = [User.objects.create_user(f"member{i:02d}", password=None) for i in range(members)]
group = create_group(users[0], "压测小组")
for user in users[1:]:
    join_group(group, user)
sessions = []
for user in users:
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
print(json.dumps(sessions))
"""

NOTES_SNIPPET = """
import json
from annotations.models import Note
print(json.dumps(list(Note.objects.values_list("pk", "body"))))
"""


def django_shell(env: dict, code: str, *argv: str) -> str:
    runner = f"import sys, django; sys.argv = ['x', *{list(argv)!r}]; django.setup()\n{code}"
    result = subprocess.run([PYTHON, "-c", runner], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"setup failed:\n{result.stderr}")
    return result.stdout


class Server:
    """gunicorn in its own process group, so that the whole server can be killed at once."""

    def __init__(self, env: dict, port: int, workers: int):
        self.env, self.port, self.workers = env, port, workers
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [GUNICORN, "-c", "config/gunicorn.conf.py", "--workers", str(self.workers)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--access-logfile", "/dev/null", "config.wsgi"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, start_new_session=True, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited during start-up")
            time.sleep(0.2)  # polling the health check, not pacing the test
        raise RuntimeError("gunicorn did not become healthy within 60 s")

    def worker_pids(self) -> list[int]:
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in found.stdout.split()]

    def kill_one_worker(self) -> int:
        victim = self.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        return victim

    def kill_everything(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


# ---------------------------------------------------------------- simulated members


@dataclass
class Ledger:
    """What the server acknowledged, to check against the database afterwards."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    created: dict[int, str] = field(default_factory=dict)  # note id -> body as acknowledged
    attempted_bodies: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    deleted: set[int] = field(default_factory=set)
    # Deletions sent but never answered (the server died mid-request): they may have happened.
    delete_unanswered: set[int] = field(default_factory=set)
    tokens: dict[str, int] = field(default_factory=dict)  # unique token in the body -> note id


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    connection_errors: int = 0
    requests: int = 0

    def record(self, endpoint: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[endpoint].append(seconds)
            self.statuses[endpoint][status] += 1
            self.requests += 1


NOTE_LOCATION = re.compile(r"#note-(\d+)$")


class Member(threading.Thread):
    def __init__(self, number: int, session: str, port: int, stop_at: float, stats: Stats, ledger: Ledger, seed: int):
        super().__init__(daemon=True)
        self.number, self.session, self.port = number, session, port
        self.stop_at, self.stats, self.ledger = stop_at, stats, ledger
        self.random = random.Random(seed)
        self.connection: http.client.HTTPConnection | None = None
        self.csrf = secrets.token_hex(16)  # our own CSRF cookie: Django accepts a token that matches it
        self.mine: list[int] = []
        self.sequence = 0

    def request(self, endpoint: str, method: str, path: str, body: dict | None = None, htmx: bool = False):
        headers = {"Cookie": f"sessionid={self.session}; csrftoken={self.csrf}", "Host": "127.0.0.1"}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf
        if htmx:
            headers["HX-Request"] = "true"
        started = time.perf_counter()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.connection = None
            with self.stats.lock:
                self.stats.connection_errors += 1
            # The server is down (the fault round): back off a little instead of spinning on refused connects.
            threading.Event().wait(0.05)
            return None
        self.stats.record(endpoint, response.status, time.perf_counter() - started)
        return response

    def run(self) -> None:
        while time.monotonic() < self.stop_at and self.stats.requests < MAX_REQUESTS:
            roll = self.random.random()
            paragraph = self.random.randint(1, 7)
            notes_path = f"/speeches/{SPEECH}/p{paragraph}/notes/"
            if roll < 0.25:
                self.request("speech page", "GET", f"/speeches/{SPEECH}/")
            elif roll < 0.40:
                self.request("notes panel (htmx)", "GET", notes_path, htmx=True)
            elif roll < 0.65:
                query = urllib.parse.quote(self.random.choice(QUERIES))
                self.request("search (htmx)", "GET", f"/search/?q={query}", htmx=True)
            elif roll < 0.82:
                self.add_note(notes_path)
            elif roll < 0.92 and self.mine:
                self.edit_note(self.random.choice(self.mine))
            elif self.mine:
                self.delete_note(self.mine.pop(self.random.randrange(len(self.mine))))

    def add_note(self, notes_path: str) -> None:
        self.sequence += 1
        token = f"lt-{self.number}-{self.sequence}-{secrets.token_hex(4)}"
        body = f"{token} 要做职工群众的娘家人。"
        response = self.request("add note", "POST", notes_path, {"body": body})
        if response is not None and response.status == 302:
            match = NOTE_LOCATION.search(response.getheader("Location", ""))
            if match:
                note_id = int(match.group(1))
                with self.ledger.lock:
                    self.ledger.created[note_id] = body
                    self.ledger.tokens[token] = note_id
                self.mine.append(note_id)

    def edit_note(self, note_id: int) -> None:
        body = f"{self.ledger.created[note_id].split()[0]} 改过 {secrets.token_hex(3)}"
        with self.ledger.lock:
            self.ledger.attempted_bodies[note_id].add(body)
        response = self.request("edit note", "POST", f"/notes/{note_id}/edit/", {"body": body})
        if response is not None and response.status == 302:
            with self.ledger.lock:
                self.ledger.created[note_id] = body

    def delete_note(self, note_id: int) -> None:
        response = self.request("delete note", "POST", f"/notes/{note_id}/delete/", {})
        if response is not None and response.status == 302:
            with self.ledger.lock:
                self.ledger.deleted.add(note_id)
        elif response is None or response.status >= 500:
            with self.ledger.lock:
                self.ledger.delete_unanswered.add(note_id)
            self.mine.append(note_id)  # unknown outcome: it may still exist; try again later


def run_load(port: int, sessions: list[str], seconds: float, ledger: Ledger, seed: int, faults=()) -> Stats:
    stats = Stats()
    stop_at = time.monotonic() + seconds
    members = [Member(i, session, port, stop_at, stats, ledger, seed * 1000 + i) for i, session in enumerate(sessions)]
    started = time.monotonic()
    for member in members:
        member.start()
    for at, action in faults:
        remaining = started + at - time.monotonic()
        if remaining > 0:
            threading.Event().wait(remaining)  # the fault's moment in the round
        action()
    for member in members:
        member.join()
    stats.elapsed = time.monotonic() - started
    return stats


# ---------------------------------------------------------------- checking and reporting


def verify(env: dict, ledger: Ledger) -> dict:
    rows = json.loads(django_shell(env, NOTES_SNIPPET))
    stored = defaultdict(list)
    for pk, body in rows:
        stored[pk].append(body)
    by_token = defaultdict(int)
    for _, body in rows:
        by_token[body.split()[0]] += 1
    lost, wrong_text, duplicated, resurrected, maybe_deleted = [], [], [], [], []
    for note_id, body in ledger.created.items():
        if note_id in ledger.deleted:
            continue
        if note_id not in stored:
            # A deletion sent but never answered may have gone through: not a loss, but counted.
            (maybe_deleted if note_id in ledger.delete_unanswered else lost).append(note_id)
        elif stored[note_id][0] != body and stored[note_id][0] not in ledger.attempted_bodies[note_id]:
            wrong_text.append(note_id)
    for token in ledger.tokens:
        if by_token[token] > 1:
            duplicated.append(token)
    resurrected = [note_id for note_id in ledger.deleted if note_id in stored]
    return {
        "acknowledged_creations": len(ledger.created),
        "acknowledged_deletions": len(ledger.deleted),
        "notes_in_database": len(rows),
        "lost": len(lost),
        "wrong_text": len(wrong_text),
        "duplicated": len(duplicated),
        "deleted_but_present": len(resurrected),
        "gone_after_unanswered_delete": len(maybe_deleted),
    }


def summarize(stats: Stats) -> dict:
    endpoints = {}
    for endpoint, latencies in sorted(stats.latencies.items()):
        ordered = sorted(latencies)
        endpoints[endpoint] = {
            "requests": len(ordered),
            "per_second": round(len(ordered) / stats.elapsed, 1),
            "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
            "statuses": dict(sorted(stats.statuses[endpoint].items())),
        }
    server_errors = sum(n for s in stats.statuses.values() for code, n in s.items() if code >= 500)
    return {
        "seconds": round(stats.elapsed, 1),
        "requests": stats.requests,
        "per_second": round(stats.requests / stats.elapsed, 1),
        "server_errors_5xx": server_errors,
        "connection_errors": stats.connection_errors,
        "endpoints": endpoints,
    }


def prepare(database: str, data_dir: Path, members: int) -> tuple[dict, list[str]]:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATA_DIR": str(data_dir),
        "STATIC_MANIFEST": "1",
        "LOG_LEVEL": "ERROR",
        "WEB_CONCURRENCY": "4",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if database == "postgres":
        import psycopg

        name = "jingdu_loadtest"
        with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        env["CONN_MAX_AGE"] = "60"  # as the Deploy section recommends: no new connection per request
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "import_speeches")
    manage(env, "rebuild_index")
    manage(env, "collectstatic", "--no-input", "-v0")
    sessions = json.loads(django_shell(env, SETUP_SNIPPET, str(members)))
    return env, sessions


def run_database(database: str, members: int, seconds: int, workers: int) -> dict:
    print(f"\n=== {database}: preparing", flush=True)
    with tempfile.TemporaryDirectory(prefix=f"jingdu-load-{database}-") as tmp:
        env, sessions = prepare(database, Path(tmp), members)
        port = free_port()
        server = Server(env, port, workers)
        result = {}
        try:
            server.start()
            print(f"=== {database}: load round, {members} members for {seconds} s", flush=True)
            ledger = Ledger()
            load = summarize(run_load(port, sessions, seconds, ledger, seed=1))
            server.stop()
            load["check"] = verify(env, ledger)
            result["load"] = load
            print_round(load)

            fault_seconds = 40
            print(f"=== {database}: fault round, {fault_seconds} s: kill -9 a worker at 10 s, the server at 20 s")
            server.start()
            ledger = Ledger()
            events = []

            def kill_worker():
                events.append(f"killed worker {server.kill_one_worker()}")

            def kill_server():
                server.kill_everything()
                events.append("killed the whole server")
                server.start()
                events.append("restarted")

            fault = summarize(
                run_load(port, sessions, fault_seconds, ledger, seed=2, faults=[(10, kill_worker), (20, kill_server)])
            )
            server.stop()
            fault["events"] = events
            fault["check"] = verify(env, ledger)
            result["fault"] = fault
            print_round(fault)
        finally:
            server.stop()
    return result


def print_round(round_: dict) -> None:
    print(f"{'endpoint':22} {'req':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8}  statuses")
    for endpoint, row in round_["endpoints"].items():
        statuses = ", ".join(f"{code}×{n}" for code, n in row["statuses"].items())
        print(
            f"{endpoint:22} {row['requests']:7} {row['per_second']:7} {row['p50_ms']:8} {row['p95_ms']:8}  {statuses}"
        )
    print(
        f"total {round_['requests']} requests, {round_['per_second']} req/s; 5xx: {round_['server_errors_5xx']}; "
        f"connection errors: {round_['connection_errors']}"
    )
    print(f"check: {round_['check']}", flush=True)


def ok(round_: dict) -> bool:
    check = round_["check"]
    return round_["server_errors_5xx"] == 0 and not any(
        check[key] for key in ("lost", "wrong_text", "duplicated", "deleted_but_present")
    )


def markdown(results: dict, members: int, seconds: int, workers: int) -> str:
    lines = [
        f"{members} members, gunicorn with {workers} workers on {os.cpu_count()} cores, loopback. "
        f"Load round {seconds} s; fault round 40 s with `kill -9` of a worker at 10 s and of the whole server at 20 s.",
        "",
        "| database | round | requests/s | p50 / p95 ms (speech · search · add note) | 5xx "
        "| acknowledged notes | lost |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for database, rounds in results.items():
        for name, round_ in rounds.items():
            e = round_["endpoints"]

            def cell(endpoint, e=e):
                row = e.get(endpoint)
                return f"{row['p50_ms']:.0f} / {row['p95_ms']:.0f}" if row else "–"

            lost = sum(round_["check"][k] for k in ("lost", "wrong_text", "duplicated", "deleted_but_present"))
            lines.append(
                f"| {database} | {name} | {round_['per_second']} | "
                f"{cell('speech page')} · {cell('search (htmx)')} · {cell('add note')} | "
                f"{round_['server_errors_5xx']} | {round_['check']['acknowledged_creations']} | {lost} |"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    results = {}
    for database in args.databases.split(","):
        results[database] = run_database(database, args.members, args.seconds, args.workers)
    out = ROOT / "var" / "bench" / "loadtest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    table = markdown(results, args.members, args.seconds, args.workers)
    print("\n" + table)
    if not args.no_readme:
        readme_section.write_section(("<!-- loadtest:start -->", "<!-- loadtest:end -->"), table)
    passed = all(ok(round_) for rounds in results.values() for round_ in rounds.values())
    print("\nPASS: no 5xx, no acknowledged note lost" if passed else "\nFAIL: see the checks above")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
