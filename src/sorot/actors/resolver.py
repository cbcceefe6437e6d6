"""Find and resolve actor mentions in one text: knowledge-base matches, title + name patterns,
role-only actors, dated offices, and simple in-document coreference.

The steps (docs/actors.md has the why of each):
1. match every knowledge-base surface form in a normalised view of the text (Aho-Corasick), keep
   the hits whose case and word boundaries fit, and pick the leftmost-longest ones;
2. compose adjacent hits: ``[mantan] role* [body|state] [untuk state] [,] [name]``;
3. fill in what the composition left open: the state of an unattached role (from the sentence or
   the document's default state), the office of a named person on the document's date;
4. coreference: later short names of people already named, role nouns ("sang menteri") and
   pronouns (ia, dia, beliau, katanya) point back to the nearest compatible person;
5. optionally, names the knowledge base does not know come from the NER tagger.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from sorot.actors.kb import NON_STATE, Entry, KnowledgeBase, Org, Person, Role, case_ok
from sorot.actors.normalize import TextView, build_table, make_view
from sorot.model import Actor, Mention

# A token of up to three characters standing alone (the short knowledge-base forms: AS, RI, PM).
_SHORT_TOKEN = re.compile(r"(?<![\w$])\w(?:[\w&+-]|\.(?=\w)){0,2}(?![\w$])")
_WORD = re.compile(r"[^\W_][\w'’\-]*\.?|&")
_NAME_GAPS = (" ", ", ")
# Words of context either side of an unknown capitalised run handed to the tagger.
_NER_CONTEXT = 3
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’\-]*\.?")
# How far back (characters, same sentence) a state named before an unattached ministry may be.
_CONTEXT_REACH = 80
# How many sentences back a pronoun may look for its person, and a role noun ("sang menteri").
_COREF_SENTENCES = 3
_ROLE_COREF_SENTENCES = 12
# The city that opens a dateline, before its state: "Raqa, " in "Raqa, Suriah (ANTARA News) -".
_DATELINE_CITY = re.compile(r"\s*[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}, ")
# Bodies an envoy can be posted to ("Duta Besar Korut untuk PBB", "Dubes RI untuk ASEAN").
INTERNATIONAL_POSTS = frozenset({"UNO", "IGO", "EUR"})

NerFn = Callable[[str], Sequence[tuple[int, int, str]]]


@dataclass(slots=True)
class Hit:
    """One accepted knowledge-base match in view coordinates."""

    start: int
    end: int
    entry: Entry


@dataclass(slots=True)
class Draft:
    """A mention being built, in view coordinates."""

    start: int
    end: int
    type: str
    actor: Actor | None
    source: str
    head: str = ""
    role: Role | None = None
    person: Person | None = None
    needs_state: bool = False  # a role with no state attached: fill in later
    coref: bool = False  # "sang menteri": look for the person first
    former: bool = False
    hint: tuple[str, str] | None = None
    extra_role_ids: set[str] = field(default_factory=set)
    hidden: bool = False  # a known non-actor (a dateline credit): not output, but not tagged either


class Resolver:
    """Turn a text into sorted actor mentions. Build once; call :meth:`resolve` per document."""

    def __init__(self, kb: KnowledgeBase, ner: NerFn | None = None) -> None:
        self.kb = kb
        self.ner = ner
        words = kb.words
        self.confusables: dict[str, str] = dict(kb.lexicon.get("confusables") or {})
        self.pronouns = frozenset(w.lower() for w in words("pronouns"))
        self.nya_words = frozenset(w.lower() for w in words("nya_words"))
        self.particles = frozenset(w.lower() for w in words("name_particles"))
        self.connectors = frozenset(w.lower() for w in words("name_connectors"))
        self.posting_preps = frozenset(w.lower() for w in words("posting_preps"))
        self.origin_preps = frozenset(w.lower() for w in words("origin_preps"))
        self.oblique_preps = frozenset(w.lower() for w in words("oblique_preps"))
        self.not_name = frozenset(words("not_name"))
        self.honorifics = frozenset(w.lower() for w in words("honorifics"))
        self.openers = frozenset(words("sentence_openers"))
        self.group_sectors = frozenset(words("group_sectors"))
        self.org_words = frozenset(words("org_words"))
        self.body_heads = frozenset(words("body_heads"))
        cues = sorted(words("sports_cues"), key=len, reverse=True)
        self.sports_re = re.compile(r"\b(?:" + "|".join(map(re.escape, cues)) + r")\b") if cues else None
        self.sports_min = int(kb.lexicon.get("sports_min") or 0)
        self.locative_preps = frozenset(w.lower() for w in words("locative_preps"))
        aliases = "|".join(map(re.escape, sorted(words("alias_cues"), key=len, reverse=True)))
        self.alias_re = re.compile(rf",? (?:{aliases}) ([A-Z][\w'’-]+)")
        coordinators = "|".join(map(re.escape, words("coordinators")))
        self.coordination_re = re.compile(rf" (?:{coordinators}) |, (?:(?:{coordinators}) )?")
        spoken = sorted(self.pronouns | self.nya_words, key=len, reverse=True)
        self.pronoun_re = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, spoken)) + r")(?![\w'’-])")
        self.table = build_table(self.confusables)

    # --- public --------------------------------------------------------------------------------
    def resolve(self, text: str, sentences: Sequence[tuple[int, int]] = (), date: str | None = None,
                lang: str = "") -> list[Mention]:
        """Mentions of ``text`` (offsets into it), each with ``sentence`` set from ``sentences``."""
        if not text.strip():
            return []
        view = make_view(text, self.table)
        hits = self._hits(view)
        sports = self._is_sports(view)
        hits = [Hit(h.start, h.end, replace(h.entry, kind="PLACE"))
                if h.entry.kind == "CAPITAL" and (sports or self._locative(view.text, h.start)) else h
                for h in hits]
        drafts = self._compose(view, hits, date, english=lang == "en")
        if sports:
            for d in drafts:
                if d.type == "COUNTRY":
                    d.hidden = True  # "Argentina ditahan imbang Peru": in a sports story a bare state is its team
        sent_of = _sentence_index(view, sentences)
        default_state = self._default_state(drafts, lang)
        self._fill_states(drafts, default_state, "IDN" if lang in ("", "id") else "", sent_of, date)
        drafts = self._appositions(view, drafts)
        tagged = self._tag(view, drafts, text, sentences)
        self._refine_titled_names(view, drafts, tagged)
        drafts = self._short_names(view, drafts)
        drafts = self._add_tagged(view, drafts, tagged)
        drafts.extend(self._pronouns(view, drafts, sent_of))
        drafts.sort(key=lambda d: (d.start, d.end))
        return [self._to_mention(view, d, sent_of) for d in drafts
                if d.end > d.start and not d.hidden and (d.actor is not None or d.type in ("PLACE", "PERSON", "ORG"))]

    # --- step 1: matching ----------------------------------------------------------------------
    def _locative(self, text: str, start: int) -> bool:
        before = _word_before(text, start)
        return bool(before) and before.lower() in self.locative_preps

    def _is_sports(self, view: TextView) -> bool:
        """A sports story, where capitals name clubs and venues (see resolver.yaml)."""
        if self.sports_re is None or not self.sports_min:
            return False
        return len(set(self.sports_re.findall(view.lower))) >= self.sports_min

    def _hits(self, view: TextView) -> list[Hit]:
        lower, text = view.lower, view.text
        n = len(lower)
        found: list[Hit] = []
        short = self.kb.short
        candidates = [(m.start(), m.end(), short[m.group()]) for m in _SHORT_TOKEN.finditer(lower)
                      if m.group() in short]
        for last, (length, entries) in self.kb.automaton.iter(lower):
            start, end = last - length + 1, last + 1
            if (start > 0 and (lower[start - 1].isalnum() or lower[start - 1] in "_$")) or (
                end < n and (lower[end].isalnum() or lower[end] in "_$")
            ):
                continue
            candidates.append((start, end, entries))
        for start, end, entries in candidates:
            surface = text[start:end]
            entry = next((e for e in entries if case_ok(e, surface)), None)
            if entry is not None and self._plausible(entry, view, start, end):
                found.append(Hit(start, end, entry))
        # Names first (leftmost-longest), then role nouns into the gaps: "Ketua Komisi Pemberantasan
        # Korupsi" is the title "Ketua" + the body KPK, not the role "ketua komisi" + "Pemberantasan…".
        found.sort(key=lambda h: (h.start, -(h.end - h.start)))
        chosen: list[Hit] = []
        last_end = -1
        for hit in found:
            if hit.entry.kind not in ("ROLE", "MOD") and hit.start >= last_end:
                chosen.append(hit)
                last_end = hit.end
        starts = [h.start for h in chosen]
        for hit in found:
            if hit.entry.kind in ("ROLE", "MOD"):
                k = bisect.bisect_left(starts, hit.end)
                if (k == 0 or chosen[k - 1].end <= hit.start) and (k == len(chosen) or chosen[k].start >= hit.end):
                    chosen.insert(k, hit)
                    starts.insert(k, hit.start)
        return [h for h in chosen if h.entry.kind != "BLOCK"]

    def _plausible(self, entry: Entry, view: TextView, start: int, end: int) -> bool:
        """Reject state names and capitals that are part of a personal or place name, and datelines."""
        text = view.text
        if entry.kind == "CAPITAL" and self._in_name(text, start, end, after_too=False):
            return False
        if entry.kind == "COUNTRY" and self._dateline(view, start, end, after_city=True):
            return False  # "Raqa, Suriah (ANTARA News) -": where, not who
        return not (entry.kind == "CAPITAL" and self._dateline(view, start, end))

    def _in_name(self, text: str, start: int, end: int, after_too: bool) -> bool:
        """Whether the word at [start, end) is part of a longer proper name: an unknown capitalised
        word stands right before it (or, with ``after_too``, right after it)."""
        before = _word_before(text, start)
        if (before and before[0].isupper() and not before.isupper() and before not in self.openers
                and before not in self.not_name and not self.kb.lookup(before)
                and not _clause_initial(text, len(text[:start].rstrip(' ')) - len(before))):
            return True
        after = _word_after(text, end) if after_too else ""
        return bool(after) and after[0].isupper() and not self.kb.lookup(after)

    @staticmethod
    def _credit(view: TextView, start: int, end: int) -> bool:
        """A news outlet credited at the head of a line, before a dash ("Suara.com - Diluncurkan")."""
        o_start, o_end = view.span(start, end)
        original = view.original
        line_start = original.rfind("\n", 0, o_start) + 1
        return o_start - line_start <= 40 and re.match(r"\)?\s*[-–—]", original[o_end:o_end + 4]) is not None

    @staticmethod
    def _dateline(view: TextView, start: int, end: int, after_city: bool = False) -> bool:
        """A place opening a line and followed by a comma or dash ("Jakarta, CNN Indonesia --"); with
        ``after_city``, the state after the city of a dateline ("Raqa, Suriah (ANTARA News) -")."""
        o_start, o_end = view.span(start, end)
        original = view.original
        before = original[original.rfind("\n", 0, o_start) + 1:o_start]
        follows = original[o_end:o_end + 3]
        if after_city:
            return _DATELINE_CITY.fullmatch(before) is not None and re.match(r"\s*(?:\(|[,–—-])", follows) is not None
        return not before.strip() and re.match(r"\s*[,–—-]", follows) is not None

    # --- step 2: composition -------------------------------------------------------------------
    def _compose(self, view: TextView, hits: list[Hit], date: str | None, english: bool = False) -> list[Draft]:
        text = view.text
        drafts: list[Draft] = []
        i, n = 0, len(hits)
        hit_starts = [h.start for h in hits]

        while i < n:
            first = i
            former = False
            while hits[i].entry.kind == "MOD" and i + 1 < n and text[hits[i].end:hits[i + 1].start] == " ":
                former = former or hits[i].entry.sector == "ELI"
                i += 1
            coref = self._marker_before(text, hits[i].start)
            hit = hits[i]
            kind = hit.entry.kind
            if kind in ("MOD", "BLOCK"):
                i += 1
                continue
            if kind == "ROLE":
                i = self._compose_role(view, hits, i, hit_starts, date, former, coref,
                                       hits[first].start, drafts)
                continue
            if kind == "PERSON":
                drafts.append(self._person_draft(hits[first].start, hit.end, hit.entry.ref, date, None, former))
                i += 1
                continue
            if kind == "COUNTRY" and hit.entry.person_name and self._in_name(text, hit.start, hit.end, True):
                i += 1  # "Pangeran Turki bin Faisal", "Michael Jordan": a person, not the state
                continue
            body = self._body_draft(view, hit, hits, i, hit_starts, date)
            if body.actor is not None and body.actor.sector == "JRN" and self._credit(view, body.start, body.end):
                body.hidden = True  # "Surabaya (Warta Kota) -": the outlet credited in the dateline
            k = i + 1
            while k < n and hits[k].start < body.end:
                k += 1
            if (english and body.actor is not None and k < n and hits[k].entry.kind == "ROLE"
                    and text[body.end:hits[k].start] == " "):
                # English order: "Russian Foreign Minister Sergei Lavrov", "U.S. troops"
                kind = "GROUP" if body.type == "GROUP" else hit.entry.kind
                i = self._compose_role(view, hits, k, hit_starts, date, former, False,
                                       hits[first].start, drafts, prefix_body=(body.actor, kind))
                continue
            drafts.append(body)
            end = drafts[-1].end
            i += 1
            while i < n and hits[i].start < end:
                i += 1
        return drafts

    def _marker_before(self, text: str, start: int) -> bool:
        before = _word_before(text, start)
        return bool(before) and before.lower() in self.kb.coref_markers

    def _body_draft(self, view: TextView, hit: Hit, hits: list[Hit], i: int, hit_starts: list[int],
                    date: str | None) -> Draft:
        entry = hit.entry
        if entry.kind == "ORG":
            org: Org = entry.ref
            end = hit.end
            name = org.name
            if org.takes_name:
                end = self._take_name(view.text, hit.end, hits, hit_starts, absorb_places=True)
                if end > hit.end:
                    name = view.text[hit.start:end]
            actor = org.actor(date, name)
            if org.attachable and i + 1 < len(hits) and hits[i + 1].start == end + 1 and view.text[end] == " ":
                nxt = hits[i + 1].entry
                if nxt.kind == "COUNTRY" and nxt.code:
                    actor = replace(actor, code=nxt.code)
                    end = hits[i + 1].end
            return Draft(hit.start, end, org.type, actor, "kb")
        if entry.kind == "METONYM":
            return Draft(hit.start, hit.end, "ORG", Actor(entry.code, entry.sector, entry.name), "kb")
        if entry.kind == "CAPITAL":
            return Draft(hit.start, hit.end, "COUNTRY", Actor(entry.code, entry.sector, ""), "kb")
        if entry.kind == "PLACE":
            return Draft(hit.start, hit.end, "PLACE", None, "kb")
        return Draft(hit.start, hit.end, "COUNTRY", Actor(entry.code, "", ""), "kb")

    def _compose_role(self, view: TextView, hits: list[Hit], i: int, hit_starts: list[int],
                      date: str | None, former: bool,
                      coref: bool, start: int, drafts: list[Draft],
                      prefix_body: tuple[Actor, str] | None = None) -> int:
        """Compose ``[mantan] role+ [body|state] [untuk state] [,] [name]`` from hits[i]; return next i."""
        text = view.text
        n = len(hits)
        chain: list[Hit] = [hits[i]]
        j = i + 1
        while j < n and hits[j].entry.kind in ("ROLE", "MOD") and text[chain[-1].end:hits[j].start] == " ":
            if hits[j].entry.kind == "MOD":
                former = former or hits[j].entry.sector == "ELI"
            else:
                chain.append(hits[j])
            j += 1
        roles: list[Role] = [h.entry.ref for h in chain]
        end = chain[-1].end
        head = text[chain[0].start:end]
        named = False
        if roles[-1].takes_name and not any(r.person for r in roles):
            named_end = self._take_name(text, end, hits, hit_starts, absorb_places=True)
            h = bisect.bisect_left(hit_starts, end + 1)
            if (h < n and hits[h].start == end + 1 and hits[h].end == named_end
                    and hits[h].entry.kind in ("COUNTRY", "CAPITAL")):
                named_end = end  # "bank China": the state qualifies the body, it is not its name
            if named_end > end:
                end, named = named_end, True
                while j < n and hits[j].start < end:
                    j += 1
        is_person = any(r.person for r in roles)
        body: Actor | None = None
        body_kind = ""
        if j < n and hits[j].start == end + 1 and text[end] == " " and hits[j].entry.kind == "PLACE":
            # "Gubernur Jambi", "Bupati Bandung Barat (KBB)": the place qualifies the office.
            end = hits[j].end
            j += 1
            abbrev = re.match(r" \([A-Z][\w.-]*\)", text[end:end + 20])
            if abbrev:
                end += abbrev.end()
            body, body_kind = Actor(hits[j - 1].entry.code, "", ""), "PLACE"
        elif j < n and hits[j].entry.kind in ("COUNTRY", "CAPITAL", "METONYM", "ORG") and (
                hits[j].start == end + 1 and text[end] == " "
                or not is_person and self._origin_between(text[end:hits[j].start])):
            body_hit = hits[j]
            body_draft = self._body_draft(view, body_hit, hits, j, hit_starts, date)
            body, body_kind = body_draft.actor, ("GROUP" if body_draft.type == "GROUP" else body_hit.entry.kind)
            end = body_draft.end
            j += 1
            while j < n and hits[j].start < end:
                j += 1
        if body is None and prefix_body is not None:
            body, body_kind = prefix_body
        if body is not None:
            abbrev = re.match(r" \([A-Z][\w.-]{0,7}\)", text[end:end + 12])  # "Amerika Serikat (AS)"
            if abbrev:
                end += abbrev.end()
                while j < n and hits[j].start < end:
                    j += 1
        if body is not None and any(r.posting for r in roles) and j < n and (
                hits[j].entry.kind in ("COUNTRY", "CAPITAL")
                or hits[j].entry.kind == "ORG" and hits[j].entry.code in INTERNATIONAL_POSTS):
            # "Dubes AS untuk Indonesia", "Duta Besar Korut untuk PBB": the post is where the envoy serves
            between = text[end:hits[j].start].strip().lower()
            if between in self.posting_preps:
                end = hits[j].end
                j += 1
        if body is not None and any(r.person for r in roles):
            # a rank or second title before the name: "Kepala Staf Angkatan Darat AS Jenderal Miller"
            while (j < n and hits[j].entry.kind == "ROLE" and hits[j].entry.ref.person
                   and hits[j].start == end + 1 and text[end] == " "):
                end = hits[j].end
                j += 1
        # The last role noun with a sector decides: "aparat militer" is MIL, "pemimpin oposisi" OPP.
        role_sector = next((r.sector for r in reversed(roles) if r.sector is not None), None)
        role_id = roles[0].id if roles[0].sector or len(roles) == 1 else roles[-1].id
        actor: Actor | None = None
        needs_state = False
        if body is not None:
            if body_kind == "ORG" and body.sector:
                sector = body.sector
            elif role_sector is not None:
                sector = role_sector
            else:
                sector = body.sector
            keep = any(r.keep_name for r in roles) or body_kind == "PLACE"
            name = text[chain[0].start:end] if keep and body.code not in NON_STATE else ""
            if body_kind in ("ORG", "METONYM") and not keep:
                name = text[chain[0].start:end] if is_person else body.name
            actor = Actor(body.code, "ELI" if former else sector, name)
        elif (role_sector is not None or is_person) and (named or not all(r.attached_only for r in roles)):
            needs_state = True
            keep = any(r.keep_name for r in roles) or named
            actor = Actor("", "ELI" if former else (role_sector or ""), text[chain[0].start:end] if keep else "")
        hint = (actor.code, actor.sector) if actor is not None and actor.code else None
        role_ids = {r.id for r in roles}
        if is_person:
            if body is None:
                end = self._absorb_abbreviation(text, chain[0].start, end, hits, hit_starts)
            person_draft, j = self._titled_person(view, hits, j, hit_starts, start, end, head,
                                                  roles, role_sector, actor, body is None, hint, former, date)
            if person_draft is not None:
                drafts.append(person_draft)
                return j
        if actor is None:
            return j
        main_role = next((r for r in roles if r.id == role_id), roles[0])
        drafts.append(Draft(start, end, "ROLE", actor, "role", head=head, role=main_role, needs_state=needs_state,
                            coref=coref and is_person, former=former, hint=hint, extra_role_ids=role_ids))
        if not is_person and body_kind in ("COUNTRY", "CAPITAL"):
            # "militer AS dan Korea Selatan": the role noun governs the coordinated states too
            while j < n and hits[j].entry.kind == "COUNTRY" and self.coordination_re.fullmatch(text[end:hits[j].start]):
                end = hits[j].end
                drafts.append(Draft(hits[j].start, end, "ROLE", replace(actor, code=hits[j].entry.code), "role",
                                    head=head, role=main_role, former=former, extra_role_ids=role_ids,
                                    hint=(hits[j].entry.code, actor.sector)))
                j += 1
        return j

    def _origin_between(self, between: str) -> bool:
        """ " dari " between a group's role noun and a state: "delegasi dari Australia" is Australia's."""
        words = between.split()
        return between[:1] == " " and between[-1:] == " " and len(words) == 1 and words[0].lower() in self.origin_preps

    def _absorb_abbreviation(self, text: str, role_start: int, end: int, hits: list[Hit],
                             hit_starts: list[int]) -> int:
        """ "Menteri ESDM Ignasius Jonan": an unknown capitals abbreviation after a title names the
        office's body; it belongs to the title, not to the person's name."""
        m = re.match(r" ([A-Z][A-Z0-9]{1,5})(?=[ ,])", text[end:end + 8])
        if not m or text[role_start:end].isupper():
            return end
        h = bisect.bisect_left(hit_starts, end + 1)
        if h < len(hits) and hits[h].start == end + 1:
            return end
        return end + m.end()

    def _titled_person(self, view: TextView, hits: list[Hit], j: int, hit_starts: list[int],
                       start: int, end: int, head: str,
                       roles: list[Role], role_sector: str | None, actor: Actor | None, bare_title: bool,
                       hint: tuple[str, str] | None, former: bool, date: str | None) -> tuple[Draft | None, int]:
        """The person named right after a title, if any: (draft, next hit index)."""
        text = view.text
        n = len(hits)
        role_ids = {r.id for r in roles}
        if _word_before(text, start) in self.body_heads:
            return None, j  # "Sekretariat Presiden, Jokowi dan ...": the title is part of a body's name
        if j < n and hits[j].entry.kind == "PERSON" and text[end:hits[j].start] in _NAME_GAPS:
            draft = self._person_draft(start, hits[j].end, hits[j].entry.ref, date, hint, former)
            draft.head, draft.extra_role_ids = head, role_ids
            return draft, j + 1
        name_start = end + (2 if text[end:end + 2] == ", " else 1 if text[end:end + 1] == " " else 0)
        if name_start == end:
            return None, j
        name_end = self._take_person_name(text, name_start, hits, hit_starts)
        if name_end > name_start and bare_title:
            # "Kuasa hukum Budi, Rina Wulandari": the first run names a body or a client; the
            # person is a full name (two words or more) right after it.
            after = re.match(r", | \([A-Z][\w.-]*\) ", text[name_end:name_end + 20])
            if after:
                second = name_end + after.end()
                second_end = self._take_person_name(text, second, hits, hit_starts)
                if second_end > second and " " in text[second:second_end]:
                    name_start, name_end = second, second_end
        if name_end == name_start:
            return None, j
        name = text[name_start:name_end]
        if any(token.rstrip(".,") in self.org_words for token in name.split()):
            return None, j  # "Kepala Bidang Humas": a body, not a person
        while j < n and hits[j].start < name_end:
            j += 1
        known = self._titled_short_name(name, role_ids, hint, date)
        if known is not None:
            draft = self._person_draft(start, name_end, known, date, hint, former)
            draft.head, draft.extra_role_ids = head, role_ids
            return draft, j
        needs_state = actor is None or not actor.code
        if actor is None:
            actor = Actor("", "ELI" if former else (role_sector or ""), "")
        return Draft(start, name_end, "PERSON", replace(actor, name=name), "title", head=head, role=roles[0],
                     needs_state=needs_state, former=former, hint=hint, extra_role_ids=role_ids), j

    def _titled_short_name(self, name: str, role_ids: set[str], hint: tuple[str, str] | None,
                           date: str | None) -> Person | None:
        """A known person named by a short form after a title they held ("Menlu Retno")."""
        candidates = [p for p in self.kb.short_forms.get(name, ()) if p.role_ids & role_ids
                      and (hint is None or any(r.code == hint[0] for r in p.roles))]
        if len(candidates) > 1 and date:
            candidates = [p for p in candidates if not p.office(date, hint)[1]]
        return candidates[0] if len(candidates) == 1 else None

    def _person_draft(self, start: int, end: int, person: Person, date: str | None,
                      hint: tuple[str, str] | None, former: bool) -> Draft:
        actor = person.actor(date, hint) or Actor("", "", person.name)
        if hint and not actor.sector and actor.code == hint[0]:
            actor = replace(actor, sector=hint[1])  # not yet in office by our data, but the title says so
        if hint and not date and actor.code and actor.code != hint[0]:
            actor = replace(actor, code=hint[0], sector=hint[1])
        if former:
            actor = replace(actor, sector="ELI")
        return Draft(start, end, "PERSON", actor, "kb", person=person, former=former, hint=hint)

    def _take_name(self, text: str, pos: int, hits: list[Hit], hit_starts: list[int], absorb_places: bool) -> int:
        """End of the capitalised words (a body's proper name) that follow ``pos`` after one space."""
        end = pos
        count = 0
        while count < 6 and text[end:end + 1] == " ":
            m = _WORD.match(text, end + 1)
            if m is None:
                break
            ws, we = m.span()
            word = text[ws:we].rstrip(".")
            h = bisect.bisect_left(hit_starts, ws)
            if h < len(hits) and hits[h].start == ws:
                kind = hits[h].entry.kind
                role = hits[h].entry.ref if kind == "ROLE" else None
                if absorb_places and (kind in ("CAPITAL", "COUNTRY", "PLACE") or (
                        role is not None and not role.keep_name and not role.person and text[ws:ws + 1].isupper())):
                    end = hits[h].end
                    count += 1
                    continue
                break
            if word[:1].isupper() or word[:1].isdigit():
                if word in self.not_name:
                    break
                end = ws + len(word)
            elif word.lower() in self.connectors and text[we:we + 1] == " " and text[we + 1:we + 2].isupper():
                end = we  # tentatively; dropped below if nothing capitalised follows
            else:
                break
            count += 1
        # never end on a connector ("Kementerian Hukum dan")
        while end > pos and text[end - 1].islower():
            cut = text.rfind(" ", pos, end)
            if cut <= pos or text[cut + 1:end].lower() not in self.connectors:
                break
            end = cut
        return end

    def _take_person_name(self, text: str, pos: int, hits: list[Hit], hit_starts: list[int]) -> int:
        """End of a personal name (capitalised words, particles inside) starting at ``pos``; else pos."""
        end = last_cap_end = pos
        count = 0
        cur = pos
        while count < 5:
            m = _WORD.match(text, cur)
            if m is None:
                break
            ws, we = m.span()
            h = bisect.bisect_left(hit_starts, ws)
            if h < len(hits) and hits[h].start == ws:
                break
            word = text[ws:we]
            bare = word.rstrip(".") if len(word.rstrip(".")) > 2 else word
            if count == 0 and ws == pos and word.lower().rstrip(".") in self.honorifics:
                pass
            elif bare[:1].isupper():
                if bare in self.not_name:
                    break
                last_cap_end = ws + len(bare)
                count += 1
            elif bare.lower().rstrip("-") in self.particles and count > 0:
                count += 1
            else:
                break
            end = ws + len(bare)
            if bare != word or text[end:end + 1] != " ":  # a final period or punctuation ends the name
                break
            cur = end + 1
        return last_cap_end if last_cap_end > pos else pos

    # --- step 3: states for unattached roles ---------------------------------------------------
    @staticmethod
    def _default_state(drafts: list[Draft], lang: str) -> str:
        """The state a role with no state belongs to (documented in docs/actors.md)."""
        counts = Counter(d.actor.code for d in drafts if d.actor is not None and d.type != "GROUP" and not d.hidden
                         and d.actor.code and d.actor.code not in NON_STATE)
        home = "IDN" if lang in ("", "id") else ""
        if not counts:
            return home
        top, top_count = counts.most_common(1)[0]
        if not home or (top != home and top_count >= 2 and top_count > counts.get(home, 0)):
            return top
        return home

    def _fill_states(self, drafts: list[Draft], default_state: str, home_state: str,
                     sent_of: Callable[[int], int], date: str | None) -> None:
        """Give unattached roles a state; a named person with a bare title ("Deputi X") is taken
        to be from the home state of the article's language, other roles from the default state."""
        persons: list[Draft] = []
        for d in drafts:
            if d.needs_state and d.actor is not None:
                code = ""
                if d.type == "ROLE" and d.coref or (d.type == "ROLE" and d.role is not None and d.role.person):
                    antecedent = self._role_antecedent(d, persons, sent_of)
                    if antecedent is not None and antecedent.actor is not None:
                        d.actor = replace(antecedent.actor)
                        d.type, d.source = "PERSON", "coref"
                        d.needs_state = False
                        continue
                if d.type == "ROLE" and d.actor.sector == "" and d.role is not None and d.role.sector is None:
                    d.actor = None  # "kepala", "anggota" alone: no state, no sector, nobody to point to
                    continue
                if d.role is not None and d.role.default_country:
                    code = d.role.default_country
                elif d.role is not None and d.role.keep_name:
                    # a state named shortly before by a government role or body, else the state of the same
                    # body named elsewhere in the document ("Kedutaan Besar AS ... pihak kedutaan")
                    code = (self._state_before(d, drafts, sent_of, ("ROLE", "ORG"), _CONTEXT_REACH)
                            or self._same_body(d, drafts))
                elif d.type == "PERSON" and d.source == "title":
                    code = home_state
                else:
                    # "... menuju Bangladesh, tapi pemerintah menolak": the state just named in the sentence,
                    # by itself or with a role ("Pemerintah Thailand membantah bahwa tentara ...")
                    code = self._state_before(d, drafts, sent_of, ("COUNTRY", "ROLE"))
                d.actor = replace(d.actor, code=code or default_state)
                d.needs_state = False
                if not d.actor.code:
                    d.actor = None
            if d.type == "ROLE" and d.actor is not None:
                self._office_holder(d, date)
            if d.type == "PERSON" and d.actor is not None:
                persons.append(d)

    def _office_holder(self, d: Draft, date: str | None) -> None:
        """ "Presiden Rusia" with no name: the person who held that single office on the date."""
        role = d.role
        if role is None or not role.office or d.former or d.extra_role_ids != {role.id} or d.actor is None:
            return
        person = self.kb.office_holder(d.actor.code, role.id, role.sector or "", date)
        if person is None:
            return
        actor = person.actor(date, (d.actor.code, role.sector or ""))
        if actor is not None:
            d.actor, d.person, d.type = actor, person, "PERSON"

    def _role_antecedent(self, d: Draft, persons: list[Draft], sent_of: Callable[[int], int]) -> Draft | None:
        wanted = d.extra_role_ids
        here = sent_of(d.start)
        for p in reversed(persons):
            if here - sent_of(p.start) > _ROLE_COREF_SENTENCES:
                break
            ids = set(p.extra_role_ids)
            if p.person is not None:
                ids |= p.person.role_ids
            # a generic role noun ("menteri") also names a specific office ("menteri luar negeri")
            if ids & wanted or any(i.startswith(w + " ") for i in ids for w in wanted):
                return p
        return None

    @staticmethod
    def _same_body(d: Draft, drafts: list[Draft]) -> str:
        """The state of the nearest body of this kind named with its state in the document: the last one before
        ``d``, else the first one after it ("pihak kedutaan siap ... pihak kedutaan AS juga")."""
        same = [o for o in drafts if o is not d and o.role is not None and d.role is not None and o.role.id == d.role.id
                and o.hint is not None and o.actor is not None and o.actor.code and o.actor.code not in NON_STATE]
        before = [o for o in same if o.start < d.start]
        chosen = before[-1] if before else next((o for o in same if o.start > d.start), None)
        return chosen.actor.code if chosen is not None and chosen.actor is not None else ""

    @staticmethod
    def _state_before(d: Draft, drafts: list[Draft], sent_of: Callable[[int], int], types: tuple[str, ...],
                      reach: int | None = None) -> str:
        """The last state named before ``d`` in its sentence by a draft of one of ``types`` (within ``reach``);
        a role counts only with its own state ("Pemerintah Thailand"), not one filled in from context."""
        sentence = sent_of(d.start)
        for other in reversed(drafts):
            if other.start >= d.start or other.actor is None or other.hidden:
                continue
            if (reach is not None and d.start - other.end > reach) or sent_of(other.start) != sentence:
                break
            if other.type == "ROLE" and other.hint is None:
                continue
            if other.type in types and other.actor.code and other.actor.code not in NON_STATE:
                return other.actor.code
        return ""

    def _appositions(self, view: TextView, drafts: list[Draft]) -> list[Draft]:
        """ "Budi Santoso, juru bicara Kemlu Jepang, ...": a full name (two or more capitalised
        words) right before a comma and a person's title is that person, with the title's actor."""
        text = view.text
        taken_ends = {d.end for d in drafts}
        added: list[Draft] = []
        for d in drafts:
            if (d.type != "ROLE" or d.actor is None or d.role is None or not d.role.person
                    or text[d.start - 2:d.start] != ", " or (d.start - 2) in taken_ends):
                continue
            tokens = text[max(0, d.start - 60):d.start - 2].split(" ")
            name: list[str] = []
            for token in reversed(tokens):
                bare = token.strip()
                if not bare or not _is_name_word(bare) or bare in self.not_name or self.kb.lookup(bare):
                    break
                name.insert(0, bare)
            if len(name) < 2:
                continue
            start = d.start - 2 - len(" ".join(name))
            added.append(Draft(start, d.start - 2, "PERSON", replace(d.actor, name=" ".join(name)), "title",
                               head=d.head, role=d.role, extra_role_ids=set(d.extra_role_ids)))
        return sorted(drafts + added, key=lambda d: d.start) if added else drafts

    # --- step 4: coreference -------------------------------------------------------------------
    def _short_names(self, view: TextView, drafts: list[Draft]) -> list[Draft]:
        """Later mentions of a named person by part of the name ("Putin", "Kim", "Zeid")."""
        text = view.text
        first_seen: dict[str, tuple[int, Draft]] = {}
        for d in drafts:
            if d.type != "PERSON" or d.actor is None or not d.actor.name:
                continue
            forms: set[str] = set()
            if d.person is not None:
                forms.update(d.person.ambiguous)
            tokens = [t for t in re.split(r"\s+", d.actor.name) if t]
            # Korean and Chinese names put a short family name first: "Ja" after "Ja Song Nam"
            syllabic = len(tokens) == 3 and all(len(t) <= 5 for t in tokens)
            for k, t in enumerate(tokens if len(tokens) > 1 else ()):
                t = t.rstrip(".,")
                shortest = 2 if syllabic and k == 0 else 3
                if len(t) >= shortest and t[0].isupper() and t not in self.not_name and t.lower() not in self.particles:
                    forms.add(t)
            nickname = self.alias_re.match(text, d.end)  # "Budi Santoso alias Ucok"
            if nickname:
                forms.add(nickname.group(1))
            for form in forms:
                first_seen.setdefault(form, (d.end, d))
        if not first_seen:
            return drafts
        for d in drafts:  # "Jenderal Gatot" after "Gatot Nurmantyo": the same person
            if d.source == "title" and d.actor is not None and d.actor.name in first_seen:
                after, source = first_seen[d.actor.name]
                if d.start >= after and source.actor is not None:
                    d.actor, d.person, d.source = replace(source.actor), source.person, "coref"
        taken = sorted((d.start, d.end) for d in drafts)
        taken_starts = [t[0] for t in taken]
        added: list[Draft] = []
        found: list[tuple[int, str]] = []
        for form, (after, _) in first_seen.items():
            at = text.find(form, after)
            while at >= 0:
                end = at + len(form)
                if (at == 0 or not _name_char(text[at - 1])) and (end == len(text) or not _name_char(text[end])):
                    found.append((at, form))
                at = text.find(form, end)
        # a capitalised role word that is also a named person's short name is the person ("Bishop" after
        # "Julie Bishop"), not the role
        role_words = {(d.start, d.end): d for d in drafts if d.type == "ROLE" and d.source == "role"
                      and d.actor is not None and not d.actor.name}
        replaced: set[int] = set()
        for ws, word in sorted(found):
            role_word = role_words.get((ws, ws + len(word)))
            if role_word is not None and text[ws:ws + 1].isupper() and ws > 0 and text[ws - 2:ws] != ". ":
                replaced.add(id(role_word))
            else:
                k = bisect.bisect_right(taken_starts, ws) - 1
                if k >= 0 and taken[k][1] > ws:
                    continue
            # the most recent person before this point that this form names
            source = max((d for d in drafts if d.type == "PERSON" and d.end <= ws and d.actor is not None
                          and _names(d, word)), key=lambda d: d.end, default=first_seen[word][1])
            added.append(Draft(ws, ws + len(word), "PERSON", replace(source.actor), "coref", person=source.person,
                               extra_role_ids=set(source.extra_role_ids)))
        if not added:
            return drafts
        return sorted([d for d in drafts if id(d) not in replaced] + added, key=lambda d: d.start)

    def _pronouns(self, view: TextView, drafts: list[Draft], sent_of: Callable[[int], int]) -> list[Draft]:
        """Pronouns point to the subject-like person: the first person mention earlier in the
        same sentence, else the first one of the nearest earlier sentence that has one."""
        persons = [d for d in drafts if d.actor is not None and (
            d.type == "PERSON" or (d.type == "ROLE" and d.role is not None and d.role.person
                                   and d.actor.sector not in self.group_sectors))]
        if not persons:
            return []
        first_in_sentence: dict[int, Draft] = {}
        # the subject-like person: the first one not inside an oblique phrase ("Dalam suratnya kepada Guterres,
        # Ja menulis"), else the first one
        for p in sorted(persons, key=lambda p: (_word_before(view.text, p.start).lower() in self.oblique_preps,
                                                p.start)):
            first_in_sentence.setdefault(sent_of(p.start), p)
        out: list[Draft] = []
        for m in self.pronoun_re.finditer(view.lower):
            ws, we = m.span()
            low = m.group()
            span = (we - 3, we) if low in self.nya_words and low.endswith("nya") else (ws, we)
            here = sent_of(span[0])
            antecedent = None
            for back in range(_COREF_SENTENCES + 1):
                candidate = first_in_sentence.get(here - back)
                if candidate is not None and candidate.start < span[0]:
                    antecedent = candidate
                    break
            if antecedent is None:
                continue
            draft = Draft(span[0], span[1], "PRONOUN", replace(antecedent.actor), "coref")
            out.append(draft)
            current = first_in_sentence.get(here)
            if current is None or current.start > draft.start:
                first_in_sentence[here] = draft
        return out

    # --- step 5: NER fallback ------------------------------------------------------------------
    def _tag(self, view: TextView, drafts: list[Draft], original: str,
             sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """NER spans (view offsets) of the stretches of text with capitalised words that no
        mention covers (see :meth:`_windows`). A failing tagger gives no spans."""
        if self.ner is None:
            return []
        # names read after a title count as unknown: the tagger may find where the name starts
        taken = sorted(view.span(d.start, d.end) for d in drafts if d.source != "title")
        starts = [t[0] for t in taken]
        inverse = _inverse_map(view)
        windows = [w for s_start, s_end in sentences or [(0, len(original))]
                   for w in self._windows(original, s_start, s_end, taken, starts)]
        if not windows:
            return []
        # one call per document: the windows, one per line, are tagged together (a line break ends a
        # sentence for the tagger)
        joined_starts: list[int] = []
        pos = 0
        for w_start, w_end in windows:
            joined_starts.append(pos)
            pos += w_end - w_start + 1
        joined = "\n".join(original[w_start:w_end] for w_start, w_end in windows)
        spans: list[tuple[int, int, str]] = []
        try:
            for a, b, label in self.ner(joined):
                k = bisect.bisect_right(joined_starts, a) - 1
                w_start, w_end = windows[k]
                offset = w_start - joined_starts[k]
                if b > a and b + offset <= w_end:
                    spans.append((inverse(a + offset), inverse(b + offset - 1) + 1, label))
        except Exception:  # a broken optional model must not stop the stage
            return []
        return spans

    def _windows(self, text: str, start: int, end: int, taken: list[tuple[int, int]],
                 starts: list[int]) -> list[tuple[int, int]]:
        """Stretches of one sentence worth tagging: each run of capitalised words that no mention
        covers (a lone word opening the sentence, dates and openers excepted), with
        ``_NER_CONTEXT`` words either side. Tagging these instead of whole sentences keeps the
        tagger's cost down."""
        runs: list[list[int]] = []
        for m in _CAPITALISED.finditer(text, start, end):
            ws, we = m.span()
            t = bisect.bisect_right(starts, ws) - 1
            if (t >= 0 and taken[t][1] > ws) or m.group().rstrip(".") in self.not_name:
                continue
            if runs and text[runs[-1][1]:ws] == " ":
                runs[-1][1] = we
            else:
                runs.append([ws, we])
        windows: list[tuple[int, int]] = []
        for rs, re_ in runs:
            if rs == start and " " not in text[rs:re_]:
                continue  # a lone capitalised word opening the sentence
            before = [w.start() for w in _WORD.finditer(text, max(start, rs - 60), rs)]
            after = [w.end() for w in _WORD.finditer(text, re_, min(end, re_ + 60))]
            lo = before[-_NER_CONTEXT] if len(before) >= _NER_CONTEXT else (before[0] if before else rs)
            hi = after[_NER_CONTEXT - 1] if len(after) >= _NER_CONTEXT else (after[-1] if after else re_)
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
            else:
                windows.append((lo, hi))
        return windows

    @staticmethod
    def _add_tagged(view: TextView, drafts: list[Draft], spans: list[tuple[int, int, str]]) -> list[Draft]:
        """Tagged PER/ORG spans that no mention overlaps become unresolved mentions, except a
        person in apposition to a title ("Zeid, Kepala Dewan HAM PBB,"), who takes its actor."""
        taken = sorted((d.start, d.end) for d in drafts)
        starts = [t[0] for t in taken]
        added: list[Draft] = []
        for start, end, label in spans:
            if label not in ("PER", "ORG"):
                continue
            k = bisect.bisect_right(starts, end - 1) - 1
            if k >= 0 and taken[k][1] > start:
                continue
            added.append(Draft(start, end, "PERSON" if label == "PER" else "ORG", None, "ner"))
        if not added:
            return drafts
        merged = sorted(drafts + added, key=lambda d: d.start)
        for d, nxt in zip(merged, merged[1:], strict=False):
            if (d.source == "ner" and d.type == "PERSON" and nxt.type == "ROLE" and nxt.actor is not None
                    and nxt.role is not None and nxt.role.person and view.text[d.end:nxt.start] == ", "):
                d.actor = replace(nxt.actor, name=view.text[d.start:d.end])
                d.head = nxt.head
        return merged

    @staticmethod
    def _refine_titled_names(view: TextView, drafts: list[Draft], spans: list[tuple[int, int, str]]) -> None:
        """A name read after a title may have swallowed part of the office ("Deputi Ketahanan
        Pangan Budi Santoso"): a tagged person ending where the name ends is the better name."""
        ends = {e: s for s, e, label in spans if label == "PER"}
        if not ends:
            return
        for d in drafts:
            if d.source != "title" or d.actor is None or not d.actor.name:
                continue
            name_start = d.end - len(d.actor.name)
            tagged_start = ends.get(d.end)
            if tagged_start is not None and name_start < tagged_start < d.end:
                d.actor = replace(d.actor, name=view.text[tagged_start:d.end])

    # --- output --------------------------------------------------------------------------------
    @staticmethod
    def _to_mention(view: TextView, d: Draft, sent_of: Callable[[int], int]) -> Mention:
        start, end = view.span(d.start, d.end)
        return Mention(start=start, end=end, text=view.original[start:end], type=d.type, actor=d.actor,
                       sentence=sent_of(d.start), source=d.source, head=d.head)


def _inverse_map(view: TextView) -> Callable[[int], int]:
    """Original offset -> view offset (nearest view char at or after it)."""
    if view.starts is None:
        return lambda pos: pos
    starts = view.starts
    return lambda pos: min(bisect.bisect_left(starts, pos), len(starts) - 1)


def _sentence_index(view: TextView, sentences: Sequence[tuple[int, int]]) -> Callable[[int], int]:
    """View offset -> sentence index (0 when there are no sentences)."""
    if not sentences:
        return lambda pos: 0
    sent_starts = [s for s, _ in sentences]

    def index(pos: int) -> int:
        original = view.span(pos, pos + 1)[0] if pos < len(view.text) else len(view.original)
        return max(0, bisect.bisect_right(sent_starts, original) - 1)

    return index


def _names(d: Draft, form: str) -> bool:
    if d.person is not None and form in d.person.ambiguous:
        return True
    return form in (d.actor.name.split() if d.actor else ())


def _is_name_word(token: str) -> bool:
    """A capitalised word that can be part of a personal name (no digits or inner punctuation)."""
    return token[:1].isupper() and all(c.isalpha() or c in "'’-." for c in token)


def _name_char(char: str) -> bool:
    return char.isalnum() or char in "'’-_"


def _word_before(text: str, start: int) -> str:
    """The word right before ``start`` in the same clause ('' after punctuation or at the start)."""
    end = start
    while end > 0 and text[end - 1] == " ":
        end -= 1
    if end == start or end == 0 or not text[end - 1].isalnum():
        return ""
    begin = end
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "-'’"):
        begin -= 1
    return text[begin:end]


def _clause_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, line or quotation."""
    k = start
    while k > 0 and text[k - 1] == " ":
        k -= 1
    return k == 0 or text[k - 1] in ".!?:;\n\"“‘'(-–—•"


def _word_after(text: str, end: int) -> str:
    if end >= len(text) or text[end] != " ":
        return ""
    begin = end + 1
    stop = begin
    while stop < len(text) and (text[stop].isalnum() or text[stop] in "-'’"):
        stop += 1
    return text[begin:stop]
