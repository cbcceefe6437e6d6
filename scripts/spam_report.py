#!/usr/bin/env python3
"""What the "clean" stage removes from a corpus, by reason, with examples in context.

usage: spam_report.py [ARTICLES.jsonl ...] [--examples N] [--only spam|boilerplate|all]
       spam_report.py [ARTICLES.jsonl ...] --inject "tok1,tok2,..." [--seed N]

Reads JSONL articles (id + text), runs the clean stage on each and prints the characters and
spans removed per reason (spam, boilerplate, whitespace and normalisation apart), the page
flags raised, and examples of each spam and boilerplate cut with some context. On a corpus of
clean real articles every spam line printed here is a false positive.

With --inject, each article is instead copied five times with one of the given spam strings
injected in a different position (after a paragraph, on a line of its own, between two words,
before a sentence's final period, between two sentences) and the report gives the
character-level precision and recall of the spam cuts per position, as eval/score.py counts them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
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
    ap.add_argument("--inject", help="comma-separated spam strings to inject (measures recall)")
    ap.add_argument("--seed", type=int, default=7, help="random seed for --inject")
    args = ap.parse_args(argv)
    stage = CleanStage()
    if args.inject:
        return injection_report(stage, args.paths, [t.strip() for t in args.inject.split(",") if t.strip()],
                                random.Random(args.seed))
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


POSITIONS = ("after paragraph", "own line", "between words", "before period", "between sentences")


def inject(text: str, token: str, position: str, rng: random.Random) -> str | None:
    """The text with the token at a random place of the given kind, or None if there is none."""
    para = rng.choice(list(re.finditer(r"[^\n]+", text)))
    if position == "after paragraph":
        return text[:para.end()] + " " + token + text[para.end():]
    if position == "own line":
        return text[:para.end()] + "\n" + token + text[para.end():]
    pattern = {"between words": r"(?<=\w) (?=\w)", "before period": r"(?<=\w)(?=\.(?:\s|$))",
               "between sentences": r"(?<=\w\. )(?=[A-Z])"}[position]
    places = [para.start() + m.start() for m in re.finditer(pattern, para.group())]
    if not places:
        return None
    at = rng.choice(places)
    piece = token + " " if position == "between sentences" else " " + token
    return text[:at] + piece + text[at:]


def injection_report(stage: CleanStage, paths: list[str], tokens: list[str], rng: random.Random) -> int:
    tally = {p: [0, 0, 0] for p in POSITIONS}  # true positive, false positive, false negative characters
    missed: dict[str, set[str]] = defaultdict(set)
    for path in paths:
        with Path(path).open(encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh if line.strip()]
        for text in texts:
            for position in POSITIONS:
                token = rng.choice(tokens)
                raw = inject(text, token, position, rng)
                if raw is None:
                    continue
                doc = stage(Document(id="injected", raw_text=raw))
                gold = {i for m in re.finditer(re.escape(token), raw) for i in range(m.start(), m.end())}
                pred = {i for r in doc.removed if r.reason.startswith("spam:") for i in range(r.start, r.end)}
                counts = tally[position]
                counts[0] += len(gold & pred)
                counts[1] += len(pred - gold)
                counts[2] += len(gold - pred)
                if gold - pred:
                    missed[position].add(token)
    total = [sum(c[i] for c in tally.values()) for i in range(3)]
    for name, (tp, fp, fn) in [*tally.items(), ("all", total)]:
        print(f"{name:18} P={tp / max(1, tp + fp):.3f} R={tp / max(1, tp + fn):.3f}  tp/fp/fn={tp}/{fp}/{fn}")
    for position, tokens_missed in missed.items():
        print(f"missed {position}: {', '.join(sorted(tokens_missed))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
