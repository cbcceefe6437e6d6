"""Character normalisation that keeps offsets: NFC, invisible characters, odd spaces.

Every change is either a same-length substitution (a no-break space becomes a space) or a cut
(a zero-width space is removed), so the normalised text maps back to the raw text through the
list of cuts (see ``sorot.clean.offsets``). NFKC is not applied to the stored text: it would
rewrite legitimate characters (superscripts, ligatures, fullwidth forms in quotes); folding for
matching is done separately by ``fold``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Removed: zero-width and bidirectional marks, soft hyphen, control characters except tab/newline.
_CUT = re.compile(
    "[\u200b-\u200d\u2060-\u2064\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069\u00ad\u180e"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+|\r(?=\n)"
)
_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_NEWLINE = re.compile("\r(?!\n)|[\u2028\u2029]")


@dataclass(slots=True)
class Cut:
    start: int
    end: int
    reason: str


def _cut_reason(chunk: str) -> str:
    if chunk == "\r":
        return "normalise:newline"
    if unicodedata.category(chunk[0]) == "Cc":
        return "normalise:control"
    return "normalise:invisible"


def normalise(raw: str) -> tuple[str, list[Cut]]:
    """Return (text with substitutions applied but nothing cut, cuts to make)."""
    cuts = [Cut(m.start(), m.end(), _cut_reason(m.group())) for m in _CUT.finditer(raw)]
    text = _SPACE.sub(" ", raw)
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = _NEWLINE.sub("\n", text)
    if not unicodedata.is_normalized("NFC", text):
        text, nfc_cuts = _nfc(text)
        cuts = sorted(cuts + nfc_cuts, key=lambda c: c.start)
    return text, cuts


def _nfc(text: str) -> tuple[str, list[Cut]]:
    """Compose base+combining sequences in place: the composed form overwrites the start of the
    sequence and the leftover characters become cuts. Sequences that would grow stay as they are."""
    chars = list(text)
    cuts: list[Cut] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        segment = text[i:j]
        composed = unicodedata.normalize("NFC", segment)
        if composed != segment and len(composed) <= len(segment):
            chars[i:i + len(composed)] = composed
            if len(composed) < len(segment):
                cuts.append(Cut(i + len(composed), j, "normalise:nfc"))
        i = j
    return "".join(chars), cuts


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).lower()
    if len(folded) == 1:
        return folded
    lower = ch.lower()
    return lower if len(lower) == 1 else ch


_ASCII_LOWER = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def fold(text: str) -> str:
    """Lowercase and NFKC-fold each character, keeping the length (for matching only)."""
    if text.isascii():
        return text.lower()
    table = dict(_ASCII_LOWER)
    table.update((ord(ch), _fold_char(ch)) for ch in set(text) if not ch.isascii())
    return text.translate(table)
