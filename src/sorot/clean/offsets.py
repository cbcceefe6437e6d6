"""Offsets between the raw text and the clean text.

The clean text is the raw text with some spans cut out (plus same-length character
substitutions such as a no-break space becoming a space), so a sorted list of cuts is all it
takes to map any clean offset back to the raw text, where RemovedSpan offsets and the audit
trail live. ``OffsetMap.from_doc(doc)`` rebuilds the map from ``doc.removed``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sorot.model import Document


def merge_cuts(cuts: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort cuts and merge the ones that touch or overlap; empty cuts are dropped."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(c for c in cuts if c[1] > c[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def apply_cuts(text: str, cuts: Iterable[tuple[int, int]]) -> str:
    """The text with the given spans removed."""
    parts: list[str] = []
    pos = 0
    for start, end in merge_cuts(cuts):
        parts.append(text[pos:start])
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


class OffsetMap:
    """Maps offsets of a cut text (clean) to the original (raw) and back."""

    def __init__(self, cuts: Iterable[tuple[int, int]]) -> None:
        self.cuts = merge_cuts(cuts)
        self._starts = [start for start, _ in self.cuts]
        self._clean_at: list[int] = []  # clean offset where each cut sits
        self._shift: list[int] = []  # characters removed up to and including each cut
        removed = 0
        for start, end in self.cuts:
            self._clean_at.append(start - removed)
            removed += end - start
            self._shift.append(removed)

    @classmethod
    def from_doc(cls, doc: Document) -> OffsetMap:
        return cls((r.start, r.end) for r in doc.removed)

    def to_raw(self, offset: int, *, end: bool = False) -> int:
        """Raw offset of a clean offset. At a cut, a start maps past the cut and an end before it."""
        i = (bisect_left if end else bisect_right)(self._clean_at, offset)
        return offset + (self._shift[i - 1] if i else 0)

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """A clean span as a raw span; the raw span may contain cuts made inside it."""
        raw_start = self.to_raw(start)
        return raw_start, max(raw_start, self.to_raw(end, end=True))

    def to_clean(self, offset: int) -> int:
        """Clean offset of a raw offset; an offset inside a cut maps to where the cut was."""
        i = bisect_right(self._starts, offset)
        if not i:
            return offset
        start, end = self.cuts[i - 1]
        before = self._shift[i - 2] if i > 1 else 0
        if offset < end:
            return start - before
        return offset - self._shift[i - 1]


class IntervalSet:
    """Disjoint sorted intervals with logarithmic look-ups (cuts of a long page can number thousands)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        if end <= start:
            return
        i = bisect_right(self.starts, start)
        if i and self.ends[i - 1] >= start:
            i -= 1
            start = self.starts[i]
        j = i
        while j < len(self.starts) and self.starts[j] <= end:
            end = max(end, self.ends[j])
            j += 1
        if i < j:
            end = max(end, self.ends[j - 1])
        self.starts[i:j] = [start]
        self.ends[i:j] = [end]

    def covers(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start

    def missing(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of [start, end) not covered."""
        pieces: list[tuple[int, int]] = []
        i = max(0, bisect_right(self.starts, start) - 1)
        pos = start
        while i < len(self.starts) and self.starts[i] < end:
            if self.ends[i] > pos:
                if self.starts[i] > pos:
                    pieces.append((pos, self.starts[i]))
                pos = max(pos, self.ends[i])
            i += 1
        if pos < end:
            pieces.append((pos, end))
        return pieces
