"""`make bench` (third part): the phrase page and a search's distribution, on the real corpus plus 100,000 paragraphs.

What it measures, in a fresh data folder, with DEBUG off:

* The library: the shared corpus (../shared/corpus/, imported with the import pipeline; skipped with a
  note when absent) plus a synthetic corpus of 100,000 paragraphs built as bench/search_bench.py
  builds it (the seed's clauses and a word-bigram chain over its words, fixed random seed), in
  speeches of 50 paragraphs dated across 2013–2026.
* The phrase: 新质生产力, said 127 times in the shared corpus and planted after a random clause of
  every 100th synthetic paragraph (the synthetic corpus has few phrases near 1,000 occurrences of
  its own), so about 1,130 times in all (its count is printed).
* Server time through Django's test client (no network), 20 runs after a warm-up, p50 and p95:
  the phrase page (by date), the page sorted by the word before, its JSON, the company fragment
  (loaded in place after the page), and `distribution.query_distribution` given what the search
  counted, for five search queries: what the distribution adds to a search page. What is kept
  per process between requests (a sorted order, a company, a distribution) is emptied before each run of those, so their
  figures are first requests; the library read into memory by a process's first request is
  timed once and reported apart.

Targets: the page and the JSON p95 ≤ 100 ms; the distribution p95 ≤ 10 ms. Results go to
var/bench/phrases.json; PASS/FAIL per target is printed; the exit status is 0 whatever the outcome.
Usage: python bench/phrases_bench.py [--paragraphs 100000] [--runs 20]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import production_django  # noqa: E402  (bench/ is not a package)
import readme_section  # noqa: E402

RESULTS = ROOT / "var" / "bench" / "phrases.json"
MARKERS = ("<!-- phrases-bench:start -->", "<!-- phrases-bench:end -->")
CORPUS = ROOT.parent / "shared" / "corpus"
PARAGRAPHS_PER_SPEECH = 50
FIRST_DAY = datetime.date(2013, 1, 1)
LAST_DAY = datetime.date(2026, 12, 31)
PHRASE = "新质生产力"  # said 127 times in the shared corpus
PLANT_EVERY = 100  # planted in 1,000 of the 100,000 synthetic paragraphs
RANDOM_SEED = 20231023
DISTRIBUTION_QUERIES = ["改革开放", "工会", "职工 权益", "高质量发展", "新质生产力"]


def load_synthetic(count: int) -> None:
    """`count` paragraphs from search_bench's generator, in dated speeches of PARAGRAPHS_PER_SPEECH."""
    from django.db import transaction
    from django.utils import timezone
    from search_bench import Corpus, seed_paragraphs

    from speeches import search
    from speeches.models import Paragraph, Speech

    texts = Corpus(seed_paragraphs(), search.tokenizer()).paragraphs(count)
    # The phrase, planted after a random clause of every PLANT_EVERY-th paragraph: the synthetic
    # corpus has few phrases near 1,000 occurrences of its own (a seed clause's words are said
    # thousands of times, a walked clause's word pairs a few hundred at most).
    rng = random.Random(RANDOM_SEED)
    for index in range(0, count, PLANT_EVERY):
        text = texts[index]
        cuts = [at + 1 for at, character in enumerate(text[:-1]) if character in "，；。"] or [0]
        at = rng.choice(cuts)
        texts[index] = text[:at] + PHRASE + text[at:]
    speeches = -(-count // PARAGRAPHS_PER_SPEECH)
    span = (LAST_DAY - FIRST_DAY).days
    now = timezone.now()
    with transaction.atomic():
        made = Speech.objects.bulk_create(
            Speech(
                slug=f"bench-{number:05d}",
                title=f"基准讲话 {number}",
                speaker="基准",
                date=FIRST_DAY + datetime.timedelta(days=span * number // speeches),
                source_file=f"bench-{number:05d}.txt",
                checksum=f"{number:064x}",
                imported_at=now,
            )
            for number in range(speeches)
        )
        Paragraph.objects.bulk_create(
            (
                Paragraph(
                    speech=made[index // PARAGRAPHS_PER_SPEECH], number=index % PARAGRAPHS_PER_SPEECH + 1, text=text
                )
                for index, text in enumerate(texts)
            ),
            batch_size=2_000,
        )


def timed(function, runs: int, before=None) -> dict:
    """p50 and p95 of `runs` calls after a warm-up; `before()` runs untimed before each (to empty a cache)."""
    function()  # warm-up
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
        "runs": runs,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-readme", action="store_true", help="do not write the table into README.md")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="jingdu-phrases-bench-") as folder:
        production_django.setup_django(Path(folder))
        from urllib.parse import quote

        from django.test import Client

        from speeches import distribution, phrase_stats, revision, search
        from speeches.actions import import_file
        from speeches.importing import speech_files

        started = time.perf_counter()
        corpus_files = 0
        if (CORPUS / "as-found").is_dir():
            files, _ = speech_files([CORPUS])
            for path in files:
                import_file(path)
            corpus_files = len(files)
        else:
            print(f"note: no shared corpus at {CORPUS}; synthetic paragraphs only")
        load_synthetic(args.paragraphs)
        print(
            f"loaded {corpus_files} corpus files and {args.paragraphs:,} synthetic paragraphs in "
            f"{time.perf_counter() - started:.1f} s"
        )

        started = time.perf_counter()
        lib = phrase_stats.phrase_library()
        first_load_ms = (time.perf_counter() - started) * 1000
        paragraph_total = len(lib.starts)
        phrase, occurrences = PHRASE, len(phrase_stats.positions_of(lib, PHRASE))
        print(f"library: {paragraph_total:,} paragraphs, {lib.characters:,} characters, read in {first_load_ms:.0f} ms")
        print(f"phrase: {phrase} ({occurrences:,} occurrences)")

        client = Client()
        page = f"/phrases/{quote(phrase)}/"

        def get(url, **headers):
            response = client.get(url, **headers)
            assert response.status_code == 200, (url, response.status_code)

        from phrases import collocations, concordance

        def cold_company():
            collocations._background.clear()

        stats = phrase_stats.phrase_stats(phrase, lib)
        collocations.store(phrase, revision.current(), collocations.companions(lib, stats))

        results = {
            "phrase page": timed(lambda: get(page), args.runs),
            "phrase JSON": timed(lambda: get(f"/phrases/{quote(phrase)}.json"), args.runs),
            # Each run sorts afresh (the order is kept per process for the next pages).
            "phrase page, by word before": timed(
                lambda: get(page + "?sort=before"), args.runs, concordance._orders.clear
            ),
            # Computed by a background task (phrases.tasks.compute_company); each run computes afresh, its word
            # counts too. The fragment then reads it from the cache.
            "company, computed in the background": timed(
                lambda: collocations.companions(lib, stats), max(3, args.runs // 4), cold_company
            ),
            "company fragment": timed(lambda: get(page + "company/", HTTP_HX_REQUEST="true"), args.runs),
        }
        started = time.perf_counter()
        search.rebuild_index()
        print(f"search index built in {time.perf_counter() - started:.1f} s")
        for query in DISTRIBUTION_QUERIES:
            terms = search.parse_query(query)[2]
            # What the search page adds: the search has counted its terms in every paragraph (an AND
            # and a sum of its count arrays, inside the search's own time); the distribution places
            # those paragraphs in the library, per speech and year. Each run computes afresh (a
            # search's next pages reuse it).
            found = search.search(query).everywhere
            results[f"distribution: {query}"] = timed(
                lambda terms=terms, found=found: distribution.query_distribution(terms, found=found),
                args.runs,
                distribution.forget,
            )
        targets = [
            ("phrase page", 100),
            ("phrase JSON", 100),
            *((f"distribution: {query}", 10) for query in DISTRIBUTION_QUERIES),
        ]
        checks = [
            (results[name]["p95_ms"] <= limit, f"{name}: p95 {results[name]['p95_ms']} ms ≤ {limit} ms")
            for name, limit in targets
        ]
        report = {
            "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
            "paragraphs": paragraph_total,
            "characters": lib.characters,
            "corpus_files": corpus_files,
            "synthetic_paragraphs": args.paragraphs,
            "phrase": phrase,
            "occurrences": occurrences,
            "library_first_load_ms": round(first_load_ms),
            "cpus": os.cpu_count(),
            "timings": results,
            "targets": [
                {"name": name, "limit_ms": limit, "pass": ok, "target": text}
                for (name, limit), (ok, text) in zip(targets, checks, strict=True)
            ],
        }
    print(f"{'what':36} {'p50 ms':>8} {'p95 ms':>8}")
    for name, timing in results.items():
        print(f"{name:36} {timing['p50_ms']:>8} {timing['p95_ms']:>8}")
    for ok, text in checks:
        print(f"{'PASS' if ok else 'FAIL'} {text}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    if not args.no_readme:
        print(
            "README updated between the phrase bench markers."
            if readme_section.write_section(MARKERS, markdown(report))
            else f"README has no {MARKERS[0]} … {MARKERS[1]} markers: not updated."
        )
    return 0


def markdown(report: dict) -> str:
    lines = [
        f"{report['cpus']} CPUs; {report['paragraphs']:,} paragraphs ({report['corpus_files']} corpus files and "
        f"{report['synthetic_paragraphs']:,} synthetic), {report['characters'] / 1e6:.1f} M characters; load average "
        f"{report['load_average'][0]} at the start, {report['load_average'][1]} at the end. Phrase: "
        f"{report['phrase']} ({report['occurrences']:,} occurrences). The library read into memory by a "
        f"process's first request: {report['library_first_load_ms']:,} ms.",
        "",
        "| what | p50 ms | p95 ms | target |",
        "| --- | ---: | ---: | --- |",
    ]
    targets = {check["name"]: check for check in report["targets"]}
    for name, timing in report["timings"].items():
        check = targets.get(name)
        verdict = ""
        if check:
            verdict = f"{'PASS' if check['pass'] else 'FAIL'} (p95 ≤ {check['limit_ms']} ms)"
        lines.append(f"| {name} | {timing['p50_ms']} | {timing['p95_ms']} | {verdict} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
