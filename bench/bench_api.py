"""API latency at scale: p50/p99 of the event list and the dyad series over 1 million synthetic events.

The synthetic store is generated with DuckDB SQL straight into a store file (seconds, no pipeline):
events spread over two years, 40 actors with a skew towards a few, PLOVER types with their crosswalk
codes, one document per five events. Requests go through the full ASGI app in-process (FastAPI
validation, query, JSON encoding), not over a socket.

    .venv/bin/python bench/bench_api.py [--events 1000000] [--requests 60] [--db /tmp/bench_api.duckdb]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from fastapi.testclient import TestClient

from sorot.api.app import create_app
from sorot.events.crosswalk import codes, event_types
from sorot.store.duck import Store

ACTORS = ["RUS", "PRK", "CHN", "USA", "IDN", "PHL", "JPN", "KOR", "AUS", "MYS", "SGP", "VNM", "THA", "IND", "PAK",
          "IRN", "ISR", "PSE", "UKR", "GBR", "FRA", "DEU", "TUR", "SAU", "EGY", "NGA", "ZAF", "BRA", "MEX", "CAN",
          "MMR", "KHM", "LAO", "BRN", "TLS", "PNG", "NZL", "TWN", "BGD", "LKA"]
CONTEXTS = ["military", "economic", "diplomatic", "territory", "energy", "health", "legal", "humanitarian"]


def generate(path: Path, n_events: int) -> None:
    """Write ``n_events`` synthetic events (and their documents) into a fresh store at ``path``."""
    path.unlink(missing_ok=True)
    types = sorted(event_types())
    crosswalk = [(t, *(lambda c: (c.cameo, c.goldstein, c.plover_score, c.quad))(codes(t))) for t in types]
    with Store(path) as store:
        con = store.con
        con.execute("CREATE TEMP TABLE kinds (k INTEGER, type VARCHAR, cameo VARCHAR, goldstein DOUBLE, "
                    "plover DOUBLE, quad INTEGER)")
        con.executemany("INSERT INTO kinds VALUES (?, ?, ?, ?, ?, ?)",
                        [(i, *row) for i, row in enumerate(crosswalk)])
        n_kinds, n_actors = len(crosswalk), len(ACTORS)
        # Skewed actor choice: the square of a uniform number favours the first codes of the list.
        pick = "CAST(floor(pow((hash({seed}) % 10000) / 10000.0, 2) * {n}) AS INTEGER)"
        con.execute(f"""
            INSERT INTO events (event_id, doc_id, idx, date, date_resolution, pub_date, type, mode, contexts,
                modality, actor_code, actor_sector, actor_name, actor_codes, recipient_code, recipient_sector,
                recipient_name, recipient_codes, actor_json, recipient_json, evidence, trigger, evidence_start,
                evidence_end, trigger_start, trigger_end, sentence, cameo, goldstein, plover_score, quad, optional,
                confidence, rule, mentions, lang, source, url, cluster_id)
            WITH base AS (
                SELECT i, {pick.format(seed='i * 3', n=n_actors)} AS ai,
                       {pick.format(seed='i * 5 + 1', n=n_actors)} AS ri,
                       DATE '2024-01-01' + CAST(hash(i // 5) % 730 AS INTEGER) AS day,
                       CAST(hash(i * 7) % {n_kinds} AS INTEGER) AS k
                FROM range(?) t(i)),
            pairs AS (  -- never an actor with itself: move the recipient one code on
                SELECT *, list_extract(?, 1 + ai) AS a,
                       list_extract(?, 1 + CASE WHEN ri = ai THEN (ri + 1) % {n_actors} ELSE ri END) AS r FROM base)
            SELECT 'd' || (i // 5) || '#e' || (i % 5), 'd' || (i // 5), CAST(i % 5 AS INTEGER), day, 'day', day,
                   kinds.type, NULL, [list_extract(?, 1 + CAST(hash(i * 11) % {len(CONTEXTS)} AS INTEGER))],
                   CASE WHEN hash(i * 13) % 20 = 0 THEN 'negated' ELSE 'asserted' END,
                   a, 'GOV', '', [a], r, 'GOV', '', [r], '[]', '[]', 'kalimat bukti sintetis', 'sintetis', 0, 22, 8,
                   16, 0, kinds.cameo, kinds.goldstein, kinds.plover, kinds.quad, false, 1.0, 'bench', 1, 'id',
                   'bench.id', 'https://bench.id/' || (i // 5), 'c' || (i // 10)
            FROM pairs JOIN kinds USING (k)
            """, [n_events, ACTORS, ACTORS, CONTEXTS])
        con.execute("""
            INSERT INTO documents (doc_id, content_hash, url, source, title, date, lang, raw_text, clean_text,
                cluster_id, n_sentences, n_events, n_quotes, ingested_at)
            SELECT doc_id, md5(doc_id), any_value(url), 'bench.id', 'Berita ' || doc_id, any_value(pub_date), 'id',
                   'kalimat bukti sintetis', 'kalimat bukti sintetis', any_value(cluster_id), 1, count(*), 0,
                   now()::TIMESTAMP
            FROM events GROUP BY doc_id""")
        con.execute("CHECKPOINT")


def measure(client: TestClient, url: str, params: dict, n: int) -> tuple[float, float, int]:
    """p50 and p99 latency in milliseconds over ``n`` requests (after one warm-up), and the rows returned."""
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    rows = len(response.json()["items"])
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, params=params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
    return statistics.median(times), p99, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench_api.duckdb"))
    parser.add_argument("--reuse", action="store_true", help="Keep an existing store file of the same size.")
    args = parser.parse_args()
    if not (args.reuse and args.db.exists()):
        started = time.perf_counter()
        generate(args.db, args.events)
        print(f"generated {args.db} in {time.perf_counter() - started:.1f} s")
    with Store(args.db, read_only=True) as store:
        counts = store.counts()
        print(f"store: {counts['events']:,} events, {counts['documents']:,} documents")
        cases = [
            ("event list, newest 50", "/api/events", {"limit": 50}),
            ("event list, page 20 of actor RUS", "/api/events", {"actor": "RUS", "limit": 50, "offset": 950}),
            ("event list, RUS->PRK AGREE in 2025", "/api/events",
             {"actor": "RUS", "recipient": "PRK", "type": "AGREE", "since": "2025-01-01", "until": "2025-12-31"}),
            ("event list as CSV, 500 rows", "/api/events", {"limit": 500, "format": "csv"}),
            ("dyad series RUS-PRK per month", "/api/dyads/series", {"actor": "RUS", "recipient": "PRK"}),
            ("dyad series RUS-PRK per week by context, stories", "/api/dyads/series",
             {"actor": "RUS", "recipient": "PRK", "interval": "week", "by": "context", "count": "stories"}),
            ("dyad series CHN-PHL per day, military", "/api/dyads/series",
             {"actor": "CHN", "recipient": "PHL", "interval": "day", "context": "military"}),
        ]
        with TestClient(create_app(store)) as client:
            print(f"{'request':52} {'p50 ms':>8} {'p99 ms':>8} {'rows':>6}")
            for name, url, params in cases:
                if params.get("format") == "csv":
                    p50, p99, rows = _measure_csv(client, url, params, args.requests)
                else:
                    p50, p99, rows = measure(client, url, params, args.requests)
                print(f"{name:52} {p50:8.1f} {p99:8.1f} {rows:6}")


def _measure_csv(client: TestClient, url: str, params: dict, n: int) -> tuple[float, float, int]:
    times = []
    for _ in range(n + 1):
        started = time.perf_counter()
        response = client.get(url, params=params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times = sorted(times[1:])
    return statistics.median(times), times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))], \
        response.text.count("\n") - 1


if __name__ == "__main__":
    main()
