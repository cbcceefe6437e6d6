"""WARC and WARC.gz archives: one Document per HTML response record, streamed.

Records are read one at a time (warcio's ArchiveIterator), and a payload is read only up to
the page size limit, so memory stays constant whatever the archive size. Response records that
are not HTML (PDF, images, scripts), lack HTTP headers, carry an error status or are too large
each give a ReadError; request, metadata and warcinfo records are skipped silently. A truncated
or corrupt archive ends with a ReadError giving the offset where reading stopped.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from sorot.ingest.base import ReadError, ReadOptions, ReadResult, open_binary, register_reader
from sorot.ingest.html import MAX_HTML_BYTES, html_document, url_doc_id

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TRAILER_SLACK = 8  # blank lines an archive may end with


def content_type(value: str | None) -> tuple[str, str | None]:
    """('text/html', 'utf-8') from a Content-Type header value."""
    if not value:
        return "", None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return mime.strip().lower(), charset


@register_reader("warc", suffixes=(".warc", ".warc.gz", ".arc.gz"))
def read_warc(path: str, options: ReadOptions) -> Iterator[ReadResult]:
    limit = int(options.extra.get("max_html_bytes", MAX_HTML_BYTES))
    with open_binary(path) as fh:
        records = ArchiveIterator(fh, arc2warc=path.lower().endswith((".arc", ".arc.gz")))
        offset = end = 0
        try:
            for record in records:
                result = _response(record, path, limit, options) if record.rec_type == "response" else None
                # offsets are known only once the record has been read (warcio reads to its end)
                offset = records.get_record_offset()
                end = offset + records.get_record_length()
                if isinstance(result, ReadError):
                    result.item = f"offset {offset} {result.item}".strip()
                if result is not None:
                    yield result
        except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
            detail = " ".join(str(exc).split())[:160] or type(exc).__name__
            yield ReadError(path, f"archive damaged or truncated, reading stopped: {detail}", f"after offset {offset}")
            return
        size = os.fstat(fh.fileno()).st_size if path != "-" else 0
        if size > end + _TRAILER_SLACK:  # warcio stops quietly at a cut-off gzip member
            yield ReadError(path, f"archive damaged or truncated: {size - end:,} bytes after the last complete "
                                  "record could not be read", f"after offset {offset}")


def _response(record: Any, path: str, limit: int, options: ReadOptions) -> ReadResult:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = url
    headers = record.http_headers
    if headers is None or not (headers.protocol or "").upper().startswith("HTTP/"):
        return ReadError(path, "response record without HTTP headers", where)
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return ReadError(path, f"HTTP status {status or 'missing'}, no page", where)
    mime, charset = content_type(record.http_headers.get_header("Content-Type"))
    if mime and mime not in _HTML_TYPES:
        return ReadError(path, f"not an HTML page: {mime}", where)
    payload = record.content_stream().read(limit + 1)
    if len(payload) <= limit and getattr(record.raw_stream, "limit", 0) > 0:
        return ReadError(path, "record cut short: the archive ends inside it", where)
    meta = {"format": "warc", "warc_record_id": record.rec_headers.get_header("WARC-Record-ID") or "",
            "fetched": record.rec_headers.get_header("WARC-Date") or ""}
    result = html_document(payload, source=path, doc_id=url_doc_id(url) if url else None, options=options,
                           url=url or None, header_charset=charset, meta=meta)
    if isinstance(result, ReadError):
        result.item = where
    return result
