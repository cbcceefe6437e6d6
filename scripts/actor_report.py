"""Report on the actors stage over a JSONL of articles (default: the shared dev set).

Prints mention counts by type and source, the person/organisation mentions left unresolved, and,
when a gold file is given, the share of actor entities of the gold events that the stage finds
with the right code inside the event's evidence sentence. An entity counts when its name (or, for
an unnamed entity, a knowledge-base surface form of its code) appears in the evidence.

Usage: .venv/bin/python scripts/actor_report.py [--articles A.jsonl] [--gold G.jsonl] [--misses N]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from sorot.actors.kb import KnowledgeBase
from sorot.model import Document
from sorot.pipeline import stage_factory

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"


def surface_forms(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Code -> surface forms naming it (states, capitals, metonyms, bodies)."""
    forms: dict[str, set[str]] = {}
    for entries in kb.entries.values():
        for e in entries:
            if e.kind in ("COUNTRY", "CAPITAL", "METONYM", "ORG") and e.code:
                forms.setdefault(e.code, set()).add(e.key)
    return forms


def present(text: str, form: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text) is not None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default=str(SHARED / "dev_articles.jsonl"))
    ap.add_argument("--gold", default=str(SHARED / "dev" / "gold.jsonl"))
    ap.add_argument("--misses", type=int, default=40, help="how many misses to list")
    ap.add_argument("--no-ner", action="store_true")
    args = ap.parse_args()

    segment = stage_factory("segment")()
    actors = stage_factory("actors")(use_ner=not args.no_ner)
    forms = surface_forms(actors.kb)
    print(f"NER fallback: {'on' if actors.resolver.ner is not None else 'off (no model or --no-ner)'}; "
          f"{len(actors.kb.people)} people in the knowledge base")
    docs: dict[str, Document] = {}
    for line in Path(args.articles).read_text("utf-8").splitlines():
        if line.strip():
            a = json.loads(line)
            doc = Document(id=a["id"], raw_text=a["text"], date=a.get("date"), lang=a.get("lang", "id"))
            docs[doc.id] = actors(segment(doc))

    by_type = Counter((m.type, m.source) for d in docs.values() for m in d.mentions)
    print("mentions by type/source:")
    for (typ, src), n in sorted(by_type.items()):
        print(f"  {typ:8} {src:6} {n}")
    unresolved = Counter(m.text for d in docs.values() for m in d.mentions
                         if m.actor is None and m.type in ("PERSON", "ORG"))
    print(f"unresolved person/org mentions: {sum(unresolved.values())} ({len(unresolved)} distinct)")
    for text, n in unresolved.most_common(25):
        print(f"  {n:3} {text!r}")

    gold_path = Path(args.gold)
    if not gold_path.exists():
        return 0
    total = found_code = found_sector = strict = 0
    misses = []
    wrong_sector = []
    for line in gold_path.read_text("utf-8").splitlines():
        g = json.loads(line)
        doc = docs.get(g["id"])
        if doc is None:
            continue
        for ev in g["events"]:
            evidence = ev.get("evidence") or ""
            at = doc.text.find(evidence)
            if not evidence or at < 0:
                continue
            span_mentions = [m for m in doc.mentions if at <= m.start and m.end <= at + len(evidence) and m.actor]
            for ent in ev["actor"] + ev["recipient"]:
                name, code = ent.get("name") or "", ent["code"]
                if name:
                    if not present(evidence, name):
                        continue
                elif not any(present(evidence, f) for f in forms.get(code, ())):
                    continue
                total += 1
                codes = [m for m in span_mentions if m.actor.code == code]
                if name:  # strict: a mention that covers the name itself
                    pos = at + evidence.find(name)
                    if any(m.start < pos + len(name) and pos < m.end for m in codes):
                        strict += 1
                elif codes:
                    strict += 1
                if codes:
                    found_code += 1
                    if any(m.actor.sector == ent.get("sector", "") for m in codes):
                        found_sector += 1
                    else:
                        wrong_sector.append((code, ent.get("sector", ""), name,
                                             sorted({(m.text, m.actor.sector) for m in codes})))
                else:
                    misses.append((g["id"][:40], code, ent.get("sector", ""), name, evidence[:90]))
    print(f"gold actor entities checked: {total}")
    if total:
        print(f"  found with right code:   {found_code} ({found_code / total:.1%}); "
              f"unresolved share {(total - found_code) / total:.1%}")
        print(f"  ... and right sector:    {found_sector} ({found_sector / total:.1%})")
        print(f"  strict (mention on the name itself, or the code for unnamed): {strict} ({strict / total:.1%})")
    for miss in misses[: args.misses]:
        print("  MISS", miss)
    for item in wrong_sector[: args.misses]:
        print("  SECTOR", item)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
