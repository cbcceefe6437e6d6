"""Aggregates over the events table in DuckDB SQL: dyad time series, top dyads, top actors, top quotes.

Counting has two modes. ``reports`` counts every coded event row; ``stories`` counts each story
cluster once (``cluster_id``; until near-duplicate clustering fills it, every document is its own
cluster), so a wire story reprinted by ten outlets weighs like one report. Scores in story mode are
averaged within the cluster first, then summed or averaged over clusters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sorot.store.queries import EventFilter, QuoteFilter

INTERVALS = ("day", "week", "month", "quarter", "year")
MAX_SERIES_ROWS = 20_000  # a day-by-type-by-context series over years stays readable and bounded
COUNT_MODES = ("reports", "stories")
# Grouping dimensions of a series; an event with several contexts counts once in each.
GROUPS: dict[str, str] = {
    "type": "type",
    "quad": "quad",
    "mode": "coalesce(mode, '')",
    "context": "unnest(CASE WHEN len(contexts) = 0 THEN ['none'] ELSE contexts END)",
    "actor_sector": "actor_sector",
    "recipient_sector": "recipient_sector",
    "direction": "actor_code || '>' || recipient_code",
}

_MEASURES = """count(*) AS events,
    count(*) FILTER (WHERE quad = 1) AS verbal_coop,
    count(*) FILTER (WHERE quad = 2) AS material_coop,
    count(*) FILTER (WHERE quad = 3) AS verbal_conflict,
    count(*) FILTER (WHERE quad = 4) AS material_conflict,
    count(*) FILTER (WHERE quad IN (1, 2)) AS cooperation,
    count(*) FILTER (WHERE quad IN (3, 4)) AS conflict,
    round(sum(g), 3) AS goldstein_sum, round(avg(g), 3) AS goldstein_mean,
    round(sum(p), 3) AS plover_sum, round(avg(p), 3) AS plover_mean"""


@dataclass(slots=True)
class SeriesQuery:
    """One dyad's time series: who, how often per period, grouped by what, counted how."""

    actor: str
    recipient: str
    interval: str = "month"
    by: tuple[str, ...] = ()
    count: str = "reports"
    directed: bool = False
    filter: EventFilter | None = None
    limit: int = MAX_SERIES_ROWS

    def check(self) -> None:
        if self.interval not in INTERVALS:
            raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
        check_count(self.count)
        unknown = [b for b in self.by if b not in GROUPS]
        if unknown:
            raise ValueError(f"unknown grouping {unknown[0]!r}; use {', '.join(GROUPS)}")


def dyad_clause(actor: str, recipient: str, directed: bool) -> tuple[str, list[Any]]:
    """SQL matching events between two actors (either direction unless ``directed``)."""
    a, r = actor.upper(), recipient.upper()
    clause = "(list_contains(actor_codes, ?) AND list_contains(recipient_codes, ?))"
    if directed:
        return clause, [a, r]
    return f"({clause} OR {clause})", [a, r, r, a]


def _units(where: str, keys: list[tuple[str, str]], count: str) -> str:
    """The rows to count: every event, or one row per story cluster, event type and key."""
    cols = ", ".join(f"{expr} AS {name}" for name, expr in keys)
    names = ", ".join(name for name, _ in keys)
    base = (f"SELECT {cols}, cluster_id, type AS unit_type, quad, goldstein AS g, plover_score AS p "
            f"FROM events WHERE {where}")
    if count == "reports":
        return base
    return (f"SELECT {names}, cluster_id, unit_type, quad, avg(g) AS g, avg(p) AS p "
            f"FROM ({base}) GROUP BY {names}, cluster_id, unit_type, quad")


