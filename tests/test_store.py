"""The DuckDB store: idempotent ingest by content, --replace, exports read back, and crash safety
(a run killed with SIGKILL leaves whole batches only and a re-run ends equal to an uninterrupted run)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import SAMPLES, write_jsonl

from sorot.cli import main
from sorot.runner import ingest
from sorot.store.duck import Store
from sorot.store.schema import DOCUMENT_TABLES, TABLES, columns

DERIVED = (*DOCUMENT_TABLES, "errors")  # every table except the log of runs
RUN_COLUMNS = {"run_id", "ingested_at", "at"}  # differ between runs by design


def table_rows(store: Store, table: str) -> list[tuple]:
    """All rows of a table without the per-run columns, in a stable order."""
    cols = ", ".join(f'"{c}"' for c in columns(table) if c not in RUN_COLUMNS)
    return [tuple(r.values()) for r in store.query(f"SELECT {cols} FROM {table} ORDER BY ALL")]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested once with the default pipeline."""
    db = tmp_path_factory.mktemp("store") / "samples.duckdb"
    with Store(db) as store:
        summary = ingest([str(SAMPLES)], store, batch_size=7)
    assert not summary.errors, summary.errors
    return db


def test_sample_store_fills_every_derived_table(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as store:
        counts = store.counts()
    assert all(counts[t] > 0 for t in DOCUMENT_TABLES), counts
    assert counts["errors"] == 0 and counts["runs"] == 1


def test_ingest_twice_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "twice.duckdb"
    with Store(db) as store:
        first = ingest([str(SAMPLES)], store, batch_size=10)
        before = {t: table_rows(store, t) for t in DERIVED}
        second = ingest([str(SAMPLES)], store, batch_size=10)
        after = {t: table_rows(store, t) for t in DERIVED}
        runs = store.query("SELECT status, n_read, n_stored, n_unchanged FROM runs ORDER BY started_at")
    assert after == before
    n = first.counts["stored"]
    assert n >= 20 and second.counts["stored"] == 0 and second.counts["unchanged"] == n
    assert runs == [{"status": "ok", "n_read": n, "n_stored": n, "n_unchanged": 0},
                    {"status": "ok", "n_read": n, "n_stored": 0, "n_unchanged": n}]


def test_same_text_under_two_ids_is_stored_twice_whatever_the_batch_size(tmp_path: Path, light_pipeline) -> None:
    src = write_jsonl(tmp_path / "sama.jsonl", [{"id": "a", "text": "Teks yang sama persis."},
                                                {"id": "b", "text": "Teks yang sama persis."}])
    for batch_size in (1, 10):
        with Store(tmp_path / f"b{batch_size}.duckdb") as store:
            summary = ingest([str(src)], store, pipeline=light_pipeline, batch_size=batch_size)
            assert [r["doc_id"] for r in store.query("SELECT doc_id FROM documents ORDER BY 1")] == ["a", "b"]
        assert summary.counts["stored"] == 2 and summary.counts["unchanged"] == 0


def test_replace_updates_a_changed_document(tmp_path: Path) -> None:
    db = tmp_path / "replace.duckdb"
    v1 = {"id": "doc-1", "date": "2025-02-01", "text": (
        "Pemerintah Rusia mengecam pemerintah Jepang pada Senin. Menteri Luar Negeri Rusia menyampaikan hal itu. "
        "Kalimat ketiga menutup berita.")}
    v2 = {"id": "doc-1", "date": "2025-02-02", "text": "Pemerintah China memuji pemerintah Malaysia pada Selasa."}
    other = {"id": "doc-2", "text": "Pemerintah India mengunjungi Australia pada Rabu."}
    first = write_jsonl(tmp_path / "v1.jsonl", [v1, other])
    second = write_jsonl(tmp_path / "v2.jsonl", [v2, other])
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(first), "--db", str(db)]).exit_code == 0

    refused = runner.invoke(main, ["ingest", str(second), "--db", str(db)])
    assert refused.exit_code == 1
    assert "--replace" in "".join(refused.output.split())
    with Store(db, read_only=True) as store:
        assert store.query("SELECT raw_text FROM documents WHERE doc_id = 'doc-1'")[0]["raw_text"] == v1["text"]
        assert store.query("SELECT stage FROM errors") == [{"stage": "store"}]

    replaced = runner.invoke(main, ["ingest", str(second), "--db", str(db), "--replace"])
    assert replaced.exit_code == 0, replaced.output
    with Store(db, read_only=True) as store:
        [doc] = store.query("SELECT raw_text, date, n_sentences FROM documents WHERE doc_id = 'doc-1'")
        assert doc["raw_text"] == v2["text"] and str(doc["date"]) == "2025-02-02"
        assert store.query("SELECT count(*) AS n FROM sentences WHERE doc_id = 'doc-1'") == [{"n": 1}]
        assert doc["n_sentences"] == 1
        evidence = [r["evidence"] for r in store.query("SELECT evidence FROM events WHERE doc_id = 'doc-1'")]
        assert all("Rusia" not in e for e in evidence)  # no stale rows of the first version
        assert store.query("SELECT count(*) AS n FROM documents") == [{"n": 2}]
        [last] = store.query("SELECT n_stored, n_unchanged FROM runs ORDER BY started_at DESC LIMIT 1")
        assert last == {"n_stored": 1, "n_unchanged": 1}


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_every_table_reads_back(sample_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / fmt
    result = CliRunner().invoke(main, ["export", "--db", str(sample_db), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    with Store(sample_db, read_only=True) as store:
        counts = store.counts()
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.{fmt}" for t in TABLES)
    for table in TABLES:
        path = out / f"{table}.{fmt}"
        if fmt == "parquet":
            read = pq.read_table(path)
            assert read.num_rows == counts[table], table
            assert read.column_names == columns(table)
        else:
            con = duckdb.connect()
            rel = con.read_csv(str(path), header=True)
            assert rel.columns == columns(table) or counts[table] == 0, table
            assert con.execute(f"SELECT count(*) FROM read_csv('{path}', header=true)").fetchone()[0] == counts[table]
            con.close()


def test_plover_jsonl_export(sample_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    result = CliRunner().invoke(main, ["export", "--db", str(sample_db), "--format", "plover-jsonl",
                                       "-o", str(path)])
    assert result.exit_code == 0, result.output
    lines = path.read_text(encoding="utf-8").splitlines()
    with Store(sample_db, read_only=True) as store:
        events = {r["event_id"]: r for r in store.query("SELECT * FROM events")}
    assert len(lines) == len(events) > 0
    for line in lines:
        record = json.loads(line)
        row = events[record["id"]]
        assert record["event"] == [row["type"]] and record["modality"] == row["modality"]
        assert record["event_text"] == [row["evidence"]] and record["quad_code"] == row["quad"]
        assert record["actor"] == json.loads(row["actor_json"])
        assert record["recipient"] == json.loads(row["recipient_json"])
        assert record["date"] == (str(row["date"]) if row["date"] else None)
        assert record["cite_info"]["codebook"] and record["text_info"]["trigger"] == row["trigger"]


# --- crash safety ---------------------------------------------------------------------------------------

# Small on purpose: the full pipeline runs about 2.5 times over these (killed run, resume, reference).
N_ARTICLES, BATCH = 120, 10
WAL_BYTES_PER_BATCH = 30_000  # a batch of BATCH small articles adds about 37 kB to the WAL


def _wait_for_commits(proc: subprocess.Popen, db: Path, min_wal_bytes: int = 2 * WAL_BYTES_PER_BATCH,
                      timeout: float = 120) -> None:
    """Return once the writer has committed a couple of batches (its WAL has grown) or has ended."""
    wal = Path(f"{db}.wal")
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size >= min_wal_bytes:
            return
        time.sleep(0.02)


def test_killed_ingest_resumes_to_the_same_store(tmp_path: Path, articles_jsonl) -> None:
    src = articles_jsonl(N_ARTICLES)
    killed_db, reference_db = tmp_path / "killed.duckdb", tmp_path / "reference.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "sorot.cli", "ingest", str(src), "--db", str(killed_db),
                             "--batch-size", str(BATCH)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        _wait_for_commits(proc, killed_db)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)

    # Only whole batches survive the kill.
    with Store(killed_db, read_only=True) as store:
        survived = store.counts()["documents"]
    assert survived % BATCH == 0 and survived <= N_ARTICLES

    resumed = CliRunner().invoke(main, ["ingest", str(src), "--db", str(killed_db), "--batch-size", str(BATCH)])
    assert resumed.exit_code == 0, resumed.output
    with Store(reference_db) as store:
        ingest([str(src)], store, batch_size=BATCH)

    with Store(killed_db, read_only=True) as killed, Store(reference_db, read_only=True) as reference:
        assert killed.counts()["documents"] == N_ARTICLES
        for table in DERIVED:
            assert table_rows(killed, table) == table_rows(reference, table), table
        first, last = killed.query("SELECT status, n_stored, n_unchanged FROM runs ORDER BY started_at")
        assert last == {"status": "ok", "n_stored": N_ARTICLES - survived, "n_unchanged": survived}
        # The killed run is logged as interrupted (or ok when it finished before the kill).
        assert first["status"] == ("ok" if survived == N_ARTICLES else "interrupted")
        assert reference.counts()["events"] > 0
