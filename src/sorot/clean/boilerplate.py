"""Page furniture lines ("Baca juga: …", "ADVERTISEMENT", share buttons) to cut from article text.

Only whole lines that match a pattern of ``data/boilerplate.yaml`` are cut, never part of a
line, so the article's own sentences cannot be touched.
"""

from __future__ import annotations

import re

from sorot.clean.lexicon import boilerplate_patterns

_LINE = re.compile(r"[^\n]+")
_MAX_LINE = 300  # a longer line is a paragraph of text, whatever it starts with
_ANY_LENGTH = frozenset({"script"})  # patterns specific enough for lines of any length


class BoilerplateFinder:
    """Whole-line patterns of page furniture, loaded once."""

    def __init__(self, path: str | None = None) -> None:
        self.patterns = boilerplate_patterns(path)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, reason) of boilerplate lines, trimmed of surrounding spaces."""
        found: list[tuple[int, int, str]] = []
        for m in _LINE.finditer(text):
            line = m.group()
            stripped = line.strip()
            if not stripped:
                continue
            for name, pattern in self.patterns:
                if len(stripped) > _MAX_LINE and name not in _ANY_LENGTH:
                    continue
                if pattern.fullmatch(stripped):
                    start = m.start() + line.index(stripped)
                    found.append((start, start + len(stripped), f"boilerplate:{name}"))
                    break
        return found

