"""The Spark job (local mode) against the single-machine path: same rows, error rows instead of failures,
no duplicates after a crashed task or a re-run, filters before coding, and the Parquet output read
back by DuckDB (read-only view and idempotent import)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from sorot.model import Document
from sorot.pipeline import DEFAULT_STAGES, Pipeline
from sorot.runner import RunSummary
from sorot.spark import worker
from sorot.spark.parquet_store import open_parquet_store
from sorot.spark.worker import JobConfig, host_matches, job_run_id, local_path
from sorot.store.duck import Store
from sorot.store.schema import DOCUMENT_TABLES, arrow_schema

NOW = dt.datetime(2026, 3, 4, 5, 6, 7)
VOLATILE = {"run_id", "ingested_at", "at"}  # differ between two runs by design
STORED_TABLES = (*DOCUMENT_TABLES, "signatures")  # every table with rows per document
FAIL_WORD = "zzkerusakan"  # the test plugin's stage fails on documents containing it
PLUGIN = "sorot_spark_test_plugin"
PLUGIN_SOURCE = '''
"""Test-only stages: one fails on a word (an error row), one kills its Python worker once (a retried task)."""
import os
from pathlib import Path

from sorot.pipeline import register_stage


@register_stage("fail_on")
class FailOn:
    name = "fail_on"

    def __init__(self, word="", builds=""):
        self.word = word
        if builds:  # one line per construction: the pipeline must be built once per worker process
            with open(builds, "a") as fh:
                fh.write(str(os.getpid()) + "\\n")

    def __call__(self, doc):
        if self.word and self.word in doc.raw_text:
            raise RuntimeError("test failure on " + doc.id)
        return doc


@register_stage("crash_once")
class CrashOnce:
    name = "crash_once"

    def __init__(self, marker=""):
        self.marker = Path(marker) if marker else None

    def __call__(self, doc):
        if self.marker is not None and not self.marker.exists():
            self.marker.write_text(doc.id)
            os._exit(3)
        return doc
'''

ID_TEXT = ("Presiden Indonesia bertemu Perdana Menteri Malaysia di Jakarta pada Senin untuk membahas kerja sama "
           "perdagangan dan keamanan perbatasan. Kedua pemimpin sepakat memperkuat patroli bersama di Selat Malaka. "
           "\"Kami ingin kawasan ini tetap damai,\" kata Presiden kepada wartawan setelah pertemuan itu.\n"
           "Menteri Luar Negeri menambahkan bahwa pemerintah akan mengirim delegasi ke Kuala Lumpur bulan depan.")
EN_TEXT = ("The foreign ministers of Japan and Australia met in Canberra on Tuesday and agreed to expand joint "
           "naval exercises. \"We share the same concerns,\" the Japanese minister told reporters after the talks.\n"
           "Officials said a new agreement on defence research would be signed later this year.")


def _record(doc_id: str, text: str, url: str = "", date: str = "") -> str:
    return json.dumps({"id": doc_id, "text": text, "url": url, "date": date, "source": "uji"}, ensure_ascii=False)


def _warc(path: Path) -> None:
    """A small WARC.gz: two HTML pages, two 404s and an image (three error rows)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def page(title: str, body: str, lang: str) -> bytes:
        paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
        return (f"<!doctype html><html lang=\"{lang}\"><head><title>{title}</title>"
                f"<meta property=\"article:published_time\" content=\"2026-03-02T08:00:00+07:00\"></head>"
                f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>").encode()

    records = [
        ("https://warta.contoh.id/2026/03/02/pertemuan", "200 OK", "text/html; charset=utf-8",
         page("Presiden bertemu Perdana Menteri", ID_TEXT, "id")),
        ("https://daily.example.com/2026/03/02/ministers", "200 OK", "text/html; charset=utf-8",
         page("Ministers agree on exercises", EN_TEXT, "en")),
        ("https://warta.contoh.id/hilang", "404 Not Found", "text/html", b"<html><body>none</body></html>"),
        ("https://daily.example.com/gone", "404 Not Found", "text/html", b"<html><body>none</body></html>"),
        ("https://warta.contoh.id/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n0000"),
    ]
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, status, ctype, payload in records:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers))


@pytest.fixture(scope="module")
def plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plugin")
    path = folder / f"{PLUGIN}.py"
    path.write_text(textwrap.dedent(PLUGIN_SOURCE), encoding="utf-8")
    sys.path.insert(0, str(folder))
    __import__(PLUGIN)
    return path


