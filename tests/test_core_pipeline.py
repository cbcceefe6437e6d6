"""The pipeline: stages described as data, language and flag skipping, failures named by stage,
and the default pipeline end to end on the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED, write_jsonl

from sorot.model import Document
from sorot.pipeline import Pipeline, StageError, process, register_stage
from sorot.runner import ingest
from sorot.store.duck import Store


@register_stage("core_test_suffix")
class SuffixStage:
    """Appends a configured suffix to the clean text, so a test can see that it ran and how."""

    name = "core_test_suffix"

    def __init__(self, suffix: str = "+", languages: tuple[str, ...] = (), skip_flags: tuple[str, ...] = ()) -> None:
        self.suffix = suffix
        self.languages = languages
        self.skip_flags = skip_flags

    def __call__(self, doc: Document) -> Document:
        doc.clean_text = doc.text + self.suffix
        return doc


@register_stage("core_test_fail")
def failing_stage() -> object:
    """A stage that fails on documents whose text says so."""

    def stage(doc: Document) -> Document:
        if "GAGAL" in doc.text:
            raise RuntimeError("sengaja gagal")
        return doc

    stage.name = "core_test_fail"  # type: ignore[attr-defined]
    return stage


def test_from_config_builds_registered_stages_with_settings() -> None:
    pipe = Pipeline.from_config(["core_test_suffix", "segment"], {"core_test_suffix": {"suffix": " Akhir."}})
    assert [s.name for s in pipe.stages] == ["core_test_suffix", "segment"]
    doc = pipe(Document(id="a", raw_text="Awal kalimat."))
    assert doc.clean_text == "Awal kalimat. Akhir."
    assert [s.text for s in doc.sentences] == ["Awal kalimat.", "Akhir."]
    assert set(pipe.timings) == {"core_test_suffix", "segment"}


def test_unknown_stage_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown pipeline stage 'nope'.*segment"):
        Pipeline.from_config(["nope"])


@pytest.mark.parametrize(("lang", "runs"), [("id", False), ("en", True), ("", True)])
def test_stage_skipped_for_other_languages(lang: str, runs: bool) -> None:
    pipe = Pipeline([SuffixStage("!", languages=("en",))])
    doc = pipe(Document(id="a", raw_text="teks", lang=lang))
    assert doc.text == ("teks!" if runs else "teks")
    assert ("core_test_suffix" in pipe.timings) is runs


def test_stage_skipped_for_flags() -> None:
    pipe = Pipeline([SuffixStage("!", skip_flags=("spam_page",)), SuffixStage("?")])
    assert pipe(Document(id="a", raw_text="teks", flags=["spam_page"])).text == "teks?"
    assert pipe(Document(id="b", raw_text="teks", flags=["short"])).text == "teks!?"


def test_failing_stage_raises_stage_error_naming_it() -> None:
    pipe = Pipeline.from_config(["segment", "core_test_fail"])
    with pytest.raises(StageError, match="core_test_fail.*'doc-9'.*sengaja gagal") as info:
        pipe(Document(id="doc-9", raw_text="Ini GAGAL."))
    assert isinstance(info.value.__cause__, RuntimeError)
    assert list(pipe.pipe([Document(id="ok", raw_text="Baik.")]))[0].sentences


def test_stage_returning_nothing_is_a_stage_error() -> None:
    class Forgetful:
        name = "core_test_forgetful"

        def __call__(self, doc: Document) -> Document | None:
            return None if "LUPA" in doc.raw_text else doc

    pipe = Pipeline([Forgetful(), SuffixStage("!")])
    with pytest.raises(StageError, match="core_test_forgetful.*returned NoneType.*'x'"):
        pipe(Document(id="x", raw_text="LUPA"))
    assert pipe(Document(id="y", raw_text="ingat")).text == "ingat!"


def test_failing_stage_becomes_an_error_record_and_the_batch_goes_on(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Pertama baik."},
                                              {"id": "b", "text": "Yang ini GAGAL."},
                                              {"id": "c", "text": "Ketiga baik."}])
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([str(src)], store, pipeline=Pipeline.from_config(["segment", "core_test_fail"]),
                         batch_size=2)
        assert [r["doc_id"] for r in store.query("SELECT doc_id FROM documents ORDER BY 1")] == ["a", "c"]
        errors = store.query("SELECT doc_id, stage, message FROM errors")
    assert summary.counts["stored"] == 2 and summary.counts["errors"] == 1
    assert errors == [{"doc_id": "b", "stage": "process", "message": errors[0]["message"]}]
    assert "core_test_fail" in errors[0]["message"]


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    if not SEED.exists():
        pytest.skip(f"seed article not present at {SEED}")
    return process(SEED.read_text(encoding="utf-8"), id="seed")


def test_default_pipeline_on_the_seed_article(seed_doc: Document) -> None:
    doc = seed_doc
    assert doc.lang == "id"
    assert "vipqiuqiu99" in doc.spam and "vipqiuqiu99" not in doc.clean_text
    assert len(doc.sentences) >= 15
    for s in doc.sentences:
        assert doc.clean_text[s.start:s.end] == s.text
    # The colon sentence and its bulleted list are one sentence.
    listed = [s for s in doc.sentences if "bidang:" in s.text]
    assert len(listed) == 1 and "Ilmu pengetahuan dan teknologi" in listed[0].text
    codes = {m.actor.code for m in doc.mentions if m.actor}
    assert {"RUS", "PRK"} <= codes
    for m in doc.mentions:
        assert doc.clean_text[m.start:m.end] == m.text
    assert doc.events
    assert any(e.type == "AGREE" or e.type == "CONSULT" for e in doc.events)
    assert doc.quotes and any("Lavrov" in q.speaker for q in doc.quotes)


def test_default_pipeline_offsets_of_events_slice_the_clean_text(seed_doc: Document) -> None:
    doc = seed_doc
    for e in doc.events:
        if e.evidence_start >= 0:
            assert doc.clean_text[e.evidence_start:e.evidence_end] == e.evidence
        if e.trigger_start >= 0:
            assert doc.clean_text[e.trigger_start:e.trigger_end].lower() == e.trigger.lower()


def test_process_accepts_a_raw_string_with_fields() -> None:
    doc = process("Presiden Joko Widodo mengunjungi Tokyo pada Senin.", id="s1", date="2024-05-06")
    assert doc.id == "s1" and doc.date == "2024-05-06" and doc.sentences
