"""Throughput of the "actors" stage (segment runs first, untimed) on the indosum corpus.

Usage: .venv/bin/python bench/bench_actors.py [--limit N] [--ner]
Prints articles/s and ms/article (wall and CPU time) for the actors stage alone, on one core.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sorot.model import Document
from sorot.pipeline import stage_factory

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "indosum" / "articles.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--ner", action="store_true", help="also run the NER fallback (if its model exists)")
    args = ap.parse_args()

    segment = stage_factory("segment")()
    started = time.perf_counter()
    actors = stage_factory("actors")(use_ner=args.ner)
    load = time.perf_counter() - started
    docs = []
    with open(args.corpus, encoding="utf-8") as fh:
        for line in fh:
            if len(docs) >= args.limit:
                break
            a = json.loads(line)
            text = a.get("text") or a.get("clean_text") or ""
            docs.append(segment(Document(id=str(a.get("id", len(docs))), raw_text=text, date=a.get("date"),
                                         lang="id")))
    chars = sum(len(d.text) for d in docs)
    started, cpu_started = time.perf_counter(), time.process_time()
    mentions = 0
    for doc in docs:
        mentions += len(actors(doc).mentions)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"knowledge base load: {load:.2f} s")
    print(f"{len(docs)} articles, {chars / len(docs):.0f} chars/article, {mentions / len(docs):.1f} mentions/article")
    print(f"actors stage: {len(docs) / elapsed:.0f} articles/s, {1000 * elapsed / len(docs):.2f} ms/article "
          f"(CPU time {1000 * cpu / len(docs):.2f} ms/article; wall time suffers when the machine is shared)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
