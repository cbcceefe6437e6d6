"""The document model: the GUIDELINES §6 output shape and a lossless JSON round trip."""

from __future__ import annotations

import json
from dataclasses import fields

from sorot.model import (
    Actor,
    Alert,
    Document,
    Event,
    Location,
    Mention,
    Quote,
    RemovedSpan,
    Sentence,
)

EVENT_KEYS = {"type", "mode", "contexts", "modality", "actor", "recipient", "evidence", "trigger", "cameo",
              "goldstein", "plover_score", "quad", "optional"}
QUOTE_KEYS = {"speaker", "speaker_actor", "text", "direct"}
DOC_KEYS = {"id", "lang", "date", "events", "quotes", "spam", "flags"}

RAW = "Jakarta - Menlu Indonesia mengecam serangan itu. slotgacor77\n\"Kami menolak,\" kata Menlu."
CLEAN = "Jakarta - Menlu Indonesia mengecam serangan itu.\n\"Kami menolak,\" kata Menlu."


def full_document() -> Document:
    """A document with every field set to a non-default value (offsets computed from the texts)."""
    idn = Actor(code="IDN", sector="GOV", name="Menlu", qid="Q1", role="Menteri Luar Negeri",
                role_start="2024-10-21", role_end="2029-10-20")
    other = Actor(code="ISR", sector="MIL")
    first_end = CLEAN.index("\n")
    second = first_end + 1
    quote = CLEAN.index("Kami")
    trigger = CLEAN.index("mengecam")
    spam = RAW.index("slotgacor77")
    event = Event(
        type="ACCUSE", mode="disapprove", contexts=["military", "diplomatic"], modality="asserted",
        actor=[idn], recipient=[other], evidence=CLEAN[10:first_end], trigger="mengecam",
        evidence_start=10, evidence_end=first_end, trigger_start=trigger, trigger_end=trigger + 8, sentence=0,
        cameo="122", goldstein=-2.0, plover_score=-3.5, quad=3, optional=True, confidence=0.75,
        rule="lexicon:kecam", date="2025-03-02", date_resolution="day",
        location=Location("Jakarta", "IDN", "DKI Jakarta", -6.2, 106.8), mentions=2, duplicate_of=0,
    )
    return Document(
        id="uji-1", raw_text=RAW, url="https://news.sorot.example/uji-1", source="Warta Uji", title="Uji",
        date="2025-03-03", lang="id", lang_scores={"id": 0.97, "ms": 0.03}, clean_text=CLEAN,
        removed=[RemovedSpan(spam, spam + 11, "slotgacor77", "spam:gambling"),
                 RemovedSpan(0, 0, "", "boilerplate")],
        flags=["short"],
        sentences=[Sentence(0, first_end, CLEAN[:first_end], 0), Sentence(second, len(CLEAN), CLEAN[second:], 1)],
        mentions=[Mention(10, 25, "Menlu Indonesia", "PERSON", idn, 0, "kb", "Menlu"),
                  Mention(quote, quote + 4, "Kami", "PRONOUN", None, 1, "coref")],
        events=[event],
        quotes=[Quote("Kami menolak,", quote, quote + 13, "Menlu", len(CLEAN) - 6, len(CLEAN) - 1, idn,
                      "kata", False, 1)],
        alerts=[Alert("condemnation", "IDN condemns ISR", "IDN", "ISR", 0, "warning")],
        meta={"format": "json", "encoding": "cp1252", "source_file": "uji.jsonl"},
        errors=["note: kept for test"],
    )


def test_to_json_has_the_guidelines_keys() -> None:
    out = full_document().to_json()
    assert set(out) >= DOC_KEYS
    assert set(out["events"][0]) >= EVENT_KEYS
    assert set(out["quotes"][0]) >= QUOTE_KEYS
    assert out["spam"] == ["slotgacor77"]  # only spam removals, not boilerplate
    assert out["events"][0]["actor"] == [{"code": "IDN", "sector": "GOV", "name": "Menlu", "qid": "Q1",
                                          "role": "Menteri Luar Negeri", "role_start": "2024-10-21",
                                          "role_end": "2029-10-20"}]
    assert out["events"][0]["recipient"] == [{"code": "ISR", "sector": "MIL", "name": ""}]
    assert out["quotes"][0]["speaker_actor"]["code"] == "IDN"
    # The short form leaves texts out; the full form adds them.
    assert "raw_text" not in out and "sentences" not in out
    full = full_document().to_json(full=True)
    assert {"raw_text", "clean_text", "sentences", "mentions", "meta", "lang_scores"} <= set(full)


def test_to_json_is_plain_json() -> None:
    text = json.dumps(full_document().to_json(full=True), ensure_ascii=False)
    assert json.loads(text)["events"][0]["location"]["lat"] == -6.2


def test_full_round_trip_keeps_every_field() -> None:
    doc = full_document()
    back = Document.from_json(json.loads(json.dumps(doc.to_json(full=True))))
    for f in fields(Document):
        if f.name == "tokens":  # tokens are not part of the JSON output (see the test below)
            continue
        assert getattr(back, f.name) == getattr(doc, f.name), f.name
    assert back == doc  # doc has no tokens, so whole-object equality holds as well
    assert back.content_hash == doc.content_hash


def test_round_trip_of_a_minimal_document() -> None:
    doc = Document(id="x", raw_text="Teks.")
    back = Document.from_json(doc.to_json(full=True))
    assert back == doc
    assert back.date is None and back.events == [] and back.meta == {}


def test_event_without_optional_fields_reads_with_defaults() -> None:
    event = Event.from_json({"type": "CONSULT"})
    assert event.modality == "asserted" and event.actor == [] and event.location is None
    assert event.duplicate_of == -1 and event.mentions == 1


def test_text_property_prefers_clean_text() -> None:
    doc = Document(id="x", raw_text="mentah")
    assert doc.text == "mentah"
    doc.clean_text = "bersih"
    assert doc.text == "bersih"


def test_page_cut_entirely_by_cleaning_has_no_text() -> None:
    doc = Document(id="x", raw_text="slot gacor 777")
    doc.removed = [RemovedSpan(0, 14, "slot gacor 777", "spam:brand")]
    assert doc.text == ""


def test_from_json_reads_the_short_guidelines_shape() -> None:
    short = {"id": "g-1", "lang": "id", "date": "2025-07-12",
             "events": [{"type": "AGREE", "mode": None, "contexts": ["economic"], "modality": "intended",
                         "actor": [{"code": "IDN", "sector": "GOV", "name": ""}],
                         "recipient": [{"code": "JPN", "sector": "GOV", "name": "Menlu Jepang"}],
                         "evidence": "Indonesia siap bekerja sama dengan Jepang.", "trigger": "siap bekerja sama",
                         "cameo": "030", "goldstein": 4.0, "plover_score": 2.5, "quad": 1, "optional": False}],
             "quotes": [{"speaker": "Menlu", "speaker_actor": None, "text": "Kami siap.", "direct": True}],
             "spam": [], "flags": []}
    doc = Document.from_json(short)
    [event] = doc.events
    assert (event.type, event.modality, event.quad, event.goldstein) == ("AGREE", "intended", 1, 4.0)
    assert event.recipient[0].name == "Menlu Jepang" and event.evidence_start == -1
    assert doc.quotes[0].speaker_actor is None and doc.quotes[0].start == -1
    again = doc.to_json()
    assert {k: again["events"][0][k] for k in short["events"][0]} == short["events"][0]
