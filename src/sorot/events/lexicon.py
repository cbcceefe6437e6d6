"""Load the predicate lexicon, modality cues and context cues from the data files.

The lexicon is compiled once into lookup tables: a dict from lower-cased surface word to the
entries it can trigger (with the voice of that form), and a dict from the first word of each
multiword phrase to the phrases that start with it. Matching text is then one dict lookup per
token, which keeps the coder fast enough for whole news archives.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from sorot.events.crosswalk import event_types, modes
from sorot.text.morphology import DEFAULT_VERB_PATTERNS, english_forms, forms

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
    modalities: frozenset[str] = frozenset()
    topic_object: bool = False  # "membahas X dengan Y": the object is what is discussed, the recipient follows a prep


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
    witness_verbs: frozenset[str] = frozenset()
    entries: list[Entry] = field(default_factory=list)


def _data(name: str) -> dict[str, Any]:
    return yaml.safe_load(resources.files("sorot.events").joinpath(f"data/{name}").read_text("utf-8"))


def _guess_voice(word: str, bare_verbs: frozenset[str] = frozenset()) -> str:
    """Voice of an Indonesian form from its prefix; unprefixed verbs ("siap", "tiba") are listed."""
    if word in bare_verbs:
        return "active"
    if word.startswith(("di", "ter")):
        return "passive"
    if word.startswith("ber"):
        return "middle"
    if word.startswith(("me", "mem", "men", "meng", "meny")):
        return "active"
    return "nominal"


# How an entry's agent and patient map to actor and recipient (see the header of predicates_id.yaml).
ROLE_KINDS = ("direct", "inverse", "alleged", "destination")


def _entry(raw: dict[str, Any]) -> Entry:
    etype, mode = raw["type"], raw.get("mode")
    if etype not in event_types():
        raise ValueError(f"lexicon entry {raw.get('id')!r}: unknown PLOVER type {etype!r}")
    if mode and mode not in modes(etype):
        raise ValueError(f"lexicon entry {raw.get('id')!r}: mode {mode!r} is not a mode of {etype}")
    if raw.get("roles", "direct") not in ROLE_KINDS:
        raise ValueError(f"lexicon entry {raw.get('id')!r}: roles must be one of {', '.join(ROLE_KINDS)}")
    negation = raw.get("on_negation")
    kwargs: dict[str, Any] = {
        "id": raw["id"], "type": etype, "mode": mode, "roles": raw.get("roles", "direct"),
        "reciprocal": bool(raw.get("reciprocal")), "foreign": bool(raw.get("foreign")),
        "variant": raw.get("variant", ""), "cameo": raw.get("cameo"),
        "contexts": tuple(raw.get("contexts", ())), "needs": frozenset(w.lower() for w in raw.get("needs", ())),
        "unless": frozenset(w.lower() for w in raw.get("unless", ())),
        "not_before": frozenset(w.lower() for w in raw.get("not_before", ())),
        "not_after": frozenset(w.lower() for w in raw.get("not_after", ())),
        "needs_recipient": bool(raw.get("needs_recipient")), "only_negated": bool(raw.get("only_negated")),
        "complement_recipient": bool(raw.get("complement_recipient")),
        "topic_object": bool(raw.get("topic_object")),
        "modalities": frozenset(raw.get("modalities", ())),
        "confidence": float(raw.get("confidence", 0.8)),
        "on_negation": (negation["type"], negation.get("mode")) if negation else None,
    }
    if "recipient_preps" in raw:
        kwargs["recipient_preps"] = tuple(raw["recipient_preps"])
    return Entry(**kwargs)


LANGUAGES = ("id", "en")


@lru_cache(maxsize=4)
def load_lexicon(lang: str = "id") -> Lexicon:
    data = _data(f"predicates_{lang}.yaml")
    bare = grammar(lang).bare_verbs
    lex = Lexicon(light_verbs=frozenset(w.lower() for w in data.get("light_verbs", ())),
                  occurrence_verbs=frozenset(w.lower() for w in data.get("occurrence_verbs", ())),
                  witness_verbs=frozenset(w.lower() for w in data.get("witness_verbs", ())))
    seen_ids: set[str] = set()
    for raw in data["entries"]:
        entry = _entry(raw)
        if entry.id in seen_ids:
            raise ValueError(f"duplicate lexicon entry id {entry.id!r}")
        seen_ids.add(entry.id)
        lex.entries.append(entry)
        surface: dict[str, str] = {}
        for stem in raw.get("stems", ()):
            if lang == "en":
                surface.update(english_forms(stem))
            else:
                surface.update(forms(stem, raw.get("patterns", DEFAULT_VERB_PATTERNS)))
        for word in raw.get("words", ()):
            guessed = _guess_voice(word.lower(), bare) if lang == "id" else "active"
            surface.setdefault(word.lower(), raw.get("voice") or guessed)
        for word, voice in surface.items():
            lex.words.setdefault(word, []).append((entry, voice))
        for tokens in raw.get("phrases", ()):
            toks = tuple(str(t).lower() for t in tokens)
            if len(toks) == 1:
                voice = _guess_voice(toks[0], bare) if lang == "id" else "active"
                lex.words.setdefault(toks[0], []).append((entry, voice))
            else:
                lex.phrases.setdefault(toks[0], []).append(Phrase(entry, toks))
    return lex


@dataclass(frozen=True)
class ModalityCues:
    window: int
    ordered: tuple[tuple[str, frozenset[tuple[str, ...]]], ...]  # (modality, cue token sequences)
    agree_when_future: frozenset[str]
    not_cues: frozenset[tuple[str, ...]] = frozenset()

    def cues(self, name: str) -> frozenset[tuple[str, ...]]:
        return next(cues for modality, cues in self.ordered if modality == name)


@lru_cache(maxsize=4)
def modality_cues(lang: str = "id") -> ModalityCues:
    data = _data(f"modality_{lang}.yaml")
    ordered = tuple(
        (name, frozenset(tuple(cue.lower().split()) for cue in data[name]))
        for name in ("negated", "hypothetical", "historical", "future", "intended")
    )
    return ModalityCues(int(data.get("window", 5)), ordered, frozenset(data.get("agree_when_future", ())),
                        frozenset(tuple(cue.lower().split()) for cue in data.get("not_cues", ())))


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


@dataclass(frozen=True)
class Grammar:
    """The function words of one language that the coder reads clause structure with."""

    clause_openers: frozenset[str]
    clause_punct: frozenset[str]
    oblique: frozenset[str]
    coordination: frozenset[str]
    relative_marker: str
    complement_marker: str
    agent_marker: str
    group_words: frozenset[str]
    group_pronouns: frozenset[str]
    group_heads: frozenset[str]
    anaphors: frozenset[str]
    adverbs: frozenset[str]
    not_only: frozenset[str]
    passive_auxiliaries: frozenset[str]
    determiners: frozenset[str]
    complement_starters: frozenset[str]
    bare_verbs: frozenset[str]
    victim_markers: frozenset[str]
    cause_markers: frozenset[str]
    fronted_openers: frozenset[str]
    clausal_preps: frozenset[str]
    casualty_words: frozenset[str]
    casualty_causes: frozenset[str]
    temporal_openers: frozenset[str]
    against_markers: frozenset[str]
    report_nouns: frozenset[str]
    clause_conjunctions: frozenset[str]
    np_openers: frozenset[str]
    backer_markers: frozenset[str]
    destination_preps: tuple[str, ...]


@lru_cache(maxsize=4)
def grammar(lang: str = "id") -> Grammar:
    data = _data(f"grammar_{lang}.yaml")
    # every word-list field of Grammar is read the same way: lower-cased, missing = empty
    words = {f.name: frozenset(str(w).lower() for w in data.get(f.name) or ())
             for f in fields(Grammar) if f.type == "frozenset[str]"}
    return Grammar(relative_marker=data["relative_marker"], complement_marker=data["complement_marker"],
                   agent_marker=data["agent_marker"],
                   destination_preps=tuple(str(w).lower() for w in data.get("destination_preps") or ()), **words)


@dataclass(frozen=True)
class Policy:
    needs_recipient: frozenset[str]
    infer_recipient: frozenset[str]
    self_directed_if_alone: frozenset[str]
    embedding_types: frozenset[str]
    embedding_modes: dict[str, frozenset[str]]
    embed_reach: int
    implicit_agent_sectors: dict[str, frozenset[str]]
    negation_reach: int
    subject_reach: int
    domestic_share: float
    civilian_excluded: frozenset[str]
    civilian_sectors: frozenset[str]
    speaker_acts: frozenset[str]
    relative_reach: int
    accused_when_reported: frozenset[str]
    private_dyad_excluded: frozenset[str]
    private_sectors: frozenset[str]
    private_codes: frozenset[str]


@lru_cache(maxsize=1)
def policy() -> Policy:
    data = _data("policy.yaml")
    return Policy(
        needs_recipient=frozenset(data["needs_recipient"]), infer_recipient=frozenset(data["infer_recipient"]),
        self_directed_if_alone=frozenset(data["self_directed_if_alone"]),
        embedding_types=frozenset(data["embedding_types"]),
        embedding_modes={k: frozenset(v) for k, v in data.get("embedding_modes", {}).items()},
        embed_reach=int(data["embed_reach"]),
        implicit_agent_sectors={k: frozenset(v) for k, v in data.get("implicit_agent_sectors", {}).items()},
        negation_reach=int(data["negation_reach"]), subject_reach=int(data["subject_reach"]),
        domestic_share=float(data["domestic_share"]),
        civilian_excluded=frozenset(data.get("civilian_excluded", ())),
        civilian_sectors=frozenset(data.get("civilian_sectors", ())),
        speaker_acts=frozenset(data.get("speaker_acts", ())), relative_reach=int(data["relative_reach"]),
        accused_when_reported=frozenset(data.get("accused_when_reported", ())),
        private_dyad_excluded=frozenset(data.get("private_dyad_excluded", ())),
        private_sectors=frozenset(data.get("private_sectors", ())),
        private_codes=frozenset(data.get("private_codes", ())),
    )
