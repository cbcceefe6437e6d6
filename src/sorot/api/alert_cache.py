"""Watchlist alerts evaluated once per version of the store, not on every API or dashboard request.

Evaluating a watchlist scans every event (about a second at a million events), while the store
changes only when something ingests. The version is read cheaply from the store itself (about a
millisecond), so a write is seen on the next request whoever made it (the API's ingest or any other
connection to the same database), without the writer having to notify anyone.
"""

from __future__ import annotations

import threading
from typing import Any

from sorot.analytics.watchlists import Watchlist, evaluate
from sorot.store.schema import TABLES

# Over tables: an ingest stamps the documents it adds or replaces with a new ingestion time and logs
# its run, a Parquet import brings its runs along; the counts catch anything else adding or dropping rows.
_TABLE_VERSION = (
    "SELECT (SELECT count(*) FROM documents) AS documents, (SELECT max(ingested_at) FROM documents) AS ingested, "
    "(SELECT count(*) FROM events) AS events, (SELECT count(*) FROM alerts) AS alerts, "
    "(SELECT count(*) FROM runs) AS runs, (SELECT max(finished_at) FROM runs) AS last_run")


def store_version(db: Any) -> tuple[Any, ...]:
    """A value that changes whenever the rows the watchlist reads change.

    A Parquet store's tables are views over a fixed list of files (until it is refreshed), so their
    definitions are its version; counting rows through them would cost a scan each time.
    """
    views = db.query("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND view_name IN "
                     "(SELECT unnest(?)) ORDER BY view_name", [list(TABLES)])
    if views:
        return ("views", *((v["view_name"], v["sql"]) for v in views))
    return ("tables", *db.query(_TABLE_VERSION)[0].values())


class AlertCache:
    """The evaluated alerts of one watchlist at one store version; re-evaluated when either changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # concurrent requests wait for one evaluation instead of running their own
        self._watchlist: Watchlist | None = None  # the one the alerts were evaluated for
        self._version: tuple[Any, ...] | None = None
        self._alerts: tuple[dict[str, Any], ...] = ()

    def alerts(self, db: Any, watchlist: Watchlist) -> tuple[dict[str, Any], ...]:
        """The watchlist's alerts over the store, newest first (shared: callers must not change them)."""
        with self._lock:
            version = store_version(db)  # read before evaluating: a write in between only causes one more evaluation
            if watchlist is not self._watchlist or version != self._version:
                self._alerts = tuple(evaluate(db, watchlist))
                self._watchlist, self._version = watchlist, version
            return self._alerts
