"""Quote stage: direct quotations, attribution patterns, indirect speech and speaker resolution.

Texts are written for these tests. Actor mentions are filled by hand (``doc_with``) so the span
logic is tested apart from the actors stage.
"""

from __future__ import annotations

import pytest

from sorot.model import Actor, Document, Mention
from sorot.pipeline import Pipeline
from sorot.quotes.extract import QuoteExtractor
from sorot.quotes.lexicon import load_lexicon
from sorot.quotes.marks import MarkFinder
from sorot.quotes.speakers import SpeakerIndex
from sorot.quotes.stage import QuoteStage

RUS = Actor("RUS", "GOV", "Sergei Lavrov")
USA = Actor("USA", "GOV", "")
IDN = Actor("IDN", "GOV", "Budi Santoso")
IDN_COP = Actor("IDN", "COP", "Polri")
PHL = Actor("PHL", "GOV", "Maria Reyes")


def doc_with(text: str, mentions: dict[str, tuple[str, Actor | None]] | None = None) -> Document:
    """A document whose every occurrence of each key is a mention of the given type and actor."""
    doc = Document(id="t", raw_text=text)
    for surface, (kind, actor) in (mentions or {}).items():
        start = text.find(surface)
        while start >= 0:
            doc.mentions.append(Mention(start, start + len(surface), surface, kind, actor))
            start = text.find(surface, start + 1)
    doc.mentions.sort(key=lambda m: m.start)
    return doc


@pytest.fixture(scope="module")
def extractor() -> QuoteExtractor:
    return QuoteExtractor()


def quotes_of(extractor: QuoteExtractor, doc: Document):
    qs = extractor.extract(doc)
    for q in qs:
        assert doc.text[q.start:q.end] == q.text  # offsets always point into the text
    return qs


# --------------------------------------------------------------------------- direct quotations
def test_curly_quote_with_post_cue(extractor):
    text = ("Menteri Luar Negeri Rusia Ivan Sokolov tiba di Manila.\n"
            "“Kami siap bekerja sama dengan semua pihak. Hubungan ini penting,” ujar Sokolov dalam jumpa pers.")
    doc = doc_with(text, {"Ivan Sokolov": ("PERSON", RUS), "Sokolov dalam": ("PERSON", RUS)})
    (q,) = quotes_of(extractor, doc)
    assert q.direct and q.cue == "ujar"
    assert q.text == "Kami siap bekerja sama dengan semua pihak. Hubungan ini penting,"
    assert q.speaker_actor.code == "RUS" and q.speaker.startswith("Sokolov")


def test_straight_quotes_with_spaces_on_the_wrong_side(extractor):
    text = '"Situasi di perbatasan masih tegang, namun terkendali, "kata Budi, Senin (3/4).'
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    (q,) = quotes_of(extractor, doc)
    assert q.text == "Situasi di perbatasan masih tegang, namun terkendali,"
    assert q.speaker == "Budi" and q.speaker_actor.code == "IDN"


def test_single_quotes_and_guillemets_as_quotation_marks(extractor):
    text = ("‘Kami tidak akan mundur dari perundingan,’ kata Budi.\n\n"
            "«Pemerintah menunggu jawaban resmi,» ujar Budi kepada wartawan.")
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    texts = [q.text for q in quotes_of(extractor, doc)]
    assert texts == ["Kami tidak akan mundur dari perundingan,", "Pemerintah menunggu jawaban resmi,"]


def test_nested_quote_is_not_a_separate_quote(extractor):
    text = "\"Mereka menyebut kesepakatan itu 'kemenangan bersama' di depan kami,\" kata Budi."
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    (q,) = quotes_of(extractor, doc)
    assert q.text.startswith("Mereka menyebut") and "'kemenangan bersama'" in q.text


def test_quote_reopened_in_next_paragraph_is_one_quote(extractor):
    text = ("“Kami sudah mengirim nota protes kepada kedutaan mereka.\n\n"
            "“Jika tidak ada jawaban, kami akan memanggil duta besarnya,” kata Budi.")
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    (q,) = quotes_of(extractor, doc)
    assert q.text.startswith("Kami sudah mengirim") and q.text.endswith("duta besarnya,")
    assert q.speaker_actor is IDN


