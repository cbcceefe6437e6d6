"""HTML pages to Documents: main text, title, author, date, canonical URL and site.

trafilatura finds the article text and the metadata, htmldate fills in the date when
trafilatura has none. The helpers here (binary sniffing, charset handling, ``html_document``)
are shared by the feed, WARC and fetch readers, which all end in an HTML page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from htmldate import find_date

from sorot.ingest.base import (
    ReadError,
    ReadOptions,
    ReadResult,
    check_text,
    decode,
    open_binary,
    parse_date,
    register_reader,
)
from sorot.model import Document

MAX_HTML_BYTES = 8_000_000  # a news page is rarely above 2 MB; bigger ones are archives or data dumps
MIN_ARTICLE_CHARS = 80  # less extracted text than this is navigation or an error page, not an article

_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or office document)"),
    (b"\x1f\x8b", "gzip data"),
    (b"RIFF", "RIFF media (WebP, WAV, AVI)"),
    (b"\x00\x00\x00", "binary media"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_HTML_HINT = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|p|div|title)[\s>]", re.IGNORECASE)


def sniff_binary(data: bytes) -> str | None:
    """What a payload is when it is plainly not a text page (PDF, image, archive), else None."""
    head = data[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in data[:1024]:
        return "binary data"
    return None


def declared_charset(data: bytes, header_charset: str | None = None) -> str | None:
    """The charset a page declares: the HTTP header first, then <meta charset> in the head."""
    if header_charset:
        return header_charset.strip().strip("\"'").lower()
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def url_doc_id(url: str) -> str:
    """A stable document id for a URL: the host plus a short hash of the whole URL."""
    host = urlsplit(url).hostname or "url"
    return f"{host}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:12]}"


def decode_page(data: bytes, header_charset: str | None = None) -> tuple[str, dict[str, Any]]:
    """Bytes of a page to text, noting the declared and the used encoding when they differ."""
    declared = declared_charset(data, header_charset)
    if declared is None:  # undeclared and not UTF-8: the web's default, windows-1252 (WHATWG)
        try:
            return data.decode("utf-8-sig"), {}
        except UnicodeDecodeError:
            try:
                return data.decode("windows-1252"), {"encoding": "windows-1252", "encoding_fallback": "html-default"}
            except UnicodeDecodeError:
                pass
    text, notes = decode(data, declared)
    if declared and notes.get("encoding") and notes["encoding"].replace("_", "-") != declared:
        notes["encoding_declared"] = declared
    elif declared and not notes and declared.replace("_", "-") not in ("utf-8", "utf8"):
        notes = {"encoding": "utf-8", "encoding_declared": declared}
    return text, notes


def html_document(data: bytes, *, source: str, doc_id: str | None, options: ReadOptions,
                  url: str | None = None, header_charset: str | None = None,
                  meta: dict[str, Any] | None = None) -> ReadResult:
    """One HTML page (bytes) as a Document, or a ReadError saying why not."""
    item = doc_id or url or ""
    limit = int(options.extra.get("max_html_bytes", MAX_HTML_BYTES))
    if len(data) > limit:
        return ReadError(source, f"page too large (more than {limit:,} bytes)", item)
    kind = sniff_binary(data)
    if kind:
        return ReadError(source, f"not an HTML page: {kind}", item)
    if not _HTML_HINT.search(data[:65536]):
        return ReadError(source, "not an HTML page: no HTML tags", item)
    try:
        html, notes = decode_page(data, header_charset)
    except ValueError as exc:
        return ReadError(source, str(exc), item)
    try:
        extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                                include_tables=False, favor_precision=True)
    except Exception as exc:  # noqa: BLE001 - a parser failure is one bad page, not a crash
        return ReadError(source, f"HTML extraction failed: {exc!r}", item)
    found = len((extracted.text or "").strip()) if extracted is not None else 0
    if found < int(options.extra.get("min_chars", MIN_ARTICLE_CHARS)):
        return ReadError(source, f"no article text found in the page ({found} characters)", item)
    title = (extracted.title or "").strip()
    text = _drop_title_line(extracted.text, title)
    date = extracted.date or _find_date(html)
    canonical = extracted.url or url or ""
    fields: dict[str, Any] = {"format": "html", **notes, **(meta or {})}
    if extracted.author:
        fields["author"] = extracted.author
    if url and canonical != url:
        fields["fetched_url"] = url
    doc = Document(
        id=doc_id or (url_doc_id(canonical) if canonical else "page"),
        raw_text=text,
        url=canonical,
        source=extracted.sitename or extracted.hostname or (urlsplit(canonical).hostname or ""),
        title=title,
        date=parse_date(date) if date else None,
        lang=_html_lang(html),
        meta=fields,
    )
    return check_text(doc, options, source)


def _drop_title_line(text: str, title: str) -> str:
    """trafilatura keeps the <h1> as the first line; the title has its own field."""
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        return rest
    return text


def _find_date(html: str) -> str | None:
    """The page's publication date by htmldate, which gets bytes: a string that looks like a URL it would download."""
    try:
        return find_date(html.encode("utf-8"), original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - a page without a usable date is still an article
        return None


_LANG_ATTR = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def _html_lang(html: str) -> str:
    m = _LANG_ATTR.search(html[:4096])
    return m.group(1).lower() if m else ""


@register_reader("html", suffixes=(".html", ".htm", ".xhtml"))
def read_html(path: str, options: ReadOptions) -> Iterator[ReadResult]:
    """One saved page per file; the id is the file stem, the URL the page's canonical link."""
    limit = int(options.extra.get("max_html_bytes", MAX_HTML_BYTES))
    with open_binary(path) as fh:
        data = fh.read(limit + 1)
    doc_id = "stdin" if path == "-" else Path(path).stem
    yield html_document(data, source=path, doc_id=doc_id, options=options, url=options.extra.get("url"))
