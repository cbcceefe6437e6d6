"""Open the store for reading: the DuckDB file, or a directory of Parquet tables as DuckDB views.

A Spark run writes DIR/<table>/…/*.parquet (hive-partitioned; read by ``sorot.spark.parquet_store``)
and ``sorot export`` writes DIR/<table>.parquet; either opens as views in an in-memory connection,
so every read query of the analytics, the API and the dashboard runs unchanged over both.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sorot.spark.parquet_store import ParquetStore as SparkParquetStore
from sorot.spark.parquet_store import table_sql
from sorot.store.duck import Store
from sorot.store.schema import TABLES


class ParquetStore(SparkParquetStore):
    """A read-only Store over Parquet tables, in the export layout (DIR/<table>.parquet) or the Spark one."""

    read_only = True

    def refresh(self) -> None:
        """One view per table: the exported file if there is one, else the Spark job's files (or no rows)."""
        root = Path(self.path)
        self.missing: list[str] = []
        for table in TABLES:
            flat = root / f"{table}.parquet"
            if flat.is_file():
                typed = ", ".join(f'CAST("{name}" AS {sql}) AS "{name}"' for name, sql in TABLES[table])
                source = f"SELECT {typed} FROM read_parquet({_literal(str(flat))})"
            else:
                if not (root / table).is_dir():
                    self.missing.append(table)
                source = table_sql(root, table)
            self.con.execute(f"CREATE OR REPLACE VIEW {table} AS {source}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def open_store(db: str | Path | None = None, parquet: str | Path | None = None, *,
               writable: bool = False) -> Store:
    """The DuckDB store at ``db`` or the Parquet tables under ``parquet`` (exactly one of them)."""
    if (db is None) == (parquet is None):
        raise ValueError("give exactly one of a DuckDB path or a Parquet directory")
    if parquet is not None:
        if writable:
            raise ValueError("a Parquet directory is read-only")
        return ParquetStore(parquet)
    return Store(db, read_only=not writable)


class Reader:
    """A per-request cursor over a store's connection, so concurrent API requests never share one."""

    def __init__(self, store: Any) -> None:
        self.con = store.con.cursor()

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        return {t: self.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}

    def close(self) -> None:
        self.con.close()
