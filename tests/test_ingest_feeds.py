"""The feed reader on RSS and Atom feeds written here; local copies of linked pages are used."""

from __future__ import annotations

from pathlib import Path

from sorot.ingest.base import ReadError, ReadOptions, read_inputs
from sorot.ingest.html import url_doc_id
from sorot.model import Document

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Kabar Contoh</title><link>https://kabar.example/</link><language>id</language>
<item>
  <title>Gubernur Tinjau Banjir</title>
  <link>https://kabar.example/banjir</link>
  <dc:creator>Rina Hartati</dc:creator>
  <pubDate>Tue, 05 Mar 2024 08:00:00 +0700</pubDate>
  <description>Ringkasan pendek.</description>
  <content:encoded><![CDATA[<p>Gubernur meninjau lokasi banjir di tiga kecamatan pada Selasa pagi.</p>
  <p>Ia meminta dinas sosial membuka dapur umum bagi warga yang mengungsi.</p>]]></content:encoded>
</item>
<item>
  <title>Harga Cabai Turun</title>
  <link>halaman/cabai.html</link>
  <pubDate>Wed, 06 Mar 2024 10:00:00 +0700</pubDate>
  <description>Cuplikan saja.</description>
</item>
<item>
  <title>Tanpa Isi</title>
  <link>https://kabar.example/kosong</link>
</item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Example Wire</title>
  <entry>
    <title>Ministers meet in Jakarta</title>
    <link href="https://wire.example/meet"/>
    <id>tag:wire.example,2024:1</id>
    <updated>2024-04-01T12:00:00Z</updated>
    <author><name>J. Doe</name></author>
    <summary type="html">&lt;p&gt;Foreign ministers met in Jakarta on Monday to discuss trade.&lt;/p&gt;</summary>
  </entry>
</feed>"""

PAGE = """<html lang="id"><head><title>Harga Cabai Turun</title>
<meta property="og:site_name" content="Kabar Contoh"></head><body><article><h1>Harga Cabai Turun</h1>
<p>Harga cabai rawit di pasar induk turun hampir separuh dalam sepekan terakhir karena panen raya.</p>
<p>Pedagang menyebut pasokan dari sentra produksi di Jawa Tengah kembali normal.</p></article></body></html>"""


def read(path: Path, **extra: object) -> list[Document | ReadError]:
    return list(read_inputs([str(path)], ReadOptions(extra=dict(extra))))


def test_rss_items_with_content_local_page_and_missing_text(tmp_path: Path) -> None:
    (tmp_path / "halaman").mkdir()
    (tmp_path / "halaman" / "cabai.html").write_text(PAGE, encoding="utf-8")
    path = tmp_path / "kabar.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second, third = read(path)
    assert isinstance(first, Document)
    assert first.id == url_doc_id("https://kabar.example/banjir")
    assert first.title == "Gubernur Tinjau Banjir"
    assert first.url == "https://kabar.example/banjir"
    assert first.date == "2024-03-05"
    assert first.source == "Kabar Contoh"
    assert first.lang == "id"
    assert first.meta["author"] == "Rina Hartati"
    assert first.raw_text == ("Gubernur meninjau lokasi banjir di tiga kecamatan pada Selasa pagi.\n"
                              "Ia meminta dinas sosial membuka dapur umum bagi warga yang mengungsi.")
    assert isinstance(second, Document)
    assert second.raw_text.startswith("Harga cabai rawit di pasar induk")
    assert second.meta["page"].endswith("cabai.html")
    assert second.date == "2024-03-06"
    assert isinstance(third, ReadError)
    assert third.item == "item 3"


def test_pages_dir_by_url_id(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / f"{url_doc_id('https://kabar.example/banjir')}.html").write_text(
        PAGE.replace("Harga Cabai Turun", "Salinan Lokal"), encoding="utf-8")
    path = tmp_path / "kabar.rss"
    path.write_text(RSS, encoding="utf-8")
    first = read(path, pages_dir=str(pages))[0]
    assert isinstance(first, Document)
    assert first.title == "Salinan Lokal"
    assert first.raw_text.startswith("Harga cabai rawit")


def test_atom_feed(tmp_path: Path) -> None:
    path = tmp_path / "wire.atom"
    path.write_text(ATOM, encoding="utf-8")
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert doc.title == "Ministers meet in Jakarta"
    assert doc.raw_text == "Foreign ministers met in Jakarta on Monday to discuss trade."
    assert doc.date == "2024-04-01"
    assert doc.meta["author"] == "J. Doe"


def test_malformed_feeds(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel><title>x</title><item><title>Satu", encoding="utf-8")
    garbage = tmp_path / "garbage.rss"
    garbage.write_bytes(b"\x00\x01 bukan feed")
    partial = tmp_path / "partial.rss"
    partial.write_text(RSS.replace("</channel></rss>", "<item><title>rusak</title"), encoding="utf-8")
    results = list(read_inputs([str(broken), str(garbage), str(partial)], ReadOptions()))
    assert isinstance(results[0], ReadError)
    assert (results[0].source, results[0].item) == (str(broken), "item 1")
    errors = [r for r in results if isinstance(r, ReadError) and r.source == str(garbage)]
    assert len(errors) == 1
    partial_docs = [r for r in results if isinstance(r, Document) and "feed_warning" in r.meta]
    assert partial_docs and partial_docs[0].title == "Gubernur Tinjau Banjir"
