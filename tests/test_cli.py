"""The `sorot` command line: extract, events and its filters, show, stats, export and demo."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import SAMPLES, small_article, write_jsonl

from sorot.cli import main
from sorot.model import SOFT_MODALITIES
from sorot.store.duck import Store

runner = CliRunner()


def run(*args: str) -> Result:
    return runner.invoke(main, [str(a) for a in args])


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`sorot demo` over the bundled samples, run once; the other tests query its store."""
    db = tmp_path_factory.mktemp("cli") / "demo.duckdb"
    result = run("demo", "--db", db)
    assert result.exit_code == 0, result.output
    flat = "".join(result.stdout.split())
    assert "recentevents" in flat and "store" in flat
    return db


def test_demo_stores_the_sample_corpus(demo_db: Path) -> None:
    n = sum(1 for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip())
    with Store(demo_db, read_only=True) as store:
        assert store.counts()["documents"] == n
        assert store.counts()["events"] > 0


def test_extract_prints_one_json_line_per_document(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [small_article(i) for i in range(3)])
    (tmp_path / "satu.txt").write_text(small_article(9)["text"], encoding="utf-8")
    result = run("extract", src, tmp_path / "satu.txt")
    assert result.exit_code == 0, result.output
    docs = json_lines(result.stdout)
    assert [d["id"] for d in docs] == ["gen-0000", "gen-0001", "gen-0002", "satu"]
    for d in docs:
        assert {"id", "lang", "date", "events", "quotes", "spam", "flags"} <= set(d)
        assert "raw_text" not in d
    assert docs[0]["date"] == "2025-03-01" and docs[0]["events"]


def test_extract_full_and_output_file(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [small_article(i) for i in range(2)])
    out = tmp_path / "out.jsonl"
    result = run("extract", src, "-o", out, "--full")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    docs = json_lines(out.read_text(encoding="utf-8"))
    assert len(docs) == 2 and docs[1]["raw_text"] == small_article(1)["text"] and docs[1]["sentences"]
    assert "2stored" not in result.stderr and "2read" in "".join(result.stderr.split())


def test_extract_exits_1_on_a_bad_input_but_prints_the_good_ones(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [small_article(0)])
    result = run("extract", src, tmp_path / "hilang.txt")
    assert result.exit_code == 1
    assert [d["id"] for d in json_lines(result.stdout)] == ["gen-0000"]
    assert "nosuchfile" in "".join(result.stderr.split())


def all_events(db: Path, *filters: str) -> list[dict]:
    result = run("events", "--db", db, "--json", "--limit", "10000", *filters)
    assert result.exit_code == 0, result.output
    return json_lines(result.stdout)


def test_events_json_default_hides_soft_modalities(demo_db: Path) -> None:
    everything = all_events(demo_db, "--all-modalities")
    default = all_events(demo_db)
    assert everything and default
    assert all(e["modality"] not in SOFT_MODALITIES for e in default)
    assert len(default) == sum(1 for e in everything if e["modality"] not in SOFT_MODALITIES)
    assert {"event_id", "doc_id", "type", "actor_codes", "evidence", "trigger"} <= set(default[0])


def test_events_limit(demo_db: Path) -> None:
    assert len(json_lines(run("events", "--db", demo_db, "--json", "--all-modalities", "--limit", "2").stdout)) == 2


