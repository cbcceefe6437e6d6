"""The dashboard: pages render, hostile article text stays text, evidence is highlighted (server side)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from test_analytics_corpus import build_store

from sorot.api.app import create_app
from sorot.store.duck import Store
from sorot.web.charts import coop_conflict_chart, fill_gaps
from sorot.web.highlight import find_all, segments


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    db = build_store(tmp_path_factory.mktemp("web") / "web.duckdb")
    store = Store(db, read_only=True)
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        yield c
    store.close()


def test_segments_cut_nested_spans_and_ignore_bad_offsets() -> None:
    text = "ab <x> cd"
    parts = segments(text, [(3, 6, "evidence", "evidence"), (4, 5, "trigger", ""), (7, 99, "bad", ""),
                            (None, 3, "bad", ""), (-1, 2, "bad", "")])
    assert [(p.text, p.classes, p.anchor) for p in parts] == [
        ("ab ", "", ""), ("<", "evidence", "evidence"), ("x", "evidence trigger", ""), (">", "evidence", ""),
        (" cd", "", "")]
    assert "".join(p.text for p in parts) == text
    assert find_all("Aa aA", "aa") == [(0, 2), (3, 5)]


def test_chart_fills_empty_periods_and_scales_bars() -> None:
    import datetime as dt

    series = [{"period": dt.date(2026, 1, 1), "cooperation": 4, "conflict": 0},
              {"period": dt.date(2026, 4, 1), "cooperation": 0, "conflict": 2}]
    assert [str(r["period"]) for r in fill_gaps(series, "month")] == [
        "2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]
    chart = coop_conflict_chart(series, "month")
    coop, conflict = chart.bars
    assert coop.kind == "cooperation" and conflict.kind == "conflict"
    assert coop.height == pytest.approx(2 * conflict.height, abs=0.2)
    assert coop.y + coop.height == pytest.approx(chart.zero_y, abs=0.2)
    assert coop_conflict_chart([], "month").empty


def test_article_view_escapes_text_and_marks_evidence(client: TestClient) -> None:
    page = client.get("/doc/hostile", params={"event": 0})
    assert page.status_code == 200
    html = page.text
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Judul&lt;/b&gt; &amp; komentar" in html
    assert '<mark class="evidence trigger">mengecam</mark>' in html
    assert '<mark class="evidence" id="evidence">Amerika Serikat </mark>' in html
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]
    assert "<script" not in html.replace("&lt;script", "")  # the dashboard itself ships no script
    assert client.get("/doc/hostile", params={"event": 7}).status_code == 404


def test_pages_render(client: TestClient) -> None:
    for path, needle in (("/", "Top dyads"), ("/events?actor=CHN", "territory"),
                         ("/events?actor=CHN&offset=2", 'href="/events?actor=CHN&amp;offset=0"'),
                         ("/actor/RUS", "RUS — Russia"),
                         ("/alerts", "chn-phl-accusations"), ("/search?q=komentar", '<mark class="hit">komentar'),
                         ("/dyad?actor=RUS&recipient=PRK&context=military", "bar cooperation"),
                         ("/dyad?actor=PRK&recipient=RUS", "<td>MIL</td>"), ("/static/style.css", "mark.trigger")):
        response = client.get(path)
        assert response.status_code == 200, path
        assert needle in response.text, path
    dyad = client.get("/dyad", params={"actor": "RUS", "recipient": "PRK", "context": "military"}).text
    assert "bar conflict" not in dyad  # the economic accusation is filtered out


def test_bad_page_parameters_get_an_html_4xx(client: TestClient) -> None:
    for path in ("/dyad?interval=decade", "/events?since=2026-99-01", "/doc/none", "/actor/%3Cb%3E",
                 "/search?q=" + "x" * 300, "/events?offset=-5"):
        response = client.get(path)
        assert 400 <= response.status_code < 500, path
        assert response.headers["content-type"].startswith("text/html") and "<h1>" in response.text
