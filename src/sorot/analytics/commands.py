"""CLI commands of the analytics package: `sorot alerts`, `sorot dyads`, `sorot network`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import duckdb
from rich.table import Table

from sorot.analytics.dyads import COUNT_MODES, GROUPS, INTERVALS, SeriesQuery, dyad_series, top_dyads
from sorot.analytics.network import actor_network, to_graphml
from sorot.analytics.watchlists import WatchlistError, evaluate, load_watchlist, record_new, seen_keys
from sorot.console import err, out
from sorot.store.duck import Store
from sorot.store.queries import EventFilter

db_option = click.option("--db", "db_path", default="sorot.duckdb", show_default=True, envvar="SOROT_DB",
                         help="Path of the DuckDB store.")
json_option = click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")


def filter_options(fn: Any) -> Any:
    for option in reversed([
        click.option("--type", "etype", help="PLOVER event type."),
        click.option("--context", help="PLOVER context (e.g. military)."),
        click.option("--since", help="First date, YYYY-MM-DD."),
        click.option("--until", help="Last date, YYYY-MM-DD."),
        click.option("--all-modalities", is_flag=True, help="Include negated, hypothetical and historical events."),
    ]):
        fn = option(fn)
    return fn


def _open(db_path: str, *, writable: bool = False) -> Store:
    try:
        if writable and not Path(db_path).exists():
            raise FileNotFoundError(f"no sorot store at {db_path}; run `sorot ingest` first")
        return Store(db_path, read_only=not writable)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    except duckdb.IOException as exc:  # DuckDB lets one process write a file, or several only read it
        hint = " (another process, e.g. `sorot serve`, has it open; use --dry-run to only read)" if writable else ""
        raise click.ClickException(f"cannot open {db_path}{hint}: {exc}") from exc


def _print_rows(rows: list[dict[str, Any]], title: str, as_json: bool) -> None:
    if as_json:
        for row in rows:
            out.print(json.dumps(row, ensure_ascii=False, default=str))
        return
    if not rows:
        err.print(f"no {title}")
        return
    table = Table(*rows[0].keys(), title=title)
    for row in rows:
        table.add_row(*("" if v is None else ", ".join(v) if isinstance(v, list) else str(v) for v in row.values()))
    out.print(table)


@click.command()
@db_option
@click.option("--watchlist", type=click.Path(dir_okay=False), default=None,
              help="Watchlist YAML (default: the shipped one).")
@click.option("--all", "show_all", is_flag=True, help="List every alert, not only those new since the last run.")
@click.option("--dry-run", is_flag=True, help="Do not remember the alerts listed now.")
@json_option
def alerts(db_path: str, watchlist: str | None, show_all: bool, dry_run: bool, as_json: bool) -> None:
    """Evaluate the watchlist over the store and list the alerts new since the last run."""
    try:
        rules = load_watchlist(watchlist)
    except WatchlistError as exc:
        raise click.ClickException(str(exc)) from exc
    with _open(db_path, writable=not dry_run) as store:
        found = evaluate(store, rules)
        if dry_run:
            seen = seen_keys(store)
            new = [a for a in found if a["alert_key"] not in seen]
        else:
            new = record_new(store, found)
    shown = found if show_all else new
    if as_json:
        _print_rows(shown, "alerts", True)
    for a in [] if as_json else shown:
        who = "–".join(x for x in (a["actor"], a["recipient"]) if x)
        out.print(f"{a['date']}  [{a['severity']}] {a['rule']}  {who}  {a['why']}  ({a['doc_id']})")
    err.print(f"{len(new)} new of {len(found)} alerts from {len(rules.rules)} rules ({rules.path})")


@click.command()
@db_option
@click.option("--actor", help="First actor code; with --recipient, the dyad's time series.")
@click.option("--recipient", help="Second actor code.")
@click.option("--interval", type=click.Choice(INTERVALS), default="month", show_default=True)
@click.option("--by", "by", multiple=True, type=click.Choice(list(GROUPS)), help="Group the series (repeatable).")
@click.option("--count", type=click.Choice(COUNT_MODES), default="reports", show_default=True,
              help="Count every report, or each story cluster once.")
@click.option("--directed", is_flag=True, help="Only actor -> recipient, not both directions.")
@click.option("--limit", default=20, show_default=True, help="Top dyads listed without --actor/--recipient.")
@filter_options
@json_option
def dyads(db_path: str, actor: str | None, recipient: str | None, interval: str, by: tuple[str, ...], count: str,
          directed: bool, limit: int, etype: str | None, context: str | None, since: str | None, until: str | None,
          all_modalities: bool, as_json: bool) -> None:
    """Top dyads, or one dyad's series per period: counts by quad class, Goldstein and PLOVER scores."""
    flt = EventFilter(type=etype, context=context, since=since, until=until, all_modalities=all_modalities)
    with _open(db_path) as store:
        if actor and recipient:
            rows = dyad_series(store, SeriesQuery(actor, recipient, interval=interval, by=by, count=count,
                                                  directed=directed, filter=flt))
            title = f"{actor.upper()}–{recipient.upper()} per {interval}"
        elif actor or recipient:
            raise click.UsageError("give both --actor and --recipient for a series, or neither for top dyads")
        else:
            rows = top_dyads(store, flt, limit=limit, count=count, directed=directed)
            title = "top dyads"
    _print_rows(rows, title, as_json)


@click.command()
@db_option
@filter_options
@click.option("--count", type=click.Choice(COUNT_MODES), default="reports", show_default=True)
@click.option("--min-weight", default=1, show_default=True, help="Drop edges with fewer events.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "graphml"]), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write here instead of stdout.")
def network(db_path: str, etype: str | None, context: str | None, since: str | None, until: str | None,
            all_modalities: bool, count: str, min_weight: int, fmt: str, output: str | None) -> None:
    """The actor network: actors as nodes, events as weighted edges (table, JSON or GraphML)."""
    flt = EventFilter(type=etype, context=context, since=since, until=until, all_modalities=all_modalities)
    with _open(db_path) as store:
        net = actor_network(store, flt, count=count, min_weight=min_weight)
    if fmt == "table":
        _print_rows(net.edges, f"actor network ({len(net.nodes)} actors, {len(net.edges)} edges)", False)
        return
    data = to_graphml(net) if fmt == "graphml" else json.dumps(net.to_json(), ensure_ascii=False).encode()
    if output:
        Path(output).write_bytes(data)
        err.print(f"wrote {output}")
    else:
        click.echo(data.decode())


COMMANDS = [alerts, dyads, network]
