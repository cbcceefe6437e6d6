#!/usr/bin/env python3
"""List near-duplicate article pairs of a JSONL corpus (MinHash LSH over word shingles).

usage: duplicate_report.py [ARTICLES.jsonl] [--threshold 0.6] [--raw]

Texts are cleaned first (the "clean" stage) unless --raw is given. Prints one pair per line:
estimated Jaccard, exact Jaccard, the two ids; then the number of pairs and story clusters.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sorot.clean.near_duplicates import NearDuplicateIndex, exact_jaccard
from sorot.clean.stage import CleanStage
from sorot.model import Document

DEFAULT = "/work/shared/corpus/indosum/articles.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=DEFAULT)
    ap.add_argument("--threshold", type=float, default=0.6)
    ap.add_argument("--raw", action="store_true", help="do not clean the texts first")
    args = ap.parse_args(argv)
    clean = None if args.raw else CleanStage()
    index = NearDuplicateIndex(threshold=args.threshold)
    texts: dict[str, str] = {}
    n_pairs = 0
    with Path(args.path).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            doc = Document(id=str(record["id"]), raw_text=record["text"])
            text = clean(doc).clean_text if clean else doc.raw_text
            texts[doc.id] = text
            index.add(doc.id, text)
            for pair in index.pairs_for(doc.id):
                n_pairs += 1
                exact = exact_jaccard(texts[pair.first], texts[pair.second])
                print(f"{pair.jaccard:.3f}\t{exact:.3f}\t{pair.first}\t{pair.second}")
    clusters = len(set(index.cluster.values()))
    print(f"# {len(texts)} documents, {n_pairs} near-duplicate pairs (threshold {args.threshold}), "
          f"{clusters} story clusters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
