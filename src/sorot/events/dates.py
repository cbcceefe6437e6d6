"""When an act happened: explicit and relative dates in its sentence, resolved against publication.

Indonesian outlets date acts as "Senin (11/9)", "11 September 2017", "kemarin", "pekan lalu".
The first such expression in the evidence sentence wins; otherwise the publication date stands.
``date_resolution`` records how the date was found (day, weekday, week, month, year, publication).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from sorot.model import Document

HISTORICAL_DAYS = 60
PLANNED = frozenset({"future", "intended"})


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    return yaml.safe_load(resources.files("sorot.events").joinpath("data/dates.yaml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    words = _words()
    months = "|".join(sorted(map(re.escape, words["months"]), key=len, reverse=True))
    days = "|".join(sorted(map(re.escape, words["weekdays"]), key=len, reverse=True))
    relative = "|".join(sorted(map(re.escape, words["relative"]), key=len, reverse=True))
    slash = re.compile(r"\((\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\)")
    named = re.compile(rf"\b(\d{{1,2}})\s+({months})\.?(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
    weekday = re.compile(rf"\b(?:pada\s+|hari\s+)?({days})\b(?!\s*\()", re.IGNORECASE)
    rel = re.compile(rf"\b({relative})\b", re.IGNORECASE)
    year = re.compile(r"\b(?:pada|sejak|tahun|awal|akhir|pertengahan|in|since)\s+(?:tahun\s+)?((?:19|20)\d\d)\b",
                      re.IGNORECASE)
    return slash, named, weekday, rel, year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _in_year(candidate: dt.date | None, published: dt.date, forward: bool) -> dt.date | None:
    """A day/month without a year: the publication year, moved a year back for a past act dated after
    publication, or a year on for a planned act dated well before it."""
    if candidate is None:
        return None
    if forward and candidate < published - dt.timedelta(days=7):
        return _safe_date(candidate.year + 1, candidate.month, candidate.day)
    if not forward and candidate > published + dt.timedelta(days=7):
        return _safe_date(candidate.year - 1, candidate.month, candidate.day)
    return candidate


def _dated(year: int | None, month: int, day: int, published: dt.date, forward: bool) -> dt.date | None:
    """A written day and month, with its year or the year inferred from publication."""
    if year is not None:
        return _safe_date(year, month, day)
    return _in_year(_safe_date(published.year, month, day), published, forward)


def resolve_date(sentence: str, published: dt.date, forward: bool = False) -> tuple[dt.date, str]:
    """The date an act in ``sentence`` refers to, and how it was resolved; ``forward`` for planned acts,
    whose weekdays and yearless dates lie after publication."""
    slash, named, weekday, rel, year_pattern = _patterns()
    words = _words()
    m = slash.search(sentence)
    if m:
        year = int(m.group(3)) if m.group(3) else None
        found = _dated(year + 2000 if year is not None and year < 100 else year, int(m.group(2)), int(m.group(1)),
                       published, forward)
        if found:
            return found, "day"
    m = named.search(sentence)
    if m:
        found = _dated(int(m.group(3)) if m.group(3) else None, words["months"][m.group(2).lower()],
                       int(m.group(1)), published, forward)
        if found:
            return found, "day"
    m = rel.search(sentence)
    if m:
        offset, resolution = words["relative"][m.group(1).lower()]
        return published + dt.timedelta(days=offset), resolution
    m = year_pattern.search(sentence)
    if m and int(m.group(1)) != published.year:
        return dt.date(int(m.group(1)), 1, 1), "year"
    m = weekday.search(sentence)
    if m:
        target = words["weekdays"][m.group(1).lower()]
        if forward:
            return published + dt.timedelta(days=(target - published.weekday()) % 7 or 7), "weekday"
        return published - dt.timedelta(days=(published.weekday() - target) % 7), "weekday"
    return published, "publication"


def resolve_event_dates(doc: Document) -> None:
    """Fill ``date`` and ``date_resolution`` of every event of ``doc`` (no publication date: left empty)."""
    if not doc.date:
        return
    try:
        published = dt.date.fromisoformat(doc.date[:10])
    except ValueError:
        return
    for event in doc.events:
        day, resolution = resolve_date(event.evidence, published, forward=event.modality in PLANNED)
        event.date, event.date_resolution = day.isoformat(), resolution
        if event.modality == "asserted" and (published - day).days > HISTORICAL_DAYS:
            event.modality = "historical"  # background: an act dated well before the report
