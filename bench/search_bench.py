"""`make bench`: speed and exactness of paragraph search on synthetic corpora of 1k, 20k and 100k paragraphs.

What it measures, for each corpus size, in a fresh data folder and a fresh Python process:

* The corpus: deterministic (fixed seed), built from the seed speech's own text. The seed is
  parsed by `speeches.importing` and cut into clauses (on 。，；！？). A paragraph is a run of
  clauses, about 60–200 characters: each clause is either one of the seed's clauses, drawn
  uniformly, or a new clause walked by a word-bigram chain over the seed's jieba words, so the
  vocabulary and word distribution are the seed's while new word sequences make some phrases
  rare. Paragraphs are grouped into speeches of 50 and bulk-inserted after `migrate`.
* Index builds: `search.rebuild_index()` (all cores, up to 4 processes), re-indexing one speech
  (`search.index_speeches`), an SQLite FTS5 table with the trigram tokenizer, and folding every
  text for the in-memory scan.
* Four kinds of query, five queries each, picked from the corpus: a frequent word, a rare phrase
  (4–6 characters found in few paragraphs), two terms separated by a space, and a term with no
  verbatim match whose jieba words all occur (e.g. 职工权益). Each query runs once to warm up,
  then 20 times (3 times if the warm-up took over a second); p50 and p95 latency in ms per kind.
* Three engines on the same queries: this project's search (`search.search(q, limit=20)`),
  SQLite FTS5 trigram (each term of 3+ characters as a quoted MATCH phrase, shorter terms through
  `instr(text, term) > 0`, all terms ANDed; the top 20 by rank plus a COUNT of all matches), and
  a substring scan over the folded texts in Python, which is the ground truth.
* The search page over HTTP, as a reader gets it: gunicorn (2 workers, DEBUG off) on the same data
  folder, the same queries one request at a time, timed from the request to the last byte: the whole
  page and its htmx fragment, and /healthz for what any request costs. Target: the page's p95 over all
  the queries ≤ 0.5× the in-process scan's, from 20k paragraphs up (the page costs little more than its
  search).
* Quality: precision and recall of each engine's verbatim matches against the scan over the full
  match set (for this search, the hits marked `exact`). Related hits (the word-only queries)
  are counted separately and checked against their definition (each term verbatim or as all of
  its jieba words) on the first 2,000 paragraphs, where jieba cuts the texts again.

Results go to var/bench/search.json and the README (between the bench markers), and the targets
are checked: verbatim precision and recall 1.0, p95 ≤ 30 ms per kind up to 20k paragraphs and
≤ 100 ms above, re-indexing one speech ≤ 2 s, a full rebuild ≤ 20 s at 20k paragraphs and ≤ 120 s at 100k. The exit
status is 0 whatever the outcome: this is a report.

Usage: python bench/search_bench.py [--sizes 1000,20000,100000] [--runs 20] [--no-readme] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import json
import os
import platform
import pstats
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

import readme_section  # bench/ is the script's folder, so first on sys.path

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seeds" / "2023-10-23-acftu-leadership-talk.txt"
RESULTS = ROOT / "var" / "bench" / "search.json"
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")

RANDOM_SEED = 20231023
DEFAULT_SIZES = (1_000, 20_000, 100_000)
PARAGRAPHS_PER_SPEECH = 50
PARAGRAPH_CHARS = (60, 200)
SEED_CLAUSE_SHARE = 0.6  # the rest are new clauses walked by the word-bigram chain
MAX_CHAIN_CLAUSE_CHARS = 40
QUERIES_PER_KIND = 5
SAMPLE_PARAGRAPHS = 2_000  # the corpus prefix (the same at every size) that ranks candidate queries
REINDEX_REPEATS = 3
SLOW_QUERY_SECONDS = 1.0  # a query whose warm-up takes longer is timed SLOW_QUERY_RUNS times only
SLOW_QUERY_RUNS = 3

CLAUSE_ENDS = "。，；！？"
CLAUSE = re.compile(f"[^{CLAUSE_ENDS}]+[{CLAUSE_ENDS}]?")
HAN_ONLY = re.compile("^[\u4e00-\u9fff]+$")

KINDS = {
    "frequent": "frequent word",
    "rare": "rare phrase",
    "two_terms": "two terms",
    "words_only": "words only",
}
ENGINES = {
    "jingdu": "jingdu (Whoosh + jieba)",
    "fts5": "SQLite FTS5 trigram",
    "scan": "substring scan (Python)",
}
# Favourite queries of the study group, used first when the corpus gives them the right shape.
PREFERRED = {"rare": ["国之大者"], "two_terms": ["劳模精神 职工"], "words_only": ["职工权益"]}

# Targets
P95_MS_UP_TO_20K = 30.0
P95_MS_ABOVE_20K = 100.0
REINDEX_SECONDS = 2.0
REBUILD_SECONDS = {20_000: 20.0, 100_000: 120.0}  # full rebuild, on 2 cores
PAGE_SHARE_OF_SCAN = 0.5  # the search page over HTTP, p95 over all queries, against the in-process scan's
HTTP_VARIANTS = {"page": "search page over HTTP", "fragment": "its htmx fragment over HTTP"}


# ---------------------------------------------------------------- statistics


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def precision_recall(found: set[int], truth: set[int]) -> tuple[float, float]:
    true_positives = len(found & truth)
    precision = true_positives / len(found) if found else 1.0
    recall = true_positives / len(truth) if truth else 1.0
    return precision, recall


def peak_rss_mb() -> dict[str, float]:
    # ru_maxrss is in KiB on Linux (bytes on macOS; this bench is for the Linux servers).
    return {
        "self": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "largest_child": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


def directory_bytes(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


# ---------------------------------------------------------------- one size (runs in its own process)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


class Corpus:
    """The seed's clauses and a word-bigram chain over its jieba words; paragraphs from both."""

    def __init__(self, seed_paragraphs: list[str], tokenizer) -> None:
        self.clauses = [clause for paragraph in seed_paragraphs for clause in CLAUSE.findall(paragraph)]
        self.successors: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        for paragraph in seed_paragraphs:
            previous = None
            for token in tokenizer.cut(paragraph):
                if (previous is None or previous in CLAUSE_ENDS) and any(ch.isalnum() for ch in token):
                    self.starts.append(token)
                if previous is not None:
                    self.successors[previous].append(token)
                previous = token
        self.rng = random.Random(RANDOM_SEED)

    def chain_clause(self) -> str:
        token = self.rng.choice(self.starts)
        tokens = [token]
        length = len(token)
        while token not in CLAUSE_ENDS and length < MAX_CHAIN_CLAUSE_CHARS:
            following = self.successors.get(token)
            if not following:
                break
            token = self.rng.choice(following)
            tokens.append(token)
            length += len(token)
        if tokens[-1] not in CLAUSE_ENDS:
            tokens.append("，")
        return "".join(tokens)

    def paragraph(self) -> str:
        target = self.rng.randint(*PARAGRAPH_CHARS)
        parts: list[str] = []
        length = 0
        while length < target or len(parts) < 2:
            clause = self.rng.choice(self.clauses) if self.rng.random() < SEED_CLAUSE_SHARE else self.chain_clause()
            parts.append(clause)
            length += len(clause)
        text = "".join(parts)
        if text[-1] in "，；":
            text = text[:-1] + "。"
        elif text[-1] not in CLAUSE_ENDS:
            text += "。"
        return text

    def paragraphs(self, count: int) -> list[str]:
        # One generator, drawn in order: a smaller corpus is a prefix of a larger one.
        return [self.paragraph() for _ in range(count)]