def test_paragraph_opening_quote_without_attribution_inherits_speaker(extractor):
    text = ('"Perundingan berjalan lancar," kata Budi.\n\n'
            '"Kami berharap kesepakatan ditandatangani bulan depan."')
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    qs = quotes_of(extractor, doc)
    assert [q.speaker_actor.code for q in qs] == ["IDN", "IDN"]
    assert qs[1].text.startswith("Kami berharap")


def test_speaker_before_the_quote(extractor):
    text = 'Sementara itu, Lavrov mengatakan, "Kami tidak pernah menolak dialog."'
    doc = doc_with(text, {"Lavrov": ("PERSON", RUS)})
    (q,) = quotes_of(extractor, doc)
    assert q.direct and q.cue == "mengatakan" and q.speaker_actor.code == "RUS"
    assert q.text == "Kami tidak pernah menolak dialog."


def test_parenthesised_attribution(extractor):
    text = '"Kerja sama ini akan diperluas ke sektor energi." (Lavrov di Moskwa, Senin)'
    doc = doc_with(text, {"Lavrov": ("PERSON", RUS)})
    (q,) = quotes_of(extractor, doc)
    assert q.speaker == "Lavrov" and q.speaker_actor.code == "RUS"


def test_pronoun_suffix_cue_resolves_to_the_last_speaker(extractor):
    text = ("Kapolri Jenderal Adi Nugroho memimpin rapat di Jakarta.\n\n"
            '"Semua personel sudah disiagakan," kata Adi.\n\n'
            "Rapat juga membahas pengamanan perbatasan dengan Filipina.\n\n"
            '"Kami tidak akan lengah," ujarnya.')
    doc = doc_with(text, {"Kapolri Jenderal Adi Nugroho": ("PERSON", IDN_COP), "Adi.": ("PERSON", IDN_COP),
                          "Filipina": ("COUNTRY", Actor("PHL"))})
    qs = quotes_of(extractor, doc)
    assert [q.speaker_actor.code for q in qs] == ["IDN", "IDN"]
    assert qs[1].speaker == "ujarnya"


def test_role_noun_speaker_resolves_to_an_earlier_office(extractor):
    text = ("Juru bicara Gedung Putih menyampaikan sikap Washington pekan lalu.\n\n"
            '"Kami memantau perkembangan dengan cermat," kata sang juru bicara.')
    doc = doc_with(text, {"Juru bicara Gedung Putih": ("ROLE", USA)})
    (q,) = quotes_of(extractor, doc)
    assert q.speaker_actor.code == "USA"


def test_scare_quote_fragment_belongs_to_the_sentence_speaker(extractor):
    text = 'Budi mengecam "tindakan sepihak" pemerintah tetangga dan menuntut penjelasan.'
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    (q,) = quotes_of(extractor, doc)
    assert q.text == "tindakan sepihak" and q.speaker_actor.code == "IDN" and q.direct


def test_titles_and_single_words_in_quotes_are_not_quotes(extractor):
    text = 'Budi menerima penghargaan "Anugerah Pelayanan Publik" dan menyebut program itu "unggulan".'
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    assert [q for q in quotes_of(extractor, doc) if q.direct] == []


# --------------------------------------------------------------------------- unbalanced marks
def test_unbalanced_quote_is_bounded_and_the_rest_of_a_long_article_survives(extractor):
    filler = "Warga kembali beraktivitas seperti biasa setelah banjir surut di kawasan itu."
    paragraphs = ['Budi menyebut situasi "belum pulih sepenuhnya sejak pekan lalu.']  # never closed
    paragraphs += [filler] * 40
    for n in range(5):
        paragraphs.append(f'"Bantuan tahap {n + 1} sudah kami salurkan ke pengungsi," kata Budi.')
        paragraphs += [filler] * 10
    text = "\n\n".join(paragraphs)
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    qs = quotes_of(extractor, doc)
    stray = [q for q in qs if q.text.startswith("belum pulih")]
    assert all("\n" not in q.text for q in stray)  # bounded by its paragraph
    found = [q.text for q in qs if q.text.startswith("Bantuan tahap")]
    assert found == [f"Bantuan tahap {n + 1} sudah kami salurkan ke pengungsi," for n in range(5)]


