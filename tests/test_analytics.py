"""Analytics over a hand-coded store: dyad series, story counting, network, watchlists, exports, Parquet."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from test_analytics_corpus import build_store, corpus

from sorot.analytics.dyads import (
    SeriesQuery,
    dyad_events,
    dyad_series,
    list_quotes,
    partners,
    top_actors,
    top_dyads,
    top_quotes,
)
from sorot.analytics.network import actor_network, to_graphml
from sorot.analytics.source import ParquetStore, open_store
from sorot.analytics.watchlists import WatchlistError, evaluate, load_watchlist, record_new
from sorot.cli import main
from sorot.model import Actor, Document, Event
from sorot.store.duck import Store
from sorot.store.queries import EventFilter

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("analytics") / "a.duckdb")


@pytest.fixture()
def store(db: Path):
    with Store(db, read_only=True) as s:
        yield s


def test_series_counts_reports_or_story_clusters(store: Store) -> None:
    reports = dyad_series(store, SeriesQuery("RUS", "PRK"))
    stories = dyad_series(store, SeriesQuery("RUS", "PRK", count="stories"))
    assert [(str(r["period"]), r["events"], r["cooperation"], r["conflict"]) for r in reports] == [
        ("2026-03-01", 3, 3, 0), ("2026-04-01", 1, 0, 1)]
    # the AGREE story printed twice counts once
    assert [(str(r["period"]), r["events"]) for r in stories] == [("2026-03-01", 2), ("2026-04-01", 1)]
    march = reports[0]
    assert march["verbal_coop"] == 3 and march["goldstein_sum"] == pytest.approx(4.0 + 4.0 + 1.9)
    assert march["goldstein_mean"] == pytest.approx(9.9 / 3, abs=1e-3)
    assert march["plover_mean"] is not None


def test_series_direction_grouping_and_modality(store: Store) -> None:
    directed = dyad_series(store, SeriesQuery("RUS", "PRK", directed=True))
    assert sum(r["events"] for r in directed) == 3  # PRK's accusation goes the other way
    by_context = dyad_series(store, SeriesQuery("RUS", "PRK", by=("context", "type")))
    assert {(r["context"], r["type"], r["events"]) for r in by_context} == {
        ("military", "AGREE", 2), ("military", "CONSULT", 1), ("economic", "ACCUSE", 1)}
    weekly = dyad_series(store, SeriesQuery("RUS", "PRK", interval="week"))
    assert all(r["period"].weekday() == 0 for r in weekly)
    everything = dyad_series(store, SeriesQuery("RUS", "PRK", filter=EventFilter(all_modalities=True)))
    assert sum(r["events"] for r in everything) == 5  # plus the negated MOBILIZE
    with pytest.raises(ValueError, match="interval"):
        dyad_series(store, SeriesQuery("RUS", "PRK", interval="decade"))
    with pytest.raises(ValueError, match="grouping"):
        dyad_series(store, SeriesQuery("RUS", "PRK", by=("colour",)))


def test_top_dyads_actors_partners_and_quotes(store: Store) -> None:
    directed = top_dyads(store)
    assert directed[0] == {"actor": "CHN", "recipient": "PHL", "events": 4, "cooperation": 0, "conflict": 4,
                           "goldstein_sum": -8.0, "goldstein_mean": -2.0}
    undirected = {(d["actor"], d["recipient"]): d for d in top_dyads(store, directed=False, count="stories")}
    assert undirected[("PRK", "RUS")]["events"] == 3 and undirected[("PRK", "RUS")]["cooperation"] == 2
    actors = {a["code"]: a for a in top_actors(store)}
    assert actors["CHN"]["events"] == 5 and actors["CHN"]["as_actor"] == 4 and actors["CHN"]["as_recipient"] == 1
    assert partners(store, "rus")[0]["partner"] == "PRK"
    assert [e["doc_id"] for e in dyad_events(store, "PRK", "RUS", limit=2)] == ["prk-rus-3", "rus-prk-2"]
    assert list_quotes(store, speaker="pertahanan")[0]["speaker_code"] == "RUS"
    assert list_quotes(store, speaker="%") == []  # LIKE wildcards are literal
    assert top_quotes(store)[0]["documents"] == 1


def test_network_and_graphml(store: Store) -> None:
    net = actor_network(store)
    edges = {(e["source"], e["target"]): e for e in net.edges}
    assert edges[("CHN", "PHL")]["weight"] == 4 and edges[("RUS", "PRK")]["types"] == ["AGREE", "CONSULT"]
    assert {n["id"] for n in net.nodes} == {"CHN", "PHL", "RUS", "PRK", "USA"}
    accuse = actor_network(store, EventFilter(type="ACCUSE"))
    assert ("RUS", "PRK") not in {(e["source"], e["target"]) for e in accuse.edges}
    root = ET.fromstring(to_graphml(net))
    graph = root.find(f"{GRAPHML}graph")
    assert graph.get("edgedefault") == "directed"
    assert len(graph.findall(f"{GRAPHML}node")) == 5 and len(graph.findall(f"{GRAPHML}edge")) == len(net.edges)
    weights = {(e.get("source"), e.get("target")): e.find(f"{GRAPHML}data[@key='e_weight']").text
               for e in graph.findall(f"{GRAPHML}edge")}
    assert weights[("CHN", "PHL")] == "4"


def test_watchlist_rules_and_new_alert_state(tmp_path: Path) -> None:
    db = build_store(tmp_path / "w.duckdb")
    rules = load_watchlist()
    with Store(db) as store:
        found = evaluate(store, rules)
        by_rule: dict[str, list[dict]] = {}
        for a in found:
            by_rule.setdefault(a["rule"], []).append(a)
        assert [a["doc_id"] for a in by_rule["un-sanctions-military-cooperation"]] == ["rus-prk-1"]
        # four accusations in six days: one alert, when the count first exceeds three
        [window] = by_rule["chn-phl-accusations"]
        assert (str(window["date"]), window["count"], window["actor"], window["recipient"]) == (
            "2026-05-06", 4, "CHN", "PHL")
        assert sorted(a["doc_id"] for a in by_rule["military-cooperation-with-dprk"]) == [
            "rus-prk-1", "rus-prk-1b", "rus-prk-2"]
        assert "assault-surge" not in by_rule
        newest = evaluate(store, rules, per_rule=1)
        assert [a["doc_id"] for a in newest if a["rule"] == "military-cooperation-with-dprk"] == ["rus-prk-2"]
        assert len(record_new(store, found)) == len(found)
        assert record_new(store, evaluate(store, rules)) == []
        text = "Tiongkok menuduh Filipina lagi."
        later = Document(id="chn-phl-9", raw_text=text, clean_text=text, date="2026-06-01", events=[Event(
            type="AGREE", contexts=["military"], actor=[Actor("PRK", "GOV")], recipient=[Actor("RUS", "GOV")],
            evidence=text, evidence_start=0, evidence_end=len(text), cameo="030", goldstein=4.0, quad=1)])
        store.write_batch([later])
        new = record_new(store, evaluate(store, rules))
        assert [a["alert_key"] for a in new] == ["military-cooperation-with-dprk:chn-phl-9#e0"]


def test_threshold_window_is_sliding_and_strict(tmp_path: Path) -> None:
    db = build_store(tmp_path / "t.duckdb")
    path = tmp_path / "w.yaml"
    path.write_text("rules:\n"
                    "  - {name: four, type: ACCUSE, actor: CHN, more_than: 3, window_days: 5}\n"
                    "  - {name: per-pair, type: ACCUSE, per_dyad: true, more_than: 0, window_days: 30}\n")
    with Store(db, read_only=True) as store:
        alerts = evaluate(store, load_watchlist(path))
    assert [a for a in alerts if a["rule"] == "four"] == []  # 05-01..05-06 spans six days: at most 3 in 5
    pairs = sorted((a["actor"], a["recipient"], str(a["date"])) for a in alerts if a["rule"] == "per-pair")
    assert pairs == [("CHN", "PHL", "2026-05-01"), ("PRK", "RUS", "2026-04-07"), ("USA", "CHN", "2026-05-10")]


@pytest.mark.parametrize("rule, message", [
    ("{name: x, colour: red}", "unknown field"),
    ("{name: x, severity: urgent}", "severity"),
    ("{name: x, more_than: 2, window_days: 0}", "window_days"),
    ("{name: x, builtin: magic}", "builtin"),
    ("{name: x, modality: [maybe]}", "modality"),
    ("{severity: high}", "name"),
])
def test_bad_watchlists_are_rejected_with_the_reason(tmp_path: Path, rule: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(f"rules:\n  - {rule}\n")
    with pytest.raises(WatchlistError, match=message):
        load_watchlist(path)


def test_alerts_command_lists_only_new_alerts(tmp_path: Path) -> None:
    db = str(build_store(tmp_path / "cli.duckdb"))
    runner = CliRunner()
    first = runner.invoke(main, ["alerts", "--db", db])
    assert first.exit_code == 0, first.output
    assert "chn-phl-accusations" in first.stdout and "un-sanctions-military-cooperation" in first.stdout
    second = runner.invoke(main, ["alerts", "--db", db])
    assert second.exit_code == 0 and second.stdout.strip() == ""
    assert "0 new of 5 alerts" in second.stderr
    again = runner.invoke(main, ["alerts", "--db", db, "--all", "--json"])
    assert len(again.stdout.strip().splitlines()) == 5


def test_dyads_and_network_commands(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    series = runner.invoke(main, ["dyads", "--db", str(db), "--actor", "rus", "--recipient", "prk", "--json"])
    assert series.exit_code == 0, series.output
    assert '"events": 3' in series.stdout.splitlines()[0]
    top = runner.invoke(main, ["dyads", "--db", str(db), "--json"])
    assert '"actor": "CHN"' in top.stdout.splitlines()[0]
    out = tmp_path / "n.graphml"
    net = runner.invoke(main, ["network", "--db", str(db), "--format", "graphml", "-o", str(out)])
    assert net.exit_code == 0 and ET.parse(out).getroot().tag == f"{GRAPHML}graphml"
    half = runner.invoke(main, ["dyads", "--db", str(db), "--actor", "RUS"])
    assert half.exit_code != 0


def test_parquet_directories_read_like_the_store(db: Path, tmp_path: Path) -> None:
    flat = tmp_path / "flat"
    with Store(db, read_only=True) as store:
        store.export(flat)
        expected = top_dyads(store)
        events = store.query("SELECT * FROM events").__len__()
    with ParquetStore(flat) as pstore:
        assert top_dyads(pstore) == expected
        assert evaluate(pstore, load_watchlist())  # alerts work over Parquet too
    # the Spark job's layout: DIR/<table>/part_date=…/part_lang=…/*.parquet
    spark = tmp_path / "spark"
    for table, day in (("events", "pub_date"), ("documents", "date")):
        data = pq.read_table(flat / f"{table}.parquet")
        data = data.append_column("part_date", pc.cast(data[day], pa.string()))
        data = data.append_column("part_lang", pc.fill_null(data["lang"], ""))
        ds.write_dataset(data, spark / table, format="parquet", partitioning=["part_date", "part_lang"],
                         partitioning_flavor="hive")
    with open_store(parquet=spark) as pstore:
        assert len(pstore.query("SELECT * FROM events")) == events
        assert top_dyads(pstore) == expected
        assert pstore.counts()["quotes"] == 0  # absent tables are empty, not errors
    with pytest.raises(FileNotFoundError):
        ParquetStore(tmp_path / "missing")


def test_corpus_is_what_the_tests_assume() -> None:
    docs = corpus()
    assert len(docs) == 10 and sum(len(d.events) for d in docs) == 10


def test_an_event_naming_two_actors_on_both_sides_counts_once(tmp_path: Path) -> None:
    text = "Kedua negara saling menuduh."
    both = [Actor("KOR", "GOV"), Actor("JPN", "GOV")]
    doc = Document(id="mutual", raw_text=text, clean_text=text, date="2026-01-05", events=[Event(
        type="ACCUSE", actor=both, recipient=both, evidence=text, evidence_start=0, evidence_end=len(text),
        cameo="112", goldstein=-2.0, quad=3)])
    with Store(tmp_path / "m.duckdb") as store:
        store.write_batch([doc])
        assert [(d["actor"], d["recipient"], d["events"]) for d in top_dyads(store, directed=False)] == [
            ("JPN", "KOR", 1)]
        assert len(top_dyads(store)) == 2  # directed: JPN->KOR and KOR->JPN
        assert {(a["code"], a["events"], a["as_actor"], a["as_recipient"]) for a in top_actors(store)} == {
            ("JPN", 1, 1, 1), ("KOR", 1, 1, 1)}
        assert partners(store, "KOR")[0]["events"] == 1
