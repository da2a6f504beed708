"""`make bench`: the write path at the size of a large library (../shared/corpus/ plus 100,000 paragraphs).

What it measures, in a fresh data folder, with DEBUG off and the database queue (no worker running, so
the editor's requests pay only for what they do themselves):

* An editor's correction of a paragraph, an archive and a restore, and a publish (the preview's button),
  through Django's test client as the browser posts them: each answers in ≤ 1 s.
* The passages task (`passages.tasks.bring_up_to_date`) after those changes: ≤ 30 s.
* Note search (`/search/notes/`) over 20,000 notes of a group of 50 members: p95 ≤ 50 ms.
* A recycled gunicorn worker's first phrase page: a new process that runs config/gunicorn.conf.py's hooks as a
  worker forked from the preloaded master has run them (`when_ready`, then `post_fork`), then asks for a phrase
  page: ≤ 200 ms; and, for comparison, without them.

Results go to var/bench/write_path.json and README.md; PASS/FAIL per target is printed; the exit status is 0
whatever the outcome. Usage: python bench/write_path_bench.py [--paragraphs 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import production_django  # noqa: E402  (bench/ is not a package)
import readme_section  # noqa: E402

RESULTS = ROOT / "var" / "bench" / "write_path.json"
MARKERS = ("<!-- write-bench:start -->", "<!-- write-bench:end -->")
CORPUS = ROOT.parent / "shared" / "corpus"
NOTES = 20_000
MEMBERS = 50
NOTE_QUERIES = ["工会", "新质生产力", "职工 权益", "学习", "不存在的词"]
PHRASE = "新质生产力"

FIRST_PAGE = """
import sys, time
sys.path.insert(0, {bench!r})
import production_django
production_django.setup_django({folder!r})
from django.test import Client
client = Client()
if {warm}:
    import runpy
    import config.wsgi  # what gunicorn's master loads with preload_app
    client.handler.load_middleware()  # as config.wsgi's handler has, which the test client does not share
    hooks = runpy.run_path("config/gunicorn.conf.py")
    hooks["when_ready"](None)  # in the master, before it forks
    hooks["post_fork"](None, None)  # in the new worker
