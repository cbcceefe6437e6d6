"""A matching view of a text: every whitespace character a plain space, look-alike letters
folded, NFKC applied, zero-width characters dropped and space runs inside a line collapsed, with
a map back to the original offsets.

The matcher searches the view (and its lower-cased copy); every hit is mapped back so that
mentions always point into the text the stage was given. One-to-one replacements (a line break
or no-break space to a space, a Cyrillic "а" to "a") keep offsets as they are, so most news text
needs no offset map at all: it is only built when a character is dropped or expanded.
A paragraph break (two or more line breaks) is kept as several spaces, so nothing matches or
composes across it, while a name broken over one line break still matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WHITESPACE = "\t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
              "\u2028\u2029\u202f\u205f\u3000"
_DROP = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE_RUN = re.compile(" {2,}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def build_table(confusables: dict[str, str]) -> dict[int, str]:
    """The one-to-one translation table: whitespace to a space, look-alikes to Latin letters."""
    table = {ord(c): " " for c in _WHITESPACE}
    table.update({ord(k): v for k, v in confusables.items() if len(k) == 1 and len(v) == 1})
    return table


@dataclass(slots=True)
class TextView:
    """The normalised text, its lower-cased copy, and offsets back into the original."""

    original: str
    text: str
    lower: str
    starts: list[int] | None  # original offset of each view char (None: identity)
    ends: list[int] | None  # original end offset of each view char

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) for the view span [start, end)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _lower(text: str) -> str:
    lower = text.lower()
    if len(lower) != len(text):  # e.g. a dotted capital I: keep offsets exact
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lower


def make_view(original: str, table: dict[int, str]) -> TextView:
    """Build the matching view of ``original``; see the module docstring for what changes."""
    text = original.translate(table)
    edits: list[tuple[int, int, str]] = []
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        for m in _NON_ASCII.finditer(text):
            norm = unicodedata.normalize("NFKC", m.group())
            if norm != m.group():
                edits.append((m.start(), m.end(), norm.translate(table)))
    if not text.isascii():
        edits.extend((m.start(), m.end(), "") for m in _DROP.finditer(text))
    for m in _SPACE_RUN.finditer(text):
        if original.count("\n", m.start(), m.end()) <= 1:
            edits.append((m.start() + 1, m.end(), ""))
    if not edits:
        return TextView(original, text, _lower(text), None, None)
    edits.sort()
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for s, e, repl in edits:
        if s < last:
            continue
        pieces.append(text[last:s])
        starts.extend(range(last, s))
        ends.extend(range(last + 1, s + 1))
        pieces.append(repl)
        starts.extend([s] * len(repl))
        ends.extend([e] * len(repl))
        last = e
    pieces.append(text[last:])
    starts.extend(range(last, len(text)))
    ends.extend(range(last + 1, len(text) + 1))
    view_text = "".join(pieces)
    return TextView(original, view_text, _lower(view_text), starts, ends)