def test_mark_finder_never_runs_past_max_chars():
    finder = MarkFinder(load_lexicon().post_cue, max_chars=300)
    text = "\n".join(['"' + "kalimat panjang tanpa penutup " * 5] * 20)
    spans = finder.find(text)
    assert spans and all(s.end - s.start <= 300 for s in spans)


def test_closing_mark_with_missing_opening_mark(extractor):
    text = 'Kami akan menempuh jalur hukum internasional," kata Budi di Jakarta.'
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    (q,) = quotes_of(extractor, doc)
    assert q.text == "Kami akan menempuh jalur hukum internasional," and q.speaker_actor is IDN


# --------------------------------------------------------------------------- indirect speech
def test_indirect_speech_after_bahwa(extractor):
    text = "Menteri Luar Negeri Filipina Maria Reyes mengatakan bahwa kapal patroli akan dikirim ke perairan itu."
    doc = doc_with(text, {"Menteri Luar Negeri Filipina Maria Reyes": ("PERSON", PHL)})
    (q,) = quotes_of(extractor, doc)
    assert not q.direct and q.cue == "mengatakan"
    assert q.text == "kapal patroli akan dikirim ke perairan itu"
    assert q.speaker_actor.code == "PHL"


def test_indirect_speech_needs_a_clause_not_a_noun_object(extractor):
    text = ("Pemerintah Filipina menyatakan keprihatinan atas insiden di laut.\n\n"
            "Maria Reyes menyatakan tidak mengetahui rencana latihan itu.")
    doc = doc_with(text, {"Pemerintah Filipina": ("ROLE", PHL), "Maria Reyes": ("PERSON", PHL)})
    (q,) = quotes_of(extractor, doc)
    assert q.text == "tidak mengetahui rencana latihan itu"


def test_negated_or_intended_speech_is_not_a_quote(extractor):
    text = ("Budi tidak mengatakan kapan rapat akan digelar.\n\n"
            "Budi berupaya menegaskan komitmen pemerintah akan dipenuhi.")
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    assert quotes_of(extractor, doc) == []


def test_menurut_at_sentence_start_and_in_the_middle(extractor):
    text = ("Menurut Budi, pasokan beras di gudang masih mencukupi hingga akhir tahun.\n\n"
            "Harga gabah, menurut Budi, akan stabil sepanjang musim panen.")
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    qs = quotes_of(extractor, doc)
    assert [q.text for q in qs] == ["pasokan beras di gudang masih mencukupi hingga akhir tahun",
                                    "Harga gabah, menurut Budi, akan stabil sepanjang musim panen"]
    assert all(not q.direct and q.speaker_actor is IDN for q in qs)


def test_menurut_after_a_relative_pronoun_quotes_what_follows(extractor):
    text = "Kebijakan yang menurut Budi akan menurunkan harga beras itu diumumkan pekan lalu."
    (q,) = quotes_of(extractor, doc_with(text, {"Budi": ("PERSON", IDN)}))
    assert q.text == "akan menurunkan harga beras itu diumumkan pekan lalu" and q.speaker_actor is IDN


def test_menurut_after_a_word_merely_ending_in_yang_is_not_a_relative_clause(extractor):
    # "Sayang" ends in "yang" but is a name here: the words after "menurut Budi" lack their subject.
    text = "Para pedagang di Pasar Sayang menurut Budi sudah menaikkan harga beras."
    assert quotes_of(extractor, doc_with(text, {"Budi": ("PERSON", IDN)})) == []


def test_trailing_and_inserted_kata(extractor):
    text = ("Dua kapal asing ditahan di Selat Makassar, kata Budi.\n\n"
            "Sebenarnya, kata Budi, patroli sudah ditingkatkan sejak bulan lalu.")
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    qs = quotes_of(extractor, doc)
    assert [q.text for q in qs] == ["Dua kapal asing ditahan di Selat Makassar",
                                    "patroli sudah ditingkatkan sejak bulan lalu"]


