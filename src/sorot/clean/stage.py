"""The "clean" stage: raw text to clean text, with every cut recorded.

``doc.clean_text`` is ``doc.raw_text`` after character normalisation (NFC, invisible characters,
odd spaces) with spam and page furniture cut out. Each cut is a ``RemovedSpan`` with offsets into
the raw text and a reason: ``spam:*`` (injected gambling spam), ``boilerplate:*`` (page
furniture), ``whitespace`` (the space or line break that went with a cut) or ``normalise:*``.
Apart from same-length substitutions (a no-break space becomes a space, NFC composition), the
clean text is exactly the raw text minus those spans, so ``OffsetMap.from_doc(doc)`` maps any
clean offset back to the raw text.
"""

from __future__ import annotations

from sorot.clean.boilerplate import BoilerplateFinder
from sorot.clean.lexicon import spam_lexicon
from sorot.clean.normalise import normalise
from sorot.clean.offsets import IntervalSet, OffsetMap, apply_cuts
from sorot.clean.spam import Finding, SpamDetector, gaps
from sorot.model import Document, RemovedSpan
from sorot.pipeline import register_stage

PAGE_FLAGS = ("spam_page", "content_farm")
_PRIORITY = {"spam": 0, "boilerplate": 1, "whitespace": 2}


@register_stage("clean")
class CleanStage:
    """Normalise, then cut gambling spam and page furniture; flag spam pages and content farms."""

    name = "clean"

    def __init__(self, spam: bool = True, boilerplate: bool = True,
                 spam_lexicon_path: str | None = None, boilerplate_path: str | None = None) -> None:
        self.spam = SpamDetector(spam_lexicon(spam_lexicon_path)) if spam else None
        self.boilerplate = BoilerplateFinder(boilerplate_path) if boilerplate else None

    def __call__(self, doc: Document) -> Document:
        raw = doc.raw_text
        substituted, norm_cuts = normalise(raw)
        norm_map = OffsetMap((c.start, c.end) for c in norm_cuts)
        text = apply_cuts(substituted, norm_map.cuts)
        findings, flags, stats = self.find(text)
        findings = _resolve(findings)
        removed: list[RemovedSpan] = []
        covered = IntervalSet()
        for f in findings:
            start, end = norm_map.span_to_raw(f.start, f.end)
            removed.append(RemovedSpan(start, end, raw[start:end], f.reason))
            covered.add(start, end)
        for c in norm_cuts:
            if not covered.covers(c.start):
                removed.append(RemovedSpan(c.start, c.end, raw[c.start:c.end], c.reason))
        removed.sort(key=lambda r: r.start)
        doc.clean_text = apply_cuts(text, ((f.start, f.end) for f in findings))
        doc.removed = removed
        doc.flags = [f for f in doc.flags if f not in PAGE_FLAGS] + flags
        if flags:
            doc.meta["spam_stats"] = {k: round(v, 3) for k, v in stats.items()}
        return doc

    def find(self, text: str) -> tuple[list[Finding], list[str], dict[str, float]]:
        """Spans of normalised text to cut, the page flags and the page statistics."""
        findings: list[Finding] = []
        flags: list[str] = []
        stats: dict[str, float] = {}
        if self.spam is not None:
            result = self.spam.detect(text)
            findings, flags, stats = result.findings, result.flags, result.stats
        if self.boilerplate is not None:
            spam_spans = IntervalSet()
            for f in findings:
                if f.reason.startswith("spam:"):
                    spam_spans.add(f.start, f.end)
            for start, end, reason in self.boilerplate.find(text):
                if spam_spans.overlaps(start, end):
                    continue
                findings.append(Finding(start, end, reason, whole_line=True))
        return findings + gaps(text, findings), flags, stats


def _resolve(findings: list[Finding]) -> list[Finding]:
    """Non-overlapping findings: spam wins over boilerplate, both over whitespace."""
    covered = IntervalSet()
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (_PRIORITY.get(f.reason.split(":", 1)[0], 3), f.start)):
        for start, end in covered.missing(f.start, f.end):
            kept.append(Finding(start, end, f.reason))
        covered.add(f.start, f.end)
    return sorted(kept, key=lambda f: f.start)