def test_events_filters(demo_db: Path) -> None:
    everything = all_events(demo_db, "--all-modalities")
    actor = Counter(c for e in everything for c in e["actor_codes"]).most_common(1)[0][0]
    by_actor = all_events(demo_db, "--all-modalities", "--actor", actor.lower())
    assert by_actor and all(actor in e["actor_codes"] for e in by_actor)
    assert len(by_actor) == sum(1 for e in everything if actor in e["actor_codes"]) < len(everything)

    etype = Counter(e["type"] for e in everything).most_common(1)[0][0]
    by_type = all_events(demo_db, "--all-modalities", "--type", etype.lower())
    assert len(by_type) == sum(1 for e in everything if e["type"] == etype) > 0
    assert all(e["type"] == etype for e in by_type)

    dates = sorted(e["date"] for e in everything if e["date"])
    since = dates[len(dates) // 2]
    by_date = all_events(demo_db, "--all-modalities", "--since", since)
    assert len(by_date) == sum(1 for d in dates if d >= since) < len(everything)
    assert [e["date"] for e in by_date] == sorted((e["date"] for e in by_date), reverse=True)  # newest first


def test_events_table_output(demo_db: Path) -> None:
    result = run("events", "--db", demo_db, "--limit", "3")
    assert result.exit_code == 0 and "date" in result.stdout and "type" in result.stdout


def test_events_without_a_store_is_a_clear_error(tmp_path: Path) -> None:
    result = run("events", "--db", tmp_path / "tidak-ada.duckdb")
    assert result.exit_code == 1 and "nosorotstore" in "".join(result.output.split())


def test_show_prints_the_article_and_its_events(demo_db: Path) -> None:
    with Store(demo_db, read_only=True) as store:
        [doc] = store.query("SELECT doc_id, title, n_events FROM documents WHERE n_events > 0 ORDER BY doc_id LIMIT 1")
        triggers = [r["trigger"] for r in store.query("SELECT trigger FROM events WHERE doc_id = ?", [doc["doc_id"]])]
    result = run("show", doc["doc_id"], "--db", demo_db)
    assert result.exit_code == 0, result.output
    flat = "".join(result.stdout.split())
    assert "".join(doc["title"].split()) in flat
    assert f"events({doc['n_events']})" in flat
    assert all(f"«{''.join(t.split())}»" in flat for t in triggers)


def test_show_unknown_document(demo_db: Path) -> None:
    result = run("show", "tidak-ada", "--db", demo_db)
    assert result.exit_code == 1 and "nodocument'tidak-ada'" in "".join(result.output.split())


def test_stats_json(demo_db: Path) -> None:
    result = run("stats", "--db", demo_db, "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    with Store(demo_db, read_only=True) as store:
        counts = store.counts()
    assert stats["tables"] == counts
    assert sum(t["events"] for t in stats["event_types"]) <= counts["events"]
    assert stats["runs"][0]["stored"] == counts["documents"]
    assert {row["lang"] for row in stats["languages"]} >= {"id", "en"}


def test_stats_table(demo_db: Path) -> None:
    result = run("stats", "--db", demo_db)
    assert result.exit_code == 0 and "eventtypes" in "".join(result.stdout.split())


def test_export_unknown_format(demo_db: Path, tmp_path: Path) -> None:
    result = run("export", "--db", demo_db, "--format", "xlsx", "-o", tmp_path)
    assert result.exit_code == 2 and "unknownformat'xlsx'" in "".join(result.output.split())


def test_export_plover_into_a_directory(demo_db: Path, tmp_path: Path) -> None:
    result = run("export", "--db", demo_db, "--format", "plover-jsonl", "-o", tmp_path / "keluar")
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "keluar" / "events.plover.jsonl").read_text(encoding="utf-8").splitlines()
    with Store(demo_db, read_only=True) as store:
        assert len(lines) == store.counts()["events"]


def test_events_until_and_a_bad_date(demo_db: Path) -> None:
    everything = all_events(demo_db, "--all-modalities")
    dates = sorted(e["date"] for e in everything if e["date"])
    until = dates[len(dates) // 2]
    assert len(all_events(demo_db, "--all-modalities", "--until", until)) == sum(1 for d in dates if d <= until)
    result = run("events", "--db", demo_db, "--since", "kemarin")
    assert result.exit_code == 2 and "--since" in result.output  # a usage error, not a database traceback


def test_reading_a_store_locked_by_a_writer_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "locked.duckdb"
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"con = duckdb.connect({str(db)!r})\nprint('locked', flush=True)\ntime.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        results = [run("stats", "--db", db), run("ingest", SAMPLES, "--db", db)]
    finally:
        holder.kill()
        holder.wait(timeout=30)
    for result in results:
        assert result.exit_code == 1 and "cannotopenthestore" in "".join(result.output.split())


BRACKETS = "[/b] x [VIDEO]"  # rich markup would raise on "[/b]" and swallow "[VIDEO]"
BRACKET_ID = "[/b]-x-[VIDEO]"


@pytest.fixture(scope="module")
def bracket_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one article whose id, title and quotation hold square brackets."""
    tmp = tmp_path_factory.mktemp("brackets")
    article = small_article(0)
    quote = '"Kami akan terus bekerja sama,"'
    assert quote in article["text"]
    article.update(id=BRACKET_ID, title=BRACKETS,
                   text=article["text"].replace(quote, f'"Kami akan terus bekerja sama {BRACKETS},"'))
    db = tmp / "brackets.duckdb"
    result = run("ingest", write_jsonl(tmp / "in.jsonl", [article]), "--db", db)
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("command, expected", [
    (("show", BRACKET_ID), [BRACKETS]),  # title and quotation
    (("events", "--all-modalities"), [BRACKET_ID]),  # the table's doc column
    (("quotes",), [BRACKETS, BRACKET_ID]),
])
def test_square_brackets_in_data_are_printed_literally(bracket_db: Path, command: tuple[str, ...],
                                                      expected: list[str]) -> None:
    result = runner.invoke(main, [*command, "--db", str(bracket_db)], env={"COLUMNS": "300"})  # no wrapping
    assert result.exit_code == 0, result.output
    assert all(x in result.stdout for x in expected), result.stdout


def test_show_prints_a_bracketed_title_and_quote(bracket_db: Path) -> None:
    result = runner.invoke(main, ["show", BRACKET_ID, "--db", str(bracket_db)], env={"COLUMNS": "300"})
    first, *rest = result.stdout.splitlines()
    assert first.startswith(BRACKETS + "  2025-03-01")
    assert any(line.endswith(f"bekerja sama {BRACKETS},") for line in rest)  # the quotes list


def test_extract_into_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [small_article(0)])
    result = run("extract", src, "-o", tmp_path / "tidak-ada" / "out.jsonl")
    message = "".join(result.stderr.split())
    assert result.exit_code == 1 and "cannotwrite" in message and "Nosuchfileordirectory" in message


def test_a_urls_file_is_not_fetched_without_format_urls(tmp_path: Path) -> None:
    (tmp_path / "daftar.urls").write_text("http://127.0.0.1:9/berita\n", encoding="utf-8")
    result = run("extract", tmp_path / "daftar.urls")
    assert result.exit_code == 1 and result.stdout == ""
    assert "--formaturls" in "".join(result.stderr.split())
    assert "`urls`fetcheseveryURL" in "".join(run("extract", "--help").stdout.split())
