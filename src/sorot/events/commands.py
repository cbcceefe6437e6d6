"""`sorot eval`: extract a gold set's articles and score them, with error analysis."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from sorot.console import out, styled
from sorot.events.evaluate import DEFAULT_SCORER, analyse, load_scorer, read_jsonl


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--articles", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSONL articles to extract (id, text, date, ...); default: the gold file's own texts.")
@click.option("--pred", "pred_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Score these predictions instead of extracting; with --articles, write them here.")
@click.option("--scorer", type=click.Path(path_type=Path), default=DEFAULT_SCORER, show_default=True,
              help="The project's score.py.")
@click.option("--strict-modality", is_flag=True)
@click.option("--show", type=click.Choice(["none", "misses", "false", "both"]), default="both", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the full analysis as JSON.")
def eval_command(gold: Path, articles: Path | None, pred_path: Path | None, scorer: Path, strict_modality: bool,
                 show: str, as_json: bool) -> None:
    """Score sorot on GOLD (GUIDELINES §6 JSONL) with the project's scorer; per-type table, misses, false events."""
    from sorot.runner import extract

    try:
        module = load_scorer(scorer)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    gold_docs = read_jsonl(gold)
    if articles is not None or pred_path is None or not pred_path.exists():
        source = articles or gold
        preds = {d.id: d.to_json() for d in extract([str(source)])}
        if pred_path is not None:
            with open(pred_path, "w", encoding="utf-8") as fh:
                for doc in preds.values():
                    fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    else:
        preds = read_jsonl(pred_path)
    result = analyse(module, gold_docs, preds, strict_modality)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, default=str))
        return
    table = Table("measure", "P", "R", "F1", "tp/fp/fn", title=f"scores ({len(gold_docs)} documents)")
    for name, r in result["scores"].items():
        table.add_row(name, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
                      f"{r['tp']}/{r['fp']}/{r['fn']}")
    out.print(table)
    table = Table("type", "P", "R", "F1", "tp/fp/fn", title="events by type (collapsed keys)")
    for etype, r in result["per_type"].items():
        table.add_row(etype, f"{r['precision']:.2f}", f"{r['recall']:.2f}", f"{r['f1']:.2f}",
                      f"{r['tp']}/{r['fp']}/{r['fn']}")
    out.print(table)
    if result["confusion"]:
        table = Table("gold type", "predicted type", "count", title="same dyad, other type")
        for row in result["confusion"]:
            table.add_row(row["gold"], row["predicted"], str(row["count"]))
        out.print(table)
    for kind, title in (("misses", "missed gold events"), ("false", "false events")):
        if show in (kind, "both"):
            out.print(styled("\n", (f"{title} ({len(result[kind])})", "bold")))
            for item in result[kind]:
                out.print(f"  {item['doc'][:40]}  {item['key']}  {item['evidence'][:200]}")


COMMANDS = [eval_command]
