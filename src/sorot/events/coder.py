"""The Indonesian event coder: triggers from the lexicon, roles from voice, modality and sectors from cues.

For each sentence the coder finds trigger words and phrases (``lexicon.py``), then for each trigger:

1. the clause around it (bounded by the clause openers and punctuation of ``grammar_<lang>.yaml``:
   "bahwa", ";", ":", contrastive and subordinating conjunctions, relative "yang");
2. its arguments from the resolved actor mentions, by voice: an active or ber- verb takes its
   subject as actor and its object (or a "kepada/terhadap/dengan/ke ..." phrase) as recipient; a di-
   passive takes its subject as recipient and "oleh X" (or the noun right after it) as actor; a
   nominal trigger takes its genitive ("kunjungan X ke Y") or the subject of a light verb
   ("X menyatakan kekhawatiran"); "kedua negara" and first-person pronouns in quotes are resolved;
3. modality from cue words before it (negation, hypothesis, history, future, intent), with the
   GUIDELINES rule that promised or scheduled meetings, support and aid are AGREE;
4. contexts from sector words in the sentence and the bulleted list it introduces;
5. what the sentence leaves implicit (missing recipients, implicit agents) by ``policy.yaml``;
6. derived codes from the crosswalk.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace

from sorot.events.crosswalk import codes
from sorot.events.lexicon import (
    GAP,
    MAX_GAP,
    Entry,
    Lexicon,
    Policy,
    context_cues,
    grammar,
    load_lexicon,
    modality_cues,
    policy,
)
from sorot.model import NON_STATE_CODES, SOFT_MODALITIES, Actor, Document, Event, Mention, Quote, Sentence, Token
from sorot.text.morphology import strip_enclitic, unreduplicate
from sorot.text.segment import tokenize

INTERNATIONAL_BODIES = frozenset({"IGO", "UNO", "EUR"})
PREP_REACH = 5  # words between a recipient preposition and the mention it introduces


@dataclass(slots=True)
class Trigger:
    entry: Entry
    voice: str
    first: int  # token indexes, inclusive/exclusive
    last: int
    start: int  # character offsets
    end: int


@dataclass
class SentenceView:
    """One sentence with its tokens and the actor mentions inside it, as the coder sees it."""

    index: int
    sentence: Sentence
    tokens: list[Token]
    lower: list[str]
    mentions: list[Mention]
    words: frozenset[str] = field(default_factory=frozenset)
    verbs: list[int] = field(default_factory=list)  # token indexes of verbal triggers

    def token_at(self, offset: int) -> int:
        starts = [t.start for t in self.tokens]
        return max(0, bisect_left(starts, offset + 1) - 1)


class EventCoder:
    """Codes the events of documents in one language, from that language's lexicon and grammar."""

    def __init__(self, lang: str = "id", lexicon: Lexicon | None = None, min_confidence: float = 0.0) -> None:
        self.lang = lang
        self.lexicon = lexicon or load_lexicon(lang)
        self.modality = modality_cues(lang)
        self.g = grammar(lang)
        self.p = policy()
        self.context = context_cues()
        self.min_confidence = min_confidence

    # --- public ----------------------------------------------------------------------------------

    def code(self, doc: Document) -> list[Event]:
        text = doc.text
        resolved = [m for m in doc.mentions if m.actor and m.actor.code]
        home = _home_country(resolved, doc.lang)
        mentions = sorted(resolved + [_at_home(m, home) for m in doc.mentions
                                      if m.actor and not m.actor.code and home], key=lambda m: m.start)
        starts = [m.start for m in mentions]
        events: list[Event] = []
        previous_subjects: list[Mention] = []
        for index, sentence in enumerate(doc.sentences):
            lo, hi = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
            in_sentence = [m for m in mentions[lo:hi] if m.end <= sentence.end]
            tokens = tokenize(text, sentence.start, sentence.end, index)
            if not tokens:
                continue
            lower = [t.text.lower() for t in tokens]
            view = SentenceView(index, sentence, tokens, lower, in_sentence, frozenset(lower))
            context = _Context(doc, mentions[:lo], previous_subjects, home, mentions, self.p)
            triggers = self._triggers(view)
            view.verbs = [t.first for t in triggers if t.voice != "nominal"]
            coded = [e for e in (self._event(view, t, context) for t in triggers) if e is not None]
            self._embed(coded)
            coded += self._reported_accusations(view, coded)
            events.extend(e for e in coded if e.confidence >= self.min_confidence)
            subject = self._sentence_subject(view)
            if subject:
                previous_subjects = subject
        return _merge_same_sentence(events)

    # --- triggers --------------------------------------------------------------------------------

    def _triggers(self, view: SentenceView) -> list[Trigger]:
        found: list[Trigger] = []
        lex = self.lexicon
        lower = view.lower
        # an actor mention counts as one word in a phrase's gap ("pelarangan Panglima TNI Gatot Nurmantyo masuk")
        units = {view.token_at(m.start): view.token_at(m.end - 1) + 1 for m in view.mentions}
        for i, word in enumerate(lower):
            # "tembak-menembak" is the verb; a full reduplication ("tiba-tiba", "negara-negara") is not
            variants = {word, strip_enclitic(word)}
            if word.endswith("anya") and not word.endswith("annya"):
                variants.add(word[:-2])  # "dukunganya": a common misspelling of "dukungannya"
            left, _, right = word.partition("-")
            if right and left != right:
                variants.add(unreduplicate(word))
            for candidate in variants:
                for entry, voice in lex.words.get(candidate, ()):
                    found.append(self._make(view, entry, self._passive_after_auxiliary(lower, i, voice), i, i + 1))
                for phrase in lex.phrases.get(candidate, ()):
                    end = _match_phrase(lower, i, phrase.tokens, units)
                    if end:
                        found.append(self._make(view, phrase.entry, self._voice_of(lower[i:end]), i, end))
        found = [t for t in found if self._allowed(view, t)]
        # Longer matches win over the words inside them; then the more confident entry.
        found.sort(key=lambda t: (-(t.last - t.first), -t.entry.confidence, t.first))
        kept: list[Trigger] = []
        taken: set[int] = set()
        for t in found:
            span = set(range(t.first, t.last))
            if span & taken:
                continue
            kept.append(t)
            taken |= span
        return sorted(kept, key=lambda t: t.first)

    @staticmethod
    def _make(view: SentenceView, entry: Entry, voice: str, first: int, last: int) -> Trigger:
        return Trigger(entry, voice, first, last, view.tokens[first].start, view.tokens[last - 1].end)

    @staticmethod
    def _allowed(view: SentenceView, t: Trigger) -> bool:
        e = t.entry
        if e.needs and not (e.needs & view.words):
            return False
        if e.unless and e.unless & view.words:
            return False
        if e.not_after and t.first > 0 and view.lower[t.first - 1] in e.not_after:
            return False
        return not (e.not_before and t.last < len(view.lower) and view.lower[t.last] in e.not_before)

    # --- one event -------------------------------------------------------------------------------

    def _event(self, view: SentenceView, trig: Trigger, ctx: _Context) -> Event | None:
        entry = trig.entry
        lo, hi = self._clause(view.lower, trig.first, trig.last)
        modality = self._modality(view.lower, lo, trig.first, entry)
        if (trig.voice == "nominal" and set(view.lower[max(0, trig.first - 2):trig.first]) & self.g.cause_markers
                and not self._casualties_before(view, trig)):
            modality = "historical"  # "ketegangan akibat ancaman X": a noun named as a cause is background
        if modality == "asserted" and self._in_future_frame(view.lower, lo):
            modality = "future"  # "X akan berada di Seoul, setelah mengunjungi Jepang": the visit is planned too
        if modality == "asserted" and trig.voice == "nominal":
            # "rapat ini wajib digelar", "pertemuan akan diadakan": the verb that reports a noun carries its mood
            modality = self._modality(view.lower, trig.last, self._occurrence(view, trig, hi), entry)
        etype, mode, cameo = entry.type, entry.mode, entry.cameo
        if modality == "negated" and entry.on_negation:
            etype, mode = entry.on_negation
            cameo, modality = None, "asserted"
        elif entry.only_negated or entry.modalities and modality not in entry.modalities:
            return None
        if modality in ("future", "intended") and etype in self.modality.agree_when_future:
            etype, mode, cameo = "AGREE", None, None

        actors, recipients = self._arguments(view, trig, lo, hi, ctx)
        if not actors:
            return None
        if etype in self.p.civilian_excluded and all(a.sector in self.p.civilian_sectors for a in actors):
            return None  # private citizens meeting or planning a trip
        if trig.voice == "nominal" and not self._licensed(view, trig, hi, bool(recipients)):
            return None
        recipients = [r for r in recipients if not _same_side(r, actors)]
        if entry.needs_recipient and not recipients:
            return None
        if entry.foreign and {a.code for a in actors} & {r.code for r in recipients}:
            return None
        inferred = False
        if etype == "CONSULT" and mode == "multilateral" and not recipients:
            # a summit or forum: the organisation that holds it is the recipient (GUIDELINES §3)
            own = {a.code for a in actors}
            recipients = _unique(m.actor for m in view.mentions if m.actor and m.actor.code in INTERNATIONAL_BODIES
                                 and m.actor.code not in own)
        if etype in self.p.needs_recipient and not recipients:
            # an inferred counterpart that is the actor itself (a bare state in its own story) is nobody
            recipients = [r for r in ctx.counterpart(actors) if not _same_side(r, actors)]
            inferred = True
            if not recipients:
                return None
        if etype == "COOPERATE" and not recipients and len({a.code for a in actors}) < 2:
            return None
        joint = len({a.code for a in actors}) > 1  # a joint statement or act has no counterpart to infer
        if etype in self.p.infer_recipient and not recipients and not entry.reciprocal and not joint:
            recipients = ctx.counterpart(actors)
            inferred = bool(recipients)
        if etype in self.p.self_directed_if_alone and not recipients:
            recipients = ctx.counterpart(actors) or [Actor(a.code) for a in actors[:1]]
            inferred = True

        if etype in self.p.private_dyad_excluded and all(
                a.sector in self.p.private_sectors or a.code in self.p.private_codes for a in (*actors, *recipients)):
            return None  # a company's hopes for its customers, a fan's request to players: not political
        codes_in_event = {a.code for a in actors} | {r.code for r in recipients}
        contexts = self._contexts(view, entry, etype, international=len(codes_in_event) > 1)
        derived = codes(etype, mode, contexts, entry.variant if etype == entry.type else "", cameo)
        s = view.sentence
        confidence = entry.confidence * (0.9 if trig.voice == "nominal" else 1.0) * (0.7 if inferred else 1.0)
        return Event(
            type=etype, mode=mode, contexts=contexts, modality=modality, actor=actors, recipient=recipients,
            evidence=s.text, trigger=ctx.doc.text[trig.start:trig.end], evidence_start=s.start, evidence_end=s.end,
            trigger_start=trig.start, trigger_end=trig.end, sentence=view.index, cameo=derived.cameo,
            goldstein=derived.goldstein, plover_score=derived.plover_score, quad=derived.quad,
            optional=False, confidence=confidence, rule=f"lexicon:{entry.id}:{trig.voice}",
        )

    def _occurrence(self, view: SentenceView, trig: Trigger, clause_end: int) -> int:
        """Index of the occurrence verb that reports a nominal trigger, or the trigger's end."""
        for i in range(trig.last, clause_end):
            if view.lower[i] in self.lexicon.occurrence_verbs:
                return i
        return trig.last

    def _licensed(self, view: SentenceView, trig: Trigger, clause_end: int, has_recipient: bool) -> bool:
        """A noun codes an act with a light or witness verb before it, an occurrence verb after it, or a full dyad."""
        if trig.entry.needs or trig.last - trig.first > 1:
            return True  # the entry's own conditions or a multiword phrase already make it specific
        before = view.lower[max(0, trig.first - 2):trig.first]
        if any(w in self.lexicon.light_verbs or w in self.lexicon.witness_verbs for w in before):
            return True
        if self._casualties_before(view, trig):
            return True
        if any(w in self.lexicon.occurrence_verbs for w in view.lower[trig.last:clause_end]):
            return True
        return has_recipient

    def _in_future_frame(self, lower: list[str], lo: int) -> bool:
        """A temporal clause ("setelah ...", "sebelum ...") hanging on a main clause that is in the future."""
        if lo < 2 or lower[lo - 1] not in self.g.temporal_openers:
            return False
        main_lo = self._clause(lower, lo - 2, lo - 1)[0]
        main = lower[main_lo:lo - 1]
        return any(tuple(main[i:i + len(cue)]) == cue for cue in self.modality.cues("future") for i in range(len(main)))

    def _against(self, view: SentenceView, mention: Mention) -> bool:
        """The mention is what an "anti-" noun is against ("anti - pemerintah", "anti AS")."""
        i = view.token_at(mention.start)
        token = view.tokens[i]
        glued = view.lower[i][:mention.start - token.start]  # "anti-pemerintah" as one token
        if glued and glued.rstrip("-") in self.g.against_markers:
            return True
        before = view.lower[max(0, i - 2):i]
        return bool(before) and (before[-1] in self.g.against_markers
                                 or before == [before[0], "-"] and before[0] in self.g.against_markers)

    def _casualties_before(self, view: SentenceView, trig: Trigger) -> bool:
        """ "terluka karena tembakan", "tewas akibat serangan": people were hurt by this act."""
        i = trig.first
        return i >= 2 and view.lower[i - 1] in self.g.casualty_causes and view.lower[i - 2] in self.g.casualty_words

    def _modality(self, lower: list[str], clause_start: int, first: int, entry: Entry) -> str:
        # the clause opener itself may be the cue ("jika", "apabila"); negation reaches a few words
        window = lower[max(clause_start - 1, 0, first - self.modality.window):first]
        for name, cues in self.modality.ordered:
            reach = window[-self.p.negation_reach:] if name == "negated" else window
            for cue in cues:
                n = len(cue)
                for i in range(len(reach) - n + 1):
                    if tuple(reach[i:i + n]) != cue:
                        continue
                    after = reach[i + n] if i + n < len(reach) else ""
                    if name == "negated" and after in self.g.not_only:
                        continue  # "tidak hanya", "tak cuma": not only, not a negation
                    if i and tuple(reach[i - 1:i + n]) in self.modality.not_cues:
                        continue  # "terlebih dahulu": first, not formerly
                    return name
        return "intended" if entry.type == "AGREE" else "asserted"

    def _contexts(self, view: SentenceView, entry: Entry, etype: str, international: bool) -> list[str]:
        cues = self.context
        found: list[str] = []
        lower = view.lower
        for i in range(len(lower)):
            for n in range(min(cues.longest, len(lower) - i), 0, -1):
                context = cues.exact.get(tuple(lower[i:i + n]))
                if context:
                    break
            else:
                context = next((c for p, c in cues.prefixes.items() if lower[i].startswith(p)), None)
            if context and context not in found:
                found.append(context)
        for c in entry.contexts:
            if c not in found:
                found.append(c)
        if not found and international:
            found = list(cues.defaults.get(etype, ()))
        return found

    # --- clause structure ------------------------------------------------------------------------

    def _clause(self, lower: list[str], first: int, last: int) -> tuple[int, int]:
        """Token bounds of the clause around a trigger."""
        g = self.g
        lo = first
        while lo > 0 and lower[lo - 1] not in g.clause_openers and lower[lo - 1] not in g.clause_punct:
            lo -= 1
        hi = last
        closers = g.clause_openers - {g.relative_marker}
        while hi < len(lower) and lower[hi] not in closers and lower[hi] not in g.clause_punct:
            hi += 1
        return lo, hi

    def _voice_of(self, words: list[str]) -> str:
        """Voice of a phrase from its first verb (Indonesian prefixes); English phrases are active."""
        if self.lang != "id":
            return "active"
        content = [w for w in words if w not in self.g.adverbs]  # "tidak akan menghadiri": the verb decides
        for word in content[:1]:
            if word.startswith("di") and len(word) > 4:
                return "passive"
            if word.startswith("ber") or word == "bekerja":
                return "middle"
            if word.startswith(("me", "ter")):
                return "active"
        return "nominal"

    def _passive_after_auxiliary(self, lower: list[str], i: int, voice: str) -> str:
        """English "was condemned" is passive, "the visit" nominal: the words before tell."""
        if voice == "active" and i > 0 and lower[i - 1] in self.g.determiners:
            return "nominal"
        aux = self.g.passive_auxiliaries
        if aux and voice == "active":
            before = [w for w in lower[max(0, i - 3):i] if w not in self.g.adverbs]
            if before and before[-1] in aux:
                return "passive"
        return voice

    def _embeds(self, event: Event) -> bool:
        return event.type in self.p.embedding_types or event.mode in self.p.embedding_modes.get(event.type, ())

    def _embed(self, events: list[Event]) -> None:
        """Acts named inside a request, threat, promise or allegation are its content, not acts that happened.

        "X mengancam akan keluar dari ASEAN": the withdrawal is threatened, so it is coded as
        hypothetical, and the threat takes the withdrawal's recipient when it names none itself.
        """
        for i, outer in enumerate(events):
            if not self._embeds(outer):
                continue
            for inner in events[i + 1:]:
                gap = inner.trigger_start - outer.trigger_end
                if gap < 0 or gap > self.p.embed_reach:
                    continue
                if inner.type != "AGREE" and inner.modality not in SOFT_MODALITIES:
                    inner.modality = "hypothetical"
                if not outer.recipient and inner.recipient:
                    outer.recipient = [r for r in inner.recipient if r.code not in {a.code for a in outer.actor}]

    def _reported_accusations(self, view: SentenceView, coded: list[Event]) -> list[Event]:
        """ "X menuturkan bahwa Kremlin melakukan serangan siber": reporting another state's hostile act accuses it.

        The act itself stays coded; the accusation is its reporter's, against the act's actors."""
        found: list[Event] = []
        for e in coded:
            if e.type not in self.p.accused_when_reported or e.modality not in ("asserted", "historical"):
                continue
            first = view.token_at(e.trigger_start)
            lo = self._clause(view.lower, first, first + 1)[0]
            if lo < 2 or view.lower[lo - 1] != self.g.complement_marker:
                continue
            main_lo = self._after_fronted(view.lower, self._clause(view.lower, lo - 2, lo - 1)[0], lo - 1)
            reporters = _unique(m.actor for m in self._coordinated(view, self._subject(view, main_lo, lo - 1))
                                if m.actor)
            if not reporters or {a.code for a in reporters} & {a.code for a in e.actor}:
                continue
            derived = codes("ACCUSE", "allege", e.contexts, "", None)
            found.append(replace(e, type="ACCUSE", mode="allege", modality="asserted", actor=reporters,
                                 recipient=list(e.actor), cameo=derived.cameo, goldstein=derived.goldstein,
                                 plover_score=derived.plover_score, quad=derived.quad,
                                 confidence=e.confidence * 0.9, rule=f"reported:{e.rule}"))
        return found

    # --- arguments -------------------------------------------------------------------------------

    def _arguments(self, view: SentenceView, trig: Trigger, lo: int, hi: int,
                   ctx: _Context) -> tuple[list[Actor], list[Actor]]:
        entry = trig.entry
        if lo > 0 and view.lower[lo - 1] == self.g.relative_marker:
            # a relative clause: its subject is the noun phrase "yang" follows, actor or not; a comma closes it,
            # and a subject after the comma is the verb's ("Dalam kesempatan yang sama, X membicarakan"), else
            # the head noun still is ("Para peretas yang mencuri data itu, menurut dia, melancarkan ...")
            head = self._noun_before(view, lo - 1)
            commas = [i for i in range(lo, trig.first) if view.lower[i] == ","]
            left = (self._subject(view, commas[-1] + 1, trig.first) if commas else []) or head
            if not left:
                return [], []
        elif self._speaker_resumes(view, lo, trig):
            # "X membantah bahwa Y melakukan Z, dan menyalahkan W": X blames, not Y
            outer = self._clause(view.lower, lo - 2, lo - 1)[0]
            left = self._subject(view, outer, lo - 1)
        else:
            start = self._after_fronted(view.lower, lo, trig.first)
            # "X mengunjungi Y dan bertemu Z": a verb earlier in the clause shares its subject
            earlier = [v for v in view.verbs if start <= v < trig.first]
            left = self._subject(view, start, earlier[0] if earlier else trig.first)
            if not left and trig.voice == "active":
                left = self._clausal_subject(view, start, trig.first)
            elif len(left) > 1 and not earlier:
                left = self._second_clause_subject(view, start, trig.first) or left
        if not left:
            left = self._group_subject(view, lo, trig.first, ctx) or self._anaphoric_subject(view, lo, trig, ctx)
        right_after = self._object(view, trig.last, hi, entry.recipient_preps,
                                   "prep-only" if entry.topic_object else trig.voice)
        relative_agent = self._relative_agent(view, trig.last, hi)
        if not right_after and trig.voice in ("active", "middle"):
            # "mengecam serangan yang dilakukan oleh militer X": whose act is condemned is X
            right_after = relative_agent
        if (not right_after and entry.complement_recipient and hi < len(view.lower)
                and view.lower[hi] == self.g.complement_marker):
            # "memperingatkan bahwa AS akan membayar": the warned party is the complement's subject
            right_after = self._subject(view, hi + 1, min(len(view.lower), hi + 8))[:1]
        if not right_after:
            right_after = self._group_subject(view, trig.last, hi, ctx, before=trig.first,
                                              exclude={m.actor.code for m in left if m.actor})
        agent_after = self._oleh(view, trig.last, hi)

        if trig.voice == "passive":
            after = self._object(view, trig.last, min(hi, trig.last + 3), (), "passive")
            if after and not agent_after and self._opens_complement(view, after):
                # "diharapkan PBB bisa merespons": PBB is asked, the hoping party is the speaker
                patient = after
                agent = self._anaphoric_subject(view, lo, trig, ctx)
            else:
                agent = agent_after or after
                patient = left
                if not agent:
                    agent = ctx.implicit_agent(entry.type)
        elif trig.voice == "nominal":
            genitive = self._object(view, trig.last, min(hi, trig.last + 5), (), "nominal")
            light = trig.first > 0 and view.lower[trig.first - 1] in self.lexicon.light_verbs
            if set(view.lower[max(0, trig.first - 3):trig.first]) & self.g.victim_markers:
                # "X menjadi sasaran serangan siber dari Y": X suffers the act, Y (if named) does it
                agent = agent_after or self._object(view, trig.last, hi, ("dari", "from"), "prep-only")
                patient = left
            elif light:
                agent, patient = left, right_after
            elif relative_agent and view.lower[trig.last] == self.g.relative_marker:
                # "gencatan senjata yang dideklarasikan oleh X": X declared it
                agent = relative_agent
                patient = self._object(view, self._after(view, agent), hi, entry.recipient_preps, "prep-only")
            elif own_agent := self._oleh(view, trig.last, hi, reach=self.p.relative_reach):
                # "unjuk rasa pada Kamis oleh warga Palestina": the noun's own agent
                agent = own_agent
                patient = self._object(view, self._after(view, agent), hi, entry.recipient_preps, "prep-only")
            elif genitive and self._against(view, genitive[0]):
                # "demonstrasi anti-pemerintah": the government is the target; its own citizens protest
                patient = genitive
                target = genitive[0].actor
                agent = left if target is None or target.sector in ("", "CVL") else [
                    Mention(genitive[0].start, genitive[0].end, genitive[0].text, "ROLE", Actor(target.code, "CVL"))]
            elif genitive:
                agent = genitive
                patient = self._object(view, self._after(view, genitive), hi, entry.recipient_preps, "prep-only")
            elif trig.first > 0 and view.lower[trig.first - 1] in self.g.report_nouns:
                # "kami mendapat laporan pembunuhan": who reports or receives a report did not do the act
                agent, patient = [], right_after
            else:
                # "memulai latihan gabungan", "Uni Afrika marah": the subject of the clause acts, or the agent of
                # its passive verb ("dihadiri oleh delegasi X untuk forum konsultasi")
                agent, patient = left or self._oleh(view, lo, trig.first), right_after
        else:
            agent = left
            patient = right_after
            if not agent and agent_after and trig.voice != "middle":
                agent = agent_after
        if entry.roles == "inverse":
            agent, patient = patient, agent
        elif entry.roles == "destination":
            # "AS melarang X masuk": the subject refuses X; "X ditolak masuk ke AS", "pelarangan X masuk ke AS":
            # the state of destination does
            inside = self._subject(view, trig.first + 1, trig.last - 1)  # "pelarangan X masuk"
            destination = self._object(view, trig.last, hi, self.g.destination_preps, "prep-only")
            if trig.voice == "active" and agent:
                patient = inside or [m for m in patient if m not in destination]
            elif destination:
                patient = inside or [m for m in (*agent, *patient) if m not in destination]
                agent = destination
        elif entry.roles == "alleged":
            # "X melakukan genosida", "campur tangan Rusia": the wrongdoer is accused; the accuser is who
            # reports it (the speaker of a quote, or the subject of the reporting clause)
            accuser = self._reporter(view, lo, trig, ctx)
            agent, patient = accuser, (agent or patient)

        actors = _unique(m.actor for m in agent if m.actor)
        recipients = _unique(m.actor for m in patient if m.actor)
        if entry.reciprocal and len({a.code for a in actors}) >= 2:
            recipients = []  # both sides act together: a reciprocal event has no recipient
        return actors, recipients

    def _relative_agent(self, view: SentenceView, lo: int, hi: int) -> list[Mention]:
        """The agent of a passive relative clause on the noun after a trigger: "(serangan) yang dilakukan
        oleh X" within a few words of ``lo``."""
        lower = view.lower
        for i in range(lo, min(hi, lo + self.p.relative_reach)):
            if lower[i] != self.g.relative_marker:
                continue
            words = [w for w in lower[i + 1:hi] if w not in self.g.adverbs]
            if not words or self._voice_of(words[:1]) != "passive":
                return []
            return self._oleh(view, i + 2, hi, reach=3)  # "yang dilakukan (langsung) oleh X"
        return []

    def _chain_before(self, view: SentenceView, lo: int, first: int) -> tuple[list[Mention], int]:
        """The mentions coordinated right before token ``first`` (adverbs skipped) and the token they begin at."""
        end = first
        while end > lo and view.lower[end - 1] in self.g.adverbs:
            end -= 1
        chain: list[Mention] = []
        begin = end
        while end > lo:
            found = self._noun_before(view, end) if not chain else [
                m for m in view.mentions if m.end == view.tokens[end - 1].end]
            if not found:
                break
            chain.insert(0, found[-1])
            begin = view.token_at(found[-1].start)
            if not (begin - 1 > lo and view.lower[begin - 1] in self.g.coordination):
                break
            end = begin - 1
        return chain, begin

    def _clausal_subject(self, view: SentenceView, lo: int, first: int) -> list[Mention]:
        """ "laporan tentang pasukan keamanan dan militan membakar desa": the mentions coordinated right before
        the verb, after a preposition that opens a clause, are its subject."""
        chain, begin = self._chain_before(view, lo, first)
        return chain if chain and begin > lo and view.lower[begin - 1] in self.g.clausal_preps else []

    def _second_clause_subject(self, view: SentenceView, lo: int, first: int) -> list[Mention]:
        """ "Panglima sudah bisa berangkat ke AS dan pihak kedutaan siap memfasilitasi": after "dan" that joins
        two clauses, the subject right before the verb is its own, not the first clause's."""
        chain, begin = self._chain_before(view, lo, first)
        while begin - 1 > lo and view.lower[begin - 1] in self.g.np_openers:
            begin -= 1  # "dan pihak kedutaan", "dan para menteri"
        if not chain or begin - 1 <= lo or view.lower[begin - 1] not in self.g.clause_conjunctions:
            return []
        joint = begin - 1
        earlier = [m for m in view.mentions if view.tokens[lo].start <= m.start and m.end <= view.tokens[joint].start]
        if not earlier:
            return []
        # a predicate between the first subject and "dan": two words or more outside actors and coordination
        spans = [(view.token_at(m.start), view.token_at(m.end - 1)) for m in earlier]
        words = [k for k in range(spans[0][1] + 1, joint)
                 if not any(a <= k <= b for a, b in spans) and view.lower[k] not in self.g.coordination]
        return chain if len(words) >= 2 else []

    def _speaker_resumes(self, view: SentenceView, lo: int, trig: Trigger) -> bool:
        """A speech act coordinated after a "bahwa" clause (", dan menyalahkan") is the reporting subject's."""
        if lo < 2 or view.lower[lo - 1] != self.g.complement_marker or trig.entry.type not in self.p.speaker_acts:
            return False
        before = [w for w in view.lower[lo:trig.first] if w not in self.g.adverbs]
        return len(before) >= 2 and before[-2:] == [",", "dan"]

    def _noun_before(self, view: SentenceView, marker: int) -> list[Mention]:
        """The actor mention that ends right before token ``marker`` (a comma may come between):
        "Presiden AS Donald Trump yang mengakui" -> Trump; "mengecam serangan yang menewaskan" -> none."""
        end = marker - 1 if marker > 0 and view.lower[marker - 1] == "," else marker
        if end <= 0:
            return []
        last = view.tokens[end - 1].end
        found = [m for m in view.mentions if m.end == last]
        if not found:
            return []
        first = view.token_at(found[-1].start)
        if first > 0 and view.lower[first - 1] in self.g.oblique:
            return []  # "pasukan di Gaza yang ...": a place or oblique phrase is not the clause's subject
        return found[-1:]

    def _reporter(self, view: SentenceView, lo: int, trig: Trigger, ctx: _Context) -> list[Mention]:
        """Who reports an allegation: a quote's speaker (direct or reported speech), else the subject of the
        clause before this one."""
        quote = ctx.in_quote(view, trig, direct=False)
        if quote is not None and quote.speaker_actor:
            return [Mention(quote.speaker_start, quote.speaker_end, quote.speaker, "PERSON", quote.speaker_actor)]
        return self._coordinated(view, self._subject(view, 0, lo)) if lo > 0 else []

    def _subject(self, view: SentenceView, lo: int, hi: int) -> list[Mention]:
        """Actor mentions of the subject noun phrase(s) in tokens [lo, hi): not inside an oblique phrase."""
        if hi <= lo:
            return []
        start, end = view.tokens[lo].start, view.tokens[hi - 1].end
        chosen: list[Mention] = []
        oblique_chain = False
        for m in view.mentions:
            if m.start < start or m.end > end:
                continue
            i = view.token_at(m.start)
            prev = view.lower[i - 1] if i > 0 else ""
            if prev in self.g.backer_markers:
                continue  # "Koalisi ... dukungan Amerika Serikat": the backer qualifies the subject, it is not one
            if prev in self.g.oblique:
                oblique_chain = True
                continue
            if prev in self.g.coordination and oblique_chain:
                continue
            oblique_chain = False
            chosen.append(m)
        return chosen

    def _object(self, view: SentenceView, lo: int, hi: int, preps: tuple[str, ...], voice: str) -> list[Mention]:
        """The first actor mention after the trigger (and mentions coordinated with it)."""
        if hi <= lo:
            return []
        start, end = view.tokens[lo].start, view.tokens[hi - 1].end
        found: list[Mention] = []
        for m in view.mentions:
            if m.start < start or m.end > end:
                continue
            i = view.token_at(m.start)
            prev = view.lower[i - 1] if i > 0 else ""
            if found:
                between = view.lower[view.token_at(found[-1].end - 1) + 1:i]
                if all(w in self.g.coordination for w in between):
                    found.append(m)
                    continue
                break
            if prev in self.g.oblique and prev not in preps and (voice in ("nominal", "passive") or i - lo > 1):
                continue
            if voice == "prep-only" and not self._after_prep(view.lower, lo, i, preps):
                continue
            found.append(m)
        return found

    def _after_fronted(self, lower: list[str], lo: int, first: int) -> int:
        """Skip a fronted adverbial ("Bersamaan dengan rilisnya laporan X, Y menjatuhkan ..."): the subject
        follows its comma."""
        if lo < first and lower[lo] in self.g.fronted_openers and "," in lower[lo:first]:
            return lower.index(",", lo, first) + 1
        return lo

    def _opens_complement(self, view: SentenceView, mentions: list[Mention]) -> bool:
        """The word after a noun phrase starts a clause it is the subject of ("PBB bisa ...")."""
        i = self._after(view, mentions)
        return i < len(view.lower) and view.lower[i] in self.g.complement_starters

    def _after_prep(self, lower: list[str], lo: int, i: int, preps: tuple[str, ...]) -> bool:
        """Token i lies in a short phrase opened by one of ``preps`` ("atas dugaan tindakan kapal Vietnam")."""
        for j in range(i - 1, max(lo, i - PREP_REACH) - 1, -1):
            if lower[j] in preps:
                return True
            if lower[j] in self.g.oblique or lower[j] in self.g.clause_punct:
                return False
        return False

    @staticmethod
    def _after(view: SentenceView, mentions: list[Mention]) -> int:
        return view.token_at(mentions[-1].end - 1) + 1

    def _oleh(self, view: SentenceView, lo: int, hi: int, reach: int | None = None) -> list[Mention]:
        """The agent after the first "oleh" in tokens [lo, hi) (or within ``reach`` tokens of ``lo``)."""
        for i in range(lo, hi if reach is None else min(hi, lo + reach)):
            if view.lower[i] == self.g.agent_marker:
                return self._object(view, i + 1, hi, (self.g.agent_marker,), "active")
        return []

    def _group_subject(self, view: SentenceView, lo: int, hi: int, ctx: _Context,
                       before: int | None = None, exclude: set[str] | frozenset[str] = frozenset()) -> list[Mention]:
        """'kedua negara', 'keduanya' in tokens [lo, hi) -> the two most recent distinct actors before them."""
        words = view.lower[lo:hi]
        g = self.g
        heads_next = [j + 1 < len(words) and words[j + 1] in g.group_heads for j in range(len(words))]
        pairs = zip(words, heads_next, strict=True)
        if not any(w in g.group_pronouns or w in g.group_words and head for w, head in pairs):
            return []
        limit = view.tokens[lo if before is None else before].start
        pool = list(reversed([m for m in view.mentions if m.end <= limit])) + list(reversed(ctx.earlier[-40:]))
        # a single actor speaking of "kedua negara" is one of the two: only its partner is needed
        wanted = 1 if len(exclude) == 1 else 2
        picked: list[Mention] = []
        codes_seen: set[str] = set(exclude)
        for m in pool:
            if m.actor and m.actor.code not in codes_seen and m.type != "PLACE":
                picked.append(m)
                codes_seen.add(m.actor.code)
            if len(picked) == wanted:
                break
        return picked if len(picked) == wanted else []

    def _anaphoric_subject(self, view: SentenceView, lo: int, trig: Trigger, ctx: _Context) -> list[Mention]:
        """A pronoun or empty subject: the quote's speaker, else the subject of the enclosing clause."""
        words = view.lower[lo:trig.first]
        quote = ctx.in_quote(view, trig)
        speaker_acts = trig.voice != "nominal" or bool(self.g.anaphors & set(words))
        if quote is not None and quote.speaker_actor and speaker_acts:
            return [Mention(quote.speaker_start, quote.speaker_end, quote.speaker, "PERSON", quote.speaker_actor)]
        if lo > 0:
            outer = self._subject(view, 0, lo)
            if outer:
                return outer
        zero = not any(w[:1].isalpha() and w not in self.g.adverbs for w in words)
        if (zero and trig.first > 0 and trig.voice in ("active", "middle") or self.g.anaphors & set(words)) \
                and ctx.previous_subjects:
            return ctx.previous_subjects  # "ia", "mereka" or no subject at all: the topic of the last sentence
        return []

    def _sentence_subject(self, view: SentenceView) -> list[Mention]:
        """The first noun phrase of a sentence that names an actor, when it comes early enough to be the subject."""
        return self._coordinated(view, self._subject(view, 0, min(len(view.tokens), self.p.subject_reach)))

    def _coordinated(self, view: SentenceView, mentions: list[Mention]) -> list[Mention]:
        """The first mention and those coordinated with it ("AS, Jepang dan Korsel"), not later noun phrases."""
        chain = mentions[:1]
        for m in mentions[1:]:
            between = view.lower[view.token_at(chain[-1].end - 1) + 1:view.token_at(m.start)]
            if not all(w in self.g.coordination for w in between):
                break
            chain.append(m)
        return chain


