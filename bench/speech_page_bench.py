"""`make bench`: the speech page over HTTP, with the real corpus, as gunicorn serves it.

A fresh data folder (SQLite): ../shared/corpus/ and seeds/ imported, similar passages and first uses computed,
a study group whose member has notes (marks and replies) on the Hainan report, the corpus's longest speech
(185 paragraphs). gunicorn (config/gunicorn.conf.py, DEBUG off, 5 workers, as on a 2-CPU host) on loopback.
Measured, for the Hainan report (a visitor, and the member), the seed speech and /healthz:

- server time: gunicorn's own time per request (its access log, `%(D)s`), one request at a time, 60 runs after
  a warm-up: p50 and p95;
- CPU time: the same requests through Django's test client in one process, `time.process_time()` per request:
  what a request costs the server, which other work on the machine does not inflate (on a shared 2-CPU
  machine, the server time above is two to five times it at a load average of 3 to 9);
- throughput: 50 connections asking again as soon as they are answered (an asyncio client in this process, on
  the same CPUs), the best of three rounds of 10/3 s: requests/s.

Targets: the Hainan report's CPU time p95 ≤ 10 ms (its server time on an idle machine), and its throughput
≥ 5× what this bench measured before the page had a view model and a cache (BEFORE, commit e8c5043, same
machine). Results go to
var/bench/speech_page.json and the README (between the speech-page-bench markers); PASS/FAIL is printed, and
the exit status is 0 whatever the outcome: this is a report.

Usage: python bench/speech_page_bench.py [--seconds 10] [--connections 50] [--workers 5]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import readme_section  # bench/ is the script's folder, so first on sys.path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
RESULTS = ROOT / "var" / "bench" / "speech_page.json"
MARKERS = ("<!-- speech-page-bench:start -->", "<!-- speech-page-bench:end -->")
HAINAN = "2026-01-27-hainan-gov-work-report"
SEED = "2023-10-23-acftu-leadership-talk"
# Measured by this bench on commit e8c5043 (before reading/page.py), on this machine: requests/s and server ms.
BEFORE = {
    "load": "4.4–6.0",
    "hainan_p50_ms": 49.0,
    "hainan_p95_ms": 106.9,
    "hainan_cpu_p50_ms": 32.6,
    "hainan_cpu_p95_ms": 35.2,
    "hainan_rps": 19.8,
    "hainan_per_cpu_s": 23.5,
    "member_cpu_p50_ms": 54.7,
    "seed_cpu_p50_ms": 9.6,
}

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from annotations.groups import create_group, join_group
from annotations.models import Note
from speeches.models import Speech
User = get_user_model()
reader, friend = User.objects.create_user("reader"), User.objects.create_user("friend")
group = create_group(reader, "基准小组")
join_group(group, friend, make_current=True)
speech = Speech.objects.get(slug=%(slug)r)
for paragraph in speech.paragraphs.order_by("number")[:60]:
    note = Note.objects.create(author=friend, group=group, paragraph=paragraph, body="要抓落实。",
                               exact=paragraph.text[2:8], start=2, end=8)
    Note.objects.create(author=reader, group=group, paragraph=paragraph, body="同意。", parent=note)
store = SessionStore()
store["_auth_user_id"] = str(reader.pk)
store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
store["_auth_user_hash"] = reader.get_session_auth_hash()
store.create()
print(json.dumps({"session": store.session_key, "paragraphs": speech.paragraphs.count()}))
"""