def dyad_series(store: Any, q: SeriesQuery) -> list[dict[str, Any]]:
    """Per period (and group): counts by quad class, cooperation/conflict, Goldstein and PLOVER sums and means."""
    q.check()
    where, params = (q.filter or EventFilter()).where()
    clause, dyad_params = dyad_clause(q.actor, q.recipient, q.directed)
    keys = [("period", f"CAST(date_trunc('{q.interval}', date) AS DATE)"), *((b, GROUPS[b]) for b in q.by)]
    names = ", ".join(name for name, _ in keys)
    sql = (f"SELECT {names}, {_MEASURES} FROM ({_units(f'{where} AND date IS NOT NULL AND {clause}', keys, q.count)})"
           f" GROUP BY {names} ORDER BY {names} LIMIT ?")
    return store.query(sql, [*params, *dyad_params, q.limit])


def pairs_sql(where: str, *, directed: bool = True) -> str:
    """Events expanded to one row per (actor code, recipient code) pair, self-pairs dropped.

    Actor and recipient code lists hold distinct codes, so each directed pair occurs once per event and
    ``count(*)`` counts events. Undirected, an event naming two actors on both sides would give the pair
    twice; the mirrored row is dropped.
    """
    mirror = "" if directed else \
        " AND NOT (a > r AND list_contains(actor_codes, r) AND list_contains(recipient_codes, a))"
    return (f"SELECT * FROM (SELECT *, unnest(recipient_codes) AS r FROM "
            f"(SELECT event_id, cluster_id, type, quad, goldstein, actor_codes, recipient_codes, "
            f"unnest(actor_codes) AS a FROM events WHERE {where})) WHERE a <> r{mirror}")


def check_count(count: str) -> None:
    if count not in COUNT_MODES:
        raise ValueError(f"count must be one of {', '.join(COUNT_MODES)}")


def count_expr(count: str, where: str = "") -> str:
    """Count rows (reports) or distinct story clusters (one per cluster and type), optionally filtered."""
    check_count(count)
    total = "count(*)" if count == "reports" else "count(DISTINCT hash(cluster_id, type))"
    return total + (f" FILTER (WHERE {where})" if where else "")


def top_dyads(store: Any, flt: EventFilter | None = None, *, limit: int = 20, offset: int = 0,
              count: str = "reports", directed: bool = True) -> list[dict[str, Any]]:
    """The busiest actor–recipient pairs with their cooperation/conflict balance (scores summed per report)."""
    where, params = (flt or EventFilter()).where()
    a, r = ("a", "r") if directed else ("least(a, r)", "greatest(a, r)")
    sql = (f"SELECT {a} AS actor, {r} AS recipient, {count_expr(count)} AS events, "
           f"{count_expr(count, 'quad IN (1, 2)')} AS cooperation, {count_expr(count, 'quad IN (3, 4)')} AS conflict, "
           "round(sum(goldstein), 3) AS goldstein_sum, round(avg(goldstein), 3) AS goldstein_mean "
           f"FROM ({pairs_sql(where, directed=directed)}) GROUP BY 1, 2 "
           "ORDER BY events DESC, actor, recipient LIMIT ? OFFSET ?")
    return store.query(sql, [*params, limit, offset])


def top_actors(store: Any, flt: EventFilter | None = None, *, limit: int = 20, offset: int = 0,
               count: str = "reports") -> list[dict[str, Any]]:
    """Actors by how many events they take part in, as actor or as recipient."""
    base = replace(flt or EventFilter(), actor=None, recipient=None)
    where, params = base.where()
    check_count(count)
    if count == "reports":  # code lists are distinct: rows count events, less those naming the code on both sides
        events = "count(*) - count(*) FILTER (WHERE is_actor AND list_contains(other, code))"
        as_actor, as_recipient = "count(*) FILTER (WHERE is_actor)", "count(*) FILTER (WHERE NOT is_actor)"
    else:
        events = "count(DISTINCT unit)"
        as_actor, as_recipient = "count(DISTINCT unit) FILTER (WHERE is_actor)", \
            "count(DISTINCT unit) FILTER (WHERE NOT is_actor)"
    sql = f"""
        WITH ev AS (SELECT actor_codes, recipient_codes, goldstein, hash(cluster_id, type) AS unit
                    FROM events WHERE {where}),
        roles AS (
            SELECT unnest(actor_codes) AS code, true AS is_actor, recipient_codes AS other, goldstein, unit FROM ev
            UNION ALL
            SELECT unnest(recipient_codes), false, actor_codes, goldstein, unit FROM ev)
        SELECT code, {events} AS events, {as_actor} AS as_actor, {as_recipient} AS as_recipient,
               round(avg(goldstein), 3) AS goldstein_mean
        FROM roles WHERE code <> '' GROUP BY code ORDER BY events DESC, code LIMIT ? OFFSET ?"""
    return store.query(sql, [*params, limit, offset])


