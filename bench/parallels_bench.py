"""`make bench` (third part): passages said before (相似论述) at the size of a large library.

* The corpus: 100,000 synthetic paragraphs in speeches of 50, built as bench/search_bench.py builds
  its corpora (its `Corpus`: runs of clauses, each either drawn from the source text or walked by a
  word-bigram chain over it), but from the real speeches of ../shared/corpus/ rather than the one
  seed speech: a clause drawn from 1.1 million characters recurs a few times in 100,000 paragraphs,
  as passages said before do, where the seed's 300 clauses would each be in 1% of all paragraphs.
* The whole computation: `passages.compute.compute_parallels()`, from reading the paragraphs out of
  the database to storing the pairs (find_parallels timed on its own too). Target ≤ 300 s (2 cores).
* One speech imported: `compute_parallels([speech])`, what an import of a 50-paragraph speech adds.
* The panel: GET /speeches/<slug>/p<N>/parallels/ with HX-Request (Django's test client, DEBUG off),
  for the paragraph with the most parallels and for 30 paragraphs drawn at random among those that have
  any; 20 runs each after a warm-up; p50 and p95. Target p95 ≤ 50 ms.
* The shared corpus itself: its 132 files imported (121 texts: a file whose text the library holds is skipped),
  then parallels and first uses computed afresh.

Results go to var/bench/parallels.json; PASS/FAIL per target is printed; the exit status is 0 whatever
the outcome: this is a report. Usage: python bench/parallels_bench.py [--paragraphs 100000]
"""

from __future__ import annotations

import argparse
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

CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "var" / "bench" / "parallels.json"
MARKERS = ("<!-- parallels-bench:start -->", "<!-- parallels-bench:end -->")
COMPUTE_TARGET_SECONDS = 300.0
PANEL_TARGET_MS = 50.0
PANEL_RUNS = 20
PANEL_SAMPLE = 30
# Of a paragraph's clauses, the share drawn from the real speeches (the rest are walked by the bigram chain).
# search_bench's 0.6 would draw each clause ~8 times in 100,000 paragraphs; 0.2 gives 24 parallels a
# paragraph on average, more than the 9 of the shared corpus (where a third of the reports are there twice).
SEED_CLAUSE_SHARE = 0.2


def corpus_paragraphs() -> list[str]:
    from speeches.importing import read_speech_file, speech_files

    files, _ = speech_files([CORPUS])
    return [text for path in files for text in read_speech_file(path)[1].paragraphs]


def percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"p50": round(statistics.median(times), 1), "p95": round(times[max(0, int(len(times) * 0.95) - 1)], 1)}


def time_panel(client, url: str) -> list[float]:
    client.get(url, HTTP_HX_REQUEST="true")
    times = []
    for _ in range(PANEL_RUNS):
        started = time.perf_counter()
        response = client.get(url, HTTP_HX_REQUEST="true")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times


def synthetic(size: int) -> dict:
    import search_bench
    from django.db.models import Count
    from django.test import Client

    from passages import compute, parallels
    from passages.models import Parallel
    from speeches import search
    from speeches.models import Paragraph

    started = time.perf_counter()
    source = corpus_paragraphs()
    search_bench.SEED_CLAUSE_SHARE = SEED_CLAUSE_SHARE
    corpus = search_bench.Corpus(source, search.tokenizer())
    texts = corpus.paragraphs(size)
    search_bench.load_database(texts)
    print(f"  corpus of {size:,} paragraphs built and stored in {time.perf_counter() - started:.0f} s", flush=True)

    ids, speech_of, all_texts = compute._all_paragraphs()
    started = time.perf_counter()
    pairs, _ = parallels.find_parallels(all_texts, speech_of)
    find_seconds = time.perf_counter() - started
    started = time.perf_counter()
    stored = compute.compute_parallels()
    compute_seconds = time.perf_counter() - started
    assert stored == len(pairs)
    print(f"  whole computation {compute_seconds:.1f} s ({find_seconds:.1f} s finding, {stored:,} pairs)", flush=True)

    last_speech = Paragraph.objects.order_by("-pk").values_list("speech_id", flat=True)[0]
    started = time.perf_counter()
    compute.compute_parallels([last_speech])
    one_speech_seconds = time.perf_counter() - started
    assert Parallel.objects.count() == 2 * stored, "an incremental update changed the pairs"

    rows = Parallel.objects.values("paragraph_id").order_by().annotate(n=Count("pk"))
    busiest = max(rows, key=lambda row: row["n"])
    client = Client()
    panel = Paragraph.objects.select_related("speech").get(pk=busiest["paragraph_id"])
    worst = time_panel(client, f"/speeches/{panel.speech.slug}/p{panel.number}/parallels/")
    having = list(Parallel.objects.values_list("paragraph_id", flat=True).distinct()[:20_000])
    sample = Paragraph.objects.select_related("speech").filter(pk__in=random.Random(7).sample(having, PANEL_SAMPLE))
    typical = []
    for paragraph in sample:
        typical += time_panel(client, f"/speeches/{paragraph.speech.slug}/p{paragraph.number}/parallels/")
    return {
        "paragraphs": size,
        "pairs": stored,
        "paragraphs_with_parallels": Parallel.objects.values("paragraph_id").distinct().count(),
        "find_seconds": round(find_seconds, 1),
        "compute_seconds": round(compute_seconds, 1),
        "one_speech_seconds": round(one_speech_seconds, 2),
        "panel_busiest": {"parallels": busiest["n"], **percentiles(worst)},
        "panel_ms": percentiles(typical),
    }


