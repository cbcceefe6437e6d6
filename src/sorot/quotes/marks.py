"""Find quotation-mark spans in news text, tolerant of the marks real pages use.

Scraped Indonesian news mixes straight and curly marks, puts spaces on the wrong side
('sepenuhnya, "kata Zeid'), re-opens a quote in a new paragraph without closing the old one, and
sometimes drops a mark. Direction is therefore read from context (what follows a mark: a cue word or
punctuation closes; a word start after a space opens), and every span is bounded: an unclosed quote
ends with its paragraph unless the next paragraph re-opens it, and never runs past ``max_chars``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_MARKS = '"“”„‟«»″'
OPENING_HINT = "“„«"
CLOSING_HINT = "”»"
SINGLE_OPEN = "‘'‚‛"
SINGLE_CLOSE = "’'"
_INVISIBLE = "\u200b\u200c\u200d\ufeff\xa0 \t"
_DOUBLE = re.compile("[" + re.escape(DOUBLE_MARKS) + "]")
_SINGLE_OPENER = re.compile("[" + re.escape(SINGLE_OPEN) + "]")
_SENTENCE_END = re.compile(r"[.!?…]['’\"”]?\s*$")


@dataclass(slots=True)
class MarkSpan:
    """A quoted stretch: ``start``/``end`` bound the text inside the marks (trimmed)."""

    open: int  # offset of the opening mark, or of the paragraph start when it is missing
    close: int  # offset of the closing mark, or the end of the run when it is unclosed
    start: int
    end: int
    single: bool = False
    closed: bool = True
    nested: bool = False


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line: news paragraphs are lines."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _INVISIBLE:
        start += 1
    while end > start and text[end - 1] in _INVISIBLE:
        end -= 1
    return start, end


class MarkFinder:
    """Pairs quotation marks paragraph by paragraph; ``closes_quote`` recognises attribution cues."""

    def __init__(self, post_cue: re.Pattern[str], max_chars: int = 2500, max_paragraphs: int = 6) -> None:
        self.post_cue = post_cue
        self.max_chars = max_chars
        self.max_paragraphs = max_paragraphs

    def cue_follows(self, text: str, pos: int, limit: int) -> bool:
        """A lower-case attribution cue ('kata', 'ujarnya', 'said') starts after pos."""
        i = pos
        while i < limit and text[i] in _INVISIBLE:
            i += 1
        if i < limit and text[i] == ",":
            i += 1
            while i < limit and text[i] in _INVISIBLE:
                i += 1
        return i < limit and text[i].islower() and bool(self.post_cue.match(text, i, limit))

    def _role(self, text: str, i: int, ps: int, pe: int) -> str:
        """'open', 'close' or '?' for the double mark at i in the paragraph [ps, pe)."""
        after = text[i + 1:pe].lstrip(_INVISIBLE)
        if not after or after[0] in ",.;:)!?" or self.cue_follows(text, i + 1, pe):
            return "close"
        ch = text[i]
        if ch in OPENING_HINT:
            return "open"
        if ch in CLOSING_HINT:
            return "close"
        prev_space = i == ps or text[i - 1] in _INVISIBLE or text[i - 1] in "([{—–-:/"
        next_space = text[i + 1] in _INVISIBLE if i + 1 < pe else True
        if prev_space and not next_space:
            return "open"
        if not prev_space and next_space:
            return "close"
        if not prev_space:
            return "close" if text[i - 1] in ",.!?;" else "?"
        return "open" if after[0].isupper() or after[0].isdigit() else "?"

    def find(self, text: str) -> list[MarkSpan]:
        paras = paragraphs(text)
        spans: list[MarkSpan] = []
        carry: tuple[int, int] | None = None  # (opening mark, paragraphs crossed) of an open quote
        for n, (ps, pe) in enumerate(paras):
            marks = [m.start() for m in _DOUBLE.finditer(text, ps, pe)]
            roles = [self._role(text, i, ps, pe) for i in marks]
            first = _trim(text, ps, pe)[0]
            open_at: int | None = None
            crossed = 0
            k = 0
            if carry is not None:
                if marks and marks[0] == first and roles[0] != "close":
                    open_at, crossed = carry[0], carry[1] + 1
                    k = 1
                else:
                    spans.append(self._span(text, carry[0], paras[n - 1][1], closed=False))
            carry = None
            seg_start = ps
            while k < len(marks):
                i, role = marks[k], roles[k]
                k += 1
                if open_at is None:
                    if role == "close":  # a closing mark with its opening one missing
                        if self.cue_follows(text, i + 1, pe):
                            spans.append(self._span(text, seg_start - 1, i, closed=True, missing_open=True))
                            seg_start = i + 1
                        continue
                    open_at = i
                    continue
                if role == "open" and _SENTENCE_END.search(text, open_at + 1, i):
                    # a new quote re-opened before the old one was closed
                    spans.append(self._span(text, open_at, i, closed=False))
                    open_at = i
                    continue
                spans.append(self._span(text, open_at, i, closed=True))
                seg_start = i + 1
                open_at = None
            if open_at is not None:
                nxt = paras[n + 1] if n + 1 < len(paras) else None
                reopens = False
                if nxt is not None and crossed + 1 < self.max_paragraphs and nxt[1] - open_at < self.max_chars:
                    j = _trim(text, nxt[0], nxt[1])[0]
                    reopens = text[j] in DOUBLE_MARKS and self._role(text, j, nxt[0], nxt[1]) != "close"
                if reopens:
                    carry = (open_at, crossed)
                else:
                    spans.append(self._span(text, open_at, pe, closed=False))
        if carry is not None:
            spans.append(self._span(text, carry[0], paras[-1][1], closed=False))
        spans = [s for s in spans if s.end > s.start]
        spans.extend(self._single(text, paras, spans))
        spans.sort(key=lambda s: s.start)
        return spans

    def _span(self, text: str, open_at: int, close: int, *, closed: bool, missing_open: bool = False) -> MarkSpan:
        start = open_at + 1
        end = min(close, start + self.max_chars)
        start, end = _trim(text, start, end)
        return MarkSpan(open=open_at + 1 if missing_open else open_at, close=close, start=start, end=end,
                        closed=closed)

    def _single(self, text: str, paras: list[tuple[int, int]], doubles: list[MarkSpan]) -> list[MarkSpan]:
        """Single-quoted spans ('…' or ‘…’), never across a paragraph, never apostrophes."""
        out: list[MarkSpan] = []
        for ps, pe in paras:
            resume = ps
            for m in _SINGLE_OPENER.finditer(text, ps, pe):
                i = m.start()
                if i < resume:
                    continue
                prev_ok = i == ps or text[i - 1] in _INVISIBLE or text[i - 1] in "([{\"“"
                nxt = text[i + 1] if i + 1 < pe else ""
                if not (prev_ok and nxt and (
                        nxt.isalnum() or (nxt in _INVISIBLE and i + 2 < pe and text[i + 2].isalnum()))):
                    continue
                j = self._single_close(text, i + 1, min(pe, i + 400))
                if j is None:
                    continue
                start, end = _trim(text, i + 1, j)
                if end > start:
                    nested = any(d.start <= i < d.end for d in doubles)
                    out.append(MarkSpan(open=i, close=j, start=start, end=end, single=True, nested=nested))
                resume = j + 1
        return out

    @staticmethod
    def _single_close(text: str, start: int, limit: int) -> int | None:
        for j in range(start, limit):
            if text[j] in SINGLE_CLOSE:
                before = text[j - 1]
                after = text[j + 1] if j + 1 < limit else ""
                if before.isalnum() and after.isalnum():
                    continue  # an apostrophe inside a word: Ra'ad, People’s
                if not after or after in _INVISIBLE or after in ",.;:!?)\"”":
                    return j
            if text[j] in DOUBLE_MARKS:
                return None
        return None
