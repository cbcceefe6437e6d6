"""Fetching pages over the network: only when asked for, never by default.

sorot runs offline; this module is the one explicit exception, for a user who passes a list of
URLs and asks for it by name (the "urls" reader, chosen only by an explicit ``format="urls"``,
never by a file suffix: a text file with one URL per line, "#" for comments). Requests are
polite: a named user agent, robots.txt honoured, a delay between requests to the same host, a
timeout, and a size limit that stops reading a body once it is exceeded. Only http and https
are fetched. Each failure is a ReadError for that URL; the list carries on.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sorot import __version__
from sorot.ingest.base import ReadError, ReadOptions, ReadResult, open_binary, register_reader
from sorot.ingest.html import MAX_HTML_BYTES, html_document, url_doc_id
from sorot.ingest.warc import content_type

USER_AGENT = f"sorot/{__version__} (news event coder; explicit fetch on user request)"
DEFAULT_TIMEOUT = 15.0
DEFAULT_DELAY = 1.0  # seconds between two requests to the same host


class FetchError(Exception):
    """A URL that could not be fetched, with the reason."""


@dataclass(slots=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes


@dataclass
class Fetcher:
    """Fetches URLs politely; keep one per run so the per-host delay and robots.txt cache apply."""

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = MAX_HTML_BYTES
    user_agent: str = USER_AGENT
    delay: float = DEFAULT_DELAY
    robots: bool = True
    sleep: Callable[[float], None] = time.sleep  # injectable, so tests need not wait
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)

    def fetch(self, url: str) -> FetchResult:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError(f"not an http(s) URL: {url!r}")
        if self.robots and not self._allowed(url):
            raise FetchError("disallowed by robots.txt")
        self._wait(parts.netloc)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent,
                                                       "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise FetchError(f"page too large ({int(length):,} bytes > {self.max_bytes:,})")
                body = response.read(self.max_bytes + 1)
                if len(body) > self.max_bytes:
                    raise FetchError(f"page too large (more than {self.max_bytes:,} bytes)")
                mime, charset = content_type(response.headers.get("Content-Type"))
                return FetchResult(url, response.geturl(), response.status, mime, charset, body)
        except urllib.error.HTTPError as exc:
            raise FetchError(f"HTTP status {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FetchError(f"cannot fetch: {reason}") from exc

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                self.sleep(pause)
        self._last[host] = time.monotonic()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            parser = urllib.robotparser.RobotFileParser()
            try:
                request = urllib.request.Request(f"{root}/robots.txt", headers={"User-Agent": self.user_agent})
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    parser.parse(response.read(500_000).decode("utf-8", "replace").splitlines())
            except (urllib.error.URLError, TimeoutError, OSError):
                parser = None  # no robots.txt (or unreachable): nothing is disallowed
            self._robots[root] = parser
        parser = self._robots[root]
        return parser is None or parser.can_fetch(self.user_agent, url)


def fetch_document(url: str, fetcher: Fetcher, options: ReadOptions, source: str = "") -> ReadResult:
    """Fetch one URL and read it as an HTML page."""
    try:
        result = fetcher.fetch(url)
    except FetchError as exc:
        return ReadError(source or url, str(exc), url)
    if result.content_type and result.content_type not in ("text/html", "application/xhtml+xml"):
        return ReadError(source or url, f"not an HTML page: {result.content_type}", url)
    doc = html_document(result.body, source=source or url, doc_id=url_doc_id(result.final_url), options=options,
                        url=result.final_url, header_charset=result.charset,
                        meta={"format": "fetch", "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    if isinstance(doc, ReadError):
        doc.item = url
    return doc


@register_reader("urls")
def read_urls(path: str, options: ReadOptions) -> Iterator[ReadResult]:
    """Fetch every URL listed in a text file (one per line) and read each page; only when asked by name."""
    if options.format != "urls":
        yield ReadError(path, "not fetched: going online needs an explicit --format urls")
        return
    fetcher = Fetcher(
        timeout=float(options.extra.get("timeout", DEFAULT_TIMEOUT)),
        max_bytes=int(options.extra.get("max_html_bytes", MAX_HTML_BYTES)),
        user_agent=str(options.extra.get("user_agent", USER_AGENT)),
        delay=float(options.extra.get("delay", DEFAULT_DELAY)),
        robots=bool(options.extra.get("robots", True)),
    )
    with open_binary(path) as fh:
        lines = fh.read().decode("utf-8", "replace").splitlines()
    for line in lines:
        url = line.strip()
        if url and not url.startswith("#"):
            yield fetch_document(url, fetcher, options, source=path)
