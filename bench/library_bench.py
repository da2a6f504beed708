"""`make bench` (third part): the library's home page with 2,000 speeches.

2,000 speeches (2013–2026, eight speakers, 60,000 paragraphs, five collections, a speech in up to two),
a study group of 20 members with 20,000 notes spread over them. Measured: server time of GET / for a
member (Django's test client, so no network), first page and a filtered page (a speaker and a year),
30 runs each after a warm-up; p50 and p95, and the SQL queries, which must be the same as with 20
speeches. Target: p95 ≤ 50 ms.

Results go to var/bench/library.json; PASS/FAIL per target is printed; the exit status is 0 whatever
the outcome: this is a report. Usage: python bench/library_bench.py [--profile] [--queries]
"""

from __future__ import annotations

import datetime
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notes_bench import ROOT, setup_django  # noqa: E402

RESULTS = ROOT / "var" / "bench" / "library.json"
SPEECHES = 2000
PARAGRAPHS = 30
NOTES = 20_000
SPEAKERS = ["习近平", "李强", "赵乐际", "王沪宁", "蔡奇", "丁薛祥", "李希", "韩正"]


def timed(client, url: str, runs: int = 30) -> dict:
    client.get(url)
    times = []
    if "--profile" in sys.argv:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(client.get, url)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    return {"p50": round(statistics.median(times), 1), "p95": round(times[int(len(times) * 0.95) - 1], 1)}


def queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    if "--queries" in sys.argv:
        for query in captured.captured_queries:
            print(query["time"], query["sql"][:150])
    return len(captured)


def main() -> int:
    random.seed(20231023)
    with tempfile.TemporaryDirectory(prefix="jingdu-library-bench-") as folder:
        setup_django(Path(folder))
        from django.contrib.auth.models import User
        from django.test import Client
        from django.utils import timezone

        from annotations.groups import create_group, join_group
        from annotations.models import Note
        from speeches.models import Collection, Paragraph, Speech

        members = [User.objects.create_user(f"member{n:02d}") for n in range(20)]
        group = create_group(members[0], "基准小组")
        for member in members[1:]:
            join_group(group, member, make_current=True)
        collections = [
            Collection.objects.create(name=name, slug=name)
            for name in ["工会工作", "二十大精神", "经济工作", "外交", "党的建设"]
        ]

        def build(count: int, prefix: str) -> None:
            speeches = Speech.objects.bulk_create(
                Speech(
                    slug=f"{prefix}{n:05d}",
                    title=f"在第{n}次会议上的讲话",
                    speaker=SPEAKERS[n % len(SPEAKERS)],
                    date=datetime.date(2013, 1, 1) + datetime.timedelta(days=random.randrange(0, 13 * 365)),
                    source_file=f"{prefix}{n}.txt",
                    checksum="0" * 64,
                    imported_at=timezone.now(),
                )
                for n in range(count)
            )
            Paragraph.objects.bulk_create(
                (Paragraph(speech=s, number=k, text=f"第{k}段。") for s in speeches for k in range(1, PARAGRAPHS + 1)),
                batch_size=5000,
            )
            through = Speech.collections.through
            through.objects.bulk_create(
                through(speech=s, collection=c)
                for s in speeches
                for c in random.sample(collections, random.randrange(3))
            )
            paragraphs = list(Paragraph.objects.filter(speech__in=speeches, number=1).select_related("speech"))
            Note.objects.bulk_create(
                (
                    Note(
                        author=members[n % len(members)],
                        group=group,
                        speech=paragraph.speech,
                        paragraph=paragraph,
                        paragraph_number=1,
                        body=f"笔记{n}",
                    )
                    for n in range(NOTES * count // SPEECHES)
                    for paragraph in [paragraphs[n % len(paragraphs)]]
                ),
                batch_size=5000,
            )

        client = Client()
        client.force_login(members[1])
        build(20, "small")
        small_queries = queries(client, "/")
        build(SPEECHES - 20, "s")
        filtered = f"/?speaker={SPEAKERS[1]}&year=2020"
        report = {
            "speeches": Speech.objects.count(),
            "paragraphs": Paragraph.objects.count(),
            "notes": Note.objects.count(),
            "home_ms": timed(client, "/"),
            "filtered_ms": timed(client, filtered),
            "page_5_ms": timed(client, "/?page=5"),
            "queries": {"with_20_speeches": small_queries, "with_2000_speeches": queries(client, "/")},
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))
    checks = [
        ("library home page with 2,000 speeches p95 ≤ 50 ms", report["home_ms"]["p95"] <= 50),
        ("filtered library page p95 ≤ 50 ms", report["filtered_ms"]["p95"] <= 50),
        ("library queries constant", report["queries"]["with_20_speeches"] == report["queries"]["with_2000_speeches"]),
    ]
    for label, passed in checks:
        print(("PASS " if passed else "FAIL ") + label)
    return 0


if __name__ == "__main__":
    sys.exit(main())
