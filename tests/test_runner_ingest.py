"""The runner's in-memory ingest: parsed records become the Documents a JSONL file of them gives, and
``ingest_documents`` stores exactly the rows ``ingest`` of that file stores (errors, clusters, runs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import small_article, write_jsonl

from sorot.ingest.base import ReadError, ReadOptions, read_inputs, read_records
from sorot.pipeline import Pipeline
from sorot.runner import ingest, ingest_documents
from sorot.store.duck import Store
from sorot.store.schema import TABLES

# Columns that name the run, the time or the input file rather than what was ingested.
RUN_COLUMNS = {"run_id", "ingested_at", "at", "source_file", "started_at", "finished_at", "inputs"}


def ingest_records() -> list[dict[str, Any]]:
    """Records as a client would post them: every one has an id and a text, one text is blank, one is
    a reprint of another with a different ending (a near-duplicate), dates come in several forms."""
    records = [small_article(i) for i in range(4)]
    records[1]["date"] = "05/03/2025"  # day first, as Indonesian sources write it
    records[2]["date"] = "kemarin"  # not a date: dropped and kept in meta
    records[3]["id"] = 73  # a numeric id
    reprint = {**records[0], "id": "gen-reprint", "source": "Cetak ulang",
               "text": records[0]["text"] + " Dilaporkan ulang oleh media lain."}
    blank = {"id": "gen-blank", "text": "  \n ", "title": "Kosong"}
    return [records[0], blank, *records[1:], reprint]


def stored_rows(db: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in a stable order, without the columns that differ from run to run."""
    rows = {}
    with Store(db, read_only=True) as store:
        for table, cols in TABLES.items():
            keep = [c for c, _ in cols if c not in RUN_COLUMNS and not (table == "errors" and c == "source")]
            columns = ", ".join(f'"{c}"' for c in keep)
            found = store.query(f"SELECT {columns} FROM {table}")
            for row in found:
                if "meta" in row and row["meta"]:
                    meta = json.loads(row["meta"])
                    meta.pop("source_file", None)
                    row["meta"] = meta
            rows[table] = sorted(found, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return rows


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config(["clean", "language", "segment"])


def test_records_become_the_documents_the_jsonl_reader_makes(tmp_path: Path) -> None:
    records = [*ingest_records(), {"id": "crlf", "text": "Baris satu.\r\nBaris dua.", "url": None, "extra": 1},
               {"id": "", "text": "tanpa id"}, {"id": "no-text", "text": None}, {"id": "big", "text": "x" * 20},
               {"id": "bin", "text": "\x01\x02" * 30}]
    path = write_jsonl(tmp_path / "records.jsonl", records)
    options = ReadOptions(max_chars=10_000)
    expected = list(read_inputs([str(path)], options))
    assert list(read_records(records, str(path), options)) == expected
    assert sum(isinstance(r, ReadError) for r in expected) == 4  # blank, no id, no text, binary
    assert [r.message for r in read_records([["not", "an", "object"]], "posted")] == ["JSON record is not an object"]


def test_ingest_documents_stores_what_ingest_of_a_file_stores(tmp_path: Path, pipeline: Pipeline) -> None:
    records = ingest_records()
    path = write_jsonl(tmp_path / "records.jsonl", records)
    with Store(tmp_path / "file.duckdb") as store:
        from_file = ingest([str(path)], store, pipeline=pipeline, batch_size=2)
    with Store(tmp_path / "memory.duckdb") as store:
        in_memory = ingest_documents(read_records(records, "posted"), store, pipeline=pipeline, inputs=["posted"],
                                     batch_size=2)
    assert from_file.counts == in_memory.counts
    assert in_memory.counts["stored"] == len(records) - 1 and in_memory.counts["near_duplicates"] == 1
    assert [e["message"] for e in in_memory.errors] == ["empty document"]
    assert stored_rows(tmp_path / "file.duckdb") == stored_rows(tmp_path / "memory.duckdb")


def test_ingest_documents_skips_stored_content_and_refuses_changed_ids(tmp_path: Path, pipeline: Pipeline) -> None:
    records = [small_article(i) for i in range(3)]
    with Store(tmp_path / "s.duckdb") as store:
        first = ingest_documents(read_records(records, "posted"), store, pipeline=pipeline)
        changed = [records[0], {**records[1], "text": records[1]["text"] + " Ralat."}]
        second = ingest_documents(read_records(changed, "posted"), store, pipeline=pipeline)
        replaced = ingest_documents(read_records(changed, "posted"), store, pipeline=pipeline, replace=True)
        runs = store.query("SELECT status, n_stored, n_unchanged, n_errors FROM runs ORDER BY started_at")
        errors = store.query("SELECT doc_id, stage FROM errors")
    assert first.counts["stored"] == 3 and not first.errors
    assert second.counts["unchanged"] == 1 and second.counts["stored"] == 0
    assert [e["doc_id"] for e in second.errors] == [records[1]["id"]] and "--replace" in second.errors[0]["message"]
    assert replaced.counts["stored"] == 1 and replaced.counts["unchanged"] == 1
    assert runs == [{"status": "ok", "n_stored": 3, "n_unchanged": 0, "n_errors": 0},
                    {"status": "ok-with-errors", "n_stored": 0, "n_unchanged": 1, "n_errors": 1},
                    {"status": "ok", "n_stored": 1, "n_unchanged": 1, "n_errors": 0}]
    assert errors == [{"doc_id": records[1]["id"], "stage": "store"}]
