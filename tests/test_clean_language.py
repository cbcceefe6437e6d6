"""Language ID with the Indonesian-vs-Malay tie-breaker, on sentences written for these tests."""

from __future__ import annotations

import pytest

from sorot.clean.language import LanguageStage, normalise_code
from sorot.model import Document
from sorot.pipeline import stage_factory

INDONESIAN = ("Pemerintah Indonesia mengatakan uang bantuan itu akan disalurkan melalui kementerian sosial "
              "setelah rapat kabinet pada Kamis. Presiden meminta semua kepala daerah mengawasi penyalurannya.")
MALAY = ("Kerajaan Malaysia berkata bahawa wang bantuan itu akan disalurkan menerusi agensi kerajaan "
         "selepas mesyuarat kabinet pada Khamis. Perdana Menteri meminta semua pejabat daerah memantau.")
ENGLISH = ("The foreign minister said on Monday that both countries would expand maritime cooperation "
           "and hold joint coast guard exercises later this year.")
FRENCH = "Le ministre des affaires étrangères a déclaré lundi que les deux pays renforceraient leur coopération."


@pytest.fixture(scope="module")
def stage() -> LanguageStage:
    return LanguageStage()


def detect(stage: LanguageStage, text: str, lang: str = "") -> Document:
    return stage(Document(id="x", raw_text=text, lang=lang))


@pytest.mark.parametrize("text, lang", [(INDONESIAN, "id"), (MALAY, "ms"), (ENGLISH, "en"), (FRENCH, "fr")])
def test_detects_language(stage: LanguageStage, text: str, lang: str) -> None:
    assert detect(stage, text).lang == lang


def test_records_indonesian_and_malay_scores(stage: LanguageStage) -> None:
    doc = detect(stage, INDONESIAN)
    assert {"id", "ms"} <= set(doc.lang_scores)
    assert doc.lang_scores["id"] > doc.lang_scores["ms"]
    assert doc.meta["lang_markers"]["id"] > doc.meta["lang_markers"]["ms"]


def test_marker_words_tip_an_ambiguous_sentence() -> None:
    stage = LanguageStage()
    shared = "Beliau akan hadir dalam pertemuan itu esok hari bersama para pegawai"
    assert detect(stage, shared + " kantor pemerintah provinsi.").lang == "id"
    assert detect(stage, shared + " pejabat kerajaan negeri.").lang == "ms"


def test_declared_language_is_kept_when_text_is_ambiguous(stage: LanguageStage) -> None:
    doc = detect(stage, "Beliau akan hadir esok hari bersama para pegawai dalam pertemuan itu.", lang="id-ID")
    assert doc.lang == "id"
    assert "lang_declared" not in doc.meta


def test_declared_language_is_overridden_when_clearly_wrong(stage: LanguageStage) -> None:
    doc = detect(stage, INDONESIAN * 2, lang="en")
    assert doc.lang == "id"
    assert doc.meta["lang_declared"] == "en"


def test_too_short_text_keeps_no_guess(stage: LanguageStage) -> None:
    assert detect(stage, "OK 123").lang == ""


def test_code_aliases() -> None:
    assert normalise_code("id-ID") == "id"
    assert normalise_code("IN") == "id"
    assert normalise_code("ind") == "id"
    assert normalise_code("en_US") == "en"
    assert normalise_code(None) == ""


def test_registered_as_pipeline_stage() -> None:
    assert stage_factory("language")().name == "language"