# The same pages through Django's test client in one process: the CPU time a request costs the server
# (time.process_time), which other work on the machine does not inflate as it does the times above.
CPU = """
import json, statistics, time
from django.test import Client
pages = json.loads(%(pages)r)
report = {}
for name, (path, session) in pages.items():
    client = Client()
    if session:
        client.cookies["sessionid"] = session
    for _ in range(5):
        assert client.get(path).status_code == 200
    times = []
    for _ in range(%(runs)d):
        started = time.process_time()
        client.get(path)
        times.append((time.process_time() - started) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    report[name] = {"cpu_p50_ms": round(statistics.median(times), 1), "cpu_p95_ms": round(p95, 1)}
print(json.dumps(report))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def django_shell(env: dict, code: str) -> str:
    runner = f"import django; django.setup()\n{code}"
    result = subprocess.run([PYTHON, "-c", runner], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"setup failed:\n{result.stderr}")
    return result.stdout


def prepare(folder: Path) -> tuple[dict, dict]:
    env = {
        **os.environ,
        "DATA_DIR": str(folder),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_MANIFEST": "0",
        "DATABASE_URL": "",
        "TASKS_IMMEDIATE": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    started = time.perf_counter()
    manage(env, "migrate", "--no-input")
    manage(env, "import_speeches", str(CORPUS), str(ROOT / "seeds"))
    manage(env, "compute_passages")
    setup = json.loads(django_shell(env, SETUP % {"slug": HAINAN}))
    print(f"corpus imported and passages computed in {time.perf_counter() - started:.0f} s", flush=True)
    return env, setup


class Server:
    """gunicorn with an access log of the path and the time it took (µs) per request."""

    def __init__(self, env: dict, workers: int, log: Path):
        self.port, self.log = free_port(), log
        command = [GUNICORN, "-c", "config/gunicorn.conf.py", "--workers", str(workers)]
        # No recycling of workers during the measurement (it would lose their CPU time from the count).
        command += ["--bind", f"127.0.0.1:{self.port}", "--access-logfile", str(log), "--max-requests", "0"]
        command += ["--access-logformat", "%(U)s %(D)s %(s)s", "config.wsgi"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited during start-up")
            time.sleep(0.2)  # polling the health check, not pacing a measurement
        raise RuntimeError("gunicorn did not become healthy within 90 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            self.process.wait(timeout=30)

    def server_times(self, path: str, since: int) -> list[float]:
        """gunicorn's times (ms) for `path`, from the log lines after the first `since`."""
        lines = self.log.read_text().splitlines()[since:]
        return [int(line.split()[1]) / 1000 for line in lines if line.split()[0] == path.split("?")[0]]

    def cpu_seconds(self) -> float:
        """CPU time the server's processes (master and workers) have used so far."""
        pids = [self.process.pid]
        pids += [
            int(pid)
            for pid in subprocess.run(
                ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
            ).stdout.split()
        ]
        ticks = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:  # a worker recycled meanwhile
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime and stime (fields 14 and 15 of stat)
        return ticks / os.sysconf("SC_CLK_TCK")

    def log_lines(self) -> int:
        return len(self.log.read_text().splitlines()) if self.log.exists() else 0


def get(port: int, path: str, cookie: str = "") -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, len(body)


def server_time(server: Server, path: str, cookie: str = "", runs: int = 60) -> dict:
    for _ in range(5):
        assert get(server.port, path, cookie)[0] == 200, path
    time.sleep(0.5)  # let the log catch up with the warm-up (not pacing the measurement)
    since = server.log_lines()
    size = 0
    for _ in range(runs):
        status, size = get(server.port, path, cookie)
        assert status == 200, path
    deadline = time.monotonic() + 10
    while len(times := server.server_times(path, since)) < runs and time.monotonic() < deadline:
        time.sleep(0.1)  # gunicorn writes its log after answering
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "bytes": size,
    }


async def _hammer(port: int, path: str, cookie: str, seconds: float, connections: int) -> tuple[int, int]:
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    request += (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n"
    deadline = time.monotonic() + seconds
    done = failed = 0

    async def one_connection() -> None:
        nonlocal done, failed
        while time.monotonic() < deadline:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request.encode())
            await writer.drain()
            answer = await reader.read()  # gunicorn's sync workers close the connection after each answer
            writer.close()
            if answer.startswith(b"HTTP/1.1 200"):
                done += 1
            else:
                failed += 1

    await asyncio.gather(*(one_connection() for _ in range(connections)))
    return done, failed


def throughput(server: Server, path: str, cookie: str, seconds: float, connections: int) -> dict:
    """Requests/s, the best of three rounds of `seconds` / 3 (other work on a shared machine comes and goes), and
    requests per CPU-second of the server's processes over the three: what a dedicated CPU would serve."""
    rounds, served, failed = [], 0, 0
    cpu = server.cpu_seconds()
    for _ in range(3):
        started = time.monotonic()
        done, errors = asyncio.run(_hammer(server.port, path, cookie, seconds / 3, connections))
        rounds.append(done / (time.monotonic() - started))
        served, failed = served + done, failed + errors
    cpu = server.cpu_seconds() - cpu
    return {
        "requests_per_s": round(max(rounds), 1),
        "requests_per_cpu_s": round(served / cpu, 1) if cpu else None,
        "failed": failed,
    }


