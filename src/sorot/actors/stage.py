"""The "actors" pipeline stage: fills ``doc.mentions`` from the knowledge base and resolver.

The knowledge base (and the optional NER tagger) load once, in the constructor.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from sorot.actors.kb import KnowledgeBase
from sorot.actors.resolver import NerFn, Resolver
from sorot.model import Document
from sorot.pipeline import register_stage

log = logging.getLogger(__name__)


def load_ner() -> NerFn | None:
    """The NER tagger's ``entities`` function, or None when the module or model is missing."""
    try:
        from sorot.actors.ner import load_tagger

        return load_tagger().entities
    except (ImportError, OSError) as exc:  # a missing library or model file (FileNotFoundError is an OSError)
        log.info("actors: NER tagger not available (%s); unknown names stay unresolved", exc)
        return None


@register_stage("actors")
class ActorStage:
    """Find actor mentions (states, bodies, people, roles, pronouns) in ``doc.text``."""

    name = "actors"

    def __init__(self, use_ner: bool = True, people_files: Iterable[str | Path] | None = None,
                 kb: KnowledgeBase | None = None) -> None:
        self.kb = kb or KnowledgeBase(people_files)
        self.resolver = Resolver(self.kb, load_ner() if use_ner else None)

    def __call__(self, doc: Document) -> Document:
        sentences = [(s.start, s.end) for s in doc.sentences]
        doc.mentions = self.resolver.resolve(doc.text, sentences, doc.date, doc.lang)
        return doc
