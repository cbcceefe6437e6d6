"""Country names for actor codes, read from the actors package's country table (CLDR-derived)."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """3-letter country code -> English name."""
    text = resources.files("sorot.actors").joinpath("data/countries.tsv").read_text("utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if line and not line.startswith("#")), delimiter="\t")
    return {r["code"]: r["name_en"] for r in rows}
