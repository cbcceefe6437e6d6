"""The WARC reader on archives built here with warcio: HTML records read, bad records reported."""

from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sorot.ingest.base import ReadError, ReadOptions, read_inputs
from sorot.ingest.html import url_doc_id
from sorot.model import Document

ARTICLE = ("<html lang='id'><head><title>{title}</title><meta property='og:site_name' content='Warta Contoh'>"
           "<meta property='article:published_time' content='2023-11-02'></head><body><article><h1>{title}</h1>"
           "<p>Pemerintah daerah meresmikan jembatan baru yang menghubungkan dua kecamatan di tepi sungai "
           "setelah pembangunan selama dua tahun.</p><p>Bupati mengatakan jembatan itu akan memperlancar "
           "distribusi hasil panen petani ke pasar kota.</p></article></body></html>")


def response(writer: WARCWriter, uri: str, body: bytes, ctype: str = "text/html; charset=utf-8",
             status: str = "200 OK") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers))


def raw_response_without_http(uri: str, payload: bytes) -> bytes:
    head = ("WARC/1.0\r\nWARC-Type: response\r\n"
            f"WARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:11111111-2222-3333-4444-555555555555>\r\n"
            "WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n")
    return head.encode("ascii") + payload + b"\r\n\r\n"


def build(gz: bool) -> bytes:
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    response(writer, "https://warta.example/a", ARTICLE.format(title="Jembatan Baru Diresmikan").encode())
    writer.write_record(writer.create_warc_record("https://warta.example/a", "request",
                                                  payload=BytesIO(b"GET /a HTTP/1.1\r\nHost: warta.example\r\n\r\n")))
    response(writer, "https://warta.example/laporan.pdf", b"%PDF-1.5\n...", ctype="application/pdf")
    response(writer, "https://warta.example/logo.png", b"\x89PNG\r\n\x1a\n", ctype="image/png")
    response(writer, "https://warta.example/hilang", b"<html>not found</html>", status="404 Not Found")
    cp = ARTICLE.format(title="Pasar “Rakyat” Dibuka").encode("cp1252")
    response(writer, "https://warta.example/b", cp, ctype="text/html; charset=windows-1252")
    return buf.getvalue()


def read(path: Path) -> list[Document | ReadError]:
    return list(read_inputs([str(path)], ReadOptions()))


def test_reads_html_responses_and_reports_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(build(gz=True))
    results = read(path)
    docs = [r for r in results if isinstance(r, Document)]
    errors = [r for r in results if isinstance(r, ReadError)]
    assert [d.title for d in docs] == ["Jembatan Baru Diresmikan", "Pasar “Rakyat” Dibuka"]
    first = docs[0]
    assert first.id == url_doc_id("https://warta.example/a")
    assert first.url == "https://warta.example/a"
    assert first.source == "Warta Contoh"
    assert first.date == "2023-11-02"
    assert first.lang == "id"
    assert first.meta["format"] == "warc"
    assert first.raw_text.startswith("Pemerintah daerah meresmikan jembatan baru")
    messages = [e.message for e in errors]
    assert messages == ["not an HTML page: application/pdf", "not an HTML page: image/png",
                        "HTTP status 404, no page"]
    assert all("offset" in e.item for e in errors)


def test_uncompressed_warc_and_record_without_http_headers(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(raw_response_without_http("https://warta.example/x", b"<html><p>tanpa header</p></html>")
                     + build(gz=False))
    results = read(path)
    assert isinstance(results[0], ReadError)
    assert results[0].message == "response record without HTTP headers"
    assert sum(isinstance(r, Document) for r in results) == 2


def test_truncated_gzip_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    data = build(gz=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * 0.8)])
    results = read(path)
    assert isinstance(results[0], Document)
    assert isinstance(results[-1], ReadError)
    assert "damaged or truncated" in results[-1].message


def test_record_cut_short_in_plain_warc(tmp_path: Path) -> None:
    data = build(gz=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: int(len(data) * 0.95)])
    results = read(path)
    assert isinstance(results[0], Document)
    assert isinstance(results[-1], ReadError)
    assert results[-1].message == "record cut short: the archive ends inside it"


def test_not_a_warc_file(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(gzip.compress(b"this is not a web archive\n" * 10))
    results = read(path)
    assert all(isinstance(r, ReadError) for r in results)
    assert "damaged or truncated" in results[-1].message
