"""Near-duplicate story clustering with MinHash LSH."""

from __future__ import annotations

from sorot.clean.near_duplicates import NearDuplicateIndex, exact_jaccard, find_near_duplicates, shingles

STORY = ("Presiden menerima kunjungan Perdana Menteri Jepang di Istana Bogor pada Senin pagi. Kedua pemimpin "
         "membahas kerja sama energi, perdagangan dan pertahanan, termasuk rencana latihan bersama penjaga "
         "pantai di Laut Natuna. Pertemuan berlangsung tertutup selama dua jam dan diakhiri jumpa pers "
         "bersama. Kedua negara juga menandatangani nota kesepahaman tentang pengembangan pelabuhan.")
REPUBLISHED = STORY.replace("Senin pagi", "Senin siang") + " Baca berita selengkapnya di laman kami."
OTHER = ("Tim nasional sepak bola berlatih di Stadion Gelora Bung Karno menjelang laga persahabatan. Pelatih "
         "memanggil tiga pemain muda dari klub daerah dan menyiapkan formasi baru untuk pertandingan pekan depan. "
         "Latihan berlangsung tertutup bagi wartawan sejak sore hingga malam.")


def test_republished_story_joins_the_first_documents_cluster() -> None:
    index = NearDuplicateIndex(threshold=0.6)
    assert index.add("a", STORY) == "a"
    assert index.add("b", OTHER) == "b"
    assert index.add("c", REPUBLISHED) == "a"
    assert index.add("c", REPUBLISHED) == "a"  # adding again is idempotent
    assert [k for k, _ in index.neighbours(STORY)] == ["a", "c"]


def test_pairs_with_jaccard_estimate_close_to_exact() -> None:
    pairs = find_near_duplicates([("a", STORY), ("b", OTHER), ("c", REPUBLISHED)], threshold=0.6)
    assert [(p.first, p.second) for p in pairs] == [("a", "c")]
    assert abs(pairs[0].jaccard - exact_jaccard(STORY, REPUBLISHED)) < 0.15


def test_unrelated_documents_make_no_pairs() -> None:
    assert find_near_duplicates([("a", STORY), ("b", OTHER)]) == []


def test_shingles_of_short_text() -> None:
    assert shingles("Dua kata") == {b"dua kata"}
    assert shingles("") == set()
    assert len(shingles("a b c d")) == 2


def test_restore_from_persisted_signatures() -> None:
    first = NearDuplicateIndex()
    first.add("a", STORY)
    first.add("b", OTHER)
    saved = {k: (first.signature_bytes(k), first.cluster[k]) for k in ("b", "a")}
    second = NearDuplicateIndex()
    for doc_id, (signature, cluster) in saved.items():
        second.restore(doc_id, signature, cluster)
    assert second.add("c", REPUBLISHED) == "a"
    assert second.add("d", OTHER + " Tambahan kalimat.") == "b"


def test_a_removed_document_is_clustered_afresh() -> None:
    from sorot.clean.near_duplicates import NearDuplicateIndex

    story = " ".join(f"kata{i}" for i in range(80))
    other = " ".join(f"lain{i}" for i in range(80))
    index = NearDuplicateIndex()
    assert index.add("a", story) == "a"
    assert index.add("b", story) == "a"
    index.remove("b")
    assert index.add("b", other) == "b"
