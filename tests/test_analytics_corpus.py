"""A small hand-written corpus with hand-coded events, shared by the analytics, API and web tests."""

from __future__ import annotations

from pathlib import Path

from sorot.events.crosswalk import codes
from sorot.model import Actor, Alert, Document, Event, Quote, Sentence
from sorot.store.duck import Store

UN_RULE = "military cooperation with a state under UN Security Council sanctions"


def _event(text: str, etype: str, actor: list[str], recipient: list[str], evidence: str, trigger: str, *,
           mode: str | None = None, contexts: tuple[str, ...] = (), modality: str = "asserted",
           sector: str = "GOV", date: str | None = None) -> Event:
    start = text.index(evidence)
    t_start = text.index(trigger, start)
    c = codes(etype, mode, list(contexts))
    return Event(type=etype, mode=mode, contexts=list(contexts), modality=modality,
                 actor=[Actor(code=a, sector=sector) for a in actor],
                 recipient=[Actor(code=r, sector=sector) for r in recipient],
                 evidence=evidence, trigger=trigger, evidence_start=start, evidence_end=start + len(evidence),
                 trigger_start=t_start, trigger_end=t_start + len(trigger), sentence=0, cameo=c.cameo,
                 goldstein=c.goldstein, plover_score=c.plover_score, quad=c.quad, date=date, rule="test")


def _doc(doc_id: str, date: str, title: str, text: str, events: list[Event], *, quotes: list[Quote] = (),
         alerts: list[Alert] = (), source: str = "contoh.id", cluster: str | None = None) -> Document:
    doc = Document(id=doc_id, raw_text=text, clean_text=text, title=title, date=date, lang="id", source=source,
                   url=f"https://{source}/{doc_id}", sentences=[Sentence(0, len(text), text, 0)],
                   events=events, quotes=list(quotes), alerts=list(alerts))
    if cluster:
        doc.meta["cluster_id"] = cluster
    return doc


def corpus() -> list[Document]:
    """Eight articles: RUS–PRK cooperation, a CHN–PHL quarrel, a reprint, and a hostile article."""
    docs = []
    t1 = "Rusia dan Korea Utara sepakat memperluas latihan militer bersama di Vladivostok pekan depan."
    docs.append(_doc("rus-prk-1", "2026-03-02", "Rusia dan Korea Utara sepakat", t1, [
        _event(t1, "AGREE", ["RUS"], ["PRK"], t1, "sepakat", contexts=("military",))],
        alerts=[Alert(rule=UN_RULE, why="RUS agrees military cooperation with PRK", state="PRK", partner="RUS",
                      event=0, severity="high")]))
    t2 = "Menteri Pertahanan Rusia mengunjungi Pyongyang untuk membahas kerja sama pertahanan."
    docs.append(_doc("rus-prk-2", "2026-03-20", "Kunjungan ke Pyongyang", t2, [
        _event(t2, "CONSULT", ["RUS"], ["PRK"], t2, "mengunjungi", mode="visit", contexts=("military",),
               sector="MIL")],
        quotes=[Quote(text="Kerja sama kami tidak ditujukan kepada siapa pun", start=0, end=10,
                      speaker="Menteri Pertahanan Rusia", speaker_actor=Actor(code="RUS", sector="MIL"))]))
    t3 = "Korea Utara menuduh Rusia menunda pengiriman bahan bakar yang dijanjikan."
    docs.append(_doc("prk-rus-3", "2026-04-07", "Tuduhan Pyongyang", t3, [
        _event(t3, "ACCUSE", ["PRK"], ["RUS"], t3, "menuduh", contexts=("economic",))]))
    # The same wire story printed by a second outlet: one story cluster, two reports.
    docs.append(_doc("rus-prk-1b", "2026-03-02", "Rusia dan Korea Utara sepakat", t1 + " ", [
        _event(t1, "AGREE", ["RUS"], ["PRK"], t1, "sepakat", contexts=("military",))],
        source="kabar.id", cluster="rus-prk-1"))
    docs[0].meta["cluster_id"] = "rus-prk-1"
    for i, day in enumerate(("2026-05-01", "2026-05-03", "2026-05-05", "2026-05-06")):
        t = f"Juru bicara Tiongkok menuduh Filipina melanggar perairan sengketa, laporan ke-{i + 1}."
        docs.append(_doc(f"chn-phl-{i}", day, "Tiongkok menuduh Filipina", t, [
            _event(t, "ACCUSE", ["CHN"], ["PHL"], t, "menuduh", contexts=("territory",))]))
    hostile = ('Seorang pembaca menulis <script>alert("xss")</script> di kolom komentar. '
               "Amerika Serikat mengecam Tiongkok atas latihan itu.")
    evidence = "Amerika Serikat mengecam Tiongkok atas latihan itu."
    docs.append(_doc("hostile", "2026-05-10", "<b>Judul</b> & komentar", hostile, [
        _event(hostile, "ACCUSE", ["USA"], ["CHN"], evidence, "mengecam", mode="disapprove")]))
    t_neg = "Rusia membantah akan mengirim pasukan ke Korea Utara."
    docs.append(_doc("negated", "2026-04-15", "Bantahan", t_neg, [
        _event(t_neg, "MOBILIZE", ["RUS"], ["PRK"], t_neg, "mengirim", modality="negated")]))
    return docs


def build_store(path: Path) -> Path:
    with Store(path) as store:
        store.write_batch(corpus())
    return path


def test_corpus_offsets_point_at_evidence_and_trigger(tmp_path: Path) -> None:
    db = build_store(tmp_path / "c.duckdb")
    with Store(db, read_only=True) as store:
        rows = store.query("SELECT e.*, d.clean_text FROM events e JOIN documents d USING (doc_id)")
    assert len(rows) == 10
    for r in rows:
        assert r["clean_text"][r["evidence_start"]:r["evidence_end"]] == r["evidence"]
        assert r["clean_text"][r["trigger_start"]:r["trigger_end"]] == r["trigger"]
