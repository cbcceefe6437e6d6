"""Event exports in other projects' formats, written from the store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PLOVER_CODEBOOK = "plover-sorot-1"


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One events-table row as a PLOVER JSON record (manual chapter "Data Fields")."""
    return {
        "id": row["event_id"],
        "has_event": True,
        "date": str(row["date"]) if row["date"] else None,
        "actor": json.loads(row["actor_json"] or "[]"),
        "recipient": json.loads(row["recipient_json"] or "[]"),
        "event": [row["type"]],
        "mode": [row["mode"]] if row["mode"] else [],
        "context": list(row["contexts"] or []),
        "modality": row["modality"],
        "quad_code": row["quad"],
        "event_scale": row["plover_score"],
        "cameo": row["cameo"],
        "goldstein": row["goldstein"],
        "event_text": [row["evidence"]],
        "event_loc": {"resolved_place": row["location_name"], "country_code": row["location_country"],
                      "province": row["location_admin1"], "lat": row["lat"], "lon": row["lon"]}
        if row["location_name"] else None,
        "text_info": {"sequence": row["sentence"], "start": row["evidence_start"], "end": row["evidence_end"],
                      "trigger": row["trigger"], "trigger_start": row["trigger_start"],
                      "trigger_end": row["trigger_end"]},
        "cite_info": {"url": row["url"], "publication": row["source"], "language": row["lang"],
                      "codebook": PLOVER_CODEBOOK, "coder": f"sorot:{row['rule']}"},
        "link": row["cluster_id"],
    }


def write_plover_jsonl(store: Any, path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = store.query("SELECT * FROM events ORDER BY date, doc_id, idx")
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
    return len(rows)
