"""What a Spark task does, in plain Python (no pyspark import), so that it is testable without a cluster
and provably the single-machine path: the same readers (``read_inputs``), the same ``process_items``
and the same ``document_rows`` as ``sorot ingest``.

The job has two steps, both exchanging Arrow record batches with the JVM (columnar, no per-row
pickling). ``read_file`` turns one input file into keyed Documents and ReadErrors (the host filter
applies here, before the shuffle, so foreign pages are never shipped); ``read_batches`` ships them
as pickled records. The records are then routed by document id, so all copies of an id meet in
one partition and are deduplicated as in a single run, and sorted by (file, record number) to keep
the input order. ``process_partition`` runs the pipeline and yields Arrow batches holding the
typed rows of every table, error rows for whatever failed, and one statistics record per partition.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib
import itertools
import json
import pickle
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa

from sorot.clean.near_duplicates import NearDuplicateIndex, encode_signature
from sorot.ingest.base import ReadError, ReadOptions, read_inputs
from sorot.model import Document
from sorot.pipeline import DEFAULT_STAGES, Pipeline, StageError, default_pipeline
from sorot.runner import RunSummary, process_items
from sorot.store.rows import document_rows, parse_date
from sorot.store.schema import DOCUMENT_TABLES, arrow_schema

# Partition keys added to every document table (and to errors/runs): directory levels, not store columns.
DATE_KEY = "part_date"
LANG_KEY = "part_lang"
RUN_KEY = "part_run"
UNKNOWN = "unknown"
# Characters of an ISO date kept in part_date. Month by default: every folder of every table is at least
# one file, and a news archive over years by day means thousands of tiny files (IndoSum: 526 days,
# ~3,700 files, writing ~8x slower than the ~150 files by month); a daily crawl fills few folders either way.
DATE_GRANULARITY = {"day": 10, "month": 7, "year": 4}
STATS = "_stats"  # a partition's counts, as JSON
SIGNATURE = "_sig"  # (file, record number, doc id, MinHash signature) of a stored document, for story clusters
OUTPUT_TABLES = (*DOCUMENT_TABLES, "errors")
# Documents per output batch: big enough for columnar conversion to pay, small enough to bound memory.
BATCH_DOCS = 200
RECORDS_PER_BATCH = 256  # read records per Arrow batch shipped to the shuffle
# Stands for the story cluster id until the driver has clustered the whole run (see ``cluster_in_order``).
CLUSTER_PLACEHOLDER = "\x00cluster\x00"

_URL = re.compile(r"https?://\S+")
RecordKey = tuple[str, int, str]  # (file, record number, routing key)
Item = Document | ReadError | Counter
# A stored document's rows by table (signature included) and its (publication date, language) folder keys.
Rows = tuple[Document, dict[str, list[dict[str, Any]]], tuple[str, str]]

READ_SCHEMA = pa.schema([("file", pa.string()), ("n", pa.int64()), ("key", pa.string()), ("item", pa.binary())])
SIGNATURE_TYPE = pa.struct([("file", pa.string()), ("n", pa.int64()), ("doc_id", pa.string()),
                            ("signature", pa.binary())])


@functools.cache
def output_schema() -> pa.Schema:
    """One row per output: its table, partition keys, and one struct column per table (the others
    null), so a single Python pass feeds every table and the split by table runs in the JVM."""
    keys = [pa.field(k, pa.string()) for k in ("table", DATE_KEY, LANG_KEY)]
    tables = [pa.field(t, pa.struct(list(arrow_schema(t)))) for t in OUTPUT_TABLES]
    return pa.schema([*keys, pa.field(STATS, pa.string()), pa.field(SIGNATURE, SIGNATURE_TYPE), *tables])


@dataclass(frozen=True, slots=True)
class JobConfig:
    """Everything a task needs; pickled into each task, so ``run_id`` and ``now`` are the same on retries."""

    run_id: str
    now: dt.datetime
    stages: tuple[str, ...] | None = None  # None: the default pipeline
    settings_json: str = "{}"  # per-stage settings, as JSON so the config stays hashable
    format: str | None = None
    columns: tuple[tuple[str, str], ...] = ()
    hosts: tuple[str, ...] = ()  # keep documents whose URL host is, or ends in, one of these
    langs: tuple[str, ...] = ()  # keep documents in these languages (decided before coding)
    imports: tuple[str, ...] = ()  # plugin modules that register extra stages or readers
    date_granularity: str = "month"  # of the part_date folders: day (YYYY-MM-DD), month (YYYY-MM) or year

    def read_options(self) -> ReadOptions:
        return ReadOptions(format=self.format, columns=dict(self.columns))

    def stage_names(self) -> tuple[str, ...]:
        return self.stages if self.stages is not None else DEFAULT_STAGES


def job_run_id(inputs: Iterable[str], config_parts: dict[str, Any]) -> str:
    """A run id that depends only on what the job does, so re-running the same job replaces its own rows."""
    blob = json.dumps({"inputs": sorted(inputs), **config_parts}, sort_keys=True, default=str)
    return "spark-" + hashlib.sha256(blob.encode()).hexdigest()[:16]


# --- per-process resources ------------------------------------------------------------------------

_PIPELINES: dict[tuple[tuple[str, ...] | None, str], tuple[Pipeline, Pipeline]] = {}


def pipelines(config: JobConfig) -> tuple[Pipeline, Pipeline]:
    """The configured pipeline split after its language stage, built once per worker process.

    Python workers are reused across tasks, so the knowledge base, models and lexicons load once
    per worker, not per task or record. The split lets the language filter drop pages before the
    costly coding stages; running both halves is the same as running the whole pipeline.
    """
    key = (config.stages, config.settings_json)
    if key not in _PIPELINES:
        for module in config.imports:
            importlib.import_module(module)
        if config.stages is None:
            full = default_pipeline()
        else:
            full = Pipeline.from_config(config.stages, json.loads(config.settings_json))
        names = [s.name for s in full.stages]
        cut = max((i + 1 for i, n in enumerate(names) if n == "language"), default=0)
        _PIPELINES[key] = (Pipeline(full.stages[:cut]), Pipeline(full.stages[cut:]))
    return _PIPELINES[key]


# --- step 1: read ----------------------------------------------------------------------------------


def local_path(uri: str) -> str | None:
    """The local path of a plain path or file: URI, None for a remote one (hdfs://, s3a://, ...)."""
    parts = urlsplit(uri)
    if parts.scheme == "file":
        return parts.path
    if not parts.scheme or len(parts.scheme) == 1:  # no scheme, or a Windows drive letter
        return uri
    return None


def host_matches(url: str, hosts: Iterable[str]) -> bool:
    """Whether the URL's host is one of ``hosts`` or below one ('.id' keeps every host under .id)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return False
    for wanted in hosts:
        suffix = wanted.lower().strip(".")
        if host == suffix or host.endswith("." + suffix):
            return True
    return False


def read_file(uri: str, data: bytes | None, config: JobConfig) -> Iterator[tuple[RecordKey, Item]]:
    """Keyed Documents and ReadErrors of one input file, given its bytes or, if None, opened by URI.

    Local files are read in place. Others are copied to a local temporary file with the same name
    (readers take a path, and the text reader's ids come from the file name) and the temporary
    path is replaced by the URI in sources, so rows name the real input.
    """
    path = local_path(uri)
    shown = path if path is not None else uri
    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="sorot-spark-") as tmp:
        if data is not None or path is None:
            path = str(Path(tmp) / (Path(urlsplit(uri).path).name or "input"))
            if data is not None:
                Path(path).write_bytes(data)
            else:
                _copy_remote(uri, path)
        n = 0
        try:
            for n, item in enumerate(read_inputs([path], config.read_options())):
                if isinstance(item, ReadError):
                    url = _URL.search(item.item)  # e.g. a WARC record's target: filtered like its page would be
                    if config.hosts and url and not host_matches(url.group(0), config.hosts):
                        counts["filtered_host"] += 1
                        continue
                    item.source = shown
                    yield (shown, n, f"{shown}:{item.item}"), item
                    continue
                if item.meta.get("source_file") == path:
                    item.meta["source_file"] = shown
                if config.hosts and not host_matches(item.url, config.hosts):
                    counts["filtered_host"] += 1
                    continue
                yield (shown, n, item.id), item
        except Exception as exc:  # a reader bug on one file must not fail the job
            yield (shown, n + 1, shown), ReadError(shown, f"reader failed: {exc!r}")
    if counts:
        yield (shown, -1, shown), counts


def _copy_remote(uri: str, target: str) -> None:
    """Stream a remote file (any pyarrow filesystem: s3://, hdfs://, gs://) to a local path, as stored."""
    from pyarrow import fs

    filesystem, remote = fs.FileSystem.from_uri(uri)
    with filesystem.open_input_stream(remote, compression=None) as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)


def list_inputs(inputs: Iterable[str]) -> list[str]:
    """The files under the inputs, in read order: local like ``read_inputs``, remote via pyarrow."""
    files: list[str] = []
    for uri in inputs:
        path = local_path(uri)
        if path is not None:
            p = Path(path)
            if p.is_dir():
                files.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and not f.name.startswith("."))
            else:
                files.append(path)
            continue
        from pyarrow import fs

        filesystem, remote = fs.FileSystem.from_uri(uri)
        info = filesystem.get_file_info(remote)
        if info.type == fs.FileType.Directory:
            found = filesystem.get_file_info(fs.FileSelector(remote, recursive=True))
            scheme = urlsplit(uri).scheme
            files.extend(f"{scheme}://{f.path}" for f in sorted(found, key=lambda f: f.path)
                         if f.type == fs.FileType.File and not f.base_name.startswith("."))
        else:
            files.append(uri)
    return files


def read_batches(batches: Iterable[pa.RecordBatch], config: JobConfig) -> Iterator[pa.RecordBatch]:
    """Step 1 over Arrow: rows of input files (``path``, and ``content`` when Spark read the bytes)
    to batches of ``READ_SCHEMA``: (file, record number, routing key, pickled Document or ReadError)."""
    for batch in batches:
        data = batch.to_pydict()
        contents = data.get("content") or [None] * batch.num_rows
        records = (item for uri, content in zip(data["path"], contents, strict=True)
                   for item in read_file(uri, content, config))
        while chunk := list(itertools.islice(records, RECORDS_PER_BATCH)):
            yield pa.RecordBatch.from_arrays(
                [pa.array([k[0] for k, _ in chunk], pa.string()), pa.array([k[1] for k, _ in chunk], pa.int64()),
                 pa.array([k[2] for k, _ in chunk], pa.string()),
                 pa.array([pickle.dumps(item, pickle.HIGHEST_PROTOCOL) for _, item in chunk], pa.binary())],
                schema=READ_SCHEMA)


# --- step 2: process -------------------------------------------------------------------------------


def process_batches(batches: Iterable[pa.RecordBatch], config: JobConfig) -> Iterator[pa.RecordBatch]:
    """Step 2 over Arrow: one partition of ``READ_SCHEMA`` batches, in input order, to output batches."""
    records = ((key, pickle.loads(item)) for batch in batches
               for *key, item in zip(*(batch.column(c).to_pylist() for c in READ_SCHEMA.names), strict=True))
    yield from process_partition(records, config)


def process_partition(records: Iterable[tuple[RecordKey, Item]], config: JobConfig) -> Iterator[pa.RecordBatch]:
    """Batches of ``output_schema()`` for one partition of keyed records, sorted in input order.

    Rows are typed through the same Arrow schema as the DuckDB store, BATCH_DOCS documents at a
    time; document tables have the keys (publication date, language), errors none. A record that
    fails anywhere becomes an error row; the last output is the partition's statistics.
    """
    before, after = pipelines(config)
    summary = RunSummary(run_id=config.run_id)
    extra: Counter[str] = Counter()

    order: dict[str, tuple[str, int]] = {}  # doc id -> (file, record number) of the copy processed

    def items() -> Iterator[Document | ReadError]:
        for (file, n, _), item in records:
            if isinstance(item, Counter):
                extra.update(item)
                continue
            if isinstance(item, Document):
                if config.langs:
                    try:
                        item = before(item)
                    except StageError as exc:
                        summary.error(str(item.meta.get("source_file", "")), str(exc), doc_id=item.id,
                                      stage="process")
                        continue
                    if item.lang not in config.langs:
                        extra["filtered_lang"] += 1
                        continue
                order.setdefault(item.id, (file, n))
            yield item

    pipeline = after if config.langs else Pipeline(before.stages + after.stages)
    pending: list[Rows] = []
    for doc in process_items(items(), pipeline, summary):
        try:
            by_table = document_rows(doc, run_id=config.run_id, now=config.now, cluster_id=CLUSTER_PLACEHOLDER)
            file, n = order[doc.id]
            by_table[SIGNATURE] = [{"file": file, "n": n, "doc_id": doc.id, "signature": signature(doc.text)}]
        except Exception as exc:  # a value the rows cannot hold: the store would reject it too
            _cannot_store(summary, doc, exc)
            continue
        pending.append((doc, by_table, partition_keys(doc, config)))
        if len(pending) >= BATCH_DOCS:
            yield from stored_batches(pending, summary)
            pending = []
    yield from stored_batches(pending, summary)
    errors = list(error_rows(summary.errors, config))
    if errors:
        yield output_batch("errors", None, errors)
    yield output_batch(STATS, None, [json.dumps(dict(summary.counts + extra))])


def partition_keys(doc: Document, config: JobConfig) -> tuple[str, str]:
    """The (part_date, part_lang) folder of a document: its publication date at the configured granularity."""
    pub = parse_date(doc.date)
    return (pub.isoformat()[:DATE_GRANULARITY[config.date_granularity]] if pub else UNKNOWN, doc.lang or UNKNOWN)


def stored_batches(pending: list[Rows], summary: RunSummary) -> list[pa.RecordBatch]:
    """Output batches of the pending documents, counted as stored; if the batch cannot be typed, each
    document is tried alone and those the schema cannot hold become error rows, as one by one."""
    try:
        batches = _document_batches(pending)
    except Exception:  # found again, and reported, document by document below
        kept = []
        for rows in pending:
            try:
                _document_batches([rows])
            except Exception as exc:  # a value the schema cannot hold: the store would reject it too
                _cannot_store(summary, rows[0], exc)
                continue
            kept.append(rows)
        pending = kept
        batches = _document_batches(pending)
    summary.counts["stored"] += len(pending)
    return batches


def _cannot_store(summary: RunSummary, doc: Document, exc: Exception) -> None:
    summary.error(str(doc.meta.get("source_file", "")), f"cannot store: {exc!r}", doc_id=doc.id, stage="store")


def _document_batches(pending: list[Rows]) -> list[pa.RecordBatch]:
    batches = []
    for table in (*DOCUMENT_TABLES, SIGNATURE):
        keys = [keys for _, by_table, keys in pending for _ in by_table[table]]
        if keys:
            batches.append(output_batch(table, keys, [row for _, by_table, _ in pending for row in by_table[table]]))
    return batches


def output_batch(table: str, keys: list[tuple[str, str]] | None, values: list[Any]) -> pa.RecordBatch:
    """Rows of one table as an ``output_schema()`` batch: their column typed by the table's schema, the others null."""
    schema = output_schema()
    columns = []
    for field in schema:
        if field.name == "table":
            columns.append(pa.array([table] * len(values), pa.string()))
        elif field.name in (DATE_KEY, LANG_KEY):
            position = 0 if field.name == DATE_KEY else 1
            columns.append(pa.array([k[position] for k in keys] if keys else [None] * len(values), pa.string()))
        elif field.name == table:
            columns.append(pa.array(values, field.type))
        else:
            columns.append(pa.nulls(len(values), field.type))
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def error_rows(errors: Iterable[dict[str, Any]], config: JobConfig) -> Iterator[dict[str, Any]]:
    """Error records as rows of the errors table, as ``Store.write_batch`` writes them."""
    for e in errors:
        yield {"run_id": config.run_id, "at": config.now, **{k: e.get(k) for k in ("source", "item", "doc_id",
                                                                                   "stage", "message")}}


_INDEX: list[NearDuplicateIndex] = []


def signature(text: str) -> bytes:
    """The MinHash signature the store keeps for story clustering (index built once per process)."""
    if not _INDEX:
        _INDEX.append(NearDuplicateIndex())
    index = _INDEX[0]
    return encode_signature(index.signature(text))


def cluster_in_order(signatures: Iterable[tuple[str, bytes]]) -> dict[str, str]:
    """Story cluster ids of (doc id, signature) pairs given in input order, as ``sorot ingest`` assigns them
    into an empty store: a document joins the cluster of the earliest earlier document it nearly duplicates.

    Runs on the driver: clustering is sequential by definition, and signatures are small (1 KiB each).
    """
    index = NearDuplicateIndex()
    for doc_id, sig_bytes in signatures:
        index.add_signature(doc_id, sig_bytes)
    return dict(index.cluster)


def merge_stats(parts: Iterable[dict[str, int]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for part in parts:
        total.update(part)
    return total
