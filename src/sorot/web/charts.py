"""A diverging bar chart of cooperation (up) vs conflict (down) per period, as numbers for an inline SVG.

The template draws the SVG from these coordinates; no chart library and no script is involved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

WIDTH, HEIGHT, MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 720, 240, 40, 28, 12
MAX_LABELS = 12
MAX_PERIODS = 1000
_MONTHS = {"month": 1, "quarter": 3, "year": 12}


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    kind: str  # cooperation or conflict
    label: str  # tooltip text


@dataclass(slots=True)
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    zero_y: float = 0.0
    left: int = MARGIN_LEFT
    bars: list[Bar] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)  # x, period label
    ticks: list[tuple[float, str]] = field(default_factory=list)  # y, value label
    empty: bool = True


def _next(day: dt.date, interval: str) -> dt.date:
    if interval in _MONTHS:
        months = day.year * 12 + day.month - 1 + _MONTHS[interval]
        return dt.date(months // 12, months % 12 + 1, 1)
    return day + dt.timedelta(days=7 if interval == "week" else 1)


def fill_gaps(series: list[dict[str, Any]], interval: str) -> list[dict[str, Any]]:
    """The series with an empty row for every period without events, so time runs evenly along the axis."""
    if not series:
        return []
    have = {r["period"]: r for r in series}
    out, day = [], series[0]["period"]
    while day <= series[-1]["period"] and len(out) < MAX_PERIODS:
        out.append(have.get(day) or {"period": day, "cooperation": 0, "conflict": 0})
        day = _next(day, interval)
    return out


def coop_conflict_chart(series: list[dict[str, Any]], interval: str = "month") -> Chart:
    """Bars above the zero line count cooperation events, bars below count conflict events."""
    chart = Chart()
    series = fill_gaps(series, interval)
    if not series:
        return chart
    top = max(max(r["cooperation"] for r in series), 1)
    bottom = max(max(r["conflict"] for r in series), 1)
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    scale = plot_h / (top + bottom)
    chart.zero_y = MARGIN_TOP + top * scale
    slot = (WIDTH - MARGIN_LEFT - 8) / len(series)
    bar_w = max(1.0, slot * 0.7)
    every = max(1, -(-len(series) // MAX_LABELS))
    for i, r in enumerate(series):
        x = MARGIN_LEFT + i * slot + (slot - bar_w) / 2
        period = str(r["period"])
        if r["cooperation"]:
            h = r["cooperation"] * scale
            chart.bars.append(Bar(round(x, 1), round(chart.zero_y - h, 1), round(bar_w, 1), round(h, 1),
                                  "cooperation", f"{period}: {r['cooperation']} cooperation"))
        if r["conflict"]:
            h = r["conflict"] * scale
            chart.bars.append(Bar(round(x, 1), round(chart.zero_y, 1), round(bar_w, 1), round(h, 1), "conflict",
                                  f"{period}: {r['conflict']} conflict"))
        if i % every == 0:
            chart.labels.append((round(x + bar_w / 2, 1), period))
    chart.ticks = [(MARGIN_TOP, str(top)), (round(chart.zero_y, 1), "0"), (HEIGHT - MARGIN_BOTTOM, f"-{bottom}")]
    chart.empty = False
    return chart
