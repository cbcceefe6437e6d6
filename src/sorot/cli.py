"""The `sorot` command line: extract, ingest, query, show, export and report, over one embedded store."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from sorot.console import err, out, styled
from sorot.ingest.base import ReadOptions
from sorot.runner import RunSummary

DB_OPTION = click.option("--db", "db_path", default="sorot.duckdb", show_default=True, envvar="SOROT_DB",
                         help="Path of the DuckDB store.")


def _options(fmt: str | None, columns: tuple[str, ...]) -> ReadOptions:
    mapping = {}
    for pair in columns:
        field, _, col = pair.partition("=")
        if not col:
            raise click.BadParameter(f"expected FIELD=COLUMN, got {pair!r}", param_hint="--column")
        mapping[field] = col
    return ReadOptions(format=fmt, columns=mapping)


INPUT_OPTIONS = [
    click.option("--format", "fmt", default=None,
                 help="Input format (text, jsonl, html, feed, warc, csv, urls); default: by file suffix. "
                      "`urls` fetches every URL listed in the file over the network: only with this option, "
                      "never by suffix."),
    click.option("--column", "columns", multiple=True, metavar="FIELD=COLUMN",
                 help="Map a document field to a JSONL/CSV key, e.g. --column text=body."),
]


def input_options(fn: Any) -> Any:
    for option in reversed(INPUT_OPTIONS):
        fn = option(fn)
    return fn


def _print_summary(summary: RunSummary) -> None:
    c = summary.counts
    labels = (("read", "read"), ("stored", "stored"), ("unchanged", "unchanged"),
              ("skipped_lang", "skipped (language)"), ("near_duplicates", "near duplicates"), ("errors", "errors"))
    parts = [f"{c.get(k, 0)} {label}" for k, label in labels]
    err.print(styled(("run", "bold"), " " + ", ".join(parts)))
    if summary.languages:
        err.print("languages: " + ", ".join(f"{k} {v}" for k, v in summary.languages.most_common()))
    if summary.formats:
        err.print("formats: " + ", ".join(f"{k} {v}" for k, v in summary.formats.most_common()))
    extra = {k: v for k, v in c.items() if k.startswith("flag:") or k == "spam_chars"}
    if extra:
        err.print("cleaning: " + ", ".join(f"{k} {v}" for k, v in sorted(extra.items())))
    for error in summary.errors[:50]:
        where = ":".join(x for x in (error["source"], error["item"]) if x) or error["doc_id"]
        err.print(styled(("error", "red"), f" {where}: {error['message']}"))
    if len(summary.errors) > 50:
        err.print(f"... and {len(summary.errors) - 50} more errors (see the errors table)")


@click.group()
@click.version_option(package_name="sorot")
def main() -> None:
    """sorot: sourced political event data from Indonesian and English news."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write JSON lines here instead of standard output.")
@click.option("--full", is_flag=True, help="Include texts, sentences, mentions and the cleaning audit.")
@input_options
def extract(inputs: tuple[str, ...], output: str | None, full: bool, fmt: str | None,
            columns: tuple[str, ...]) -> None:
    """Process INPUTS and print one GUIDELINES §6 JSON line per document (no database)."""
    from sorot.runner import extract as run_extract

    summary = RunSummary()
    try:
        sink = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    except OSError as exc:  # most often a missing directory: say so instead of a traceback
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
    try:
        for doc in run_extract(list(inputs), _options(fmt, columns), summary=summary):
            sink.write(json.dumps(doc.to_json(full=full), ensure_ascii=False) + "\n")
    finally:
        if output:
            sink.close()
    if summary.errors or output:
        _print_summary(summary)
    sys.exit(1 if summary.failed else 0)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@DB_OPTION
@click.option("--batch-size", default=200, show_default=True, help="Documents per transaction.")
@click.option("--replace", is_flag=True, help="Replace stored documents whose id comes with new content.")
@input_options
def ingest(inputs: tuple[str, ...], db_path: str, batch_size: int, replace: bool, fmt: str | None,
           columns: tuple[str, ...]) -> None:
    """Process INPUTS into the store; content already stored is skipped."""
    from sorot.runner import ingest as run_ingest

    with _open_store(db_path, read_only=False) as store, _progress() as advance:
        summary = run_ingest(list(inputs), store, options=_options(fmt, columns), batch_size=batch_size,
                             replace=replace, on_progress=advance)
    _print_summary(summary)
    sys.exit(1 if summary.failed else 0)


class _progress:
    """A spinner-style progress counter on a terminal, silent otherwise."""

    def __enter__(self) -> Any:
        if not err.is_terminal:
            return lambda n: None
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.bar = Progress(SpinnerColumn(), TextColumn("{task.completed} documents"), TimeElapsedColumn(),
                            console=err, transient=True)
        self.bar.start()
        task = self.bar.add_task("ingest", total=None)
        return lambda n: self.bar.advance(task, n)

    def __exit__(self, *exc: object) -> None:
        if hasattr(self, "bar"):
            self.bar.stop()


