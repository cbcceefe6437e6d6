"""The actor knowledge base: states, bodies, role nouns and people, compiled into one
Aho-Corasick automaton over lower-cased surface forms.

Data lives in ``sorot/actors/data`` (see docs/actors.md): ``countries.tsv`` (generated from CLDR),
``countries_overlay.yaml``, ``places.yaml``, ``organisations.yaml``, ``roles.yaml``, ``resolver.yaml`` and
``people/*.yaml``. Each surface form carries a case policy: ``cap`` forms must appear as written
(or in an all-caps line), so "AS" is the USA but "as" is not; ``ci`` forms (role nouns, epithets)
match in any case.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from sorot.model import Actor

DATA = resources.files("sorot.actors").joinpath("data")
# Codes that are not states: a role attached to them keeps the body's code.
NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO", "MNC", "IMG"})
INTERNATIONAL = frozenset({"IGO", "UNO", "EUR"})
SHORT_KEY = 3  # surface forms this short are looked up per token, not in the automaton

# Kinds of knowledge-base entries, in the order that wins when one surface form has several.
KIND_PRIORITY = {"BLOCK": 0, "PERSON": 1, "ORG": 2, "METONYM": 3, "COUNTRY": 4, "CAPITAL": 5,
                 "PLACE": 6, "ROLE": 7, "MOD": 8}

# When a person holds several offices on a date, government and security offices outrank party and civil ones.
OFFICE_RANK = {"GOV": 3, "MIL": 3, "COP": 3, "JUD": 3, "LEG": 2, "SPY": 2, "PTY": 1, "OPP": 1}


# libyaml's loader when present: the people files are large and the pure-Python parser is slow.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def _read_yaml(name: str) -> Any:
    return _load_yaml(DATA.joinpath(name).read_text("utf-8"))


def start_key(value: Any) -> str:
    """A comparable date string for the start of a (possibly partial) date; '' = open."""
    text = "" if value is None else str(value).strip()
    if not text:
        return "0000-00-00"
    return text + "-01-01"[len(text) - 4:] if len(text) < 10 else text[:10]


def end_key(value: Any) -> str:
    """A comparable date string for the end of a (possibly partial) date; '' or None = open."""
    text = "" if value is None else str(value).strip()
    if not text:
        return "9999-99-99"
    return text + "-12-31"[len(text) - 4:] if len(text) < 10 else text[:10]


@dataclass(slots=True)
class PersonRole:
    code: str
    sector: str
    role: str = ""
    title: str = ""
    start: str = ""
    end: str = ""
    org: str = ""

    @property
    def start_key(self) -> str:
        return start_key(self.start)

    @property
    def end_key(self) -> str:
        return end_key(self.end)


@dataclass(slots=True)
class Person:
    """One person of the people files, with dated offices."""

    name: str
    aliases: list[str]
    ambiguous: list[str]
    roles: list[PersonRole]
    qid: str = ""
    gender: str = ""
    role_ids: set[str] = field(default_factory=set)  # role-noun ids of the titles held

    def office(self, date: str | None, hint: tuple[str, str] | None = None) -> tuple[PersonRole | None, bool]:
        """The office held on ``date`` and whether it is a former one (ELI).

        Without a date the latest office is taken (or the one the title in the text names).
        """
        if not self.roles:
            return None, False
        if not date:
            candidates = self.roles
        else:
            day = date[:10]
            candidates = [r for r in self.roles if r.start_key <= day <= r.end_key]
            if not candidates:
                past = [r for r in self.roles if r.end_key < day]
                if past:
                    return max(past, key=lambda r: r.end_key), True
                return min(self.roles, key=lambda r: r.start_key), False
        if hint:
            hinted = [r for r in candidates if (r.code, r.sector) == hint] or [
                r for r in candidates if r.code == hint[0]]
            if hinted:
                candidates = hinted
        # Several offices at once (a minister who chairs a party): the state office is the one news means.
        return max(candidates, key=lambda r: (OFFICE_RANK.get(r.sector, 0), r.start_key)), False

    def actor(self, date: str | None, hint: tuple[str, str] | None = None) -> Actor | None:
        role, former = self.office(date, hint)
        if role is None:
            return None
        before_first = bool(date) and not former and role.start_key > date[:10]
        sector = "ELI" if former else ("" if before_first else role.sector)
        return Actor(code=role.code, sector=sector, name=self.name, qid=self.qid,
                     role="" if before_first else role.role,
                     role_start="" if before_first else str(role.start or ""),
                     role_end="" if before_first else str(role.end or ""))


@dataclass(slots=True)
class Org:
    name: str
    code: str
    sector: str = ""
    periods: list[PersonRole] = field(default_factory=list)
    takes_name: bool = False
    attachable: bool = False
    type: str = "ORG"  # or GROUP for ethnic and religious communities

    def actor(self, date: str | None, name: str | None = None) -> Actor:
        code, sector = self.code, self.sector
        if self.periods:
            day = (date or "9999-99-98")[:10]
            for period in self.periods:
                if period.start_key <= day <= period.end_key:
                    code, sector = period.code, period.sector
                    break
        return Actor(code=code, sector=sector, name=name or self.name)


@dataclass(slots=True)
class Role:
    id: str
    sector: str | None
    person: bool
    default_country: str = ""
    keep_name: bool = False
    takes_name: bool = False
    posting: bool = False
    attached_only: bool = False
    office: bool = False


@dataclass(slots=True, frozen=True)
class Entry:
    """One surface form of one knowledge-base item."""

    kind: str
    key: str  # the surface form as written in the data
    case: str  # "cap" (as written or all caps), "ci" (any case) or "upper" (capitals only)
    code: str = ""
    sector: str = ""
    name: str = ""
    ref: Any = None  # Person, Org, Role, or the modifier's sector
    person_name: bool = False  # a state name that is also a personal name


def case_ok(entry: Entry, surface: str) -> bool:
    """Whether ``surface`` (the text as written) may be this entry under its case policy."""
    if entry.case == "ci":
        return True
    if entry.case == "upper":
        return surface.isupper()
    key = entry.key
    # exact, all capitals (a headline), or a lower-case first word capitalised at a sentence start
    if surface == key or surface == key.upper() or (key[:1].islower() and surface == key[:1].upper() + key[1:]):
        return True
    # a long multi-word name with a case slip inside ("Recep tayyip Erdogan") still counts
    return len(key) >= 8 and " " in key and surface[:1].isupper() and surface.lower() == key.lower()


def _case_for(term: str, default: str) -> str:
    """Short role abbreviations (PM, JPU) only count in capitals; other terms use ``default``."""
    letters = re.sub(r"[^A-Za-z]", "", term)
    if default == "ci" and len(letters) <= 3:
        return "upper"
    return default


def load_people_file(path: Path | str) -> list[Person]:
    """Read one people YAML file (a list of persons, or a mapping with a ``people`` list)."""
    data = _load_yaml(Path(path).read_text("utf-8")) or []
    if isinstance(data, dict):
        data = data.get("people") or []
    people = []
    for item in data:
        if not isinstance(item, dict) or not item.get("name"):
            continue
        roles = []
        for r in item.get("roles") or []:
            code = str(r.get("country") or "").upper()
            if not code:
                continue
            # International bodies carry no sector (GUIDELINES §2, as for their organs in organisations.yaml)
            sector = "" if code in INTERNATIONAL else str(r.get("sector") or "")
            roles.append(PersonRole(code=code, sector=sector, role=str(r.get("role") or ""),
                                    title=str(r.get("title_id") or r.get("title") or ""),
                                    start=str(r.get("start") or ""), end=str(r.get("end") or ""),
                                    org=str(r.get("org") or "")))
        people.append(Person(name=str(item["name"]), aliases=[str(a) for a in item.get("aliases") or []],
                             ambiguous=[str(a) for a in item.get("ambiguous_aliases") or []], roles=roles,
                             qid=str(item.get("qid") or ""), gender=str(item.get("gender") or "")))
    return people


def default_people_files() -> list[Path]:
    folder = Path(str(DATA.joinpath("people")))
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


class KnowledgeBase:
    """Everything the resolver looks up, loaded once."""

    def __init__(self, people_files: Iterable[Path | str] | None = None) -> None:
        self.entries: dict[str, list[Entry]] = {}
        self.country_names: dict[str, str] = {}
        self.roles: dict[str, Role] = {}
        self.people: list[Person] = []
        self.lexicon: dict[str, Any] = _read_yaml("resolver.yaml")
        self.coref_markers: frozenset[str] = frozenset()
        self._load_countries()
        self._load_orgs()
        self._load_roles()
        files = default_people_files() if people_files is None else list(people_files)
        for path in files:
            for person in load_people_file(path):
                self.add_person(person)
        self._build()

    # --- loading -------------------------------------------------------------------------------
    def _add(self, entry: Entry) -> None:
        key = entry.key.strip()
        if not key:
            return
        self.entries.setdefault(key.lower(), []).append(entry)
        if "-" in key.strip("-") and entry.kind != "ROLE":
            # scraped text often spaces hyphens out: "Al - Qaeda", "Bangsa - Bangsa"
            spaced = re.sub(r"(?<=\w)-(?=\w)", " - ", key)
            if spaced != key:
                variant = Entry(entry.kind, spaced, entry.case, entry.code, entry.sector, entry.name, entry.ref,
                                entry.person_name)
                self.entries.setdefault(spaced.lower(), []).append(variant)

    def _load_countries(self) -> None:
        text = DATA.joinpath("countries.tsv").read_text("utf-8")
        rows = csv.DictReader((ln for ln in text.splitlines() if not ln.startswith("#")), delimiter="\t")
        overlay = _read_yaml("countries_overlay.yaml")
        extra = overlay.get("countries") or {}
        for row in rows:
            code = row["code"]
            flagged = bool((extra.get(code) or {}).get("person_name"))
            self.country_names[code] = row["name_id"]
            for name in (row["name_en"], row["name_id"]):
                for form in _name_forms(name):
                    self._add(Entry("COUNTRY", form, "cap", code=code, person_name=flagged))
        for code, spec in extra.items():
            flagged = bool(spec.get("person_name"))
            self.country_names.setdefault(code, (spec.get("aliases") or [code])[0])
            for alias in [*(spec.get("aliases") or []), *(spec.get("adjectives") or [])]:
                self._add(Entry("COUNTRY", str(alias), "cap", code=code, person_name=flagged))
            for epithet in spec.get("epithets") or []:
                self._add(Entry("COUNTRY", str(epithet), "ci", code=code))
            for capital in spec.get("capitals") or []:
                self._add(Entry("CAPITAL", str(capital), "cap", code=code, sector="GOV"))
            for meto in spec.get("metonyms") or []:
                for text_form in meto["text"]:
                    self._add(Entry("METONYM", str(text_form), "cap", code=code, sector=meto.get("sector", "GOV"),
                                    name=str(meto.get("name") or text_form)))
        for phrase in overlay.get("blocked") or []:
            self._add(Entry("BLOCK", str(phrase), "cap"))
        for code, names in (_read_yaml("places.yaml").get("places") or {}).items():
            for name in names:
                self._add(Entry("PLACE", str(name), "cap", code=str(code)))

    def _load_orgs(self) -> None:
        for item in _read_yaml("organisations.yaml")["organisations"]:
            periods = [PersonRole(code=p.get("code", item["code"]), sector=p.get("sector", ""),
                                  start=str(p.get("start") or ""), end=str(p.get("end") or ""))
                       for p in item.get("periods") or []]
            org = Org(name=str(item["name"]), code=str(item["code"]), sector=str(item.get("sector") or ""),
                      periods=periods, takes_name=bool(item.get("takes_name")),
                      attachable=bool(item.get("attachable")), type=str(item.get("type") or "ORG"))
            for alias in {org.name, *map(str, item.get("aliases") or [])}:
                self._add(Entry("ORG", alias, "cap", code=org.code, sector=org.sector, name=org.name, ref=org))

    def _load_roles(self) -> None:
        data = _read_yaml("roles.yaml")
        portfolios = [str(p) for p in data.get("portfolios") or []]
        for word, sector in (data.get("modifiers") or {}).items():
            self._add(Entry("MOD", str(word), "ci", sector=str(sector)))
        self.coref_markers = frozenset(str(m).lower() for m in data.get("coref_markers") or [])
        expand: list[tuple[list[str], dict[str, Any], str]] = []
        for item in data["roles"]:
            terms = [str(t) for t in item["terms"]]
            role_id = str(item.get("id") or terms[0])
            spec = dict(sector=item.get("sector"), person=bool(item.get("person")),
                        default_country=str(item.get("default_country") or ""),
                        keep_name=bool(item.get("keep_name")), takes_name=bool(item.get("takes_name")),
                        posting=bool(item.get("posting")), attached_only=bool(item.get("attached_only")))
            role = Role(id=role_id, office=bool(item.get("office")), **spec)
            self.roles[role_id] = role
            for term in terms:
                self._add(Entry("ROLE", term, _case_for(term, "ci"), sector=role.sector or "", ref=role))
            if item.get("portfolio"):
                expand.append((terms, spec, role_id))
        # "menteri" x "luar negeri": an explicitly listed role of that id (with its flags) wins.
        for terms, spec, role_id in expand:
            for portfolio in portfolios:
                sub = self.roles.setdefault(f"{role_id} {portfolio}", Role(id=f"{role_id} {portfolio}", **spec))
                for term in terms:
                    self._add(Entry("ROLE", f"{term} {portfolio}", "ci", sector=sub.sector or "", ref=sub))

    def add_person(self, person: Person) -> None:
        """Add one person; call :meth:`rebuild` after adding people to an already built base."""
        self.people.append(person)
        for alias in {person.name, *person.aliases}:
            self._add(Entry("PERSON", alias, "cap", name=person.name, ref=person))

    def _build(self) -> None:
        """Compile the automaton and the derived lookups (call again after add_person)."""
        self.automaton = ahocorasick.Automaton()
        # Forms of up to 3 characters (AS, RI, UN, PM) would hit inside countless words; they are
        # looked up per short token instead (see Resolver._hits).
        self.short: dict[str, tuple[Entry, ...]] = {}
        for key, entries in self.entries.items():
            # Later data wins for identical kind+form (more specific entries come later).
            unique: dict[tuple[str, str], Entry] = {}
            for entry in entries:
                unique[(entry.kind, entry.key)] = entry
            ordered = tuple(sorted(unique.values(), key=lambda e: KIND_PRIORITY[e.kind]))
            if len(key) <= SHORT_KEY:
                self.short[key] = ordered
            else:
                self.automaton.add_word(key, (len(key), ordered))
        self.automaton.make_automaton()
        self.short_forms: dict[str, list[Person]] = {}
        self.office_holders: dict[tuple[str, str], list[tuple[Person, PersonRole]]] = {}
        for person in self.people:
            person.role_ids = set()
            for r in person.roles:
                rid = self.role_id_of(r.title or r.role)
                if rid:
                    person.role_ids.add(rid)
                    self.office_holders.setdefault((r.code, rid), []).append((person, r))
            for form in {*person.ambiguous, *person.name.split()[-1:]}:
                self.short_forms.setdefault(form, []).append(person)

    def rebuild(self) -> None:
        self._build()

    # --- lookups -------------------------------------------------------------------------------
    def lookup(self, surface: str) -> tuple[Entry, ...]:
        key = surface.lower()
        if len(key) <= SHORT_KEY:
            return self.short.get(key, ())
        hit = self.automaton.get(key, None)
        return hit[1] if hit else ()

    def role_id_of(self, title: str) -> str:
        """The role-noun id a person's title starts with ("Presiden Rusia" -> "presiden")."""
        lowered = title.lower().replace("_", " ")
        first = lowered.split(" ", 1)[0]
        best = next((e.ref.id for e in self.short.get(first, ()) if e.kind == "ROLE"), "")
        best_len = len(first) if best else 0
        for end, (length, entries) in self.automaton.iter(lowered):
            start = end - length + 1
            if start != 0:
                continue
            for entry in entries:
                if entry.kind == "ROLE" and length > best_len and (end + 1 == len(lowered) or lowered[end + 1] == " "):
                    best, best_len = entry.ref.id, length
        return best

    def office_holder(self, code: str, role_id: str, sector: str, date: str | None) -> Person | None:
        """Who held a single office (``Role.office``) of a state on ``date`` (now, without a date).

        The office's last day counts as the successor's first, so a hand-over date has one holder."""
        day = (date or "9999-99-98")[:10]
        holders = {p.name: p for p, r in self.office_holders.get((code, role_id), ())
                   if r.sector == sector and r.start_key <= day < r.end_key}
        return next(iter(holders.values())) if len(holders) == 1 else None

    def words(self, name: str) -> Sequence[str]:
        return [str(w) for w in self.lexicon.get(name) or []]


def _name_forms(name: str) -> list[str]:
    """Usable surface forms of a CLDR name: 'Myanmar (Burma)' -> Myanmar, Burma; skip 'X - Y' forms."""
    if " - " in name:
        return []
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if m:
        return [m.group(1), m.group(2)]
    return [name.replace("’", "'"), name] if "’" in name else [name]