def partners(store: Any, code: str, flt: EventFilter | None = None, *, limit: int = 20) -> list[dict[str, Any]]:
    """Who an actor deals with, in either direction, with the cooperation/conflict balance."""
    where, params = replace(flt or EventFilter(), actor=None, recipient=None).where()
    code = code.upper()
    sql = (f"SELECT CASE WHEN a = ? THEN r ELSE a END AS partner, count(*) AS events, "
           "count(*) FILTER (WHERE a = ?) AS outgoing, count(*) FILTER (WHERE r = ?) AS incoming, "
           "count(*) FILTER (WHERE quad IN (1, 2)) AS cooperation, count(*) FILTER (WHERE quad IN (3, 4)) AS conflict, "
           f"round(avg(goldstein), 3) AS goldstein_mean FROM ({pairs_sql(where, directed=False)}) WHERE a = ? OR r = ? "
           "GROUP BY 1 ORDER BY events DESC, partner LIMIT ?")
    return store.query(sql, [code, code, code, *params, code, code, limit])


def list_quotes(store: Any, *, speaker: str | None = None, since: str | None = None, until: str | None = None,
                doc_id: str | None = None, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Quotes newest first, optionally of one speaker (actor code or name substring)."""
    where, params = QuoteFilter(speaker=speaker, since=since, until=until, doc_id=doc_id).where()
    return store.query(f"SELECT * FROM quotes WHERE {where} ORDER BY pub_date DESC NULLS LAST, doc_id, idx "
                       "LIMIT ? OFFSET ?", [*params, limit, offset])


def top_quotes(store: Any, *, speaker: str | None = None, since: str | None = None, until: str | None = None,
               limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """The most repeated quotes: the same words reported by the most documents."""
    where, params = QuoteFilter(speaker=speaker, since=since, until=until).where()
    return store.query(
        "SELECT any_value(text) AS text, list_sort(list_distinct(list(speaker))) AS speakers, "
        "any_value(speaker_code) AS speaker_code, count(DISTINCT doc_id) AS documents, min(pub_date) AS first_date, "
        f"max(pub_date) AS last_date, min(quote_id) AS quote_id FROM quotes WHERE {where} "
        "GROUP BY lower(regexp_replace(text, '\\s+', ' ', 'g')) "
        "ORDER BY documents DESC, last_date DESC NULLS LAST, quote_id LIMIT ? OFFSET ?", [*params, limit, offset])


def top_speakers(store: Any, *, limit: int = 20) -> list[dict[str, Any]]:
    """Who is quoted most."""
    return store.query(
        "SELECT speaker, speaker_code, speaker_sector, count(*) AS quotes, count(DISTINCT doc_id) AS documents "
        "FROM quotes WHERE speaker <> '' GROUP BY ALL ORDER BY quotes DESC, speaker LIMIT ?", [limit])


def dyad_events(store: Any, actor: str, recipient: str, flt: EventFilter | None = None, *, directed: bool = False,
                limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """The events between two actors (either direction unless ``directed``), newest first."""
    where, params = (flt or EventFilter()).where()
    clause, dyad_params = dyad_clause(actor, recipient, directed)
    return store.query(f"SELECT * FROM events WHERE {where} AND {clause} "
                       "ORDER BY date DESC NULLS LAST, doc_id, idx LIMIT ? OFFSET ?",
                       [*params, *dyad_params, limit, offset])
