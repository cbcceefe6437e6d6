"""The GDELT 2.0 export loads in pandas with GDELT's names and types, and its codes agree with CAMEO."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from test_analytics_corpus import build_store

from sorot.analytics.exports import GDELT_COLUMNS, GDELT_DTYPES
from sorot.cli import main

# A fact of GDELT 2.0's codebook: 61 columns, these at these 0-based positions.
KNOWN_POSITIONS = {0: "GLOBALEVENTID", 1: "SQLDATE", 5: "Actor1Code", 15: "Actor2Code", 25: "IsRootEvent",
                   26: "EventCode", 29: "QuadClass", 30: "GoldsteinScale", 34: "AvgTone", 35: "Actor1Geo_Type",
                   39: "Actor1Geo_ADM2Code", 51: "ActionGeo_Type", 59: "DATEADDED", 60: "SOURCEURL"}


@pytest.fixture(scope="module")
def gdelt(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    tmp = tmp_path_factory.mktemp("gdelt")
    db = build_store(tmp / "g.duckdb")
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "gdelt", "-o", str(tmp / "out")])
    assert result.exit_code == 0, result.output
    path = tmp / "out" / "events.gdelt.tsv"
    return pd.read_csv(path, sep="\t", dtype=GDELT_DTYPES, keep_default_na=False, na_values=[""])


def test_columns_are_gdelt_2_names_in_order(gdelt: pd.DataFrame) -> None:
    assert len(GDELT_COLUMNS) == 61 and list(gdelt.columns) == GDELT_COLUMNS
    for position, name in KNOWN_POSITIONS.items():
        assert GDELT_COLUMNS[position] == name


def test_dtypes_and_values(gdelt: pd.DataFrame) -> None:
    assert str(gdelt["GLOBALEVENTID"].dtype) == "Int64" and gdelt["GLOBALEVENTID"].is_unique
    assert str(gdelt["GoldsteinScale"].dtype) == "float64" and str(gdelt["EventCode"].dtype) == "string"
    assert len(gdelt) == 9  # the negated event is not exported
    first = gdelt.iloc[0]
    assert first["SQLDATE"] == 20260302 and first["MonthYear"] == 202603 and first["Year"] == 2026
    assert first["EventCode"] == "030" and first["EventRootCode"] == "03"  # leading zeros kept
    assert first["Actor1Code"] == "RUSGOV" and first["Actor1CountryCode"] == "RUS" and first["Actor1Type1Code"] == "GOV"
    assert first["Actor2CountryCode"] == "PRK" and first["IsRootEvent"] == 1
    assert first["SOURCEURL"].startswith("https://") and len(str(first["DATEADDED"])) == 14
    assert gdelt["AvgTone"].isna().all() and gdelt["Actor1EthnicCode"].isna().all()


def test_goldstein_and_quad_agree_with_the_cameo_code(gdelt: pd.DataFrame) -> None:
    from sorot.events import crosswalk

    for row in gdelt.itertuples():
        assert row.GoldsteinScale == pytest.approx(crosswalk.goldstein(row.EventCode))
        assert row.QuadClass == crosswalk.gdelt_quad(row.EventCode)
        assert row.EventBaseCode == row.EventCode[:3] and row.EventRootCode == row.EventCode[:2]


def test_graphml_exporter_is_registered(tmp_path: Path) -> None:
    db = build_store(tmp_path / "n.duckdb")
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "graphml", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "actors.graphml").read_text().count("<edge ") == 4
