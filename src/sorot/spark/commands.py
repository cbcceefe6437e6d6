"""CLI of the Spark job: ``sorot spark run`` (also ``spark-submit src/sorot/spark/job.py``) and
``sorot import-parquet``, which loads the job's output into a DuckDB store."""

from __future__ import annotations

import datetime as dt
import json
import os

import click

from sorot.spark.worker import JobConfig, job_run_id


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    out = {}
    for pair in values:
        key, _, value = pair.partition("=")
        if not value:
            raise click.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint=option)
        out[key] = value
    return out


@click.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="Output directory or URI (hdfs://, s3a://, file:/…).")
@click.option("--stages", default=None,
              help="Comma-separated pipeline stages (default: the full default pipeline), e.g. clean,language,segment.")
@click.option("--stage-settings", default="{}",
              help='Per-stage settings as JSON, e.g. {"events": {"min_confidence": 0.5}}.')
@click.option("--format", "fmt", default=None, help="Input format (text, jsonl, warc, html, …); default: by suffix.")
@click.option("--column", "columns", multiple=True, metavar="FIELD=COLUMN", help="Map a field to a JSONL key.")
@click.option("--host", "hosts", multiple=True,
              help="Keep only pages whose URL host is or ends in this (repeatable), e.g. --host .id.")
@click.option("--lang", "langs", multiple=True,
              help="Keep only documents in this language, decided before the coding stages (repeatable).")
@click.option("--import", "imports", multiple=True, metavar="MODULE",
              help="Module to import in every worker first (plugins that register stages or readers).")
@click.option("--fs", "filesystem", type=click.Choice(["hadoop", "arrow"]), default="hadoop", show_default=True,
              help="hadoop: Spark's binaryFile source with the cluster's Hadoop settings (whole file per task); "
                   "arrow: each task streams its file with pyarrow (s3://, hdfs://, gs://, local).")
@click.option("--partitions", type=int, default=None, help="Processing partitions (default: 4 x default parallelism).")
@click.option("--date-folders", "date_granularity", type=click.Choice(["day", "month", "year"]), default="month",
              show_default=True, help="Granularity of part_date folders (day: one file per day and table, so many "
                                      "small files for an archive over years).")
@click.option("--mode", type=click.Choice(["overwrite", "append"]), default="overwrite", show_default=True,
              help="overwrite replaces only the date/language partitions this run writes (dynamic overwrite).")
@click.option("--master", default=None, help="Spark master (default: spark-submit's, else local[*]).")
@click.option("--conf", "conf", multiple=True, metavar="KEY=VALUE", help="Extra Spark setting (repeatable).")
@click.option("--run-id", default=None, help="Run id (default: a hash of inputs and settings).")
@click.option("--now", default=None, help="Ingest timestamp, ISO (default: job start); fix it to reproduce a run.")
def spark_run(inputs: tuple[str, ...], output: str, stages: str | None, stage_settings: str, fmt: str | None,
              columns: tuple[str, ...], hosts: tuple[str, ...], langs: tuple[str, ...], imports: tuple[str, ...],
              filesystem: str, partitions: int | None, date_granularity: str, mode: str, master: str | None,
              conf: tuple[str, ...], run_id: str | None, now: str | None) -> None:
    """Process INPUTS (files, directories, globs; any Hadoop path) on Spark into Parquet tables under OUTPUT."""
    from sorot.spark.job import describe, run_job, session

    try:
        settings = json.loads(stage_settings)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not JSON: {exc}", param_hint="--stage-settings") from exc
    stage_list = tuple(s.strip() for s in stages.split(",") if s.strip()) if stages else None
    identity = {"stages": stage_list, "settings": settings, "format": fmt, "columns": sorted(columns),
                "hosts": sorted(hosts), "langs": sorted(langs), "imports": list(imports),
                "date_folders": date_granularity}
    config = JobConfig(
        run_id=run_id or job_run_id(inputs, identity),
        now=dt.datetime.fromisoformat(now) if now else dt.datetime.now(dt.UTC).replace(tzinfo=None),
        stages=stage_list, settings_json=json.dumps(settings, sort_keys=True), format=fmt,
        columns=tuple(sorted(_pairs(columns, "--column").items())), hosts=hosts, langs=langs, imports=imports,
        date_granularity=date_granularity)
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:  # not launched by spark-submit
        master = "local[*]"
    spark = session(master, "sorot", _pairs(conf, "--conf"))
    try:
        result = run_job(spark, list(inputs), output, config, filesystem=filesystem, partitions=partitions,
                         mode=mode)
    finally:
        spark.stop()
    click.echo(describe(result))


@click.group("spark")
def spark() -> None:
    """Run the pipeline on Apache Spark (local, YARN, Kubernetes) into Parquet; see docs/spark.md."""


spark.add_command(spark_run)


@click.command("import-parquet")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--db", "db_path", default="sorot.duckdb", show_default=True, envvar="SOROT_DB",
              help="Path of the DuckDB store.")
def import_parquet_command(directory: str, db_path: str) -> None:
    """Load the Parquet tables of a `sorot spark run` output into the store (same doc ids are replaced)."""
    from sorot.spark.parquet_store import import_parquet
    from sorot.store.duck import Store

    with Store(db_path) as store:
        imported = import_parquet(directory, store)
    click.echo(", ".join(f"{n} {table}" for table, n in imported.items()) + f" imported into {db_path}")


COMMANDS = [spark, import_parquet_command]
