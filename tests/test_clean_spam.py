"""The clean stage on gambling spam: injected shapes are cut exactly, gambling news is untouched.

All articles here are written for these tests.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import INDOSUM, SEED, needs_shared

from sorot.clean.lexicon import spam_lexicon
from sorot.clean.normalise import normalise
from sorot.clean.offsets import apply_cuts
from sorot.clean.spam import SpamDetector
from sorot.clean.stage import CleanStage
from sorot.model import Document
from sorot.pipeline import stage_factory

DIPLOMACY = (
    "Menteri Luar Negeri Indonesia bertemu mitranya dari Jepang di Tokyo pada Senin (12/6). Keduanya "
    "membahas kerja sama maritim dan perdagangan.\n\n"
    "Pertemuan itu berlangsung selama dua jam. Menlu mengatakan kedua negara sepakat memperluas latihan "
    "bersama penjaga pantai.\n\n"
    "Jepang juga menawarkan bantuan kapal patroli untuk Bakamla."
)

RAID = (
    "Polda Metro Jaya menangkap lima tersangka pengelola situs judi online bernama Garuda88 di sebuah ruko "
    "di Jakarta Barat, Selasa (4/7). Para pelaku dijerat Pasal 303 KUHP dan UU ITE.\n\n"
    "Kapolda mengatakan situs tersebut mempromosikan slot gacor dan bonus new member kepada warga melalui "
    "media sosial. \"Kami sudah meminta Kominfo memblokir 120 situs judi,\" ujarnya.\n\n"
    "Polisi juga menyita barang bukti berupa 12 telepon genggam dan buku rekening. Menurut polisi, omzet "
    "situs Garuda88 mencapai Rp2 miliar per bulan.\n\n"
    "\"Pesan promosinya berbunyi daftar sekarang di Garuda88 dan dapatkan bonus 100 persen,\" kata seorang "
    "korban kepada wartawan."
)

BLOCKING = (
    "Kementerian Kominfo memblokir aplikasi Higgs Domino Island dan Domino QiuQiu 99 Boyaa QQ KIU karena "
    "dinilai mengandung unsur perjudian. Pemblokiran dilakukan setelah aduan masyarakat.\n\n"
    "Menurut Kominfo, sepanjang tahun ini lebih dari 800 ribu konten judi online telah diturunkan. Satgas "
    "Pemberantasan Perjudian Daring juga bekerja sama dengan OJK untuk menutup rekening penampung.\n\n"
    "Menkominfo meminta masyarakat tidak tergiur iklan slot gacor dan link alternatif yang beredar di "
    "media sosial."
)

AWARENESS = (
    "Kecanduan judi online kini menjerat banyak pelajar. Psikolog menyebut dampaknya mirip kecanduan zat.\n\n"
    "Tips menghindari jerat judi online: jangan mengklik tautan dari nomor tak dikenal, laporkan situs "
    "mencurigakan, dan blokir akun yang menawarkan bonus new member.\n\n"
    "Seorang jurtul togel diamankan warga di Pasar Baru, Senin malam, dan diserahkan ke Polsek setempat."
)

ENUMERATION = (
    "Menurut data Kominfo, terdapat 2,1 juta situs judi yang diblokir. Situs-situs itu memakai nama seperti "
    "slot88, dewapoker, dan togel4d.\n\n"
    "Para bandar kerap menawarkan bonus new member dan link alternatif agar pemain kembali."
)

ENGLISH = (
    "Las Vegas Sands said gross gaming revenue at its Macau casinos rose 12 percent in the third quarter. "
    "Analysts had bet on a smaller rise. The company plans to add 500 slot machines and new poker tables.\n\n"
    "Police in Manila arrested 40 foreigners working for an illegal online gambling operator, officials said."
)

ONE_MENTION = (
    "Presiden meminta Kominfo memberantas situs slot gacor dan judi online yang marak di media sosial. "
    "Permintaan itu disampaikan dalam rapat terbatas di Istana.\n\n"
    "Pendaftaran slot online vaksinasi dibuka pukul 08.00 melalui link alternatif milik dinas kesehatan. "
    "Bank daerah juga menawarkan bonus deposit bagi nasabah baru."
)

HOBBY = (
    "Ratusan kicau mania memadati lapangan untuk lomba burung berkicau, Minggu pagi. Burung murai batu "
    "milik Pak Darto tampil paling gacor dan keluar sebagai juara pertama.\n\n"
    "Juri menilai volume dan durasi kicauan. Panitia berencana menggelar lomba serupa bulan depan."
)

LEGIT_TOKENS = (
    "KTT G20 dan B20 digelar di Bali. Pesawat F-16 dan Su-35 terlihat dalam latihan. MH370 masih hilang. "
    "Jaringan 4G dan 5G meluas. Kasus COVID-19 menurun. Tol KM 50 ramai. Ia dijerat Pasal 303 dan UU 1/2023. "
    "Harga tiket Rp100 ribu pada 2024. Mobil B 1234 XYZ ditilang. JKT48 merilis lagu baru. Windows 11 atau "
    "Win10. Daftar Fortune500 dirilis. Pembalap Moto2 dan Tech3 berlatih. Toto Wolff tiba di Monza. Sultan "
    "Hamengku Buwono X menerima Raja Salman. Kirim surel ke redaksi@contoh.co.id atau buka "
    "https://www.contoh.com/berita/d-7123456/slot-parkir-baru. Tagar #G20Indonesia dan #BerantasJudi2024 "
    "ramai. Ponsel ini punya slot kartu SIM ganda.\n\nInsta360 One dirilis. JKT48 tampil di Jakarta. Moto2 "
    "digelar pekan depan."
)

SPAM_PAGE = (
    "Slot gacor hari ini dengan RTP live tertinggi hanya di Dewa88! Daftar sekarang dan klaim bonus new "
    "member 100% untuk kamu.\n"
    "Depo 10k via DANA, WD cepat tanpa potongan. Situs slot online terpercaya no 1 di Indonesia.\n"
    "Mainkan Gates of Olympus dan Starlight Princess, dijamin maxwin bosku!\n"
    "Link alternatif Dewa88 anti nawala, login 24 jam."
)

CONTENT_FARM = (
    "Cara Menang Main Slot Online untuk Pemula\n\n"
    "Bermain slot online kini menjadi hiburan favorit banyak orang. Untuk Anda yang ingin menang, ada "
    "beberapa tips yang bisa Anda terapkan. Pertama, pilih situs slot dengan RTP tinggi. Kedua, perhatikan "
    "pola slot dan jam gacor setiap hari. Ketiga, manfaatkan bonus yang disediakan.\n\n"
    "Slot online punya banyak keuntungan. Anda bisa bermain kapan saja dan di mana saja. Permainan slot "
    "seperti Mahjong Ways dan Sweet Bonanza punya fitur scatter yang menarik. Strategi yang tepat membuat "
    "kamu bisa mendapatkan jackpot besar dari slot.\n\n"
    "Panduan bermain slot ini cocok untuk pemula. Rahasia menang slot adalah kesabaran dan manajemen modal. "
    "Pilih permainan slot dengan volatilitas rendah jika modal Anda kecil. Tips terakhir, jangan lupa "
    "memanfaatkan free spin dan fitur buy spin yang tersedia di banyak permainan slot.\n\n"
    "Dengan mengikuti langkah-langkah di atas, peluang Anda mendapatkan maxwin di permainan slot akan "
    "semakin besar. Selamat mencoba dan semoga beruntung bermain slot online!"
)


@pytest.fixture(scope="module")
def clean() -> CleanStage:
    return CleanStage()


def run(stage: CleanStage, text: str) -> Document:
    return stage(Document(id="t", raw_text=text))


def spam_of(doc: Document) -> list[str]:
    return [r.text for r in doc.removed if r.reason.startswith("spam:")]


def assert_contract(doc: Document) -> None:
    """clean_text is the (substituted) raw text minus exactly the recorded spans."""
    substituted, _ = normalise(doc.raw_text)
    for r in doc.removed:
        assert doc.raw_text[r.start:r.end] == r.text
    assert doc.clean_text == apply_cuts(substituted, [(r.start, r.end) for r in doc.removed])


def test_registered_as_pipeline_stage() -> None:
    stage = stage_factory("clean")()
    assert stage.name == "clean"


@needs_shared(SEED)
def test_seed_token_removed_and_nothing_else(clean: CleanStage) -> None:
    raw = SEED.read_text(encoding="utf-8")
    doc = run(clean, raw)
    assert doc.spam == ["vipqiuqiu99"]
    assert doc.clean_text in (raw.replace(" vipqiuqiu99", ""), raw.replace("vipqiuqiu99", ""))
    assert doc.flags == []
    assert_contract(doc)


def test_token_at_paragraph_end(clean: CleanStage) -> None:
    raw = DIPLOMACY.replace("perdagangan.\n", "perdagangan. dewaqq\n")
    doc = run(clean, raw)
    assert doc.spam == ["dewaqq"]
    assert doc.clean_text == DIPLOMACY
    assert_contract(doc)


@pytest.mark.parametrize("phrase", ["slot gacor maxwin", "judi bola88", "rtp live"])
def test_keyword_run_spliced_into_a_sentence(clean: CleanStage, phrase: str) -> None:
    raw = DIPLOMACY.replace("Jepang juga menawarkan", f"Jepang juga {phrase} menawarkan")
    doc = run(clean, raw)
    assert doc.spam == [phrase]
    assert doc.clean_text == DIPLOMACY


def test_injected_cta_sentence(clean: CleanStage) -> None:
    cta = "Daftar sekarang di situs Naga168 dan raih maxwin setiap hari!"
    raw = DIPLOMACY.replace("perdagangan.\n", f"perdagangan. {cta}\n")
    doc = run(clean, raw)
    assert doc.spam == [cta]
    assert doc.removed[0].reason == "whitespace" and doc.removed[1].reason == "spam:sentence"
    assert doc.clean_text == DIPLOMACY


def test_link_bait_block_between_paragraphs(clean: CleanStage) -> None:
    block = "Slot Gacor Hari Ini\nSitus Togel Online Terpercaya\nLink Alternatif Dewa88"
    raw = DIPLOMACY.replace("penjaga pantai.\n\n", f"penjaga pantai.\n\n{block}\n\n")
    doc = run(clean, raw)
    assert doc.spam == block.split("\n")
    assert {r.reason for r in doc.removed if r.reason.startswith("spam")} == {"spam:link-bait"}
    assert doc.clean_text == DIPLOMACY
    assert_contract(doc)


def test_keyword_tail_with_domain(clean: CleanStage) -> None:
    raw = DIPLOMACY + " slot gacor slot88.vip"
    doc = run(clean, raw)
    assert doc.spam == ["slot gacor slot88.vip"]
    assert doc.clean_text == DIPLOMACY


@pytest.mark.parametrize("token", ["garuda88", "zeus1000", "mpo500", "bintang4d", "slotgacor", "bandarqq"])
def test_unknown_brand_appended_to_a_paragraph(clean: CleanStage, token: str) -> None:
    raw = DIPLOMACY.replace("pantai.\n", f"pantai. {token}\n")
    doc = run(clean, raw)
    assert doc.spam == [token]
    assert doc.clean_text == DIPLOMACY


@pytest.mark.parametrize("where", ["dua jam. {t} Menlu", "\n\n{t} Pertemuan itu"])
def test_unknown_brand_between_sentences(clean: CleanStage, where: str) -> None:
    anchor = where.format(t="").replace("  ", " ").replace("\n\n ", "\n\n")
    assert anchor in DIPLOMACY
    raw = DIPLOMACY.replace(anchor, where.format(t="garuda88"))
    doc = run(clean, raw)
    assert doc.spam == ["garuda88"]
    assert doc.clean_text == DIPLOMACY


def test_bare_brand_line_at_start(clean: CleanStage) -> None:
    doc = run(clean, "vipqiuqiu99\n\n" + DIPLOMACY)
    assert doc.spam == ["vipqiuqiu99"]
    assert doc.clean_text == DIPLOMACY


def test_inline_brand_in_unrelated_article(clean: CleanStage) -> None:
    raw = DIPLOMACY.replace("kapal patroli", "kapal rajaslot88 patroli")
    doc = run(clean, raw)
    assert doc.spam == ["rajaslot88"]
    assert doc.clean_text == DIPLOMACY


def test_obfuscated_forms(clean: CleanStage) -> None:
    raw = DIPLOMACY.replace("kapal patroli", "kapal g4c0r patroli").replace("Bakamla.", "Bakamla. ｓｌｏｔ８８")
    doc = run(clean, raw)
    assert doc.spam == ["g4c0r", "ｓｌｏｔ８８"]
    assert {r.reason for r in doc.removed if r.reason.startswith("spam")} == {"spam:obfuscated"}
    assert doc.clean_text == DIPLOMACY


def test_zero_width_inside_a_brand_token(clean: CleanStage) -> None:
    raw = DIPLOMACY.replace("perdagangan.\n", "perdagangan. vip\u200bqiuqiu99\n")
    doc = run(clean, raw)
    assert doc.spam == ["vip\u200bqiuqiu99"]
    assert doc.clean_text == DIPLOMACY
    assert_contract(doc)


def test_injection_into_gambling_news_is_still_cut(clean: CleanStage) -> None:
    cta = "Daftar sekarang di Garuda88 dan klaim bonus new member!"
    raw = RAID.replace("UU ITE.", f"UU ITE. {cta}") + " dewaqq"
    doc = run(clean, raw)
    assert doc.spam == [cta, "dewaqq"]
    assert doc.clean_text == RAID


def test_whole_spam_page_is_flagged(clean: CleanStage) -> None:
    doc = run(clean, SPAM_PAGE)
    assert doc.flags == ["spam_page"]
    assert "content_farm" not in doc.flags


def test_content_farm_is_flagged(clean: CleanStage) -> None:
    doc = run(clean, CONTENT_FARM)
    assert doc.flags == ["content_farm"]


@pytest.mark.parametrize("text", [RAID, BLOCKING, AWARENESS, ENUMERATION, ENGLISH, ONE_MENTION, HOBBY, LEGIT_TOKENS,
                                  DIPLOMACY])
def test_legitimate_text_is_untouched(clean: CleanStage, text: str) -> None:
    doc = run(clean, text)
    assert spam_of(doc) == []
    assert doc.flags == []
    assert doc.clean_text == text


def test_flags_are_reset_on_a_second_run(clean: CleanStage) -> None:
    doc = run(clean, SPAM_PAGE)
    doc.raw_text = DIPLOMACY
    assert clean(doc).flags == []


SWEEP_ARTICLES = 150  # a sample; scripts/spam_report.py sweeps the whole corpus


@needs_shared(INDOSUM)
def test_no_spam_removed_from_real_articles(clean: CleanStage) -> None:
    with INDOSUM.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= SWEEP_ARTICLES:
                break
            record = json.loads(line)
            doc = run(clean, record["text"])
            assert spam_of(doc) == [], record["id"]
            assert doc.flags == [], record["id"]


def test_brand_stems_are_matched_literally() -> None:
    """Stems come from data: one with regex characters must neither crash nor act as a pattern."""
    lexicon = dataclasses.replace(spam_lexicon(), strong_stems=(*spam_lexicon().strong_stems, "c++(", "a.b"))
    detector = SpamDetector(lexicon)  # unescaped, "c++(" is not a valid pattern
    assert detector.detect(DIPLOMACY + " Kode axb dan a1b2 disebut.").findings == []
