"""Shared fixtures: paths, small generated articles written by us, and a light pipeline.

Kept small on purpose: fixtures that only one area needs live in that area's test file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "articles.jsonl"
SHARED = REPO.parent / "shared"  # the read-only shared material beside the repo; CI may run without it
SEED = SHARED / "seed" / "000_34edceaa19d6d523.txt"
INDOSUM = SHARED / "corpus" / "indosum" / "articles.jsonl"


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """Skip the test when a file of ../shared it reads is absent, instead of failing."""
    return pytest.mark.skipif(not path.exists(), reason=f"shared file not available: {path.relative_to(SHARED)}")

_STATES = (("Rusia", "Moskow"), ("China", "Beijing"), ("Jepang", "Tokyo"), ("Australia", "Canberra"),
           ("India", "New Delhi"), ("Malaysia", "Kuala Lumpur"))
_VERBS = ("mengecam", "memuji", "mengancam", "menandatangani perjanjian dengan", "mengunjungi", "memprotes")


def small_article(i: int) -> dict[str, str]:
    """A short generated Indonesian news item, unique by ``i``, with a dyad and a quote."""
    actor, capital = _STATES[i % len(_STATES)]
    recipient = _STATES[(i // len(_STATES) + 1 + i) % len(_STATES)][0]
    if recipient == actor:
        recipient = "Indonesia"
    day = i % 28 + 1
    text = (f"Jakarta - Pemerintah {actor} {_VERBS[i % len(_VERBS)]} pemerintah {recipient} pada Senin ({day}/3). "
            f"Menteri Luar Negeri {actor} mengatakan langkah itu penting bagi kawasan.\n\n"
            f"\"Kami akan terus bekerja sama,\" ujar juru bicara di {capital}, dalam catatan nomor {i}.")
    return {"id": f"gen-{i:04d}", "title": f"Berita uji {i}", "date": f"2025-03-{day:02d}", "source": "Uji",
            "text": text}


def write_jsonl(path: Path, records: Iterable[dict]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def articles_jsonl(tmp_path: Path) -> Callable[[int], Path]:
    """Factory: a JSONL file of ``n`` generated small articles in the test's tmp dir."""

    def make(n: int, name: str = "articles.jsonl") -> Path:
        return write_jsonl(tmp_path / name, (small_article(i) for i in range(n)))

    return make


@pytest.fixture(scope="session")
def light_pipeline():
    """A pipeline with only the segmenter: fast and independent of the heavier stages."""
    from sorot.pipeline import Pipeline

    return Pipeline.from_config(["segment"])
