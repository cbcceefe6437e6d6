"""Normalisation, boilerplate lines and the raw<->clean offset map of the clean stage."""

from __future__ import annotations

import pytest

from sorot.clean.normalise import fold, normalise
from sorot.clean.offsets import OffsetMap, apply_cuts, merge_cuts
from sorot.clean.stage import CleanStage
from sorot.model import Document

BODY = ("Presiden menerima tamu negara di Istana Merdeka, Senin pagi. Keduanya membahas perdagangan.\n\n"
        "Kunjungan berlangsung selama tiga jam. Delegasi kemudian meninjau pelabuhan.")


@pytest.fixture(scope="module")
def clean() -> CleanStage:
    return CleanStage()


def test_odd_spaces_become_spaces_without_moving_offsets(clean: CleanStage) -> None:
    raw = "Harga\u00a0naik\u2009tajam\u202fhari ini."
    doc = clean(Document(id="x", raw_text=raw))
    assert doc.clean_text == "Harga naik tajam hari ini."
    assert doc.removed == []


def test_invisible_characters_and_crlf_are_cut_and_recorded(clean: CleanStage) -> None:
    raw = "Satu\u200b dua\ufeff tiga.\r\nEmpat\u00ad lima."
    doc = clean(Document(id="x", raw_text=raw))
    assert doc.clean_text == "Satu dua tiga.\nEmpat lima."
    reasons = [r.reason for r in doc.removed]
    assert reasons == ["normalise:invisible", "normalise:invisible", "normalise:newline", "normalise:invisible"]
    assert all(raw[r.start:r.end] == r.text for r in doc.removed)


def test_nfc_composes_and_keeps_the_offset_map_exact(clean: CleanStage) -> None:
    raw = "Cafe\u0301 di Bandung; re\u0301sume\u0301 diterima."
    doc = clean(Document(id="x", raw_text=raw))
    assert doc.clean_text == "Café di Bandung; résumé diterima."
    assert {r.reason for r in doc.removed} == {"normalise:nfc"}
    omap = OffsetMap.from_doc(doc)
    at = doc.clean_text.index("Bandung")
    assert raw[omap.to_raw(at):omap.to_raw(at + 7, end=True)] == "Bandung"


def test_fullwidth_is_kept_in_text_but_folded_for_matching() -> None:
    text, cuts = normalise("Ｇ２０")
    assert text == "Ｇ２０" and cuts == []
    assert fold("ＳＬＯＴ８８ Ｘ") == "slot88 x"
    assert len(fold("𝐒𝐋𝐎𝐓")) == len("𝐒𝐋𝐎𝐓")


@pytest.mark.parametrize("line, reason", [
    ("Baca juga: Harga Beras Naik Jelang Lebaran", "boilerplate:read-also"),
    ("SIMAK JUGA - Timnas Berlatih di Bali", "boilerplate:read-also"),
    ("ADVERTISEMENT", "boilerplate:advertisement"),
    ("SCROLL TO CONTINUE WITH CONTENT", "boilerplate:advertisement"),
    ("Simak Video 'Banjir Rendam Jalan Utama'", "boilerplate:video"),
    ("Bagikan: Facebook Twitter WhatsApp", "boilerplate:share"),
    ("Facebook | Twitter | WhatsApp | Copy Link", "boilerplate:share"),
    ("window.dataLayer = window.dataLayer || []; gtag('js', new Date());", "boilerplate:script"),
])
def test_boilerplate_lines_are_removed_with_their_line_break(clean: CleanStage, line: str, reason: str) -> None:
    first, second = BODY.split("\n\n")
    raw = f"{first}\n\n{line}\n\n{second}"
    doc = clean(Document(id="x", raw_text=raw))
    assert doc.clean_text == BODY
    assert [r.reason for r in doc.removed if r.reason != "whitespace"] == [reason]
    assert [r.text for r in doc.removed if r.reason == reason] == [line]


def test_boilerplate_needs_a_whole_line(clean: CleanStage) -> None:
    raw = BODY + "\n\nLihat juga bagaimana warga menyambut rombongan di tepi jalan."
    doc = clean(Document(id="x", raw_text=raw))
    assert doc.clean_text == raw


def test_offset_map_round_trip() -> None:
    raw = "aaXXbbYYYcc"
    cuts = [(2, 4), (6, 9)]
    clean = apply_cuts(raw, cuts)
    assert clean == "aabbcc"
    omap = OffsetMap(cuts)
    assert [omap.to_raw(i) for i in range(7)] == [0, 1, 4, 5, 9, 10, 11]
    assert omap.span_to_raw(2, 4) == (4, 6)
    assert omap.span_to_raw(0, 2) == (0, 2)
    assert [omap.to_clean(i) for i in range(12)] == [0, 1, 2, 2, 2, 3, 4, 4, 4, 4, 5, 6]
    assert merge_cuts([(5, 6), (1, 3), (2, 4), (4, 5)]) == [(1, 6)]


def test_clean_offsets_map_back_to_raw_words(clean: CleanStage) -> None:
    raw = "Presiden\u200b tiba. vipqiuqiu99\n\nADVERTISEMENT\n\nMenteri\u00a0menyambut di bandara."
    doc = clean(Document(id="x", raw_text=raw))
    omap = OffsetMap.from_doc(doc)
    for word in ("Presiden", "tiba", "Menteri", "bandara"):
        start = doc.clean_text.index(word)
        raw_start, raw_end = omap.span_to_raw(start, start + len(word))
        assert raw[raw_start:raw_end] == word


def test_interval_set() -> None:
    from sorot.clean.offsets import IntervalSet

    cover = IntervalSet()
    for start, end in [(10, 20), (30, 40), (18, 25), (50, 50), (0, 2)]:
        cover.add(start, end)
    assert list(zip(cover.starts, cover.ends, strict=True)) == [(0, 2), (10, 25), (30, 40)]
    assert cover.covers(24) and not cover.covers(25) and not cover.covers(5)
    assert cover.overlaps(24, 31) and not cover.overlaps(25, 30)
    assert cover.missing(0, 45) == [(2, 10), (25, 30), (40, 45)]
    assert cover.missing(11, 19) == []
    cover.add(1, 35)
    assert list(zip(cover.starts, cover.ends, strict=True)) == [(0, 40)]
