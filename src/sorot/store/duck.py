"""The embedded store: one DuckDB file, tables from ``schema.py``, Parquet/CSV export of every table.

Writes go in per-batch transactions keyed by content hash, so re-running the same input adds
nothing and a run killed half-way leaves only whole batches behind: the next run skips what is
stored and finishes the rest.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from sorot.model import Document
from sorot.store.rows import document_rows, to_arrow
from sorot.store.schema import DOCUMENT_TABLES, TABLES, columns, ddl

DEFAULT_DB = "sorot.duckdb"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Store:
    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise FileNotFoundError(f"no sorot store at {self.path}; run `sorot ingest` first")
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            for table in TABLES:
                self.con.execute(ddl(table))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -------------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def stored_ids(self, ids: Iterable[str]) -> dict[str, str]:
        """doc_id -> content_hash for the ids already stored."""
        wanted = list(set(ids))
        if not wanted:
            return {}
        rows = self.con.execute("SELECT doc_id, content_hash FROM documents WHERE doc_id IN (SELECT unnest(?))",
                                [wanted]).fetchall()
        return dict(rows)

    # --- writing -------------------------------------------------------------------------------

    def start_run(self, inputs: Sequence[str], pipeline: str) -> str:
        """Log a new run; runs still marked running were killed (this writer holds the file's lock)."""
        run_id = f"{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        self.con.execute(
            "INSERT INTO runs (run_id, started_at, inputs, status, pipeline) VALUES (?, ?, ?, 'running', ?)",
            [run_id, _now(), "\n".join(inputs), pipeline])
        return run_id

    def finish_run(self, run_id: str, status: str, counts: dict[str, int]) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, status = ?, n_read = ?, n_stored = ?, n_unchanged = ?, n_errors = ?, "
            "n_skipped_lang = ? WHERE run_id = ?",
            [_now(), status, counts.get("read", 0), counts.get("stored", 0), counts.get("unchanged", 0),
             counts.get("errors", 0), counts.get("skipped_lang", 0), run_id])

    def near_duplicate_index(self) -> Any:
        """The near-duplicate index of every stored document, rebuilt from their saved MinHash signatures."""
        from sorot.clean.near_duplicates import NearDuplicateIndex

        index = NearDuplicateIndex()
        for doc_id, cluster_id, signature in self.con.execute(
                "SELECT doc_id, cluster_id, signature FROM signatures ORDER BY rowid").fetchall():
            index.restore(doc_id, bytes(signature), cluster_id)
        return index

    def write_batch(self, docs: Sequence[Document], errors: Sequence[dict[str, Any]] = (), run_id: str = "",
                    signatures: Sequence[tuple[str, str, bytes]] = ()) -> None:
        """Store documents (replacing earlier rows of the same ids), their near-duplicate signatures
        (doc_id, cluster_id, MinHash bytes) and error records, in one transaction."""
        now = _now()
        clusters = {doc_id: cluster for doc_id, cluster, _ in signatures}
        merged: dict[str, list[dict[str, Any]]] = {t: [] for t in DOCUMENT_TABLES}
        for doc in docs:
            for table, rows in document_rows(doc, run_id=run_id, now=now, cluster_id=clusters.get(doc.id)).items():
                merged[table].extend(rows)
        self.con.execute("BEGIN TRANSACTION")
        try:
            ids = [d.id for d in docs]
            if ids:
                for table in (*DOCUMENT_TABLES, "signatures"):
                    self.con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [ids])
            if signatures:
                rows = [{"doc_id": d, "cluster_id": c, "signature": s} for d, c, s in signatures]
                self._insert("signatures", to_arrow("signatures", rows))
            for table, rows in merged.items():
                if rows:
                    self._insert(table, to_arrow(table, rows))
            if errors:
                rows = [{"run_id": run_id, "at": now, **{k: e.get(k) for k in ("source", "item", "doc_id", "stage",
                                                                             "message")}} for e in errors]
                self._insert("errors", to_arrow("errors", rows))
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _insert(self, table: str, arrow_table: Any) -> None:
        cols = ", ".join(f'"{c}"' for c in columns(table))
        self.con.register("_incoming", arrow_table)
        try:
            self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _incoming")
        finally:
            self.con.unregister("_incoming")

    # --- export --------------------------------------------------------------------------------

    def export(self, directory: str | Path, fmt: str = "parquet", tables: Iterable[str] = TABLES) -> list[Path]:
        """Write each table to DIRECTORY/<table>.<fmt> (Parquet or CSV) and return the paths."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for table in tables:
            path = out / f"{table}.{fmt}"
            option = "(FORMAT PARQUET)" if fmt == "parquet" else "(FORMAT CSV, HEADER)"
            self.con.execute(f"COPY (SELECT * FROM {table}) TO '{_sql_path(path)}' {option}")
            written.append(path)
        return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
