"""Trained named-entity recognizer (PER, ORG, LOC) for names the actor knowledge base does not know.

The shipped tagger (:class:`BiLstmTagger`) is a BiLSTM-CRF: per word a fastText vector learned from
unlabelled news, a character CNN, the word's capitalisation class and the distributional word
clusters and lexicon classes (``models/ner_lexicon.yaml``: titles such as *Presiden*, organisation
and place head nouns) that ``scripts/train_ner.py`` provides; a bidirectional LSTM over the
sentence; CRF decoding. It is trained with JAX by ``scripts/train_ner_neural.py`` and runs here in
plain numpy on one CPU core (no runtime dependency beyond numpy, model 7 MB). The older
linear-chain CRF over hand-designed features (:class:`CrfTagger`, python-crfsuite) is kept as the
fast baseline it is measured against (scores in docs/ner.md). Training and tagging share
:class:`WordEncoder` (BiLSTM-CRF) and :class:`FeatureExtractor` (CRF), so inputs cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from threadpoolctl import ThreadpoolController

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_FILE = "ner.crfsuite"
NEURAL_FILE = "ner_bilstm.npz"
CLUSTERS_FILE = "ner_clusters.tsv"
LEXICON_FILE = "ner_lexicon.yaml"

# Offsets of the neighbouring words whose features a token sees.
WINDOW = (-2, -1, 1, 2)
_BOUNDARY = {-2: "<s2>", -1: "<s>", 1: "</s>", 2: "</s2>"}
_CACHE_LIMIT = 300_000
_BATCH = 32  # sentences tagged together by the BiLSTM-CRF
_ONE_BLAS_THREAD = ThreadpoolController()

# Words (with inner dots, hyphens, apostrophes or digit groups kept together), or one symbol.
_TOKEN_RE = re.compile(r"[^\W_]+(?:[.,'’\-/][^\W_]+)*|\S")
# Abbreviations whose final dot belongs to the word (single capitals such as initials are added).
_ABBREV_RE = re.compile(r"(?:[A-Z]|Dr|Drs|Dra|Prof|Ir|Jl|Jln|Gg|Kab|Kec|Kel|Prov|St|Mr|Mrs|Ms|Inc|Co|Ltd|Corp)")


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Split ``text`` into ``(start, end, token)`` triples that keep character offsets."""
    tokens: list[tuple[int, int, str]] = []
    for match in _TOKEN_RE.finditer(text):
        start, end, word = match.start(), match.end(), match.group()
        if (
            word == "."
            and tokens
            and tokens[-1][1] == start
            and _ABBREV_RE.fullmatch(tokens[-1][2])
            and end < len(text)
            and text[end].isspace()
        ):
            prev_start = tokens[-1][0]
            tokens[-1] = (prev_start, end, text[prev_start:end])
            continue
        tokens.append((start, end, word))
    return tokens


def word_shape(word: str) -> str:
    """Collapsed character classes: ``Jakarta`` -> ``Xx``, ``KPK`` -> ``X``, ``2024`` -> ``d``."""
    out: list[str] = []
    for ch in word:
        if ch.isupper():
            cls = "X"
        elif ch.islower():
            cls = "x"
        elif ch.isdigit():
            cls = "d"
        else:
            cls = ch
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out)


def case_class(word: str) -> str:
    """One letter for the capitalisation pattern: Title, Upper, lower, Mixed, Digit, Punct."""
    if word.isdigit():
        return "D"
    if not any(ch.isalpha() for ch in word):
        return "P"
    if word.isupper():
        return "U" if len(word) > 1 else "T"
    if word.islower():
        return "L"
    if word[0].isupper() and word[1:].islower():
        return "T"
    return "M"


