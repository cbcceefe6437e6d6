"""Indonesian verb morphology by generation: from a stem, the inflected forms news text uses.

Generating forms from lexicon stems is more precise than stemming running text: "tahan" gives
"menahan", "ditahan", "penahanan" but an entry must ask for the ke-…-an nominal before
"ketahanan" (resilience) would count. Each form carries its voice, which tells the event coder
where the agent and the patient stand:

- ``active``: meN- (with its nasal assimilation), bare stems and -kan/-i; agent is the subject;
- ``passive``: di- (and ter-); patient is the subject, agent after "oleh" or right after the verb;
- ``middle``: ber- (reciprocal with "dengan");
- ``nominal``: -an, peN-…-an, per-…-an, ke-…-an nouns.
"""

from __future__ import annotations

VOWELS = frozenset("aeiou")
ENCLITICS = ("nya", "lah", "kah", "pun")
FINAL_DIPHTHONGS = ("ai", "au", "oi", "ei")

# Affix pattern -> voice. "X" stands for the stem.
PATTERNS: dict[str, str] = {
    "X": "active", "X-kan": "active", "X-i": "active",
    "meN-X": "active", "meN-X-kan": "active", "meN-X-i": "active",
    "memper-X": "active", "memper-X-kan": "active", "memper-X-i": "active",
    "di-X": "passive", "di-X-kan": "passive", "di-X-i": "passive",
    "diper-X": "passive", "diper-X-kan": "passive", "diper-X-i": "passive",
    "ter-X": "passive", "ter-X-kan": "passive",
    "ber-X": "middle", "ber-X-kan": "middle", "ber-X-an": "middle",
    "X-an": "nominal", "peN-X-an": "nominal", "per-X-an": "nominal", "ke-X-an": "nominal", "peN-X": "nominal",
}
DEFAULT_VERB_PATTERNS = ("meN-X", "meN-X-kan", "meN-X-i", "di-X", "di-X-kan", "di-X-i")


def _syllables(stem: str) -> int:
    """Every vowel is a syllable nucleus ("bu-at", "ju-al", "kla-im"), except a word-final diphthong."""
    count = sum(1 for ch in stem if ch in VOWELS)
    return count - 1 if stem.endswith(FINAL_DIPHTHONGS) else count


def nasal_prefix(stem: str, base: str = "me") -> str:
    """meN-/peN- + stem with Indonesian nasal assimilation ("pukul" -> "memukul", "tolak" -> "menolak")."""
    if not stem:
        return base
    first, second = stem[0], stem[1:2]
    vowel_next = second in VOWELS
    if _syllables(stem) == 1:
        return f"{base}nge{stem}"
    if first in VOWELS:
        return f"{base}ng{stem}"
    if first in "bfv":
        return f"{base}m{stem}"
    if first == "p":
        return f"{base}m{stem[1:]}" if vowel_next else f"{base}m{stem}"
    if first in "dcjz":
        return f"{base}n{stem}"
    if first == "t":
        return f"{base}n{stem[1:]}" if vowel_next else f"{base}n{stem}"
    if first == "s":
        return f"{base}ny{stem[1:]}" if vowel_next else f"{base}n{stem}"
    if first == "k":
        return f"{base}ng{stem[1:]}" if vowel_next else f"{base}ng{stem}"
    if first in "gh":
        return f"{base}ng{stem}"
    return f"{base}{stem}"  # l, m, n, r, w, y, ny, ng


def _ber(stem: str) -> str:
    if stem == "ajar":
        return "belajar"
    # be- before r and before a first syllable ending in -er: berunding, beternak, bekerja
    if stem.startswith("r") or (stem[:1] not in VOWELS and stem[1:3] == "er"):
        return "be" + stem
    return "ber" + stem


def inflect(stem: str, pattern: str) -> str:
    """The surface form of ``stem`` in an affix ``pattern`` such as "meN-X-kan"."""
    stem = stem.lower()
    prefix, _, suffix = pattern.partition("X")
    suffix = suffix.lstrip("-")
    prefix = prefix.rstrip("-")
    if prefix == "meN":
        word = nasal_prefix(stem, "me")
    elif prefix == "peN":
        word = nasal_prefix(stem, "pe")
    elif prefix == "ber":
        word = _ber(stem)
    elif prefix:
        word = prefix + stem
    else:
        word = stem
    return word + suffix


def forms(stem: str, patterns: tuple[str, ...] | list[str] = DEFAULT_VERB_PATTERNS) -> dict[str, str]:
    """All surface forms (lower case) of a stem in the given patterns, each with its voice."""
    out: dict[str, str] = {}
    for pattern in patterns:
        if pattern not in PATTERNS:
            raise ValueError(f"unknown affix pattern {pattern!r}; known: {', '.join(PATTERNS)}")
        out.setdefault(inflect(stem, pattern), PATTERNS[pattern])
    return out


def strip_enclitic(word: str) -> str:
    """'kecamannya' -> 'kecaman'; words too short to carry an enclitic are returned unchanged."""
    for clitic in ENCLITICS:
        if word.endswith(clitic) and len(word) - len(clitic) >= 4:
            return word[: -len(clitic)]
    return word


def unreduplicate(word: str) -> str:
    """'tembak-menembak' -> 'menembak'; 'negara-negara' -> 'negara'."""
    if "-" in word:
        left, _, right = word.partition("-")
        if len(left) > 1 and right and (right == left or right.endswith(left[1:]) or left in right):
            return right
    return word


def english_forms(verb: str) -> dict[str, str]:
    """Regular English verb forms (base, -s, -ed, -ing), all active; irregular forms go in the lexicon."""
    v = verb.lower()
    if v.endswith("e"):
        past, ing, third = v + "d", v[:-1] + "ing", v + "s"
    elif v.endswith("y") and len(v) > 2 and v[-2] not in VOWELS:
        past, ing, third = v[:-1] + "ied", v + "ing", v[:-1] + "ies"
    elif v.endswith(("s", "sh", "ch", "x", "z")):
        past, ing, third = v + "ed", v + "ing", v + "es"
    else:
        past, ing, third = v + "ed", v + "ing", v + "s"
    return {v: "active", third: "active", past: "active", ing: "active"}
