"""Derived codes: PLOVER type/mode -> CAMEO code, Goldstein score, PLOVER score and quad class.

Two tables of ours (``data/plover_cameo.tsv``, ``data/cameo_goldstein.tsv``) make these lookups,
never annotation: the same type, mode and context always give the same codes, so exports to GDELT
and PLOVER agree with each other and with the events table.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Codes:
    cameo: str
    goldstein: float
    plover_score: float
    quad: int


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("sorot.events").joinpath(f"data/{name}").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=1)
def _plover_table() -> dict[tuple[str, str, str, str], tuple[str, float, int]]:
    return {(r["type"], r["mode"], r["context"], r["variant"]): (r["cameo"], float(r["plover_score"]), int(r["quad"]))
            for r in _rows("plover_cameo.tsv")}


@lru_cache(maxsize=1)
def _goldstein_table() -> dict[str, tuple[float, int]]:
    return {r["cameo"]: (float(r["goldstein"]), int(r["gdelt_quad"])) for r in _rows("cameo_goldstein.tsv")}


def goldstein(cameo: str) -> float:
    """The Goldstein score of a CAMEO code (a code missing from the table takes its parent's)."""
    table = _goldstein_table()
    code = cameo
    while code and code not in table:
        code = code[:-1] if len(code) > 3 else (code[:2] + "0" if code[2:] != "0" else "")
    if not code:
        raise KeyError(f"unknown CAMEO code {cameo!r}")
    return table[code][0]


def gdelt_quad(cameo: str) -> int:
    """GDELT's QuadClass, which depends only on the CAMEO root code."""
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def codes(event_type: str, mode: str | None = None, contexts: tuple[str, ...] | list[str] = (),
          variant: str = "", cameo: str | None = None) -> Codes:
    """The derived codes of an event; ``cameo`` overrides the crosswalk's code (lexicon entries may set it)."""
    table = _plover_table()
    mode = mode or ""
    keys = [(event_type, mode, c, variant) for c in contexts]
    keys += [(event_type, mode, "", variant), (event_type, mode, "", ""), (event_type, "", "", variant),
             (event_type, "", "", "")]
    for key in keys:
        if key in table:
            code, score, quad = table[key]
            code = cameo or code
            return Codes(code, goldstein(code), score, quad)
    raise KeyError(f"no crosswalk row for PLOVER type {event_type!r}")


def event_types() -> set[str]:
    return {t for t, *_ in _plover_table()}


def modes(event_type: str) -> set[str]:
    return {m for t, m, *_ in _plover_table() if t == event_type and m}
