"""`sorot quotes`: list stored quotations by speaker, actor, date and text."""

from __future__ import annotations

import json

import click
from rich.table import Table

from sorot.console import out
from sorot.store.queries import QuoteFilter


@click.command("quotes")
@click.option("--db", "db_path", default="sorot.duckdb", show_default=True, envvar="SOROT_DB")
@click.option("--speaker", help="Part of the speaker's name or role as written (case-insensitive).")
@click.option("--actor", help="The speaker's country or body code, e.g. RUS.")
@click.option("--since", help="First publication date, YYYY-MM-DD.")
@click.option("--until", help="Last publication date, YYYY-MM-DD.")
@click.option("--text", help="Words the quotation contains.")
@click.option("--direct-only", is_flag=True, help="Only direct quotations (no reported speech).")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
def quotes_command(db_path: str, speaker: str | None, actor: str | None, since: str | None, until: str | None,
                   text: str | None, direct_only: bool, limit: int, as_json: bool) -> None:
    """List quotations with their speakers, newest first."""
    from sorot.store.duck import Store

    try:
        store = Store(db_path, read_only=True)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    where, params = QuoteFilter(speaker=speaker, actor=actor, since=since, until=until, text=text,
                                direct_only=direct_only).where()
    with store:
        rows = store.query(f"SELECT * FROM quotes WHERE {where} ORDER BY pub_date DESC NULLS LAST, doc_id, idx "
                           "LIMIT ?", [*params, limit])
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    table = Table("date", "speaker", "actor", "direct", "quote", "doc")
    for r in rows:
        who = " ".join(x for x in (r["speaker_code"], r["speaker_sector"], r["speaker_name"]) if x)
        table.add_row(str(r["pub_date"] or ""), r["speaker"], who, "yes" if r["direct"] else "no",
                      r["text"][:140], r["doc_id"])
    out.print(table)


COMMANDS = [quotes_command]
