"""The REST API and the dashboard in one FastAPI app over a store (DuckDB file or Parquet directory).

Read-only unless an ingest token is configured. Every query goes through parameters; page sizes,
offsets, search terms and request bodies are bounded; bad parameters get a 4xx that says what is
wrong. Each request reads through its own cursor, so concurrent requests never share one.
"""

from __future__ import annotations

import csv
import datetime as dt
import hmac
import io
import json
import logging
import threading
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import duckdb
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sorot.analytics.dyads import (
    GROUPS,
    INTERVALS,
    SeriesQuery,
    dyad_series,
    list_quotes,
    partners,
    top_actors,
    top_dyads,
    top_quotes,
)
from sorot.analytics.network import actor_network, to_graphml
from sorot.analytics.source import Reader
from sorot.analytics.watchlists import Watchlist, load_watchlist, seen_keys
from sorot.api.alert_cache import AlertCache
from sorot.ingest.base import read_records
from sorot.runner import ingest_documents
from sorot.store.queries import EventFilter, like_escape, list_events, store_stats

log = logging.getLogger("sorot.api")

MAX_PAGE = 500
MAX_OFFSET = 100_000
MAX_BODY_BYTES = 2_000_000
MAX_INGEST_DOCUMENTS = 100
SEARCH_SCAN_DOCUMENTS = 200_000  # search looks at the most recent documents only, so a scan stays bounded
SNIPPET_CHARS = 160
INGEST_SOURCE = "POST /api/ingest"  # names posted documents in error records and the run log
CODE = r"^[A-Za-z0-9_.-]{1,32}$"
WORD = r"^[A-Za-z0-9_-]{1,40}$"
ID = r"^[^\x00-\x1f]{1,300}$"

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}

Code = Annotated[str | None, Query(pattern=CODE, description="Actor code, e.g. RUS")]
Word = Annotated[str | None, Query(pattern=WORD)]
Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Format = Annotated[Literal["json", "csv"], Query()]
Count = Annotated[Literal["reports", "stories"], Query(description="count every report or each story once")]


class BodyLimit:
    """Reject request bodies above a size, whether or not they declare a Content-Length."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _too_large(send, self.max_bytes)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge:
            await _too_large(send, self.max_bytes)


class HeadAsGet:
    """Answer HEAD as GET without the body (the routes declare GET only), for link checkers and monitors."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b"", "more_body": message.get("more_body", False)}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"request body larger than {limit} bytes"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def reader(request: Request) -> Iterator[Reader]:
    r = Reader(request.app.state.store)
    try:
        yield r
    finally:
        r.close()


Db = Annotated[Reader, Depends(reader)]


def iso_day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _csv_value(value: Any) -> Any:
    """A CSV cell; text a spreadsheet would run as a formula (article text is hostile) is quoted with '."""
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return "" if value is None else value


def respond(rows: list[dict[str, Any]], fmt: str = "json", *, limit: int | None = None, offset: int = 0,
            name: str = "rows") -> Response:
    """A page of rows as JSON (with paging fields) or as a CSV download."""
    if fmt == "csv":
        buf = io.StringIO()
        if rows:
            writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows({k: _csv_value(v) for k, v in row.items()} for row in rows)
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    body: dict[str, Any] = {"items": rows, "count": len(rows)}
    if limit is not None:
        body.update(limit=limit, offset=offset, next_offset=offset + limit if len(rows) == limit else None)
    return JSONResponse(jsonable_encoder(body))


def event_filter(actor: Code = None, recipient: Code = None, type: Word = None, context: Word = None,
                 since: Day = None, until: Day = None, all_modalities: bool = False,
                 include_optional: bool = True) -> EventFilter:
    if since and until and since > until:
        raise HTTPException(400, "since is after until")
    return EventFilter(actor=actor, recipient=recipient, type=type, context=context, since=iso_day(since),
                       until=iso_day(until), all_modalities=all_modalities, include_optional=include_optional)


Filter = Annotated[EventFilter, Depends(event_filter)]


def get_document(db: Reader, doc_id: str) -> dict[str, Any]:
    docs = db.query("SELECT * EXCLUDE (lang_scores, meta, removed) FROM documents WHERE doc_id = ?", [doc_id])
    if not docs:
        raise HTTPException(404, f"no document {doc_id!r}")
    doc = docs[0]
    doc["events"] = db.query("SELECT * FROM events WHERE doc_id = ? ORDER BY idx", [doc_id])
    doc["quotes"] = db.query("SELECT * FROM quotes WHERE doc_id = ? ORDER BY idx", [doc_id])
    doc["alerts"] = db.query("SELECT * FROM alerts WHERE doc_id = ? ORDER BY idx", [doc_id])
    return doc


