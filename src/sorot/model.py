"""The one document model every stage reads and writes.

Offsets (``start``/``end``) are character offsets into ``Document.clean_text`` unless a field
says otherwise; ``RemovedSpan`` offsets point into ``Document.raw_text``. ``Document.to_json()``
gives the output contract of the annotation guidelines (§6) plus sorot's own provenance fields,
and ``Document.from_json()`` reads it back without loss.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

MODALITIES = ("asserted", "intended", "future", "hypothetical", "negated", "historical")
SOFT_MODALITIES = frozenset({"negated", "hypothetical", "historical"})
# Actor codes that are not states (PLOVER): international bodies, NGOs, companies, transnational armed groups.
NON_STATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "MNC", "IMG"})


@dataclass(slots=True)
class Actor:
    """One entity of an actor list: a state or body, its sector, and a named person or office."""

    code: str
    sector: str = ""
    name: str = ""
    qid: str = ""
    role: str = ""
    role_start: str = ""
    role_end: str = ""

    def to_json(self) -> dict[str, str]:
        out = {"code": self.code, "sector": self.sector, "name": self.name}
        for key in ("qid", "role", "role_start", "role_end"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Actor | None:
        if not data:
            return None
        return cls(**{f.name: data.get(f.name) or "" for f in fields(cls)})

    def key(self) -> tuple[str, str, str]:
        return (self.code, self.sector, self.name)


@dataclass(slots=True)
class RemovedSpan:
    """Text cut from the raw text by the cleaner, with the reason, so the cut can be audited."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    lemma: str = ""
    sentence: int = 0


@dataclass(slots=True)
class Mention:
    """A span of clean text that names an actor (or a place, for locations)."""

    start: int
    end: int
    text: str
    type: str  # COUNTRY, PERSON, ORG, ROLE, PLACE, PRONOUN, GROUP
    actor: Actor | None = None
    sentence: int = -1
    source: str = ""  # kb, ner, coref, title, ...
    head: str = ""  # the title or role noun that gave the sector, when any

    def to_json(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in ("start", "end", "text", "type", "sentence", "source", "head")}
        out["actor"] = self.actor.to_json() if self.actor else None
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mention:
        return cls(**{**data, "actor": Actor.from_json(data.get("actor"))})


@dataclass(slots=True)
class Location:
    name: str
    country: str = ""
    admin1: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass(slots=True)
class Event:
    """One coded act (GUIDELINES §6) with its evidence, provenance and derived codes."""

    type: str
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    modality: str = "asserted"
    actor: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    evidence: str = ""
    trigger: str = ""
    evidence_start: int = -1
    evidence_end: int = -1
    trigger_start: int = -1
    trigger_end: int = -1
    sentence: int = -1
    cameo: str = ""
    goldstein: float | None = None
    plover_score: float | None = None
    quad: int | None = None
    optional: bool = False
    confidence: float = 1.0
    rule: str = ""
    date: str | None = None
    date_resolution: str = ""
    location: Location | None = None
    mentions: int = 1  # how many sentences of the document report this act
    duplicate_of: int = -1  # index of the first event reporting the same act in this document

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "contexts": list(self.contexts),
            "modality": self.modality,
            "actor": [a.to_json() for a in self.actor],
            "recipient": [a.to_json() for a in self.recipient],
            "evidence": self.evidence,
            "trigger": self.trigger,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "plover_score": self.plover_score,
            "quad": self.quad,
            "optional": self.optional,
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
            "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end,
            "sentence": self.sentence,
            "confidence": self.confidence,
            "rule": self.rule,
            "event_date": self.date,
            "date_resolution": self.date_resolution,
            "location": asdict(self.location) if self.location else None,
            "mentions": self.mentions,
            "duplicate_of": self.duplicate_of,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        loc = data.get("location")
        return cls(
            type=data["type"],
            mode=data.get("mode"),
            contexts=list(data.get("contexts") or []),
            modality=data.get("modality") or "asserted",
            actor=[a for a in map(Actor.from_json, data.get("actor") or []) if a],
            recipient=[a for a in map(Actor.from_json, data.get("recipient") or []) if a],
            evidence=data.get("evidence", ""),
            trigger=data.get("trigger", ""),
            evidence_start=data.get("evidence_start", -1),
            evidence_end=data.get("evidence_end", -1),
            trigger_start=data.get("trigger_start", -1),
            trigger_end=data.get("trigger_end", -1),
            sentence=data.get("sentence", -1),
            cameo=data.get("cameo") or "",
            goldstein=data.get("goldstein"),
            plover_score=data.get("plover_score"),
            quad=data.get("quad"),
            optional=bool(data.get("optional")),
            confidence=data.get("confidence", 1.0),
            rule=data.get("rule", ""),
            date=data.get("event_date"),
            date_resolution=data.get("date_resolution", ""),
            location=Location(**loc) if loc else None,
            mentions=data.get("mentions", 1),
            duplicate_of=data.get("duplicate_of", -1),
        )


