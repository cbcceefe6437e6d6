"""Readers and the runner on bad input: every bad item becomes one error record with a clear
message, the rest of the batch is stored, and `sorot ingest` exits with 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_jsonl

from sorot.cli import main
from sorot.ingest.base import ReadError, ReadOptions, decode, format_for, parse_date, read_inputs
from sorot.model import Document
from sorot.runner import ingest
from sorot.store.duck import Store

GOOD = "Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Jepang di Tokyo. Keduanya membahas kerja sama."
LATIN1 = "Menteri itu minum kopi di café dekat istana. Ia menyebut résumé pertemuan itu penting bagi negara."


def results(*paths: Path | str, options: ReadOptions | None = None) -> list[Document | ReadError]:
    return list(read_inputs([str(p) for p in paths], options))


def only_error(items: list[Document | ReadError]) -> ReadError:
    assert len(items) == 1 and isinstance(items[0], ReadError), items
    return items[0]


def test_empty_and_blank_text_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    assert "empty document" in only_error(results(tmp_path / "empty.txt")).message
    assert "empty document" in only_error(results(tmp_path / "blank.txt")).message


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    err = only_error(results(tmp_path / "image.txt"))
    assert "binary" in err.message and err.item == "image"


def test_control_characters_are_binary(tmp_path: Path) -> None:
    (tmp_path / "ctl.txt").write_bytes(b"Teks \x01\x02\x03\x04\x05\x06\x07 rusak " * 20)
    assert "binary data (control characters)" in only_error(results(tmp_path / "ctl.txt")).message


def test_latin1_text_is_decoded_with_detection(tmp_path: Path) -> None:
    (tmp_path / "lama.txt").write_bytes(LATIN1.encode("latin-1"))
    [doc] = results(tmp_path / "lama.txt")
    assert isinstance(doc, Document)
    assert doc.raw_text == LATIN1
    assert doc.meta["encoding_fallback"] == "detected" and doc.meta["encoding"]


def test_decode_prefers_utf8_then_the_declared_encoding() -> None:
    assert decode("café".encode()) == ("café", {})
    assert decode(b"\xef\xbb\xbfteks") == ("teks", {})  # BOM dropped
    assert decode("café".encode("cp1252"), "cp1252") == ("café", {"encoding": "cp1252",
                                                                   "encoding_fallback": "declared"})
    with pytest.raises(ValueError, match="NUL"):
        decode(b"abc\x00def")


def test_text_file_id_is_the_stem_and_crlf_is_normalised(tmp_path: Path) -> None:
    (tmp_path / "berita-1.txt").write_bytes(b"Baris satu.\r\nBaris dua.\r\n")
    [doc] = results(tmp_path / "berita-1.txt")
    assert doc.id == "berita-1" and doc.raw_text == "Baris satu.\nBaris dua.\n"
    assert doc.meta["format"] == "text" and doc.meta["source_file"].endswith("berita-1.txt")


def test_too_large_text_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "besar.txt").write_text(GOOD * 40, encoding="utf-8")
    err = only_error(results(tmp_path / "besar.txt", options=ReadOptions(max_chars=1000)))
    assert "too large" in err.message and "1,000" in err.message
    big = write_jsonl(tmp_path / "besar.jsonl", [{"id": "b", "text": GOOD * 40}, {"id": "k", "text": GOOD}])
    items = results(big, options=ReadOptions(max_chars=1000))
    assert isinstance(items[0], ReadError) and items[0].item == "b" and isinstance(items[1], Document)


def test_missing_path(tmp_path: Path) -> None:
    err = only_error(results(tmp_path / "tidak-ada.jsonl"))
    assert err.message == "no such file" and str(err).endswith("tidak-ada.jsonl: no such file")


def test_jsonl_record_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "campur.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a", "text": GOOD, "date": "2025-03-04T10:00:00+07:00", "title": "Judul"}),
        '{"id": "rusak", "text": ',
        json.dumps({"text": GOOD}),
        json.dumps(["bukan", "objek"]),
        json.dumps({"id": "tanpa-teks", "body": GOOD}),
        "",
        json.dumps({"id": 7, "text": GOOD}),
    ]) + "\n", encoding="utf-8")
    items = results(path)
    errors = [(i.item, i.message) for i in items if isinstance(i, ReadError)]
    assert [e[0] for e in errors] == ["line 2", "line 3", "line 4", "line 5"]
    assert errors[0][1].startswith("invalid JSON")
    assert errors[1][1] == "record has no id"
    assert errors[2][1] == "JSON line is not an object"
    assert errors[3][1] == "record 'tanpa-teks' has no text"
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.id for d in docs] == ["a", "7"]
    assert docs[0].date == "2025-03-04" and docs[0].title == "Judul"


def test_column_mapping(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "lain.jsonl", [{"uid": "u1", "body": GOOD, "published": "2025-01-02"}])
    [doc] = results(path, options=ReadOptions(columns={"id": "uid", "text": "body", "date": "published"}))
    assert (doc.id, doc.raw_text, doc.date) == ("u1", GOOD, "2025-01-02")


def test_directories_are_read_recursively_in_order_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "dua.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD + " Satu.", encoding="utf-8")
    (tmp_path / ".tersembunyi.txt").write_text(GOOD, encoding="utf-8")
    assert [d.id for d in results(tmp_path)] == ["a", "dua"]


def test_format_by_suffix() -> None:
    assert format_for("x/berita.JSONL") == "jsonl"
    assert format_for("arsip.warc.gz") == "warc"
    assert format_for("halaman.html") == "html"
    assert format_for("catatan") == "text"
    assert format_for("ekspor.json") == "json"
    assert format_for("daftar.urls") == "text"  # a list of URLs is fetched only by an explicit format


@pytest.mark.parametrize("value, day", [
    ("2025-03-04", "2025-03-04"), ("2025/03/04", "2025-03-04"), ("04/03/2025", "2025-03-04"),
    ("04-03-2025", "2025-03-04"), ("2025-03-04T23:30:00+07:00", "2025-03-04"), ("2025-03-04 08:00:00", "2025-03-04"),
    ("2025-03-04T01:00:00Z", "2025-03-04"), (" 2025-03-04 ", "2025-03-04"),
    ("kemarin", None), ("31/02/2025", None), ("2025-13-01", None), ("Senin, 4 Maret 2025", None), ("", None),
])
def test_parse_date(value: str, day: str | None) -> None:
    assert parse_date(value) == day


def test_unreadable_record_dates_are_dropped_and_kept_in_meta(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "tanggal.jsonl", [
        {"id": "a", "text": GOOD, "date": "kemarin"},
        {"id": "b", "text": GOOD, "date": "02/03/2025"},
        {"id": "c", "text": GOOD, "date": "2025-03-02T07:00:00+07:00"},
    ])
    a, b, c = results(path)
    assert a.date is None and a.meta["date_invalid"] == "kemarin"
    assert b.date == "2025-03-02" and "date_invalid" not in b.meta
    assert c.date == "2025-03-02"


ARRAY_RECORDS = [{"id": "x1", "text": GOOD, "title": "Satu"}, {"id": "x2", "text": GOOD + " Dua."}]


def test_json_file_as_a_pretty_printed_array(tmp_path: Path) -> None:
    path = tmp_path / "ekspor.json"
    path.write_text("\n  " + json.dumps([*ARRAY_RECORDS, "bukan objek", {"id": "x3"}], indent=2), encoding="utf-8")
    items = results(path)
    assert [d.id for d in items if isinstance(d, Document)] == ["x1", "x2"]
    assert items[0].title == "Satu" and items[0].meta["format"] == "json"
    errors = [(e.item, e.message) for e in items if isinstance(e, ReadError)]
    assert errors == [("item 3", "array item is not an object"), ("item 4", "record 'x3' has no text")]


def test_json_file_as_json_lines(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "ekspor.json", ARRAY_RECORDS)
    assert [d.id for d in results(path)] == ["x1", "x2"]
    long_first = tmp_path / "panjang.json"  # the first line is longer than the sniffed head
    long_first.write_text("\n".join(json.dumps({"id": f"p{i}", "text": GOOD * 700}) for i in range(3)) + "\n",
                          encoding="utf-8")
    assert [d.id for d in results(long_first)] == ["p0", "p1", "p2"]


def test_broken_and_empty_json_arrays(tmp_path: Path) -> None:
    (tmp_path / "rusak.json").write_text('[\n {"id": "a", "text": "x"},\n {"id": "b"\n', encoding="utf-8")
    err = only_error(results(tmp_path / "rusak.json"))
    assert err.message.startswith("invalid JSON") and "line 4" in err.message
    (tmp_path / "kosong.json").write_text(" [ ] ", encoding="utf-8")
    assert only_error(results(tmp_path / "kosong.json")).message == "empty input"


@pytest.mark.parametrize("content", [b"", b"\n  \n"])
def test_empty_jsonl_is_an_error(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "kosong.jsonl").write_bytes(content)
    assert only_error(results(tmp_path / "kosong.jsonl")).message == "empty input"


def bad_inputs(tmp_path: Path) -> list[str]:
    """Good items mixed with one of each kind of bad input; returns the paths in order."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 biner " * 50)
    (tmp_path / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (tmp_path / "large.txt").write_text(GOOD * 40, encoding="utf-8")
    (tmp_path / "batch.jsonl").write_text("\n".join([
        json.dumps({"id": "j1", "text": GOOD}),
        "{bukan json",
        json.dumps({"text": "Tanpa id."}),
        json.dumps({"id": "j2", "text": GOOD + " Kedua."}),
        json.dumps({"id": "j1", "text": "Isi lain dengan id yang sama."}),
        json.dumps({"id": "j1", "text": GOOD}),  # an exact repeat is not an error
        json.dumps({"id": "j3", "text": GOOD + " Ketiga."}),
    ]) + "\n", encoding="utf-8")
    names = ["empty.txt", "binary.txt", "latin1.txt", "large.txt", "batch.jsonl", "missing.jsonl"]
    return [str(tmp_path / n) for n in names]


EXPECTED_ERRORS = {  # (source file name, fragment of the message)
    ("empty.txt", "empty document"), ("binary.txt", "binary data"), ("large.txt", "too large"),
    ("batch.jsonl", "invalid JSON"), ("batch.jsonl", "record has no id"),
    ("batch.jsonl", "'j1'"), ("missing.jsonl", "no such file"),
}


def _matches(errors: list[dict], expected: set[tuple[str, str]]) -> None:
    assert len(errors) == len(expected), errors
    # A repeated id with new content is an error whether the first copy is still pending ("duplicate id")
    # or already committed by an earlier batch ("is stored with different content").
    assert sum(1 for e in errors if "'j1'" in e["message"] and "different content" in e["message"]) == 1
    for name, fragment in expected:
        assert sum(1 for e in errors if e["source"].endswith(name) and fragment in e["message"]) == 1, (name, errors)


def test_runner_stores_the_rest_and_records_each_error(tmp_path: Path, light_pipeline) -> None:
    paths = bad_inputs(tmp_path)
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest(paths, store, options=ReadOptions(max_chars=2000), pipeline=light_pipeline, batch_size=2)
        stored = {r["doc_id"]: r for r in store.query("SELECT doc_id, meta, raw_text FROM documents")}
        errors = store.query("SELECT * FROM errors")
        [run] = store.query("SELECT * FROM runs")
    _matches(summary.errors, EXPECTED_ERRORS)
    _matches(errors, EXPECTED_ERRORS)
    assert all(e["run_id"] == summary.run_id and e["at"] is not None for e in errors)
    assert set(stored) == {"latin1", "j1", "j2", "j3"}
    assert stored["latin1"]["raw_text"] == LATIN1
    assert json.loads(stored["latin1"]["meta"])["encoding_fallback"] == "detected"
    assert summary.counts["stored"] == 4 and summary.counts["unchanged"] == 1
    assert (run["status"], run["n_stored"], run["n_errors"]) == ("ok-with-errors", 4, len(EXPECTED_ERRORS))


def test_cli_ingest_exits_1_on_errors_and_stores_the_rest(tmp_path: Path) -> None:
    paths = [p for p in bad_inputs(tmp_path) if not p.endswith("large.txt")]
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(main, ["ingest", *paths, "--db", str(db), "--batch-size", "2"])
    assert result.exit_code == 1, result.output
    output = "".join(result.output.split())  # the console wraps (and may fold) long lines
    assert "6errors" in output and "missing.jsonl:nosuchfile" in output
    with Store(db, read_only=True) as store:
        assert {r["doc_id"] for r in store.query("SELECT doc_id FROM documents")} == {"latin1", "j1", "j2", "j3"}
        _matches(store.query("SELECT * FROM errors"), {e for e in EXPECTED_ERRORS if e[0] != "large.txt"})


def test_cli_ingest_exits_0_without_errors(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "ok.jsonl", [{"id": "ok", "text": GOOD}])
    result = CliRunner().invoke(main, ["ingest", str(src), "--db", str(tmp_path / "ok.duckdb")])
    assert result.exit_code == 0, result.output
    assert "1 stored" in result.output


def test_jsonl_with_a_bom_crlf_and_a_latin1_line(tmp_path: Path) -> None:
    path = tmp_path / "windows.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "a", "text": GOOD}).encode() + b"\r\n"
                     + json.dumps({"id": "b", "text": LATIN1}, ensure_ascii=False).encode("latin-1") + b"\r\n")
    a, b = results(path)
    assert isinstance(a, Document) and a.id == "a" and "encoding" not in a.meta
    assert isinstance(b, Document) and b.raw_text == LATIN1  # decoded, not replaced by U+FFFD
    assert b.meta["encoding_fallback"] == "detected"


def test_gzipped_jsonl_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip
    import io

    line = json.dumps({"id": "gz", "text": GOOD}).encode() + b"\n"
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(line))
    assert [d.id for d in results(tmp_path / "a.jsonl.gz")] == ["gz"]
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(line * 50)[:-20])
    assert "input ends early" in results(tmp_path / "cut.jsonl.gz")[-1].message

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(line)))
    assert [d.id for d in results("-")] == ["gz"]


def test_unpaired_surrogate_is_an_error_for_that_record(tmp_path: Path, light_pipeline) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "ok", "text": "Menlu bertemu dubes."}\n'
                    '{"id": "bad", "text": "Teks rusak \\ud800 di sini."}\n'
                    '{"id": "\\udfff", "text": "Id rusak."}\n', encoding="utf-8")
    items = results(path)
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [i.id for i in items if isinstance(i, Document)] == ["ok"]
    assert len(errors) == 2 and all("unpaired surrogate" in e.message for e in errors)
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([str(path)], store, pipeline=light_pipeline)
        assert [r["doc_id"] for r in store.query("SELECT doc_id FROM documents")] == ["ok"]
        assert len(store.query("SELECT * FROM errors")) == 2
    assert summary.counts["stored"] == 1