@pytest.fixture(scope="module")
def stages() -> tuple[str, ...]:
    """The longest of these pipelines that builds and processes a probe document (stages are still being
    written by others): the full default pipeline, the text stages, segmentation alone."""
    for names in (DEFAULT_STAGES, ("clean", "language", "segment"), ("segment",)):
        try:
            Pipeline.from_config(names)(Document(id="probe", raw_text=ID_TEXT))
        except Exception:  # noqa: BLE001 - any failure means: not ready, try a shorter pipeline
            continue
        return names
    pytest.fail("not even the segmenter builds")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("inputs")
    lines = [
        _record("id-1", ID_TEXT, "https://berita.contoh.id/a/1", "2026-03-02"),
        _record("en-1", EN_TEXT, "https://news.example.com/b/1", "2026-03-02"),
        _record("id-2", ID_TEXT.replace("Senin", "Selasa"), "https://www.kabar.co.id/c/2", "2026-03-03"),
        _record("id-3", ID_TEXT.replace("Jakarta", "Surabaya"), "https://portal.example.com/d/3", "2026-03-03"),
        "{not json",
        json.dumps({"id": "no-text", "title": "judul saja"}),
        _record("id-1", ID_TEXT, "https://berita.contoh.id/a/1", "2026-03-02"),  # same content again
        _record("bad-1", ID_TEXT + " " + FAIL_WORD, "https://berita.contoh.id/a/9", "2026-03-02"),
    ]
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "b.txt").write_text(ID_TEXT.replace("Malaysia", "Singapura"), encoding="utf-8")
    with gzip.open(folder / "z.jsonl.gz", "wt", encoding="utf-8") as fh:  # same id, other content
        fh.write(_record("id-2", EN_TEXT, "https://www.kabar.co.id/c/2", "2026-03-03") + "\n")
    paths = [folder / "a.jsonl", folder / "b.txt", folder / "z.jsonl.gz"]
    try:
        import sorot.ingest.warc  # noqa: F401 - the WARC reader is optional while it is being written

        _warc(folder / "c.warc.gz")
        paths.append(folder / "c.warc.gz")
    except ImportError:
        pass
    return sorted(str(p) for p in paths)


@pytest.fixture(scope="module")
def spark(plugin: Path) -> Any:
    from sorot.spark.job import session

    # local[2,3]: two cores, three attempts per task (local mode has no retries otherwise)
    s = session("local[2,3]", "sorot-tests", {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2",
                                              "spark.default.parallelism": "2"})
    s.sparkContext.setLogLevel("ERROR")
    s.sparkContext.addPyFile(str(plugin))
    yield s
    s.stop()


def _config(stages: tuple[str, ...], crash_marker: str = "", builds: str = "", **kw: Any) -> JobConfig:
    names = (*stages, "fail_on", *(("crash_once",) if crash_marker else ()))
    settings = {"fail_on": {"word": FAIL_WORD, "builds": builds}, "crash_once": {"marker": crash_marker}}
    return JobConfig(run_id="spark-test", now=NOW, stages=names, settings_json=json.dumps(settings),
                     imports=(PLUGIN,), **kw)