def load() -> float:
    return round(os.getloadavg()[0], 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=5)
    options = parser.parse_args()
    if not (CORPUS / "as-found").is_dir():
        print(f"SKIP: the shared corpus is not beside the project ({CORPUS})")
        return 0
    with tempfile.TemporaryDirectory(prefix="jingdu-speech-page-bench-") as folder:
        env, setup = prepare(Path(folder))
        member = f"sessionid={setup['session']}"
        server = Server(env, options.workers, Path(folder) / "access.log")
        report = {"paragraphs": setup["paragraphs"], "workers": options.workers, "load_start": load()}
        try:
            pages = {
                "Hainan report, visitor": (f"/speeches/{HAINAN}/", ""),
                "Hainan report, member": (f"/speeches/{HAINAN}/", member),
                "seed speech, visitor": (f"/speeches/{SEED}/", ""),
                "/healthz": ("/healthz", ""),
            }
            for name, (path, cookie) in pages.items():
                report[name] = server_time(server, path, cookie)
                report[name] |= throughput(server, path, cookie, options.seconds, options.connections)
                print(name, report[name], flush=True)
        finally:
            server.stop()
        sessions = {name: (path, cookie.removeprefix("sessionid=")) for name, (path, cookie) in pages.items()}
        cpu_env = env | {"ALLOWED_HOSTS": "127.0.0.1,testserver"}
        for name, figures in json.loads(
            django_shell(cpu_env, CPU % {"pages": json.dumps(sessions), "runs": 60})
        ).items():
            report[name] |= figures
        report["load_end"] = load()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    hainan = report["Hainan report, visitor"]
    checks = [
        ("Hainan report CPU time p95 ≤ 10 ms", hainan["cpu_p95_ms"] <= 10),
        (
            "Hainan report throughput ≥ 5× before (requests per server CPU-second)",
            hainan["requests_per_cpu_s"] >= 5 * BEFORE["hainan_per_cpu_s"],
        ),
    ]
    for label, passed in checks:
        print(("PASS " if passed else "FAIL ") + label)
    readme_section.write_section(MARKERS, readme_table(report, checks, options))
    return 0


def readme_table(report: dict, checks, options) -> str:
    lines = [
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite; gunicorn with {report['workers']} "
        f"workers on loopback; the corpus's {report['paragraphs']}-paragraph Hainan report; "
        f"{options.connections} connections for {options.seconds:.0f} s per page; load average "
        f"{report['load_start']} at the start, {report['load_end']} at the end.",
        "",
        "| page | server time p50 / p95 ms | CPU time p50 / p95 ms | requests/s | per CPU-second | HTML |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in ("Hainan report, visitor", "Hainan report, member", "seed speech, visitor", "/healthz"):
        row = report[name]
        lines.append(
            f"| {name} | {row['p50_ms']} / {row['p95_ms']} | {row['cpu_p50_ms']} / {row['cpu_p95_ms']} | "
            f"{row['requests_per_s']} | {row['requests_per_cpu_s']} | {row['bytes'] / 1024:.0f} KB |"
        )
    lines += [
        "",
        f"Before the view model (commit e8c5043, this bench, same machine, load average {BEFORE['load']}): the "
        f"Hainan report as a visitor {BEFORE['hainan_p50_ms']} / {BEFORE['hainan_p95_ms']} ms server time, "
        f"{BEFORE['hainan_cpu_p50_ms']} / {BEFORE['hainan_cpu_p95_ms']} ms CPU time, {BEFORE['hainan_rps']} "
        f"requests/s, {BEFORE['hainan_per_cpu_s']} per CPU-second; as the member {BEFORE['member_cpu_p50_ms']} ms "
        f"CPU time; the seed speech {BEFORE['seed_cpu_p50_ms']} ms. "
        + "; ".join(f"{'PASS' if passed else 'FAIL'}: {label}" for label, passed in checks)
        + ".",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
