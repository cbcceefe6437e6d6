#!/usr/bin/env python3
"""Evaluate the quotes stage against a gold set with the shared scorer, and list the errors.

Runs the pipeline stages clean, language, segment, actors, quotes (a stage that cannot be imported
yet is skipped with a warning), writes predictions in the GUIDELINES §6 shape, runs score.py, and
prints the quote precision/recall/F1, a speaker-blind text-only score (how well the quote spans
alone are found), and per document the missed gold quotes and the false ones.

usage: quote_eval.py [--articles A.jsonl --gold G.jsonl | --seed] [--out PRED.jsonl] [--direct-only]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

from sorot.model import Document
from sorot.pipeline import Pipeline, StageError, stage_factory

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
STAGES = ["clean", "language", "segment", "actors", "quotes"]


def norm(s: str) -> str:
    """The scorer's normalisation (score.py norm)."""
    s = unicodedata.normalize("NFKC", s or "").lower()
    return re.sub(r"[\W_]+", " ", s).strip()


def keys(quotes: list[dict]) -> dict[tuple[str, str], dict]:
    out = {}
    for q in quotes or []:
        code = ((q.get("speaker_actor") or {}).get("code") or "").upper()
        out.setdefault((code, norm(q.get("text"))[:30]), q)
    return out


def build_pipeline(settings: dict) -> Pipeline:
    names = []
    for name in STAGES:
        try:
            stage_factory(name)
            names.append(name)
        except (ImportError, ValueError) as exc:
            print(f"warning: stage {name!r} skipped: {exc}", file=sys.stderr)
    return Pipeline.from_config(names, settings)


def load_docs(args: argparse.Namespace) -> tuple[list[Document], Path]:
    if args.seed:
        seed_dir = SHARED / "seed"
        gold = SHARED / "eval" / "seed" / "gold.jsonl"
        gold_id = json.loads(gold.read_text("utf-8").splitlines()[0])["id"]
        text = next(seed_dir.glob("*.txt")).read_text("utf-8")
        return [Document(id=gold_id, raw_text=text)], gold
    docs = []
    for line in Path(args.articles).read_text("utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            docs.append(Document(id=str(d["id"]), raw_text=d.get("text", ""), url=d.get("url", ""),
                                 source=d.get("source", ""), title=d.get("title", ""), date=d.get("date"),
                                 lang=d.get("lang", "")))
    return docs, Path(args.gold)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default=str(SHARED / "eval" / "dev_articles.jsonl"))
    ap.add_argument("--gold", default=str(SHARED / "eval" / "dev" / "gold.jsonl"))
    ap.add_argument("--seed", action="store_true", help="score the founding article instead")
    ap.add_argument("--out", default="/tmp/sorot_quote_eval/pred.jsonl")
    ap.add_argument("--direct-only", action="store_true", help="no indirect speech (quotes indirect=False)")
    ap.add_argument("--quiet", action="store_true", help="scores only, no error listing")
    args = ap.parse_args(argv)

    docs, gold_path = load_docs(args)
    pipe = build_pipeline({"quotes": {"indirect": not args.direct_only}})
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    preds = {}
    failed = 0
    with out.open("w", encoding="utf-8") as fh:
        for doc in docs:
            try:
                doc = pipe(doc)
            except StageError as exc:  # a stage still being written must not hide the others' numbers
                failed += 1
                print(f"warning: {exc}", file=sys.stderr)
            preds[doc.id] = doc
            fh.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
    if failed:
        print(f"warning: {failed} documents failed in some stage and score as predicted so far", file=sys.stderr)

    scorer = SHARED / "eval" / "score.py"
    res = subprocess.run([sys.executable, str(scorer), str(gold_path), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    q = json.loads(res.stdout)["scores"]["quotes"]
    print(f"quotes  P {q['precision']:.3f}  R {q['recall']:.3f}  F1 {q['f1']:.3f}   "
          f"tp/fp/fn {q['tp']}/{q['fp']}/{q['fn']}")

    gold = {}
    for line in gold_path.read_text("utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            gold[str(g["id"])] = g
    ttp = tfp = tfn = 0
    listing = []
    for doc_id, g in gold.items():
        doc = preds.get(doc_id)
        pq = [x.to_json() for x in doc.quotes] if doc else []
        gk, pk = keys(g.get("quotes")), keys(pq)
        gt, pt = {k[1] for k in gk}, {k[1] for k in pk}
        ttp, tfp, tfn = ttp + len(gt & pt), tfp + len(pt - gt), tfn + len(gt - pt)
        miss = [gk[k] for k in gk if k not in pk]
        false = [pk[k] for k in pk if k not in gk]
        if miss or false:
            listing.append((doc_id, miss, false, pk, gk))
    p = ttp / (ttp + tfp) if ttp + tfp else 0.0
    r = ttp / (ttp + tfn) if ttp + tfn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"text-only (speaker-blind)  P {p:.3f}  R {r:.3f}  F1 {f:.3f}   tp/fp/fn {ttp}/{tfp}/{tfn}")
    if args.quiet:
        return
    for doc_id, miss, false, pk, gk in listing:
        print(f"\n== {doc_id}")
        pred_by_text = {k[1]: k[0] for k in pk}
        gold_by_text = {k[1]: k[0] for k in gk}
        for qd in miss:
            t = norm(qd["text"])[:30]
            code = (qd.get("speaker_actor") or {}).get("code")
            why = f"predicted as {pred_by_text[t]!r}" if t in pred_by_text else "not found"
            print(f"  MISS  [{'D' if qd['direct'] else 'I'}] {code} {qd['speaker']!r}: {qd['text'][:70]!r} ({why})")
        for qd in false:
            t = norm(qd["text"])[:30]
            code = (qd.get("speaker_actor") or {}).get("code")
            why = "wrong speaker" if t in gold_by_text else "not in gold"
            print(f"  FALSE [{'D' if qd['direct'] else 'I'}] {code} {qd['speaker']!r} ({qd['cue']}): "
                  f"{qd['text'][:70]!r} ({why})")


if __name__ == "__main__":
    main()
