"""Exports registered with ``sorot export --format``: the GDELT 2.0 event table and a GraphML network.

The GDELT file has GDELT 2.0's 61 event columns under their standard names, tab-separated, one header
line (drop it with ``tail -n +2`` for tools that expect GDELT's headerless files). Fields sorot cannot
know (ethnic and religion codes, tone, FIPS geo codes, feature ids, actor geography) stay empty.
QuadClass comes from the CAMEO root code, as GDELT assigns it; GoldsteinScale is the event row's own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from sorot.analytics.countries import country_names
from sorot.analytics.network import write_graphml
from sorot.store.queries import EventFilter


def _actor_columns(n: int) -> list[str]:
    return [f"Actor{n}{c}" for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                                     "Religion2Code", "Type1Code", "Type2Code", "Type3Code")]


def _geo_columns(prefix: str) -> list[str]:
    return [f"{prefix}Geo_{c}" for c in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
                                         "FeatureID")]


GDELT_COLUMNS: list[str] = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", *_actor_columns(1), *_actor_columns(2),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone", *_geo_columns("Actor1"), *_geo_columns("Actor2"),
    *_geo_columns("Action"), "DATEADDED", "SOURCEURL",
]
_INTEGER = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions", "NumSources",
            "NumArticles", "DATEADDED", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type"}
_FLOAT = {"FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor2Geo_Lat",
          "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long"}
# pandas dtypes to read the file with: nullable integers, floats, and strings (CAMEO codes keep leading zeros).
GDELT_DTYPES: dict[str, str] = {c: "Int64" if c in _INTEGER else "float64" if c in _FLOAT else "string"
                                for c in GDELT_COLUMNS}


def _countries() -> pa.Table:
    names = country_names()
    return pa.table({"code": list(names), "name": list(names.values())})


def _clean(expr: str) -> str:
    """A text field without tabs or line breaks, so the TSV needs no quoting."""
    return f"regexp_replace(coalesce({expr}, ''), '[\\t\\r\\n]+', ' ', 'g')"


def _actor_sql(side: str) -> list[str]:
    code, sector, name = f"{side}_code", f"{side}_sector", f"{side}_name"
    type_code = f"CASE WHEN regexp_matches(coalesce({sector}, ''), '^[A-Z]{{3}}$') THEN {sector} ELSE '' END"
    country = f"(SELECT name FROM gdelt_countries c WHERE c.code = {code})"
    is_country = f"EXISTS (SELECT 1 FROM gdelt_countries c WHERE c.code = {code})"
    return [
        f"coalesce({code}, '') || {type_code}",
        _clean(f"upper(CASE WHEN coalesce({name}, '') <> '' THEN {name} ELSE {country} END)"),
        f"CASE WHEN {is_country} THEN {code} ELSE '' END",
        f"CASE WHEN coalesce({code}, '') <> '' AND NOT {is_country} THEN {code} ELSE '' END",
        "''", "''", "''", type_code, "''", "''",
    ]


def _action_geo_sql() -> list[str]:
    has = "coalesce(location_name, '') <> ''"
    country = "(SELECT name FROM gdelt_countries c WHERE c.code = location_country)"
    kind = (f"CASE WHEN NOT {has} THEN NULL WHEN location_name = {country} THEN 1 "
            "WHEN location_name = location_admin1 THEN 5 ELSE 4 END")
    full = _clean(f"CASE WHEN {has} THEN concat_ws(', ', location_name, "
                  "nullif(nullif(location_admin1, ''), location_name), nullif({country}, location_name)) END"
                  .replace("{country}", country))
    return [kind, full, "''", "''", "''", "lat", "lon", "''"]


def gdelt_select(where: str) -> str:
    """SELECT producing the 61 GDELT columns from the events matching ``where``."""
    empty_geo = ["NULL", "''", "''", "''", "''", "NULL", "NULL", "''"]
    exprs = [
        "row_number() OVER (ORDER BY date, doc_id, idx)",
        "CAST(strftime(date, '%Y%m%d') AS INTEGER)",
        "CAST(strftime(date, '%Y%m') AS INTEGER)",
        "year(date)",
        "round(year(date) + (month(date) * 30 + day(date)) / 365.0, 4)",
        *_actor_sql("actor"), *_actor_sql("recipient"),
        "CASE WHEN paragraph = 0 THEN 1 ELSE 0 END",
        "cameo", "left(cameo, 3)", "left(cameo, 2)",
        "CASE WHEN CAST(left(cameo, 2) AS INTEGER) <= 5 THEN 1 WHEN CAST(left(cameo, 2) AS INTEGER) <= 9 THEN 2 "
        "WHEN CAST(left(cameo, 2) AS INTEGER) <= 14 THEN 3 ELSE 4 END",
        "goldstein", "coalesce(mentions, 1)", "1", "1", "CAST(NULL AS DOUBLE)",
        *empty_geo, *empty_geo, *_action_geo_sql(),
        "CAST(strftime(ingested_at, '%Y%m%d%H%M%S') AS BIGINT)",
        _clean("url"),
    ]
    assert len(exprs) == len(GDELT_COLUMNS)
    cols = ",\n  ".join(f'{expr} AS "{name}"' for expr, name in zip(exprs, GDELT_COLUMNS, strict=True))
    return f"""
        WITH ev AS (SELECT * FROM events WHERE {where} AND regexp_matches(coalesce(cameo, ''), '^[0-9]{{2,4}}$')
                    AND date IS NOT NULL),
        joined AS (SELECT ev.*, d.ingested_at, s.paragraph FROM ev
                   LEFT JOIN documents d ON d.doc_id = ev.doc_id
                   LEFT JOIN sentences s ON s.doc_id = ev.doc_id AND s.idx = ev.sentence)
        SELECT {cols} FROM joined ORDER BY 1"""


def gdelt_table(store: Any, flt: EventFilter | None = None) -> pa.Table:
    """The GDELT event table as Arrow (asserted, non-optional events with a CAMEO code by default)."""
    where, params = (flt or EventFilter(include_optional=False)).where()
    con = store.con.cursor()
    try:
        con.register("gdelt_countries", _countries())
        return con.sql(gdelt_select(where), params=params).to_arrow_table()
    finally:
        con.close()


def write_gdelt(store: Any, output: Path) -> list[Path]:
    """Exporter: DIR/events.gdelt.tsv (or the given .tsv/.csv file)."""
    path = output if output.suffix in (".tsv", ".csv") else output / "events.gdelt.tsv"
    path.parent.mkdir(parents=True, exist_ok=True)
    table = gdelt_table(store)
    with open(path, "wb") as sink:
        sink.write(("\t".join(GDELT_COLUMNS) + "\n").encode())
        options = pacsv.WriteOptions(include_header=False, delimiter="\t", quoting_style="none")
        pacsv.write_csv(table, sink, write_options=options)
    return [path]


EXPORTERS: dict[str, Callable[[Any, Path], list[Path]]] = {
    "gdelt": write_gdelt,
    "graphml": write_graphml,
}
