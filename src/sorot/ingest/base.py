"""Readers: everything that turns user input into Documents, behind one interface.

A reader is a function ``read(path, options) -> Iterator[Document | ReadError]`` registered with
``@register_reader(name, suffixes=...)``. It yields one Document per article and a ReadError for
each item it cannot read, and keeps going: one bad record never stops a batch. ``read_inputs``
picks the reader by explicit format, then by file suffix, expands directories and handles "-"
for standard input. Plain text and JSONL live here; HTML, feeds, WARC and CSV register from
their own modules (imported lazily, so their libraries load only when used).
"""

from __future__ import annotations

import importlib
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
    ".csv": "csv", ".tsv": "csv", ".urls": "urls",
}


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


def document_from_record(record: dict[str, Any], options: ReadOptions, source: str, item: str) -> ReadResult:
    """A Document from a JSON/CSV record, honouring the column mapping (field -> key)."""
    cols = {"id": "id", "text": "text", **{f: f for f in _JSON_FIELDS}, **options.columns}
    doc_id = record.get(cols["id"])
    if doc_id in (None, ""):
        return ReadError(source, "record has no id", item)
    text = record.get(cols["text"])
    if not isinstance(text, str):
        return ReadError(source, f"record {doc_id!r} has no text", item)
    fields = {f: str(record[cols[f]]) for f in _JSON_FIELDS if record.get(cols[f]) not in (None, "")}
    date = fields.get("date")
    if date:
        fields["date"] = date[:10]
    doc = Document(id=str(doc_id), raw_text=text.replace("\r\n", "\n"), **fields, meta={"format": "json"})
    return check_text(doc, options, source)


@register_reader("jsonl", suffixes=(".jsonl", ".ndjson", ".jsonl.gz", ".json"))
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
            for n, raw in enumerate(stream, 1):
                if not raw.strip():
                    continue
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
        except (EOFError, OSError) as exc:  # truncated gzip
            yield ReadError(path, f"input ends early: {exc}")
