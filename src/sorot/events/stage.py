"""The "events" pipeline stage: code events, then mark repeated reports of the same act."""

from __future__ import annotations

from sorot.events.coder import EventCoder
from sorot.events.dates import resolve_event_dates
from sorot.events.lexicon import LANGUAGES
from sorot.events.places import gazetteer, resolve_event_places
from sorot.model import SOFT_MODALITIES, Actor, Document, Event
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
        doc.events = mark_repeats(unify_participants(coder.code(doc)))
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


def unify_participants(events: list[Event]) -> list[Event]:
    """Reports of one act that name overlapping participants name the same ones.

    Two events of a type are one act when one side is the same set of states and the other side
    overlaps ("AS mengecam Rusia" and "AS dan Inggris mengecam Rusia"): both then carry the union, so
    the document counts the act once. Sides that merely touch (same actor, disjoint recipients) stay apart.
    """
    for i, a in enumerate(events):
        for b in events[:i]:
            if a.type != b.type or (a.modality in SOFT_MODALITIES) != (b.modality in SOFT_MODALITIES):
                continue
            aa, ba = _codes(a.actor), _codes(b.actor)
            ar, br = _codes(a.recipient), _codes(b.recipient)
            if ar and ar == br and aa & ba and aa != ba:
                merged = _union(b.actor, a.actor)
                a.actor, b.actor = list(merged), list(merged)
            elif aa == ba and ar and br and ar & br and ar != br:
                merged = _union(b.recipient, a.recipient)
                a.recipient, b.recipient = list(merged), list(merged)
    return events


def _codes(actors: list[Actor]) -> frozenset[str]:
    return frozenset(a.code for a in actors)


def _union(first: list[Actor], second: list[Actor]) -> list[Actor]:
    seen = _codes(first)
    return first + [a for a in second if a.code not in seen]
