"""Explicit network fetching, tested against a local HTTP server on 127.0.0.1 only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sorot.ingest.base import ReadOptions, read_inputs
from sorot.ingest.fetch import USER_AGENT, Fetcher, FetchError

ARTICLE = ("<html lang='id'><head><title>Rapat Anggaran</title></head><body><article><h1>Rapat Anggaran</h1>"
           "<p>Dewan menggelar rapat anggaran daerah hingga larut malam untuk membahas belanja pendidikan.</p>"
           "<p>Ketua dewan berjanji pembahasan selesai sebelum akhir bulan ini.</p></article></body></html>")
SEEN_AGENTS: list[str] = []
RELEASE_SLOW = threading.Event()  # "/lambat" answers only once a test sets it: a timeout, not a race


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        routes = {
            "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /rahasia\n"),
            "/berita": (200, "text/html; charset=utf-8", ARTICLE.encode()),
            "/rahasia": (200, "text/html", ARTICLE.encode()),
            "/dokumen.pdf": (200, "application/pdf", b"%PDF-1.4 ..."),
            "/besar": (200, "text/html", b"<html><p>" + b"x" * 300_000 + b"</p></html>"),
        }
        if self.path == "/lambat":
            RELEASE_SLOW.wait(timeout=30)
        status, ctype, body = routes.get(self.path, (404, "text/plain", b"tidak ada"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    RELEASE_SLOW.set()
    httpd.shutdown()
    httpd.server_close()


def test_fetch_reads_a_page_with_a_polite_user_agent(server: str) -> None:
    result = Fetcher(delay=0).fetch(f"{server}/berita")
    assert result.status == 200 and result.content_type == "text/html" and result.charset == "utf-8"
    assert b"Rapat Anggaran" in result.body
    assert USER_AGENT in SEEN_AGENTS


@pytest.mark.parametrize("path, message", [
    ("/rahasia", "robots.txt"),
    ("/hilang", "HTTP status 404"),
    ("/besar", "too large"),
])
def test_fetch_failures(server: str, path: str, message: str) -> None:
    fetcher = Fetcher(delay=0, max_bytes=100_000)
    with pytest.raises(FetchError, match=message):
        fetcher.fetch(server + path)


def test_a_server_that_does_not_answer_times_out(server: str) -> None:
    RELEASE_SLOW.clear()
    try:
        with pytest.raises(FetchError, match="cannot fetch"):
            Fetcher(delay=0, timeout=0.2).fetch(f"{server}/lambat")
    finally:
        RELEASE_SLOW.set()  # the handler still waiting may finish now


def test_only_http_urls() -> None:
    with pytest.raises(FetchError, match="not an http"):
        Fetcher().fetch("file:///etc/passwd")


def test_urls_reader_fetches_each_url_and_keeps_going(server: str, tmp_path: Path) -> None:
    import sorot.ingest.fetch  # noqa: F401 - registers the "urls" reader

    path = tmp_path / "daftar.urls"
    path.write_text(f"# daftar\n{server}/berita\n{server}/dokumen.pdf\n{server}/hilang\n", encoding="utf-8")
    results = list(read_inputs([str(path)], ReadOptions(format="urls", extra={"delay": 0, "timeout": 2})))
    assert [type(r).__name__ for r in results] == ["Document", "ReadError", "ReadError"]
    doc = results[0]
    assert doc.title == "Rapat Anggaran" and doc.url == f"{server}/berita" and doc.meta["format"] == "fetch"
    assert doc.raw_text.startswith("Dewan menggelar rapat anggaran")
    assert "application/pdf" in results[1].message and results[1].item == f"{server}/dokumen.pdf"
    assert "404" in results[2].message


def test_a_urls_file_is_never_fetched_by_its_suffix(server: str, tmp_path: Path) -> None:
    path = tmp_path / "daftar.urls"
    path.write_text(f"{server}/berita\n", encoding="utf-8")
    before = len(SEEN_AGENTS)
    [by_suffix] = read_inputs([str(path)])
    assert "--format urls" in by_suffix.message
    [other_format] = read_inputs([str(path)], ReadOptions(format="text"))
    assert other_format.raw_text.strip() == f"{server}/berita"  # read as the text it is, not fetched
    import sorot.ingest.fetch as fetch

    [direct] = fetch.read_urls(str(path), ReadOptions())
    assert "--format urls" in direct.message
    assert len(SEEN_AGENTS) == before


def test_delay_between_requests_to_one_host(server: str) -> None:
    pauses: list[float] = []
    fetcher = Fetcher(delay=30.0, robots=False, sleep=pauses.append)
    fetcher.fetch(f"{server}/berita")
    fetcher.fetch(f"{server}/berita")
    assert len(pauses) == 1 and 25.0 < pauses[0] <= 30.0
