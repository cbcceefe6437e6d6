"""The named-entity recognizer: tokenizer offsets, span scoring, the BiLSTM-CRF's numpy maths and
real tagging with the shipped model (plus the CRF baseline on a tiny model trained here)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from sorot.actors.ner import (
    CLUSTERS_FILE,
    LEXICON_FILE,
    MAX_CHARS,
    MODEL_DIR,
    MODEL_FILE,
    NEURAL_FILE,
    BiLstmTagger,
    CrfTagger,
    FeatureExtractor,
    bio_spans,
    load_tagger,
    open_tagger,
    span_f1,
    tokenize,
)

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
    assert (MODEL_DIR / NEURAL_FILE).exists()
    tagger = load_tagger()
    assert isinstance(tagger, BiLstmTagger)
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


def test_word_encoder_inputs() -> None:
    encoder = load_tagger().encoder
    vid, chars, cats, flags = encoder.encode("Kabupaten")
    assert vid > 0  # a common word has a pretrained vector
    assert flags[-1] == 0.0  # ... so the unknown-word flag is off
    assert chars[len("Kabupaten") :].sum() == 0 and (chars[: len("Kabupaten")] > 0).all()
    assert cats[0] == 0  # Title case
    unknown_vid, _, _, unknown_flags = encoder.encode("Xqzvbnmwpk")
    assert unknown_vid == 0 and unknown_flags[-1] == 1.0
    long_word = "Antidisestablishmentarianisme"
    _, long_chars, _, _ = encoder.encode(long_word)
    kept = long_word[: MAX_CHARS // 2] + long_word[-(MAX_CHARS // 2) :]
    assert (long_chars == encoder.encode(kept)[1]).all()  # first and last 8 characters
    assert encoder.encode("partai")[3].sum() >= 1  # lexicon class (organisation head noun)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _reference_lstm(xw: np.ndarray, wh: np.ndarray) -> np.ndarray:
    """A textbook LSTM (gates i, f, g, o) over precomputed input projections."""
    hidden = wh.shape[0]
    h, c, out = np.zeros(hidden), np.zeros(hidden), []
    for x in xw:
        g = x + h @ wh
        c = _sigmoid(g[hidden : 2 * hidden]) * c + _sigmoid(g[:hidden]) * np.tanh(g[2 * hidden : 3 * hidden])
        h = _sigmoid(g[3 * hidden :]) * np.tanh(c)
        out.append(h)
    return np.array(out)


def _reference_inputs(word: str, p: dict[str, np.ndarray]) -> np.ndarray:
    """A word's network input computed the slow, obvious way from the stored weights."""
    vid, chars, cats, flags = load_tagger().encoder.encode(word)
    vector = p["vectors"][vid - 1] if vid else np.zeros(p["vectors"].shape[1])
    emb = [p["char_emb"][ch] for ch in chars if ch]
    zero = np.zeros(p["char_emb"].shape[1])
    windows = [np.concatenate([emb[j - 1] if j else zero, emb[j], emb[j + 1] if j + 1 < len(emb) else zero])
               for j in range(len(emb))]  # fmt: skip
    char_vec = np.tanh(np.max([w @ p["char_w"] + p["char_b"] for w in windows], axis=0))
    parts = [vector, char_vec] + [p[f"cat{i}"][cid] for i, cid in enumerate(cats)] + [flags]
    return np.concatenate(parts)


def test_bilstm_emissions_match_a_plain_lstm() -> None:
    """The tagger's fused, cached, batched recurrence (gates reordered, one tanh for all gates, both
    directions at once) must compute the same scores as a plain BiLSTM over the stored weights."""
    with np.load(MODEL_DIR / NEURAL_FILE) as npz:
        p = {k: npz[k].astype(np.float64) for k in npz.files if k not in ("vocab", "chars", "labels")}
    words = ["Wali", "Kota", "Surabaya", "meninjau", "pasar", "Keputran", "."]
    x = np.stack([_reference_inputs(w, p) for w in words])
    forward = _reference_lstm(x @ p["wx_f"] + p["b_f"], p["wh_f"])
    backward = _reference_lstm((x @ p["wx_b"] + p["b_b"])[::-1], p["wh_b"])[::-1]
    expected = np.concatenate([forward, backward], 1) @ p["wo"] + p["bo"]
    tagger = load_tagger()
    assert np.allclose(tagger.emissions(words), expected, atol=1e-3)
    # Batched with a longer and a shorter sentence, the scores do not change.
    longer = ["Ketua", "DPRD", "Jawa", "Timur", "menghadiri", "rapat", "di", "gedung", "dewan", "kemarin", "."]
    batch = tagger.emissions_batch([longer, words, ["Halo"]])
    assert np.allclose(batch[1], expected, atol=1e-3)
    assert tagger.tag_sentences([longer, [], words]) == [tagger.tag(longer), [], tagger.tag(words)]


def test_word_cache_limit_keeps_tagging(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the word cache overflows it is emptied before a batch, never in the middle of one."""
    import sorot.actors.ner as ner

    tagger = open_tagger(MODEL_DIR)
    words = ["Menteri", "Keuangan", "Sri", "Mulyani", "berkunjung", "ke", "Medan", "."]
    expected = tagger.tag(words)
    monkeypatch.setattr(ner, "_CACHE_LIMIT", 3)
    # Cached and new words in one sentence, with the cache already over its limit.
    assert len(tagger.tag([*words[:-1], "dan", "Binjai", "."])) == len(words) + 2
    assert tagger.tag(words) == expected


def test_crf_baseline_tagger_still_loads(tmp_path: Path) -> None:
    """A model directory with only a CRF (as ``scripts/train_ner.py train`` writes) gets the CRF tagger."""
    for name in (CLUSTERS_FILE, LEXICON_FILE):
        shutil.copyfile(MODEL_DIR / name, tmp_path / name)
    features = FeatureExtractor.from_dir(tmp_path)
    trainer = pycrfsuite.Trainer(verbose=False)
    sentences = [
        (["Bupati", "Sutrisno", "datang", "ke", "Blitar", "."], ["O", "B-PER", "O", "O", "B-LOC", "O"]),
        (["Warga", "Kediri", "menyambut", "Gubernur", "Wahyudi", "."], ["O", "B-LOC", "O", "O", "B-PER", "O"]),
    ] * 5
    for words, tags in sentences:
        trainer.append(features.sentence(words), tags)
    trainer.set_params({"max_iterations": 30})
    trainer.train(str(tmp_path / MODEL_FILE))
    tagger = open_tagger(tmp_path)
    assert isinstance(tagger, CrfTagger)
    assert tagger.tag(["Bupati", "Sutrisno", "datang", "ke", "Blitar", "."])[1] == "B-PER"
