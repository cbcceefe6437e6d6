"""Watchlists: user-editable alert rules (YAML) evaluated in SQL over the store, with stored state.

A rule either matches single events, counts matching events in a sliding window of days and fires
when the count first rises above a threshold, or takes the per-document alerts of the pipeline
(builtin ``document-alerts``, e.g. the UN-sanctions rule). Each alert has a stable key, so
``sorot alerts`` can list only the alerts that are new since its last run (table ``watch_alerts``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from sorot.analytics.dyads import COUNT_MODES
from sorot.model import MODALITIES, SOFT_MODALITIES

SEVERITIES = ("info", "warning", "high")
BUILTINS = ("document-alerts",)
DEFAULT_MODALITIES = tuple(m for m in MODALITIES if m not in SOFT_MODALITIES)
MAX_WINDOW_DAYS = 366
MAX_ALERTS_PER_RULE = 10_000  # a rule matching more than this is too broad to read; its newest alerts are kept

# The state table, owned by the analytics package (not part of the pipeline's schema).
WATCH_TABLE = "watch_alerts"
WATCH_COLUMNS: list[tuple[str, str]] = [
    ("alert_key", "VARCHAR"), ("rule", "VARCHAR"), ("severity", "VARCHAR"), ("date", "DATE"), ("actor", "VARCHAR"),
    ("recipient", "VARCHAR"), ("count", "INTEGER"), ("why", "VARCHAR"), ("doc_id", "VARCHAR"),
    ("event_id", "VARCHAR"), ("first_seen", "TIMESTAMP"),
]
_ARROW = {"VARCHAR": pa.string(), "DATE": pa.date32(), "INTEGER": pa.int32(), "TIMESTAMP": pa.timestamp("us")}
WATCH_DDL = (f"CREATE TABLE IF NOT EXISTS {WATCH_TABLE} ("
             + ", ".join(f'"{n}" {t}' for n, t in WATCH_COLUMNS) + ", PRIMARY KEY (alert_key))")


class WatchlistError(ValueError):
    """A watchlist file that cannot be used, with the rule and field at fault."""


def _codes(value: Any, name: str, rule: str, *, upper: bool = True) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
        raise WatchlistError(f"rule {rule!r}: {name} must be a string or a list of strings")
    return tuple(v.upper() if upper else v for v in items)


@dataclass(slots=True)
class Rule:
    name: str
    severity: str = "info"
    description: str = ""
    builtin: str = ""
    match_rule: str = ""
    actors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    either_direction: bool = False
    types: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    modalities: tuple[str, ...] = DEFAULT_MODALITIES
    min_confidence: float = 0.0
    more_than: int | None = None
    window_days: int = 1
    per_dyad: bool = False
    count: str = "reports"

    @classmethod
    def from_yaml(cls, data: Any) -> Rule:
        if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"]:
            raise WatchlistError(f"every rule needs a name: {data!r}")
        name = data["name"]
        known = {"name", "severity", "description", "builtin", "rule", "actor", "recipient", "either_direction",
                 "type", "mode", "context", "modality", "min_confidence", "more_than", "window_days", "per_dyad",
                 "count"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise WatchlistError(f"rule {name!r}: unknown field {unknown[0]!r}")
        rule = cls(name=name, severity=str(data.get("severity", "info")), description=str(data.get("description", "")),
                   builtin=str(data.get("builtin", "")), match_rule=str(data.get("rule", "")),
                   actors=_codes(data.get("actor"), "actor", name), recipients=_codes(data.get("recipient"),
                                                                                      "recipient", name),
                   either_direction=bool(data.get("either_direction", False)),
                   types=_codes(data.get("type"), "type", name),
                   modes=_codes(data.get("mode"), "mode", name, upper=False),
                   contexts=_codes(data.get("context"), "context", name, upper=False),
                   modalities=_codes(data.get("modality"), "modality", name, upper=False) or DEFAULT_MODALITIES,
                   per_dyad=bool(data.get("per_dyad", False)), count=str(data.get("count", "reports")))
        rule._check_numbers(data)
        rule._check()
        return rule

    def _check_numbers(self, data: dict[str, Any]) -> None:
        try:
            self.min_confidence = float(data.get("min_confidence", 0.0))
            if data.get("more_than") is not None:
                self.more_than = int(data["more_than"])
            self.window_days = int(data.get("window_days", 1))
        except (TypeError, ValueError) as exc:
            raise WatchlistError(f"rule {self.name!r}: more_than, window_days and min_confidence are numbers") from exc

    def _check(self) -> None:
        where = f"rule {self.name!r}"
        if self.severity not in SEVERITIES:
            raise WatchlistError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
        if self.builtin and self.builtin not in BUILTINS:
            raise WatchlistError(f"{where}: unknown builtin {self.builtin!r} (known: {', '.join(BUILTINS)})")
        if self.count not in COUNT_MODES:
            raise WatchlistError(f"{where}: count must be one of {', '.join(COUNT_MODES)}")
        bad = [m for m in self.modalities if m not in MODALITIES]
        if bad:
            raise WatchlistError(f"{where}: unknown modality {bad[0]!r}")
        if self.more_than is not None and self.more_than < 0:
            raise WatchlistError(f"{where}: more_than must be 0 or more")
        if not 1 <= self.window_days <= MAX_WINDOW_DAYS:
            raise WatchlistError(f"{where}: window_days must be between 1 and {MAX_WINDOW_DAYS}")

    def event_where(self) -> tuple[str, list[Any]]:
        """SQL over the events table selecting the events this rule is about."""
        clauses = ["date IS NOT NULL", "list_contains(?, modality)", "confidence >= ?"]
        params: list[Any] = [list(self.modalities), self.min_confidence]
        for column, values in (("type", self.types), ("mode", self.modes)):
            if values:
                clauses.append(f"list_contains(?, {column})")
                params.append(list(values))
        if self.contexts:
            clauses.append("list_has_any(contexts, ?)")
            params.append(list(self.contexts))
        if self.actors or self.recipients:
            forward, fparams = _sides(self.actors, self.recipients)
            if self.either_direction:
                backward, bparams = _sides(self.recipients, self.actors)
                clauses.append(f"(({forward}) OR ({backward}))")
                params += fparams + bparams
            else:
                clauses.append(forward)
                params += fparams
        return " AND ".join(clauses), params


def _sides(actors: tuple[str, ...], recipients: tuple[str, ...]) -> tuple[str, list[Any]]:
    clauses, params = ["TRUE"], []
    if actors:
        clauses.append("list_has_any(actor_codes, ?)")
        params.append(list(actors))
    if recipients:
        clauses.append("list_has_any(recipient_codes, ?)")
        params.append(list(recipients))
    return " AND ".join(clauses), params


@dataclass(slots=True)
class Watchlist:
    rules: list[Rule] = field(default_factory=list)
    path: str = ""


def default_watchlist_path() -> Path:
    return Path(str(resources.files("sorot.analytics").joinpath("data/watchlist.yaml")))


def load_watchlist(path: str | Path | None = None) -> Watchlist:
    """Read and check a watchlist file (the shipped default when ``path`` is None)."""
    source = Path(path) if path else default_watchlist_path()
    try:
        data = yaml.safe_load(source.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WatchlistError(f"cannot read watchlist {source}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise WatchlistError(f"{source}: a watchlist is a mapping with a list under 'rules'")
    rules = [Rule.from_yaml(r) for r in data["rules"]]
    names = [r.name for r in rules]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise WatchlistError(f"{source}: rule name {duplicates[0]!r} is used twice")
    return Watchlist(rules=rules, path=str(source))


def _event_alerts(store: Any, rule: Rule, limit: int) -> list[dict[str, Any]]:
    where, params = rule.event_where()
    return store.query(
        f"SELECT ? || ':' || event_id AS alert_key, ? AS rule, ? AS severity, date, actor_code AS actor, "
        "recipient_code AS recipient, 1 AS count, type || coalesce('/' || mode, '') || ': ' || evidence AS why, "
        f"doc_id, event_id FROM events WHERE {where} ORDER BY date DESC, event_id DESC LIMIT ?",
        [rule.name, rule.name, rule.severity, *params, limit])


def _threshold_alerts(store: Any, rule: Rule, limit: int) -> list[dict[str, Any]]:
    where, params = rule.event_where()
    if rule.per_dyad:  # pairs of first actor and first recipient; events without a recipient form no pair
        a, r = ("least(actor_code, recipient_code)", "greatest(actor_code, recipient_code)") \
            if rule.either_direction else ("actor_code", "recipient_code")
        where += " AND coalesce(actor_code, '') <> '' AND coalesce(recipient_code, '') <> ''"
    else:
        a = r = "''"
    unit = "event_id" if rule.count == "reports" else "hash(cluster_id, type)"
    days = int(rule.window_days)
    sql = f"""
        WITH m AS (SELECT {a} AS a, {r} AS r, date, {unit} AS unit, event_id, doc_id FROM events WHERE {where}),
        ends AS (SELECT DISTINCT a, r, date FROM m),
        win AS (SELECT e.a, e.r, e.date AS window_end, count(DISTINCT m.unit) AS n,
                       max_by(m.event_id, m.date) AS event_id, max_by(m.doc_id, m.date) AS doc_id
                FROM ends e JOIN m ON m.a = e.a AND m.r = e.r AND m.date > e.date - {days} AND m.date <= e.date
                GROUP BY ALL),
        flagged AS (SELECT *, lag(n) OVER w AS prev_n, lag(window_end) OVER w AS prev_end FROM win
                    WINDOW w AS (PARTITION BY a, r ORDER BY window_end))
        SELECT ? || ':' || a || '-' || r || ':' || strftime(window_end, '%Y-%m-%d') AS alert_key, ? AS rule,
               ? AS severity, window_end AS date, a AS actor, r AS recipient, n AS count,
               n || ' events in ' || {days} || ' days to ' || strftime(window_end, '%Y-%m-%d') || ' (more than '
                 || ? || ')' AS why, doc_id, event_id
        FROM flagged
        WHERE n > ? AND (prev_n IS NULL OR prev_n <= ? OR window_end - prev_end >= {days})
        ORDER BY date DESC, a, r LIMIT ?"""
    n = rule.more_than
    rows = store.query(sql, [*params, rule.name, rule.name, rule.severity, n, n, n, limit])
    if not rule.per_dyad:  # the window counts the rule's actors together: name them, not a pair
        for row in rows:
            row.update(alert_key=f"{rule.name}:{row['date']:%Y-%m-%d}", actor=",".join(rule.actors),
                       recipient=",".join(rule.recipients))
    return rows


def _document_alerts(store: Any, rule: Rule, limit: int) -> list[dict[str, Any]]:
    clause, params = ("rule = ?", [rule.match_rule]) if rule.match_rule else ("TRUE", [])
    return store.query(
        "SELECT ? || ':' || alert_id AS alert_key, ? AS rule, ? AS severity, pub_date AS date, partner AS actor, "
        f"state AS recipient, 1 AS count, why, doc_id, event_id FROM alerts WHERE {clause} "
        "ORDER BY pub_date DESC, alert_id DESC LIMIT ?", [rule.name, rule.name, rule.severity, *params, limit])


def evaluate(store: Any, watchlist: Watchlist, *, per_rule: int = MAX_ALERTS_PER_RULE) -> list[dict[str, Any]]:
    """The alerts the rules raise over the whole store (the newest ``per_rule`` of each rule), newest first."""
    found: list[dict[str, Any]] = []
    for rule in watchlist.rules:
        if rule.builtin == "document-alerts":
            found += _document_alerts(store, rule, per_rule)
        elif rule.more_than is None:
            found += _event_alerts(store, rule, per_rule)
        else:
            found += _threshold_alerts(store, rule, per_rule)
    found.sort(key=lambda x: (x["date"] or dt.date.min, x["alert_key"]), reverse=True)
    return found


def has_state(store: Any) -> bool:
    rows = store.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ?", [WATCH_TABLE])
    return bool(rows[0]["n"])


def seen_keys(store: Any) -> set[str]:
    if not has_state(store):
        return set()
    return {r["alert_key"] for r in store.query(f"SELECT alert_key FROM {WATCH_TABLE}")}


def record_new(store: Any, alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Store the alerts not seen before and return them (needs a writable store)."""
    store.con.execute(WATCH_DDL)
    seen = seen_keys(store)
    new = [a for a in alerts if a["alert_key"] not in seen]
    if new:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        names = [n for n, _ in WATCH_COLUMNS]
        table = pa.Table.from_pylist([{**{k: a.get(k) for k in names}, "first_seen": now} for a in new],
                                     schema=pa.schema([(n, _ARROW[t]) for n, t in WATCH_COLUMNS]))
        store.con.register("_new_alerts", table)
        try:
            store.con.execute(f"INSERT INTO {WATCH_TABLE} SELECT * FROM _new_alerts")
        finally:
            store.con.unregister("_new_alerts")
    return new

