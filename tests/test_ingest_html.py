"""The HTML reader: fields from a page we build, bad pages as error records."""

from __future__ import annotations

from pathlib import Path

from sorot.ingest.base import ReadError, ReadOptions, read_inputs
from sorot.ingest.html import html_document, sniff_binary, url_doc_id
from sorot.model import Document

PARAGRAPHS = [
    "Menteri Luar Negeri bertemu dengan duta besar Jepang di Jakarta pada Senin untuk membahas kerja sama "
    "maritim kedua negara di kawasan Laut Natuna.",
    "Pertemuan itu berlangsung selama dua jam dan menghasilkan kesepakatan untuk menggelar latihan bersama "
    "penjaga pantai pada akhir tahun ini.",
    "Kedua pihak juga sepakat membentuk kelompok kerja yang akan bertemu setiap tiga bulan sekali.",
]


def page(title: str = "Menlu Bahas Kerja Sama Maritim", charset: str = "utf-8", extra: str = "",
         paragraphs: list[str] | None = None) -> str:
    body = "".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="{charset}"><title>{title} | Harian Contoh</title>
<link rel="canonical" href="https://www.harian-contoh.id/politik/2024/03/04/menlu-maritim">
<meta name="author" content="Sari Wulandari">
<meta property="og:site_name" content="Harian Contoh">
<meta property="article:published_time" content="2024-03-04T09:30:00+07:00">
</head><body><nav><a href="/">Beranda</a> <a href="/politik">Politik</a></nav>
<article><h1>{title}</h1>{body}{extra}</article>
<footer>Hak cipta Harian Contoh. Semua hak dilindungi.</footer></body></html>"""


def read(path: Path, **extra: object) -> list[Document | ReadError]:
    return list(read_inputs([str(path)], ReadOptions(extra=dict(extra))))


def test_fields_from_a_news_page(tmp_path: Path) -> None:
    path = tmp_path / "menlu.html"
    path.write_text(page(), encoding="utf-8")
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert doc.id == "menlu"
    assert doc.title == "Menlu Bahas Kerja Sama Maritim"
    assert doc.url == "https://www.harian-contoh.id/politik/2024/03/04/menlu-maritim"
    assert doc.source == "Harian Contoh"
    assert doc.date == "2024-03-04"
    assert doc.lang == "id"
    assert doc.meta["author"] == "Sari Wulandari"
    assert doc.meta["format"] == "html"
    assert doc.raw_text.split("\n") == PARAGRAPHS
    assert "Beranda" not in doc.raw_text and "Hak cipta" not in doc.raw_text


def test_windows_1252_page_declared_as_such(tmp_path: Path) -> None:
    path = tmp_path / "cp.html"
    paragraphs = [PARAGRAPHS[0] + " Kafe “Café Rusa” ikut disebut.", *PARAGRAPHS[1:]]
    path.write_bytes(page(charset="windows-1252", paragraphs=paragraphs).encode("cp1252"))
    [doc] = read(path)
    assert "“Café Rusa”" in doc.raw_text
    assert doc.meta["encoding"] == "windows-1252"


def test_declared_encoding_that_disagrees_with_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "wrong.html"
    paragraphs = [p.replace("Jepang", "Jepang (Nihon, “negeri matahari terbit”)") for p in PARAGRAPHS]
    path.write_bytes(page(charset="utf-8", paragraphs=paragraphs).encode("cp1252"))
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert "“negeri matahari terbit”" in doc.raw_text
    assert doc.meta["encoding_declared"] == "utf-8"


def test_latin1_page_without_declaration(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    html = page(paragraphs=[p + " Señor Álvarez hadir." for p in PARAGRAPHS]).replace('<meta charset="utf-8">', "")
    path.write_bytes(html.encode("latin-1"))
    [doc] = read(path)
    assert "Señor Álvarez" in doc.raw_text


def test_pdf_image_and_huge_pages_are_errors_and_reading_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (tmp_path / "b.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "c.html").write_text(page(extra="<p>" + "kata " * 4_000_000 + "</p>"), encoding="utf-8")
    (tmp_path / "d.html").write_text(page(), encoding="utf-8")
    (tmp_path / "e.html").write_text("hanya teks biasa tanpa tanda apa pun", encoding="utf-8")
    results = read(tmp_path)
    assert [type(r).__name__ for r in results] == ["ReadError"] * 3 + ["Document", "ReadError"]
    assert "PDF" in results[0].message
    assert "PNG" in results[1].message
    assert "too large" in results[2].message
    assert "no HTML" in results[4].message


def test_page_without_article_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Kosong</title></head><body><nav>Menu</nav></body></html>", encoding="utf-8")
    [err] = read(path)
    assert isinstance(err, ReadError)
    assert "no article text" in err.message


def test_html_document_from_bytes_uses_the_url_for_the_id() -> None:
    doc = html_document(page().encode("utf-8"), source="mem", doc_id=None, options=ReadOptions())
    assert isinstance(doc, Document)
    assert doc.id == url_doc_id("https://www.harian-contoh.id/politik/2024/03/04/menlu-maritim")
    assert doc.id.startswith("www.harian-contoh.id-")


def test_sniff_binary() -> None:
    assert sniff_binary(b"%PDF-1.4") == "PDF document"
    assert sniff_binary(b"\xff\xd8\xff\xe0") == "JPEG image"
    assert sniff_binary(b"<html>") is None


def test_a_page_that_starts_like_a_url_is_never_downloaded(monkeypatch) -> None:
    """htmldate downloads a string that looks like a URL; the reader must hand it the page itself."""
    import htmldate.utils

    requested: list[str] = []
    monkeypatch.setattr(htmldate.utils, "fetch_url", requested.append)
    words = "Menteri-Luar-Negeri-bertemu-duta-besar-Jepang-di-Jakarta-membahas-kerja-sama-maritim-kedua-negara."
    data = f"https://contoh.invalid/<html><body><article><p>{words}</p></article></body></html>".encode()
    doc = html_document(data, source="x", doc_id="x", options=ReadOptions())
    assert isinstance(doc, Document) and doc.raw_text == words
    assert requested == []