started = time.perf_counter()
response = client.get({url!r})
assert response.status_code == 200, response.status_code
print(round((time.perf_counter() - started) * 1000, 1))
"""


def percentiles(times: list[float]) -> dict:
    times = sorted(times)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
        "max_ms": round(times[-1], 1),
        "runs": len(times),
    }


def build_library(paragraphs: int) -> dict:
    """The shared corpus, then synthetic speeches as bench/parallels_bench.py builds them (a fifth of their clauses
    drawn from the real speeches, so that they share passages as a real library does), indexed, with their
    passages computed."""
    import search_bench
    from parallels_bench import SEED_CLAUSE_SHARE, corpus_paragraphs

    from passages import compute, tasks
    from speeches import actions, revision, search
    from speeches.importing import speech_files

    started = time.perf_counter()
    if (CORPUS / "as-found").is_dir():
        files, _ = speech_files([CORPUS])
        with actions.batch():
            for path in files:
                actions.import_file(path)
    search_bench.SEED_CLAUSE_SHARE = SEED_CLAUSE_SHARE
    search_bench.load_database(search_bench.Corpus(corpus_paragraphs(), search.tokenizer()).paragraphs(paragraphs))
    revision.bump()  # the synthetic speeches were written in bulk, past the actions
    search.rebuild_index()
    target = revision.current()
    compute.compute_parallels()
    compute.compute_first_uses()
    tasks.mark_up_to_date(target)
    return {"setup_seconds": round(time.perf_counter() - started, 1)}


def editor_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    olga = get_user_model().objects.create_superuser("olga", "olga@example.org", "bench-password-not-secret")
    client = Client()
    client.force_login(olga)
    return client


def time_request(function) -> float:
    started = time.perf_counter()
    response = function()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 302), (response.status_code, response.content[:500])
    return elapsed


def editor_actions(client) -> dict:
    from django.urls import reverse

    from speeches.models import Speech

    speech = Speech.objects.filter(slug__startswith="gov-report-2026-hainan").first() or Speech.objects.first()
    corrections = []
    for number in (3, 4, 5):
        text = speech.paragraphs.get(number=number).text
        url = reverse("speeches:paragraph_edit", args=[speech.slug, number])
        corrections.append(
            time_request(lambda url=url, text=text: client.post(url, {"text": text + "（改）", "save": "1"}))
        )
    archive_url = reverse("speeches:speech_archive", args=[speech.slug])
    archive = time_request(lambda: client.post(archive_url))
    restore = time_request(lambda: client.post(archive_url, {"restore": "1"}))
    paragraphs = "\n\n".join(f"第{n}段，我们要坚定不移推动高质量发展，发展新质生产力。" for n in range(1, 51))
    preview = client.post(reverse("speeches:speech_new"), {"text": f"基准讲话\n\n{paragraphs}"})
    form, draft = preview.context["form"], preview.context["draft"]
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"date": "2026-06-01", "block": [block.text for block in draft.blocks], "layout": draft.layout}
    data |= {"publish": "1", "slug": "bench-published"}
    publish = time_request(lambda: client.post(reverse("speeches:speech_new_preview"), data))
    return {
        "correction_ms": percentiles(corrections),
        "archive_ms": round(archive, 1),
        "restore_ms": round(restore, 1),
        "publish_ms": round(publish, 1),
    }


def passages_task() -> dict:
    from passages import tasks

    started = time.perf_counter()
    reached = tasks.bring_up_to_date()
    return {"passages_task_seconds": round(time.perf_counter() - started, 1), "revision": reached}


def note_search(runs: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from annotations.groups import create_group, join_group
    from annotations.models import Note, fold_note
    from speeches.models import Paragraph

    users = get_user_model()
    members = [users.objects.create_user(f"member{n}", password="bench-password-not-secret") for n in range(MEMBERS)]
    group = create_group(members[0], "基准小组", "")
    for member in members[1:]:
        join_group(group, member)
    paragraphs = list(Paragraph.objects.select_related("speech").order_by("?")[: NOTES // 4])
    bodies = ["这一段讲工会工作，值得讨论。", "新质生产力怎么理解？", "职工合法权益要维护。", "学习体会：要结合实际。"]
    notes = []
    for index in range(NOTES):
        paragraph = paragraphs[index % len(paragraphs)]
        body = f"{bodies[index % len(bodies)]}（{index}）"
        notes.append(
            Note(
                author=members[index % MEMBERS],
                group=group,
                speech=paragraph.speech,
                paragraph=paragraph,
                paragraph_number=paragraph.number,
                body=body,
                visibility=Note.Visibility.PRIVATE if index % 10 == 0 else Note.Visibility.GROUP,
                folded=fold_note(body, ""),
            )
        )
    Note.objects.bulk_create(notes, batch_size=2000)
    client = Client()
    client.force_login(members[1])
    url = reverse("annotations:note_search")
    times = []
    for _ in range(runs):
        for query in NOTE_QUERIES:
            times.append(time_request(lambda query=query: client.get(url, {"q": query}, HTTP_HX_REQUEST="true")))
    return {"note_search_ms": percentiles(times), "notes": NOTES}


def first_phrase_page(folder: Path) -> dict:
    from urllib.parse import quote

    url = f"/phrases/{quote(PHRASE)}/"
    env = {**os.environ}
    found = {}
    for warm in (True, False):
        code = FIRST_PAGE.format(bench=str(ROOT / "bench"), folder=str(folder), warm=warm, url=url)
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        found["warm" if warm else "cold"] = float(result.stdout.strip().splitlines()[-1])
    return {"first_phrase_page_ms": found}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-readme", action="store_true", help="do not write the figures into README.md")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="jingdu-write-bench-") as folder:
        production_django.setup_django(Path(folder))
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the preview's context, to post its form back as the browser does
        from speeches.models import Paragraph

        report = build_library(args.paragraphs)
        report["paragraphs"] = Paragraph.objects.count()
        report |= editor_actions(editor_client())
        report |= passages_task()
        report |= note_search(args.runs)
        report |= first_phrase_page(Path(folder))
    report["load"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2), encoding="utf-8")
    slowest_edit = max(
        report["correction_ms"]["max_ms"], report["archive_ms"], report["restore_ms"], report["publish_ms"]
    )
    checks = [
        (slowest_edit <= 1000, f"the slowest editor's request {slowest_edit:.0f} ms (≤ 1,000 ms)"),
        (report["passages_task_seconds"] <= 30, f"the passages task {report['passages_task_seconds']} s (≤ 30 s)"),
        (
            report["note_search_ms"]["p95_ms"] <= 50,
            f"note search over {NOTES:,} notes p95 {report['note_search_ms']['p95_ms']} ms (≤ 50 ms)",
        ),
        (
            report["first_phrase_page_ms"]["warm"] <= 200,
            f"a recycled worker's first phrase page {report['first_phrase_page_ms']['warm']} ms (≤ 200 ms)",
        ),
    ]
    lines = [
        f"`make bench` (bench/write_path_bench.py, {os.cpu_count()} CPUs, load average {report['load'][0]} at the "
        f"start, {report['load'][1]} at the end): the shared corpus and synthetic speeches, "
        f"{report['paragraphs']:,} paragraphs (set up in {report['setup_seconds']} s), SQLite, the database queue "
        "with no worker running.",
        "",
        "| what | figure |",
        "| --- | ---: |",
        f"| correction of a paragraph (3 runs) | p50 {report['correction_ms']['p50_ms']} ms, "
        f"max {report['correction_ms']['max_ms']} ms |",
        f"| archive / restore | {report['archive_ms']} ms / {report['restore_ms']} ms |",
        f"| publish (50 paragraphs, the preview's button) | {report['publish_ms']} ms |",
        f"| passages task after those changes | {report['passages_task_seconds']} s |",
        f"| note search, {NOTES:,} notes, {len(NOTE_QUERIES)} queries × {args.runs} | "
        f"p50 {report['note_search_ms']['p50_ms']} ms, p95 {report['note_search_ms']['p95_ms']} ms |",
        f"| a recycled worker's first phrase page, forked from the warmed master / cold | "
        f"{report['first_phrase_page_ms']['warm']} ms / {report['first_phrase_page_ms']['cold']} ms |",
        "",
        *[f"- {'PASS' if ok else 'FAIL'} {text}" for ok, text in checks],
    ]
    print("\n".join(lines))
    if not args.no_readme and args.paragraphs == 100_000:
        readme_section.write_section(MARKERS, "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
