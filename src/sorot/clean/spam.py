"""Detect Indonesian online-gambling SEO spam at token, sentence, line and page level.

The detector works on normalised text and returns spans to cut (``Finding``) plus page flags.
It is rule-based on purpose: the lexicon is data (``data/spam.yaml``), every cut has a reason,
and precision comes before recall, because legitimate news about gambling (raids, blocking,
KUHP Pasal 303) uses the same words as the spam. The rules, in order of evidence:

- brand-shaped tokens (letters joined with digits or a gambling stem: ``vipqiuqiu99``,
  ``dewaqq``, ``slot88.vip``) and obfuscated gambling words (``g4c0r``, ``s.l.o.t``);
- keyword tails and bare anchor lines (a run of gambling keywords after a sentence's final
  punctuation or on a line of its own), and lone word+digits tokens outside any sentence;
- promotional sentences (gambling jargon with a call to action, a trust claim or "you") that
  carry no news frame (police, courts, blocking, reporting verbs);
- page level: ``spam_page`` when most of the text is promotion, ``content_farm`` for
  gambling explainers written to rank (dense jargon, how-to framing, no reporting).

A brand token inside a sentence of a news report about gambling ("memblokir situs Dewa88")
is the subject of the news and is kept; the same token appended after a sentence, or inside an
article that is not about gambling at all, is injected and cut.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from sorot.clean.lexicon import SpamLexicon, spam_lexicon
from sorot.clean.normalise import fold
from sorot.clean.offsets import IntervalSet

_LINE = re.compile(r"[^\n]+")
_STRONG = frozenset({"brand", "promo", "commerce"})
_RUN_KINDS = frozenset({"brand", "promo", "commerce", "gambling", "shaped", "trust"})
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")
_TERMINAL_BEFORE = re.compile(r"[.!?…][\"'”’)\]]? +$")
_TERMINAL = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+|(?<![\w@.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,10}"
                  r"(?:/[^\s<>\"]*)?(?![\w@])")
_BETWEEN = re.compile(r"(?:^|(?<=[.!?…][\"'”’)\]] )|(?<=[.!?…] ))([a-z0-9]+) +(?=[^\W\d_])", re.MULTILINE)
_URL_HINT = re.compile(r"[a-z0-9]\.[a-z]|://")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPACED = re.compile(r"(?<![\w.\-*])(?:[a-z0-9][.\-_*•· ]){3,}[a-z0-9](?![\w])")
_LETTERS_DIGITS = re.compile(r"([a-z]+)(\d+)([a-z]{0,2})")
_DIGITS_LETTERS = re.compile(r"(\d+)([a-z]+)")
_REPEATED = re.compile(r"(\d)\1{2,3}")


@dataclass(slots=True)
class Finding:
    """A span of the (normalised) text to cut, with why."""

    start: int
    end: int
    reason: str
    whole_line: bool = False  # the span is a whole line: its line break goes with it (see line_gaps)


@dataclass
class SpamResult:
    findings: list[Finding] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    terminated: bool = False


class _Hits:
    """Start offsets of one lexicon category's matches, for counting inside any span."""

    def __init__(self, pattern: re.Pattern[str], folded: str) -> None:
        self.matches = [(m.start(), m.end()) for m in pattern.finditer(folded)]
        self.starts = [s for s, _ in self.matches]

    def count(self, start: int, end: int) -> int:
        return bisect_left(self.starts, end) - bisect_left(self.starts, start)

    def inside(self, start: int, end: int) -> list[tuple[int, int]]:
        return self.matches[bisect_left(self.starts, start):bisect_left(self.starts, end)]


class _LazyHits(dict):
    """Lexicon hits per category, matched on first use (most articles never need most of them)."""

    def __init__(self, lexicon: SpamLexicon, folded: str) -> None:
        super().__init__()
        self.lexicon = lexicon
        self.folded = folded

    def __missing__(self, name: str) -> _Hits:
        self[name] = hits = _Hits(getattr(self.lexicon, name), self.folded)
        return hits


