"""The founding article: every actor entity of its gold is found with the right code and sector.

Reads the article from the shared folder at test time (skipped when it is not there); the list
below is the set of gold entities (code, sector, name) the resolver must produce as mentions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sorot.actors.stage import ActorStage
from sorot.model import Document
from sorot.pipeline import stage_factory

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_34edceaa19d6d523.txt"
PEOPLE = Path(__file__).parent / "fixtures" / "actors_people.yaml"

# (surface text, code, sector, name) — name None means any name is acceptable.
EXPECTED = [
    ("Pemerintah Rusia", "RUS", "GOV", ""),
    ("Vladimir Putin", "RUS", "GOV", "Vladimir Putin"),
    ("Sergei Lavrov", "RUS", "GOV", "Sergei Lavrov"),
    ("Kim Jong-un", "PRK", "GOV", "Kim Jong-un"),
    ("Pyongyang", "PRK", "GOV", None),
    ("juru bicara Gedung Putih", "USA", "GOV", None),
    ("Departemen Luar Negeri", "USA", "GOV", None),
    ("Amerika Serikat", "USA", "", ""),
    ("Korea Selatan", "KOR", "", ""),
    ("Jepang", "JPN", "", ""),
    ("NATO", "IGO", "", "NATO"),
    ("Dewan Keamanan PBB", "UNO", "", "Dewan Keamanan PBB"),
]


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    if not SEED.exists():
        pytest.skip("shared seed article not available")
    doc = Document(id="seed", raw_text=SEED.read_text("utf-8"), lang="id")
    doc = stage_factory("segment")()(doc)
    return ActorStage(use_ner=False, people_files=[PEOPLE])(doc)


@pytest.mark.parametrize(("surface", "code", "sector", "name"), EXPECTED)
def test_seed_entity_found(seed_doc, surface, code, sector, name):
    matches = [m for m in seed_doc.mentions if surface in m.text and m.actor is not None
               and m.actor.code == code and m.actor.sector == sector
               and (name is None or m.actor.name == name)]
    assert matches, f"{surface} -> {code}/{sector}/{name} not found"


def test_seed_offsets_are_exact(seed_doc):
    for m in seed_doc.mentions:
        assert seed_doc.text[m.start:m.end] == m.text
