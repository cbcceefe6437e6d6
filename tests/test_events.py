"""The event coder: one test per lexicon family, voice, modality, arguments, contexts, dates and codes.

Every sentence here is our own writing, in the style of Indonesian news.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from sorot.events.crosswalk import codes, event_types, gdelt_quad, goldstein
from sorot.events.dates import resolve_date
from sorot.events.lexicon import LANGUAGES, load_lexicon
from sorot.model import Document
from sorot.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config(["clean", "language", "segment", "actors", "quotes", "events", "alerts"])


def code(pipeline: Pipeline, text: str, date: str = "2025-06-10", lang: str = "id") -> Document:
    return pipeline(Document(id="t", raw_text=text, date=date, lang=lang))


def dyads(doc: Document) -> set[tuple[str, frozenset[str], frozenset[str]]]:
    return {(e.type, frozenset(a.code for a in e.actor), frozenset(a.code for a in e.recipient)) for e in doc.events}


# --- one sentence per lexicon family: (text, type, actor codes, recipient codes) --------------------
FAMILIES = [
    ("Pemerintah Vietnam menyatakan kesiapan untuk memperdalam kerja sama maritim dengan Filipina.",
     "AGREE", {"VNM"}, {"PHL"}),
    ("Presiden Prabowo Subianto melakukan kunjungan kenegaraan ke Jepang pada Selasa.", "CONSULT", {"IDN"}, {"JPN"}),
    ("Kementerian Luar Negeri Indonesia mendukung upaya Malaysia menengahi sengketa itu.", "SUPPORT", {"IDN"}, {"MYS"}),
    ("Menteri Luar Negeri Jepang meminta maaf kepada pemerintah Korea Selatan.", "CONCEDE", {"JPN"}, {"KOR"}),
    ("Angkatan Laut Amerika Serikat menggelar latihan gabungan dengan Angkatan Laut Filipina di Laut China Selatan.",
     "COOPERATE", {"USA"}, {"PHL"}),
    ("Indonesia mengirimkan bantuan kemanusiaan kepada Palestina melalui Mesir.", "AID", {"IDN"}, {"PSE"}),
    ("Pemerintah Iran membebaskan tahanan warga Prancis pada Senin.", "RETREAT", {"IRN"}, set()),
    ("Menlu Sugiono mendesak Myanmar menghentikan kekerasan terhadap warga sipil.", "REQUEST", {"IDN"}, {"MMR"}),
    ("China mengecam Jepang atas pernyataan perdana menterinya soal Taiwan.", "ACCUSE", {"CHN"}, {"JPN"}),
    ("Korea Utara menolak tawaran dialog dari Korea Selatan.", "REJECT", {"PRK"}, {"KOR"}),
    ("Iran mengancam Israel dengan serangan balasan.", "THREATEN", {"IRN"}, {"ISR"}),
    ("Amerika Serikat menjatuhkan sanksi baru terhadap Rusia.", "SANCTION", {"USA"}, {"RUS"}),
    ("Korea Utara meluncurkan rudal balistik ke Laut Jepang.", "MOBILIZE", {"PRK"}, set()),
    ("Polisi Malaysia menangkap dua warga negara Indonesia di Sabah.", "COERCE", {"MYS"}, {"IDN"}),
    ("Militer Israel menyerang Lebanon selatan pada Minggu malam.", "ASSAULT", {"ISR"}, {"LBN"}),
]


@pytest.mark.parametrize(("text", "etype", "actors", "recipients"), FAMILIES, ids=[f[1] for f in FAMILIES])
def test_lexicon_family(pipeline: Pipeline, text: str, etype: str, actors: set[str], recipients: set[str]) -> None:
    doc = code(pipeline, text)
    matching = [e for e in doc.events if e.type == etype]
    assert matching, f"no {etype} in {[(e.type, e.trigger) for e in doc.events]}"
    event = matching[0]
    assert actors <= {a.code for a in event.actor}
    assert recipients <= {a.code for a in event.recipient}
    assert event.evidence == text
    assert doc.text[event.trigger_start:event.trigger_end] == event.trigger


def test_passive_voice_swaps_roles(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Jepang dikecam oleh China karena latihan militer itu.")
    assert ("ACCUSE", frozenset({"CHN"}), frozenset({"JPN"})) in dyads(doc)


def test_host_welcoming_a_visitor_codes_the_visitor_as_actor(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Perdana Menteri Jepang tiba di Jakarta dan disambut oleh Presiden Indonesia di "
                         "Istana Merdeka.")
    assert ("CONSULT", frozenset({"JPN"}), frozenset({"IDN"})) in dyads(doc)


def test_coordinated_subjects_and_group_recipients(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Iran dan Suriah meneken pakta pertahanan baru. Prancis, Jerman dan Inggris menyatakan "
                         "keprihatinan atas pakta militer kedua negara.")
    accuse = [e for e in doc.events if e.type == "ACCUSE"]
    assert accuse
    assert {a.code for a in accuse[0].actor} == {"FRA", "DEU", "GBR"}
    assert {a.code for a in accuse[0].recipient} == {"IRN", "SYR"}


def test_reciprocal_meeting_has_no_recipient(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Kedua menteri bertemu di Tokyo. Menlu Indonesia dan Menlu Jepang membahas perdagangan.")
    consult = [e for e in doc.events if e.type == "CONSULT" and len({a.code for a in e.actor}) >= 2]
    assert consult and not consult[0].recipient


def test_planned_meeting_is_agree_future(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Presiden Indonesia akan bertemu dengan Perdana Menteri Australia di Canberra pekan depan.")
    agree = [e for e in doc.events if e.type == "AGREE"]
    assert agree and agree[0].modality == "future"
    assert not [e for e in doc.events if e.type == "CONSULT"]


def test_negated_attendance_is_reject_meet(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Pemimpin Myanmar tidak akan menghadiri KTT ASEAN di Kuala Lumpur.")
    reject = [e for e in doc.events if e.type == "REJECT"]
    assert reject and reject[0].mode == "meet"


@pytest.mark.parametrize(("text", "modality"), [
    ("Kemungkinan Jepang mengirimkan bantuan beras kepada Filipina.", "hypothetical"),
    ("China tidak mengecam Rusia atas serangan itu.", "negated"),
    ("Tidak hanya itu, Kanada menuduh Tiongkok melakukan praktik dumping baja.", "asserted"),
])
def test_modality_cues(pipeline: Pipeline, text: str, modality: str) -> None:
    doc = code(pipeline, text)
    assert doc.events and doc.events[0].modality == modality


def test_temporal_clause_shares_the_main_clause_future(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Presiden Prancis akan tiba di Jakarta besok, setelah terlebih dahulu mengunjungi Vietnam.")
    visit = [e for e in doc.events if e.trigger == "mengunjungi"]
    assert visit and visit[0].type == "AGREE" and visit[0].modality == "future"
    past = code(pipeline, "Presiden Prancis tiba di Jakarta, setelah terlebih dahulu mengunjungi Vietnam.")
    assert [e.type for e in past.events if e.trigger == "mengunjungi"] == ["CONSULT"]


def test_threat_takes_the_recipient_of_the_act_it_threatens(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Kamboja mengancam untuk segera menarik diri dari ASEAN setelah sengketa itu.")
    threat = [e for e in doc.events if e.type == "THREATEN"]
    assert threat and "IGO" in {a.code for a in threat[0].recipient}
    assert all(e.modality == "hypothetical" for e in doc.events if e.type == "REJECT")


def test_passive_relative_clause_names_whose_act_it_is(pipeline: Pipeline) -> None:
    condemned = code(pipeline, "Menteri Luar Negeri Sugiono mengecam serangan yang dilakukan oleh militer Israel.")
    assert ("ACCUSE", frozenset({"IDN"}), frozenset({"ISR"})) in dyads(condemned)
    declared = code(pipeline, "Pemerintah Myanmar menolak gencatan senjata yang diumumkan oleh kelompok pemberontak.")
    concede = [e for e in declared.events if e.type == "CONCEDE"]
    assert concede and concede[0].actor[0].sector == "REB"
    reject = [e for e in declared.events if e.type == "REJECT"]
    assert reject and reject[0].recipient[0].sector == "REB"


def test_relative_clause_subject_is_the_noun_before_yang(pipeline: Pipeline) -> None:
    named = code(pipeline, "Pidato Presiden Amerika Serikat Donald Trump yang mengakui Yerusalem sebagai ibu kota "
                           "Israel memicu unjuk rasa.")
    assert any(e.type == "SUPPORT" and e.actor[0].code == "USA" for e in named.events)
    unnamed = code(pipeline, "Malaysia mengecam serangan yang menewaskan puluhan warga di Gaza.")
    assert not [e for e in unnamed.events if e.type == "ASSAULT"]


def test_speech_act_after_a_reported_clause_is_the_speakers(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Pemerintah Kamboja membantah bahwa tentara menembaki desa itu, dan menyalahkan para "
                         "pemberontak.")
    blame = [e for e in doc.events if e.type == "ACCUSE"]
    assert blame and blame[0].actor[0].key() == ("KHM", "GOV", "")


def test_subject_of_a_clause_opened_by_a_preposition(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Sudan dilanda perang saudara. Badan itu menerima laporan tentang tentara dan milisi membakar "
                         "desa warga di Sudan.")
    burn = [e for e in doc.events if e.type == "ASSAULT"]
    assert burn and {a.key() for a in burn[0].actor} == {("SDN", "MIL", ""), ("SDN", "REB", "")}


def test_noun_with_its_own_agent(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Puluhan orang terluka dalam unjuk rasa pada Jumat oleh warga Kenya di Nairobi.")
    protest = [e for e in doc.events if e.type == "PROTEST"]
    assert protest and protest[0].actor[0].key() == ("KEN", "CVL", "")


@pytest.mark.parametrize("text", [
    "Kepala Staf Angkatan Darat Brasil Jenderal Tomas Paiva ditolak masuk ke Kanada pekan lalu.",
    "Kemlu memanggil duta besar menyusul pelarangan Kepala Staf Angkatan Darat Brasil Jenderal Tomas Paiva masuk ke "
    "Kanada.",
    "Pemerintah Kanada melarang Kepala Staf Angkatan Darat Brasil Jenderal Tomas Paiva masuk.",
])
def test_the_state_refusing_entry_is_the_actor(pipeline: Pipeline, text: str) -> None:
    refusals = [e for e in code(pipeline, text).events if e.type == "REJECT"]
    assert refusals and refusals[0].actor[0].code == "CAN" and refusals[0].recipient[0].key()[:2] == ("BRA", "MIL")


def test_topic_of_a_discussion_is_not_its_recipient(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Dalam kesempatan yang sama, Menteri Pertahanan Sjafrie Sjamsoeddin membahas isu ISIS dengan "
                         "Menteri Pertahanan Australia Richard Marles.")
    talks = [e for e in doc.events if e.type == "CONSULT"]
    assert talks and {a.code for a in talks[0].actor} | {r.code for r in talks[0].recipient} == {"IDN", "AUS"}


def test_condemned_attack_is_an_event_of_its_doer(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Juru bicara PBB mengecam \"serangan brutal\" pasukan keamanan Sudan terhadap warga Darfur.")
    assault = [e for e in doc.events if e.type == "ASSAULT"]
    assert assault and assault[0].actor[0].key()[:2] == ("SDN", "MIL")
    condemn = [e for e in doc.events if e.type == "ACCUSE"]
    assert condemn and [a.code for a in condemn[0].actor] == ["UNO"]


def test_casualties_caused_by_an_act_report_it(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Sepuluh orang terluka karena tembakan tentara Myanmar di dekat perbatasan Thailand.")
    shots = [e for e in doc.events if e.type == "ASSAULT"]
    assert shots and shots[0].actor[0].key()[:2] == ("MMR", "MIL") and shots[0].modality == "asserted"


def test_plural_reduplication_matches_a_phrase_word(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Sejumlah pemuda Palestina melemparkan batu-batu ke arah polisi Israel.")
    assert ("ASSAULT", frozenset({"PSE"}), frozenset({"ISR"})) in dyads(doc)


def test_reporting_another_states_hostile_act_accuses_it(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Tak hanya Estonia, Menteri Pertahanan Lituania menuturkan bahwa Rusia telah melakukan "
                         "serangan siber terhadap Lituania.")
    accusations = {(frozenset(a.code for a in e.actor), frozenset(r.code for r in e.recipient))
                   for e in doc.events if e.type == "ACCUSE"}
    assert (frozenset({"LTU"}), frozenset({"RUS"})) in accusations
    own = code(pipeline, "Militer Turki mengatakan bahwa pasukannya menyerang posisi kelompok PKK di Irak utara.")
    assert not [e for e in own.events if e.type == "ACCUSE"]


def test_anti_government_protest_targets_the_government(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Seorang pemuda terluka dalam demonstrasi anti-pemerintah di ibu kota Kenya, Nairobi, Kenya.")
    protest = [e for e in doc.events if e.type == "PROTEST"]
    assert protest and protest[0].actor[0].key() == ("KEN", "CVL", "")
    assert protest[0].recipient[0].key()[:2] == ("KEN", "GOV")


def test_forum_attended_by_a_passive_agent(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Pertemuan itu juga dihadiri oleh delegasi dari Jepang untuk forum konsultasi ASEAN.")
    forum = [e for e in doc.events if e.type == "CONSULT"]
    assert forum and forum[0].actor[0].key()[:2] == ("JPN", "GOV")


def test_who_receives_a_report_did_not_do_the_act(pipeline: Pipeline) -> None:
    doc = code(pipeline, "\"Kami juga menerima laporan pembunuhan ilegal secara konsisten,\" kata juru bicara PBB di "
                         "Khartoum, Sudan.")
    assert not [e for e in doc.events if e.type == "ASSAULT"]


def test_a_joint_act_named_twice_is_one_event(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Presiden Prabowo Subianto dan PM Anwar Ibrahim menyaksikan nota kesepahaman (MoU) di bidang "
                         "energi.")
    signed = [e for e in doc.events if e.type == "SUPPORT"]
    assert len(signed) == 1 and {a.code for a in signed[0].actor} == {"IDN", "MYS"}


def test_common_misspelling_of_an_an_nya_form(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Perdana Menteri Jepang menyatakan dukunganya kepada Filipina dalam sengketa itu.")
    assert ("SUPPORT", frozenset({"JPN"}), frozenset({"PHL"})) in dyads(doc)


def test_second_clause_after_dan_has_its_own_subject(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Menteri Luar Negeri Sugiono sudah berangkat ke Tokyo kemarin dan pihak Kedutaan Besar Jepang "
                         "siap membantu Indonesia.")
    ready = [e for e in doc.events if e.type == "AGREE"]
    assert ready and [a.code for a in ready[0].actor] == ["JPN"]
    joint = code(pipeline, "Amerika Serikat, Jepang dan Korea Selatan siap membantu Filipina.")
    assert {a.code for e in joint.events if e.type == "AGREE" for a in e.actor} == {"USA", "JPN", "KOR"}


@pytest.mark.parametrize(("text", "etype"), [
    ("Kementerian Luar Negeri China meminta Korea Utara menahan diri.", "COERCE"),
    ("Penyelidikan polisi Thailand atas kasus itu belum menemui titik terang.", "CONSULT"),
    ("Pemerintah Indonesia memantau harga beras menjelang Lebaran.", "ACCUSE"),
    ("Menteri Luar Negeri Singapura menjalani pemeriksaan medis di Jakarta.", "ACCUSE"),
    ("Aktivis Palestina itu tertangkap kamera sedang berdebat dengan tentara Israel.", "COERCE"),
])
def test_idioms_that_look_like_acts(pipeline: Pipeline, text: str, etype: str) -> None:
    assert not [e for e in code(pipeline, text).events if e.type == etype]


def test_refusing_to_meet_negates_the_meeting(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Presiden Kolombia menolak untuk bertemu dengan Presiden Venezuela di Bogota.")
    meetings = [e for e in doc.events if e.type == "CONSULT"]
    assert meetings and meetings[0].modality == "negated"


@pytest.mark.parametrize("text", [
    "Pemerintah Jepang merebut pasar mobil listrik di Asia Tenggara.",
    "Kontingen Korea Selatan merebut medali emas di Jakarta.",
])
def test_winning_a_market_or_a_prize_is_not_a_seizure(pipeline: Pipeline, text: str) -> None:
    assert not [e for e in code(pipeline, text).events if e.type == "COERCE"]


def test_wrongdoing_in_reported_speech_is_the_speakers_accusation(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Juru bicara Kementerian Luar Negeri Iran mengatakan Israel terus memanipulasi Badan Energi "
                         "Atom Internasional.")
    assert ("ACCUSE", frozenset({"IRN"}), frozenset({"ISR"})) in dyads(doc)


def test_backer_of_a_group_is_not_its_co_actor(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Kelompok pemberontak Suriah dukungan Turki menyerang posisi ISIS di dekat Aleppo.")
    attack = [e for e in doc.events if e.type == "ASSAULT"]
    assert attack and [a.key()[:2] for a in attack[0].actor] == [("SYR", "REB")]


def test_inferred_counterpart_is_never_the_actor_itself(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Inggris kecewa. Inggris sangat kecewa dengan hasil itu. Inggris menyatakan kekecewaan.")
    assert not [e for e in doc.events if e.recipient and e.recipient[0].key() == e.actor[0].key()]


def test_who_will_pay_the_price_is_threatened(pipeline: Pipeline) -> None:
    doc = code(pipeline, "\"Jepang akan membayar harga yang mahal,\" kata juru bicara Kementerian Luar Negeri China.")
    assert ("THREATEN", frozenset({"CHN"}), frozenset({"JPN"})) in dyads(doc)


def test_acts_among_private_parties_only_are_not_political(pipeline: Pipeline) -> None:
    private = code(pipeline, "Perusahaan itu meminta para buruh di Jakarta untuk kembali bekerja.")
    assert not [e for e in private.events if e.type == "REQUEST"]
    public = code(pipeline, "Warga Jakarta meminta pemerintah provinsi memperbaiki saluran air.")
    assert [e for e in public.events if e.type == "REQUEST"]


def test_endangering_is_not_a_threat(pipeline: Pipeline) -> None:
    assert not [e for e in code(pipeline, "Kelompok ISIS mengancam keamanan kawasan itu.").events
                if e.type == "THREATEN"]
    assert [e for e in code(pipeline, "Korea Utara mengancam Jepang dengan serangan rudal.").events
            if e.type == "THREATEN"]


def test_adjective_use_of_a_trigger_word_is_not_an_event(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Pemerintah Thailand menyebut banjir sebagai persoalan yang lebih mendesak bagi warganya.")
    assert not [e for e in doc.events if e.type == "REQUEST"]


def test_context_cues_name_sectors_not_any_session_or_people(pipeline: Pipeline) -> None:
    session = code(pipeline, "Presiden Brasil tidak akan menghadiri Sidang Umum PBB di New York tahun ini.")
    assert session.events and all("legal" not in e.contexts for e in session.events)
    refugees = code(pipeline, "Pemerintah Thailand meminta Myanmar memulangkan para pengungsi Karen.")
    request = [e for e in refugees.events if e.type == "REQUEST"]
    assert request and "migration" in request[0].contexts and "asylum" not in request[0].contexts


def test_contexts_from_a_bulleted_list(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Dalam pertemuan itu, Mesir dan Turki membahas kerja sama dalam bidang:\n"
                         "- Energi dan infrastruktur\n- Pertahanan\n")
    consult = [e for e in doc.events if e.type == "CONSULT"]
    assert consult
    assert {"energy", "infrastructure", "military"} <= set(consult[0].contexts)


def test_event_dates_resolve_against_publication() -> None:
    import datetime as dt

    published = dt.date(2017, 9, 12)
    assert resolve_date("kata juru bicara itu, Senin (11/9).", published) == (dt.date(2017, 9, 11), "day")
    assert resolve_date("Pertemuan digelar kemarin di Jakarta.", published) == (dt.date(2017, 9, 11), "day")
    assert resolve_date("Perjanjian diteken 3 Januari 2016 di Bali.", published) == (dt.date(2016, 1, 3), "day")
    assert resolve_date("Kesepakatan itu dicapai bulan lalu.", published)[1] == "month"
    assert resolve_date("Tidak ada tanggal di sini.", published) == (published, "publication")


def test_old_acts_are_historical(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Dewan Keamanan PBB menjatuhkan sanksi terhadap Libya pada 2011.", date="2025-06-10")
    assert doc.events and doc.events[0].modality == "historical"


def test_derived_codes_follow_the_crosswalk() -> None:
    assert codes("AGREE") .cameo == "030" and codes("AGREE").goldstein == 4.0 and codes("AGREE").quad == 1
    assert codes("ACCUSE").plover_score < 0  # the manual prints +3: we fixed the sign
    assert codes("SANCTION", "discontinue").cameo == "163" and codes("SANCTION").quad == 4
    assert codes("REQUEST", "change", variant="demand").cameo == "104"
    for etype in event_types():
        c = codes(etype)
        assert goldstein(c.cameo) == c.goldstein
        assert 1 <= gdelt_quad(c.cameo) <= 4


def test_every_lexicon_loads_and_english_codes(pipeline: Pipeline) -> None:
    for lang in LANGUAGES:
        assert load_lexicon(lang).entries
    doc = code(pipeline, "The United States imposed new sanctions on Russia on Monday.", lang="en")
    assert ("SANCTION", frozenset({"USA"}), frozenset({"RUS"})) in dyads(doc)
    doc = code(pipeline, "Japan was criticized by China over the drills.", lang="en")
    assert ("ACCUSE", frozenset({"CHN"}), frozenset({"JPN"})) in dyads(doc)


def test_sanctions_alert_fires_on_military_cooperation_only(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Pemerintah Rusia berjanji memperkuat kerja sama militer dengan Korea Utara.")
    assert [(a.state, a.partner) for a in doc.alerts] == [("PRK", "RUS")]
    doc = code(pipeline, "Pemerintah Rusia berjanji memperkuat kerja sama perdagangan dengan Korea Utara.")
    assert not doc.alerts


def _scorer():
    path = SHARED / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (SHARED / "seed").exists(), reason="shared seed article not present")
def test_seed_article_events_and_alert(pipeline: Pipeline) -> None:
    text = (SHARED / "seed" / "000_34edceaa19d6d523.txt").read_text("utf-8")
    doc = pipeline(Document(id="seed-000_34edceaa19d6d523", raw_text=text))
    gold = {d["id"]: d for d in map(json.loads, (SHARED / "eval/seed/gold.jsonl").read_text("utf-8").splitlines())}
    result, _ = _scorer().score(gold, {doc.id: doc.to_json()})
    assert result["events"]["precision"] == 1.0 and result["events"]["recall"] == 1.0
    assert result["contexts"]["f1"] >= 0.9
    assert [(a.state, a.partner) for a in doc.alerts] == [("PRK", "RUS")]


def test_event_location_is_the_place_tied_to_the_act(pipeline: Pipeline) -> None:
    doc = code(pipeline, "Polisi menangkap dua terduga teroris di Medan pada Senin. Menlu Indonesia melakukan "
                         "kunjungan kerja ke Den Haag.")
    places = {e.type: e.location for e in doc.events}
    assert places["COERCE"] is not None and places["COERCE"].name == "Medan" and places["COERCE"].country == "IDN"
    assert places["CONSULT"] is not None and places["CONSULT"].country == "NLD"
    assert places["CONSULT"].lat is not None


def test_planned_acts_are_dated_forward() -> None:
    import datetime as dt

    published = dt.date(2025, 4, 15)  # a Tuesday
    assert resolve_date("Presiden akan berkunjung pada Kamis.", published, forward=True)[0] == dt.date(2025, 4, 17)
    assert resolve_date("Pertemuan digelar pada Kamis.", published)[0] == dt.date(2025, 4, 10)
    assert resolve_date("KTT dijadwalkan 20 Desember.", published, forward=True)[0] == dt.date(2025, 12, 20)
    assert resolve_date("Perjanjian diteken 20 Desember.", published)[0] == dt.date(2024, 12, 20)
