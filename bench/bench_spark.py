#!/usr/bin/env python3
"""Scaling of the Spark job (`sorot.spark.job`) in local mode: local[1] against local[2] on one corpus.

usage: bench_spark.py [--corpus PATH] [--limit N] [--stages a,b,c] [--cores 1,2] [--partitions N]
                      [--date-folders month|day|year] [--json]

For each core count: start a local SparkSession, run a warm-up job on a few articles (so every
Python worker has started and built its pipeline, as on a long-running cluster), then time the
whole job on the corpus, Parquet writing included. Reports documents/s, documents/s per core and
the speed-up over the first core count, as a table and as JSON, with the driver's phases and
(on Linux) the CPU seconds the JVM and the Python workers spent in the timed job. The machine's
load is printed too: on a shared machine the speed-up is bounded by the cores actually free.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from sorot.pipeline import DEFAULT_STAGES
from sorot.spark.job import run_job, session
from sorot.spark.worker import JobConfig

REPO = Path(__file__).resolve().parents[1]
INDOSUM = REPO.parent / "shared" / "corpus" / "indosum" / "articles.jsonl"


def _subset(corpus: Path, limit: int, target: Path) -> Path:
    """The first LIMIT lines of the corpus in a temporary file (0: the corpus itself)."""
    if not limit:
        return corpus
    with corpus.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as dst:
        for n, line in enumerate(src):
            if n >= limit:
                break
            dst.write(line)
    return target


def _cpu_seconds() -> dict[str, float]:
    """CPU seconds so far of this process's descendants, as JVM and Python workers (Linux /proc; else empty)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return {}
    parents: dict[int, int] = {}
    stats: dict[int, tuple[str, float]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        stats[pid] = (stat[stat.index("(") + 1:stat.rindex(")")], (int(fields[11]) + int(fields[12])) / tick)
    totals = {"jvm": 0.0, "python_workers": 0.0}
    for pid, (name, seconds) in stats.items():
        parent = parents.get(pid)
        while parent and parent != os.getpid():
            parent = parents.get(parent)
        if parent != os.getpid():
            continue
        totals["jvm" if name == "java" else "python_workers"] += seconds
    return totals


def measure(cores: int, corpus: Path, warmup: Path, stages: tuple[str, ...], partitions: int, dates: str,
            work: Path) -> dict[str, Any]:
    spark = session(f"local[{cores}]", f"bench-{cores}", {"spark.ui.enabled": "false",
                                                          "spark.ui.showConsoleProgress": "false",
                                                          "spark.sql.shuffle.partitions": str(partitions)})
    spark.sparkContext.setLogLevel("ERROR")
    config = JobConfig(run_id=f"bench-{cores}", now=dt.datetime(2026, 1, 1), stages=stages, date_granularity=dates)
    try:
        run_job(spark, [str(warmup)], str(work / f"warmup-{cores}"), config, partitions=cores)
        cpu_before, started = _cpu_seconds(), time.perf_counter()
        result = run_job(spark, [str(corpus)], str(work / f"out-{cores}"), config, partitions=partitions)
        seconds = time.perf_counter() - started
        cpu = {k: round(v - cpu_before[k], 1) for k, v in _cpu_seconds().items()}
    finally:
        spark.stop()
    docs = result.counts.get("stored", 0)
    return {"cores": cores, "documents": docs, "errors": result.counts.get("errors", 0),
            "seconds": round(seconds, 2), "docs_per_s": round(docs / seconds, 1),
            "docs_per_s_per_core": round(docs / seconds / cores, 1), "phases_s": result.seconds, "cpu_s": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=INDOSUM)
    parser.add_argument("--limit", type=int, default=0, help="Use the first N articles (default: all).")
    parser.add_argument("--stages", default=None, help="Comma-separated stages (default: the default pipeline).")
    parser.add_argument("--cores", default="1,2")
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--date-folders", default="month", choices=["day", "month", "year"],
                        help="part_date granularity (the job's default, month); the corpus spans 526 days, so day "
                             "folders mean ~3,700 small files.")
    parser.add_argument("--json", action="store_true", help="Print only the JSON report.")
    args = parser.parse_args()
    stages = tuple(args.stages.split(",")) if args.stages else DEFAULT_STAGES
    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp:
        work = Path(tmp)
        corpus = _subset(args.corpus, args.limit, work / "corpus.jsonl")
        warmup = _subset(args.corpus, 40, work / "warmup.jsonl")
        load_before = os.getloadavg()[0]
        runs = [measure(int(c), corpus, warmup, stages, args.partitions, args.date_folders, work)
                for c in args.cores.split(",")]
    base = runs[0]["docs_per_s"] / runs[0]["cores"]
    for run in runs:
        run["speedup"] = round(run["docs_per_s"] / runs[0]["docs_per_s"], 2)
        run["efficiency"] = round(run["docs_per_s"] / run["cores"] / base, 2)
    report = {"corpus": str(args.corpus), "limit": args.limit, "stages": list(stages),
              "partitions": args.partitions, "date_folders": args.date_folders, "cpu_count": os.cpu_count(),
              "loadavg_1min_before": round(load_before, 2), "loadavg_1min_after": round(os.getloadavg()[0], 2),
              "runs": runs}
    if not args.json:
        print(f"{'cores':>5} {'docs':>6} {'errors':>6} {'seconds':>8} {'docs/s':>8} {'docs/s/core':>11} "
              f"{'speedup':>7}  phases (s)")
        for r in runs:
            phases = ", ".join(f"{k} {v}" for k, v in r["phases_s"].items())
            if r["cpu_s"]:
                phases += "; CPU s: " + ", ".join(f"{k} {v}" for k, v in r["cpu_s"].items())
            print(f"{r['cores']:>5} {r['documents']:>6} {r['errors']:>6} {r['seconds']:>8} {r['docs_per_s']:>8} "
                  f"{r['docs_per_s_per_core']:>11} {r['speedup']:>7}  {phases}")
        print(f"load average (1 min) before {report['loadavg_1min_before']}, after {report['loadavg_1min_after']} "
              f"on {report['cpu_count']} cores")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
