"""Flatten a processed Document into the rows of the store's tables (shared by DuckDB and Spark)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any

import pyarrow as pa

from sorot.model import Actor, Document
from sorot.store.schema import DOCUMENT_TABLES, arrow_schema


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _first(actors: list[Actor]) -> tuple[str, str, str]:
    return actors[0].key() if actors else ("", "", "")


def document_rows(doc: Document, *, run_id: str = "", cluster_id: str | None = None,
                  now: dt.datetime | None = None) -> dict[str, list[dict[str, Any]]]:
    """All rows one document contributes, keyed by table name; ids are deterministic."""
    pub = parse_date(doc.date)
    cluster = cluster_id or doc.meta.get("cluster_id") or doc.id
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in DOCUMENT_TABLES}
    rows["documents"].append({
        "doc_id": doc.id, "content_hash": doc.content_hash, "url": doc.url, "source": doc.source,
        "title": doc.title, "date": pub, "lang": doc.lang, "lang_scores": json.dumps(doc.lang_scores),
        "raw_text": doc.raw_text, "clean_text": doc.clean_text,
        "removed": json.dumps([asdict(r) for r in doc.removed], ensure_ascii=False),
        "spam_chars": sum(r.end - r.start for r in doc.removed if r.reason.startswith("spam")),
        "flags": list(doc.flags), "meta": json.dumps(doc.meta, ensure_ascii=False, default=str),
        "cluster_id": cluster, "n_sentences": len(doc.sentences), "n_events": len(doc.events),
        "n_quotes": len(doc.quotes), "run_id": run_id,
        "ingested_at": now or dt.datetime.now(dt.UTC).replace(tzinfo=None),
    })
    for i, s in enumerate(doc.sentences):
        rows["sentences"].append({"doc_id": doc.id, "idx": i, "start": s.start, "end": s.end,
                                  "paragraph": s.paragraph, "text": s.text})
    for i, m in enumerate(doc.mentions):
        a = m.actor or Actor(code="")
        rows["mentions"].append({"doc_id": doc.id, "idx": i, "start": m.start, "end": m.end, "text": m.text,
                                 "type": m.type, "code": a.code, "sector": a.sector, "name": a.name, "qid": a.qid,
                                 "sentence": m.sentence, "source": m.source})
    for i, e in enumerate(doc.events):
        ac, asec, aname = _first(e.actor)
        rc, rsec, rname = _first(e.recipient)
        loc = e.location
        rows["events"].append({
            "event_id": f"{doc.id}#e{i}", "doc_id": doc.id, "idx": i, "date": parse_date(e.date) or pub,
            "date_resolution": e.date_resolution, "pub_date": pub, "type": e.type, "mode": e.mode,
            "contexts": list(e.contexts), "modality": e.modality, "actor_code": ac, "actor_sector": asec,
            "actor_name": aname, "actor_codes": sorted({a.code for a in e.actor}), "recipient_code": rc,
            "recipient_sector": rsec, "recipient_name": rname, "recipient_codes": sorted({a.code for a in e.recipient}),
            "actor_json": json.dumps([a.to_json() for a in e.actor], ensure_ascii=False),
            "recipient_json": json.dumps([a.to_json() for a in e.recipient], ensure_ascii=False),
            "evidence": e.evidence, "trigger": e.trigger, "evidence_start": e.evidence_start,
            "evidence_end": e.evidence_end, "trigger_start": e.trigger_start, "trigger_end": e.trigger_end,
            "sentence": e.sentence, "cameo": e.cameo, "goldstein": e.goldstein, "plover_score": e.plover_score,
            "quad": e.quad, "optional": e.optional, "confidence": e.confidence, "rule": e.rule,
            "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
            "location_admin1": loc.admin1 if loc else None, "lat": loc.lat if loc else None,
            "lon": loc.lon if loc else None, "mentions": e.mentions, "duplicate_of": e.duplicate_of,
            "lang": doc.lang, "source": doc.source,
            "url": doc.url, "cluster_id": cluster,
        })
    for i, q in enumerate(doc.quotes):
        sa = q.speaker_actor or Actor(code="")
        rows["quotes"].append({
            "quote_id": f"{doc.id}#q{i}", "doc_id": doc.id, "idx": i, "pub_date": pub, "text": q.text,
            "start": q.start, "end": q.end, "speaker": q.speaker, "speaker_start": q.speaker_start,
            "speaker_end": q.speaker_end, "speaker_code": sa.code, "speaker_sector": sa.sector,
            "speaker_name": sa.name, "cue": q.cue, "direct": q.direct, "sentence": q.sentence,
        })
    for i, a in enumerate(doc.alerts):
        rows["alerts"].append({
            "alert_id": f"{doc.id}#a{i}", "doc_id": doc.id, "idx": i, "pub_date": pub, "rule": a.rule,
            "state": a.state, "partner": a.partner, "why": a.why,
            "event_id": f"{doc.id}#e{a.event}" if a.event >= 0 else None, "severity": a.severity,
        })
    return rows


def to_arrow(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=arrow_schema(table))
