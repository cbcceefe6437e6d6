"""Evaluation against a gold set with the project's scorer, plus error analysis by event type.

The scorer (``eval/score.py`` beside the repository) is loaded from its path, so sorot reports
exactly the numbers the held-out evaluation uses; this module adds what a developer needs to
improve them: per-type precision and recall, a confusion table of matched dyads with another
type, and the missed and false events with their sentences.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

# The project's scorer beside a source checkout (../shared next to the repository), or $SOROT_SCORER.
DEFAULT_SCORER = Path(os.environ.get("SOROT_SCORER")
                      or Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "score.py")


def load_scorer(path: Path = DEFAULT_SCORER) -> ModuleType:
    if not path.exists():
        raise FileNotFoundError(f"scorer not found at {path}; pass --scorer PATH")
    spec = importlib.util.spec_from_file_location("sorot_external_scorer", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _key_text(k: Any) -> str:
    actor = ",".join(sorted(k.actor))
    recipient = ",".join(sorted(k.recipient)) or "—"
    return f"{k.type} {actor} → {recipient}"


def analyse(scorer: ModuleType, gold: dict[str, dict], pred: dict[str, dict], strict: bool = False) -> dict[str, Any]:
    """Scores, per-type counts, type confusions and the misses / false events with their evidence."""
    scores, per_doc = scorer.score(gold, pred, strict)
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: Counter[tuple[str, str]] = Counter()
    misses: list[dict[str, Any]] = []
    false: list[dict[str, Any]] = []
    for doc_id, g in gold.items():
        p = pred.get(doc_id, {})
        gkeys = scorer.collapse(g.get("events"), strict)
        pkeys = scorer.collapse(p.get("events"), strict)
        _, _, _, pairs = scorer.match_events(pkeys, gkeys, False)
        matched_p = {id(a) for a, _ in pairs}
        matched_g = {id(b) for _, b in pairs}
        for _, gk in pairs:
            if not gk.optional:
                per_type[gk.type]["tp"] += 1
        for gk in gkeys:
            if id(gk) not in matched_g and not gk.optional:
                per_type[gk.type]["fn"] += 1
                other = next((pk for pk in pkeys if id(pk) not in matched_p and pk.actor & gk.actor
                              and (not gk.recipient or pk.recipient & gk.recipient)), None)
                if other is not None:
                    confusion[(gk.type, other.type)] += 1
                misses.append({"doc": doc_id, "key": _key_text(gk), "evidence": _evidence(g, gk)})
        for pk in pkeys:
            if id(pk) not in matched_p and not pk.optional:
                per_type[pk.type]["fp"] += 1
                false.append({"doc": doc_id, "key": _key_text(pk), "evidence": _evidence(p, pk)})
    table = {}
    for etype, c in sorted(per_type.items()):
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        table[etype] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(prec, 3), "recall": round(rec, 3),
                        "f1": round(f1, 3)}
    return {"scores": scores, "per_type": table, "per_doc": per_doc,
            "confusion": [{"gold": g, "predicted": p, "count": n} for (g, p), n in confusion.most_common()],
            "misses": misses, "false": false}


def _evidence(doc: dict[str, Any], key: Any) -> str:
    for e in doc.get("events") or []:
        codes = frozenset(a.get("code", "").upper() for a in e.get("actor") or [])
        if e.get("type") == key.type and codes == key.actor:
            return f"«{e.get('trigger', '')}» {e.get('evidence', '')}"
    return ""


def read_jsonl(path: Path) -> dict[str, dict[str, Any]]:
    docs = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                docs[str(d["id"])] = d
    return docs