class SpamDetector:
    """Finds gambling-spam spans in a text; build once, call ``detect`` per document."""

    def __init__(self, lexicon: SpamLexicon | None = None) -> None:
        self.lex = lexicon or spam_lexicon()
        self._leet = str.maketrans(self.lex.leet)
        # Anchors of words worth classifying: digits, brand-compound stems, non-ASCII letters.
        stems = [re.escape(stem) for stem in sorted(set(self.lex.strong_stems), key=len, reverse=True) if stem]
        self._anchors = re.compile("|".join([r"\d", *stems, r"[^\x00-\x7f]"]))

    # --- tokens -------------------------------------------------------------------------------

    def brand_kind(self, word: str) -> str | None:
        """'brand' for a brand-shaped word, 'obfuscated' for a disguised gambling word, else None.

        ``word`` is folded (lowercase); it must be one token of letters and digits.
        """
        lex = self.lex
        if word in lex.not_brands:
            return None
        m = _LETTERS_DIGITS.fullmatch(word)
        if m:
            letters, digits, rest = m.groups()
            number = digits + rest
            if any(stem in letters for stem in lex.strong_stems):
                return "brand"
            lucky = number in lex.lucky_numbers or bool(len(digits) >= 3 and _REPEATED.fullmatch(digits) and not rest)
            if lucky and any(letters.startswith(stem) for stem in lex.prefix_stems):
                return "brand"
            if len(digits) >= 2 and any(letters.startswith(stem) for stem in lex.gambling_prefix_stems):
                return "brand"
            if number == "4d" and len(letters) >= 3:  # togel's four-digit game
                return "brand"
            if len(digits) >= 2 and any(letters.endswith(s) and len(letters) > len(s) + 1 for s in lex.suffix_stems):
                return "brand"
        m = _DIGITS_LETTERS.fullmatch(word)
        if m and any(stem in m.group(2) for stem in lex.strong_stems):
            return "brand"
        if word.isalpha():
            return "brand" if lex.compounds.fullmatch(word) else None
        if any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word):
            plain = word.translate(self._leet)
            if plain.isalpha() and any(plain == w or (len(plain) > len(w) and plain.startswith(w))
                                       for w in lex.obfuscated_words):
                return "obfuscated"
        return None

    def _tokens(self, text: str, folded: str) -> list[tuple[int, int, str]]:
        """(start, end, kind) of brand-shaped and obfuscated tokens, URLs and domains included."""
        found: list[tuple[int, int, str]] = []
        skip = IntervalSet()
        if "@" in folded:
            for m in _EMAIL.finditer(folded):
                skip.add(m.start(), m.end())
        urls = _URL.finditer(folded) if _URL_HINT.search(folded) else ()
        for m in urls:
            start, end = m.start(), m.end()
            while end > start and folded[end - 1] in ".,;:!?)]\"'”’":
                end -= 1
            if skip.covers(start):
                continue
            skip.add(start, end)
            url = folded[start:end]
            host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url).split("/", 1)[0]
            labels = host.split(".")
            if len(labels) < 2:
                continue
            kinds = {self.brand_kind(label) for label in labels[:-1] if label}
            tld_spam = labels[-1] in self.lex.spam_tlds and any(
                stem in host for stem in self.lex.strong_stems)
            if "brand" in kinds or tld_spam:
                found.append((start, end, "brand"))
        seen = -1
        for anchor in self._anchors.finditer(folded):
            if anchor.start() < seen:
                continue
            start, end = _word_around(folded, anchor.start(), anchor.end())
            seen = end
            if skip.covers(start):
                continue
            if start and folded[start - 1] in "#@":
                continue  # hashtags and handles: news uses them for events and accounts
            word = folded[start:end]
            kind = self.brand_kind(word)
            if not text[start:end].isascii():  # fullwidth or mathematical letters: a disguise
                kind = "obfuscated" if kind else self._disguised(word)
            if kind:
                found.append((start, end, kind))
        for m in _SPACED.finditer(folded):
            joined = re.sub(r"[.\-_*•· ]", "", m.group()).translate(self._leet)
            if any(w in joined for w in self.lex.obfuscated_words if len(w) >= 4):
                found.append((m.start(), m.end(), "obfuscated"))
        return _drop_nested(found)

    def _disguised(self, word: str) -> str | None:
        """Fancy Unicode letters (fullwidth, mathematical) that fold to a gambling word."""
        return "obfuscated" if any(w in word for w in self.lex.obfuscated_words if len(w) >= 4) else None

    # --- text structure -------------------------------------------------------------------------

    def _sentences(self, text: str, folded: str, start: int, end: int) -> list[_Span]:
        spans: list[_Span] = []
        pos = start
        for m in _TERMINAL.finditer(folded, start, end):
            nxt = m.end()
            while nxt < end and text[nxt] == " ":
                nxt += 1
            if nxt < end and not (text[nxt].isupper() or text[nxt].isdigit() or text[nxt] in "\"“‘'«(-–—•"):
                continue
            if m.group().startswith(".") and self._abbreviation(folded, m.start()):
                continue
            spans.append(_Span(pos, m.end(), True))
            pos = nxt
        if pos < end and folded[pos:end].strip():
            spans.append(_Span(pos, end, False))
        return [_trim(text, s) for s in spans]

    def _abbreviation(self, folded: str, dot: int) -> bool:
        word_start = dot
        while word_start > 0 and folded[word_start - 1].isalpha():
            word_start -= 1
        word = folded[word_start:dot]
        return len(word) == 1 or word in self.lex.abbreviations

    # --- detection ------------------------------------------------------------------------------

    def detect(self, text: str) -> SpamResult:
        lex = self.lex
        folded = fold(text)
        hits = _LazyHits(lex, folded)
        tokens = self._tokens(text, folded)
        lines = [_trim(text, _Span(m.start(), m.end())) for m in _LINE.finditer(text)]
        lines = [ln for ln in lines if ln.end > ln.start]
        if not tokens and not any(hits[n].matches for n in ("promo", "commerce", "gambling")):
            return self._detached_only(text, folded, lines)
        token_starts = [t[0] for t in tokens]

        def n_tokens(start: int, end: int) -> int:
            return bisect_left(token_starts, end) - bisect_left(token_starts, start)

        sentences = {(ln.start, ln.end): self._sentences(text, folded, ln.start, ln.end) for ln in lines}
        all_sentences = [s for ss in sentences.values() for s in ss]
        news_sentences = [s for s in all_sentences if hits["news"].count(s.start, s.end)]
        gambling_news = self._about_gambling(folded, all_sentences, hits, tokens)

        def token_reason(span: _Span) -> str:
            kind = tokens[bisect_left(token_starts, span.start)][2]
            return "spam:obfuscated" if kind == "obfuscated" else "spam:brand-token"

        line_starts = [ln.start for ln in lines]

        def line_of(pos: int) -> _Span:
            return lines[bisect_right(line_starts, pos) - 1]

        result = SpamResult()
        taken = IntervalSet()

        def cut(start: int, end: int, reason: str, line: _Span) -> None:
            taken.add(start, end)
            whole = start == line.start and end == line.end
            result.findings.append(Finding(start, end, reason, whole))
            if not whole:
                result.findings.extend(inline_gap(text, start, end))

        promo_sentences = 0
        for line in lines:
            words = _WORD.findall(folded, line.start, line.end)
            # 1. a whole line of keywords (a bare anchor or link-bait line) or a lone brand-shaped name
            if self._detached(folded, line.start, line.end):
                cut(line.start, line.end, "spam:brand-token", line)
                continue
            if self._keyword_run(folded, line.start, line.end, hits, tokens, words, label_ok=True):
                single = len(words) <= 2 and n_tokens(line.start, line.end) == 1
                cut(line.start, line.end, token_reason(line) if single else "spam:link-bait", line)
                continue
            line_sents = sentences[(line.start, line.end)]
            # 2. a keyword tail after the last sentence-final punctuation of the line
            tail = self._tail(text, folded, line)
            if tail is not None:
                tail_words = _WORD.findall(folded, tail.start, tail.end)
                reason = None
                if self._keyword_run(folded, tail.start, tail.end, hits, tokens, tail_words, label_ok=False):
                    single = n_tokens(tail.start, tail.end) == 1 and len(tail_words) <= 2
                    reason = token_reason(tail) if single else "spam:link-bait"
                elif self._detached(folded, tail.start, tail.end):
                    reason = "spam:brand-token"
                if reason:
                    cut(tail.start, tail.end, reason, line)
                    line_sents = [_trim(text, _Span(x.start, min(x.end, tail.start), x.terminated))
                                  for x in line_sents if x.start < tail.start]
            # 3. promotional sentences (a line made only of them goes as a whole)
            promo = [x for x in line_sents
                     if self._promotional(text, folded, x, hits, n_tokens(x.start, x.end), gambling_news, tokens)]
            promo_sentences += len(promo)
            if promo and len(promo) == len(line_sents) and not taken.overlaps(line.start, line.end):
                cut(line.start, line.end, "spam:sentence", line)
                continue
            for sent in promo:
                cut(sent.start, sent.end, "spam:sentence", line)
            if not gambling_news:  # keyword runs spliced into an article's own sentences
                for sent in line_sents:
                    if sent not in promo:
                        for start, end in self._inline_runs(text, folded, sent, hits, tokens):
                            cut(start, end, "spam:link-bait", line)
        # 4. word+digits tokens standing between sentences, then brand tokens inside sentences
        for start, end in self._between_sentences(text, folded):
            if not taken.covers(start):
                cut(start, end, "spam:brand-token", line_of(start))
        for start, end, kind in tokens:
            if taken.covers(start):
                continue
            line = line_of(start)
            sent = next((s for s in sentences[(line.start, line.end)] if s.start <= start < s.end), line)
            if gambling_news and self._named_in_report(folded, sent, start, end, hits):
                continue
            cut(start, end, "spam:obfuscated" if kind == "obfuscated" else "spam:brand-token", line)

        self._page_flags(text, folded, result, hits, all_sentences, news_sentences, promo_sentences)
        return result

    def _about_gambling(self, folded: str, sentences: list[_Span], hits: dict[str, _Hits],
                        tokens: list[tuple[int, int, str]]) -> bool:
        """Whether the text reports on gambling: gambling words (not promotion jargon) or named
        sites in at least two sentences, one of them with a news frame. One spliced-in keyword
        run does not make an article about gambling."""
        jargon = IntervalSet()
        for s, e in hits["promo"].matches:
            jargon.add(s, e)
        topical = [s for s, e in hits["gambling"].matches + hits["commerce"].matches if not jargon.covers(s)]
        named = [s for s, e, _ in tokens
                 if any(w in self.lex.naming for w in _WORD.findall(folded, max(0, s - 30), s)[-2:])]
        starts = sorted(topical + named)
        with_topic = [x for x in sentences if bisect_left(starts, x.end) > bisect_left(starts, x.start)]
        return len(with_topic) >= 2 and any(hits["news"].count(x.start, x.end) for x in with_topic)

    def _detached_only(self, text: str, folded: str, lines: list[_Span]) -> SpamResult:
        """The check left for a text without gambling vocabulary: lone word+digits tokens outside
        any sentence, or on a line of their own (the shape of an injected brand we have no stem for)."""
        result = SpamResult(stats={"spam_share": 0.0})
        for line in lines:
            if self._detached(folded, line.start, line.end):
                result.findings.append(Finding(line.start, line.end, "spam:brand-token", whole_line=True))
        spans = [(t.start, t.end) for t in (self._tail(text, folded, ln) for ln in lines)
                 if t is not None and self._detached(folded, t.start, t.end)]
        for start, end in sorted(set(spans + self._between_sentences(text, folded))):
            result.findings.append(Finding(start, end, "spam:brand-token"))
            result.findings.extend(inline_gap(text, start, end))
        return result

    def _detached(self, folded: str, start: int, end: int) -> bool:
        """folded[start:end] has the shape of a brand token (letters then digits) and is no known name."""
        return bool(self.lex.detached_token.fullmatch(folded, start, end)) and (
            folded[start:end] not in self.lex.not_brands)

    def _between_sentences(self, text: str, folded: str) -> list[tuple[int, int]]:
        """Lowercase word+digits tokens standing between two sentences, or before a paragraph's
        first one: after sentence-final punctuation (or a line start), before a capitalised word."""
        found = []
        for m in _BETWEEN.finditer(folded):
            start, end = m.span(1)
            nxt = m.end()
            if (nxt < len(text) and text[nxt].isupper() and text[start:end].islower()  # Insta360, JKT48 are names
                    and self._detached(folded, start, end)):
                found.append((start, end))
        return found

    def _tail(self, text: str, folded: str, line: _Span) -> _Span | None:
        """The text after the line's last sentence-final punctuation, if it has no ending of its own."""
        last = None
        for m in _TERMINAL.finditer(folded, line.start, line.end):
            last = m
        if last is None or last.end() >= line.end:
            return None
        tail = _trim(text, _Span(last.end(), line.end))
        return tail if tail.end > tail.start else None

    def _marks(self, folded: str, start: int, end: int, hits: dict[str, _Hits],
               tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """(start, end, kind) of each word of folded[start:end]; kind is the strongest lexicon
        category covering the word ("brand", "promo", "commerce", "gambling", "cta", "trust",
        "address", "shaped", "filler", "number") or "" for an ordinary word."""
        covered = [""] * (end - start)
        for name in ("address", "trust", "cta", "gambling", "commerce", "promo"):  # weakest first
            for s, e in hits[name].inside(max(0, start - 40), end):
                for i in range(max(s, start), min(e, end)):
                    covered[i - start] = name
        for s, e, _ in _tokens_in(tokens, start, end):
            for i in range(s, min(e, end)):
                covered[i - start] = "brand"
        marks = []
        for m in _WORD.finditer(folded, start, end):
            word = m.group()
            kind = covered[m.start() - start]
            if not kind:
                if self._detached(word, 0, len(word)):
                    kind = "shaped"
                elif word in self.lex.filler:
                    kind = "filler"
                elif word.isdigit():
                    kind = "number"
            marks.append((m.start(), m.end(), kind))
        return marks

    def _keyword_run(self, folded: str, start: int, end: int, hits: dict[str, _Hits],
                     tokens: list[tuple[int, int, str]], words: list[str], *, label_ok: bool) -> bool:
        """True if folded[start:end] is a short run made of gambling keywords and brand tokens."""
        if not words or len(words) > self.lex.thresholds["link_bait_max_words"]:
            return False
        if hits["news"].count(start, end):
            return False
        body = start
        if label_ok:
            label = self.lex.anchor_label.match(folded, start, end)
            if label:
                body = label.end()
        marks = self._marks(folded, body, end, hits, tokens)
        if not any(kind in _STRONG for _, _, kind in marks):
            return False
        lexical = sum(1 for _, _, kind in marks if kind and kind != "shaped")
        return bool(marks) and lexical / len(marks) >= self.lex.thresholds["link_bait_coverage"]

    def _inline_runs(self, text: str, folded: str, sent: _Span, hits: dict[str, _Hits],
                     tokens: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
        """Keyword runs spliced into a sentence ("… kerja sama slot gacor maxwin di bidang …").

        A run is a stretch of adjacent gambling words. It is cut when it carries a brand (or a
        word+digits name) and another gambling word, when it holds strong promotion jargon
        ("rtp live", "togel hongkong"), or when it is three gambling words with promotion or
        commerce. In a sentence with a news frame only branded runs outside quotations are cut,
        unless the run stands in lowercase right after a sentence's final punctuation (where no
        sentence of the article starts).
        """
        news = hits["news"].count(sent.start, sent.end) > 0
        weak = hits["promo_weak"].matches
        runs: list[list[tuple[int, int, str]]] = [[]]
        for mark in self._marks(folded, sent.start, sent.end, hits, tokens):
            if mark[2] in _RUN_KINDS or (mark[2] in ("filler", "number") and runs[-1]):
                runs[-1].append(mark)
            elif runs[-1]:
                runs.append([])
        found = []
        for run in runs:
            while run and run[-1][2] in ("filler", "number"):
                run.pop()
            if not run:
                continue
            kinds = [k for _, _, k in run]
            gambling_words = sum(1 for k in kinds if k in ("promo", "commerce", "gambling", "brand", "shaped"))
            numbered = any(k != "gambling" and any(c.isdigit() for c in folded[a:b]) for a, b, k in run)
            branded = ("brand" in kinds or "shaped" in kinds or numbered) and gambling_words >= 2
            strong = any(k == "promo" and not any(ws <= a < we for ws, we in weak) for a, _, k in run)
            jargon = gambling_words >= 3 and any(k in ("promo", "commerce") for k in kinds)
            qualifies = branded or (strong and gambling_words >= 2) or jargon
            # lowercase jargon right after a sentence's final punctuation starts no sentence: injected
            detached = run[0][0] == sent.start or _TERMINAL_BEFORE.search(folded, max(0, run[0][0] - 4), run[0][0])
            detached = bool(detached) and text[run[0][0]].islower()
            if news and not detached:  # a reporting sentence may name the jargon ("memberantas situs slot gacor")
                if branded and not _quoted(folded, sent.start, run[0][0]):
                    found.append((run[0][0], run[-1][1]))
            elif qualifies:
                found.append((run[0][0], run[-1][1]))
        return found

    def _promotional(self, text: str, folded: str, sent: _Span, hits: dict[str, _Hits], brands: int,
                     gambling_news: bool, tokens: list[tuple[int, int, str]]) -> bool:
        """A sentence that advertises gambling and does not report on it."""
        s, e = sent.start, sent.end
        if hits["news"].count(s, e):
            return False
        promo = hits["promo"].count(s, e)
        commerce = hits["commerce"].count(s, e)
        if not (brands or promo or commerce):
            return False
        if not gambling_news:
            runs = self._inline_runs(text, folded, sent, hits, tokens)
            outside = [(a, b) for name in ("promo", "commerce") for a, b in hits[name].inside(s, e)]
            outside += [(a, b) for a, b, _ in _tokens_in(tokens, s, e)]
            if runs and all(any(rs <= a < re_ for rs, re_ in runs) for a, _ in outside):
                return False  # the only gambling words are a run spliced into an ordinary sentence
        marks = self._marks(folded, s, e, hits, tokens)
        if not marks or sum(1 for _, _, k in marks if k) / len(marks) < self.lex.thresholds["sentence_coverage"]:
            return False  # mostly ordinary words: an article sentence, at most with a token spliced in
        if hits["cta"].count(s, e) and promo:
            # an unknown word+digits name (garuda88) in a pitch with gambling jargon counts as a brand
            brands += sum(1 for _, _, k in marks if k == "shaped")
        pitch = hits["cta"].count(s, e) + hits["address"].count(s, e)
        trust = hits["trust"].count(s, e)
        core = brands + promo
        if gambling_news:  # in a report on gambling, only an outright pitch is spam
            return core >= 2 and hits["cta"].count(s, e) >= 1
        if core and pitch:
            return True
        if promo and (trust or core >= 2):
            return True
        return commerce >= 1 and pitch >= 1 and trust >= 1

    def _named_in_report(self, folded: str, sent: _Span, start: int, end: int, hits: dict[str, _Hits]) -> bool:
        """A brand token that a gambling news sentence names (the subject of the report)."""
        if hits["gambling"].count(sent.start, sent.end) - hits["gambling"].count(start, end):
            return True
        if hits["commerce"].count(sent.start, sent.end) or hits["news"].count(sent.start, sent.end):
            return True
        if sum(1 for t in _WORD.findall(folded, sent.start, sent.end) if self.brand_kind(t)) >= 2:
            return True  # an enumeration of site names
        before = _WORD.findall(folded, sent.start, start)
        return any(w in self.lex.naming for w in before) or (start and folded[start - 1] in "\"'“‘")

    def _page_flags(self, text: str, folded: str, result: SpamResult, hits: dict[str, _Hits],
                    sentences: list[_Span], news_sentences: list[_Span], promo_sentences: int) -> None:
        th = self.lex.thresholds
        letters = len(_SPACES.sub("", text)) or 1
        spam_chars = sum(len(_SPACES.sub("", text[f.start:f.end])) for f in result.findings
                         if f.reason.startswith("spam:"))
        cuts = sum(1 for f in result.findings if f.reason.startswith("spam:"))
        news_share = len(news_sentences) / max(1, len(sentences))
        words = len(_WORD.findall(folded))
        jargon = sum(len(hits[n].matches) for n in ("promo", "commerce", "gambling"))
        result.stats = {"spam_share": spam_chars / letters, "news_share": news_share, "words": words,
                        "gambling_per_100": 100 * jargon / max(1, words), "promo_sentences": promo_sentences}
        anchors = Counter(folded[s:e] for n in ("promo", "commerce") for s, e in hits[n].matches)
        repeated = max(anchors.values(), default=0) >= th["farm_anchor_repeats"]
        guided = len(hits["guide"].matches) + len(hits["address"].matches) >= 3
        if (words >= th["farm_min_words"] and news_share <= th["farm_max_news_share"]
                and 100 * jargon / words >= th["farm_gambling_per_100"] and (repeated or guided)
                and spam_chars / letters < th["farm_max_spam_share"]):
            result.flags.append("content_farm")
        elif cuts >= th["spam_page_min_cuts"] and (spam_chars / letters >= th["spam_page_share"] or (
                promo_sentences >= th["spam_page_promo_sentences"] and news_share <= th["farm_max_news_share"])):
            result.flags.append("spam_page")


def _trim(text: str, span: _Span) -> _Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _Span(start, end, span.terminated)


def _drop_nested(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for item in sorted(found, key=lambda t: (t[0], -t[1])):
        if out and item[0] < out[-1][1]:
            continue
        out.append(item)
    return out


def inline_gap(text: str, start: int, end: int) -> list[Finding]:
    """One adjoining space to cut with a span inside a line (the one before, else the one after)."""
    if start > 0 and text[start - 1] in " \t":
        return [Finding(start - 1, start, "whitespace")]
    if end < len(text) and text[end] in " \t":
        return [Finding(end, end + 1, "whitespace")]
    return []


def line_gaps(text: str, start: int, end: int) -> list[Finding]:
    """The whitespace to cut with whole lines text[start:end] (one line or a block of lines).

    The rest of the first and last line goes, and the line breaks around the block shrink to
    the larger of the two runs it sat between, so no blank line is left behind.
    """
    before = _line_start(text, start)
    after = text.find("\n", end)
    after = len(text) if after < 0 else after
    pieces = [(before, start), (end, after)]
    pre_end = before
    while pre_end > 0 and text[pre_end - 1] in "\n \t":
        pre_end -= 1
    post_end = after
    while post_end < len(text) and text[post_end] in "\n \t":
        post_end += 1
    if pre_end == 0:  # first line of the text: drop the breaks after it
        pieces.append((after, post_end))
    elif post_end == len(text):  # last line: drop the breaks before it
        pieces.append((pre_end, before))
    else:
        keep_out = min(text.count("\n", pre_end, before), text.count("\n", after, post_end))
        pos, seen = after, 0
        while pos < post_end and seen < keep_out:
            if text[pos] == "\n":
                seen += 1
            pos += 1
        pieces.append((after, pos))
    return [Finding(s, e, "whitespace") for s, e in pieces if e > s]


def gaps(text: str, findings: list[Finding]) -> list[Finding]:
    """Whitespace findings for whole-line findings, treating adjacent removed lines as one block."""
    lines = sorted((f for f in findings if f.whole_line), key=lambda f: f.start)
    out: list[Finding] = []
    i = 0
    while i < len(lines):
        j = i
        while j + 1 < len(lines) and not text[lines[j].end:lines[j + 1].start].strip():
            out.append(Finding(lines[j].end, lines[j + 1].start, "whitespace"))
            j += 1
        out.extend(line_gaps(text, lines[i].start, lines[j].end))
        i = j + 1
    return out


def _tokens_in(tokens: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """The tokens (sorted by start) that start inside [start, end)."""
    return tokens[bisect_left(tokens, start, key=_first):bisect_left(tokens, end, key=_first)]


def _first(token: tuple[int, int, str]) -> int:
    return token[0]


def _quoted(text: str, start: int, pos: int) -> bool:
    """Whether an odd number of quotation marks opens between start and pos (pos is inside a quote)."""
    segment = text[start:pos]
    return (segment.count('"') + segment.count("“") + segment.count("”")) % 2 == 1


def _word_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The letters-and-digits word containing text[start:end]."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1
