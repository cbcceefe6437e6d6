"""CSV/TSV with a column mapping, and JSONL with broken lines, read through read_inputs."""

from __future__ import annotations

import json
from pathlib import Path

from sorot.ingest.base import ReadError, ReadOptions, read_inputs
from sorot.model import Document

TEXT = "Presiden meresmikan bendungan baru di Jawa Barat, Senin.\nBendungan itu mengairi ribuan hektare sawah."


def read(path: Path, columns: dict[str, str] | None = None, **extra: object) -> list[Document | ReadError]:
    return list(read_inputs([str(path)], ReadOptions(columns=columns or {}, extra=dict(extra))))


def test_csv_with_column_mapping(tmp_path: Path) -> None:
    path = tmp_path / "berita.csv"
    path.write_text(
        'kode,judul,isi,tautan,tanggal\n'
        f'b1,Bendungan Baru,"{TEXT}",https://contoh.id/b1,2024-02-01 10:00\n'
        'b2,Tanpa Isi,,https://contoh.id/b2,2024-02-02\n'
        'b3,Kurang Kolom,teks\n', encoding="utf-8")
    cols = {"id": "kode", "title": "judul", "text": "isi", "url": "tautan", "date": "tanggal"}
    first, second, third = read(path, cols)
    assert isinstance(first, Document)
    assert (first.id, first.title, first.url, first.date) == ("b1", "Bendungan Baru", "https://contoh.id/b1",
                                                              "2024-02-01")
    assert first.raw_text == TEXT
    assert first.meta["format"] == "csv"
    assert isinstance(second, ReadError) and "empty" in second.message
    assert isinstance(third, ReadError) and third.item == "line 5" and "3 cells" in third.message


def test_tsv_and_missing_columns(tmp_path: Path) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text("id\ttext\tsource\nx1\tSatu kalimat berita yang cukup.\tKoran A\n", encoding="utf-8")
    [doc] = read(tsv)
    assert isinstance(doc, Document) and doc.source == "Koran A"
    bad = tmp_path / "b.csv"
    bad.write_text("nomor,isi\n1,teks\n", encoding="utf-8")
    [err] = read(bad)
    assert isinstance(err, ReadError) and "no column id, text" in err.message


def test_jsonl_broken_line_and_mapping(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"kode": "j1", "isi": TEXT, "judul": "Satu"}), '{"kode": "j2", "isi": "rusak',
             json.dumps({"kode": "j3", "isi": "Kalimat kedua yang juga berita."})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read(path, {"id": "kode", "text": "isi", "title": "judul"})
    assert [type(r).__name__ for r in results] == ["Document", "ReadError", "Document"]
    assert results[0].title == "Satu"
    assert results[1].item == "line 2"


def test_stdin_is_jsonl(tmp_path: Path, monkeypatch) -> None:
    import io
    import sys

    data = json.dumps({"id": "s1", "text": TEXT}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    [doc] = list(read_inputs(["-"], ReadOptions()))
    assert isinstance(doc, Document) and doc.id == "s1"