def _open_store(db_path: str, *, read_only: bool = True) -> Any:
    import duckdb

    from sorot.store.duck import Store

    try:
        return Store(db_path, read_only=read_only)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    except duckdb.Error as exc:  # most often: another process (an ingest run) holds the file's write lock
        raise click.ClickException(f"cannot open the store {db_path}: {exc}") from exc


@main.command()
@DB_OPTION
@click.option("--actor", help="Actor country/body code (e.g. RUS).")
@click.option("--recipient", help="Recipient code.")
@click.option("--type", "etype", help="PLOVER event type (e.g. AGREE).")
@click.option("--context", help="Context/sector (e.g. military).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First date, YYYY-MM-DD.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last date, YYYY-MM-DD.")
@click.option("--all-modalities", is_flag=True, help="Include negated, hypothetical and historical events.")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
def events(db_path: str, actor: str | None, recipient: str | None, etype: str | None, context: str | None,
           since: dt.datetime | None, until: dt.datetime | None, all_modalities: bool, limit: int,
           as_json: bool) -> None:
    """List coded events from the store, newest first."""
    from sorot.store.queries import EventFilter, list_events

    with _open_store(db_path) as store:
        rows = list_events(store, EventFilter(actor=actor, recipient=recipient, type=etype, context=context,
                                              since=_day(since), until=_day(until),
                                              all_modalities=all_modalities),
                           limit=limit)
    if as_json:
        for row in rows:
            out.print(json.dumps(row, ensure_ascii=False, default=str))
        return
    table = Table("date", "type", "mode", "actor", "recipient", "contexts", "modality", "trigger", "doc")
    for r in rows:
        table.add_row(str(r["date"] or ""), r["type"], r["mode"] or "", _who(r["actor_json"]),
                      _who(r["recipient_json"]), ", ".join(r["contexts"] or []), r["modality"], r["trigger"],
                      r["doc_id"])
    out.print(table)


def _day(value: dt.datetime | None) -> str | None:
    return f"{value:%Y-%m-%d}" if value else None


def _who(actor_json: str) -> str:
    return "; ".join(" ".join(x for x in (a["code"], a.get("sector", ""), a.get("name", "")) if x)
                     for a in json.loads(actor_json or "[]"))


@main.command()
@click.argument("doc_id")
@DB_OPTION
def show(doc_id: str, db_path: str) -> None:
    """Show one article with its events, quotes and evidence highlighted."""
    with _open_store(db_path) as store:
        docs = store.query("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
        if not docs:
            raise click.ClickException(f"no document {doc_id!r} in {db_path}")
        evs = store.query("SELECT * FROM events WHERE doc_id = ? ORDER BY idx", [doc_id])
        quotes = store.query("SELECT * FROM quotes WHERE doc_id = ? ORDER BY idx", [doc_id])
        alerts = store.query("SELECT * FROM alerts WHERE doc_id = ? ORDER BY idx", [doc_id])
    d = docs[0]
    out.print(styled((d["title"] or d["doc_id"], "bold"),
                     f"  {d['date'] or ''}  {d['source'] or ''}  {d['url'] or ''}"))
    text = Text(d["clean_text"] or d["raw_text"])
    for q in quotes:
        if q["start"] >= 0:
            text.stylize("italic green", q["start"], q["end"])
    for e in evs:
        if e["evidence_start"] >= 0:
            text.stylize("underline", e["evidence_start"], e["evidence_end"])
        if e["trigger_start"] >= 0:
            text.stylize("bold yellow", e["trigger_start"], e["trigger_end"])
    out.print(text)
    removed = json.loads(d["removed"] or "[]")
    if removed:
        out.print(styled("\n", ("removed by cleaning", "bold")))
        for r in removed:
            out.print(f"  {r['reason']}: {r['text']!r} at {r['start']}–{r['end']}")
    out.print(styled("\n", (f"events ({len(evs)})", "bold")))
    for e in evs:
        out.print(f"  {e['type']}{'/' + e['mode'] if e['mode'] else ''} [{e['modality']}] "
                  f"{_who(e['actor_json'])} → {_who(e['recipient_json']) or '—'}  "
                  f"{', '.join(e['contexts'] or [])}  «{e['trigger']}» CAMEO {e['cameo']} G {e['goldstein']}")
    out.print(styled("\n", (f"quotes ({len(quotes)})", "bold")))
    for q in quotes:
        who = " ".join(x for x in (q["speaker_code"], q["speaker_sector"]) if x)
        out.print(f"  {q['speaker']} ({who}){'' if q['direct'] else ' [indirect]'}: {q['text'][:160]}")
    if alerts:
        out.print(styled("\n", (f"alerts ({len(alerts)})", "bold red")))
        for a in alerts:
            out.print(f"  {a['rule']}: {a['why']}")


@main.command()
@DB_OPTION
@click.option("--format", "fmt", default="parquet", show_default=True,
              help="parquet, csv, plover-jsonl, or a format of sorot.analytics.exports (gdelt, graphml).")
@click.option("-o", "--output", default="export", show_default=True, help="Directory (or file for plover-jsonl).")
def export(db_path: str, fmt: str, output: str) -> None:
    """Export the store: every table as Parquet or CSV, or events as PLOVER JSONL."""
    from sorot.store.exports import write_plover_jsonl

    extra = _extra_exporters()
    if fmt not in ("parquet", "csv", "plover-jsonl", *extra):
        raise click.BadParameter(f"unknown format {fmt!r}", param_hint="--format")
    with _open_store(db_path) as store:
        if fmt in extra:
            for path in extra[fmt](store, Path(output)):
                err.print(f"wrote {path}")
        elif fmt == "plover-jsonl":
            path = Path(output if output.endswith(".jsonl") else f"{output}/events.plover.jsonl")
            n = write_plover_jsonl(store, path)
            err.print(f"wrote {n} events to {path}")
        else:
            for path in store.export(output, fmt):
                err.print(f"wrote {path}")


def _extra_exporters() -> dict[str, Any]:
    """Exporters registered by the analytics package: format name -> fn(store, output) -> paths."""
    if importlib.util.find_spec("sorot.analytics.exports") is None:
        return {}
    return dict(importlib.import_module("sorot.analytics.exports").EXPORTERS)


@main.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True)
def stats(db_path: str, as_json: bool) -> None:
    """Counts of the store: tables, languages, event types, top dyads, recent runs and errors."""
    from sorot.store.queries import store_stats

    with _open_store(db_path) as store:
        s = store_stats(store)
    if as_json:
        out.print(json.dumps(s, ensure_ascii=False, default=str))
        return
    _print_stats(s)


