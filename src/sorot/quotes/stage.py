"""The "quotes" pipeline stage: fills ``doc.quotes`` (direct and indirect speech with speakers)."""

from __future__ import annotations

from sorot.model import Document
from sorot.pipeline import register_stage
from sorot.quotes.extract import QuoteExtractor
from sorot.quotes.lexicon import load_lexicon


@register_stage("quotes")
class QuoteStage:
    """Reads ``doc.text``, ``doc.sentences`` and ``doc.mentions``; writes ``doc.quotes``.

    ``indirect`` turns reported speech on (GUIDELINES §4 counts it); ``keep_unresolved`` keeps
    quotes whose speaker has no actor (useful for reading, not for the scorer, which keys on the
    speaker's country); ``lexicon`` points to another cue file.
    """

    name = "quotes"

    def __init__(self, indirect: bool = True, keep_unresolved: bool = False, lexicon: str | None = None,
                 max_chars: int = 2500) -> None:
        self.extractor = QuoteExtractor(load_lexicon(lexicon) if lexicon else None, indirect=indirect,
                                        keep_unresolved=keep_unresolved, max_chars=max_chars)

    def __call__(self, doc: Document) -> Document:
        doc.quotes = self.extractor.extract(doc)
        return doc
