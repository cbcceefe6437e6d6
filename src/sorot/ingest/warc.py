"""WARC and WARC.gz archives: one Document per HTML response record, streamed.

Records are read one at a time (warcio's ArchiveIterator), and a payload is read only up to
the page size limit, so memory stays constant whatever the archive size. Response records that
are not HTML (PDF, images, scripts), lack HTTP headers, carry an error status or are too large
each give a ReadError; request, metadata and warcinfo records are skipped silently. A truncated
or corrupt archive ends with a ReadError giving the offset where reading stopped.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from sorot.ingest.base import ReadError, ReadOptions, ReadResult, open_binary, register_reader
from sorot.ingest.html import MAX_HTML_BYTES, html_document, url_doc_id

_HTML_TYPES = ("text/html", "application/xhtml+xml")


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
        records = ArchiveIterator(fh, arc2warc=True)
        offset = 0
        try:
            for record in records:
                offset = records.get_record_offset()
                if record.rec_type != "response":
                    continue
                yield _response(record, path, f"offset {offset}", limit, options)
        except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
            yield ReadError(path, f"archive damaged or truncated, reading stopped: {exc}", f"after offset {offset}")


def _response(record: Any, path: str, item: str, limit: int, options: ReadOptions) -> ReadResult:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{item} {url}".strip()
    if record.http_headers is None:
        return ReadError(path, "response record without HTTP headers", where)
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return ReadError(path, f"HTTP status {status or 'missing'}, no page", where)
    mime, charset = content_type(record.http_headers.get_header("Content-Type"))
    if mime and mime not in _HTML_TYPES:
        return ReadError(path, f"not an HTML page: {mime}", where)
    payload = record.content_stream().read(limit + 1)
    meta = {"format": "warc", "warc_record_id": record.rec_headers.get_header("WARC-Record-ID") or "",
            "fetched": record.rec_headers.get_header("WARC-Date") or ""}
    result = html_document(payload, source=path, doc_id=url_doc_id(url) if url else None, options=options,
                           url=url or None, header_charset=charset, meta=meta)
    if isinstance(result, ReadError):
        result.item = where
    return result
