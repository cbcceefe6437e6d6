"""The "alerts" pipeline stage: evaluate the per-document alert rules on the coded events."""

from __future__ import annotations

from pathlib import Path

from sorot.alerts.rules import evaluate, load_regimes, load_rules
from sorot.model import Document
from sorot.pipeline import register_stage


@register_stage("alerts")
class AlertStage:
    name = "alerts"

    def __init__(self, rules: str | None = None, regimes: str | None = None) -> None:
        self.rules = load_rules(Path(rules) if rules else None)
        self.regimes = load_regimes(Path(regimes) if regimes else None)

    def __call__(self, doc: Document) -> Document:
        doc.alerts = evaluate(self.rules, self.regimes, doc.events)
        return doc