def search_documents(db: Reader, q: str, *, limit: int, offset: int) -> list[dict[str, Any]]:
    """Documents whose title or clean text contains ``q`` (case-insensitive), newest first, with a snippet."""
    pattern = f"%{like_escape(q)}%"
    rows = db.query(
        "WITH recent AS (SELECT doc_id, title, date, source, url, clean_text FROM documents "
        "ORDER BY date DESC NULLS LAST, doc_id LIMIT ?) "
        "SELECT doc_id, title, date, source, url, strpos(lower(clean_text), lower(?)) AS hit, "
        "substr(clean_text, greatest(1, strpos(lower(clean_text), lower(?)) - ?), ?) AS snippet_text, "
        "greatest(1, strpos(lower(clean_text), lower(?)) - ?) - 1 AS snippet_start FROM recent "
        "WHERE clean_text ILIKE ? ESCAPE '\\' OR title ILIKE ? ESCAPE '\\' "
        "ORDER BY date DESC NULLS LAST, doc_id LIMIT ? OFFSET ?",
        [SEARCH_SCAN_DOCUMENTS, q, q, SNIPPET_CHARS // 2, SNIPPET_CHARS + len(q), q, SNIPPET_CHARS // 2, pattern,
         pattern, limit, offset])
    return rows


def alert_rows(request: Request, db: Reader, *, rule: str | None = None, severity: str | None = None,
               since: str | None = None) -> list[dict[str, Any]]:
    """The app's watchlist alerts over the store (evaluated once per store version), each marked new when
    ``sorot alerts`` has not listed it yet."""
    found = request.app.state.alert_cache.alerts(db, request.app.state.watchlist)
    seen = seen_keys(db)
    rows = [{**a, "new": a["alert_key"] not in seen} for a in found
            if (not rule or a["rule"] == rule) and (not severity or a["severity"] == severity)
            and (not since or (a["date"] and a["date"].isoformat() >= since))]
    return rows


def create_app(store: Any, *, watchlist: Watchlist | None = None, ingest_token: str | None = None,
               max_body: int = MAX_BODY_BYTES, pipeline: Any = None) -> FastAPI:
    """The API (under /api) and the dashboard (under /) over an open store.

    ``pipeline`` processes posted documents (default: sorot's default pipeline, built on first use).
    """
    app = FastAPI(title="sorot", version="1", docs_url=None, redoc_url=None,
                  description="Read access to sorot's documents, PLOVER events, quotes, actors, dyads, "
                              "network and alerts. CSV with format=csv. Pages are bounded.")
    app.state.store = store
    app.state.watchlist = watchlist or load_watchlist()
    app.state.ingest_token = ingest_token or None
    app.state.ingest_lock = threading.Lock()
    app.state.alert_cache = AlertCache()
    app.state.pipeline = pipeline
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(HeadAsGet)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    _add_error_handlers(app)
    _add_api_routes(app)
    from sorot.web.views import mount_dashboard

    mount_dashboard(app)
    return app


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and request.url.path != "/openapi.json"


