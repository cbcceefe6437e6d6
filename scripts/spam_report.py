#!/usr/bin/env python3
"""What the "clean" stage removes from a corpus, by reason, with examples in context.

usage: spam_report.py [ARTICLES.jsonl ...] [--examples N] [--only spam|boilerplate|all]

Reads JSONL articles (id + text), runs the clean stage on each and prints the characters and
spans removed per reason (spam, boilerplate, whitespace and normalisation apart), the page
flags raised, and examples of each spam and boilerplate cut with some context. On a corpus of
clean real articles every spam line printed here is a false positive.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from sorot.clean.stage import CleanStage
from sorot.model import Document

DEFAULT = "/work/shared/corpus/indosum/articles.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[DEFAULT])
    ap.add_argument("--examples", type=int, default=5, help="examples printed per reason")
    ap.add_argument("--only", choices=("spam", "boilerplate", "all"), default="all")
    args = ap.parse_args(argv)
    stage = CleanStage()
    chars: Counter[str] = Counter()
    spans: Counter[str] = Counter()
    docs_with: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    n_docs = n_chars = 0
    for path in args.paths:
        with Path(path).open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                record = json.loads(line)
                doc = stage(Document(id=str(record["id"]), raw_text=record["text"]))
                n_docs += 1
                n_chars += len(doc.raw_text)
                flags.update(doc.flags)
                for reason in {r.reason for r in doc.removed}:
                    docs_with[reason] += 1
                for r in doc.removed:
                    chars[r.reason] += r.end - r.start
                    spans[r.reason] += 1
                    group = r.reason.split(":", 1)[0]
                    if group in ("spam", "boilerplate") and len(examples[r.reason]) < args.examples:
                        left = doc.raw_text[max(0, r.start - 60):r.start].replace("\n", "⏎")
                        right = doc.raw_text[r.end:r.end + 40].replace("\n", "⏎")
                        examples[r.reason].append(f"{doc.id}: …{left}[[{r.text}]]{right}…")
    print(f"{n_docs} documents, {n_chars:,} characters")
    for group in ("spam", "boilerplate", "whitespace", "normalise"):
        if args.only != "all" and group != args.only:
            continue
        reasons = sorted(r for r in chars if r.split(":", 1)[0] == group)
        total = sum(chars[r] for r in reasons)
        print(f"\n== {group}: {total:,} characters removed")
        for reason in reasons:
            print(f"  {reason:32} {chars[reason]:>9,} chars {spans[reason]:>6} spans {docs_with[reason]:>5} docs")
            for example in examples.get(reason, []):
                print(f"      {example}")
    print(f"\nflags: {dict(flags) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
