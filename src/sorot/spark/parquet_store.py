"""Read the Spark job's Parquet output with DuckDB: as a read-only store, or imported into a store file.

The job writes DIR/<table>/part_date=…/part_lang=…/*.parquet (errors and runs under part_run=…).
``open_parquet_store`` puts one view per table over those files in an in-memory DuckDB, with the
store's column names and types (partition keys dropped), so every query written for the DuckDB
store (CLI, API, dashboard) runs unchanged. No pyspark import here: reading needs DuckDB only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from sorot.store.duck import Store
from sorot.store.schema import DOCUMENT_TABLES, TABLES, columns

# The key of each table's rows: duplicates of a key in the Parquet files (a job re-run into the
# same directory after its documents moved partition) are reduced to one row.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",), "sentences": ("doc_id", "idx"), "mentions": ("doc_id", "idx"),
    "events": ("event_id",), "quotes": ("quote_id",), "alerts": ("alert_id",), "signatures": ("doc_id",),
}


def _files(directory: Path, table: str) -> list[str]:
    """The table's committed data files: Spark's staging folders and marker files start with '_' or '.'."""
    base = directory / table
    return sorted(str(p) for p in base.rglob("*.parquet")
                  if not any(part.startswith((".", "_")) for part in p.relative_to(base).parts))


def table_sql(directory: str | Path, table: str) -> str:
    """A SELECT of one table's rows from the job's Parquet files, typed as in the store."""
    files = _files(Path(directory), table)
    typed = ", ".join(f'CAST("{name}" AS {sql}) AS "{name}"' for name, sql in TABLES[table])
    if not files:  # the job wrote no row for this table
        nulls = ", ".join(f'CAST(NULL AS {sql}) AS "{name}"' for name, sql in TABLES[table])
        return f"SELECT {nulls} WHERE FALSE"
    listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
    source = f"read_parquet([{listing}], hive_partitioning = true, union_by_name = true)"
    key = ROW_KEYS.get(table)
    if key:
        order = "ingested_at DESC" if table == "documents" else "part_date DESC"
        cols = ", ".join(f'"{k}"' for k in key)
        return f"SELECT {typed} FROM {source} QUALIFY row_number() OVER (PARTITION BY {cols} ORDER BY {order}) = 1"
    return f"SELECT {typed} FROM {source}"


class ParquetStore(Store):
    """A read-only Store over a Parquet output directory: the same query API, views instead of tables."""

    def __init__(self, directory: str | Path) -> None:
        root = Path(directory)
        if not root.is_dir():
            raise FileNotFoundError(f"no Parquet output at {root}; run `sorot spark run … -o {root}` first")
        self.path = str(root)
        self.con = duckdb.connect(":memory:")
        self.refresh()

    def refresh(self) -> None:
        """Point the views at the files now in the directory (a later job run adds or replaces files)."""
        for table in TABLES:
            self.con.execute(f"CREATE OR REPLACE VIEW {table} AS {table_sql(self.path, table)}")

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(f"{self.path} is a read-only Parquet store; import it with `sorot import-parquet`")

    start_run = finish_run = write_batch = _read_only


def open_parquet_store(directory: str | Path) -> ParquetStore:
    """A read-only Store-like object over DIR/<table>/**/*.parquet (used by `sorot serve --parquet DIR`)."""
    return ParquetStore(directory)


def import_parquet(directory: str | Path, store: Store) -> dict[str, int]:
    """Load the Parquet tables into a DuckDB store in one transaction, replacing the same doc ids.

    Importing the same output twice leaves the store as after the first import; errors and runs
    are replaced by run id. Returns the number of rows imported per table.
    """
    root = Path(directory)
    if not root.is_dir():
        raise FileNotFoundError(f"no Parquet output at {root}")
    con = store.con
    imported: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for table in TABLES:
            con.execute(f"CREATE TEMP TABLE _import_{table} AS {table_sql(root, table)}")
        ids = "SELECT doc_id FROM _import_documents"
        for table in (*DOCUMENT_TABLES, "signatures"):
            con.execute(f"DELETE FROM {table} WHERE doc_id IN ({ids})")
        for table in ("errors", "runs"):
            con.execute(f"DELETE FROM {table} WHERE run_id IN (SELECT run_id FROM _import_{table})")
        for table in TABLES:
            cols = ", ".join(f'"{c}"' for c in columns(table))
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _import_{table}")
            imported[table] = con.execute(f"SELECT count(*) FROM _import_{table}").fetchone()[0]
            con.execute(f"DROP TABLE _import_{table}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return imported
