"""`sorot serve`: the REST API and the dashboard over a DuckDB store or a directory of Parquet tables."""

from __future__ import annotations

import click


@click.command()
@click.option("--db", "db_path", default=None, envvar="SOROT_DB", help="DuckDB store to serve.")
@click.option("--parquet", "parquet_dir", type=click.Path(file_okay=False), default=None,
              help="Serve a directory of Parquet tables (from `sorot export` or the Spark job) instead.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (localhost by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--watchlist", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Watchlist YAML for /alerts (default: the shipped one).")
@click.option("--ingest-token", envvar="SOROT_INGEST_TOKEN", default=None,
              help="Enable POST /api/ingest for requests bearing this token (store opened writable).")
def serve(db_path: str | None, parquet_dir: str | None, host: str, port: int, watchlist: str | None,
          ingest_token: str | None) -> None:
    """Serve the API (/api/…, schema at /openapi.json) and the dashboard (/) over a store."""
    import uvicorn

    from sorot.analytics.source import open_store
    from sorot.analytics.watchlists import WatchlistError, load_watchlist
    from sorot.api.app import create_app

    if parquet_dir and db_path:
        raise click.UsageError("give --db or --parquet, not both")
    if parquet_dir and ingest_token:
        raise click.UsageError("a Parquet directory is read-only: --ingest-token needs --db")
    try:
        rules = load_watchlist(watchlist)
        store = open_store(parquet=parquet_dir) if parquet_dir else open_store(db_path or "sorot.duckdb",
                                                                               writable=bool(ingest_token))
    except (FileNotFoundError, WatchlistError) as exc:
        raise click.ClickException(str(exc)) from exc
    app = create_app(store, watchlist=rules, ingest_token=ingest_token)
    click.echo(f"sorot serving {store.path} on http://{host}:{port}/ (API schema at /openapi.json)", err=True)
    if getattr(store, "missing", None):
        click.echo(f"no Parquet files for: {', '.join(store.missing)} (served as empty tables)", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", server_header=False,
                    limit_concurrency=64, timeout_keep_alive=5)
    finally:
        store.close()


COMMANDS = [serve]