@dataclass(slots=True)
class Quote:
    text: str
    start: int
    end: int
    speaker: str = ""
    speaker_start: int = -1
    speaker_end: int = -1
    speaker_actor: Actor | None = None
    cue: str = ""
    direct: bool = True
    sentence: int = -1

    def to_json(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "speaker_actor": self.speaker_actor.to_json() if self.speaker_actor else None,
            "text": self.text,
            "direct": self.direct,
            "start": self.start,
            "end": self.end,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "cue": self.cue,
            "sentence": self.sentence,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Quote:
        return cls(
            text=data.get("text", ""),
            start=data.get("start", -1),
            end=data.get("end", -1),
            speaker=data.get("speaker", ""),
            speaker_start=data.get("speaker_start", -1),
            speaker_end=data.get("speaker_end", -1),
            speaker_actor=Actor.from_json(data.get("speaker_actor")),
            cue=data.get("cue", ""),
            direct=data.get("direct", True),
            sentence=data.get("sentence", -1),
        )


@dataclass(slots=True)
class Alert:
    rule: str
    why: str
    state: str = ""
    partner: str = ""
    event: int = -1  # index into Document.events
    severity: str = "info"

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "state": self.state, "partner": self.partner, "why": self.why,
                "event": self.event, "severity": self.severity}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Alert:
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


@dataclass(slots=True)
class Document:
    """An article and everything the pipeline found in it."""

    id: str
    raw_text: str
    url: str = ""
    source: str = ""
    title: str = ""
    date: str | None = None  # publication date, ISO yyyy-mm-dd
    lang: str = ""
    lang_scores: dict[str, float] = field(default_factory=dict)
    clean_text: str = ""
    removed: list[RemovedSpan] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # reader notes: encoding fallback, author, format
    errors: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text the analysis stages work on: the clean text once cleaning has run. A page that cleaning cut
        entirely (all boilerplate or spam) has no text left to analyse, not its raw text."""
        return self.clean_text if self.clean_text or self.removed else self.raw_text

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.raw_text.encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def spam(self) -> list[str]:
        return [r.text for r in self.removed if r.reason.startswith("spam")]

    def to_json(self, *, full: bool = False) -> dict[str, Any]:
        """GUIDELINES §6 shape; ``full`` adds texts, sentences, mentions and cleaning audit."""
        out: dict[str, Any] = {
            "id": self.id,
            "lang": self.lang,
            "date": self.date,
            "url": self.url,
            "source": self.source,
            "title": self.title,
            "events": [e.to_json() for e in self.events],
            "quotes": [q.to_json() for q in self.quotes],
            "spam": self.spam,
            "alerts": [a.to_json() for a in self.alerts],
            "flags": list(self.flags),
            "removed": [asdict(r) for r in self.removed],
            "errors": list(self.errors),
        }
        if full:
            out.update(
                raw_text=self.raw_text,
                clean_text=self.clean_text,
                lang_scores=self.lang_scores,
                sentences=[asdict(s) for s in self.sentences],
                mentions=[m.to_json() for m in self.mentions],
                meta=self.meta,
            )
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        return cls(
            id=str(data["id"]),
            raw_text=data.get("raw_text", ""),
            url=data.get("url", ""),
            source=data.get("source", ""),
            title=data.get("title", ""),
            date=data.get("date"),
            lang=data.get("lang", ""),
            lang_scores=data.get("lang_scores") or {},
            clean_text=data.get("clean_text", ""),
            removed=[RemovedSpan(**r) for r in data.get("removed") or []],
            flags=list(data.get("flags") or []),
            sentences=[Sentence(**s) for s in data.get("sentences") or []],
            mentions=[Mention.from_json(m) for m in data.get("mentions") or []],
            events=[Event.from_json(e) for e in data.get("events") or []],
            quotes=[Quote.from_json(q) for q in data.get("quotes") or []],
            alerts=[Alert.from_json(a) for a in data.get("alerts") or []],
            meta=data.get("meta") or {},
            errors=list(data.get("errors") or []),
        )