def shared_corpus() -> dict:
    from passages import compute
    from speeches import actions
    from speeches.importing import speech_files
    from speeches.models import Speech

    Speech.objects.all().delete()
    files, _ = speech_files([CORPUS])
    with actions.batch():
        for path in files:
            actions.import_file(path)
    started = time.perf_counter()
    pairs = compute.compute_parallels()
    parallels_seconds = time.perf_counter() - started
    started = time.perf_counter()
    phrases = compute.compute_first_uses()
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    compute.compute_first_uses()
    again_seconds = time.perf_counter() - started
    return {
        "speeches": Speech.objects.count(),
        "pairs": pairs,
        "parallels_seconds": round(parallels_seconds, 2),
        "new_phrases": phrases,
        "first_uses_seconds": round(first_seconds, 1),
        "first_uses_again_seconds": round(again_seconds, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    args = parser.parse_args()
    if not (CORPUS / "as-found").is_dir():
        print(f"SKIP  parallels bench: the shared corpus is not beside the project ({CORPUS})")
        return 0
    with tempfile.TemporaryDirectory(prefix="jingdu-parallels-bench-") as folder:
        production_django.setup_django(Path(folder))
        print(f"\n== passages said before, {args.paragraphs:,} synthetic paragraphs", flush=True)
        report = {"synthetic": synthetic(args.paragraphs)}
        print("== the shared corpus", flush=True)
        report["shared_corpus"] = shared_corpus()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))
    result = report["synthetic"]
    checks = [
        (
            result["compute_seconds"] <= COMPUTE_TARGET_SECONDS,
            f"parallels of {result['paragraphs']:,} paragraphs computed in {result['compute_seconds']} s "
            f"(≤ {COMPUTE_TARGET_SECONDS:.0f} s)",
        ),
        (
            result["panel_ms"]["p95"] <= PANEL_TARGET_MS,
            f"a paragraph's parallels panel p95 {result['panel_ms']['p95']} ms (≤ {PANEL_TARGET_MS:.0f} ms)",
        ),
        (
            result["panel_busiest"]["p95"] <= PANEL_TARGET_MS,
            f"the busiest panel ({result['panel_busiest']['parallels']} parallels) p95 "
            f"{result['panel_busiest']['p95']} ms (≤ {PANEL_TARGET_MS:.0f} ms)",
        ),
    ]
    for passed, text in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {text}")
    print(f"Results: {RESULTS.relative_to(ROOT)}")
    if write_readme(report, checks):
        print("README updated between the parallels bench markers.")
    return 0


def write_readme(report: dict, checks: list[tuple[bool, str]]) -> bool:
    synthetic, corpus = report["synthetic"], report["shared_corpus"]
    load = os.getloadavg()[0]
    lines = [
        f"`make bench` (bench/parallels_bench.py, {os.cpu_count()} CPUs, load average {load:.1f} at the end): "
        f"{synthetic['paragraphs']:,} synthetic paragraphs, {synthetic['pairs']:,} pairs sharing a passage "
        f"({synthetic['paragraphs_with_parallels']:,} paragraphs have some). Whole computation "
        f"{synthetic['compute_seconds']} s, of which finding {synthetic['find_seconds']} s (the rest reads the "
        "paragraphs and stores both rows of each pair); a 50-paragraph speech's pairs updated (what its import "
        f"adds) {synthetic['one_speech_seconds']} s. "
        f"The panel: p50 {synthetic['panel_ms']['p50']} ms, p95 {synthetic['panel_ms']['p95']} ms (30 paragraphs "
        f"with parallels); the busiest paragraph ({synthetic['panel_busiest']['parallels']:,} parallels) "
        f"p95 {synthetic['panel_busiest']['p95']} ms. The shared corpus ({corpus['speeches']} speeches): "
        f"{corpus['pairs']:,} pairs in {corpus['parallels_seconds']} s; {corpus['new_phrases']:,} new formulations in "
        f"{corpus['first_uses_seconds']} s cutting every speech into words, {corpus['first_uses_again_seconds']} s "
        "once the candidates are kept.",
        "",
        *[f"- {'PASS' if passed else 'FAIL'} {check}" for passed, check in checks],
    ]
    return readme_section.write_section(MARKERS, "\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
