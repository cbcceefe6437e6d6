"""The Spark job: input files -> the same pipeline as ``sorot ingest`` -> the store's tables as Parquet.

Plan: load the input files (Spark's ``binaryFile`` source through the Hadoop filesystem and the
user's Spark configuration, or a distributed list of paths each opened by its task with pyarrow),
read each file into keyed documents, route documents by id and sort them into input order, process
each partition with the pipeline built once per Python worker, group the rows by table and folder
and cache them, assign story clusters on the driver from the workers' MinHash signatures (in input
order, as ``sorot ingest`` does), and write every table with Spark's Parquet writer, partitioned by
publication date and language. Both Python steps are ``mapInArrow``: documents and rows cross
between the JVM and Python as Arrow record batches typed by the store's schemas, not as pickled rows.
Output is replaced by dynamic partition overwrite and every value is deterministic (ids, ``run_id``,
``now``), so a retried task or a re-run job leaves exactly one copy of each row.

Run it with ``sorot spark run`` or ``spark-submit src/sorot/spark/job.py`` (same options).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from sorot.spark.worker import (
    DATE_KEY,
    LANG_KEY,
    OUTPUT_TABLES,
    READ_SCHEMA,
    RUN_KEY,
    SIGNATURE,
    STATS,
    JobConfig,
    cluster_in_order,
    list_inputs,
    merge_stats,
    output_schema,
    process_batches,
    read_batches,
)
from sorot.store.schema import DOCUMENT_TABLES, arrow_schema

FILESYSTEMS = ("hadoop", "arrow")
# Partition keys of each table written by the job.
PARTITIONS: dict[str, tuple[str, ...]] = {
    **{t: (DATE_KEY, LANG_KEY) for t in DOCUMENT_TABLES},
    "signatures": (DATE_KEY, LANG_KEY),
    "errors": (RUN_KEY,),
    "runs": (RUN_KEY,),
}


@dataclass
class JobResult:
    run_id: str
    output: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each phase, seen from the driver

    @property
    def status(self) -> str:
        return "ok-with-errors" if self.counts.get("errors") else "ok"


def _spark_type(t: pa.DataType) -> Any:
    from pyspark.sql import types as T

    simple = {pa.string(): T.StringType(), pa.int32(): T.IntegerType(), pa.int64(): T.LongType(),
              pa.float64(): T.DoubleType(), pa.bool_(): T.BooleanType(), pa.date32(): T.DateType(),
              pa.binary(): T.BinaryType(),
              # naive timestamps, as DuckDB's TIMESTAMP: no time-zone shift on write or read
              pa.timestamp("us"): T.TimestampNTZType()}
    if t in simple:
        return simple[t]
    if pa.types.is_list(t):
        return T.ArrayType(_spark_type(t.value_type))
    if pa.types.is_struct(t):
        return T.StructType([T.StructField(f.name, _spark_type(f.type), True) for f in t])
    raise TypeError(f"no Spark type for {t}")


def to_spark_schema(schema: pa.Schema) -> Any:
    """The Spark schema of an Arrow schema (the store's, or the job's own exchange schemas)."""
    from pyspark.sql import types as T

    return T.StructType([T.StructField(f.name, _spark_type(f.type), True) for f in schema])


def spark_schema(table: str) -> Any:
    """The Spark schema of a table's rows, derived from the store's Arrow schema."""
    return to_spark_schema(arrow_schema(table))


def run_job(spark: Any, inputs: list[str], output: str, config: JobConfig, *, filesystem: str = "hadoop",
            partitions: int | None = None, mode: str = "overwrite") -> JobResult:
    """Run the pipeline over INPUTS and write OUTPUT/<table>/part_date=…/part_lang=…/*.parquet."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    n = partitions or max(2, sc.defaultParallelism * 4)
    keyed = _input_files(spark, inputs, filesystem).mapInArrow(
        lambda batches: read_batches(batches, config), to_spark_schema(READ_SCHEMA))
    # All copies of a document id meet in one partition, in input order. The output is then grouped by
    # table and date/language folder into one partition per core: each folder of each table is written
    # by one task (one file), and each table's write is one task per core, not one per processing partition.
    processed = (keyed.repartition(n, "key").sortWithinPartitions("file", "n")
                 .mapInArrow(lambda batches: process_batches(batches, config), to_spark_schema(output_schema()))
                 .repartition(sc.defaultParallelism, "table", DATE_KEY, LANG_KEY)
                 .persist(StorageLevel.MEMORY_AND_DISK))
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    clusters: Any = None  # the run's story cluster of every stored document, once assigned

    def write(table: str) -> None:
        source = SIGNATURE if table == "signatures" else table
        names = [f.name for f in arrow_schema(table)]
        keys = [F.lit(config.run_id).alias(k) if k == RUN_KEY else F.col(k) for k in PARTITIONS[table]]
        rows = processed.where(F.col("table") == source).select(f"{source}.*", *keys)
        if "cluster_id" in names:  # the run's story cluster ids in place of the workers' placeholder
            rows = rows.join(F.broadcast(clusters), "doc_id", "left").withColumn("cluster_id", F.col("_cluster"))
        _write(rows.select(*names, *PARTITIONS[table]), output, table, mode)

    try:
        # One small collect processes every partition once, into the cache: statistics and signatures.
        small = (processed.where(F.col("table").isin(STATS, SIGNATURE))
                 .select("table", STATS, f"{SIGNATURE}.*").collect())
        counts = merge_stats(json.loads(r[STATS]) for r in small if r["table"] == STATS)
        seconds["read_process"] = time.perf_counter() - started
        # Each table is a Spark job over the cached rows; submitted together, the driver's work for one
        # (planning, commit) overlaps the others' tasks. Tables without cluster ids go first, the
        # others once the driver has assigned the clusters.
        tables = (*OUTPUT_TABLES, "signatures")
        later = [t for t in tables if "cluster_id" in arrow_schema(t).names]
        with ThreadPoolExecutor(max_workers=len(tables)) as pool:
            writes = [pool.submit(write, t) for t in tables if t not in later]
            signatures = sorted((r["file"], r["n"], r["doc_id"], bytes(r["signature"]))
                                for r in small if r["table"] == SIGNATURE)
            cluster = cluster_in_order((doc_id, sig) for _, _, doc_id, sig in signatures)
            counts["near_duplicates"] = sum(1 for doc_id, found in cluster.items() if found != doc_id)
            clusters = spark.createDataFrame(sorted(cluster.items()), "doc_id string, _cluster string")
            seconds["cluster"] = time.perf_counter() - started - seconds["read_process"]
            writes += [pool.submit(write, t) for t in later]
            for done in writes:
                done.result()
        seconds["write"] = time.perf_counter() - started - seconds["read_process"]  # clustering overlaps it
    finally:
        processed.unpersist()
    counts["read"] += counts.get("filtered_host", 0) + counts.get("filtered_lang", 0)
    result = JobResult(config.run_id, output, dict(counts), {k: round(v, 2) for k, v in seconds.items()})
    run = spark.createDataFrame([_run_row(inputs, config, result)], spark_schema("runs"))
    _write(run.withColumn(RUN_KEY, F.lit(config.run_id)), output, "runs", mode)
    return result


def _input_files(spark: Any, inputs: list[str], filesystem: str) -> Any:
    """One row per input file: (path, content) read by Spark through Hadoop's FileSystem, so HDFS,
    S3A, ... work with the cluster's settings; or (path) listed here, each opened by its task with pyarrow."""
    if filesystem == "hadoop":
        return (spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(inputs)
                .select("path", "content"))
    if filesystem == "arrow":
        paths = list_inputs(inputs)
        listed = spark.sparkContext.parallelize([(p,) for p in paths], max(1, len(paths)))
        return spark.createDataFrame(listed, "path string")
    raise ValueError(f"unknown filesystem {filesystem!r}; use one of {', '.join(FILESYSTEMS)}")


def _write(df: Any, output: str, table: str, mode: str) -> None:
    (df.write.mode(mode).option("partitionOverwriteMode", "dynamic").partitionBy(*PARTITIONS[table])
     .parquet(f"{output.rstrip('/')}/{table}"))


def _run_row(inputs: list[str], config: JobConfig, result: JobResult) -> tuple[Any, ...]:
    c = result.counts
    finished = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return (config.run_id, config.now, finished, "\n".join(inputs), result.status, c.get("read", 0),
            c.get("stored", 0), c.get("unchanged", 0), c.get("errors", 0), c.get("skipped_lang", 0),
            ",".join(config.stage_names()))


# Local mode: driver and executor are one short-lived JVM sharing the cores with the Python workers.
# The C2 JIT compiler alone took ~8 CPU-seconds per 1,000 documents (time the Python workers need),
# for JVM code that does little per document; the quick C1 compiler and the serial collector keep the
# JVM's background threads off the cores. Cluster executors live long: there the defaults are right.
LOCAL_SETTINGS = {"spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}


def session(master: str | None = None, app_name: str = "sorot", conf: dict[str, str] | None = None) -> Any:
    """A SparkSession; a local one runs its Python workers with this interpreter (the one that has sorot)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    settings = dict(conf or {})
    if master:
        builder = builder.master(master)
        if master.startswith("local"):  # PySpark reads the workers' interpreter from the environment only
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            settings = {**LOCAL_SETTINGS, **settings}
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def main() -> None:
    """Entry point for ``spark-submit src/sorot/spark/job.py …`` and ``python -m sorot.spark.job …``."""
    from sorot.spark.commands import spark_run

    spark_run.main(prog_name="sorot.spark.job")


def describe(result: JobResult) -> str:
    return json.dumps({"run_id": result.run_id, "output": result.output, "status": result.status,
                       "counts": result.counts, "seconds": result.seconds}, sort_keys=True)


if __name__ == "__main__":
    main()
