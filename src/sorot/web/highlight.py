"""Split article text into plain and marked segments for the templates, which escape every segment.

Highlighting never builds HTML from article text: the text is cut at span offsets and each piece is
rendered by Jinja with autoescaping, so markup inside an article shows as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    classes: str = ""  # space-separated CSS classes of the spans covering this piece
    anchor: str = ""  # an element id for the first piece of a span that asks for one


def segments(text: str, spans: Iterable[tuple[int | None, int | None, str, str]]) -> list[Segment]:
    """Pieces of ``text`` cut at the (start, end, css_class, anchor) spans; missing or bad offsets are ignored."""
    good = [(s, e, c, a) for s, e, c, a in spans if s is not None and e is not None and 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(s for s, *_ in good), *(e for _, e, *_ in good)})
    out: list[Segment] = []
    used: set[str] = set()
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [(c, a, s) for s, e, c, a in good if s <= start and end <= e]
        classes = " ".join(sorted({c for c, _, _ in covering}))
        anchor = next((a for c, a, s in covering if a and s == start and a not in used), "")
        if anchor:
            used.add(anchor)
        out.append(Segment(text[start:end], classes, anchor))
    return out


def find_all(text: str, needle: str, limit: int = 50) -> list[tuple[int, int]]:
    """Case-insensitive occurrences of ``needle`` in ``text`` (for search hits)."""
    if not needle:
        return []
    hay, low = text.lower(), needle.lower()
    found, i = [], hay.find(low)
    while i >= 0 and len(found) < limit:
        found.append((i, i + len(low)))
        i = hay.find(low, i + len(low))
    return found
