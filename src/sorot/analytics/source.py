"""Open the store for reading: the DuckDB file, or a directory of Parquet tables as DuckDB views.

A Spark run writes DIR/<table>/…/*.parquet (hive-partitioned) and ``sorot export`` writes
DIR/<table>.parquet; both open as views in an in-memory connection, so every read query of
the analytics, the API and the dashboard runs unchanged over either.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from sorot.store.duck import Store
from sorot.store.schema import TABLES, columns, ddl


class ParquetStore:
    """Store-like read access (``query``, ``counts``, ``con``) over a directory of Parquet tables."""

    read_only = True

    def __init__(self, directory: str | Path) -> None:
        self.path = str(directory)
        root = Path(directory)
        if not root.is_dir():
            raise FileNotFoundError(f"no Parquet directory at {root}")
        self.con = duckdb.connect(":memory:")
        self.missing: list[str] = []
        for table in TABLES:
            source = _parquet_source(root, table)
            if source is None:
                self.missing.append(table)
                self.con.execute(ddl(table))
                continue
            cols = ", ".join(f'"{c}"' for c in columns(table))
            self.con.execute(f"CREATE VIEW {table} AS SELECT {cols} FROM {source}")

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> ParquetStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _parquet_source(root: Path, table: str) -> str | None:
    """The read_parquet(...) expression for one table, or None when the directory lacks it."""
    single = root / f"{table}.parquet"
    if single.is_file():
        return f"read_parquet({_literal(str(single))})"
    folder = root / table
    if folder.is_dir() and any(folder.rglob("*.parquet")):
        pattern = str(folder / "**" / "*.parquet")
        return f"read_parquet({_literal(pattern)}, hive_partitioning = true, union_by_name = true)"
    return None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def open_store(db: str | Path | None = None, parquet: str | Path | None = None, *,
               writable: bool = False) -> Store | ParquetStore:
    """The DuckDB store at ``db`` or the Parquet tables under ``parquet`` (exactly one of them)."""
    if (db is None) == (parquet is None):
        raise ValueError("give exactly one of a DuckDB path or a Parquet directory")
    if parquet is not None:
        if writable:
            raise ValueError("a Parquet directory is read-only")
        return ParquetStore(parquet)
    return Store(db, read_only=not writable)


class Reader:
    """A per-thread cursor over a store's connection, so concurrent API requests never share one."""

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
