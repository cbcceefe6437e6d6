"""Load the predicate lexicon, modality cues and context cues from the data files.

The lexicon is compiled once into lookup tables: a dict from lower-cased surface word to the
entries it can trigger (with the voice of that form), and a dict from the first word of each
multiword phrase to the phrases that start with it. Matching text is then one dict lookup per
token, which keeps the coder fast enough for whole news archives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from sorot.events.crosswalk import event_types, modes
from sorot.text.morphology import DEFAULT_VERB_PATTERNS, forms

GAP = "..."
MAX_GAP = 3


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    type: str
    mode: str | None = None
    roles: str = "direct"
    reciprocal: bool = False
    recipient_preps: tuple[str, ...] = ("kepada", "terhadap", "atas", "dengan", "ke")
    on_negation: tuple[str, str | None] | None = None
    variant: str = ""
    cameo: str | None = None
    contexts: tuple[str, ...] = ()
    needs: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()
    confidence: float = 0.8
    foreign: bool = False  # actor and recipient must be different states (visits)
    not_after: frozenset[str] = frozenset()
    needs_recipient: bool = False
    only_negated: bool = False
    complement_recipient: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    entry: Entry
    tokens: tuple[str, ...]  # may contain GAP


@dataclass
class Lexicon:
    words: dict[str, list[tuple[Entry, str]]] = field(default_factory=dict)
    phrases: dict[str, list[Phrase]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    occurrence_verbs: frozenset[str] = frozenset()
    entries: list[Entry] = field(default_factory=list)


def _data(name: str) -> dict[str, Any]:
    return yaml.safe_load(resources.files("sorot.events").joinpath(f"data/{name}").read_text("utf-8"))


def _guess_voice(word: str) -> str:
    if word.startswith(("di", "ter")):
        return "passive"
    if word.startswith("ber"):
        return "middle"
    if word.startswith(("me", "mem", "men", "meng", "meny")):
        return "active"
    return "nominal"


def _entry(raw: dict[str, Any]) -> Entry:
    etype, mode = raw["type"], raw.get("mode")
    if etype not in event_types():
        raise ValueError(f"lexicon entry {raw.get('id')!r}: unknown PLOVER type {etype!r}")
    if mode and mode not in modes(etype):
        raise ValueError(f"lexicon entry {raw.get('id')!r}: mode {mode!r} is not a mode of {etype}")
    negation = raw.get("on_negation")
    kwargs: dict[str, Any] = {
        "id": raw["id"], "type": etype, "mode": mode, "roles": raw.get("roles", "direct"),
        "reciprocal": bool(raw.get("reciprocal")), "foreign": bool(raw.get("foreign")), "variant": raw.get("variant", ""), "cameo": raw.get("cameo"),
        "contexts": tuple(raw.get("contexts", ())), "needs": frozenset(w.lower() for w in raw.get("needs", ())),
        "unless": frozenset(w.lower() for w in raw.get("unless", ())),
        "not_before": frozenset(w.lower() for w in raw.get("not_before", ())),
        "not_after": frozenset(w.lower() for w in raw.get("not_after", ())),
        "needs_recipient": bool(raw.get("needs_recipient")), "only_negated": bool(raw.get("only_negated")),
        "complement_recipient": bool(raw.get("complement_recipient")),
        "confidence": float(raw.get("confidence", 0.8)),
        "on_negation": (negation["type"], negation.get("mode")) if negation else None,
    }
    if "recipient_preps" in raw:
        kwargs["recipient_preps"] = tuple(raw["recipient_preps"])
    return Entry(**kwargs)


@lru_cache(maxsize=4)
def load_lexicon(name: str = "predicates.yaml") -> Lexicon:
    data = _data(name)
    lex = Lexicon(light_verbs=frozenset(w.lower() for w in data.get("light_verbs", ())),
                  occurrence_verbs=frozenset(w.lower() for w in data.get("occurrence_verbs", ())))
    seen_ids: set[str] = set()
    for raw in data["entries"]:
        entry = _entry(raw)
        if entry.id in seen_ids:
            raise ValueError(f"duplicate lexicon entry id {entry.id!r}")
        seen_ids.add(entry.id)
        lex.entries.append(entry)
        surface: dict[str, str] = {}
        for stem in raw.get("stems", ()):
            surface.update(forms(stem, raw.get("patterns", DEFAULT_VERB_PATTERNS)))
        for word in raw.get("words", ()):
            surface.setdefault(word.lower(), raw.get("voice") or _guess_voice(word.lower()))
        for word, voice in surface.items():
            lex.words.setdefault(word, []).append((entry, voice))
        for tokens in raw.get("phrases", ()):
            toks = tuple(str(t).lower() for t in tokens)
            if len(toks) == 1:
                lex.words.setdefault(toks[0], []).append((entry, _guess_voice(toks[0])))
            else:
                lex.phrases.setdefault(toks[0], []).append(Phrase(entry, toks))
    return lex


@dataclass(frozen=True)
class ModalityCues:
    window: int
    ordered: tuple[tuple[str, frozenset[tuple[str, ...]]], ...]  # (modality, cue token sequences)
    agree_when_future: frozenset[str]


@lru_cache(maxsize=1)
def modality_cues() -> ModalityCues:
    data = _data("modality.yaml")
    ordered = tuple(
        (name, frozenset(tuple(cue.lower().split()) for cue in data[name]))
        for name in ("negated", "hypothetical", "historical", "future", "intended")
    )
    return ModalityCues(int(data.get("window", 5)), ordered, frozenset(data.get("agree_when_future", ())))


@dataclass(frozen=True)
class ContextCues:
    exact: dict[tuple[str, ...], str]
    prefixes: dict[str, str]  # single-word cues written with a trailing "*"
    defaults: dict[str, tuple[str, ...]]
    longest: int


@lru_cache(maxsize=1)
def context_cues() -> ContextCues:
    data = _data("contexts.yaml")
    exact: dict[tuple[str, ...], str] = {}
    prefixes: dict[str, str] = {}
    for context, cues in data["cues"].items():
        for cue in cues:
            cue = cue.lower()
            if cue.endswith("*"):
                prefixes[cue[:-1]] = context
            else:
                exact[tuple(cue.split())] = context
    longest = max(len(k) for k in exact)
    defaults = {k: tuple(v) for k, v in data.get("defaults", {}).items()}
    return ContextCues(exact, prefixes, defaults, longest)
