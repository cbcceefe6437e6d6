"""The shipped CRF named-entity recognizer: tokenizer offsets, span scoring and real tagging."""

from __future__ import annotations

import pytest

from sorot.actors.ner import MODEL_DIR, MODEL_FILE, bio_spans, load_tagger, span_f1, tokenize

RUNTIME_LABELS = {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"}


def _named(text: str, spans: list[tuple[int, int, str]]) -> set[tuple[str, str]]:
    return {(text[start:end], label) for start, end, label in spans}


def test_bio_spans_follow_conlleval_chunking() -> None:
    # A stray I- opens a chunk; a type change inside I- closes one and opens another.
    labels = ["I-PER", "I-PER", "O", "B-LOC", "I-ORG", "B-PER", "B-PER"]
    assert bio_spans(labels) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "PER"), (6, 7, "PER")]


def test_span_f1_counts_only_exact_span_and_type() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG"], ["B-ORG", "O", "O"]]
    scores = span_f1(gold, pred)
    micro = scores["micro"]
    assert (micro.correct, micro.predicted, micro.gold) == (1, 3, 3)
    assert micro.f1 == pytest.approx(1 / 3)
    assert scores["PER"].f1 == 1.0
    assert scores["LOC"].recall == 0.0
    assert scores["ORG"].precision == 0.0  # the shortened ORG and the mistyped LOC are both wrong
    # Macro F1 averages over the types present in the gold: PER 1, LOC 0, ORG 0.
    assert scores["macro"].f1 == pytest.approx(1 / 3)


def test_span_f1_perfect_prediction() -> None:
    gold = [["B-LOC", "I-LOC", "O", "B-PER"]]
    assert span_f1(gold, gold)["micro"].f1 == 1.0


def test_tokenize_keeps_offsets_and_abbreviations() -> None:
    text = "Dr. Siti Rahma, Rp3.000 per kg — kata\nwarga Kab. Sleman (DIY)."
    tokens = tokenize(text)
    for start, end, token in tokens:
        assert text[start:end] == token
    words = [t[2] for t in tokens]
    assert words[:4] == ["Dr.", "Siti", "Rahma", ","]
    assert "Rp3.000" in words
    assert "Kab." in words
    assert words[-3:] == ["DIY", ")", "."]


def test_shipped_model_exists_and_uses_runtime_labels() -> None:
    assert (MODEL_DIR / MODEL_FILE).exists()
    tagger = load_tagger()
    assert tagger is load_tagger()  # loaded once
    assert set(tagger.labels) <= RUNTIME_LABELS
    assert {"B-PER", "B-ORG", "B-LOC"} <= set(tagger.labels)


def test_tag_finds_title_person_and_place() -> None:
    tokens = ["Presiden", "Joko", "Widodo", "meresmikan", "jembatan", "baru", "di", "Kabupaten", "Kutai", "."]
    labels = load_tagger().tag(tokens)
    assert len(labels) == len(tokens)
    spans = {(" ".join(tokens[a:b]), typ) for a, b, typ in bio_spans(labels)}
    assert ("Joko Widodo", "PER") in spans
    assert any(typ == "LOC" and "Kutai" in name for name, typ in spans)
    assert labels[0] != "B-PER" or labels[1] == "I-PER"


def test_entities_on_raw_text() -> None:
    text = "Menteri Luar Negeri Retno Marsudi bertemu dengan Duta Besar Jepang di Jakarta."
    found = _named(text, load_tagger().entities(text))
    assert ("Retno Marsudi", "PER") in found
    assert ("Jakarta", "LOC") in found
    assert not any(label == "PER" and "Jepang" in name for name, label in found)


def test_entities_finds_organisation_and_people_across_lines() -> None:
    text = (
        "Komisi Pemberantasan Korupsi memeriksa Bupati Lampung Tengah Mustafa di Jakarta, Senin.\n"
        "Juru bicara KPK Febri Diansyah mengatakan pemeriksaan berlangsung delapan jam"
    )
    found = _named(text, load_tagger().entities(text))
    assert ("Komisi Pemberantasan Korupsi", "ORG") in found
    assert ("Febri Diansyah", "PER") in found
    assert all("\n" not in name for name, _ in found)


def test_entities_from_tokens_maps_back_to_caller_offsets() -> None:
    text = "  Gubernur  Ganjar Pranowo  berkunjung ke Semarang ."
    tokens = tokenize(text)
    spans = load_tagger().entities_from_tokens(tokens)
    starts = {t[0] for t in tokens}
    ends = {t[1] for t in tokens}
    assert spans
    for start, end, _ in spans:
        assert start in starts and end in ends
    assert ("Ganjar Pranowo", "PER") in _named(text, spans)


def test_empty_input() -> None:
    tagger = load_tagger()
    assert tagger.tag([]) == []
    assert tagger.entities("") == []
    assert tagger.entities("   \n ") == []


def test_lower_case_text_still_gets_entities() -> None:
    # The runtime model also learned from lower-cased news, so missing capitals are not fatal.
    text = "wakil gubernur jawa tengah taj yasin meninjau banjir di kudus"
    found = _named(text, load_tagger().entities(text))
    assert ("kudus", "LOC") in found
    assert any(label == "PER" and "yasin" in name for name, label in found)
