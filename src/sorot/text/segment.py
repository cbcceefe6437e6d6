"""Sentence and token segmentation for Indonesian (and English) news text.

Indonesian news needs a few rules a generic splitter misses: titles and addresses end in a
period ("Jl.", "dr.", "No.", "Prof."), thousands use a period ("1.000"), initials ("A. Rahman"),
sentences end inside quotation marks ('... sepenuhnya." kata Zeid'), scraped pages glue sentences
("... di LCS.Sementara itu"), and a sentence ending in
a colon can introduce a bulleted list that belongs to it ("dalam bidang:\n- Perdagangan ...").
Every line break is a paragraph break; offsets always point into the text given.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from sorot.model import Document, Sentence, Token
from sorot.pipeline import register_stage

_CLOSERS = "\"'”’»)]"
# A candidate end: terminal punctuation, optional closing quotes/brackets, then whitespace.
_END = re.compile(
    r"(?:[.!?]+|\.{3}|…)[" + re.escape(_CLOSERS) + r"]*(?=\s)"
    r"|(?<=[A-Za-z]{2})\.(?=[A-Z][a-z]{2})"  # scraped text glues sentences: "di LCS.Sementara itu"
)
_BULLET = re.compile(r"\s*(?:[-–—•*▪●·]|\d{1,2}[.)]|[a-z][.)])\s+")
_TOKEN = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+"  # URLs and e-mail addresses
    r"|\d+(?:[.,:/]\d+)*"  # numbers: 1.000, 2,5, 27/3, 10:30
    r"|\w+(?:[-'’]\w+)*"  # words, hyphenated words and reduplication (negara-negara)
    r"|[^\w\s]",
)


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    text = resources.files("sorot.text").joinpath("data/abbreviations.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _is_boundary(text: str, punct_start: int, next_start: int) -> bool:
    """Decide whether the terminal punctuation at punct_start ends a sentence."""
    if next_start >= len(text):
        return True
    nxt = text[next_start]
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'«([-–—•"):
        return False
    if text[punct_start] != ".":
        return True
    word_start = punct_start
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"“'":
        word_start -= 1
    word = text[word_start:punct_start].lower()
    if not word:
        return True
    if word in abbreviations():
        return False
    # Initials ("A. Rahman", "S.H.") and single letters are not sentence ends.
    return not (len(word) == 1 and word.isalpha() or re.fullmatch(r"(?:\w\.)+\w", word))


def split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] (one line) into sentence spans, trimmed of surrounding spaces."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _END.finditer(text, start, end):
        next_start = m.end()
        while next_start < end and text[next_start].isspace():
            next_start += 1
        if _is_boundary(text, m.start(), next_start if next_start < end else len(text)):
            spans.append((cursor, m.end()))
            cursor = next_start
    if cursor < end:
        spans.append((cursor, end))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a text, with paragraph numbers; bulleted lists join the sentence introducing them."""
    sentences: list[Sentence] = []
    paragraph = -1
    list_open = False  # the last sentence ended with a colon and bullets follow it
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, line_end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if not text[line_start:line_end].strip():
            continue
        is_bullet = bool(_BULLET.match(text, line_start, line_end))
        if list_open and is_bullet and sentences:
            last = sentences[-1]
            s, e = _trim(text, line_start, line_end)
            sentences[-1] = Sentence(last.start, e, text[last.start:e], last.paragraph)
            continue
        list_open = False
        paragraph += 1  # every line is its own paragraph in news text
        for s, e in split_line(text, line_start, line_end):
            sentences.append(Sentence(s, e, text[s:e], paragraph))
        if sentences and sentences[-1].text.endswith(":"):
            list_open = True
    return sentences


def tokenize(text: str, start: int = 0, end: int | None = None, sentence: int = 0) -> list[Token]:
    """Word tokens with offsets into ``text``."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group(), sentence=sentence) for m in _TOKEN.finditer(text, start, end)]


@register_stage("segment")
class Segmenter:
    """Fills ``doc.sentences`` (and ``doc.tokens`` when asked) from the clean text."""

    name = "segment"

    def __init__(self, tokens: bool = False) -> None:
        self.tokens = tokens

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        doc.sentences = split_sentences(text)
        if self.tokens:
            doc.tokens = [t for i, s in enumerate(doc.sentences) for t in tokenize(text, s.start, s.end, i)]
        return doc