def seed_paragraphs() -> list[str]:
    from speeches.importing import read_speech_file

    _, parsed = read_speech_file(SEED_FILE)
    return list(parsed.paragraphs)


def load_database(texts: list[str]) -> tuple[list[int], list[str]]:
    """Insert speeches of PARAGRAPHS_PER_SPEECH paragraphs; return paragraph ids (in text order) and slugs."""
    from django.db import transaction
    from django.utils import timezone

    from speeches.models import Paragraph, Speech

    now = timezone.now()
    speech_count = -(-len(texts) // PARAGRAPHS_PER_SPEECH)
    with transaction.atomic():
        speeches = Speech.objects.bulk_create(
            Speech(
                slug=f"bench-{number:05d}",
                title=f"基准讲话 {number}",
                speaker="基准",
                source_file=f"bench-{number:05d}.txt",
                checksum=f"{number:064x}",
                imported_at=now,
            )
            for number in range(1, speech_count + 1)
        )
        Paragraph.objects.bulk_create(
            (
                Paragraph(
                    speech=speeches[index // PARAGRAPHS_PER_SPEECH],
                    number=index % PARAGRAPHS_PER_SPEECH + 1,
                    text=text,
                )
                for index, text in enumerate(texts)
            ),
            batch_size=2_000,
        )
    ids = {(slug, number): pk for pk, slug, number in Paragraph.objects.values_list("pk", "speech__slug", "number")}
    paragraph_ids = [
        ids[(speeches[index // PARAGRAPHS_PER_SPEECH].slug, index % PARAGRAPHS_PER_SPEECH + 1)]
        for index in range(len(texts))
    ]
    return paragraph_ids, [speech.slug for speech in speeches]


class Scan:
    """Ground truth: every folded term is a substring of the folded text."""

    def __init__(self, ids: list[int], folded: list[str]) -> None:
        self.rows = list(zip(ids, folded, strict=True))

    def matches(self, terms: list[str]) -> list[int]:
        return [pk for pk, text in self.rows if all(term in text for term in terms)]

    def search(self, query: str) -> tuple[int, list[int]]:
        from speeches.search import parse_query

        found = self.matches(parse_query(query)[2])
        return len(found), found[:20]

    def count(self, term: str) -> int:
        return sum(term in text for _, text in self.rows)


class Fts5:
    """SQLite FTS5 with the trigram tokenizer over the folded texts; short terms fall back to instr()."""

    def __init__(self, path: Path, ids: list[int], folded: list[str]) -> None:
        self.path = path
        self.db = sqlite3.connect(path)
        started = time.perf_counter()
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(text, tokenize='trigram')")
        with self.db:
            self.db.executemany("INSERT INTO docs(rowid, text) VALUES (?, ?)", zip(ids, folded, strict=True))
            self.db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        self.build_seconds = time.perf_counter() - started

    @staticmethod
    def _where(terms: list[str]) -> tuple[str, list[str], bool]:
        long_terms = [term for term in terms if len(term) >= 3]
        short_terms = [term for term in terms if len(term) < 3]
        clauses, parameters = [], []
        if long_terms:
            clauses.append("docs MATCH ?")
            parameters.append(" AND ".join('"' + term.replace('"', '""') + '"' for term in long_terms))
        for term in short_terms:
            clauses.append("instr(text, ?) > 0")
            parameters.append(term)
        return " AND ".join(clauses), parameters, bool(long_terms)

    def search(self, query: str) -> tuple[int, list[int]]:
        from speeches.search import parse_query

        where, parameters, ranked = self._where(parse_query(query)[2])
        order = "rank" if ranked else "rowid"
        top_sql = f"SELECT rowid FROM docs WHERE {where} ORDER BY {order} LIMIT 20"
        top = [row[0] for row in self.db.execute(top_sql, parameters)]
        (count,) = self.db.execute(f"SELECT count(*) FROM docs WHERE {where}", parameters).fetchone()
        return count, top

    def all_matches(self, query: str) -> list[int]:
        from speeches.search import parse_query

        where, parameters, _ = self._where(parse_query(query)[2])
        return [row[0] for row in self.db.execute(f"SELECT rowid FROM docs WHERE {where}", parameters)]

    def close(self) -> None:
        self.db.close()


def pick_queries(folded: list[str], scan: Scan, size: int) -> dict[str, list[str]]:
    """Five queries of each kind, deterministic for a corpus; each checked against the full corpus."""
    from speeches import search

    sample = folded[:SAMPLE_PARAGRAPHS]

    def sample_count(*terms: str) -> int:
        return sum(all(term in text for term in terms) for text in sample)

    stop_words = search.stop_words()
    seed_words = search.words(search.fold("".join(seed_paragraphs())))
    vocabulary = sorted({word for word in seed_words if len(word) >= 2 and word not in stop_words})
    by_frequency = sorted(vocabulary, key=lambda word: (-sample_count(word), word))

    queries: dict[str, list[str]] = {}
    queries["frequent"] = by_frequency[:QUERIES_PER_KIND]

    # Rare: 4–6 Han characters out of random paragraphs, found in the fewest paragraphs (at least one).
    rng = random.Random(RANDOM_SEED + 1)
    candidates: dict[str, int] = {}
    for _ in range(2_000):
        text = rng.choice(folded)
        length = rng.choice((4, 5, 6))
        start = rng.randrange(max(1, len(text) - length))
        window = text[start : start + length]
        if len(window) == length and HAN_ONLY.match(window) and window not in candidates:
            candidates[window] = sample_count(window)
    rare_cut = sorted(candidates, key=lambda window: (candidates[window], window))[:200]
    counted = sorted((scan.count(window), window) for window in rare_cut)
    limit = max(3, size // 1_000)
    rare = [phrase for phrase in PREFERRED["rare"] if 0 < scan.count(phrase) <= limit]
    rare += [window for count, window in counted if count >= 1 and window not in rare]
    queries["rare"] = rare[:QUERIES_PER_KIND]

    # Two terms: a longer word of the seed and one of the frequent words, found together.
    two_terms = [query for query in PREFERRED["two_terms"] if sample_count(*query.split())]
    longer = [word for word in by_frequency if len(word) >= 3]
    for index, word in enumerate(longer):
        partner = queries["frequent"][index % QUERIES_PER_KIND]
        query = f"{word} {partner}"
        if partner in word or word in partner or query in two_terms:
            continue
        if sample_count(word, partner):
            two_terms.append(query)
        if len(two_terms) == QUERIES_PER_KIND:
            break
    queries["two_terms"] = two_terms

    # Words only: two words of the seed written together, which jieba cuts back into the two
    # words; never found verbatim, but both words occur together in some paragraphs.
    def words_only_ok(query: str) -> bool:
        parts = search.words(query)
        return (
            len(parts) == 2
            and "".join(parts) == query
            and not (set(parts) & stop_words)
            and sample_count(*parts) > 0
            and scan.count(query) == 0
        )

    words_only = [query for query in PREFERRED["words_only"] if words_only_ok(query)]
    pairs = [word for word in by_frequency if len(word) == 2][:15]
    for first in pairs:
        for second in pairs:
            query = first + second
            if first != second and query not in words_only and words_only_ok(query):
                words_only.append(query)
            if len(words_only) == QUERIES_PER_KIND:
                break
        if len(words_only) == QUERIES_PER_KIND:
            break
    queries["words_only"] = words_only
    return queries


def time_query(run, query: str, runs: int) -> list[float]:
    started = time.perf_counter()
    run(query)  # warm-up
    if time.perf_counter() - started > SLOW_QUERY_SECONDS:
        runs = min(runs, SLOW_QUERY_RUNS)  # keep the whole run bounded when a query takes seconds
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run(query)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def jingdu_all_hits(query: str, paragraph_count: int):
    from speeches import search

    results = search.search(query, limit=paragraph_count + 1)
    exact = [hit.paragraph_id for hit in results.hits if hit.exact]
    related = [hit.paragraph_id for hit in results.hits if not hit.exact]
    return results, exact, related


def related_quality(query: str, terms: list[str], loose: list[int], count: int, rows: list[tuple[int, str]]) -> dict:
    """Related hits against their definition, on the whole corpus (folded texts).

    A paragraph is related when it does not hold every term verbatim but holds each term either
    verbatim or as all of the term's jieba words, each of them verbatim.
    """
    from speeches import search

    term_words = {term: set(search.term_words(term)) for term in terms}
    truth = {
        pk
        for pk, text in rows
        if not all(term in text for term in terms)
        and all(term in text or all(word in text for word in term_words[term]) for term in terms)
    }
    precision, recall = precision_recall(set(loose), truth)
    return {
        "query": query,
        "words": sorted({word for group in term_words.values() for word in group}),
        "jingdu_related": count,
        "jingdu_related_hits_returned": len(loose),
        "related_truth": len(truth),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
    }


def profile_query(query: str, runs: int) -> str:
    from speeches import search

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        search.search(query, limit=20)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)
    return out.getvalue()


def run_size(size: int, runs: int, profile: bool) -> dict:
    """Everything for one corpus size; DATA_DIR is a fresh folder set by the parent."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from speeches import search

    def log(message: str) -> None:
        print(f"  [{size:,}] {message}", flush=True)

    result: dict = {"size": size, "timings_s": {}, "load_average_at_start": os.getloadavg()}
    timings = result["timings_s"]

    started = time.perf_counter()
    search.warm_up()
    corpus = Corpus(seed_paragraphs(), search.tokenizer())
    texts = corpus.paragraphs(size)
    timings["generate"] = time.perf_counter() - started
    result["corpus"] = {
        "paragraphs": size,
        "speeches": -(-size // PARAGRAPHS_PER_SPEECH),
        "characters": sum(map(len, texts)),
        "mean_paragraph_chars": round(statistics.mean(map(len, texts)), 1),
        "seed_clauses": len(corpus.clauses),
        "seed_clause_share": SEED_CLAUSE_SHARE,
        "random_seed": RANDOM_SEED,
    }
    log(f"corpus: {size:,} paragraphs, {result['corpus']['characters']:,} characters")

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    timings["migrate"] = time.perf_counter() - started
    started = time.perf_counter()
    ids, slugs = load_database(texts)
    timings["insert"] = time.perf_counter() - started

    started = time.perf_counter()
    count = search.rebuild_index()
    timings["jingdu_rebuild"] = time.perf_counter() - started
    assert count == size, (count, size)
    result["index_bytes"] = {"jingdu": directory_bytes(Path(settings.SEARCH_INDEX_DIR))}
    log(f"rebuild_index: {timings['jingdu_rebuild']:.1f} s")

    started = time.perf_counter()
    folded = [search.fold(text) for text in texts]
    timings["scan_fold"] = time.perf_counter() - started
    scan = Scan(ids, folded)
    fts5 = Fts5(Path(settings.DATA_DIR) / "fts5.sqlite3", ids, folded)
    timings["fts5_build"] = fts5.build_seconds
    result["index_bytes"]["fts5"] = fts5.path.stat().st_size
    log(f"FTS5 build: {fts5.build_seconds:.1f} s")

    queries = pick_queries(folded, scan, size)
    result["queries"] = queries
    log("queries: " + "; ".join(f"{kind}: {', '.join(qs)}" for kind, qs in queries.items()))

    engines = {
        "jingdu": lambda query: search.search(query, limit=20),
        "fts5": fts5.search,
        "scan": scan.search,
    }
    per_query: dict[str, dict[str, dict]] = {kind: {query: {} for query in qs} for kind, qs in queries.items()}
    latency: dict[str, dict[str, dict]] = {engine: {} for engine in engines}
    for engine, run in engines.items():
        every_sample = []
        for kind, kind_queries in queries.items():
            samples = []
            for query in kind_queries:
                query_samples = time_query(run, query, runs)
                samples += query_samples
                per_query[kind][query][engine] = {
                    "p50_ms": round(percentile(query_samples, 0.5), 2),
                    "p95_ms": round(percentile(query_samples, 0.95), 2),
                    "runs": len(query_samples),
                }
            latency[engine][kind] = {
                "p50_ms": round(percentile(samples, 0.5), 2),
                "p95_ms": round(percentile(samples, 0.95), 2),
                "samples": len(samples),
            }
            every_sample += samples
        latency[engine]["all"] = {
            "p50_ms": round(percentile(every_sample, 0.5), 2),
            "p95_ms": round(percentile(every_sample, 0.95), 2),
            "samples": len(every_sample),
        }
        log(f"timed {engine}")
    result["latency"] = latency

    # Re-index one speech (a middle one), a few times: delete its paragraphs and add them again.
    slug = slugs[len(slugs) // 2]
    reindex = []
    for _ in range(REINDEX_REPEATS):
        started = time.perf_counter()
        search.index_speeches([slug])
        reindex.append(time.perf_counter() - started)
    timings["jingdu_reindex_one_speech"] = reindex
    log(f"index_speeches([{slug!r}]): {', '.join(f'{s:.2f}' for s in reindex)} s")

    # Quality, after the re-index (so on an index that has had incremental updates).
    quality: dict[str, dict[str, list[float]]] = {engine: {"precision": [], "recall": []} for engine in engines}
    related = []

    for kind, kind_queries in queries.items():
        for query in kind_queries:
            terms = search.parse_query(query)[2]
            truth = set(scan.matches(terms))
            results, exact, loose = jingdu_all_hits(query, size)
            found = {
                "jingdu": set(exact),
                "fts5": set(fts5.all_matches(query)),
                "scan": truth,
            }
            entry = per_query[kind][query]
            entry["verbatim_truth"] = len(truth)
            for engine, hits in found.items():
                precision, recall = precision_recall(hits, truth)
                quality[engine]["precision"].append(precision)
                quality[engine]["recall"].append(recall)
                entry[engine].update(found=len(hits), precision=round(precision, 4), recall=round(recall, 4))
            entry["jingdu"]["exact_count"] = results.exact_count
            entry["jingdu"]["related_count"] = results.related_count
            if len(exact) != results.exact_count:
                entry["jingdu"]["count_mismatch"] = True
            if kind == "words_only":
                related.append(related_quality(query, terms, loose, results.related_count, scan.rows))
    result["quality"] = {
        engine: {"precision_min": min(values["precision"]), "recall_min": min(values["recall"])}
        for engine, values in quality.items()
    }
    result["related"] = related
    result["per_query"] = per_query
    log("quality checked")

    result["http"] = time_pages(queries, runs)
    log(
        "timed the search page over HTTP: "
        + ", ".join(f"{k} p95 {v['all']['p95_ms']} ms" for k, v in result["http"].items())
    )

    if profile:
        slowest = max(
            ((kind, query, stats["jingdu"]["p95_ms"]) for kind, qs in per_query.items() for query, stats in qs.items()),
            key=lambda item: item[2],
        )
        log(f"profiling the slowest query, {slowest[1]!r} ({KINDS[slowest[0]]}, p95 {slowest[2]} ms)")
        result["profile"] = {"query": slowest[1], "stats": profile_query(slowest[1], runs)}
        print(result["profile"]["stats"], flush=True)

    fts5.close()
    search.forget_open_indexes()
    result["peak_rss_mb"] = peak_rss_mb()
    result["load_average_at_end"] = os.getloadavg()
    return result


def time_pages(queries: dict[str, list[str]], runs: int) -> dict:
    """The search page over HTTP, as a reader gets it: gunicorn (config/gunicorn.conf.py, 2 workers, DEBUG off)
    on this data folder, one request at a time, each on a new connection (gunicorn's sync workers close
    them), timed from the request to the last byte. The whole page (`/search/?q=…`, as a link or the
    search box without JavaScript opens it) and its htmx fragment (as the search box with JavaScript asks);
    /healthz for the floor: what any request costs."""
    port = free_port()
    env = dict(os.environ, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1")
    env["STATIC_MANIFEST"] = "0"
    command = [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "config.wsgi"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not _answers(port, "/healthz"):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)  # polling the health check, not pacing a measurement
        timed = {"page": {}, "fragment": {"HX-Request": "true"}}
        report = {}
        for variant, headers in timed.items():
            report[variant] = {}
            every_sample = []
            for kind, kind_queries in queries.items():
                samples = []
                for query in kind_queries:
                    path = "/search/?" + urllib.parse.urlencode({"q": query})
                    for _ in range(4):  # both workers warm (the distribution kept per process)
                        _get(port, path, headers)
                    samples += [_get(port, path, headers) for _ in range(runs)]
                report[variant][kind] = {
                    "p50_ms": round(percentile(samples, 0.5), 2),
                    "p95_ms": round(percentile(samples, 0.95), 2),
                }
                every_sample += samples
            report[variant]["all"] = {
                "p50_ms": round(percentile(every_sample, 0.5), 2),
                "p95_ms": round(percentile(every_sample, 0.95), 2),
            }
        floor = [_get(port, "/healthz", {}) for _ in range(runs * 5)]
        report["healthz"] = {
            "all": {"p50_ms": round(percentile(floor, 0.5), 2), "p95_ms": round(percentile(floor, 0.95), 2)}
        }
        return report
    finally:
        end_process_group(server)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int, path: str) -> bool:
    try:
        _get(port, path, {})
        return True
    except (OSError, AssertionError):
        return False


def _get(port: int, path: str, headers: dict) -> float:
    """Milliseconds from the request to the answer's last byte."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 200, (path, response.status)
    return (time.perf_counter() - started) * 1000


# ---------------------------------------------------------------- the report (parent process)


def run_in_subprocess(size: int, runs: int, profile: bool) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"jingdu-bench-{size}-"))
    env = dict(os.environ, DATA_DIR=str(data_dir), DEBUG=os.environ.get("DEBUG") or "1")
    env.pop("DATABASE_URL", None)  # always a throwaway SQLite database, never a configured one
    out = data_dir / "result.json"
    command = [sys.executable, __file__, "--worker", str(size), "--runs", str(runs), "--result", str(out)]
    if profile:
        command.append("--profile")
    started = time.perf_counter()
    # Its own process group, so that the worker and the processes of its index build end together.
    worker = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        if worker.wait() != 0:
            raise subprocess.CalledProcessError(worker.returncode, command)
        result = json.loads(out.read_text(encoding="utf-8"))
        result["timings_s"]["total"] = time.perf_counter() - started
        return result
    finally:
        end_process_group(worker)
        shutil.rmtree(data_dir, ignore_errors=True)


def end_process_group(worker: subprocess.Popen) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(worker.pid, sig)
        except ProcessLookupError:
            return  # the group has no process left
        try:
            worker.wait(timeout=5)
        except subprocess.TimeoutExpired:
            continue
        if sig == signal.SIGTERM:
            time.sleep(0.5)  # let the worker's own children go too, then make sure


def p95_target(size: int) -> float:
    return P95_MS_UP_TO_20K if size <= 20_000 else P95_MS_ABOVE_20K


def build_seconds(result: dict, engine: str) -> float:
    return result["timings_s"][{"jingdu": "jingdu_rebuild", "fts5": "fts5_build", "scan": "scan_fold"}[engine]]


def markdown(results: list[dict], cpus: int) -> str:
    lines = [
        f"{cpus} CPUs, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; "
        "p50 / p95 ms per kind of query (5 queries × 20 runs); build: full index (this search: "
        "`rebuild_index` from the database; FTS5: insert of the folded texts; scan: folding them); "
        "precision / recall of verbatim matches against the scan, worst query.",
    ]
    for result in results:
        corpus = result["corpus"]
        timings = result["timings_s"]
        lines += [
            "",
            f"**{corpus['paragraphs']:,} paragraphs** ({corpus['speeches']:,} speeches, "
            f"{corpus['characters'] / 1e6:.1f} M characters; load average "
            f"{result['load_average_at_start'][0]:.1f} at the start, "
            f"{result['load_average_at_end'][0]:.1f} at the end)",
            "",
            "| engine | " + " | ".join(KINDS.values()) + " | build s | precision | recall |",
            "| --- | " + " | ".join("---:" for _ in KINDS) + " | ---: | ---: | ---: |",
        ]
        for engine, label in ENGINES.items():
            cells = [
                f"{result['latency'][engine][kind]['p50_ms']:.1f} / {result['latency'][engine][kind]['p95_ms']:.1f}"
                for kind in KINDS
            ]
            quality = result["quality"][engine]
            lines.append(
                f"| {label} | {' | '.join(cells)} | {build_seconds(result, engine):.1f} | "
                f"{quality['precision_min']:.3f} | {quality['recall_min']:.3f} |"
            )
        for variant, label in HTTP_VARIANTS.items():
            if variant in result.get("http", {}):
                timing = result["http"][variant]
                cells = [f"{timing[kind]['p50_ms']:.1f} / {timing[kind]['p95_ms']:.1f}" for kind in KINDS]
                lines.append(f"| {label} | {' | '.join(cells)} |  |  |  |")
        if "http" in result:
            page, scan = result["http"]["page"]["all"], result["latency"]["scan"]["all"]
            lines += [
                "",
                f"Over all {QUERIES_PER_KIND * len(KINDS)} queries, p95: the search page over HTTP "
                f"{page['p95_ms']:.1f} ms, its htmx fragment {result['http']['fragment']['all']['p95_ms']:.1f} ms, "
                f"the in-process scan {scan['p95_ms']:.1f} ms (page ÷ scan {page['p95_ms'] / scan['p95_ms']:.2f}); "
                f"/healthz over HTTP {result['http']['healthz']['all']['p50_ms']:.1f} / "
                f"{result['http']['healthz']['all']['p95_ms']:.1f} ms.",
            ]
        reindex = timings["jingdu_reindex_one_speech"]
        related = ", ".join(
            f"{entry['query']} {entry['jingdu_related']:,} (P {entry['precision']:.2f} / R {entry['recall']:.2f})"
            for entry in result["related"]
        )
        lines += [
            "",
            f"Re-index one speech ({PARAGRAPHS_PER_SPEECH} paragraphs): "
            f"{max(reindex):.2f} s (worst of {len(reindex)}). "
            f"Index on disk: this search {result['index_bytes']['jingdu'] / 1e6:.1f} MB, "
            f"FTS5 {result['index_bytes']['fts5'] / 1e6:.1f} MB. "
            f"Related hits of the words-only queries (precision / recall against their definition: "
            f"every jieba word of the query in the text): {related}.",
        ]
    return "\n".join(lines)


def check_targets(results: list[dict]) -> list[tuple[bool, str]]:
    checks = []
    for result in results:
        size = result["size"]
        quality = result["quality"]["jingdu"]
        checks.append(
            (
                quality["precision_min"] == 1.0 and quality["recall_min"] == 1.0,
                f"{size:,}: verbatim precision {quality['precision_min']:.4f}, recall {quality['recall_min']:.4f} "
                "(target 1.0)",
            )
        )
        limit = p95_target(size)
        for kind, label in KINDS.items():
            p95 = result["latency"]["jingdu"][kind]["p95_ms"]
            checks.append((p95 <= limit, f"{size:,}: p95 {label} {p95:.1f} ms (target ≤ {limit:.0f} ms)"))
        if size >= 20_000 and "http" in result:
            page, scan = result["http"]["page"]["all"]["p95_ms"], result["latency"]["scan"]["all"]["p95_ms"]
            checks.append(
                (
                    page <= PAGE_SHARE_OF_SCAN * scan,
                    f"{size:,}: search page over HTTP p95 {page:.1f} ms, {page / scan:.2f}× the in-process scan "
                    f"({scan:.1f} ms; target ≤ {PAGE_SHARE_OF_SCAN}×)",
                )
            )
        reindex = max(result["timings_s"]["jingdu_reindex_one_speech"])
        checks.append((reindex <= REINDEX_SECONDS, f"{size:,}: re-index one speech {reindex:.2f} s (target ≤ 2 s)"))
        if size in REBUILD_SECONDS:
            rebuild, limit = result["timings_s"]["jingdu_rebuild"], REBUILD_SECONDS[size]
            fts5 = result["timings_s"]["fts5_build"]
            label = f"{size:,}: full rebuild {rebuild:.1f} s, FTS5 {fts5:.1f} s (target ≤ {limit:.0f} s)"
            checks.append((rebuild <= limit, label))
    return checks


def slow_queries(results: list[dict]) -> list[str]:
    lines = []
    for result in results:
        limit = p95_target(result["size"])
        for kind, queries in result["per_query"].items():
            for query, stats in queries.items():
                p95 = stats["jingdu"]["p95_ms"]
                if p95 > limit:
                    lines.append(
                        f"  {result['size']:,} {KINDS[kind]} {query!r}: p50 {stats['jingdu']['p50_ms']:.1f} ms, "
                        f"p95 {p95:.1f} ms, {stats['verbatim_truth']:,} verbatim matches"
                    )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="paragraph counts, comma-separated")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query, after one warm-up")
    parser.add_argument("--no-readme", action="store_true", help="do not write the table into README.md")
    parser.add_argument("--profile", action="store_true", help="cProfile the slowest query of this search per size")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        result = run_size(args.worker, args.runs, args.profile)
        args.result.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        return 0

    # On SIGTERM (make interrupted, a timeout) unwind normally: subprocess.run kills the worker
    # and the throwaway data folder is removed.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    cpus = os.cpu_count() or 1
    print(f"CPU count: {cpus} (usable by this process: {len(os.sched_getaffinity(0))})", flush=True)
    results = []
    for size in sizes:
        print(f"\n== {size:,} paragraphs", flush=True)
        results.append(run_in_subprocess(size, args.runs, args.profile))
        print(f"  [{size:,}] done in {results[-1]['timings_s']['total']:.0f} s", flush=True)

    checks = check_targets(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cpu_count": cpus,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "runs_per_query": args.runs,
        "results": results,
        "targets": [{"passed": passed, "check": text} for passed, text in checks],
    }
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")

    table = markdown(results, cpus)
    print("\n" + table + "\n")
    for passed, text in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {text}")
    slow = slow_queries(results)
    if slow:
        print("\nQueries of this search over their p95 target:\n" + "\n".join(slow))
    print(f"\nResults: {RESULTS.relative_to(ROOT)}")
    if args.no_readme:
        print("README not updated (--no-readme).")
    elif readme_section.write_section(MARKERS, table):
        print("README updated between the bench markers.")
    else:
        print(f"README has no {MARKERS[0]} … {MARKERS[1]} markers: not updated; the table is above.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
