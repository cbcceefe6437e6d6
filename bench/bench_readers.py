#!/usr/bin/env python3
"""Throughput of each reader (documents/s) on inputs this script builds in a temporary folder.

usage: bench_readers.py [--n 300]

Builds N articles as HTML files, one RSS feed, one WARC.gz, one CSV and one JSONL file, then
times ``read_inputs`` on each. HTML-based readers (html, feed with local pages, warc) pay for
trafilatura's extraction; the tabular readers only parse.
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sorot.ingest.base import ReadOptions, read_inputs
from sorot.model import Document

SENTENCES = [
    "Pemerintah provinsi meresmikan jalan baru yang menghubungkan tiga kabupaten di wilayah selatan.",
    "Gubernur mengatakan proyek itu dibiayai bersama oleh pemerintah pusat dan daerah.",
    "Warga berharap jalan tersebut mempercepat pengiriman hasil pertanian ke pasar kota.",
    "Dinas pekerjaan umum menyebut pemeliharaan rutin akan dilakukan setiap enam bulan.",
    "Anggota dewan meminta pengawasan mutu pekerjaan diperketat agar jalan tidak cepat rusak.",
]


def article(i: int) -> tuple[str, str, str]:
    title = f"Jalan Baru Nomor {i} Diresmikan"
    paragraphs = [" ".join(SENTENCES[(i + k) % 5] for k in range(3)) for _ in range(6)]
    return title, f"https://bench.example/berita/{i}", "\n\n".join(paragraphs)


def html_page(i: int) -> str:
    title, url, text = article(i)
    body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    published = f"2024-05-0{i % 9 + 1}"
    return (f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>{title}</title>"
            f"<link rel='canonical' href='{url}'><meta property='article:published_time' content='{published}'>"
            f"</head><body><nav>Beranda Politik Ekonomi</nav><article><h1>{title}</h1>{body}</article>"
            "<footer>Hak cipta</footer></body></html>")


def build(root: Path, n: int) -> dict[str, list[str]]:
    html_dir = root / "html"
    html_dir.mkdir()
    for i in range(n):
        (html_dir / f"a{i}.html").write_text(html_page(i), encoding="utf-8")
    items = "".join(
        f"<item><title>{article(i)[0]}</title><link>{article(i)[1]}</link>"
        f"<pubDate>Tue, 05 Mar 2024 08:00:00 +0700</pubDate><description><![CDATA["
        + "".join(f"<p>{p}</p>" for p in article(i)[2].split("\n\n")) + "]]></description></item>"
        for i in range(n))
    (root / "feed.rss").write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bench</title>{items}"
                                   "</channel></rss>", encoding="utf-8")
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(n):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(article(i)[1], "response",
                                                      payload=BytesIO(html_page(i).encode()), http_headers=headers))
    (root / "crawl.warc.gz").write_bytes(buf.getvalue())
    with (root / "rows.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "url", "text"])
        for i in range(n):
            title, url, text = article(i)
            w.writerow([f"r{i}", title, url, text])
    with (root / "rows.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(n):
            title, url, text = article(i)
            fh.write(json.dumps({"id": f"j{i}", "title": title, "url": url, "text": text}) + "\n")
    return {"html": [str(html_dir)], "feed": [str(root / "feed.rss")], "warc": [str(root / "crawl.warc.gz")],
            "csv": [str(root / "rows.csv")], "jsonl": [str(root / "rows.jsonl")]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = build(Path(tmp), args.n)
        for name, paths in inputs.items():
            list(read_inputs(paths[:1], ReadOptions()))  # warm-up: imports and lazy loading
            started = time.perf_counter()
            results = list(read_inputs(paths, ReadOptions()))
            seconds = time.perf_counter() - started
            docs = sum(isinstance(r, Document) for r in results)
            print(f"{name:6} {docs:5d} documents, {len(results) - docs} errors, {docs / seconds:8,.0f} documents/s "
                  f"({1000 * seconds / max(1, docs):.2f} ms each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
