"""The Spark job: input files -> the same pipeline as ``sorot ingest`` -> the store's tables as Parquet.

Plan: list or load the input files (``binaryFiles`` through the Hadoop filesystem and the user's
Spark configuration, or a distributed list of paths each opened by its task with pyarrow), read
each file into keyed documents, route documents by id and sort them into input order, process
each partition with the pipeline built once per Python worker, assign story clusters on the
driver from the workers' MinHash signatures (in input order, as ``sorot ingest`` does), and write
every table with Spark's Parquet writer, partitioned by publication date and language. Output is replaced by
dynamic partition overwrite and every value is deterministic (ids, ``run_id``, ``now``), so a
retried task or a re-run job leaves exactly one copy of each row.

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
    RUN_KEY,
    SIGNATURE,
    STATS,
    JobConfig,
    cluster_in_order,
    list_inputs,
    merge_stats,
    process_partition,
    read_file,
    route,
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

    simple = {pa.string(): T.StringType(), pa.int32(): T.IntegerType(), pa.float64(): T.DoubleType(),
              pa.bool_(): T.BooleanType(), pa.date32(): T.DateType(), pa.binary(): T.BinaryType(),
              # naive timestamps, as DuckDB's TIMESTAMP: no time-zone shift on write or read
              pa.timestamp("us"): T.TimestampNTZType()}
    if t in simple:
        return simple[t]
    if pa.types.is_list(t):
        return T.ArrayType(_spark_type(t.value_type))
    raise TypeError(f"no Spark type for {t}")


def spark_schema(table: str) -> Any:
    """The Spark schema of a table's rows, derived from the store's Arrow schema."""
    from pyspark.sql import types as T

    return T.StructType([T.StructField(f.name, _spark_type(f.type), True) for f in arrow_schema(table)])


OUTPUT_TABLES = (*DOCUMENT_TABLES, "errors")


def output_schema() -> Any:
    """One row per worker output: its table, partition keys, and one struct column per table (the
    others null), so a single Python pass feeds every table and the split by table runs in the JVM."""
    from pyspark.sql import types as T

    keys = [T.StructField(k, T.StringType(), True) for k in ("table", DATE_KEY, LANG_KEY)]
    stats = T.StructField(STATS, T.MapType(T.StringType(), T.LongType()), True)
    sig = T.StructField(SIGNATURE, T.StructType([
        T.StructField("file", T.StringType()), T.StructField("n", T.LongType()),
        T.StructField("doc_id", T.StringType()), T.StructField("signature", T.BinaryType())]), True)
    return T.StructType([*keys, stats, sig, *(T.StructField(t, spark_schema(t), True) for t in OUTPUT_TABLES)])


def to_output_row(output: tuple[str, tuple[str, ...], Any]) -> tuple[Any, ...]:
    """A worker output (table, keys, values) as a row of ``output_schema()``."""
    table, keys, values = output
    date, lang = keys if keys else (None, None)
    row: list[Any] = [table, date, lang, values if table == STATS else None, values if table == SIGNATURE else None,
                      *([None] * len(OUTPUT_TABLES))]
    if table in OUTPUT_TABLES:
        row[5 + OUTPUT_TABLES.index(table)] = values
    return tuple(row)


def run_job(spark: Any, inputs: list[str], output: str, config: JobConfig, *, filesystem: str = "hadoop",
            partitions: int | None = None, mode: str = "overwrite") -> JobResult:
    """Run the pipeline over INPUTS and write OUTPUT/<table>/part_date=…/part_lang=…/*.parquet."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    if filesystem == "hadoop":
        # binaryFiles goes through Hadoop's FileSystem, so HDFS, S3A, ... work with the cluster's settings.
        sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
        files = sc.binaryFiles(",".join(inputs), minPartitions=sc.defaultParallelism)
        keyed = files.flatMap(lambda pair: read_file(pair[0], pair[1], config))
    elif filesystem == "arrow":
        paths = list_inputs(inputs)
        listed = sc.parallelize(paths, max(1, len(paths)))
        keyed = listed.flatMap(lambda uri: read_file(uri, None, config))
    else:
        raise ValueError(f"unknown filesystem {filesystem!r}; use one of {', '.join(FILESYSTEMS)}")

    n = partitions or max(2, sc.defaultParallelism * 4)
    rows = (keyed.repartitionAndSortWithinPartitions(n, partitionFunc=route)
            .mapPartitions(lambda records: process_partition(records, config))
            .map(to_output_row))
    processed = spark.createDataFrame(rows, output_schema(), verifySchema=False).persist(StorageLevel.MEMORY_AND_DISK)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    try:
        # The statistics come first: collecting them processes every partition once, into the cache.
        stats = processed.filter(F.col("table") == STATS).select(STATS).collect()
        counts = merge_stats(r[0] for r in stats)
        seconds["read_process"] = time.perf_counter() - started
        clusters = _story_clusters(spark, processed)
        counts["near_duplicates"] = clusters.where(F.col("cluster_id") != F.col("doc_id")).count()
        seconds["cluster"] = time.perf_counter() - started - seconds["read_process"]

        def write(table: str) -> None:
            keys = [F.lit(config.run_id).alias(k) if k == RUN_KEY else F.col(k) for k in PARTITIONS[table]]
            if table == "signatures":
                rows = clusters.select(*(f.name for f in arrow_schema(table)), *keys)
            else:
                rows = _with_clusters(processed.where(F.col("table") == table).select(f"{table}.*", *keys), clusters)
            # One task per date/language folder: one file per folder rather than one per processing partition.
            _write(rows.repartition(n, *PARTITIONS[table]), output, table, mode)

        # The tables are independent jobs over the cached rows: submitted together, their overheads overlap.
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(write, (*OUTPUT_TABLES, "signatures")))
        seconds["write"] = time.perf_counter() - started - seconds["read_process"] - seconds["cluster"]
    finally:
        processed.unpersist()
    counts["read"] += counts.get("filtered_host", 0) + counts.get("filtered_lang", 0)
    result = JobResult(config.run_id, output, dict(counts), {k: round(v, 2) for k, v in seconds.items()})
    run = spark.createDataFrame([_run_row(inputs, config, result)], spark_schema("runs"))
    _write(run.withColumn(RUN_KEY, F.lit(config.run_id)), output, "runs", mode)
    return result


def _story_clusters(spark: Any, processed: Any) -> Any:
    """(doc_id, cluster_id, signature, partition keys) of every stored document: signatures
    come from the workers, clusters are assigned on the driver in input order (see ``cluster_in_order``)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    sigs = (processed.where(F.col("table") == SIGNATURE)
            .select(f"{SIGNATURE}.*", DATE_KEY, LANG_KEY).orderBy("file", "n").collect())
    cluster = cluster_in_order((r["doc_id"], bytes(r["signature"])) for r in sigs)
    rows = [(r["doc_id"], cluster[r["doc_id"]], bytearray(r["signature"]), r[DATE_KEY], r[LANG_KEY]) for r in sigs]
    schema = T.StructType([T.StructField("doc_id", T.StringType()), T.StructField("cluster_id", T.StringType()),
                           T.StructField("signature", T.BinaryType()),
                           T.StructField(DATE_KEY, T.StringType()), T.StructField(LANG_KEY, T.StringType())])
    return spark.createDataFrame(rows, schema)


def _with_clusters(rows: Any, clusters: Any) -> Any:
    """Put the run's story cluster ids in place of the workers' placeholder."""
    from pyspark.sql import functions as F

    if "cluster_id" not in rows.columns:
        return rows
    found = clusters.select("doc_id", F.col("cluster_id").alias("_cluster"))
    joined = rows.join(found, "doc_id", "left")
    return joined.select(*(F.coalesce("_cluster", "cluster_id").alias(c) if c == "cluster_id" else F.col(c)
                           for c in rows.columns))


def _write(df: Any, output: str, table: str, mode: str) -> None:
    (df.write.mode(mode).option("partitionOverwriteMode", "dynamic").partitionBy(*PARTITIONS[table])
     .parquet(f"{output.rstrip('/')}/{table}"))


def _run_row(inputs: list[str], config: JobConfig, result: JobResult) -> tuple[Any, ...]:
    c = result.counts
    finished = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return (config.run_id, config.now, finished, "\n".join(inputs), result.status, c.get("read", 0),
            c.get("stored", 0), c.get("unchanged", 0), c.get("errors", 0), c.get("skipped_lang", 0),
            ",".join(config.stage_names()))


def session(master: str | None = None, app_name: str = "sorot", conf: dict[str, str] | None = None) -> Any:
    """A SparkSession; a local one runs its Python workers with this interpreter (the one that has sorot)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
        if master.startswith("local"):  # PySpark reads the workers' interpreter from the environment only
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for key, value in (conf or {}).items():
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
