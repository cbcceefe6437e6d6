"""The Indonesian sentence splitter: abbreviations, numbers, initials, quotes, bulleted lists, offsets."""

from __future__ import annotations

import pytest

from sorot.model import Document
from sorot.text.segment import Segmenter, split_sentences, tokenize


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for s in sentences:
        assert text[s.start:s.end] == s.text
    return [s.text for s in sentences]


@pytest.mark.parametrize(("text", "expected"), [
    ("Kantornya di Jl. Sudirman No. 5, Jakarta. Ia ditemui dr. Andi di sana.",
     ["Kantornya di Jl. Sudirman No. 5, Jakarta.", "Ia ditemui dr. Andi di sana."]),
    ("Prof. Budi Santoso, S.H., M.H. hadir. Rapat dimulai pukul 10.00 WIB.",
     ["Prof. Budi Santoso, S.H., M.H. hadir.", "Rapat dimulai pukul 10.00 WIB."]),
    ("Ia tinggal di Jl. Thamrin. Setelah itu pergi.", ["Ia tinggal di Jl. Thamrin.", "Setelah itu pergi."]),
    ("Kuasa hukum Rina Dewi, S.H., M.H. menolak. Sidang ditunda.",
     ["Kuasa hukum Rina Dewi, S.H., M.H. menolak.", "Sidang ditunda."]),
], ids=["jl-no-dr", "prof-sh-mh", "abbrev-then-end", "degrees"])
def test_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_numbers_with_periods_and_commas() -> None:
    assert texts("Anggaran naik menjadi Rp 1.000 miliar atau 2,5 persen. Itu kata menteri.") == [
        "Anggaran naik menjadi Rp 1.000 miliar atau 2,5 persen.", "Itu kata menteri."]
    assert texts("Harga naik 1.250.000 rupiah. Warga protes.") == ["Harga naik 1.250.000 rupiah.", "Warga protes."]


def test_initials_are_not_sentence_ends() -> None:
    assert texts("Menurut A. Rahman, rencana itu batal. M. Yusuf setuju.") == [
        "Menurut A. Rahman, rencana itu batal.", "M. Yusuf setuju."]


def test_sentence_end_inside_quotes() -> None:
    # A lowercase speech verb after the closing quote continues the sentence.
    assert texts('"Kami menolak rencana itu sepenuhnya." kata Budi. Ia lalu pergi.') == [
        '"Kami menolak rencana itu sepenuhnya." kata Budi.', "Ia lalu pergi."]
    # A capitalised word after the closing quote starts a new one.
    assert texts("“Kami menolak rencana itu sepenuhnya.” Budi lalu pergi.") == [
        "“Kami menolak rencana itu sepenuhnya.”", "Budi lalu pergi."]


def test_colon_sentence_takes_its_bulleted_list() -> None:
    text = ("Kedua negara membahas kerja sama dalam bidang:\n- Perdagangan dan ekonomi\n- Energi\n"
            "Rapat selesai sore. Semua pulang.")
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Kedua negara membahas kerja sama dalam bidang:\n- Perdagangan dan ekonomi\n- Energi",
        "Rapat selesai sore.", "Semua pulang."]
    assert [s.paragraph for s in sentences] == [0, 1, 1]


def test_bullets_without_a_colon_stay_separate() -> None:
    assert texts("Agenda rapat.\n- Perdagangan\n- Energi") == ["Agenda rapat.", "- Perdagangan", "- Energi"]


def test_lines_are_paragraphs_and_questions_exclamations_ellipses_end_sentences() -> None:
    sentences = split_sentences("Apa benar? Ya! Tidak...  Mungkin.\n\nBaris baru.")
    assert [s.text for s in sentences] == ["Apa benar?", "Ya!", "Tidak...", "Mungkin.", "Baris baru."]
    assert [s.paragraph for s in sentences] == [0, 0, 0, 0, 1]


@pytest.mark.parametrize("text", [
    "Baris satu.\r\nBaris dua!\r\n\r\nBaris tiga?  Baris empat…\u2028Baris lima.",
    "  \n\n  Spasi di depan.   Spasi di belakang.   \n",
    "Tanpa titik di akhir",
    "Daftar:\n\n- satu\n- dua\n\n1. tiga\n\nSelesai.",
    "",
    "Jl. Merdeka No. 1. Prof. Dr. Ir. H. Budi, M.Sc. datang. “Ya.” katanya.",
])
def test_offsets_always_slice_the_original_text(text: str) -> None:
    sentences = split_sentences(text)
    for s in sentences:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))


def test_crlf_text_splits_by_line() -> None:
    assert texts("Baris satu.\r\nBaris dua.") == ["Baris satu.", "Baris dua."]


def test_tokenize_keeps_numbers_urls_and_reduplication() -> None:
    text = "Negara-negara menyumbang Rp 1.000,50 lewat https://contoh.example/a?b=1 pada 27/3."
    tokens = tokenize(text)
    words = [t.text for t in tokens]
    assert "Negara-negara" in words and "1.000,50" in words and "27/3" in words
    assert "https://contoh.example/a?b=1" in words
    for t in tokens:
        assert text[t.start:t.end] == t.text


def test_segmenter_stage_uses_the_clean_text_and_can_tokenize() -> None:
    doc = Document(id="a", raw_text="Mentah slot88. Kalimat dua.", clean_text="Kalimat satu. Kalimat dua.")
    Segmenter(tokens=True)(doc)
    assert [s.text for s in doc.sentences] == ["Kalimat satu.", "Kalimat dua."]
    assert [(t.text, t.sentence) for t in doc.tokens][:3] == [("Kalimat", 0), ("satu", 0), (".", 0)]
    assert doc.tokens[-1].sentence == 1


def test_offsets_hold_on_generated_messy_texts() -> None:
    """Seeded random mixes of abbreviations, quotes, bullets, numbers and odd whitespace."""
    import random

    pieces = ["Jl.", "No.", "dr.", "Prof.", "S.H.", "A.", "1.000", "2,5", "kata", "Budi.", '"Ya."', "“Tidak!”",
              "bidang:", "\n- ", "\n1. ", "\r\n", "\n\n", "\u2028", "\u00a0", "...", "…", "?", "Ia", "pergi.",
              "(14/1).", "Rp.", "dkk.", "  ", "\t", "negara-negara", "'", "”", ":"]
    rng = random.Random(20261126)
    for _ in range(300):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        sentences = split_sentences(text)
        for s in sentences:
            assert text[s.start:s.end] == s.text and s.text.strip() == s.text and s.text
        assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))
        assert [s.paragraph for s in sentences] == sorted(s.paragraph for s in sentences)
        covered = {i for s in sentences for i in range(s.start, s.end)}
        assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())  # no text is dropped
