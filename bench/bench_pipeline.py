#!/usr/bin/env python3
"""Throughput and memory of the whole pipeline (`sorot.pipeline`) in one process on one core.

usage: bench_pipeline.py [--corpus PATH | --indosum] [--limit N] [--stages a,b,c] [--tracemalloc N] [--json]

Reads a JSONL corpus with sorot's own reader, builds a fresh pipeline (default stages unless
--stages), processes every article once and reports articles/s, characters/s, per-article
latency percentiles, the time of each stage (from ``Pipeline.timings``) and memory: resident
set size after loading and at its peak (``resource.getrusage``), plus, with --tracemalloc N,
the peak of Python allocations while processing the first N articles again under tracemalloc
(a separate pass, so tracing does not slow the timed one). Processed documents are dropped as
soon as they are counted, so the peak reflects the pipeline, not the corpus held in memory.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from sorot.ingest.base import ReadError, read_inputs
from sorot.model import Document
from sorot.pipeline import DEFAULT_STAGES, Pipeline, StageError

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "articles.jsonl"
INDOSUM = REPO.parent / "shared" / "corpus" / "indosum" / "articles.jsonl"


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (ru_maxrss is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mb() -> float:
    """Resident set size now, in MiB (Linux /proc; falls back to the peak elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return rss_mb()
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def load_corpus(path: Path, limit: int) -> tuple[list[Document], int]:
    docs: list[Document] = []
    unreadable = 0
    for item in read_inputs([str(path)]):
        if isinstance(item, ReadError):
            unreadable += 1
            continue
        docs.append(item)
        if limit and len(docs) >= limit:
            break
    return docs, unreadable


def fresh(doc: Document) -> Document:
    """A new unprocessed copy, so a second pass starts from the same input."""
    return Document(id=doc.id, raw_text=doc.raw_text, url=doc.url, source=doc.source, title=doc.title,
                    date=doc.date, lang=doc.lang, meta=dict(doc.meta))


def run(corpus: Path, limit: int, stages: list[str], trace_n: int) -> dict[str, Any]:
    docs, unreadable = load_corpus(corpus, limit)
    if not docs:
        raise SystemExit(f"no readable articles in {corpus}")
    rss_before_load = current_rss_mb()
    started = time.perf_counter()
    pipeline = Pipeline.from_config(stages)
    load_s = time.perf_counter() - started
    gc.collect()
    rss_after_load = current_rss_mb()

    latencies: list[float] = []
    counts = {"events": 0, "sentences": 0, "mentions": 0, "quotes": 0, "errors": 0}
    chars = sum(len(d.raw_text) for d in docs)
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for doc in docs:
        t0 = time.perf_counter()
        try:
            out = pipeline(fresh(doc))
        except StageError:
            counts["errors"] += 1
            continue
        latencies.append(time.perf_counter() - t0)
        counts["events"] += len(out.events)
        counts["sentences"] += len(out.sentences)
        counts["mentions"] += len(out.mentions)
        counts["quotes"] += len(out.quotes)
    wall = time.perf_counter() - wall_started
    cpu = time.process_time() - cpu_started
    n = len(docs)

    result: dict[str, Any] = {
        "corpus": str(corpus), "articles": n, "unreadable": unreadable, "characters": chars,
        "stages": {}, "load_s": round(load_s, 2), "seconds": round(wall, 3), "cpu_seconds": round(cpu, 3),
        "articles_per_s": round(n / wall, 1), "chars_per_s": round(chars / wall),
        "articles_per_cpu_s": round(n / cpu, 1) if cpu else None,  # steadier than wall time on a shared machine
        # Lazy resources loaded on the first article show up here rather than in load_s.
        "first_article_ms": round(1000 * latencies[0], 1) if latencies else None,
        "articles_per_s_after_first": round((len(latencies) - 1) / sum(latencies[1:]), 1)
        if len(latencies) > 1 else None,
        "ms_per_article": _percentiles(latencies),
        "memory_mb": {"rss_before_load": round(rss_before_load, 1), "rss_after_load": round(rss_after_load, 1),
                      "rss_after_run": round(current_rss_mb(), 1), "peak_rss": round(rss_mb(), 1)},
        "found": counts, "python": platform.python_version(), "cpus": os.cpu_count(),
    }
    total = sum(pipeline.timings.values()) or 1.0
    for name in (s.name for s in pipeline.stages):
        spent = pipeline.timings.get(name, 0.0)
        result["stages"][name] = {"seconds": round(spent, 3), "ms_per_article": round(1000 * spent / n, 2),
                                  "share": round(spent / total, 3)}
    if trace_n:
        result["memory_mb"]["tracemalloc_peak"] = _traced_peak(pipeline, docs[:trace_n])
        result["memory_mb"]["tracemalloc_articles"] = min(trace_n, n)
    return result


def _percentiles(latencies: list[float]) -> dict[str, float]:
    if not latencies:
        return {}
    ms = sorted(x * 1000 for x in latencies)
    return {"mean": round(statistics.fmean(ms), 2), "p50": round(ms[len(ms) // 2], 2),
            "p95": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 2), "max": round(ms[-1], 2)}


def _traced_peak(pipeline: Pipeline, docs: list[Document]) -> float:
    """Peak MiB of Python allocations made while processing ``docs`` (resources already loaded)."""
    gc.collect()
    tracemalloc.start()
    try:
        for doc in docs:
            with contextlib.suppress(StageError):  # failures are counted in the timed pass
                pipeline(fresh(doc))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(peak / (1024 * 1024), 1)


def print_table(r: dict[str, Any]) -> None:
    lat = r["ms_per_article"]
    mem = r["memory_mb"]
    print(f"corpus   {r['corpus']}")
    print(f"articles {r['articles']} ({r['unreadable']} unreadable, {r['found']['errors']} stage errors), "
          f"{r['characters'] / r['articles']:,.0f} characters on average")
    print(f"load     {r['load_s']:.2f} s (pipeline construction)")
    print(f"run      {r['seconds']:.2f} s wall, {r['cpu_seconds']:.2f} s CPU -> {r['articles_per_s']:.1f} articles/s, "
          f"{r['chars_per_s']:,} characters/s ({r['articles_per_cpu_s']} articles per CPU second)")
    print(f"latency  mean {lat['mean']} ms, p50 {lat['p50']} ms, p95 {lat['p95']} ms, max {lat['max']} ms; "
          f"first article {r['first_article_ms']} ms, then {r['articles_per_s_after_first']} articles/s")
    print(f"memory   RSS {mem['rss_before_load']} MiB before load, {mem['rss_after_load']} after load, "
          f"{mem['rss_after_run']} after run, peak {mem['peak_rss']} MiB", end="")
    if "tracemalloc_peak" in mem:
        print(f"; Python allocations peak {mem['tracemalloc_peak']} MiB over {mem['tracemalloc_articles']} articles")
    else:
        print()
    found = r["found"]
    print(f"found    {found['sentences']} sentences, {found['mentions']} mentions, {found['events']} events, "
          f"{found['quotes']} quotes")
    print()
    print(f"{'stage':<12}{'seconds':>10}{'ms/article':>12}{'share':>8}")
    for name, s in r["stages"].items():
        print(f"{name:<12}{s['seconds']:>10.3f}{s['ms_per_article']:>12.2f}{s['share']:>7.0%}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = ap.add_mutually_exclusive_group()
    source.add_argument("--corpus", type=Path, default=SAMPLES, help="JSONL corpus (default: samples/articles.jsonl)")
    source.add_argument("--indosum", action="store_true", help=f"use {INDOSUM}")
    ap.add_argument("--limit", type=int, default=0, help="first N articles only")
    ap.add_argument("--stages", default=",".join(DEFAULT_STAGES), help="comma-separated stage names")
    ap.add_argument("--tracemalloc", type=int, default=0, metavar="N",
                    help="also measure the Python allocation peak over the first N articles (separate pass)")
    ap.add_argument("--json", action="store_true", help="print the result as one JSON object")
    args = ap.parse_args(argv)
    corpus = INDOSUM if args.indosum else args.corpus
    if not corpus.exists():
        ap.error(f"corpus not found: {corpus}")
    result = run(corpus, args.limit, [s for s in args.stages.split(",") if s], args.tracemalloc)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