def load_lexicon(path: Path) -> dict[str, frozenset[str]]:
    """Word classes (class name -> lower-cased words) from the YAML lexicon."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {name: frozenset(str(w).lower() for w in words) for name, words in data.items()}


def load_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """Word profiles written by the training script: lower-cased word -> (case profile, cluster ids
    from coarse to fine)."""
    clusters: dict[str, tuple[str, ...]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, *ids = line.rstrip("\n").split("\t")
            clusters[word] = tuple(ids)
    return clusters


@dataclass
class FeatureExtractor:
    """Turns a sentence into CRF feature strings; per-word parts are cached because words repeat."""

    lexicon: dict[str, frozenset[str]]
    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # see load_clusters
    _cache: dict[str, tuple[list[str], dict[int, list[str]], str, str]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def from_dir(cls, model_dir: Path) -> FeatureExtractor:
        clusters_path = model_dir / CLUSTERS_FILE
        clusters = load_clusters(clusters_path) if clusters_path.exists() else {}
        return cls(load_lexicon(model_dir / LEXICON_FILE), clusters)

    def _word(self, word: str) -> tuple[list[str], dict[int, list[str]], str, str]:
        """Features of a word itself, its features as seen from each neighbour, its lower form, case."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        lower = word.lower()
        case = case_class(word)
        shape = word_shape(word)
        classes = [name for name, words in self.lexicon.items() if lower in words]
        profile, *cluster_ids = self.clusters.get(lower, ("c?",))
        own = [
            "b",
            "w=" + lower,
            "sh=" + shape,
            "c=" + case,
            "len=" + str(min(len(word), 8)),
            "cp=" + profile,
            f"cp={profile}&c={case}",
        ]
        own += [f"p{n}={lower[:n]}" for n in (1, 2, 3, 4) if len(lower) > n]
        own += [f"s{n}={lower[-n:]}" for n in (1, 2, 3, 4) if len(lower) > n]
        own += [f"k{i}={cid}" for i, cid in enumerate(cluster_ids)]
        own += ["lx=" + name for name in classes]
        if not cluster_ids:
            own.append("oov")
        if "-" in word:
            own.append("hyph")
        near = [
            "w=" + lower,
            "c=" + case,
            "s3=" + lower[-3:],
            "cp=" + profile,
        ]
        near += [f"k{i}={cid}" for i, cid in enumerate(cluster_ids[:2])]
        near += ["lx=" + name for name in classes]
        neighbours = {offset: [f"{offset}{feat}" for feat in near] for offset in WINDOW}
        neighbours[-2] = [f for f in neighbours[-2] if not f.startswith("-2s3")]
        neighbours[2] = [f for f in neighbours[2] if not f.startswith("2s3")]
        cached = (own, neighbours, lower, case)
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = cached
        return cached

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        """Feature lists for every token of one sentence."""
        parts = [self._word(w) for w in words]
        n = len(parts)
        out: list[list[str]] = []
        for i, (own, _, lower, case) in enumerate(parts):
            feats = list(own)
            for offset in WINDOW:
                j = i + offset
                if 0 <= j < n:
                    feats += parts[j][1][offset]
                else:
                    feats.append(_BOUNDARY[offset])
            prev_lower, prev_case = (parts[i - 1][2], parts[i - 1][3]) if i > 0 else ("<s>", "S")
            next_lower, next_case = (parts[i + 1][2], parts[i + 1][3]) if i + 1 < n else ("</s>", "S")
            feats.append(f"bw-={prev_lower}|{lower}")
            feats.append(f"bw+={lower}|{next_lower}")
            feats.append(f"cc={prev_case}{case}{next_case}")
            if i == 0:
                feats.append("first")
            out.append(feats)
        return out


def bio_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity chunks ``(start, end_exclusive, type)`` from BIO labels, as conlleval reads them.

    An ``I-X`` that does not continue a chunk of type X opens a new chunk (conlleval semantics).
    """
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, label in enumerate(list(labels) + ["O"]):
        prefix, _, typ = label.partition("-")
        continues = prefix == "I" and kind == typ and start >= 0
        if start >= 0 and not continues:
            spans.append((start, i, kind))
            start, kind = -1, ""
        if prefix == "B" or (prefix == "I" and not continues):
            start, kind = i, typ
    return spans


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 with the counts behind them."""

    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int
    correct: int


def _score(correct: int, predicted: int, gold: int) -> Score:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, gold, predicted, correct)