@dataclass
class _Context:
    """What the coder knows from outside the sentence."""

    doc: Document
    earlier: list[Mention]
    previous_subjects: list[Mention]
    home: str
    doc_mentions: list[Mention]
    policy: Policy

    def in_quote(self, view: SentenceView, trig: Trigger, direct: bool = True) -> Quote | None:
        """The direct quote around the trigger (or, with ``direct=False``, any quote: reported speech too)."""
        for q in self.doc.quotes:
            if (q.direct or not direct) and q.start <= trig.start and trig.end <= q.end:
                return q
        return None

    def counterpart(self, actors: list[Actor]) -> list[Actor]:
        """The state or body the article pairs most often with the actor: its most frequent other party."""
        own = {a.code for a in actors}
        all_counts = Counter(m.actor.code for m in self.doc_mentions if m.actor)
        total = sum(all_counts.values())
        if own == {self.home} and total and all_counts[self.home] >= self.policy.domestic_share * total:
            # a domestic story: the other party is at home too, most often the person it is about
            return [self._typical(self.home, exclude={a.key() for a in actors}, person=True)]
        counts = Counter({code: n for code, n in all_counts.items() if code not in own})
        if not counts:
            return []
        code, n = counts.most_common(1)[0]
        return [self._typical(code)] if n >= 2 else []

    def _typical(self, code: str, exclude: set[tuple[str, str, str]] | None = None, person: bool = False) -> Actor:
        """The entity the article most often means by ``code`` (a person first when asked)."""
        exclude = exclude or set()
        pool = [m.actor for m in self.doc_mentions if m.actor and m.actor.code == code and m.actor.sector
                and m.actor.key() not in exclude and (not person or m.type == "PERSON")]
        if not pool and person:
            return self._typical(code, exclude)
        if not pool:
            return Actor(code)
        top = Counter(a.key() for a in pool).most_common(1)[0][0]
        return next(a for a in pool if a.key() == top)

    def implicit_agent(self, etype: str) -> list[Mention]:
        sectors = self.policy.implicit_agent_sectors.get(etype)
        if not sectors:
            return []
        for m in reversed(self.earlier):
            if m.actor and m.actor.sector in sectors:
                return [m]
        return []


