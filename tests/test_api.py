"""The REST API over a hand-coded store: every endpoint, CSV output, paging, bad parameters, ingest."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import small_article, write_jsonl
from fastapi.testclient import TestClient
from test_analytics_corpus import build_store, corpus
from test_runner_ingest import ingest_records, stored_rows

from sorot.analytics.source import ParquetStore
from sorot.analytics.watchlists import Watchlist
from sorot.api import alert_cache
from sorot.api.app import MAX_PAGE, create_app
from sorot.cli import main
from sorot.pipeline import Pipeline
from sorot.store.duck import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api") / "api.duckdb")


@pytest.fixture(scope="module")
def client(db: Path):
    store = Store(db, read_only=True)
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        yield c
    store.close()


@pytest.fixture
def evaluations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per watchlist evaluation the alert cache runs."""
    calls: list[int] = []
    evaluate = alert_cache.evaluate
    monkeypatch.setattr(alert_cache, "evaluate", lambda *a, **k: calls.append(1) or evaluate(*a, **k))
    return calls


def items(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_documents_list_and_one_document(client: TestClient) -> None:
    docs = items(client.get("/api/documents", params={"limit": 3}))
    assert [d["doc_id"] for d in docs] == ["hostile", "chn-phl-3", "chn-phl-2"]
    assert "clean_text" not in docs[0]
    assert [d["doc_id"] for d in items(client.get("/api/documents", params={"source": "kabar.id"}))] == ["rus-prk-1b"]
    assert items(client.get("/api/documents", params={"title": "tuduhan"}))[0]["doc_id"] == "prk-rus-3"
    assert items(client.get("/api/documents", params={"since": "2026-05-06", "until": "2026-05-06"}))[0][
        "doc_id"] == "chn-phl-3"
    one = client.get("/api/documents/rus-prk-1").json()
    assert one["clean_text"].startswith("Rusia") and one["events"][0]["type"] == "AGREE"
    assert one["alerts"][0]["severity"] == "high"
    assert client.get("/api/documents/nope").status_code == 404


def test_events_filters_paging_and_csv(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 4}).json()
    assert first["count"] == 4 and first["next_offset"] == 4
    rest = items(client.get("/api/events", params={"limit": 4, "offset": 4}))
    assert not {e["event_id"] for e in first["items"]} & {e["event_id"] for e in rest}
    assert {e["recipient_code"] for e in items(client.get("/api/events", params={"actor": "chn"}))} == {"PHL"}
    assert len(items(client.get("/api/events", params={"type": "ACCUSE", "context": "territory"}))) == 4
    assert len(items(client.get("/api/events", params={"actor": "RUS", "all_modalities": "true"}))) == 4
    assert items(client.get("/api/events", params={"doc_id": "hostile"}))[0]["trigger"] == "mengecam"
    one = client.get("/api/events/hostile#e0".replace("#", "%23")).json()
    assert one["title"] == "<b>Judul</b> & komentar" and one["evidence_start"] > 0
    assert client.get("/api/events/nope%23e9").status_code == 404
    response = client.get("/api/events", params={"format": "csv", "actor": "CHN"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 4 and rows[0]["contexts"] == "territory" and rows[0]["actor_codes"] == "CHN"


def test_quotes_actors_dyads_network_alerts_search(client: TestClient) -> None:
    assert items(client.get("/api/quotes", params={"speaker": "RUS"}))[0]["speaker"] == "Menteri Pertahanan Rusia"
    assert items(client.get("/api/quotes/top"))[0]["documents"] == 1
    assert items(client.get("/api/actors", params={"limit": 1}))[0]["code"] == "CHN"
    rus = client.get("/api/actors/rus").json()
    assert rus["code"] == "RUS" and rus["as_actor"] == 3 and rus["partners"][0]["partner"] == "PRK"
    assert rus["quotes"][0]["speaker_code"] == "RUS"
    assert items(client.get("/api/dyads", params={"directed": "false", "count": "stories"}))[1]["events"] == 3
    series = items(client.get("/api/dyads/series", params={"actor": "RUS", "recipient": "PRK", "count": "stories"}))
    assert [(s["period"], s["events"]) for s in series] == [("2026-03-01", 2), ("2026-04-01", 1)]
    grouped = items(client.get("/api/dyads/series", params=[("actor", "RUS"), ("recipient", "PRK"),
                                                             ("by", "context"), ("interval", "year")]))
    assert {g["context"] for g in grouped} == {"military", "economic"}
    net = client.get("/api/network", params={"type": "ACCUSE"}).json()
    assert {(e["source"], e["target"]) for e in net["edges"]} == {("CHN", "PHL"), ("PRK", "RUS"), ("USA", "CHN")}
    graphml = client.get("/api/network", params={"format": "graphml"})
    assert graphml.headers["content-type"].startswith("application/graphml+xml") and b"<graphml" in graphml.content
    alerts = items(client.get("/api/alerts"))
    assert len(alerts) == 5 and all(a["new"] for a in alerts)
    assert [a["rule"] for a in items(client.get("/api/alerts", params={"severity": "high"}))] == [
        "un-sanctions-military-cooperation"]
    hits = items(client.get("/api/search", params={"q": "<SCRIPT>"}))
    assert [h["doc_id"] for h in hits] == ["hostile"] and "<script>" in hits[0]["snippet_text"]
    assert items(client.get("/api/search", params={"q": "100%"})) == []  # wildcards match literally
    assert "GOLDSTEIN" not in client.get("/api/stats").text and client.get("/api/stats").json()["tables"]["events"]


def test_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/events/{event_id}", "/api/quotes",
                 "/api/quotes/top", "/api/actors", "/api/actors/{code}", "/api/dyads", "/api/dyads/series",
                 "/api/network", "/api/alerts", "/api/search", "/api/ingest", "/api/stats"):
        assert path in paths
    assert client.get("/docs").status_code == 404  # no CDN-loaded documentation page


BAD = [
    ("/api/events", {"limit": 0}), ("/api/events", {"limit": MAX_PAGE + 1}), ("/api/events", {"offset": -1}),
    ("/api/events", {"offset": 10**9}), ("/api/events", {"since": "2026-02-30"}), ("/api/events", {"since": "x"}),
    ("/api/events", {"actor": "R'; DROP TABLE events; --"}), ("/api/events", {"type": "A" * 500}),
    ("/api/events", {"since": "2026-05-01", "until": "2026-01-01"}), ("/api/events", {"format": "xml"}),
    ("/api/events", {"all_modalities": "perhaps"}), ("/api/documents", {"lang": "id id"}),
    ("/api/documents", {"title": "x" * 201}), ("/api/quotes", {"until": "2026-1-1x"}),
    ("/api/actors", {"count": "everything"}), ("/api/actors/%3Cscript%3E", {}),
    ("/api/dyads", {"directed": "sideways"}), ("/api/dyads/series", {"actor": "RUS"}),
    ("/api/dyads/series", {"actor": "RUS", "recipient": "PRK", "interval": "decade"}),
    ("/api/dyads/series", {"actor": "RUS", "recipient": "PRK", "by": "colour"}),
    ("/api/network", {"min_weight": 0}), ("/api/network", {"max_edges": 10**6}), ("/api/network", {"format": "svg"}),
    ("/api/alerts", {"severity": "apocalyptic"}), ("/api/search", {}), ("/api/search", {"q": "a"}),
    ("/api/search", {"q": "x" * 201}), ("/api/documents/%00bad", {}), ("/api/nope", {}),
]


@pytest.mark.parametrize("path, params", BAD)
def test_bad_parameters_get_a_clear_4xx(client: TestClient, path: str, params: dict) -> None:
    response = client.get(path, params=params)
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert response.json()["detail"]


def test_security_headers_and_body_limit(client: TestClient) -> None:
    response = client.get("/api/stats")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    big = client.post("/api/ingest", content=b"x" * 3_000_000, headers={"content-type": "application/json"})
    assert big.status_code == 413
    head = client.head("/api/stats")
    assert head.status_code == 200 and head.content == b"" and "script-src" in head.headers["content-security-policy"]


def test_ingest_is_off_without_a_token(client: TestClient) -> None:
    response = client.post("/api/ingest", json={"documents": [{"id": "n1", "text": "Teks."}]})
    assert response.status_code == 403 and "disabled" in response.json()["detail"]


def test_ingest_with_a_token_stores_documents(tmp_path: Path) -> None:
    db = build_store(tmp_path / "w.duckdb")
    light = Pipeline.from_config(["clean", "language", "segment"])
    with Store(db) as store, TestClient(create_app(store, ingest_token="s3cret", pipeline=light),
                                        raise_server_exceptions=False) as c:
        doc = {"id": "posted-1", "text": "Pemerintah Indonesia mengumumkan kebijakan baru pada hari Senin.",
               "title": "Kebijakan", "date": "2026-06-01"}
        assert c.post("/api/ingest", json={"documents": [doc]}).status_code == 401
        assert c.post("/api/ingest", json={"documents": [doc]},
                      headers={"Authorization": "Bearer wrong"}).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        assert c.post("/api/ingest", content=b"{not json", headers=auth).status_code == 400
        assert c.post("/api/ingest", json={"documents": [{"id": "x"}]}, headers=auth).status_code == 400
        assert c.post("/api/ingest", json={"documents": [doc] * 101}, headers=auth).status_code == 413
        surrogate = c.post("/api/ingest", content=b'{"documents": [{"id": "s", "text": "a \\ud800 b"}]}', headers=auth)
        assert surrogate.status_code == 400 and "Unicode" in surrogate.json()["detail"]
        assert store.query("SELECT count(*) AS n FROM runs")[0]["n"] == 0  # refused before any run starts
        response = c.post("/api/ingest", json={"documents": [doc]}, headers=auth)
        assert response.status_code == 200, response.text
        assert response.json()["counts"]["stored"] == 1
        assert c.get("/api/documents/posted-1").json()["title"] == "Kebijakan"
        again = c.post("/api/ingest", json={"documents": [doc]}, headers=auth).json()
        assert again["counts"]["unchanged"] == 1


def test_posted_documents_are_stored_as_sorot_ingest_stores_them(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    records = ingest_records()
    light = Pipeline.from_config(["clean", "language", "segment"])
    monkeypatch.setattr("sorot.runner.default_pipeline", lambda: light)
    path = write_jsonl(tmp_path / "records.jsonl", records)
    cli = CliRunner().invoke(main, ["ingest", str(path), "--db", str(tmp_path / "cli.duckdb")])
    assert cli.exit_code == 1, cli.output  # the blank record is an error
    with Store(tmp_path / "api.duckdb") as store, TestClient(create_app(store, ingest_token="t"),
                                                             raise_server_exceptions=False) as c:
        response = c.post("/api/ingest", json={"documents": records}, headers={"Authorization": "Bearer t"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["errors"] == [{"item": "gen-blank", "doc_id": "", "message": "empty document"}]
    assert body["counts"]["stored"] == len(records) - 1 and body["counts"]["near_duplicates"] == 1
    api_rows = stored_rows(tmp_path / "api.duckdb")
    assert api_rows == stored_rows(tmp_path / "cli.duckdb")
    assert len(api_rows["documents"]) == len(records) - 1 and len(api_rows["errors"]) == 1
    assert api_rows["runs"][0]["status"] == "ok-with-errors"


def test_alerts_are_evaluated_once_per_store_version(tmp_path: Path, evaluations: list[int]) -> None:
    docs = corpus()
    withheld = next(d for d in docs if d.id == "rus-prk-1")  # the one with the UN-sanctions (high) alert
    with Store(tmp_path / "a.duckdb") as store:
        store.write_batch([d for d in docs if d is not withheld])
    light = Pipeline.from_config(["clean", "language", "segment"])
    with Store(tmp_path / "a.duckdb") as store, TestClient(create_app(store, ingest_token="t", pipeline=light),
                                                           raise_server_exceptions=False) as c:
        high = {"severity": "high"}
        assert items(c.get("/api/alerts", params=high)) == []
        assert len(items(c.get("/api/alerts"))) == 3
        assert c.get("/").status_code == 200 and c.get("/alerts").status_code == 200
        assert len(evaluations) == 1  # the API and both dashboard pages share one evaluation
        with Store(tmp_path / "a.duckdb") as other:  # another connection writes the same file
            other.write_batch([withheld])
        assert [a["doc_id"] for a in items(c.get("/api/alerts", params=high))] == ["rus-prk-1"]
        assert len(items(c.get("/api/alerts"))) == 5 and len(evaluations) == 2
        posted = c.post("/api/ingest", json={"documents": [small_article(1)]}, headers={"Authorization": "Bearer t"})
        assert posted.json()["counts"]["stored"] == 1
        assert len(items(c.get("/api/alerts"))) == 5 and len(evaluations) == 3
        c.app.state.watchlist = Watchlist(rules=[])  # a new watchlist is evaluated afresh
        assert items(c.get("/api/alerts")) == [] and len(evaluations) == 4


def test_api_over_a_parquet_directory(db: Path, tmp_path: Path, evaluations: list[int]) -> None:
    with Store(db, read_only=True) as store:
        store.export(tmp_path / "pq")
    with ParquetStore(tmp_path / "pq") as pstore, TestClient(create_app(pstore),
                                                             raise_server_exceptions=False) as c:
        assert len(items(c.get("/api/events", params={"actor": "CHN"}))) == 4
        assert c.get("/api/documents/hostile").json()["doc_id"] == "hostile"
        assert c.get("/dyad", params={"actor": "RUS", "recipient": "PRK"}).status_code == 200
        assert len(items(c.get("/api/alerts"))) == 5
        assert len(items(c.get("/api/alerts"))) == 5 and len(evaluations) == 1  # the views' files are the version
        response = c.post("/api/ingest", json={"documents": [{"id": "a", "text": "b"}]})
        assert response.status_code == 403


def test_serve_command_refuses_bad_setups(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sorot.cli import main

    runner = CliRunner()
    missing = runner.invoke(main, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code != 0 and "no sorot store" in missing.output
    (tmp_path / "pq").mkdir()
    writable = runner.invoke(main, ["serve", "--parquet", str(tmp_path / "pq"), "--ingest-token", "t"])
    assert writable.exit_code != 0 and "read-only" in writable.output
    both = runner.invoke(main, ["serve", "--parquet", str(tmp_path / "pq"), "--db", "x.duckdb"])
    assert both.exit_code != 0


def test_csv_cells_never_start_a_spreadsheet_formula() -> None:
    from sorot.api.app import respond

    body = respond([{"evidence": "=HYPERLINK(\"http://x\")", "n": -2, "codes": ["@A", "B"]}], "csv").body.decode()
    row = next(csv.DictReader(io.StringIO(body)))
    assert row == {"evidence": "'=HYPERLINK(\"http://x\")", "n": "-2", "codes": "'@A;B"}