def _print_stats(s: dict[str, Any]) -> None:
    t = Table("table", "rows", title="store")
    for k, v in s["tables"].items():
        t.add_row(k, str(v))
    out.print(t)
    for key, title in (("event_types", "event types"), ("dyads", "top dyads"), ("languages", "languages")):
        if s[key]:
            tab = Table(*s[key][0].keys(), title=title)
            for row in s[key]:
                tab.add_row(*(str(v) for v in row.values()))
            out.print(tab)
    if s["runs"]:
        tab = Table(*s["runs"][0].keys(), title="recent runs")
        for row in s["runs"]:
            tab.add_row(*(str(v) for v in row.values()))
        out.print(tab)


@main.command()
@DB_OPTION
@click.argument("inputs", nargs=-1)
def demo(db_path: str, inputs: tuple[str, ...]) -> None:
    """Process the sample corpus (or INPUTS) into the store and show events, dyads and alerts."""
    from sorot.runner import ingest as run_ingest
    from sorot.store.queries import store_stats

    paths = list(inputs) or [str(_samples_path())]
    with _open_store(db_path, read_only=False) as store:
        summary = run_ingest(paths, store)
        s = store_stats(store)
        alerts = store.query("SELECT doc_id, rule, why FROM alerts ORDER BY pub_date DESC LIMIT 10")
        recent = store.query("SELECT date, type, actor_code, recipient_code, trigger FROM events "
                             "WHERE NOT optional ORDER BY date DESC LIMIT 15")
    _print_summary(summary)
    _print_stats(s)
    t = Table("date", "type", "actor", "recipient", "trigger", title="recent events")
    for r in recent:
        t.add_row(str(r["date"]), r["type"], r["actor_code"], r["recipient_code"] or "", r["trigger"])
    out.print(t)
    t = Table("document", "rule", "why", title="alerts")
    for a in alerts:
        t.add_row(a["doc_id"], a["rule"], a["why"])
    out.print(t)
    err.print(f"store: {db_path} — try `sorot events --db {db_path} --actor RUS` or `sorot show DOC_ID`")


def _samples_path() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "samples" / "articles.jsonl"
        if candidate.exists():
            return candidate
    raise click.ClickException("sample corpus samples/articles.jsonl not found; pass INPUTS")


# Commands that live beside their feature (the API server, watchlists, Spark, quotes, evaluation):
# each module lists its click commands in COMMANDS; a module not written yet is simply absent.
_COMMAND_MODULES = ("sorot.quotes.commands", "sorot.events.commands", "sorot.api.commands",
                    "sorot.analytics.commands", "sorot.spark.commands")


def _add_feature_commands() -> None:
    for name in _COMMAND_MODULES:
        if importlib.util.find_spec(name) is not None:
            for command in importlib.import_module(name).COMMANDS:
                main.add_command(command)


_add_feature_commands()

if __name__ == "__main__":
    main()
