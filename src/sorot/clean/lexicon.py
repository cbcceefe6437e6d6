"""Load the cleaning lexicons (data/*.yaml) once, compiled for matching on folded text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def _words(items: list[str]) -> re.Pattern[str]:
    """One pattern that matches any of the given regexes as whole words."""
    body = "|".join(f"(?:{item})" for item in sorted(items, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


def read_yaml(name: str, path: str | Path | None = None) -> dict[str, Any]:
    if path is not None:
        return yaml.safe_load(Path(path).read_text("utf-8"))
    return yaml.safe_load(resources.files("sorot.clean").joinpath("data", name).read_text("utf-8"))


@dataclass(frozen=True)
class SpamLexicon:
    strong_stems: tuple[str, ...]
    prefix_stems: tuple[str, ...]
    suffix_stems: tuple[str, ...]
    gambling_prefix_stems: tuple[str, ...]
    detached_token: re.Pattern[str]
    not_brands: frozenset[str]
    lucky_numbers: frozenset[str]
    compounds: re.Pattern[str]
    leet: dict[str, str]
    obfuscated_words: frozenset[str]
    spam_tlds: frozenset[str]
    promo: re.Pattern[str]  # all promotion phrases, strong and weak
    promo_weak: re.Pattern[str]
    frames: frozenset[str]
    commerce: re.Pattern[str]
    gambling: re.Pattern[str]
    cta: re.Pattern[str]
    trust: re.Pattern[str]
    address: re.Pattern[str]
    news: re.Pattern[str]
    guide: re.Pattern[str]
    naming: frozenset[str]
    abbreviations: frozenset[str]
    filler: frozenset[str]
    anchor_label: re.Pattern[str]
    thresholds: dict[str, float]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpamLexicon:
        brand = data["brand"]
        return cls(
            strong_stems=tuple(brand["strong_stems"]),
            prefix_stems=tuple(brand["prefix_stems"]),
            suffix_stems=tuple(brand["suffix_stems"]),
            gambling_prefix_stems=tuple(brand["gambling_prefix_stems"]),
            detached_token=re.compile(brand["detached_token"]),
            not_brands=frozenset(brand["not_brands"]),
            lucky_numbers=frozenset(str(n) for n in brand["lucky_numbers"]),
            compounds=re.compile("|".join(f"(?:{c})" for c in brand["compounds"])),
            leet={str(k): str(v) for k, v in brand["leet"].items()},
            obfuscated_words=frozenset(brand["obfuscated_words"]),
            spam_tlds=frozenset(brand["spam_tlds"]),
            promo=_words(data["promo"] + data["promo_weak"]),
            promo_weak=_words(data["promo_weak"]),
            frames=frozenset(data["frames"]),
            commerce=_words(data["commerce"]),
            gambling=_words(data["gambling"]),
            cta=_words(data["cta"]),
            trust=_words(data["trust"]),
            address=_words(data["address"]),
            news=_words(data["news"]),
            guide=_words(data["guide"]),
            naming=frozenset(data["naming"]),
            abbreviations=frozenset(data["abbreviations"]),
            filler=frozenset(data["filler"]),
            anchor_label=re.compile(rf"\s*(?:{'|'.join(data['anchor_labels'])})\s*[:\-–—|»>]\s*"),
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
        )


@lru_cache(maxsize=4)
def spam_lexicon(path: str | None = None) -> SpamLexicon:
    """The spam lexicon from the package data, or from ``path`` (a YAML file of the same shape)."""
    return SpamLexicon.from_dict(read_yaml("spam.yaml", path))


@lru_cache(maxsize=4)
def boilerplate_patterns(path: str | None = None) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(id, whole-line pattern) pairs for page furniture."""
    data = read_yaml("boilerplate.yaml", path)
    return tuple(
        (name, re.compile(rf"(?:{'|'.join(f'(?:{p})' for p in patterns)})", re.IGNORECASE))
        for name, patterns in data["patterns"].items()
    )
