"""Schema and consistency checks for the people part of the actor knowledge base.

The resolver reads these YAML files directly, so a typo in a sector code, a reversed date range or an
alias shared by two people would silently produce wrong actor codes; these tests catch that early.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

PEOPLE_DIR = Path(__file__).resolve().parents[1] / "src" / "sorot" / "actors" / "data" / "people"

SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "PTY", "OPP", "REB", "BUS", "MED", "JRN", "CVL", "REL"}
# UNO/EUR/IGO are PLOVER codes for intergovernmental bodies; NGO marks non-governmental international bodies.
ORG_CODES = {"UNO", "EUR", "IGO", "NGO"}
NON_STATE_CODES = {"IMG"}
# ISO 3166-1 alpha-3 (officially assigned codes); kept here because pycountry is not a dependency.
ISO3 = set(
    re.findall(
        r"[A-Z]{3}",
        """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS
    BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV
    CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM
    GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN
    IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE
    LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS
    MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK
    PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR
    SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY
    USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
    """,
    )
)
PERSON_KEYS = {"name", "aliases", "ambiguous_aliases", "qid", "gender", "roles", "verify"}
ROLE_KEYS = {"country", "sector", "role", "title_id", "start", "end", "org", "portfolio", "verify"}
REQUIRED_ROLE_KEYS = {"country", "sector", "role", "title_id", "start", "end"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ROLE_RE = re.compile(r"^[a-z][a-z_]*$")
MIN_PEOPLE = 600


def _date_text(value: object) -> str | None:
    """Normalise a YAML date (date object, bare year int or partial string) to ISO text."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _load_people() -> list[tuple[str, dict]]:
    """Minimal loader: (file name, person entry) for every person in every region file."""
    people = []
    for path in sorted(PEOPLE_DIR.glob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        assert isinstance(entries, list), f"{path.name}: top level must be a list"
        people.extend((path.name, entry) for entry in entries)
    return people


PEOPLE = _load_people()


def _norm(alias: str) -> str:
    """Key used for collision checks: case- and spacing-insensitive, hyphen == space."""
    return " ".join(alias.casefold().replace("-", " ").split())


def test_files_exist_for_each_region() -> None:
    names = {p.name for p in PEOPLE_DIR.glob("*.yaml")}
    expected = {
        "indonesia.yaml",
        "asean.yaml",
        "east_asia.yaml",
        "p5_europe.yaml",
        "americas.yaml",
        "middle_east.yaml",
        "south_asia.yaml",
        "africa.yaml",
        "russia_eurasia.yaml",
        "oceania.yaml",
        "international.yaml",
    }
    assert expected <= names


@pytest.mark.parametrize(("source", "person"), PEOPLE, ids=[p["name"] for _, p in PEOPLE])
def test_person_schema(source: str, person: dict) -> None:
    assert set(person) <= PERSON_KEYS, f"{source}: unknown keys {set(person) - PERSON_KEYS}"
    assert isinstance(person["name"], str) and person["name"].strip() == person["name"]
    for key in ("aliases", "ambiguous_aliases"):
        values = person.get(key, [])
        assert isinstance(values, list) and all(isinstance(v, str) and v for v in values), key
    if "qid" in person:
        assert re.fullmatch(r"Q\d+", str(person["qid"])), person["qid"]
    if "gender" in person:
        assert person["gender"] in {"m", "f"}
    roles = person["roles"]
    assert isinstance(roles, list) and roles, "every person needs at least one role"
    previous_start = ""
    for role in roles:
        assert REQUIRED_ROLE_KEYS <= set(role) <= ROLE_KEYS, f"bad role keys {set(role)}"
        assert role["sector"] in SECTORS, role["sector"]
        country = role["country"]
        assert country in ISO3 | ORG_CODES | NON_STATE_CODES, country
        assert ("org" in role) == (country in ORG_CODES), f"org key must go with {sorted(ORG_CODES)}: {role}"
        assert ROLE_RE.match(role["role"]), role["role"]
        if role["role"] in {"minister", "coordinating_minister"}:
            assert role.get("portfolio"), f"{role['role']} needs a portfolio: {role}"
        assert isinstance(role["title_id"], str) and role["title_id"]
        start, end = _date_text(role["start"]), _date_text(role["end"])
        assert start and DATE_RE.match(start), f"bad start {start!r}"
        if end is not None:
            assert DATE_RE.match(end), f"bad end {end!r}"
            width = min(len(start), len(end))
            assert start[:width] <= end[:width], f"start after end: {role}"
            assert end[:4] <= "2026", f"end in the future: {role}"
        assert start[:4] <= "2026"
        width = min(len(previous_start), len(start))
        assert previous_start[:width] <= start[:width], f"roles out of order at {role}"
        previous_start = start


def test_no_duplicate_canonical_names() -> None:
    counts = Counter(_norm(p["name"]) for _, p in PEOPLE)
    assert [n for n, c in counts.items() if c > 1] == []


def test_aliases_do_not_collide_across_people() -> None:
    """A name or plain alias must point to one person; shared short forms belong in ambiguous_aliases."""
    owners: dict[str, set[str]] = defaultdict(set)
    for _, person in PEOPLE:
        for alias in [person["name"], *person.get("aliases", [])]:
            owners[_norm(alias)].add(person["name"])
    clashes = {alias: sorted(names) for alias, names in owners.items() if len(names) > 1}
    assert clashes == {}
    for _, person in PEOPLE:
        for alias in person.get("ambiguous_aliases", []):
            others = owners.get(_norm(alias), set()) - {person["name"]}
            assert not others, f"ambiguous alias {alias!r} of {person['name']} is a plain alias of {others}"


def test_people_cover_required_scope() -> None:
    with_roles = [p for _, p in PEOPLE if p.get("roles")]
    assert len(with_roles) >= MIN_PEOPLE
    countries = {r["country"] for p in with_roles for r in p["roles"]}
    must_have = {
        "IDN",
        "USA",
        "CHN",
        "RUS",
        "GBR",
        "FRA",
        "PRK",
        "KOR",
        "ISR",
        "PSE",
        "IRN",
        "UKR",
        "MMR",
        "SDN",
        "AFG",
        "VEN",
        "SAU",
        "TUR",
        "EGY",
        "SYR",
        "IRQ",
        "LBN",
        "YEM",
        "IND",
        "JPN",
    }
    assert must_have <= countries, must_have - countries
    orgs = {r.get("org") for p in with_roles for r in p["roles"]}
    assert {"Perserikatan Bangsa-Bangsa", "ASEAN", "NATO", "Uni Eropa"} <= orgs


def test_well_known_facts_are_encoded() -> None:
    """Spot checks that the resolver depends on (date-valid roles for the most frequent actors)."""
    by_name = {p["name"]: p for _, p in PEOPLE}
    putin = [(r["role"], _date_text(r["start"])) for r in by_name["Vladimir Putin"]["roles"]]
    assert ("prime_minister", "2008-05-08") in putin and ("president", "2012-05-07") in putin
    prabowo = by_name["Prabowo Subianto"]
    assert "Prabowo" in prabowo["aliases"]
    current = [r for r in prabowo["roles"] if r["role"] == "president" and r["end"] is None]
    assert current and current[0]["country"] == "IDN"
    assert "Jokowi" in by_name["Joko Widodo"]["aliases"]
