"""The dashboard: server-rendered pages over the same store and queries as the API (no third-party JS).

Pages: overview, event list with filters, article view with the evidence and trigger highlighted,
dyad view (cooperation vs conflict chart, by context and actor sector), actor view, alerts and search.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from sorot.analytics.countries import country_names
from sorot.analytics.dyads import (
    INTERVALS,
    SeriesQuery,
    dyad_events,
    dyad_series,
    list_quotes,
    top_actors,
    top_dyads,
    top_speakers,
)
from sorot.api.app import (
    CODE,
    ID,
    Code,
    Count,
    Day,
    Db,
    Limit,
    Offset,
    Word,
    actor_profile,
    alert_rows,
    event_filter,
    get_document,
    iso_day,
    search_documents,
)
from sorot.store.queries import list_events, store_stats
from sorot.web.charts import coop_conflict_chart
from sorot.web.highlight import find_all, segments

PAGE = 50

_env = Environment(loader=PackageLoader("sorot.web", "templates"), autoescape=select_autoescape(default=True),
                   trim_blocks=True, lstrip_blocks=True)
templates = Jinja2Templates(env=_env)
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status_code=status, status=status, message=message)


def mount_dashboard(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(packages=[("sorot.web", "static")]), name="static")
    app.include_router(router)


def _who(codes: list[str] | None) -> str:
    return ", ".join(codes or []) or "—"


_env.filters["who"] = _who
_env.filters["country"] = lambda code: country_names().get(code, "")


@router.get("/")
def overview(request: Request, db: Db) -> Response:
    stats = store_stats(db)
    return render(request, "index.html", stats=stats, dyads=top_dyads(db, limit=10, directed=False),
                  actors=top_actors(db, limit=10), alerts=alert_rows(request, db)[:8],
                  speakers=top_speakers(db, limit=10))


@router.get("/events")
def events_page(request: Request, db: Db, actor: Code = None, recipient: Code = None, type: Word = None,
                context: Word = None, since: Day = None, until: Day = None, all_modalities: bool = False,
                offset: Offset = 0) -> Response:
    flt = event_filter(actor=actor, recipient=recipient, type=type, context=context, since=since, until=until,
                       all_modalities=all_modalities)
    rows = list_events(db, flt, limit=PAGE, offset=offset)
    form = {"actor": actor or "", "recipient": recipient or "", "type": type or "", "context": context or "",
            "since": iso_day(since) or "", "until": iso_day(until) or ""}
    return render(request, "events.html", events=rows, form=form, all_modalities=all_modalities, offset=offset,
                  page=PAGE, has_next=len(rows) == PAGE)


@router.get("/doc/{doc_id:path}")
def document_page(request: Request, db: Db, doc_id: Annotated[str, PathParam(pattern=ID)],
                  event: Annotated[int | None, Query(ge=0, le=100_000)] = None) -> Response:
    doc = get_document(db, doc_id)
    text = doc["clean_text"] or doc["raw_text"] or ""
    chosen = next((e for e in doc["events"] if e["idx"] == event), None)
    if event is not None and chosen is None:
        raise HTTPException(404, f"document {doc_id!r} has no event {event}")
    spans = [(q["start"], q["end"], "quote", "") for q in doc["quotes"]]
    if chosen:
        spans += [(chosen["evidence_start"], chosen["evidence_end"], "evidence", "evidence"),
                  (chosen["trigger_start"], chosen["trigger_end"], "trigger", "")]
    else:
        spans += [(e["evidence_start"], e["evidence_end"], "evidence-all", "") for e in doc["events"]]
    return render(request, "document.html", doc=doc, parts=segments(text, spans), chosen=chosen)


@router.get("/dyad")
def dyad_page(request: Request, db: Db, actor: Annotated[str, Query(pattern=CODE)] = "RUS",
              recipient: Annotated[str, Query(pattern=CODE)] = "PRK",
              interval: Annotated[Literal[INTERVALS], Query()] = "month",  # type: ignore[valid-type]
              context: Word = None, count: Count = "reports", since: Day = None, until: Day = None,
              offset: Offset = 0) -> Response:
    actor, recipient = actor.upper(), recipient.upper()
    flt = event_filter(context=context, since=since, until=until)
    series = dyad_series(db, SeriesQuery(actor, recipient, interval=interval, count=count, filter=flt))
    by_context = dyad_series(db, SeriesQuery(actor, recipient, interval="year", by=("context",), count=count,
                                             filter=event_filter(since=since, until=until)))
    contexts = _totals(by_context, "context")
    by_sector = dyad_series(db, SeriesQuery(actor, recipient, interval="year", by=("actor_sector",), count=count,
                                            filter=flt))
    sectors = _totals(by_sector, "actor_sector")
    rows = dyad_events(db, actor, recipient, flt, limit=PAGE, offset=offset)
    form = {"actor": actor, "recipient": recipient, "interval": interval, "context": context or "", "count": count,
            "since": iso_day(since) or "", "until": iso_day(until) or ""}
    return render(request, "dyad.html", form=form, series=series, chart=coop_conflict_chart(series, interval),
                  contexts=contexts, sectors=sectors, events=rows, intervals=INTERVALS, offset=offset, page=PAGE,
                  has_next=len(rows) == PAGE)


def _totals(rows: list[dict[str, Any]], group: str) -> list[dict[str, Any]]:
    """Yearly rows of one grouping summed over the years, busiest group first."""
    totals: dict[str, dict[str, Any]] = {}
    for r in rows:
        name = r[group] or "none"
        t = totals.setdefault(name, {"name": name, "events": 0, "cooperation": 0, "conflict": 0})
        for key in ("events", "cooperation", "conflict"):
            t[key] += r[key]
    return sorted(totals.values(), key=lambda t: (-t["events"], t["name"]))


@router.get("/actor/{code}")
def actor_page(request: Request, db: Db, code: Annotated[str, PathParam(pattern=CODE)], since: Day = None,
               until: Day = None) -> Response:
    profile = actor_profile(db, code, event_filter(since=since, until=until), limit=PAGE)
    quotes = list_quotes(db, speaker=code, limit=PAGE)
    return render(request, "actor.html", actor=profile, quotes=quotes)


@router.get("/alerts")
def alerts_page(request: Request, db: Db,
                severity: Annotated[Literal["info", "warning", "high"] | None, Query()] = None,
                offset: Offset = 0) -> Response:
    rows = alert_rows(request, db, severity=severity)
    return render(request, "alerts.html", alerts=rows[offset:offset + PAGE], total=len(rows), severity=severity or "",
                  offset=offset, page=PAGE, has_next=offset + PAGE < len(rows),
                  watchlist=request.app.state.watchlist)


@router.get("/search")
def search_page(request: Request, db: Db, q: Annotated[str, Query(max_length=200)] = "",
                limit: Limit = 20, offset: Offset = 0) -> Response:
    q = q.strip()
    hits = []
    if len(q) >= 2:
        for row in search_documents(db, q, limit=limit, offset=offset):
            snippet = row["snippet_text"] or ""
            row["parts"] = segments(snippet, [(s, e, "hit", "") for s, e in find_all(snippet, q)])
            hits.append(row)
    return render(request, "search.html", q=q, hits=hits, offset=offset, page=limit, has_next=len(hits) == limit,
                  too_short=0 < len(q) < 2)