def test_pronoun_subject_of_indirect_speech(extractor):
    text = ('"Kami akan membuka kembali jalur itu," kata Budi.\n\n'
            "Ia menambahkan, perbaikan jembatan rampung pekan depan.")
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    qs = quotes_of(extractor, doc)
    assert qs[1].text == "perbaikan jembatan rampung pekan depan" and qs[1].speaker_actor is IDN
    assert qs[1].speaker == "Ia"


def test_back_reference_names_the_speaker_of_the_sentence_before(extractor):
    text = "Sebanyak 40 nelayan dipulangkan ke daerah asal mereka. Hal ini disampaikan Budi di Jakarta."
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    (q,) = quotes_of(extractor, doc)
    assert q.text == "Sebanyak 40 nelayan dipulangkan ke daerah asal mereka" and not q.direct


def test_dateline_is_not_part_of_the_quote(extractor):
    text = "Jakarta, Kabar Kita - - Dua kapal asing ditahan di Selat Makassar, kata Budi."
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    (q,) = quotes_of(extractor, doc)
    assert q.text == "Dua kapal asing ditahan di Selat Makassar"


def test_indirect_can_be_switched_off():
    text = ('"Kami siap," kata Budi.\n\nBudi mengatakan bahwa pasukan sudah disiagakan di perbatasan.')
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    qs = QuoteStage(indirect=False)(doc).quotes
    assert [q.direct for q in qs] == [True]


def test_nominal_speech_cue_takes_the_subject_of_its_clause(extractor):
    text = ("Budi bertemu delegasi Manila meskipun pemerintah Filipina mengeluarkan peringatan bahwa "
            "pertemuan itu akan merusak hubungan kedua negara.")
    doc = doc_with(text, {"Budi": ("PERSON", IDN), "pemerintah Filipina": ("ROLE", PHL)})
    (q,) = quotes_of(extractor, doc)
    assert q.text == "pertemuan itu akan merusak hubungan kedua negara" and q.speaker_actor is PHL


def test_sentences_glued_without_a_space_are_split(extractor):
    text = "Budi mengatakan kapal itu sudah ditarik dari perairan sengketa.Sementara itu, harga ikan naik, kata Budi."
    doc = doc_with(text, {"Budi": ("PERSON", IDN)})
    texts = [q.text for q in quotes_of(extractor, doc)]
    assert texts == ["kapal itu sudah ditarik dari perairan sengketa", "harga ikan naik"]


# --------------------------------------------------------------------------- speakers
def test_bare_name_resolves_to_the_earlier_mention_containing_it(extractor):
    text = ("Kepala Bidang Humas Polda Bali Kombes Wibowo Hadi memberi keterangan pers.\n\n"
            "Wibowo mengatakan bahwa keempat tersangka ditangkap di jalan raya.")
    doc = doc_with(text, {"Kepala Bidang Humas Polda Bali Kombes Wibowo Hadi": ("ROLE", IDN_COP)})
    (q,) = quotes_of(extractor, doc)
    assert q.speaker == "Wibowo" and q.speaker_actor is IDN_COP


def test_subject_is_the_apposition_nearest_the_verb(extractor):
    text = "Tak hanya Filipina, Menteri Dalam Negeri Indonesia, Budi Santoso, menuturkan bahwa serangan serupa terjadi."
    doc = doc_with(text, {"Filipina": ("COUNTRY", Actor("PHL")), "Menteri Dalam Negeri Indonesia": ("ROLE", IDN),
                          "Budi Santoso": ("PERSON", IDN)})
    (q,) = quotes_of(extractor, doc)
    assert q.speaker_actor.code == "IDN"


def test_bare_name_resolves_to_an_earlier_speaker_phrase_holding_it(extractor):
    text = ("Kepala Bagian Humas Dinas Pariwisata Agung Wirawan mengatakan bahwa surat pencegahan sudah "
            "diterima.\n\nAgung menyatakan masa pencegahan berlaku enam bulan.")
    doc = doc_with(text, {"Dinas Pariwisata": ("ORG", IDN)})
    qs = quotes_of(extractor, doc)
    assert [(q.speaker, q.speaker_actor) for q in qs][1] == ("Agung", IDN)