def _match_phrase(lower: list[str], i: int, pattern: tuple[str, ...], units: dict[int, int] | None = None) -> int:
    """End token index (exclusive) if ``pattern`` matches at ``i``, else 0; GAP skips up to MAX_GAP words,
    a span in ``units`` (start token -> end token) counting as one."""
    pos = i
    k = 0
    while k < len(pattern):
        tok = pattern[k]
        if tok == GAP:
            nxt = pattern[k + 1]
            skipped = 0
            while skipped <= MAX_GAP and pos < len(lower):
                if _same(lower[pos], nxt):
                    break
                pos = (units or {}).get(pos, pos + 1)
                skipped += 1
            else:
                return 0
            k += 1
            continue
        if pos >= len(lower) or not _same(lower[pos], tok):
            return 0
        pos += 1
        k += 1
    return pos


def _same(word: str, pattern: str) -> bool:
    """A phrase word matches itself, its -nya form and its plural reduplication ("batu-batu" for "batu")."""
    return word == pattern or strip_enclitic(word) == pattern or word == f"{pattern}-{pattern}"


def _unique(actors: object) -> list[Actor]:
    out: list[Actor] = []
    seen: set[tuple[str, str, str]] = set()
    for a in actors:  # type: ignore[attr-defined]
        if a.key() not in seen:
            seen.add(a.key())
            out.append(a)
    return out