def _add_error_handlers(app: FastAPI) -> None:
    from sorot.web.views import error_page

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        problems = [{"parameter": ".".join(str(p) for p in e.get("loc", ())[1:]) or "body", "problem": e.get("msg")}
                    for e in exc.errors()]
        if _wants_html(request):
            text = "; ".join(f"{p['parameter']}: {p['problem']}" for p in problems)
            return error_page(request, 422, f"bad parameters — {text}")
        return JSONResponse({"detail": "bad parameters", "errors": jsonable_encoder(problems)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request):
            return error_page(request, exc.status_code, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError) -> Response:
        if _wants_html(request):
            return error_page(request, 400, str(exc))
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(duckdb.Error)
    async def query_error(request: Request, exc: duckdb.Error) -> Response:
        log.exception("query failed on %s", request.url.path, exc_info=exc)
        status, message = ((400, "a parameter could not be used in the query")
                           if isinstance(exc, duckdb.ConversionException | duckdb.InvalidInputException)
                           else (503, "the store could not answer this query"))
        if _wants_html(request):
            return error_page(request, status, message)
        return JSONResponse({"detail": message}, status_code=status)


# The API's routes, one router per group of resources; ``_add_api_routes`` mounts them in this order.
documents_api = APIRouter()
events_api = APIRouter()
quotes_api = APIRouter()
relations_api = APIRouter()  # actors, dyads and the network: who does what to whom
alerts_api = APIRouter()
search_api = APIRouter()
ingest_api = APIRouter()


def _add_api_routes(app: FastAPI) -> None:
    for router in (documents_api, events_api, quotes_api, relations_api, alerts_api, search_api, ingest_api):
        app.include_router(router)


# --- store and documents -------------------------------------------------------------------------


@documents_api.get("/api/stats", tags=["store"])
def stats(db: Db) -> Response:
    """Table counts, languages, event types, top dyads and recent runs."""
    return JSONResponse(jsonable_encoder(store_stats(db)))


@documents_api.get("/api/documents", tags=["documents"])
def documents(db: Db, source: Annotated[str | None, Query(max_length=200)] = None, lang: Word = None,
              since: Day = None, until: Day = None, title: Annotated[str | None, Query(max_length=200)] = None,
              limit: Limit = 50, offset: Offset = 0, format: Format = "json") -> Response:
    """Documents newest first (metadata and counts, no texts)."""
    clauses, params = ["TRUE"], []
    for column, value in (("source", source), ("lang", lang)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if since:
        clauses.append("date >= ?")
        params.append(since)
    if until:
        clauses.append("date <= ?")
        params.append(until)
    if title:
        clauses.append("title ILIKE ? ESCAPE '\\'")
        params.append(f"%{like_escape(title)}%")
    rows = db.query(
        "SELECT doc_id, date, title, source, url, lang, cluster_id, n_sentences, n_events, n_quotes, spam_chars, "
        f"flags, ingested_at FROM documents WHERE {' AND '.join(clauses)} "
        "ORDER BY date DESC NULLS LAST, doc_id LIMIT ? OFFSET ?", [*params, limit, offset])
    return respond(rows, format, limit=limit, offset=offset, name="documents")


@documents_api.get("/api/documents/{doc_id:path}", tags=["documents"])
def document(db: Db, doc_id: Annotated[str, PathParam(pattern=ID)]) -> Response:
    """One document with its clean text, events, quotes and alerts."""
    return JSONResponse(jsonable_encoder(get_document(db, doc_id)))


# --- events --------------------------------------------------------------------------------------


@events_api.get("/api/events", tags=["events"])
def events(db: Db, flt: Filter, doc_id: Annotated[str | None, Query(pattern=ID)] = None, limit: Limit = 50,
           offset: Offset = 0, format: Format = "json") -> Response:
    """Coded events newest first; soft modalities (negated, hypothetical, historical) only on request."""
    flt.doc_id = doc_id
    rows = list_events(db, flt, limit=limit, offset=offset)
    return respond(rows, format, limit=limit, offset=offset, name="events")


@events_api.get("/api/events/{event_id:path}", tags=["events"])
def event(db: Db, event_id: Annotated[str, PathParam(pattern=ID)]) -> Response:
    """One event with its document's title, date and source."""
    rows = db.query("SELECT e.*, d.title FROM events e LEFT JOIN documents d USING (doc_id) WHERE event_id = ?",
                    [event_id])
    if not rows:
        raise HTTPException(404, f"no event {event_id!r}")
    return JSONResponse(jsonable_encoder(rows[0]))


# --- quotes --------------------------------------------------------------------------------------


@quotes_api.get("/api/quotes", tags=["quotes"])
def quotes(db: Db, speaker: Annotated[str | None, Query(max_length=100)] = None, since: Day = None,
           until: Day = None, doc_id: Annotated[str | None, Query(pattern=ID)] = None, limit: Limit = 50,
           offset: Offset = 0, format: Format = "json") -> Response:
    """Quotes newest first, optionally of one speaker (code or part of the name)."""
    rows = list_quotes(db, speaker=speaker, since=iso_day(since), until=iso_day(until), doc_id=doc_id, limit=limit,
                       offset=offset)
    return respond(rows, format, limit=limit, offset=offset, name="quotes")


@quotes_api.get("/api/quotes/top", tags=["quotes"])
def quotes_top(db: Db, speaker: Annotated[str | None, Query(max_length=100)] = None, since: Day = None,
               until: Day = None, limit: Limit = 20, offset: Offset = 0,
               format: Format = "json") -> Response:
    """The most repeated quotes (reported by the most documents)."""
    rows = top_quotes(db, speaker=speaker, since=iso_day(since), until=iso_day(until), limit=limit, offset=offset)
    return respond(rows, format, limit=limit, offset=offset, name="top-quotes")


# --- actors, dyads and the network ---------------------------------------------------------------


@relations_api.get("/api/actors", tags=["actors"])
def actors(db: Db, flt: Filter, count: Count = "reports", limit: Limit = 50, offset: Offset = 0,
           format: Format = "json") -> Response:
    """Actors by number of events, as actor or recipient."""
    rows = top_actors(db, flt, limit=limit, offset=offset, count=count)
    return respond(rows, format, limit=limit, offset=offset, name="actors")


@relations_api.get("/api/actors/{code}", tags=["actors"])
def actor(db: Db, code: Annotated[str, PathParam(pattern=CODE)], flt: Filter,
          limit: Annotated[int, Query(ge=1, le=100)] = 20) -> Response:
    """One actor: its partners, recent events (either side) and its quotes."""
    return JSONResponse(jsonable_encoder(actor_profile(db, code, flt, limit=limit)))


@relations_api.get("/api/dyads", tags=["dyads"])
def dyads(db: Db, flt: Filter, count: Count = "reports", directed: bool = True, limit: Limit = 50,
          offset: Offset = 0, format: Format = "json") -> Response:
    """The busiest actor–recipient pairs."""
    rows = top_dyads(db, flt, limit=limit, offset=offset, count=count, directed=directed)
    return respond(rows, format, limit=limit, offset=offset, name="dyads")


@relations_api.get("/api/dyads/series", tags=["dyads"])
def series(db: Db, actor: Annotated[str, Query(pattern=CODE)], recipient: Annotated[str, Query(pattern=CODE)],
           type: Word = None, context: Word = None, since: Day = None, until: Day = None,
           all_modalities: bool = False,
           interval: Annotated[Literal[INTERVALS], Query()] = "month",  # type: ignore[valid-type]
           by: Annotated[list[Literal[tuple(GROUPS)]] | None, Query(max_length=3)] = None,  # type: ignore[valid-type]
           count: Count = "reports", directed: bool = False, format: Format = "json") -> Response:
    """A dyad's series per day/week/month: counts by quad class, Goldstein and PLOVER sums and means."""
    flt = event_filter(type=type, context=context, since=since, until=until, all_modalities=all_modalities)
    rows = dyad_series(db, SeriesQuery(actor, recipient, interval=interval, by=tuple(dict.fromkeys(by or [])),
                                       count=count, directed=directed, filter=flt))
    return respond(rows, format, name=f"{actor}-{recipient}")


@relations_api.get("/api/network", tags=["network"])
def network(db: Db, flt: Filter, count: Count = "reports", min_weight: Annotated[int, Query(ge=1)] = 1,
            max_edges: Annotated[int, Query(ge=1, le=5000)] = 1000,
            format: Annotated[Literal["json", "graphml"], Query()] = "json") -> Response:
    """Actors as nodes and events as directed weighted edges, as JSON or GraphML."""
    net = actor_network(db, flt, count=count, min_weight=min_weight, max_edges=max_edges)
    if format == "graphml":
        return Response(to_graphml(net), media_type="application/graphml+xml")
    return JSONResponse(jsonable_encoder(net.to_json()))


# --- alerts --------------------------------------------------------------------------------------


@alerts_api.get("/api/alerts", tags=["alerts"])
def alerts(request: Request, db: Db, rule: Annotated[str | None, Query(max_length=100)] = None,
           severity: Annotated[Literal["info", "warning", "high"] | None, Query()] = None, since: Day = None,
           limit: Limit = 50, offset: Offset = 0, format: Format = "json") -> Response:
    """Alerts of the watchlist over the store (new = not yet listed by `sorot alerts`)."""
    rows = alert_rows(request, db, rule=rule, severity=severity, since=iso_day(since))
    return respond(rows[offset:offset + limit], format, limit=limit, offset=offset, name="alerts")


# --- search --------------------------------------------------------------------------------------


@search_api.get("/api/search", tags=["search"])
def search(db: Db, q: Annotated[str, Query(min_length=2, max_length=200)], limit: Limit = 20,
           offset: Offset = 0, format: Format = "json") -> Response:
    """Case-insensitive substring search over titles and clean texts of the most recent documents."""
    rows = search_documents(db, q, limit=limit, offset=offset)
    return respond(rows, format, limit=limit, offset=offset, name="search")


# --- ingest --------------------------------------------------------------------------------------


@ingest_api.post("/api/ingest", tags=["ingest"], status_code=200)
async def ingest(request: Request) -> Response:
    """Process and store posted documents: {"documents": [{"id", "text", "title"?, "date"?, "url"?, ...}]}.

    Disabled unless the server has an ingest token; send it as ``Authorization: Bearer TOKEN``.
    """
    _check_ingest_token(request)
    docs = _posted_documents(await request.body())
    summary = await run_in_threadpool(_ingest, request.app, docs)
    return JSONResponse(jsonable_encoder(summary))


def _check_ingest_token(request: Request) -> None:
    """403 when ingest is off on this server, 401 without the right bearer token."""
    token = request.app.state.ingest_token
    if not token:
        raise HTTPException(403, "ingest is disabled on this server (no ingest token configured)")
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise HTTPException(401, "missing or wrong ingest token", headers={"WWW-Authenticate": "Bearer"})


def _posted_documents(body: bytes) -> list[dict[str, Any]]:
    """The document records of an ingest body, refused whole (4xx) when the body's shape is wrong."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(400, "the body is not JSON") from exc
    docs = payload.get("documents") if isinstance(payload, dict) else None
    if not isinstance(docs, list) or not docs:
        raise HTTPException(400, 'expected {"documents": [...]} with at least one document')
    if len(docs) > MAX_INGEST_DOCUMENTS:
        raise HTTPException(413, f"at most {MAX_INGEST_DOCUMENTS} documents per request")
    if not all(isinstance(d, dict) and isinstance(d.get("id"), str | int) and isinstance(d.get("text"), str)
               for d in docs):
        raise HTTPException(400, "every document needs an id and a text")
    try:  # JSON may escape lone surrogates, which no store or file can hold: refuse before a run starts
        json.dumps(docs, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise HTTPException(400, "the body holds text that is not valid Unicode (an unpaired surrogate)") from exc
    return docs


def _ingest(app: FastAPI, docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Run the pipeline over posted documents as one ingest run, one request at a time.

    The records become Documents exactly as the JSON Lines reader makes them from a file's lines, and
    go through the same core as ``sorot ingest`` (skipping, error records, clustering, run log).
    """
    store = app.state.store
    if getattr(store, "read_only", False) or not hasattr(store, "write_batch"):
        raise HTTPException(409, "this store is opened read-only")
    with app.state.ingest_lock:
        summary = ingest_documents(read_records(docs, INGEST_SOURCE), store,
                                   pipeline=app.state.pipeline, inputs=[INGEST_SOURCE])
    return {"run_id": summary.run_id, "counts": dict(summary.counts),
            "errors": [{k: e[k] for k in ("item", "doc_id", "message")} for e in summary.errors]}


def actor_profile(db: Reader, code: str, flt: EventFilter, *, limit: int = 20) -> dict[str, Any]:
    """What the dashboard and the API show for one actor."""
    code = code.upper()
    where, params = EventFilter(since=flt.since, until=flt.until, type=flt.type, context=flt.context,
                                all_modalities=flt.all_modalities).where()
    totals = db.query(
        "SELECT count(*) FILTER (WHERE list_contains(actor_codes, ?)) AS as_actor, "
        "count(*) FILTER (WHERE list_contains(recipient_codes, ?)) AS as_recipient, "
        f"round(avg(goldstein), 3) AS goldstein_mean FROM events WHERE {where} AND "
        "(list_contains(actor_codes, ?) OR list_contains(recipient_codes, ?))", [code, code, *params, code, code])[0]
    recent = db.query(
        f"SELECT * FROM events WHERE {where} AND (list_contains(actor_codes, ?) OR list_contains(recipient_codes, ?)) "
        "ORDER BY date DESC NULLS LAST, doc_id, idx LIMIT ?", [*params, code, code, limit])
    quotes = db.query("SELECT * FROM quotes WHERE speaker_code = ? ORDER BY pub_date DESC NULLS LAST, doc_id, idx "
                      "LIMIT ?", [code, limit])
    return {"code": code, **totals, "partners": partners(db, code, flt, limit=limit), "events": recent,
            "quotes": quotes}
