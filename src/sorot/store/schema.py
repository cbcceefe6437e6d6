"""The store's tables, defined once for DuckDB, Parquet and Spark.

Each table is a list of (column, type) with types written in DuckDB's SQL; the Arrow schema
used for Parquet and Spark is derived from the same list, so the single-machine store and a
cluster run write identical tables.
"""

from __future__ import annotations

import pyarrow as pa

TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("doc_id", "VARCHAR"), ("content_hash", "VARCHAR"), ("url", "VARCHAR"), ("source", "VARCHAR"),
        ("title", "VARCHAR"), ("date", "DATE"), ("lang", "VARCHAR"), ("lang_scores", "VARCHAR"),
        ("raw_text", "VARCHAR"), ("clean_text", "VARCHAR"), ("removed", "VARCHAR"), ("spam_chars", "INTEGER"),
        ("flags", "VARCHAR[]"), ("meta", "VARCHAR"), ("cluster_id", "VARCHAR"), ("n_sentences", "INTEGER"),
        ("n_events", "INTEGER"), ("n_quotes", "INTEGER"), ("run_id", "VARCHAR"), ("ingested_at", "TIMESTAMP"),
    ],
    "sentences": [
        ("doc_id", "VARCHAR"), ("idx", "INTEGER"), ("start", "INTEGER"), ("end", "INTEGER"),
        ("paragraph", "INTEGER"), ("text", "VARCHAR"),
    ],
    "mentions": [
        ("doc_id", "VARCHAR"), ("idx", "INTEGER"), ("start", "INTEGER"), ("end", "INTEGER"), ("text", "VARCHAR"),
        ("type", "VARCHAR"), ("code", "VARCHAR"), ("sector", "VARCHAR"), ("name", "VARCHAR"), ("qid", "VARCHAR"),
        ("sentence", "INTEGER"), ("source", "VARCHAR"),
    ],
    "events": [
        ("event_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("idx", "INTEGER"), ("date", "DATE"),
        ("date_resolution", "VARCHAR"), ("pub_date", "DATE"), ("type", "VARCHAR"), ("mode", "VARCHAR"),
        ("contexts", "VARCHAR[]"), ("modality", "VARCHAR"), ("actor_code", "VARCHAR"), ("actor_sector", "VARCHAR"),
        ("actor_name", "VARCHAR"), ("actor_codes", "VARCHAR[]"), ("recipient_code", "VARCHAR"),
        ("recipient_sector", "VARCHAR"), ("recipient_name", "VARCHAR"), ("recipient_codes", "VARCHAR[]"),
        ("actor_json", "VARCHAR"), ("recipient_json", "VARCHAR"), ("evidence", "VARCHAR"), ("trigger", "VARCHAR"),
        ("evidence_start", "INTEGER"), ("evidence_end", "INTEGER"), ("trigger_start", "INTEGER"),
        ("trigger_end", "INTEGER"), ("sentence", "INTEGER"), ("cameo", "VARCHAR"), ("goldstein", "DOUBLE"),
        ("plover_score", "DOUBLE"), ("quad", "INTEGER"), ("optional", "BOOLEAN"), ("confidence", "DOUBLE"),
        ("rule", "VARCHAR"), ("location_name", "VARCHAR"), ("location_country", "VARCHAR"),
        ("location_admin1", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("mentions", "INTEGER"),
        ("duplicate_of", "INTEGER"),
        ("lang", "VARCHAR"), ("source", "VARCHAR"), ("url", "VARCHAR"), ("cluster_id", "VARCHAR"),
    ],
    "quotes": [
        ("quote_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("idx", "INTEGER"), ("pub_date", "DATE"), ("text", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"), ("speaker", "VARCHAR"), ("speaker_start", "INTEGER"),
        ("speaker_end", "INTEGER"), ("speaker_code", "VARCHAR"), ("speaker_sector", "VARCHAR"),
        ("speaker_name", "VARCHAR"), ("cue", "VARCHAR"), ("direct", "BOOLEAN"), ("sentence", "INTEGER"),
    ],
    "alerts": [
        ("alert_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("idx", "INTEGER"), ("pub_date", "DATE"), ("rule", "VARCHAR"),
        ("state", "VARCHAR"), ("partner", "VARCHAR"), ("why", "VARCHAR"), ("event_id", "VARCHAR"),
        ("severity", "VARCHAR"),
    ],
    "errors": [
        ("run_id", "VARCHAR"), ("source", "VARCHAR"), ("item", "VARCHAR"), ("doc_id", "VARCHAR"), ("stage", "VARCHAR"),
        ("message", "VARCHAR"), ("at", "TIMESTAMP"),
    ],
    "signatures": [
        ("doc_id", "VARCHAR"), ("cluster_id", "VARCHAR"), ("signature", "BLOB"),
    ],
    "runs": [
        ("run_id", "VARCHAR"), ("started_at", "TIMESTAMP"), ("finished_at", "TIMESTAMP"), ("inputs", "VARCHAR"),
        ("status", "VARCHAR"), ("n_read", "INTEGER"), ("n_stored", "INTEGER"), ("n_unchanged", "INTEGER"),
        ("n_errors", "INTEGER"), ("n_skipped_lang", "INTEGER"), ("pipeline", "VARCHAR"),
    ],
}

# Tables holding what the pipeline derives from documents (one row set per document).
DOCUMENT_TABLES = ("documents", "sentences", "mentions", "events", "quotes", "alerts")

_ARROW = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "VARCHAR[]": pa.list_(pa.string()), "BLOB": pa.binary(),
}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(name, _ARROW[sql]) for name, sql in TABLES[table]])


def ddl(table: str) -> str:
    cols = ", ".join(f'"{name}" {sql}' for name, sql in TABLES[table])
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols})"


def columns(table: str) -> list[str]:
    return [name for name, _ in TABLES[table]]
