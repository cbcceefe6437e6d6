"""Per-document alert rules (data/rules.yaml) over coded events, with UN sanctions regimes as data.

A rule is a set of conditions on one event: its type, contexts, modality, and whether one side is
a target of a UN Security Council sanctions regime in force on the event's date. Store-wide
watchlists with thresholds over time windows build on the alerts table (sorot.analytics).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sorot.model import NON_STATE_CODES, Actor, Alert, Event


@dataclass(frozen=True, slots=True)
class Regime:
    id: str
    name: str
    measures: frozenset[str]
    targets: tuple[tuple[str, frozenset[str]], ...]  # (code, sectors; empty = any sector)
    since: str
    until: str

    def covers(self, actor: Actor, date: str | None) -> bool:
        if date and (date < self.since or (self.until and date > self.until)):
            return False
        return any(actor.code == code and (not sectors or actor.sector in sectors) for code, sectors in self.targets)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    types: frozenset[str]
    contexts: frozenset[str]
    modalities: frozenset[str]
    sanctioned: frozenset[str]
    severity: str
    why: str
    acts: dict[str, str]


def _load(path: Path | None, name: str) -> dict[str, Any]:
    text = path.read_text("utf-8") if path else resources.files("sorot.alerts").joinpath(f"data/{name}").read_text(
        "utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=4)
def load_regimes(path: Path | None = None) -> tuple[Regime, ...]:
    data = _load(path, "un_sanctions.yaml")
    return tuple(
        Regime(r["id"], r["name"], frozenset(r["measures"]),
               tuple((t["code"], frozenset(t.get("sectors", ()))) for t in r["targets"]),
               str(r.get("since") or ""), str(r.get("until") or ""))
        for r in data["regimes"])


@lru_cache(maxsize=4)
def load_rules(path: Path | None = None) -> tuple[Rule, ...]:
    data = _load(path, "rules.yaml")
    return tuple(
        Rule(r["id"], r["name"], frozenset(r.get("types", ())), frozenset(r.get("contexts", ())),
             frozenset(r.get("modalities", ())), frozenset(r.get("sanctioned", ())), r.get("severity", "info"),
             r["why"], dict(r.get("acts", {})))
        for r in data["rules"])


def evaluate(rules: tuple[Rule, ...], regimes: tuple[Regime, ...], events: list[Event]) -> list[Alert]:
    """Alerts for a document's events: one per rule, sanctioned state and partner."""
    alerts: list[Alert] = []
    seen: set[tuple[str, str, str]] = set()
    for index, event in enumerate(events):
        for rule in rules:
            if rule.types and event.type not in rule.types:
                continue
            if rule.contexts and not rule.contexts & set(event.contexts):
                continue
            if rule.modalities and event.modality not in rule.modalities:
                continue
            for state, partner, regime in _sanctioned_pairs(rule, regimes, event):
                key = (rule.id, state.code, partner.code)
                if key in seen:
                    continue
                seen.add(key)
                why = rule.why.format(state=state.code, partner=partner.code, regime=regime.name, regime_id=regime.id,
                                      act=rule.acts.get(event.type, event.type.lower()))
                alerts.append(Alert(rule=rule.name, why=why, state=state.code, partner=partner.code, event=index,
                                    severity=rule.severity))
    return alerts


def _sanctioned_pairs(rule: Rule, regimes: tuple[Regime, ...], event: Event) -> list[tuple[Actor, Actor, Regime]]:
    if not rule.sanctioned:
        return []
    sides = [event.actor, event.recipient] if event.recipient else [event.actor, event.actor]
    pairs = []
    for one, other in (sides, sides[::-1]):
        for state in one:
            regime = next((r for r in regimes if r.measures & rule.sanctioned and r.covers(state, event.date)), None)
            if regime is None:
                continue
            for partner in other:
                if partner.code != state.code and partner.code not in NON_STATE_CODES:
                    pairs.append((state, partner, regime))
    return pairs