@pytest.fixture(scope="module")
def job_output(spark: Any, inputs: list[str], stages: tuple[str, ...],
               tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One run whose first processing task dies with its Python worker, as on a lost executor."""
    from sorot.spark.job import run_job

    root = tmp_path_factory.mktemp("job")
    marker = root / "crashed"
    builds = root / "builds"
    result = run_job(spark, inputs, str(root / "out"), _config(stages, str(marker), str(builds)), partitions=3)
    return {"out": root / "out", "result": result, "marker": marker, "builds": builds}


@pytest.fixture(scope="module")
def local_store(inputs: list[str], stages: tuple[str, ...], plugin: Path,
                tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The same inputs through the single-machine `sorot ingest` path."""
    from sorot.runner import ingest

    settings = {"fail_on": {"word": FAIL_WORD}}
    store = Store(tmp_path_factory.mktemp("local") / "local.duckdb")
    ingest(inputs, store, pipeline=Pipeline.from_config((*stages, "fail_on"), settings))
    return store


def _parquet_rows(out: Path, table: str) -> list[dict[str, Any]]:
    """Rows straight from the Parquet files (no DuckDB casts), partition keys and volatile columns dropped."""
    files = [str(p) for p in (out / table).rglob("*.parquet")]
    if not files:
        return []
    data = ds.dataset(files, format="parquet").to_table()
    return _normalise(data.to_pylist())


def _normalise(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = [{k: v for k, v in r.items() if k not in VOLATILE and not k.startswith("part_")} for r in rows]
    return sorted(kept, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def _first_difference(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> dict[str, Any]:
    for a, b in zip(got, expected, strict=False):
        if a != b:
            return {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
    return {}


def test_output_equals_single_machine_row_for_row(job_output: dict[str, Any], local_store: Store) -> None:
    out = job_output["out"]
    for table in STORED_TABLES:
        expected = _normalise(local_store.query(f"SELECT * FROM {table}"))
        got = _parquet_rows(out, table)
        assert got == expected, (table, len(got), len(expected), _first_difference(got, expected))
    docs = {r["doc_id"] for r in _parquet_rows(out, "documents")}
    assert {"id-1", "en-1", "id-2", "id-3", "b"} <= docs
    assert "bad-1" not in docs
    clusters = {r["doc_id"]: r["cluster_id"] for r in _parquet_rows(out, "documents")}
    assert clusters["id-2"] == clusters["id-3"] == "id-1" != clusters["en-1"]  # rewrites of id-1's story
    assert sum(1 for r in _parquet_rows(out, "documents") if r["doc_id"] == "id-1") == 1
    errors = _normalise(local_store.query("SELECT * FROM errors"))
    assert _parquet_rows(out, "errors") == errors
    assert {e["doc_id"] for e in errors if e["stage"] == "process"} == {"bad-1"}
    assert sum("duplicate id 'id-2'" in e["message"] for e in errors) == 1
    assert {"line 5", "line 6"} <= {e["item"] for e in errors}  # bad JSON, no text


def test_a_crashed_task_is_retried_without_duplicate_rows(job_output: dict[str, Any]) -> None:
    assert job_output["marker"].exists()  # a Python worker really died during the run
    events = _parquet_rows(job_output["out"], "events")
    assert len({e["event_id"] for e in events}) == len(events)
    sentences = _parquet_rows(job_output["out"], "sentences")
    assert len({(s["doc_id"], s["idx"]) for s in sentences}) == len(sentences) > 0
    counts = job_output["result"].counts
    assert counts["stored"] == len(_parquet_rows(job_output["out"], "documents"))
    assert counts["unchanged"] == 1


def test_pipeline_is_built_once_per_python_worker(job_output: dict[str, Any]) -> None:
    pids = job_output["builds"].read_text().split()
    assert pids and len(pids) == len(set(pids))  # 3 partitions on 2 slots: a worker ran 2 tasks, built once


def test_parquet_files_have_the_store_types_and_partitions(job_output: dict[str, Any]) -> None:
    out = job_output["out"]
    for table in (*DOCUMENT_TABLES, "errors"):
        files = list((out / table).rglob("*.parquet"))
        if not files:
            continue
        schema = pq.read_schema(files[0])
        for field in arrow_schema(table):
            got = schema.field(field.name).type
            if pa.types.is_list(field.type):
                assert pa.types.is_list(got) and got.value_type == field.type.value_type, (table, field.name)
            else:
                assert got == field.type, (table, field.name, got)
    assert "part_date=2026-03" in {p.name for p in (out / "documents").glob("part_date=*")}  # month by default
    folder = next((out / "documents").glob("part_date=2026-03/part_lang=id"))
    assert len(list(folder.glob("*.parquet"))) == 1  # each folder is written by one task


def test_rerun_replaces_its_partitions(spark: Any, job_output: dict[str, Any], inputs: list[str],
                                       stages: tuple[str, ...]) -> None:
    from sorot.spark.job import run_job

    out = job_output["out"]
    before = {t: _parquet_rows(out, t) for t in (*STORED_TABLES, "errors")}
    run_job(spark, inputs, str(out), _config(stages), partitions=2)
    assert {t: _parquet_rows(out, t) for t in before} == before


def test_parquet_store_and_import(job_output: dict[str, Any], local_store: Store, tmp_path: Path) -> None:
    from sorot.cli import main

    out = job_output["out"]
    with open_parquet_store(out) as view:
        assert view.counts()["documents"] == local_store.counts()["documents"]
        assert view.query("SELECT count(*) AS n FROM runs")[0]["n"] == 1
        with pytest.raises(PermissionError):
            view.write_batch([])
    db = tmp_path / "imported.duckdb"
    runner = CliRunner()
    for _ in range(2):  # importing twice changes nothing
        result = runner.invoke(main, ["import-parquet", str(out), "--db", str(db)])
        assert result.exit_code == 0, result.output
    with Store(db) as imported:
        for table in (*STORED_TABLES, "errors"):
            assert _normalise(imported.query(f"SELECT * FROM {table}")) == \
                _normalise(local_store.query(f"SELECT * FROM {table}")), table
        assert imported.counts()["runs"] == 1


def test_filters_keep_id_hosts_and_indonesian(spark: Any, inputs: list[str], stages: tuple[str, ...],
                                              tmp_path: Path) -> None:
    from sorot.spark.job import run_job

    if "language" not in stages:
        pytest.skip("language detection stage not available yet")
    out = tmp_path / "filtered"
    result = run_job(spark, inputs, str(out), _config(stages, hosts=(".id",), langs=("id",), date_granularity="day"),
                     partitions=2, filesystem="arrow")
    docs = {r["doc_id"]: r for r in _parquet_rows(out, "documents")}
    assert {"id-1", "id-2"} <= set(docs)  # id-2's English copy is dropped before it can clash
    assert not {"en-1", "id-3", "b"} & set(docs)
    assert all(host_matches(d["url"], [".id"]) and d["lang"] == "id" for d in docs.values())
    assert result.counts["filtered_host"] >= 3  # en-1, id-3, b.txt (no URL)
    errors = _parquet_rows(out, "errors")
    assert any("warta.contoh.id" in e["item"] for e in errors)  # errors of kept hosts stay
    assert not any("example.com" in e["item"] for e in errors)  # a foreign page's error is filtered with it
    assert result.counts["filtered_lang"] >= 1  # z.jsonl.gz's English copy of id-2
    dates = {p.name for p in (out / "documents").glob("part_date=*")}
    assert {"part_date=2026-03-02", "part_date=2026-03-03"} <= dates


def test_worker_builds_the_pipeline_once_per_process(plugin: Path) -> None:
    config = _config(("segment",))
    first = worker.pipelines(config)
    assert worker.pipelines(config) is first
    assert worker.pipelines(_config(("segment",), "x")) is not first


def test_a_value_the_schema_cannot_hold_is_an_error_row_not_a_lost_batch() -> None:
    good, bad = Document(id="good", raw_text=ID_TEXT), Document(id="bad", raw_text=EN_TEXT)

    def rows(doc: Document, idx: int) -> worker.Rows:
        sentence = {"doc_id": doc.id, "idx": idx, "start": 0, "end": 5, "paragraph": 0, "text": "Kalimat."}
        by_table: dict[str, list[dict[str, Any]]] = {t: [] for t in (*DOCUMENT_TABLES, worker.SIGNATURE)}
        by_table["documents"] = [{"doc_id": doc.id}]
        by_table["sentences"] = [sentence]
        return doc, by_table, ("2026-03", "id")

    summary = RunSummary()
    batches = worker.stored_batches([rows(good, 0), rows(bad, 2**40)], summary)  # idx is an INTEGER column
    table = pa.Table.from_batches(batches)
    assert {r["doc_id"] for r in table.column("documents").to_pylist() if r} == {"good"}
    assert summary.counts["stored"] == 1
    assert [(e["doc_id"], e["stage"]) for e in summary.errors] == [("bad", "store")]
    assert "cannot store" in summary.errors[0]["message"]


def test_driver_clustering_matches_the_sequential_index() -> None:
    from sorot.clean.near_duplicates import NearDuplicateIndex

    texts = [("a", ID_TEXT), ("b", EN_TEXT), ("c", ID_TEXT.replace("Senin", "Rabu")),
             ("d", EN_TEXT.replace("Tuesday", "Friday")), ("a", EN_TEXT)]  # a repeated id keeps its cluster
    index = NearDuplicateIndex()
    expected = {doc_id: index.add(doc_id, text) for doc_id, text in texts}
    got = worker.cluster_in_order((doc_id, worker.signature(text)) for doc_id, text in texts)
    assert got == expected == {"a": "a", "b": "b", "c": "a", "d": "b"}


def test_remote_files_are_read_from_a_local_copy_but_named_by_uri(tmp_path: Path) -> None:
    data = (_record("r-1", ID_TEXT) + "\n{broken\n").encode()
    out = list(worker.read_file("hdfs://namenode/news/day.jsonl", data, JobConfig(run_id="r", now=NOW)))
    (key, doc), (_, error) = out
    assert key == ("hdfs://namenode/news/day.jsonl", 0, "r-1")
    assert doc.meta["source_file"] == "hdfs://namenode/news/day.jsonl"
    assert error.source == "hdfs://namenode/news/day.jsonl" and error.item == "line 2"
    packed = tmp_path / "a.jsonl.gz"
    with gzip.open(packed, "wt") as fh:
        fh.write("{}\n")
    worker._copy_remote(packed.as_uri(), str(tmp_path / "copy.gz"))  # stored bytes: no transparent gunzip
    assert (tmp_path / "copy.gz").read_bytes() == packed.read_bytes()


def test_helpers() -> None:
    assert host_matches("https://www.kabar.co.id/x", [".id"])
    assert host_matches("https://detik.com/x", ["detik.com"])
    assert not host_matches("https://notdetik.com/x", ["detik.com"])
    assert not host_matches("", [".id"])
    assert local_path("file:/tmp/a b.jsonl") == "/tmp/a b.jsonl"
    assert local_path("/tmp/x") == "/tmp/x"
    assert local_path("s3a://bucket/key") is None
    assert job_run_id(["b", "a"], {"s": 1}) == job_run_id(["a", "b"], {"s": 1}) != job_run_id(["a"], {"s": 1})
