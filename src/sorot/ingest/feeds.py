"""RSS and Atom feeds: one Document per item.

An item's text is the linked page when a copy of it is present locally (a relative or file://
link, or a file in ``options.extra["pages_dir"]`` named by ``url_doc_id(link)`` + ".html" or by
the link's last path segment); otherwise the item's own content or summary, with its HTML
markup reduced to paragraphs. Feeds are never fetched from the network here.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser
import lxml.html

from sorot.ingest.base import ReadError, ReadOptions, ReadResult, check_text, open_binary, register_reader
from sorot.ingest.html import html_document, url_doc_id
from sorot.model import Document

MAX_FEED_BYTES = 50_000_000
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}


def fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (an item's description), one line per block element."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - malformed markup: fall back to the raw string
        return fragment.strip()
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    parts: list[str] = []
    for el in root.iter():
        if el.tag in _BLOCKS:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        if el.tail and el is not root:
            parts.append(el.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _local_page(link: str, feed_path: str, pages_dir: str | None) -> Path | None:
    """A local copy of an item's linked page, if there is one."""
    if not link:
        return None
    parts = urlsplit(link)
    candidates: list[Path] = []
    if parts.scheme == "file":
        candidates.append(Path(unquote(parts.path)))
    elif not parts.scheme and feed_path != "-":
        candidates.append(Path(feed_path).parent / unquote(parts.path))
    if pages_dir:
        candidates.append(Path(pages_dir) / f"{url_doc_id(link)}.html")
        name = Path(unquote(parts.path)).name
        if name:
            candidates += [Path(pages_dir) / name, Path(pages_dir) / f"{name}.html"]
    return next((c for c in candidates if c.is_file()), None)


@register_reader("feed", suffixes=(".rss", ".atom", ".xml"))
def read_feed(path: str, options: ReadOptions) -> Iterator[ReadResult]:
    """Items of an RSS/Atom feed; a feed too broken to yield any item gives one ReadError."""
    with open_binary(path) as fh:
        data = fh.read(MAX_FEED_BYTES + 1)
    if len(data) > MAX_FEED_BYTES:
        yield ReadError(path, f"feed too large (more than {MAX_FEED_BYTES:,} bytes)")
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield ReadError(path, f"not a readable feed: {problem}" if problem else "feed has no items")
        return
    site = parsed.feed.get("title", "")
    feed_lang = parsed.feed.get("language", "")
    warning = f"malformed feed, read partially: {parsed.bozo_exception}" if parsed.get("bozo") else ""
    for n, entry in enumerate(parsed.entries, 1):
        yield _item(entry, n, path, options, site, feed_lang, warning)


def _item(entry: Any, n: int, path: str, options: ReadOptions, site: str, feed_lang: str,
          warning: str) -> ReadResult:
    link = entry.get("link", "")
    item = f"item {n}"
    doc_id = url_doc_id(link) if link else f"{Path(path).stem}-{n}"
    meta: dict[str, Any] = {"format": "feed", "feed": path}
    if warning:
        meta["feed_warning"] = warning
    if entry.get("author"):
        meta["author"] = entry["author"]
    page = _local_page(link, path, options.extra.get("pages_dir"))
    if page is not None:
        result = html_document(page.read_bytes(), source=str(page), doc_id=doc_id, options=options,
                               url=link or None, meta={**meta, "page": str(page)})
        if isinstance(result, Document):
            result.title = result.title or entry.get("title", "").strip()
            result.date = result.date or _date(entry)
            result.source = result.source or site
            result.lang = result.lang or entry.get("language", "") or feed_lang
            return result
        meta["page_error"] = result.message
    content = entry.get("content") or []
    html = max((c.get("value", "") for c in content), key=len, default="") or entry.get("summary", "")
    text = fragment_text(html)
    if not text:
        return ReadError(path, "item has no text and no local copy of its page", item)
    doc = Document(id=doc_id, raw_text=text, url=link, source=site, title=entry.get("title", "").strip(),
                   date=_date(entry), lang=entry.get("language", "") or feed_lang, meta=meta)
    return check_text(doc, options, path)
