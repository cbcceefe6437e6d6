"""Indonesian verb morphology by generation: meN- assimilation, di-/ber- forms, enclitics, reduplication."""

from __future__ import annotations

import pytest

from sorot.text.morphology import forms, inflect, nasal_prefix, strip_enclitic, unreduplicate


@pytest.mark.parametrize(("stem", "expected"), [
    ("pukul", "memukul"), ("tolak", "menolak"), ("kirim", "mengirim"), ("sita", "menyita"),
    ("bom", "mengebom"), ("protes", "memprotes"), ("tembak", "menembak"), ("serang", "menyerang"),
    ("dukung", "mendukung"), ("ganggu", "mengganggu"), ("hancur", "menghancur"), ("ajak", "mengajak"),
    ("lihat", "melihat"), ("rampas", "merampas"), ("klaim", "mengklaim"), ("kritik", "mengkritik"),
    ("cat", "mengecat"), ("beri", "memberi"), ("jual", "menjual"), ("produksi", "memproduksi"),
    ("stabil", "menstabil"), ("tes", "mengetes"), ("fitnah", "memfitnah"), ("usir", "mengusir"),
    # Vowel sequences are two syllables, not a monosyllable taking "menge-".
    ("buat", "membuat"), ("suap", "menyuap"), ("kuat", "menguat"), ("siap", "menyiap"), ("cium", "mencium"),
    ("pantau", "memantau"), ("lerai", "melerai"),
])
def test_men_assimilation(stem: str, expected: str) -> None:
    assert inflect(stem, "meN-X") == expected


@pytest.mark.parametrize(("stem", "expected"), [
    ("tangkap", "penangkapan"), ("serang", "penyerangan"), ("bom", "pengeboman"), ("periksa", "pemeriksaan"),
    ("kirim", "pengiriman"), ("dukung", "pendukungan"),
])
def test_pen_an_nominals_share_the_assimilation(stem: str, expected: str) -> None:
    assert inflect(stem, "peN-X-an") == expected


def test_nasal_prefix_with_an_empty_stem() -> None:
    assert nasal_prefix("") == "me"


@pytest.mark.parametrize(("stem", "pattern", "expected"), [
    ("tolak", "di-X", "ditolak"), ("serang", "di-X", "diserang"), ("usir", "di-X-kan", "diusirkan"),
    ("kuat", "diper-X", "diperkuat"), ("kuat", "memper-X", "memperkuat"), ("tembak", "ter-X", "tertembak"),
    ("kirim", "meN-X-kan", "mengirimkan"), ("sita", "meN-X-i", "menyitai"), ("Tolak", "X-an", "tolakan"),
    ("temu", "ber-X", "bertemu"), ("runding", "ber-X", "berunding"), ("kerja", "ber-X", "bekerja"),
    ("ajar", "ber-X", "belajar"), ("sepakat", "ber-X", "bersepakat"), ("temu", "ke-X-an", "ketemuan"),
])
def test_inflect_patterns(stem: str, pattern: str, expected: str) -> None:
    assert inflect(stem, pattern) == expected


def test_forms_carry_their_voice() -> None:
    out = forms("tolak")
    assert out == {"menolak": "active", "menolakkan": "active", "menolaki": "active",
                   "ditolak": "passive", "ditolakkan": "passive", "ditolaki": "passive"}
    assert forms("temu", ["ber-X", "peN-X-an"]) == {"bertemu": "middle", "penemuan": "nominal"}


def test_forms_rejects_an_unknown_pattern() -> None:
    with pytest.raises(ValueError, match="unknown affix pattern 'xyz-X'"):
        forms("tolak", ["xyz-X"])


@pytest.mark.parametrize(("word", "expected"), [
    ("kecamannya", "kecaman"), ("ditolaknya", "ditolak"), ("hanyalah", "hanya"), ("benarkah", "benar"),
    ("hanya", "hanya"), ("apakah", "apakah"), ("dialah", "dialah"), ("menolak", "menolak"),
])
def test_strip_enclitic(word: str, expected: str) -> None:
    assert strip_enclitic(word) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("tembak-menembak", "menembak"), ("negara-negara", "negara"), ("pukul-memukul", "memukul"),
    ("surat-menyurat", "menyurat"), ("kerja-sama", "kerja-sama"), ("Asia-Pasifik", "Asia-Pasifik"),
    ("al-Qaeda", "al-Qaeda"), ("negara", "negara"),
])
def test_unreduplicate(word: str, expected: str) -> None:
    assert unreduplicate(word) == expected
