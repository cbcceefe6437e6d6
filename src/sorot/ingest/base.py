"""Readers: everything that turns user input into Documents, behind one interface.

A reader is a function ``read(path, options) -> Iterator[Document | ReadError]`` registered with
``@register_reader(name, suffixes=...)``. It yields one Document per article and a ReadError for
each item it cannot read, and keeps going: one bad record never stops a batch. ``read_inputs``
picks the reader by explicit format, then by file suffix, expands directories and handles "-"
for standard input. Plain text and JSONL live here; HTML, feeds, WARC and CSV register from
their own modules (imported lazily, so their libraries load only when used).
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from sorot.model import Document

MAX_TEXT_CHARS = 5_000_000  # larger inputs are almost never one news article


@dataclass(slots=True)
class ReadError:
    """An input item that could not become a Document, with where it came from and why."""

    source: str
    message: str
    item: str = ""  # line number, record offset or id inside the source

    def __str__(self) -> str:
        where = f"{self.source}:{self.item}" if self.item else self.source
        return f"{where}: {self.message}"


@dataclass(slots=True)
class ReadOptions:
    format: str | None = None
    max_chars: int = MAX_TEXT_CHARS
    columns: dict[str, str] = field(default_factory=dict)  # model field -> input column/key
    extra: dict[str, Any] = field(default_factory=dict)  # reader-specific settings


ReadResult = Document | ReadError
ReaderFn = Callable[[str, ReadOptions], Iterator[ReadResult]]


@dataclass(slots=True)
class ReaderSpec:
    name: str
    read: ReaderFn
    suffixes: tuple[str, ...]


_READERS: dict[str, ReaderSpec] = {}
# Readers that live in modules with heavier dependencies, imported on first use.
_LAZY_READERS = {
    "html": "sorot.ingest.html",
    "feed": "sorot.ingest.feeds",
    "warc": "sorot.ingest.warc",
    "csv": "sorot.ingest.tabular",
    "urls": "sorot.ingest.fetch",
}
_LAZY_SUFFIXES = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc", ".warc.gz": "warc", ".arc.gz": "warc",
    ".csv": "csv", ".tsv": "csv",
}
# Suffixes whose reader goes online: never chosen by suffix, only by an explicit format.
_EXPLICIT_ONLY_SUFFIXES = {".urls": "urls"}


def register_reader(name: str, suffixes: Iterable[str] = ()) -> Callable[[ReaderFn], ReaderFn]:
    def wrap(fn: ReaderFn) -> ReaderFn:
        _READERS[name] = ReaderSpec(name, fn, tuple(suffixes))
        return fn

    return wrap


def reader(name: str) -> ReaderSpec:
    if name not in _READERS and name in _LAZY_READERS:
        importlib.import_module(_LAZY_READERS[name])
    if name not in _READERS:
        known = sorted(set(_READERS) | set(_LAZY_READERS))
        raise ValueError(f"unknown input format {name!r}; known formats: {', '.join(known)}")
    return _READERS[name]


def format_for(path: str) -> str:
    """The reader name for a path, by its suffix (compound suffixes such as .warc.gz first)."""
    lower = path.lower()
    for spec in _READERS.values():
        if any(lower.endswith(s) for s in spec.suffixes):
            return spec.name
    for suffix, name in sorted(_LAZY_SUFFIXES.items(), key=lambda kv: -len(kv[0])):
        if lower.endswith(suffix):
            return name
    return "text"


def read_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[ReadResult]:
    """Documents and errors from files, directories (recursively, sorted) and "-" (stdin)."""
    options = options or ReadOptions()
    for path in paths:
        if path != "-" and Path(path).is_dir():
            files = sorted(p for p in Path(path).rglob("*") if p.is_file() and not p.name.startswith("."))
            for file in files:
                yield from _read_one(str(file), options)
        else:
            yield from _read_one(path, options)


def _read_one(path: str, options: ReadOptions) -> Iterator[ReadResult]:
    if path != "-" and not Path(path).exists():
        yield ReadError(path, "no such file")
        return
    if options.format is None:
        explicit = next((f for s, f in _EXPLICIT_ONLY_SUFFIXES.items() if path.lower().endswith(s)), None)
        if explicit:
            yield ReadError(path, f"not read: this reader fetches pages over the network, which sorot does "
                                  f"only when asked with --format {explicit}")
            return
    name = options.format or ("jsonl" if path == "-" else format_for(path))
    try:
        spec = reader(name)
    except (ValueError, ImportError) as exc:
        yield ReadError(path, str(exc))
        return
    try:
        yield from spec.read(path, options)
    except OSError as exc:
        yield ReadError(path, f"cannot read: {exc}")


def open_binary(path: str) -> BinaryIO:
    return sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115


def decode(data: bytes, declared: str | None = None) -> tuple[str, dict[str, Any]]:
    """Bytes to text: UTF-8 first, then the declared encoding, then detection; notes what was used.

    Raises ValueError for binary data, so the caller can record an error for that item.
    """
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), {}
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), {"encoding": declared, "encoding_fallback": "declared"}
        except (UnicodeDecodeError, LookupError):
            pass
    best = from_bytes(data).best()
    if best is None:
        raise ValueError("undecodable bytes: not UTF-8 and no encoding detected")
    return str(best), {"encoding": best.encoding, "encoding_fallback": "detected"}


def check_text(doc: Document, options: ReadOptions, source: str) -> ReadResult:
    """The checks every reader applies before handing a Document on."""
    if not doc.raw_text.strip():
        return ReadError(source, "empty document", doc.id)
    if len(doc.raw_text) > options.max_chars:
        return ReadError(source, f"document too large ({len(doc.raw_text):,} characters > {options.max_chars:,})",
                         doc.id)
    controls = sum(1 for ch in doc.raw_text[:20_000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(doc.raw_text), 20_000):
        return ReadError(source, "binary data (control characters), not text", doc.id)
    for name in ("raw_text", "id", "title", "url", "source"):
        try:
            getattr(doc, name).encode("utf-8")
        except UnicodeEncodeError as exc:  # a JSON "\ud800" escape: a lone surrogate cannot be stored
            return ReadError(source, f"invalid text in {name}: unpaired surrogate at character {exc.start}",
                             doc.id.encode("utf-8", "replace").decode("utf-8"))
    doc.meta.setdefault("source_file", source)
    return doc


@register_reader("text", suffixes=(".txt", ".text"))
def read_text(path: str, options: ReadOptions) -> Iterator[ReadResult]:
    """A plain text file is one article; its id is the file stem."""
    with open_binary(path) as fh:
        data = fh.read(options.max_chars * 4 + 1)
    doc_id = "stdin" if path == "-" else Path(path).stem
    try:
        text, notes = decode(data)
    except ValueError as exc:
        yield ReadError(path, str(exc), doc_id)
        return
    doc = Document(id=doc_id, raw_text=text.replace("\r\n", "\n"), meta={"format": "text", **notes})
    yield check_text(doc, options, path)


_JSON_FIELDS = ("url", "title", "date", "source", "lang")
# Day formats a record's date may use besides ISO 8601; day-first as in Indonesian sources.
_DATE_FORMATS = ("%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y")


def parse_date(value: str) -> str | None:
    """The ISO day (YYYY-MM-DD) of a record's date, or None when it is not a date we can read.

    ISO dates and datetimes keep the day as written (no time-zone shift); YYYY/MM/DD, DD/MM/YYYY
    and DD-MM-YYYY are read too. Relative words ("kemarin") and anything else are refused, not
    guessed: a wrong date is worse than none.
    """
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def document_from_record(record: dict[str, Any], options: ReadOptions, source: str, item: str) -> ReadResult:
    """A Document from a JSON/CSV record, honouring the column mapping (field -> key).

    A date that is not readable is dropped and kept as ``meta["date_invalid"]``.
    """
    cols = {"id": "id", "text": "text", **{f: f for f in _JSON_FIELDS}, **options.columns}
    doc_id = record.get(cols["id"])
    if doc_id in (None, ""):
        return ReadError(source, "record has no id", item)
    text = record.get(cols["text"])
    if not isinstance(text, str):
        return ReadError(source, f"record {doc_id!r} has no text", item)
    fields = {f: str(record[cols[f]]) for f in _JSON_FIELDS if record.get(cols[f]) not in (None, "")}
    meta: dict[str, Any] = {"format": "json"}
    if "date" in fields:
        original = fields.pop("date")
        day = parse_date(original)
        if day:
            fields["date"] = day
        else:
            meta["date_invalid"] = original
    doc = Document(id=str(doc_id), raw_text=text.replace("\r\n", "\n"), **fields, meta=meta)
    return check_text(doc, options, source)


@register_reader("jsonl", suffixes=(".jsonl", ".ndjson", ".jsonl.gz"))
def read_jsonl(path: str, options: ReadOptions) -> Iterator[ReadResult]:
    """One article per line: id, text and optional url/title/date/source/lang.

    Lines are decoded one by one like text files (a BOM is dropped; a line that is not UTF-8 is
    decoded by detection and the encoding noted in the document's meta), never silently replaced.
    """
    if path.endswith(".gz"):
        import gzip

        stream: BinaryIO = gzip.open(path)  # noqa: SIM115
    else:
        stream = open_binary(path)
    with stream:
        try:
            yield from _read_lines(path, stream, options)
        except (EOFError, OSError) as exc:  # truncated gzip
            yield ReadError(path, f"input ends early: {exc}")


@register_reader("json", suffixes=(".json",))
def read_json(path: str, options: ReadOptions) -> Iterator[ReadResult]:
    """A .json file: a JSON array of article objects, or JSON Lines (as many ".json" exports are).

    The first non-blank character decides: "[" is an array, read whole; anything else is read
    line by line like JSONL.
    """
    with open_binary(path) as stream:
        head = stream.read(1 << 16)
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
            yield from _read_array(path, head + stream.read(), options)
        else:  # finish the cut line, then stream the rest line by line
            yield from _read_lines(path, itertools.chain(io.BytesIO(head + stream.readline()), stream), options)


def _read_lines(path: str, lines: Iterable[bytes], options: ReadOptions) -> Iterator[ReadResult]:
    """Records of JSON Lines; each bad line is one ReadError naming it, an input without records one more."""
    seen = False
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        seen = True
        try:
            line, notes = decode(raw)
        except ValueError as exc:
            yield ReadError(path, str(exc), f"line {n}")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(path, f"invalid JSON: {exc.msg} at column {exc.colno}", f"line {n}")
            continue
        if not isinstance(record, dict):
            yield ReadError(path, "JSON line is not an object", f"line {n}")
            continue
        result = document_from_record(record, options, path, f"line {n}")
        if notes and isinstance(result, Document):
            result.meta.update(notes)
        yield result
    if not seen:
        yield ReadError(path, "empty input")


def _read_array(path: str, data: bytes, options: ReadOptions) -> Iterator[ReadResult]:
    """Records of a JSON array of objects; a broken array is one ReadError, a bad element one each."""
    try:
        text, notes = decode(data)
        records = json.loads(text)
    except ValueError as exc:  # JSONDecodeError is a ValueError, as is undecodable data
        where = f" at line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        message = f"invalid JSON: {exc.msg}{where}" if isinstance(exc, json.JSONDecodeError) else str(exc)
        yield ReadError(path, message)
        return
    if not records:
        yield ReadError(path, "empty input")
    yield from read_records(records, path, options, item="item", not_object="array item is not an object",
                            notes=notes)


def read_records(records: Iterable[Any], source: str, options: ReadOptions | None = None, *, item: str = "line",
                 not_object: str = "JSON record is not an object",
                 notes: dict[str, Any] | None = None) -> Iterator[ReadResult]:
    """Documents from already parsed JSON records (a JSON array's items, records posted to the API), converted
    as the JSON Lines reader converts its lines; record ``n`` (from 1) is named ``f"{item} {n}"`` in errors."""
    options = options or ReadOptions()
    for n, record in enumerate(records, 1):
        if not isinstance(record, dict):
            yield ReadError(source, not_object, f"{item} {n}")
            continue
        result = document_from_record(record, options, source, f"{item} {n}")
        if notes and isinstance(result, Document):
            result.meta.update(notes)
        yield result
