#!/usr/bin/env python3
"""Throughput of the "clean" and "language" stages on real articles (one core).

usage: bench_clean.py [ARTICLES.jsonl] [--limit N] [--near-duplicates]

Prints ms/article per stage (wall clock) and articles/s for both together, plus the process CPU
time of the loop; --near-duplicates adds the cost of
indexing each clean text in the MinHash LSH index. The whole pipeline targets >= 100 articles/s,
so these two stages should stay well under 5 ms/article.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sorot.clean.language import LanguageStage
from sorot.clean.near_duplicates import NearDuplicateIndex
from sorot.clean.stage import CleanStage
from sorot.model import Document

DEFAULT = "/work/shared/corpus/indosum/articles.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=DEFAULT)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--near-duplicates", action="store_true")
    args = ap.parse_args(argv)
    records = []
    with Path(args.path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                records.append(json.loads(line))
            if args.limit and len(records) >= args.limit:
                break
    started = time.perf_counter()
    clean, language = CleanStage(), LanguageStage()
    setup = time.perf_counter() - started
    index = NearDuplicateIndex() if args.near_duplicates else None
    spent = {"clean": 0.0, "language": 0.0, "near-duplicates": 0.0}
    chars = 0
    cpu_started = time.process_time()
    for record in records:
        doc = Document(id=str(record["id"]), raw_text=record["text"])
        chars += len(doc.raw_text)
        t0 = time.perf_counter()
        clean(doc)
        t1 = time.perf_counter()
        language(doc)
        t2 = time.perf_counter()
        spent["clean"] += t1 - t0
        spent["language"] += t2 - t1
        if index is not None:
            index.add(doc.id, doc.clean_text)
            spent["near-duplicates"] += time.perf_counter() - t2
    cpu = time.process_time() - cpu_started
    n = len(records)
    print(f"{n} articles, {chars / max(1, n):,.0f} characters on average; setup {setup * 1000:.0f} ms")
    for name, seconds in spent.items():
        if seconds:
            print(f"  {name:16} {1000 * seconds / n:6.2f} ms/article")
    total = spent["clean"] + spent["language"]
    print(f"clean+language: {n / total:,.0f} articles/s ({1000 * total / n:.2f} ms/article, wall clock)")
    print(f"process CPU time for the loop: {1000 * cpu / n:.2f} ms/article (less sensitive to a busy machine)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