def _home_country(mentions: list[Mention], lang: str) -> str:
    counts = Counter(m.actor.code for m in mentions if m.actor and len(m.actor.code) == 3 and m.actor.code.isalpha()
                     and m.actor.code not in NON_STATE_CODES)
    if counts:
        return counts.most_common(1)[0][0]
    return "IDN" if lang == "id" else ""


def _same_side(recipient: Actor, actors: list[Actor]) -> bool:
    """A recipient that repeats an actor: same state with no distinguishing sector (KPK -> a minister stays)."""
    for a in actors:
        same_sector = not a.sector or not recipient.sector or a.sector == recipient.sector
        distinct_names = a.name and recipient.name and a.name != recipient.name
        if a.code == recipient.code and same_sector and (a.key() == recipient.key() or not distinct_names):
            return True
    return False


def _at_home(mention: Mention, home: str) -> Mention:
    """A person or body the knowledge base does not know, placed in the article's home country."""
    a = mention.actor or Actor(code="")
    actor = Actor(home, a.sector, a.name or mention.text, a.qid, a.role, a.role_start, a.role_end)
    return Mention(mention.start, mention.end, mention.text, mention.type, actor, mention.sentence, mention.source,
                   mention.head)


def _merge_same_sentence(events: list[Event]) -> list[Event]:
    """One event per act and sentence: the same type and dyad found twice in a sentence is one report, and so is
    a joint act named twice with fewer parties once ("nota kesepahaman (MoU)")."""
    out: list[Event] = []
    index: dict[tuple, int] = {}
    for e in events:
        key = (e.sentence, e.type, tuple(sorted(a.code for a in e.actor)), tuple(sorted(a.code for a in e.recipient)))
        kept = out[index[key]] if key in index else _joint_twin(out, e)
        if kept is not None:
            if len({a.code for a in e.actor}) > len({a.code for a in kept.actor}):
                kept.actor = e.actor
            kept.contexts += [c for c in e.contexts if c not in kept.contexts]
            kept.confidence = max(kept.confidence, e.confidence)
            continue
        index[key] = len(out)
        out.append(e)
    return out


def _joint_twin(events: list[Event], event: Event) -> Event | None:
    """An event of this sentence and type without recipients whose parties include or are included in these."""
    if event.recipient:
        return None
    mine = {a.code for a in event.actor}
    for other in events:
        if other.sentence != event.sentence or other.type != event.type or other.recipient:
            continue
        theirs = {a.code for a in other.actor}
        if len(mine | theirs) > 1 and (mine <= theirs or theirs <= mine):
            return other
    return None
