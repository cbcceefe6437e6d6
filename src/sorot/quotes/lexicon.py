"""The quote-attribution lexicon (data/cues.yaml) loaded once into word sets and regexes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

_TOKEN = re.compile(r"(?<![\w-])(?P<verb>\w[\w-]*)")


def _alternation(words: list[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any run of spaces."""
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


@dataclass(frozen=True)
class Lexicon:
    post_cue: re.Pattern[str]  # cue after a closing quote mark, with an optional -nya
    speech_verbs: frozenset[str]
    passive_verb: re.Pattern[str]
    back_reference: re.Pattern[str]
    menurut: re.Pattern[str]  # an according-to cue, with an optional -nya
    nominal_cue: re.Pattern[str]
    clause_boundaries: frozenset[str]
    speaker_fillers: re.Pattern[str]
    speaker_stops: frozenset[str]
    complementizers: frozenset[str]
    content_complementizer: re.Pattern[str]  # bahwa/kalau/that as a word
    attribution_tail: re.Pattern[str]  # an optional content complementizer and colon/comma at the end
    term_introducers: tuple[tuple[str, ...], ...]
    verb_prefix: re.Pattern[str]
    verb_suffixes: tuple[str, ...]
    prepositions: frozenset[str]
    preposition: re.Pattern[str]
    demonstratives: frozenset[str]
    relativizers: frozenset[str]
    relative_tail: re.Pattern[str]  # a relativizer and at most one word at the end of a text
    coordinators: frozenset[str]
    leading_breakers: frozenset[str]
    clause_adverbs: frozenset[str]
    negators: frozenset[str]
    negation_exempt: frozenset[str]
    blocking_preverbs: frozenset[str]
    anonymous_speakers: frozenset[str]
    subject_adverbs: frozenset[str]
    conjunctions: tuple[str, ...]
    adjunct_openers: tuple[str, ...]
    subject_breaker: re.Pattern[str]
    clause_openers: tuple[str, ...]
    pronouns: frozenset[str]
    role_nouns: tuple[str, ...]
    relay_sources: frozenset[str]
    predicate_words: frozenset[str]
    not_predicates: frozenset[str]
    clause_breakers: frozenset[str]

    def speech_verbs_in(self, text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        """Speech verbs in text[start:end], as matches with a "verb" group; a set lookup per word
        is much faster than one long alternation scanned at every character."""
        end = len(text) if end is None else end
        return [m for m in _TOKEN.finditer(text, start, end) if m.group("verb").lower() in self.speech_verbs]

    def starts_with_any(self, text: str, phrases: tuple[str, ...]) -> bool:
        low = " ".join(text.lower().split())
        return any(low == p or low.startswith(p + " ") or low.startswith(p + ",") for p in phrases)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read a cue file (the packaged one by default) into a Lexicon."""
    if path is None:
        raw = resources.files("sorot.quotes").joinpath("data/cues.yaml").read_text("utf-8")
    else:
        raw = Path(path).read_text("utf-8")
    data = yaml.safe_load(raw)
    cues = _alternation(data["post_cues"])
    heads = _alternation(data["back_reference_heads"])
    dems = _alternation(data["back_reference_demonstratives"])
    back_verbs = _alternation(data["back_reference_verbs"])
    content = _alternation(data["content_complementizers"])
    relativizers = _alternation(data["relativizers"])
    return Lexicon(
        post_cue=re.compile(rf"(?P<cue>{cues})(?P<nya>nya)?\b", re.IGNORECASE),
        speech_verbs=frozenset(w.lower() for w in data["speech_verbs"]),
        passive_verb=re.compile(rf"(?<![\w-])(?P<verb>{_alternation(data['passive_verbs'])})(?![\w-])",
                                re.IGNORECASE),
        back_reference=re.compile(
            rf"(?:{heads})\s+(?:{dems})\s+(?:(?:juga|pun|telah|sudah)\s+)?(?P<verb>{back_verbs})"
            rf"(?:\s+(?:langsung\s+)?oleh)?\s+",
            re.IGNORECASE,
        ),
        nominal_cue=re.compile(rf"(?<![\w-])(?P<noun>{_alternation(data['nominal_cues'])})\s+(?:{content})(?![\w-])",
                               re.IGNORECASE),
        clause_boundaries=frozenset(data["clause_boundaries"]),
        menurut=re.compile(rf"(?<![\w-])(?:{_alternation(data['according_cues'])})(?P<nya>nya)?(?![\w-])",
                           re.IGNORECASE),
        speaker_fillers=re.compile(rf"(?:{_alternation(data['speaker_fillers'])})\s+", re.IGNORECASE),
        speaker_stops=frozenset(w.lower() for w in data["speaker_stops"]),
        complementizers=frozenset(data["complementizers"]),
        content_complementizer=re.compile(rf"(?<!\w)(?:{content})(?!\w)"),
        attribution_tail=re.compile(rf"(?:\s(?:{content}))?\s*[,:]?$"),
        term_introducers=tuple(tuple(p.lower().split()) for p in data["term_introducers"]),
        verb_prefix=re.compile(rf"(?:{_alternation(data['verb_prefixes'])})[a-z]"),
        verb_suffixes=tuple(data["verb_suffixes"]),
        prepositions=frozenset(data["prepositions"]),
        preposition=re.compile(rf"(?<!\w)(?:{_alternation(data['prepositions'])})(?!\w)", re.IGNORECASE),
        demonstratives=frozenset(data["demonstratives"]),
        relativizers=frozenset(data["relativizers"]),
        relative_tail=re.compile(rf"(?:^|\s)(?:{relativizers})(?:\s+\w+)?$"),
        coordinators=frozenset(data["coordinators"]),
        leading_breakers=frozenset(data["leading_breakers"]),
        clause_adverbs=frozenset(data["clause_adverbs"]),
        negators=frozenset(w.lower() for w in data["negators"]),
        negation_exempt=frozenset(data["negation_exempt"]),
        blocking_preverbs=frozenset(data["blocking_preverbs"]),
        anonymous_speakers=frozenset(data["anonymous_speakers"]),
        subject_adverbs=frozenset(data["subject_adverbs"]),
        conjunctions=tuple(sorted(data["conjunctions"], key=len, reverse=True)),
        adjunct_openers=tuple(sorted(data["adjunct_openers"], key=len, reverse=True)),
        subject_breaker=re.compile(rf"(?<!\w)(?:{_alternation(data['subject_breakers'])})(?!\w)", re.IGNORECASE),
        clause_openers=tuple(sorted(data["clause_openers"], key=len, reverse=True)),
        pronouns=frozenset(data["pronouns"]),
        role_nouns=tuple(sorted(data["role_nouns"], key=len, reverse=True)),
        relay_sources=frozenset(data["relay_sources"]),
        predicate_words=frozenset(data["predicate_words"]),
        not_predicates=frozenset(data["not_predicates"]),
        clause_breakers=frozenset(data["clause_breakers"]),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
