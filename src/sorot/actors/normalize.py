"""A matching view of a text: NFKC, look-alike letters folded, zero-width characters dropped and
whitespace runs collapsed, with a map back to the original offsets.

The matcher searches the view (and its lower-cased copy); every hit is mapped back so that
mentions always point into the text the stage was given. Most news text needs no change, so the
common case costs one regex scan and no per-character work.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Anything that may need rewriting: a non-space whitespace char, a run of 2+ whitespace chars,
# or any non-ASCII character.
_SPECIAL = re.compile(r"\s{2,}|[^\S ]|[^\x00-\x7f]")


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


def make_view(original: str, confusables: dict[str, str]) -> TextView:
    """Build the matching view of ``original``; see the module docstring for what changes."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    changed = False
    for m in _SPECIAL.finditer(original):
        s, e = m.start(), m.end()
        chunk = m.group()
        if chunk.isspace():
            repl = " "
        elif chunk in _ZERO_WIDTH:
            repl = ""
        else:
            repl = confusables.get(chunk) or unicodedata.normalize("NFKC", chunk)
            if repl.isspace():
                repl = " "
            if len(repl.lower()) != len(repl):  # e.g. dotted capital I: keep its base letter
                repl = "".join(c if len(c.lower()) == 1 else unicodedata.normalize("NFD", c)[0] for c in repl)
        if repl == chunk:
            continue
        changed = True
        pieces.append(original[last:s])
        starts.extend(range(last, s))
        ends.extend(range(last + 1, s + 1))
        pieces.append(repl)
        starts.extend([s] * len(repl))
        ends.extend([e] * len(repl))
        last = e
    if not changed:
        lower = original.lower()
        if len(lower) != len(original):  # only reachable for exotic input; keep offsets exact
            lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in original)
        return TextView(original, original, lower, None, None)
    pieces.append(original[last:])
    starts.extend(range(last, len(original)))
    ends.extend(range(last + 1, len(original) + 1))
    text = "".join(pieces)
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return TextView(original, text, lower, starts, ends)
