"""Read queries over the store shared by the CLI, the API and the dashboard (parameterised SQL only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sorot.model import SOFT_MODALITIES


@dataclass(slots=True)
class EventFilter:
    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    context: str | None = None
    since: str | None = None
    until: str | None = None
    doc_id: str | None = None
    all_modalities: bool = False
    include_optional: bool = True

    def where(self) -> tuple[str, list[Any]]:
        """A SQL WHERE clause over the events table and its parameters."""
        clauses, params = ["TRUE"], []
        if self.actor:
            clauses.append("list_contains(actor_codes, ?)")
            params.append(self.actor.upper())
        if self.recipient:
            clauses.append("list_contains(recipient_codes, ?)")
            params.append(self.recipient.upper())
        if self.type:
            clauses.append("type = ?")
            params.append(self.type.upper())
        if self.context:
            clauses.append("list_contains(contexts, ?)")
            params.append(self.context)
        if self.since:
            clauses.append("date >= CAST(? AS DATE)")
            params.append(self.since)
        if self.until:
            clauses.append("date <= CAST(? AS DATE)")
            params.append(self.until)
        if self.doc_id:
            clauses.append("doc_id = ?")
            params.append(self.doc_id)
        if not self.all_modalities:
            clauses.append("NOT list_contains(?, modality)")
            params.append(sorted(SOFT_MODALITIES))
        if not self.include_optional:
            clauses.append("NOT optional")
        return " AND ".join(clauses), params


def like_escape(text: str) -> str:
    """Escape LIKE wildcards so user text matches literally (used with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(slots=True)
class QuoteFilter:
    """Filters over the quotes table, shared by the CLI, the API and the analytics."""

    speaker: str | None = None  # a code (RUS) or part of the speaker's name or role as written
    actor: str | None = None  # the speaker's code only
    since: str | None = None
    until: str | None = None
    text: str | None = None
    doc_id: str | None = None
    direct_only: bool = False

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = ["TRUE"], []
        if self.speaker:
            clauses.append("(speaker_code = ? OR speaker ILIKE ? ESCAPE '\\' OR speaker_name ILIKE ? ESCAPE '\\')")
            pattern = f"%{like_escape(self.speaker)}%"
            params += [self.speaker.upper(), pattern, pattern]
        if self.actor:
            clauses.append("speaker_code = ?")
            params.append(self.actor.upper())
        if self.since:
            clauses.append("pub_date >= CAST(? AS DATE)")
            params.append(self.since)
        if self.until:
            clauses.append("pub_date <= CAST(? AS DATE)")
            params.append(self.until)
        if self.text:
            clauses.append("text ILIKE ? ESCAPE '\\'")
            params.append(f"%{like_escape(self.text)}%")
        if self.doc_id:
            clauses.append("doc_id = ?")
            params.append(self.doc_id)
        if self.direct_only:
            clauses.append("direct")
        return " AND ".join(clauses), params


def list_events(store: Any, flt: EventFilter, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    where, params = flt.where()
    return store.query(f"SELECT * EXCLUDE (lang, url) FROM events WHERE {where} "
                       "ORDER BY date DESC NULLS LAST, doc_id, idx LIMIT ? OFFSET ?", [*params, limit, offset])


def store_stats(store: Any) -> dict[str, Any]:
    return {
        "tables": store.counts(),
        "languages": store.query("SELECT lang, count(*) AS documents FROM documents GROUP BY lang ORDER BY 2 DESC"),
        "event_types": store.query(
            "SELECT type, count(*) AS events, round(avg(goldstein), 2) AS mean_goldstein FROM events "
            "WHERE NOT optional GROUP BY type ORDER BY 2 DESC"),
        "dyads": store.query(
            "SELECT actor_code AS actor, recipient_code AS recipient, count(*) AS events, "
            "round(sum(goldstein), 1) AS goldstein FROM events WHERE NOT optional AND recipient_code <> '' "
            "GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10"),
        "runs": store.query(
            "SELECT run_id, status, n_read AS read, n_stored AS stored, n_unchanged AS unchanged, "
            "n_errors AS errors FROM runs ORDER BY started_at DESC LIMIT 5"),
    }
