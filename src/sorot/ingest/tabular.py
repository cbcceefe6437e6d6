"""CSV and TSV files: one article per row, with a configurable column mapping.

``ReadOptions.columns`` maps Document fields to column names, e.g. ``{"text": "isi",
"title": "judul", "date": "tanggal"}``; unmapped fields use their own names (id, text, url,
title, date, source, lang). The delimiter follows the suffix (.tsv is tab-separated) unless
``options.extra["delimiter"]`` says otherwise. A row with the wrong number of cells or without
id/text gives a ReadError for that row only. JSONL with a column mapping is read by the jsonl
reader of ``sorot.ingest.base``, which honours the same option.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sorot.ingest.base import (
    ReadError,
    ReadOptions,
    ReadResult,
    document_from_record,
    open_binary,
    register_reader,
)


@register_reader("csv", suffixes=(".csv", ".tsv"))
def read_csv(path: str, options: ReadOptions) -> Iterator[ReadResult]:
    delimiter = options.extra.get("delimiter") or ("\t" if path.lower().endswith(".tsv") else ",")
    csv.field_size_limit(max(options.max_chars * 4, 1 << 20))
    stream = io.TextIOWrapper(open_binary(path), encoding=options.extra.get("encoding", "utf-8-sig"),
                              errors="replace", newline="")
    with stream:
        rows = csv.reader(stream, delimiter=delimiter)
        try:
            header = next(rows)
        except StopIteration:
            yield ReadError(path, "empty file: no header row")
            return
        except csv.Error as exc:
            yield ReadError(path, f"unreadable header row: {exc}")
            return
        header = [h.strip() for h in header]
        missing = [options.columns.get(f, f) for f in ("id", "text") if options.columns.get(f, f) not in header]
        if missing:
            yield ReadError(path, f"no column {', '.join(missing)} in the header (columns: {', '.join(header)}); "
                                  f"map fields to columns with the column mapping")
            return
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as exc:
                yield ReadError(path, f"malformed row: {exc}", f"line {rows.line_num}")
                continue
            item = f"line {rows.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield ReadError(path, f"row has {len(row)} cells, the header has {len(header)}", item)
                continue
            result = document_from_record(dict(zip(header, row, strict=True)), options, path, item)
            if not isinstance(result, ReadError):
                result.meta["format"] = "csv"
            yield result