def test_pronoun_after_an_unresolved_speaker_uses_the_actors_coreference(extractor):
    text = ('"Kami siap," kata Budi.\n\nJuru bicara Maria Reyes mengatakan bahwa kapal akan dikirim.\n\n'
            '"Patroli berlanjut," katanya.')
    doc = doc_with(text, {"Budi": ("PERSON", IDN), "nya.": ("PRONOUN", PHL)})
    qs = quotes_of(extractor, doc)
    assert qs[-1].text == "Patroli berlanjut," and qs[-1].speaker_actor is PHL


def test_relative_clause_speaker(extractor):
    text = "Tudingan itu dibantah oleh Polri, yang menyatakan penyelidikan dilakukan sesuai prosedur."
    doc = doc_with(text, {"Polri": ("ORG", IDN_COP)})
    (q,) = quotes_of(extractor, doc)
    assert q.speaker_actor is IDN_COP and q.text.startswith("penyelidikan dilakukan")


def test_quote_without_a_known_speaker_is_dropped_unless_asked(extractor):
    text = '"Harga cabai naik dua kali lipat," kata seorang pedagang di pasar.'
    assert quotes_of(extractor, doc_with(text)) == []
    kept = QuoteExtractor(keep_unresolved=True).extract(doc_with(text))
    assert len(kept) == 1 and kept[0].speaker_actor is None and kept[0].speaker == "seorang pedagang"


def test_wire_services_are_not_speakers(extractor):
    text = "Menurut Reuters, kapal itu berlayar menuju pelabuhan Manila."
    doc = doc_with(text, {"Reuters": ("ORG", Actor("MNC", "", "Reuters"))})
    assert quotes_of(extractor, doc) == []


def test_unnamed_commentators_are_not_speakers(extractor):
    text = "Menurut sejumlah pengamat, kebijakan itu akan membebani Filipina."
    doc = doc_with(text, {"pengamat": ("ROLE", PHL), "Filipina": ("COUNTRY", Actor("PHL"))})
    assert quotes_of(extractor, doc) == []


# --------------------------------------------------------------------------- English
def test_english_article(extractor):
    text = ("MANILA - Foreign Minister Maria Reyes said on Monday that the talks would resume next week.\n\n"
            '"We will not give up a single island," Reyes said.\n\n'
            '"Our patrols continue," said Reyes, speaking to reporters.\n\n'
            "According to Reyes, two coast guard ships were sent to the shoal.")
    doc = doc_with(text, {"Foreign Minister Maria Reyes": ("PERSON", PHL), "Reyes": ("PERSON", PHL)})
    qs = quotes_of(extractor, doc)
    assert [(q.direct, q.text) for q in qs] == [
        (False, "the talks would resume next week"),
        (True, "We will not give up a single island,"),
        (True, "Our patrols continue,"),
        (False, "two coast guard ships were sent to the shoal"),
    ]
    assert all(q.speaker_actor.code == "PHL" for q in qs)


# --------------------------------------------------------------------------- stage
def test_stage_registered_and_works_without_sentences():
    pipe = Pipeline.from_config(["quotes"])
    doc = doc_with('"Kami siap berunding kapan saja," kata Budi.', {"Budi": ("PERSON", IDN)})
    assert doc.sentences == []
    out = pipe(doc)
    assert [q.speaker_actor.code for q in out.quotes] == ["IDN"]
    assert out.quotes[0].sentence == 0


def test_empty_document():
    assert QuoteStage()(Document(id="e", raw_text="")).quotes == []


def test_speaker_index_reaches_a_long_mention_far_back():
    # a long speaker phrase with more nested mentions than any fixed look-back window
    text = "Ketua Dewan Pengawas Koperasi Nelayan Sejahtera Pantai Utara Kabupaten Batang Budi Santoso Wirawan"
    doc = Document(id="t", raw_text=text)
    doc.mentions.append(Mention(0, len(text), text, "PERSON", IDN))
    for word in text.split()[1:]:
        start = text.index(word)
        doc.mentions.append(Mention(start, start + len(word), word, "PLACE", None))
    tail = text.index("Wirawan")
    found = SpeakerIndex(doc, load_lexicon()).between(tail, len(text))
    assert found[0].start == 0 and found[0].actor is IDN
