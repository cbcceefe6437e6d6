"""The "events" pipeline stage: code events, then mark repeated reports of the same act."""

from __future__ import annotations

from sorot.events.coder import EventCoder
from sorot.events.dates import resolve_event_dates
from sorot.events.lexicon import LANGUAGES
from sorot.events.places import gazetteer, resolve_event_places
from sorot.model import Document, Event
from sorot.pipeline import register_stage


@register_stage("events")
class EventStage:
    name = "events"
    languages = ("id", "ms", "en")  # Malay is coded with the Indonesian lexicon
    skip_flags = ("spam_page", "content_farm")

    def __init__(self, min_confidence: float = 0.0) -> None:
        self.coders = {lang: EventCoder(lang, min_confidence=min_confidence) for lang in LANGUAGES}
        gazetteer()  # load the place gazetteer with the stage, not on the first article that names a place

    def __call__(self, doc: Document) -> Document:
        coder = self.coders.get(doc.lang) or self.coders["id"]
        doc.events = mark_repeats(coder.code(doc))
        resolve_event_dates(doc)
        resolve_event_places(doc)
        return doc


def mark_repeats(events: list[Event]) -> list[Event]:
    """Count the sentences reporting each act; later reports point to the first with ``duplicate_of``.

    An act is its type, modality and the states on both sides; every report keeps its own evidence
    sentence and trigger, so analytics can count a document's acts once and still show all evidence.
    """
    first: dict[tuple, int] = {}
    for i, e in enumerate(events):
        key = (e.type, e.modality, frozenset(a.code for a in e.actor), frozenset(a.code for a in e.recipient))
        if key in first:
            events[first[key]].mentions += 1
            e.duplicate_of = first[key]
        else:
            first[key] = i
    return events