def span_f1(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> dict[str, Score]:
    """Entity-level scores (exact span and type), per type, ``micro`` and ``macro`` (mean of type F1)."""
    gold_set: set[tuple[int, int, int, str]] = set()
    pred_set: set[tuple[int, int, int, str]] = set()
    for k, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        gold_set.update((k, *span) for span in bio_spans(g))
        pred_set.update((k, *span) for span in bio_spans(p))
    types = sorted({s[3] for s in gold_set | pred_set})
    scores: dict[str, Score] = {}
    for typ in types:
        g = {s for s in gold_set if s[3] == typ}
        p = {s for s in pred_set if s[3] == typ}
        scores[typ] = _score(len(g & p), len(p), len(g))
    micro = _score(len(gold_set & pred_set), len(pred_set), len(gold_set))
    per_type = [scores[t] for t in types if scores[t].gold]
    macro_f1 = sum(s.f1 for s in per_type) / len(per_type) if per_type else 0.0
    macro_p = sum(s.precision for s in per_type) / len(per_type) if per_type else 0.0
    macro_r = sum(s.recall for s in per_type) / len(per_type) if per_type else 0.0
    scores["micro"] = micro
    scores["macro"] = Score(macro_p, macro_r, macro_f1, micro.gold, micro.predicted, micro.correct)
    return scores


class NerTagger:
    """Shared span logic of the taggers; subclasses provide ``labels`` and ``tag``."""

    @property
    def labels(self) -> list[str]:
        raise NotImplementedError

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO labels for one sentence of tokens."""
        raise NotImplementedError

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO labels of many sentences (a tagger may batch them)."""
        return [self.tag(words) for words in sentences]

    def entities_from_tokens(self, tokens: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Character spans ``(start, end, label)`` from caller tokens ``(start, end, text)``."""
        labels = self.tag([tok[2] for tok in tokens])
        return [(tokens[a][0], tokens[b - 1][1], typ) for a, b, typ in bio_spans(labels)]

    def entities(self, text: str) -> list[tuple[int, int, str]]:
        """Character spans ``(start, end, label)`` of the entities in ``text``.

        The text is cut at line breaks and sentence-final punctuation so that the tagger sees
        sentence-sized inputs, as in training; the pieces are tagged together.
        """
        chunks = list(sentence_chunks(text, tokenize(text)))
        labels = self.tag_sentences([[tok[2] for tok in chunk] for chunk in chunks])
        return [
            (chunk[a][0], chunk[b - 1][1], typ)
            for chunk, chunk_labels in zip(chunks, labels, strict=True)
            for a, b, typ in bio_spans(chunk_labels)
        ]


class CrfTagger(NerTagger):
    """The CRF baseline (``ner.crfsuite`` written by ``scripts/train_ner.py train``)."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = model_dir
        self.features = FeatureExtractor.from_dir(model_dir)
        import pycrfsuite  # the CRF baseline only: `pip install sorot[train]`

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_dir / MODEL_FILE))

    @property
    def labels(self) -> list[str]:
        return list(self._tagger.labels())

    def tag(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        return list(self._tagger.tag(self.features.sentence(tokens)))


# --------------------------------------------------------------------------- BiLSTM-CRF

CASE_CLASSES = ("T", "U", "L", "M", "D", "P")
CASE_PROFILES = ("c0", "c1", "c2", "c3", "c4", "cU", "c?")
CLUSTER_SIZES = (32, 128, 512, 1024)
MAX_CHARS = 16  # longer words keep their first and last 8 characters
N_CATEGORIES = 2 + len(CLUSTER_SIZES)  # case class, case profile, one id per cluster granularity
_CASE_INDEX = {case: i for i, case in enumerate(CASE_CLASSES)}


@dataclass
class WordEncoder:
    """The per-word inputs of the BiLSTM-CRF, shared by training (JAX) and tagging (numpy).

    A word is a pretrained vector index (0 = unknown), its characters (case kept) for the character
    CNN, categorical ids (case class, case profile, four cluster ids) and a multi-hot of the lexicon
    classes plus an unknown-word flag.
    """

    vocab: dict[str, int]
    chars: dict[str, int]
    lexicon: dict[str, frozenset[str]]
    clusters: dict[str, tuple[str, ...]]
    _profiles: dict[str, tuple[int, ...]] = field(init=False, repr=False)
    _classes: dict[str, np.ndarray] = field(init=False, repr=False)
    _no_profile: tuple[int, ...] = field(init=False, repr=False)
    _no_class: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Word-level lookups done once: (case profile, cluster ids) and lexicon multi-hots.
        unknown = len(CASE_PROFILES) - 1
        self._profiles = {
            word: (CASE_PROFILES.index(ids[0]) if ids[0] in CASE_PROFILES else unknown,
                   *(int(cid) + 1 for cid in ids[1 : 1 + len(CLUSTER_SIZES)]))  # 0 = not clustered
            for word, ids in self.clusters.items()
        }  # fmt: skip
        self._classes = {}
        for k, words in enumerate(self.lexicon.values()):
            for word in words:
                self._classes.setdefault(word, np.zeros(self.n_flags, np.float32))[k] = 1.0
        self._no_profile = (unknown,) + (0,) * len(CLUSTER_SIZES)
        self._no_class = np.zeros(self.n_flags, np.float32)

    @property
    def n_flags(self) -> int:
        return len(self.lexicon) + 1

    def encode(self, word: str) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
        lower = word.lower()
        vid = self.vocab.get(lower, 0)
        half = MAX_CHARS // 2
        word_chars = word[:half] + word[-half:] if len(word) > MAX_CHARS else word
        chars = np.zeros(MAX_CHARS, np.int32)
        chars[: len(word_chars)] = [self.chars.get(ch, 1) for ch in word_chars]  # 0 pad, 1 unknown
        cats = np.array((_CASE_INDEX[case_class(word)], *self._profiles.get(lower, self._no_profile)), np.int32)
        flags = self._classes.get(lower, self._no_class).copy()
        flags[-1] = vid == 0
        return vid, chars, cats, flags

    def batch(self, sentences: Sequence[Sequence[str]], length: int) -> tuple[np.ndarray, ...]:
        """Padded arrays ``(vector ids, chars, categories, flags, mask)`` of shape (sentences, length, ...)."""
        n = len(sentences)
        vids = np.zeros((n, length), np.int32)
        chars = np.zeros((n, length, MAX_CHARS), np.int32)
        cats = np.zeros((n, length, N_CATEGORIES), np.int32)
        flags = np.zeros((n, length, self.n_flags), np.float32)
        mask = np.zeros((n, length), bool)
        for b, words in enumerate(sentences):
            for t, word in enumerate(words):
                vids[b, t], chars[b, t], cats[b, t], flags[b, t] = self.encode(word)
            mask[b, : len(words)] = True
        return vids, chars, cats, flags, mask


def _split_lines(array: np.ndarray) -> list[str]:
    return bytes(array).decode("utf-8").split("\n")


class BiLstmTagger(NerTagger):
    """BiLSTM-CRF over pretrained word vectors, a character CNN and the CRF's word classes/clusters.

    Trained by ``scripts/train_ner_neural.py``; tagged here in numpy. Everything before the LSTM
    depends on the word alone, so each word's input projection (both directions) is computed once
    and cached; a sentence then costs one small matrix product per token for the recurrence, an
    output layer and Viterbi decoding.
    """

    def __init__(self, model_dir: Path, model_file: Path | None = None) -> None:
        self.model_dir = model_dir
        with np.load(model_file or model_dir / NEURAL_FILE) as npz:
            arrays = {k: npz[k] for k in npz.files}
        vocab = _split_lines(arrays.pop("vocab"))
        chars = _split_lines(arrays.pop("chars"))
        self._labels = _split_lines(arrays.pop("labels"))
        vectors = arrays.pop("vectors").astype(np.float32)
        self.vectors = np.vstack([np.zeros((1, vectors.shape[1]), np.float32), vectors])  # row 0: unknown word
        p = {k: v.astype(np.float32) for k, v in arrays.items()}
        self.encoder = WordEncoder(
            {w: i + 1 for i, w in enumerate(vocab)},
            {c: i + 2 for i, c in enumerate(chars)},
            load_lexicon(model_dir / LEXICON_FILE),
            load_clusters(model_dir / CLUSTERS_FILE),
        )
        hidden = p["wh_f"].shape[0]
        # Gates reordered to (input, forget, output, cell) so the three sigmoid gates are contiguous,
        # and sigmoid(x) = (tanh(x / 2) + 1) / 2: their columns are halved so one tanh serves all.
        order = np.r_[0 : 2 * hidden, 3 * hidden : 4 * hidden, 2 * hidden : 3 * hidden]
        scale = np.r_[np.full(3 * hidden, 0.5), np.ones(hidden)].astype(np.float32)
        self._wx = np.concatenate([p["wx_f"][:, order] * scale, p["wx_b"][:, order] * scale], 1)  # D x 8H
        self._bias = np.concatenate([p["b_f"][order] * scale, p["b_b"][order] * scale])
        self._wh = np.stack([p["wh_f"][:, order] * scale, p["wh_b"][:, order] * scale])  # 2 x H x 4H
        self._hidden = hidden
        self._char_emb, self._char_w, self._char_b = p["char_emb"], p["char_w"], p["char_b"]
        self._cats = [p[f"cat{i}"] for i in range(N_CATEGORIES)]
        self._wo, self._bo = p["wo"], p["bo"]
        self._trans, self._start, self._end = p["trans"], p["start"], p["end"]
        self._cache: dict[str, np.ndarray] = {}

    @property
    def labels(self) -> list[str]:
        return list(self._labels)

    def _project(self, words: list[str]) -> None:
        """Compute and cache the LSTM input projections of new words (one batch)."""
        encoded = [self.encoder.encode(w) for w in words]
        vids = np.array([e[0] for e in encoded])
        chars = np.stack([e[1] for e in encoded])  # N x L
        cats = np.stack([e[2] for e in encoded])
        flags = np.stack([e[3] for e in encoded])
        present = (chars > 0)[..., None]
        emb = self._char_emb[chars] * present
        pad = np.zeros_like(emb[:, :1])
        window = np.concatenate([np.concatenate([pad, emb[:, :-1]], 1), emb, np.concatenate([emb[:, 1:], pad], 1)], 2)
        conv = np.where(present, window @ self._char_w + self._char_b, -1e4)
        parts = [self.vectors[vids], np.tanh(conv.max(1))]
        parts += [table[cats[:, i]] for i, table in enumerate(self._cats)]
        projected = (np.concatenate(parts + [flags], 1) @ self._wx + self._bias).reshape(len(words), 2, -1)
        for word, row in zip(words, projected, strict=True):
            self._cache[word] = row

    def emissions_batch(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Label scores (tokens x labels, before the CRF transitions) of non-empty sentences, run
        together: the recurrence steps over the longest one, every sentence a row of each step."""
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        new = list(dict.fromkeys(w for words in sentences for w in words if w not in self._cache))
        if new:
            self._project(new)
        n, hidden = max(len(words) for words in sentences), self._hidden
        xs = np.zeros((n, 2, len(sentences), 4 * hidden), np.float32)
        for b, words in enumerate(sentences):
            rows = np.stack([self._cache[w] for w in words])  # T x 2 x 4H
            xs[: len(words), 0, b] = rows[:, 0]
            xs[: len(words), 1, b] = rows[::-1, 1]  # the backward LSTM reads the sentence reversed
        h = np.zeros((2, len(sentences), hidden), np.float32)
        c = np.zeros_like(h)
        wh, steps = self._wh, []
        for x in xs:
            a = np.matmul(h, wh)
            a += x
            np.tanh(a, out=a)
            gates = a[..., : 3 * hidden]
            gates *= 0.5
            gates += 0.5  # sigmoids of the input, forget and output gates
            c *= gates[..., hidden : 2 * hidden]
            c += gates[..., :hidden] * a[..., 3 * hidden :]
            h = gates[..., 2 * hidden :] * np.tanh(c)
            steps.append(h)
        out = np.stack(steps)  # T x 2 x B x H
        scores = []
        for b, words in enumerate(sentences):
            states = np.concatenate([out[: len(words), 0, b], out[len(words) - 1 :: -1, 1, b]], 1)
            scores.append(states @ self._wo + self._bo)
        return scores

    def emissions(self, tokens: Sequence[str]) -> np.ndarray:
        """Label scores (tokens x labels) of one non-empty sentence before the CRF transitions."""
        return self.emissions_batch([tokens])[0]

    def _viterbi(self, scores: list[np.ndarray]) -> list[list[str]]:
        """Best label paths under the CRF transitions, all sentences stepped together."""
        lengths = [len(sc) for sc in scores]
        padded = np.zeros((len(scores), max(lengths), len(self._labels)), np.float32)
        for b, sc in enumerate(scores):
            padded[b, : len(sc)] = sc
        best = self._start + padded[:, 0]  # B x K
        history, back = [best], []
        for t in range(1, padded.shape[1]):
            cand = best[:, :, None] + self._trans  # B x from x to
            back.append(cand.argmax(1))
            best = cand.max(1) + padded[:, t]
            history.append(best)
        pointers = np.stack(back) if back else np.zeros((0, len(scores), len(self._labels)), np.int64)
        paths = []
        for b, length in enumerate(lengths):
            k = int((history[length - 1][b] + self._end).argmax())
            path = [k]
            for row in pointers[length - 2 :: -1, b].tolist() if length > 1 else []:
                k = row[k]
                path.append(k)
            paths.append([self._labels[k] for k in reversed(path)])
        return paths

    def tag(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_sentences([tokens])[0]

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO labels of many sentences; similar lengths are batched (faster than one at a time).

        The matrices are small: a BLAS thread pool only adds overhead (about 10x on a busy core), and
        sorot runs in parallel by processes, so tagging uses one BLAS thread."""
        with _ONE_BLAS_THREAD.limit(limits=1, user_api="blas"):
            return self._tag_batched(sentences)

    def _tag_batched(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        labels: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, words in enumerate(sentences) if words), key=lambda i: len(sentences[i]))
        for start in range(0, len(order), _BATCH):
            group = order[start : start + _BATCH]
            paths = self._viterbi(self.emissions_batch([sentences[i] for i in group]))
            for i, path in zip(group, paths, strict=True):
                labels[i] = path
        return labels


_SENTENCE_END = frozenset({".", "!", "?"})
_MAX_CHUNK = 120


def sentence_chunks(
    text: str, tokens: list[tuple[int, int, str]]
) -> Iterable[list[tuple[int, int, str]]]:
    """Cut a token stream into rough sentences: after final punctuation, at line breaks, or every
    ``_MAX_CHUNK`` tokens (a real sentence splitter upstream gives better input)."""
    chunk: list[tuple[int, int, str]] = []
    for tok in tokens:
        if chunk and "\n" in text[chunk[-1][1] : tok[0]]:
            yield chunk
            chunk = []
        chunk.append(tok)
        if tok[2] in _SENTENCE_END or len(chunk) >= _MAX_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences ``(tokens, tags)`` of a CoNLL-like file: token first, tag last, blank line between."""
    sentences: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if not cols:
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        words.append(cols[0])
        tags.append(cols[-1] if len(cols) > 1 else "O")
    if words:
        sentences.append((words, tags))
    return sentences


def open_tagger(model_dir: Path) -> NerTagger:
    """A fresh tagger for ``model_dir``: the BiLSTM-CRF when its file is there, else the CRF."""
    if (model_dir / NEURAL_FILE).exists():
        return BiLstmTagger(model_dir)
    return CrfTagger(model_dir)


@lru_cache(maxsize=4)
def _load(model_dir: str) -> NerTagger:
    return open_tagger(Path(model_dir))


def load_tagger(path: str | Path | None = None) -> NerTagger:
    """The tagger for the model directory ``path`` (default: the shipped model), loaded once."""
    return _load(str(Path(path).resolve() if path else MODEL_DIR))
