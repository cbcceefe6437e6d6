"""Who a speaker span refers to: the actor mention it covers, or an earlier one by coreference.

The actors stage fills ``doc.mentions``; a speaker span ("Menteri Pertahanan Chile Ana Reyes",
"juru bicara Gedung Putih", "dia", "-nya") is resolved to the best actor-bearing mention inside it,
and pronouns and bare role nouns to an earlier compatible speaker or person.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from sorot.model import Document, Mention
from sorot.quotes.lexicon import Lexicon


def speaker_rank(m: Mention) -> int:
    """Preference among the mentions of one speaker phrase: a person first; then organisations,
    countries and offices grounded in a name ("Duta Besar Korut", "Angkatan Laut AS"), leftmost
    first since the head comes first; a bare role noun ("pakar", "Polisi"), whose country the
    actors stage can only guess from context, last."""
    if m.type == "PERSON":
        return 0
    if m.type == "ROLE" and not (m.actor and m.actor.name) and not any(
            w[:1].isupper() for w in m.text.split()[1:]):
        return 2
    return 1


class SpeakerIndex:
    """Mentions of one document, sorted, with lookups by span and by distance backwards."""

    def __init__(self, doc: Document, lex: Lexicon) -> None:
        self.lex = lex
        self.mentions = sorted(doc.mentions, key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.mentions]
        # a mention starting further back than the longest one is long cannot reach a later span
        self.max_length = max((m.end - m.start for m in self.mentions), default=0)

    def usable(self, m: Mention) -> bool:
        """An actor-bearing mention that can speak (not a place, not a wire service)."""
        if m.actor is None or not m.actor.code or m.type == "PLACE":
            return False
        low = m.text.lower().strip()
        return low not in self.lex.relay_sources and m.actor.name.lower() not in self.lex.relay_sources

    def between(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping [start, end): a mention may run past a speaker span's comma
        ("Menteri Pekerjaan Umum dan Perumahan, Budi Santoso")."""
        i = bisect_left(self.starts, start - self.max_length)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end > start:
                out.append(self.mentions[i])
            i += 1
        return out

    def best_in(self, start: int, end: int) -> Mention | None:
        """The preferred actor-bearing mention inside [start, end): by type, then leftmost."""
        found = [m for m in self.between(start, end) if self.usable(m)]
        if not found:
            return None
        return min(found, key=lambda m: (speaker_rank(m), m.start))

    def leftmost_in(self, start: int, end: int) -> Mention | None:
        """The first actor-bearing mention of a region, a person in it first."""
        found = [m for m in self.between(start, end) if self.usable(m)]
        if not found:
            return None
        persons = [m for m in found if m.type == "PERSON"]
        return persons[0] if persons else found[0]

    def previous_person(self, pos: int, floor: int = 0) -> Mention | None:
        i = bisect_left(self.starts, pos) - 1
        while i >= 0 and self.mentions[i].start >= floor:
            m = self.mentions[i]
            if m.type == "PERSON" and self.usable(m) and m.end <= pos:
                return m
            i -= 1
        return None

    def previous_with_role(self, pos: int, role: str) -> Mention | None:
        """The nearest earlier actor-bearing mention whose text or head names the role."""
        i = bisect_left(self.starts, pos) - 1
        while i >= 0:
            m = self.mentions[i]
            if self.usable(m) and m.end <= pos and (role in m.text.lower() or role in m.head.lower()):
                return m
            i -= 1
        return None

    def previous_naming(self, pos: int, name: str) -> Mention | None:
        """The nearest earlier actor-bearing mention whose text holds every word of a bare name
        ("Wibowo" -> "Kabid Humas Polda Bali Kombes Wibowo Hadi Saputra")."""
        words = [re.escape(w) for w in name.split()]
        if not words:
            return None
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")
        i = bisect_left(self.starts, pos) - 1
        while i >= 0:
            m = self.mentions[i]
            if self.usable(m) and m.end <= pos and pattern.search(m.text):
                return m
            i -= 1
        return None

    def pronoun_in(self, start: int, end: int) -> Mention | None:
        for m in self.between(start, end):
            if m.type == "PRONOUN" and m.actor is not None and m.actor.code:
                return m
        return None


def is_pronoun(lex: Lexicon, phrase: str) -> bool:
    words = phrase.lower().split()
    return bool(words) and (words[0] in lex.pronouns or (len(words) == 1 and words[0].endswith("nya")))


def role_noun(lex: Lexicon, phrase: str) -> str:
    """The role noun a speaker phrase consists of ("sang juru bicara" -> "juru bicara"), or ''
    when the phrase also names someone ("Juru bicara Maria Reyes" is no bare role)."""
    words = phrase.split()
    low = " ".join(w.lower() for w in words)
    for role in lex.role_nouns:
        if low == role or low.startswith(role + " ") or low.endswith(" " + role):
            n = len(role.split())
            rest = words[n:] if low.startswith(role) else words[:-n]
            if not any(w[:1].isupper() for w in rest):
                return role
    return ""
