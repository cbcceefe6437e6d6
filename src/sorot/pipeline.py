"""The pipeline: a configured sequence of small stages, each reading and writing the Document.

A stage is any callable ``stage(doc) -> doc`` with a ``name``. Stages register a factory under a
name so that a pipeline can be described as data (a list of names with per-stage settings) and a
stage can be swapped without touching the others, as in spaCy. Heavy resources (knowledge base,
models, lexicons) are built once when the factory runs, never per document.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from sorot.model import Document


class Stage(Protocol):
    """A pipeline component. Optional attributes: ``languages`` (the stage runs only on documents
    in these languages, or with no language yet) and ``skip_flags`` (the stage skips documents
    carrying any of these flags, e.g. spam pages are not coded for events)."""

    name: str

    def __call__(self, doc: Document) -> Document: ...


StageFactory = Callable[..., Stage]
_FACTORIES: dict[str, StageFactory] = {}

# Where each built-in stage lives: importing the module registers its factory.
_BUILTIN_MODULES = {
    "clean": "sorot.clean.stage",
    "language": "sorot.clean.language",
    "segment": "sorot.text.segment",
    "actors": "sorot.actors.stage",
    "quotes": "sorot.quotes.stage",
    "events": "sorot.events.stage",
    "alerts": "sorot.alerts.stage",
}

DEFAULT_STAGES = ("clean", "language", "segment", "actors", "quotes", "events", "alerts")


def register_stage(name: str) -> Callable[[StageFactory], StageFactory]:
    """Class or function decorator: make a stage factory available under ``name``."""

    def wrap(factory: StageFactory) -> StageFactory:
        _FACTORIES[name] = factory
        return factory

    return wrap


def stage_factory(name: str) -> StageFactory:
    if name not in _FACTORIES and name in _BUILTIN_MODULES:
        importlib.import_module(_BUILTIN_MODULES[name])
    try:
        return _FACTORIES[name]
    except KeyError:
        known = sorted(set(_FACTORIES) | set(_BUILTIN_MODULES))
        raise ValueError(f"unknown pipeline stage {name!r}; known stages: {', '.join(known)}") from None


class StageError(Exception):
    """A stage failed on one document; the message names the stage."""


@dataclass
class Pipeline:
    stages: list[Stage]
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_config(
        cls, names: Iterable[str] = DEFAULT_STAGES, settings: dict[str, dict[str, Any]] | None = None
    ) -> Pipeline:
        settings = settings or {}
        stages = []
        for name in names:
            try:
                stages.append(stage_factory(name)(**settings.get(name, {})))
            except TypeError as exc:
                raise ValueError(f"stage {name!r}: bad settings {settings.get(name)}: {exc}") from exc
        return cls(stages)

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            languages = getattr(stage, "languages", None)
            if languages and doc.lang and doc.lang not in languages:
                continue
            if set(getattr(stage, "skip_flags", ())) & set(doc.flags):
                continue
            started = time.perf_counter()
            try:
                result = stage(doc)
            except Exception as exc:  # one bad document must not stop a batch
                raise StageError(f"stage {stage.name!r} failed on {doc.id!r}: {exc!r}") from exc
            if not isinstance(result, Document):  # e.g. a branch that forgot to return the document
                raise StageError(f"stage {stage.name!r} returned {type(result).__name__}, not a Document, "
                                 f"on {doc.id!r}")
            doc = result
            self.timings[stage.name] = self.timings.get(stage.name, 0.0) + time.perf_counter() - started
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The shared default pipeline, built on first use (loading its resources once per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline.from_config()
    return _DEFAULT


def process(document: Document | str, **fields: Any) -> Document:
    """Run the default pipeline on one document (or a raw text, with optional Document fields)."""
    if isinstance(document, str):
        document = Document(id=fields.pop("id", "doc"), raw_text=document, **fields)
    return default_pipeline()(document)
