"""Quote extraction: direct quotations, their attribution, and indirect speech.

The extractor works in three passes over a document: (1) quotation-mark spans (``marks``) are
classified as full quotations or embedded fragments; (2) sentences outside full quotations are
searched for reported speech ("X mengatakan bahwa …", "…, kata X", "menurut X, …", "… . Hal ini
diungkapkan X"); (3) candidates are resolved in reading order to a speaker actor through the
document's actor mentions, so pronouns and unattributed follow-on quotes inherit the latest speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from sorot.model import Actor, Document, Quote, Sentence
from sorot.quotes.lexicon import Lexicon, default_lexicon
from sorot.quotes.marks import MarkFinder, MarkSpan, paragraphs
from sorot.quotes.speakers import SpeakerIndex, is_pronoun, role_noun, speaker_rank
from sorot.text.segment import abbreviations, split_sentences

MASK = "\x00"
_WORD = re.compile(r"[^\s\x00]+")
_SPACES = " \t\xa0\u200b"
_MAX_INHERIT_PARAGRAPHS = 3
# A speaker given by a bare name of one to three capitalised words ("Budi", "Budi Santoso").
_BARE_NAME = re.compile(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}")
# A short capitalised name set off by commas after a speaker phrase: ", Rina Wulandari,".
_APPOSITION = re.compile(r",[ \t\xa0]*([A-Z][\w.'’-]*(?:[ \t\xa0]+[A-Z][\w.'’-]*){0,3})(?=[ \t\xa0]*,)")
# A news dateline opening the article: "Surabaya, Kabar Nusantara - -", "Medan (Warta Kota) -".
_DATELINE = re.compile(r"(?:[^\n.!?\"“”]|\.(?=\S)){2,60}?\s[-–—](?:\s*[-–—])*\s*(?=\S)")


@dataclass(slots=True)
class Candidate:
    """A quote before its speaker is resolved."""

    start: int
    end: int
    direct: bool
    cue: str = ""
    mode: str = "span"  # span | subject | nearest (relative clause) | pronoun | inherit | fragment
    speaker_start: int = -1
    speaker_end: int = -1
    region: tuple[int, int] | None = None  # where to look for the speaker mention
    excluded: list[tuple[int, int]] = field(default_factory=list)
    apposition: tuple[int, int] | None = None
    parent: Candidate | None = None
    actor: Actor | None = None
    speaker: str = ""
    phrase: str = ""  # the speaker phrase as found, kept when ``speaker`` is shortened to a mention


class QuoteExtractor:
    """Finds the quotes of a document; resources (lexicon, regexes) are built once and shared,
    per-document state lives in a ``_DocumentQuotes`` so one extractor can serve many threads."""

    def __init__(self, lexicon: Lexicon | None = None, *, indirect: bool = True,
                 keep_unresolved: bool = False, max_chars: int = 2500) -> None:
        self.lex = lexicon or default_lexicon()
        self.indirect = indirect
        self.keep_unresolved = keep_unresolved
        self.marks = MarkFinder(self.lex.post_cue, max_chars=max_chars)
        # a speaker named after a closing mark and before the verb: '"…," Budi said', '" ia menambahkan'
        pronouns = "|".join(re.escape(p) for p in sorted(self.lex.pronouns, key=len, reverse=True) if p != "nya")
        self.name_then_verb = re.compile(
            rf"(?P<name>(?:{pronouns})|[A-Z][\w.'’-]*(?:[ \t\xa0]+[A-Z][\w.'’-]*){{0,4}})"
            r"[ \t\xa0]+(?P<verb>[\w-]+)")

    def extract(self, doc: Document) -> list[Quote]:
        if not doc.text.strip():
            return []
        return _DocumentQuotes(self, doc).run()


class _DocumentQuotes:
    """The quotes of one document: its text, sentences, mention index and the passes over them."""

    def __init__(self, config: QuoteExtractor, doc: Document) -> None:
        self.lex = config.lex
        self.indirect = config.indirect
        self.keep_unresolved = config.keep_unresolved
        self.marks = config.marks
        self.name_then_verb = config.name_then_verb
        self.text = doc.text
        self.sentences = self._sentences(doc)
        self.sent_starts = [s.start for s in self.sentences]
        # quotes report the index of the document's own sentences, not of the split ones used here
        self.doc_sent_starts = [s.start for s in sorted(doc.sentences, key=lambda s: s.start)] or self.sent_starts
        self.paras = paragraphs(self.text)
        self.para_starts = [p[0] for p in self.paras]
        self.index = SpeakerIndex(doc, self.lex)
        self.resolved: list[Candidate] = []  # candidates with a speaker actor, in reading order

    # ------------------------------------------------------------------ entry point
    def run(self) -> list[Quote]:
        text = self.text
        spans = self.marks.find(text)
        full = [s for s in spans if not s.nested and self._is_full(s)]
        fragments = [s for s in spans if not s.nested and s not in full]
        chars = list(text)
        for s in full:
            for i in range(s.open, min(s.close + 1, len(text))):
                chars[i] = MASK
        self.masked = "".join(chars)
        cands = [self._direct(s) for s in full]
        indirect: list[Candidate] = self._indirect() if self.indirect else []
        cands.extend(indirect)
        cands.extend(c for c in (self._fragment(s, indirect) for s in fragments) if c is not None)
        cands = [c for c in cands if c is not None and c.end > c.start]
        cands.sort(key=lambda c: (c.start, -c.end))
        return self._resolve(cands)

    def _sentences(self, doc: Document) -> list[Sentence]:
        sents = sorted(doc.sentences, key=lambda s: s.start) if doc.sentences else split_sentences(doc.text)
        if sents:  # the dateline is not part of the first sentence's proposition
            first = sents[0]
            m = _DATELINE.match(doc.text, first.start, first.end)
            if m and len(m.group().split()) <= 8:
                sents = [Sentence(m.end(), first.end, doc.text[m.end():first.end], first.paragraph), *sents[1:]]
        return sents

    def sentence_index(self, pos: int) -> int:
        return max(bisect_right(self.sent_starts, pos) - 1, 0) if self.sentences else -1

    def paragraph_index(self, pos: int) -> int:
        return max(bisect_right(self.para_starts, pos) - 1, 0)

    def _paragraph_end(self, pos: int) -> int:
        return self.paras[self.paragraph_index(pos)][1] if self.paras else len(self.text)

    # ------------------------------------------------------------------ direct quotes
    def _before_open(self, span: MarkSpan) -> str:
        """The text between the start of the quote's sentence (or paragraph) and its opening mark."""
        para_start = self.paras[self.paragraph_index(span.open)][0]
        sent = self.sentences[self.sentence_index(span.open)] if self.sentences else None
        start = max(para_start, sent.start) if sent and sent.start <= span.open else para_start
        return self.text[start:span.open]

    def _pre_attribution(self, before: str) -> re.Match[str] | None:
        stripped = before.rstrip(_SPACES)
        if stripped.endswith(":"):
            return re.search(r":$", stripped)
        tail = self.lex.attribution_tail.search(stripped)
        head = stripped[: tail.start()] if tail else stripped
        verbs = self.lex.speech_verbs_in(head)
        return verbs[-1] if verbs and verbs[-1].end() == len(head) else None

    def _is_full(self, span: MarkSpan) -> bool:
        if self.marks.cue_follows(self.text, span.close + 1, self._paragraph_end(span.close)):
            return True
        before = self._before_open(span)
        core = before.strip(_SPACES)
        return not core or core[-1] in ".!?\"”" or self._pre_attribution(before) is not None

    def _direct(self, span: MarkSpan) -> Candidate:
        text = self.text
        cand = Candidate(span.start, span.end, direct=True)
        para_end = self._paragraph_end(span.close)
        i = span.close + 1
        while i < para_end and (text[i] in _SPACES or text[i] == ","):
            i += 1
        cue = self.lex.post_cue.match(text, i, para_end) if i < para_end and text[i].islower() else None
        if cue and self.marks.cue_follows(text, span.close + 1, para_end):
            cand.cue = cue.group("cue")
            if cue.group("nya"):
                cand.mode, cand.speaker_start, cand.speaker_end = "pronoun", cue.start(), cue.end()
                cand.speaker = text[cue.start():cue.end()]
                return cand
            self._speaker_after(cand, cue.end(), para_end)
            return cand
        named = self.name_then_verb.match(text, i, para_end)
        if named and named.group("verb").lower() in self.lex.speech_verbs:
            # '"…," Budi said.' / '"…," ia menambahkan.'
            cand.cue = named.group("verb")
            cand.speaker_start, cand.speaker_end = named.start("name"), named.end("name")
            cand.speaker = named.group("name")
            cand.region = (cand.speaker_start, cand.speaker_end)
            if is_pronoun(self.lex, cand.speaker):
                cand.mode = "pronoun"
            return cand
        if i < para_end and text[i] == "(":
            # '"…" (Budi di Bandung, Senin)'
            close = text.find(")", i, para_end)
            if close > i and text[i + 1:i + 2].isupper():
                self._speaker_after(cand, i + 1, close)
                if cand.speaker_end > 0 and self.index.best_in(cand.speaker_start, cand.speaker_end):
                    return cand
                cand.speaker_start = cand.speaker_end = -1
                cand.speaker, cand.region, cand.mode, cand.apposition = "", None, "span", None
        before = self._before_open(span)
        verb = self._pre_attribution(before)
        if verb is not None:
            base = span.open - len(before)
            sent_start = base
            if verb.group(0) == ":":
                region = (sent_start, base + verb.start())
                cand.mode, cand.region, cand.cue = "subject", region, ":"
                cand.speaker_start, cand.speaker_end = self._trim(*region)
                cand.speaker = text[cand.speaker_start:cand.speaker_end]
                return cand
            cand.cue = verb.group(0)
            self._subject(cand, sent_start, base + verb.start())
            return cand
        cand.mode = "inherit"
        return cand

    # ------------------------------------------------------------------ speaker spans
    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and (self.text[start] in _SPACES + ",;:" or self.text[start].isspace()):
            start += 1
        while end > start and (self.text[end - 1] in _SPACES + ",;:" or self.text[end - 1].isspace()):
            end -= 1
        return start, end

    def _speaker_after(self, cand: Candidate, pos: int, limit: int) -> None:
        """Speaker span after a cue: words up to punctuation or a stop word; an apposition after a
        comma ("kata Budi Santoso, juru bicara kantor gubernur,") is kept as a fallback region."""
        text = self.text
        while pos < limit and text[pos] in _SPACES:
            pos += 1
        filler = self.lex.speaker_fillers.match(text, pos, limit)
        start = pos
        end, stop_comma = self._phrase_end(start if not filler else filler.end(), limit)
        if end <= start:
            cand.mode = "inherit"
            return
        cand.speaker_start, cand.speaker_end = self._trim(start, end)
        cand.speaker = text[cand.speaker_start:cand.speaker_end]
        cand.region = (cand.speaker_start, cand.speaker_end)
        if stop_comma:
            app_end, _ = self._phrase_end(end + 1, limit)
            if app_end > end + 1:
                cand.apposition = (end + 1, app_end)
        if is_pronoun(self.lex, cand.speaker):
            cand.mode = "pronoun"

    def _phrase_end(self, pos: int, limit: int, max_words: int = 10) -> tuple[int, bool]:
        """End of a name/role phrase starting at pos, and whether a comma ended it."""
        text = self.text
        end = pos
        for words, m in enumerate(_WORD.finditer(text, pos, limit), start=1):
            tok = m.group()
            if "\n" in text[end:m.start()]:
                break
            bare = tok.strip(",.;:!?\"“”'’()")
            if tok[0] in "(\"“”'‘[" or not bare:
                break
            low = bare.lower()
            if words > 1 and (low in self.lex.speaker_stops or bare[0].isdigit() or (
                    bare[0].islower() and (low in self.lex.subject_adverbs or self._is_predicate(low)))):
                break  # "kata Budi juga akan …": the speaker ends where a predicate starts
            end = m.end()
            if tok[-1] in ",;:":
                return end - 1, tok[-1] == ","
            if tok[-1] == "." and not _abbreviation(bare):
                return end - 1, False
            if tok[-1] in "!?)\"”":
                return end - 1, False
            if words >= max_words:
                break
        return end, False

    def _subject(self, cand: Candidate, sent_start: int, verb_start: int, verb: str = "") -> bool:
        """Fill the candidate's speaker from the subject before a speech verb; False when the verb
        is negated or has no subject."""
        text, lex = self.text, self.lex
        end = verb_start
        while True:
            s, e = self._trim(sent_start, end)
            words = text[s:e].split()
            if not words:
                return False
            last = words[-1].lower().strip(",")
            if last in lex.negators and verb.lower() in lex.negation_exempt:
                end = e - len(words[-1])
                continue
            if last in lex.negators or last in lex.blocking_preverbs:
                return False
            cue = lex.post_cue.fullmatch(last)
            if len(words) >= 2 and last in lex.coordinators and lex.post_cue.fullmatch(
                    words[-2].lower().strip(",")):
                cue = lex.post_cue.fullmatch(words[-2].lower().strip(","))
            if cue and cue.group("nya"):  # '"…," ujarnya dan menegaskan bahwa …'
                cand.mode, cand.speaker = "pronoun", words[-2] if last in lex.coordinators else last
                return True
            if last in lex.subject_adverbs:
                end = e - len(words[-1])
                continue
            break
        end = e
        prefix = text[sent_start:end]
        rel = lex.relative_tail.search(prefix)
        if rel and text[sent_start + rel.start():end].split()[0].lower() in lex.relativizers:
            region_end = sent_start + rel.start()
            cand.mode = "nearest"
            cand.region = (max(sent_start, region_end - 120), region_end)
            cand.speaker_start, cand.speaker_end = self._trim(*cand.region)
            cand.speaker = text[cand.speaker_start:cand.speaker_end]
            return True
        chunks = self._chunks(sent_start, end)
        while chunks:
            cs, ce = chunks[0]
            piece = text[cs:ce].strip(_SPACES)
            conj = self._leading(piece, lex.conjunctions)
            if conj:
                found = re.match(r"[\s,]*" + r"\s+".join(map(re.escape, conj.split())), text[cs:ce], re.IGNORECASE)
                cs = cs + (found.end() if found else 0)
                chunks[0] = (cs, ce)
                piece = text[cs:ce].strip(_SPACES + ",")
            if len(chunks) > 1 and (not piece or self._leading(piece, lex.adjunct_openers)
                                    or self._is_clause(piece)):
                chunks.pop(0)
                continue
            break
        if not chunks:
            return False
        start = chunks[0][0]
        s, e = self._trim(start, end)
        if e <= s:
            return False
        cand.mode = "subject"
        cand.region = (s, e)
        cand.excluded = self._excluded(s, e)
        cand.speaker_start, cand.speaker_end = s, e
        cand.speaker = text[s:e]
        if is_pronoun(lex, cand.speaker):
            cand.mode = "pronoun"
        return True

    def _is_clause(self, piece: str) -> bool:
        """A chunk with its own predicate is a clause, not the subject ("Belum ada data …
        telah mencatat …, namun sejumlah pakar menyebut")."""
        words = [w.strip(",.;:\"“”()").lower() for w in piece.split()]
        return any(self._is_predicate(w) for w in words[1:] if w)

    @staticmethod
    def _leading(piece: str, phrases: tuple[str, ...]) -> str:
        low = " ".join(piece.lower().split())
        for p in phrases:
            if low == p or low.startswith(p + " ") or low.startswith(p + ","):
                return p
        return ""

    def _chunks(self, start: int, end: int) -> list[tuple[int, int]]:
        """Comma-separated chunks of [start, end), ignoring commas inside parentheses."""
        out, depth, cs = [], 0, start
        for i in range(start, end):
            ch = self.text[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(depth - 1, 0)
            elif ch == "," and depth == 0:
                out.append((cs, i))
                cs = i + 1
        out.append((cs, end))
        return [(s, e) for s, e in out if self.text[s:e].strip()]

    def _excluded(self, start: int, end: int) -> list[tuple[int, int]]:
        """Parts of a subject region that cannot hold the subject: relative clauses and
        prepositional objects ("kepada para wartawan", ", yang merupakan pesaing AS,")."""
        out = []
        for m in self.lex.subject_breaker.finditer(self.text[start:end]):
            s = start + m.start()
            comma = self.text.find(",", s, end)
            out.append((s, comma if comma >= 0 else end))
        return out

    # ------------------------------------------------------------------ indirect speech
    def _indirect(self) -> list[Candidate]:
        out: list[Candidate] = []
        for n, sent in enumerate(self.sentences):
            seg = self.masked[sent.start:sent.end]
            if not seg.strip(MASK + " \n"):
                continue
            cand = (self._by_mid_cue(sent) or self._by_verb(sent) or self._by_passive(sent)
                    or self._by_menurut(sent) or self._by_nominal(sent) or self._by_back_reference(n))
            if cand is not None:
                out.append(cand)
        return out

    def _clause(self, start: int, end: int, *, bound: bool) -> tuple[int, int] | None:
        """The reported clause in [start, end): trimmed, cut before a full quotation; it must hold a
        predicate unless a complementizer or comma bound it."""
        text = self.masked
        cut = text.find(MASK, start, end)
        if cut >= 0:
            end = cut
        s, e = start, end
        while s < e and (text[s] in _SPACES or text[s].isspace()):
            s += 1
        while e > s and (text[e - 1] in _SPACES + ".,;:" or text[e - 1].isspace()):
            e -= 1
        opener = re.match(r"([\w ]+?)\s*,\s*", text[s:e])
        if opener and self._leading(opener.group(1), self.lex.conjunctions) == " ".join(
                opener.group(1).lower().split()):
            s += opener.end()  # "Sementara itu, X …, kata Y": the connective is the writer's
        raw = [w.strip(",.;:\"“”'‘’()") for w in text[s:e].split()]
        raw = [w for w in raw if w]
        words = [w.lower() for w in raw]
        if len(words) < 2 or (not bound and not self._has_predicate(words, [w[0].isupper() for w in raw])):
            return None
        return s, e

    def _has_predicate(self, words: list[str], names: list[bool] | None = None) -> bool:
        """Whether a clause's words hold a predicate before a purpose or relative phrase; a breaker
        inside a name ("Lembaga Kajian untuk Demokrasi") does not count."""
        lex = self.lex
        names = names or [False] * len(words)
        skip = 0
        for idx, w in enumerate(words[:30]):
            if names[idx]:
                continue  # a name ("AS", "Lembaga Kajian untuk Demokrasi") is neither breaker nor predicate
            if skip:  # the first words of a relative clause ("yang akan dibangun") are its own
                skip -= 1
                continue
            if w in lex.relativizers:
                skip = 2
                continue
            following = words[idx + 1] if idx + 1 < len(words) else ""
            if w in lex.clause_breakers and (idx > 0 or w in lex.leading_breakers) and not (
                    (idx + 1 < len(words) and names[idx + 1]) or following in lex.demonstratives):
                return False  # ("saat ini", "sejak itu" are adverbs, not a new phrase)
            if self._is_predicate(w):
                return True
            if idx > 0 and w in lex.demonstratives and following and following not in lex.clause_breakers \
                    and following not in lex.relativizers and following not in lex.coordinators:
                return True  # "ledakan itu murni kecelakaan": a demonstrative closes the subject
        return False

    def _is_predicate(self, w: str) -> bool:
        lex = self.lex
        if w in lex.predicate_words:
            return True
        if w in lex.not_predicates or len(w) < 5:
            return False
        return bool(lex.verb_prefix.match(w)) or w.endswith(lex.verb_suffixes)

    def _by_verb(self, sent: Sentence) -> Candidate | None:
        text = self.masked
        for m in self.lex.speech_verbs_in(text, sent.start, sent.end):
            pos = m.end()
            while pos < sent.end and text[pos] in _SPACES:
                pos += 1
            bound = False
            if pos < sent.end and text[pos] in ",:":
                pos += 1
                bound = True
                while pos < sent.end and text[pos] in _SPACES:
                    pos += 1
            word = re.match(r"[\w-]+", text[pos:sent.end])
            if word and not bound and word.group().lower() in self.lex.complementizers:
                pos += word.end()
                bound = True
                adverb = re.match(r"\s*([\w-]+)\s", text[pos:sent.end])
                if adverb and adverb.group(1).lower() in self.lex.clause_adverbs:
                    pos += adverb.end()
            elif word and word.group().lower() in self.lex.prepositions:
                comp = self.lex.content_complementizer.search(text[pos:min(sent.end, pos + 100)])
                if comp:
                    pos += comp.end()
                    bound = True
            rest = text[pos:sent.end].strip(_SPACES + ".")
            if not rest:
                cand = self._clause_before_subject(sent, m)
                if cand is not None:
                    return cand
                continue
            if rest[0] == MASK:
                continue
            clause = self._clause(pos, sent.end, bound=bound)
            if clause is None:
                continue
            cand = Candidate(clause[0], clause[1], direct=False, cue=m.group("verb"))
            head = text[sent.start:m.start()].replace(MASK, " ").strip(_SPACES + ", ")
            if not bound and self.lex.post_cue.match(head.lower()):
                continue  # '"…," ucap Zeid menambahkan' belongs to the direct quotation
            if not self._subject(cand, sent.start, m.start(), m.group("verb")):
                prefix_words = self.text[sent.start:m.start()].split()
                if len(prefix_words) > 1:
                    return None  # a negated or intended speech act: nothing later in it is reported
                if prefix_words:
                    continue
                cand.mode = "inherit"
            return cand
        return None

    def _clause_before_subject(self, sent: Sentence, verb: re.Match[str]) -> Candidate | None:
        """"…, media Afghanistan melaporkan." — the clause precedes its subject and verb."""
        comma = self.text.rfind(",", sent.start, verb.start())
        if comma < 0:
            return None
        clause = self._clause(sent.start, comma, bound=True)
        if clause is None:
            return None
        cand = Candidate(clause[0], clause[1], direct=False, cue=verb.group("verb"), mode="subject")
        s, e = self._trim(comma + 1, verb.start())
        cand.region = (s, e)
        cand.speaker_start, cand.speaker_end, cand.speaker = s, e, self.text[s:e]
        return cand

    def _by_mid_cue(self, sent: Sentence) -> Candidate | None:
        """"…, kata X." and "Sebenarnya, kata X, …" outside quotation marks."""
        text = self.masked
        for m in re.finditer(r",[ \t\xa0]*", text[sent.start:sent.end]):
            at = sent.start + m.end()
            comma = sent.start + m.start()
            if comma == sent.start or text[comma - 1] in MASK + "\"”’'":
                continue
            cue = self.lex.post_cue.match(text, at, sent.end)
            if not cue or not text[at].islower():
                continue
            cand = Candidate(0, 0, direct=False, cue=cue.group("cue"))
            if cue.group("nya"):
                cand.mode, cand.speaker_start, cand.speaker_end = "pronoun", cue.start(), cue.end()
                cand.speaker, after = text[cue.start():cue.end()], cue.end()
            else:
                self._speaker_after(cand, cue.end(), sent.end)
                if cand.speaker_end < 0:
                    continue
                after = cand.speaker_end
            tail = text[after:sent.end].lstrip(_SPACES)
            pre = self.text[sent.start:comma].strip()
            if not tail.startswith(",") and len(tail.split()) >= 3:
                # "X itu, kata Y juga akan …": the attribution sits inside the sentence
                clause = self._clause(sent.start, sent.end, bound=True)
            elif tail.startswith(",") and len(tail.split()) >= 4:
                if len(pre.split()) <= 1 or self.lex.starts_with_any(pre, self.lex.clause_openers):
                    clause = self._clause(after + len(text[after:sent.end]) - len(tail) + 1, sent.end, bound=True)
                else:
                    clause = self._clause(sent.start, sent.end, bound=True)
            else:
                clause = self._clause(sent.start, comma, bound=True)
            if clause is None:
                continue
            cand.start, cand.end = clause
            return cand
        return None

    def _by_passive(self, sent: Sentence) -> Candidate | None:
        """"Ditegaskan, …", "dikatakannya …", ", disebut Budi, …"."""
        text = self.masked
        for m in self.lex.passive_verb.finditer(text, sent.start, sent.end):
            verb = m.group("verb")
            before = self.text[sent.start:m.start()].rstrip()
            at_start = not before or before.endswith(",")
            if not at_start:
                continue
            cand = Candidate(0, 0, direct=False, cue=verb)
            pos = m.end()
            if verb.lower().endswith("nya"):
                cand.mode, cand.speaker_start, cand.speaker_end = "pronoun", m.start(), m.end()
                cand.speaker = verb
                bound = text[pos:pos + 1] == ","
                clause = self._clause(pos + (1 if bound else 0), sent.end, bound=bound)
            elif text[pos:pos + 1] == ",":
                if before:
                    continue
                cand.mode = "inherit"
                clause = self._clause(pos + 1, sent.end, bound=True)
            else:
                self._speaker_after(cand, pos, sent.end)
                if cand.speaker_end < 0 or text[cand.speaker_end:cand.speaker_end + 1] != ",":
                    continue
                if self.index.leftmost_in(cand.speaker_start, cand.speaker_end) is None:
                    continue
                clause = self._clause(cand.speaker_end + 1, sent.end, bound=True)
            if clause is None:
                continue
            cand.start, cand.end = clause
            return cand
        return None

    def _by_nominal(self, sent: Sentence) -> Candidate | None:
        """"… kementerian itu merilis pernyataan bahwa CLAUSE": the speaker is the subject
        of the clause holding the noun, after its last clause boundary."""
        m = self.lex.nominal_cue.search(self.masked, sent.start, sent.end)
        if m is None:
            return None
        verb = re.search(r"([\w-]+)\s+$", self.text[sent.start:m.start()])
        if verb is None or not self._is_predicate(verb.group(1).lower()):
            return None  # the noun must be the object of a verb ("meluncurkan peringatan bahwa")
        verb_start = sent.start + verb.start(1)
        region_start = sent.start
        for w in re.finditer(r"[\w-]+|,", self.text[sent.start:verb_start]):
            if w.group() == "," or w.group().lower() in self.lex.clause_boundaries:
                region_start = sent.start + w.end()
        # the subject is what comes before any preposition ("… hubungan dengan Qatar terkait …")
        prep = self.lex.preposition.search(self.text[region_start:verb_start])
        subject_end = region_start + prep.start() if prep else verb_start
        subject = self.index.leftmost_in(region_start, subject_end)
        if subject is None:
            return None
        clause = self._clause(m.end(), sent.end, bound=True)
        if clause is None:
            return None
        cand = Candidate(clause[0], clause[1], direct=False, cue=m.group("noun"), mode="span")
        cand.region = (subject.start, subject.end)
        cand.speaker_start, cand.speaker_end, cand.speaker = subject.start, subject.end, subject.text
        return cand

    def _by_menurut(self, sent: Sentence) -> Candidate | None:
        """"Menurut X, …", "…, menurut X, …", "… menurut X." """
        text = self.masked
        m = self.lex.menurut.search(text, sent.start, sent.end)
        if m is None:
            return None
        cand = Candidate(0, 0, direct=False, cue="menurut")
        if m.group("nya"):
            cand.mode, cand.speaker_start, cand.speaker_end = "pronoun", m.start(), m.end()
            cand.speaker, after = self.text[m.start():m.end()], m.end()
        else:
            self._speaker_phrase_menurut(cand, m.end(), sent.end)
            if cand.speaker_end < 0:
                return None
            after = cand.speaker_end
            appos = _APPOSITION.match(text, after, sent.end)
            if appos:  # "menurut Direktur Utama PT Maju Jaya, Rina Wulandari, …"
                cand.apposition = (appos.start(1), appos.end(1))
                after = appos.end(1)
        pre = self.text[sent.start:m.start()].strip()
        tail_start = after
        while tail_start < sent.end and text[tail_start] in _SPACES + ",":
            tail_start += 1
        tail_words = len(text[tail_start:sent.end].split())
        pre_core = pre.rstrip(",").strip()
        opener_only = bool(pre_core) and self._leading(pre_core, self.lex.clause_openers) == " ".join(
            pre_core.lower().split())
        if not pre_core or opener_only or (self.lex.starts_with_any(pre_core, self.lex.clause_openers)
                                            and pre.endswith(",")):
            clause = self._clause(tail_start, sent.end, bound=True) if tail_words >= 2 else None
        elif pre.endswith(",") and tail_words >= 2:
            clause = self._clause(sent.start, sent.end, bound=True)
        elif pre.split() and pre.split()[-1].lower() in self.lex.relativizers and tail_words >= 2:
            clause = self._clause(tail_start, sent.end, bound=True)
        else:
            clause = self._clause(sent.start, m.start(), bound=False)
        if clause is None:
            return None
        cand.start, cand.end = clause
        return cand

    def _speaker_phrase_menurut(self, cand: Candidate, pos: int, limit: int) -> None:
        """Speaker after "menurut": a pronoun alone, or a phrase up to a comma, stop word or predicate."""
        text = self.text
        first = re.match(r"[ \t\xa0]*(\S+)", text[pos:limit])
        if first and first.group(1).lower().strip(",.") in self.lex.pronouns:
            s = pos + first.start(1)
            e = s + len(first.group(1).rstrip(",."))
            cand.mode, cand.speaker_start, cand.speaker_end, cand.speaker = "pronoun", s, e, text[s:e]
            return
        end, _ = self._phrase_end(pos, limit, max_words=8)
        words = list(_WORD.finditer(text, pos, end))
        for w in words[1:]:
            if self._is_predicate(w.group().lower().strip(",.")):
                end = w.start()
                break
        s, e = self._trim(pos, end)
        if e <= s:
            return
        cand.speaker_start, cand.speaker_end, cand.speaker = s, e, text[s:e]
        cand.region = (s, e)

    def _by_back_reference(self, n: int) -> Candidate | None:
        """"… pelabuhan. Hal ini disampaikan Dinas Perhubungan." — the next sentence names the speaker."""
        if n + 1 >= len(self.sentences):
            return None
        sent, nxt = self.sentences[n], self.sentences[n + 1]
        if self.paragraph_index(sent.start) != self.paragraph_index(nxt.start):
            return None
        m = self.lex.back_reference.match(self.text, nxt.start, nxt.end)
        if m is None or self.lex.speech_verbs_in(self.masked, sent.start, sent.end):
            return None
        cand = Candidate(0, 0, direct=False, cue=m.group("verb"))
        self._speaker_after(cand, m.end(), nxt.end)
        if cand.speaker_end < 0:
            return None
        clause = self._clause(sent.start, sent.end, bound=True)
        if clause is None:
            return None
        cand.start, cand.end = clause
        return cand

    # ------------------------------------------------------------------ fragments
    def _fragment(self, span: MarkSpan, indirect: list[Candidate]) -> Candidate | None:
        """An embedded quoted phrase ('menyebut "langkah sepihak"') counts as a direct quote
        of the sentence's speaker when it is more than a term or a name."""
        words = self.text[span.start:span.end].split()
        long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
        if long_words and all(w[0].isupper() for w in long_words):
            return None  # a title or a name, not speech
        before = self.text[max(0, span.open - 25):span.open].lower().split()
        if any(tuple(before[-len(phrase):]) == phrase for phrase in self.lex.term_introducers):
            return None
        parent = next((c for c in indirect if c.start <= span.open < c.end), None)
        if len(words) < 2:
            return None
        cand = Candidate(span.start, span.end, direct=True, mode="fragment", parent=parent)
        if parent is None:
            sent = self.sentences[self.sentence_index(span.open)] if self.sentences else None
            if sent is None:
                return None
            cand.region = (sent.start, span.open)
            cand.mode = "subject"
            s, e = self._trim(*cand.region)
            cand.speaker_start, cand.speaker_end = s, e
        return cand

    # ------------------------------------------------------------------ resolution
    def _resolve(self, cands: list[Candidate]) -> list[Quote]:
        quotes: list[Quote] = []
        last: Candidate | None = None
        latest: Candidate | None = None
        seen: set[tuple[int, int]] = set()
        for c in cands:
            if (c.start, c.end) in seen:
                continue
            actor, mention = self._actor(c, last, latest)
            c.actor = actor
            c.phrase = c.speaker
            if mention is not None and (not c.speaker or c.mode == "nearest" or len(c.speaker) > 100):
                # a relative clause's or an over-long subject's speaker is the mention itself
                c.speaker, c.speaker_start, c.speaker_end = mention.text, mention.start, mention.end
            if actor is not None:
                last = c
                self.resolved.append(c)
            if actor is not None or (c.mode in ("span", "subject", "nearest") and c.speaker):
                latest = c  # the latest speaker, even one the actors stage could not resolve
            if actor is None and not self.keep_unresolved:
                continue
            seen.add((c.start, c.end))
            quotes.append(Quote(
                text=self.text[c.start:c.end], start=c.start, end=c.end,
                speaker=c.speaker,
                speaker_start=c.speaker_start, speaker_end=c.speaker_end, speaker_actor=actor,
                cue=c.cue, direct=c.direct,
                sentence=max(bisect_right(self.doc_sent_starts, c.start) - 1, 0) if self.doc_sent_starts else -1,
            ))
        return quotes

    def _earlier_speaker_named(self, name: str, pos: int) -> Candidate | None:
        """An earlier resolved speaker whose phrase holds the bare name: "Kepala Bagian Humas
        Dinas Pariwisata Agung Wirawan" (resolved through its office) for a later "Agung"."""
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)")
        for c in reversed(self.resolved):
            if c.speaker_start < pos and (pattern.search(c.phrase) or pattern.search(c.speaker)):
                return c
        return None

    def _recent_paragraphs(self, last: Candidate, pos: int) -> bool:
        return self.paragraph_index(pos) - self.paragraph_index(last.start) <= _MAX_INHERIT_PARAGRAPHS

    def _recent(self, last: Candidate | None, pos: int) -> Candidate | None:
        """The latest resolved speaker, if it spoke within the last few paragraphs."""
        if last is None or last.actor is None or not self._recent_paragraphs(last, pos):
            return None
        return last

    def _actor(self, c: Candidate, last: Candidate | None, latest: Candidate | None):
        """Speaker actor of a candidate (and the mention it came from); ``last`` is the latest
        resolved speaker, ``latest`` the latest named one, resolved or not."""
        idx = self.index
        if c.mode == "fragment" and c.parent is not None:
            if c.parent.actor is None:
                return None, None
            c.speaker, c.speaker_start, c.speaker_end = c.parent.speaker, c.parent.speaker_start, c.parent.speaker_end
            return c.parent.actor, None
        if c.region is not None and c.mode in ("span", "subject", "nearest"):
            s, e = c.region
            phrase = self.text[s:e]
            low = phrase.lower().split()
            mentions = [m for m in idx.between(s, e) if idx.usable(m) and m.type != "PRONOUN"
                        and not any(xs <= m.start < xe for xs, xe in c.excluded)]
            if c.mode == "nearest":
                mentions = mentions[-1:]
            if any(w.strip(",") in self.lex.anonymous_speakers for w in low[:3]) and all(
                    m.type == "ROLE" for m in mentions):
                return None, None
            if mentions:
                if c.mode == "subject":
                    # the chunk nearest the verb that names someone: the subject or its apposition
                    # ("Menteri Pertahanan Estonia, Jaan Kask, menuturkan")
                    for cs, ce in reversed(self._chunks(s, e)):
                        in_chunk = [m for m in mentions if cs <= m.start < ce]
                        if in_chunk:
                            best = min(in_chunk, key=lambda m: (speaker_rank(m), m.start))
                            return best.actor, best
                best = min(mentions, key=lambda m: (speaker_rank(m), m.start))
                return best.actor, best
            if c.apposition is not None:
                best = idx.best_in(*c.apposition)
                if best is not None:
                    return best.actor, best
            name = _BARE_NAME.fullmatch(phrase.strip())
            if name and not is_pronoun(self.lex, phrase):
                m = idx.previous_naming(s, name.group())
                if m is not None:
                    return m.actor, None
                earlier = self._earlier_speaker_named(name.group(), s)
                if earlier is not None:
                    return earlier.actor, None
            if is_pronoun(self.lex, phrase):
                c.mode = "pronoun"
            else:
                role = role_noun(self.lex, phrase)
                if role:
                    m = idx.previous_with_role(s, role)
                    if m is not None:
                        return m.actor, None
                    recent = self._recent(last, c.start)
                    return (recent.actor, None) if recent else (None, None)
                return None, None
        unknown_latest = latest is not None and latest.actor is None and self._recent_paragraphs(latest, c.start)
        if c.mode == "pronoun" and unknown_latest and c.speaker_start >= 0:
            # the latest speaker is someone we could not resolve: the actors stage's own
            # coreference of the pronoun knows more than our last resolved speaker
            pron = idx.pronoun_in(c.speaker_start, max(c.speaker_end, c.speaker_start + 1))
            if pron is not None:
                return pron.actor, pron
        if c.mode == "pronoun":
            recent = self._recent(last, c.start)
            anchor = c.speaker_start if c.speaker_start >= 0 else c.start
            person = idx.previous_person(anchor, floor=recent.end if recent else 0)
            if person is not None and (recent is None or self._introduces(person, anchor)):
                return person.actor, None
            if recent is not None:
                return recent.actor, None
            if c.speaker_start >= 0:  # the actors stage's own coreference, when it made one
                pron = idx.pronoun_in(c.speaker_start, max(c.speaker_end, c.speaker_start + 1))
                if pron is not None:
                    return pron.actor, pron
            person = idx.previous_person(anchor)
            return (person.actor, None) if person else (None, None)
        if c.mode == "inherit":
            recent = self._recent(last, c.start)
            if recent is not None:
                if not c.speaker:
                    c.speaker = recent.speaker
                return recent.actor, None
            n = self.sentence_index(c.start)
            if n > 0:
                prev = self.sentences[n - 1]
                m = idx.leftmost_in(prev.start, prev.end)
                if m is not None:
                    c.speaker = m.text
                    return m.actor, None
        return None, None

    def _introduces(self, person, anchor: int) -> bool:
        """A person named as the subject of the sentence before a pronoun takes the pronoun over the
        last speaker ("Ketua X Rina Wulandari adalah … . Dia mengatakan …")."""
        n = self.sentence_index(anchor)
        if n <= 0:
            return False
        prev = self.sentences[n - 1]
        if not prev.start <= person.start < prev.end:
            return False
        first = self.index.leftmost_in(prev.start, prev.end)
        return first is person


def _abbreviation(word: str) -> bool:
    """An initial or a title abbreviation ("A.", "Dr.", "Jr."): its period does not end a speaker's name."""
    return len(word) == 1 and word.isupper() or word.lower() in abbreviations()
