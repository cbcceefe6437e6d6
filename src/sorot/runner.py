"""Batch runs: read inputs, process each document, and store or emit the results.

Every input item ends as exactly one of: stored, unchanged (the same id with the same content is
stored already), or an error record naming the item and the reason. Errors never stop a run.
Documents in languages the coder does not read are stored too (nothing is lost) and also counted
as "skipped (language)": they have text, language and cleaning, but no events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sorot.ingest.base import ReadError, ReadOptions, read_inputs
from sorot.model import Document
from sorot.pipeline import Pipeline, StageError, default_pipeline

CODED_LANGUAGES = frozenset({"id", "en"})


@dataclass
class RunSummary:
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    formats: Counter[str] = field(default_factory=Counter)
    run_id: str = ""
    errors_stored: int = 0  # how many of ``errors`` are written to the store already

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def error(self, source: str, message: str, item: str = "", doc_id: str = "", stage: str = "read") -> None:
        self.errors.append({"source": source, "item": item, "doc_id": doc_id, "stage": stage, "message": message})
        self.counts["errors"] += 1


def process_items(
    items: Iterable[Document | ReadError], pipeline: Pipeline, summary: RunSummary
) -> Iterator[Document]:
    """Process readable documents, turning read and stage failures into error records."""
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, ReadError):
            summary.error(item.source, item.message, item.item)
            continue
        summary.counts["read"] += 1
        source = str(item.meta.get("source_file", ""))
        summary.formats[str(item.meta.get("format", "?"))] += 1
        previous = seen.get(item.id)
        if previous is not None:
            if previous != item.content_hash:
                summary.error(source, f"duplicate id {item.id!r} with different content in this run", doc_id=item.id)
            else:
                summary.counts["unchanged"] += 1
            continue
        seen[item.id] = item.content_hash
        try:
            doc = pipeline(item)
        except StageError as exc:
            summary.error(source, str(exc), doc_id=item.id, stage="process")
            continue
        summary.languages[doc.lang or "?"] += 1
        if doc.lang and doc.lang not in CODED_LANGUAGES:
            summary.counts["skipped_lang"] += 1
        for flag in doc.flags:
            summary.counts[f"flag:{flag}"] += 1
        if doc.removed:
            summary.counts["spam_chars"] += sum(r.end - r.start for r in doc.removed if r.reason.startswith("spam"))
        yield doc


def extract(paths: Iterable[str], options: ReadOptions | None = None, pipeline: Pipeline | None = None,
            summary: RunSummary | None = None) -> Iterator[Document]:
    """Processed documents from input paths, without a store."""
    summary = summary if summary is not None else RunSummary()
    yield from process_items(read_inputs(paths, options), pipeline or default_pipeline(), summary)


def ingest(
    paths: list[str],
    store: Any,
    *,
    options: ReadOptions | None = None,
    pipeline: Pipeline | None = None,
    batch_size: int = 200,
    replace: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> RunSummary:
    """Read, process and store inputs in per-batch transactions; skip content already stored."""
    return ingest_documents(read_inputs(paths, options), store, pipeline=pipeline, inputs=paths,
                            batch_size=batch_size, replace=replace, on_progress=on_progress)


def ingest_documents(
    items: Iterable[Document | ReadError],
    store: Any,
    *,
    pipeline: Pipeline | None = None,
    inputs: Sequence[str] = (),
    batch_size: int = 200,
    replace: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> RunSummary:
    """Process and store documents (and record read errors) as one logged run, in per-batch transactions.

    The core of ``ingest`` for inputs that are not files (e.g. documents posted to the API): the same
    skipping of stored content, error records, near-duplicate clustering and run record. ``inputs``
    names what was read, for the run log.
    """
    pipeline = pipeline or default_pipeline()
    summary = RunSummary()
    summary.run_id = store.start_run(list(inputs), ",".join(s.name for s in pipeline.stages))
    pending: list[Document] = []
    clusters = store.near_duplicate_index()

    def fresh(items: Iterable[Document | ReadError]) -> Iterator[Document | ReadError]:
        """Drop documents whose content is stored already, before the costly processing."""
        batch: list[Document | ReadError] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from _filter_stored(batch, store, summary, replace)
                batch = []
        yield from _filter_stored(batch, store, summary, replace)

    status = "failed"
    try:
        for doc in process_items(fresh(items), pipeline, summary):
            if replace:
                clusters.remove(doc.id)  # a replaced document is clustered by its new text
            cluster = clusters.add(doc.id, doc.text)
            if cluster != doc.id:
                summary.counts["near_duplicates"] += 1
            pending.append(doc)
            if on_progress:
                on_progress(1)
            if len(pending) >= batch_size:
                _flush(store, pending, summary, clusters)
        _flush(store, pending, summary, clusters)
        status = "ok" if not summary.errors else "ok-with-errors"
    finally:
        store.finish_run(summary.run_id, status, summary.counts)
    return summary


def _filter_stored(batch: list[Document | ReadError], store: Any, summary: RunSummary,
                   replace: bool) -> Iterator[Document | ReadError]:
    docs = [d for d in batch if isinstance(d, Document)]
    stored_ids = store.stored_ids(d.id for d in docs)
    for item in batch:
        if isinstance(item, Document):
            # Unchanged means this id with this content: another id with the same text is its own document.
            if stored_ids.get(item.id) == item.content_hash:
                summary.counts["read"] += 1
                summary.counts["unchanged"] += 1
                continue
            if item.id in stored_ids and not replace:
                summary.counts["read"] += 1
                summary.error(str(item.meta.get("source_file", "")),
                              f"id {item.id!r} is stored with different content; use --replace to update it",
                              doc_id=item.id, stage="store")
                continue
        yield item


def _flush(store: Any, pending: list[Document], summary: RunSummary, clusters: Any) -> None:
    """Store the pending documents, their story clusters and the errors met since the last flush, in one
    transaction."""
    new_errors = summary.errors[summary.errors_stored:]
    if pending or new_errors:
        signatures = [(d.id, clusters.cluster[d.id], clusters.signature_bytes(d.id)) for d in pending]
        store.write_batch(pending, new_errors, run_id=summary.run_id, signatures=signatures)
        summary.counts["stored"] += len(pending)
        summary.errors_stored = len(summary.errors)
        pending.clear()
