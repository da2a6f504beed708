"""The three small files that held a web worker for 30 s (issue 23), uploaded to gunicorn while /healthz is asked
every 50 ms: how long until each is refused, and how long /healthz took meanwhile.

Run by `make bench` (last), or alone: `.venv/bin/python bench/bombs_bench.py`. gunicorn (3 workers,
config/gunicorn.conf.py) on 127.0.0.1 with a fresh SQLite DATA_DIR, the seed speech imported and indexed, an
editor signed in. Targets: each refused in ≤ 5 s, /healthz ≤ 1 s throughout. Writes var/bench/bombs.json and
the README's table between its markers; exits 0.
"""

from __future__ import annotations

import argparse
import html as html_text
import http.client
import json
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
import uuid

import readme_section  # bench/ is the script's folder, so first on sys.path
from loadtest import ROOT, Server, django_shell, free_port, manage

sys.path.insert(0, str(ROOT))
from tests import bombs  # noqa: E402

MARKERS = ("<!-- bombs-bench:start -->", "<!-- bombs-bench:end -->")
EDITOR_SNIPPET = """
from django.contrib.auth.models import Permission, User
from django.contrib.sessions.backends.db import SessionStore
editor = User.objects.create_user("editor", password=None)
editor.user_permissions.set(Permission.objects.filter(content_type__app_label="speeches"))
store = SessionStore()
store["_auth_user_id"] = str(editor.pk)
store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
store["_auth_user_hash"] = editor.get_session_auth_hash()
store.create()
print(store.session_key)
"""
FILES = [
    ("2,000-page PDF", "report.pdf", bombs.many_pages_pdf),
    ("PDF inflating to 21 MB", "report.pdf", bombs.inflating_pdf),
    ("Word file unpacking to 45 MB", "report.docx", bombs.unpacking_docx),
    (
        "300 pages of text (inside the budgets, stopped at 4 s of CPU)",
        "long.pdf",
        lambda: bombs.many_pages_pdf(300),
    ),
]


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class HealthPoller(threading.Thread):
    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port, self.latencies, self.statuses, self.stopping = port, [], [], threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                connection.request("GET", "/healthz")
                self.statuses.append(connection.getresponse().status)
            except OSError:
                self.statuses.append(0)
            self.latencies.append(time.perf_counter() - started)
            self.stopping.wait(0.05)


def upload(port: int, session: str, name: str, data: bytes) -> tuple[int, float, str]:
    csrf = secrets.token_hex(16)
    body, content_type = multipart(name, data)
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={csrf}; django_language=en",
        "X-CSRFToken": csrf,
        "Content-Type": content_type,
        "Host": "127.0.0.1",
    }
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("POST", "/speeches/new/", body=body, headers=headers)
    response = connection.getresponse()
    html = response.read().decode()
    seconds = time.perf_counter() - started
    reason = ""
    if "could not be read:" in html:
        reason = html_text.unescape(html.split("could not be read:", 1)[1].split("</", 1)[0].strip().rstrip("."))
    return response.status, seconds, reason


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory(prefix="jingdu-bombs-") as folder:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_MANIFEST": "0",
            "DATA_DIR": folder,
            "HEALTH_MIN_FREE_MB": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "import_speeches", "seeds/")
        manage(env, "rebuild_index")
        session = django_shell(env, EDITOR_SNIPPET).strip().splitlines()[-1]
        port = free_port()
        server = Server(env, port, workers=3)
        server.start()
        try:
            warm = HealthPoller(port)  # a running site's workers have answered before: not a cold start measured
            warm.start()
            time.sleep(2)
            warm.stopping.set()
            warm.join()
            for label, name, make in FILES:
                data = make()
                poller = HealthPoller(port)
                poller.start()
                status, seconds, reason = upload(port, session, name, data)
                time.sleep(0.2)  # a few more health checks after the answer
                poller.stopping.set()
                poller.join()
                rows.append(
                    {
                        "file": label,
                        "bytes": len(data),
                        "status": status,
                        "seconds": round(seconds, 2),
                        "reason": reason,
                        "healthz_max_ms": round(max(poller.latencies) * 1000, 1),
                        "healthz_p50_ms": round(statistics.median(poller.latencies) * 1000, 1),
                        "healthz_checks": len(poller.latencies),
                        "healthz_not_200": sum(1 for s in poller.statuses if s != 200),
                    }
                )
                print(rows[-1])
        finally:
            server.stop()
    load_after = os.getloadavg()[0]
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bombs.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    lines = [
        f"gunicorn with 3 workers on {os.cpu_count()} cores, loopback; /healthz asked every 50 ms during each upload; "
        f"load average {load_before:.1f} at the start, {load_after:.1f} at the end.",
        "",
        "| file | size | answer | refused after | its reason | /healthz p50 / max ms (checks, not 200) |",
        "| --- | ---: | --- | ---: | --- | --- |",
    ]
    verdicts = []
    for row in rows:
        lines.append(
            f"| {row['file']} | {row['bytes'] / 1024:.0f} KB | {row['status']} | {row['seconds']:.2f} s | "
            f"{row['reason']} | {row['healthz_p50_ms']} / {row['healthz_max_ms']} ({row['healthz_checks']}, "
            f"{row['healthz_not_200']}) |"
        )
        if "CPU" in row["file"]:  # the kernel counts CPU seconds: the wall time depends on the machine's load
            ok = row["status"] == 422 and row["healthz_max_ms"] <= 1000
            target = "refused at its CPU limit, /healthz ≤ 1 s meanwhile"
        else:
            ok = row["status"] == 422 and row["seconds"] <= 5 and row["healthz_max_ms"] <= 1000
            target = "refused in ≤ 5 s, /healthz ≤ 1 s meanwhile"
        verdicts.append(f"- {'PASS' if ok else 'FAIL'} {row['file']}: {target}")
    body = "\n".join([*lines, "", *verdicts])
    print(body)
    if not args.no_readme and not readme_section.write_section(MARKERS, body):
        print("README.md has no bombs-bench markers; figures not written")


if __name__ == "__main__":
    main()
