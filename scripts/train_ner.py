"""Train and evaluate the CRF named-entity recognizer and learn the word clusters (see docs/ner.md).

The shipped tagger is the BiLSTM-CRF of ``scripts/train_ner_neural.py``, which reads the clusters
written here; the CRF is the fast baseline it is compared with.

Steps (each a sub-command):

* ``clusters``: learn distributional word clusters from unlabelled news (indosum articles) and write
  ``models/ner_clusters.tsv``. Words are lower-cased; each word is described by PPMI-weighted counts
  of its left and right neighbours, reduced with a randomised SVD and grouped by spherical k-means
  at several granularities (coarse to fine, used like Brown-cluster prefixes).
* ``train``: the runtime CRF: train+valid splits of all datasets (IndoLEM: fold 1),
  labels mapped to PER/ORG/LOC, sentences that also occur in any test split removed.
  Writes ``ner.crfsuite`` (plus a copy of the clusters and lexicon) to ``--crf-dir``.
* ``evaluate``: for each dataset, train on its train (+valid) split with its own labels and score
  entity-level F1 (exact span and type, conlleval chunking) on its test split (IndoLEM: mean of the
  5 folds); then score the runtime CRF in ``--crf-dir`` on every test split (IndoLEM: fold 1) with labels
  mapped to PER/ORG/LOC. Writes a JSON report.

``all`` runs clusters, train and evaluate in that order.

The datasets are read in place from ``--data-dir`` (default ``../shared/data`` next to the repo);
nothing is copied into the repository and nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pycrfsuite

from sorot.actors.ner import (
    CLUSTERS_FILE,
    LEXICON_FILE,
    MODEL_DIR,
    MODEL_FILE,
    FeatureExtractor,
    read_conll,
    span_f1,
    tokenize,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "indosum" / "articles.jsonl"

Sentence = tuple[list[str], list[str]]

# Dataset label -> runtime label; labels not listed become O.
RUNTIME_MAP = {
    "PER": "PER", "PERSON": "PER", "PPL": "PER",
    "ORG": "ORG", "ORGANISATION": "ORG", "ORGANIZATION": "ORG", "IND": "ORG",
    "LOC": "LOC", "PLACE": "LOC", "LOCATION": "LOC", "PLC": "LOC",
}  # fmt: skip


@dataclass
class DatasetSpec:
    """Where one dataset's splits live, relative to the data directory."""

    name: str
    folder: str
    train: list[str]
    valid: list[str]
    test: list[str]
    folds: list[tuple[list[str], list[str], list[str]]] = field(default_factory=list)


def _indolem_folds() -> list[tuple[list[str], list[str], list[str]]]:
    return [([f"train.0{k}.tsv"], [f"dev.0{k}.tsv"], [f"test.0{k}.tsv"]) for k in range(1, 6)]


# Order matters for the runtime model: when the same sentence is in several datasets, the first
# copy is kept, so the cased news sets whose annotation was standardised come first and the
# lower-cased NERP last.
DATASETS = [
    DatasetSpec("idner-news-2k", "idner-news-2k", ["train.txt"], ["dev.txt"], ["test.txt"]),
    DatasetSpec("nerui", "indolem-nerui", ["train.01.tsv"], ["dev.01.tsv"], ["test.01.tsv"],
                _indolem_folds()),
    DatasetSpec("nergrit", "nergrit-indonlu", ["train_preprocess.txt"], ["valid_preprocess.txt"],
                ["test_preprocess.txt"]),
    DatasetSpec("nerugm", "indolem-nerugm", ["train.01.tsv"], ["dev.01.tsv"], ["test.01.tsv"],
                _indolem_folds()),
    DatasetSpec("nerp", "nerp-indonlu", ["train_preprocess.txt"], ["valid_preprocess.txt"],
                ["test_preprocess.txt"]),
]  # fmt: skip


def read_files(data_dir: Path, spec: DatasetSpec, files: list[str]) -> list[Sentence]:
    return [s for f in files for s in read_conll(data_dir / spec.folder / f)]


def map_labels(sentences: Iterable[Sentence], mapping: dict[str, str]) -> list[Sentence]:
    """Rename entity types; types missing from ``mapping`` become O."""
    out: list[Sentence] = []
    for words, tags in sentences:
        new = []
        for tag in tags:
            prefix, _, typ = tag.partition("-")
            new.append(f"{prefix}-{mapping[typ]}" if typ in mapping else "O")
        out.append((words, new))
    return out


def split_at_commas(sentences: Iterable[Sentence]) -> list[Sentence]:
    """End entities at commas: some sets annotate "Gedung DPR , Jakarta" as one place, most as two,
    and the pipeline wants two."""
    out: list[Sentence] = []
    for words, tags in sentences:
        new = list(tags)
        for i, word in enumerate(words):
            if word == "," and new[i] != "O":
                new[i] = "O"
                if i + 1 < len(words) and new[i + 1].startswith("I-"):
                    new[i + 1] = "B-" + new[i + 1][2:]
        out.append((words, new))
    return out


def sentence_key(words: list[str]) -> str:
    return " ".join(words).lower()


# --------------------------------------------------------------------------- clusters


def corpus_tokens(corpus: Path) -> list[list[str]]:
    """Token lists (cased), one per paragraph, of the unlabelled article corpus."""
    paragraphs: list[list[str]] = []
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line).get("text", "")
            for para in text.split("\n"):
                toks = [t[2] for t in tokenize(para)]
                if toks:
                    paragraphs.append(toks)
    return paragraphs


def case_profiles(paragraphs: list[list[str]]) -> dict[str, str]:
    """How each lower-cased word is usually written inside a sentence: a coarse bucket of its share
    of capitalised uses (``c0`` never ... ``c4`` almost always, ``cU`` mostly all-caps).

    This gives the tagger a capitalisation cue even when the input is lower-cased (as NERP is).
    """
    title: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for para in paragraphs:
        for prev, word in zip(para, para[1:], strict=False):
            if prev in {".", "!", "?", '"', ":", "“", "-"} or not word[0].isalpha():
                continue
            lower = word.lower()
            total[lower] += 1
            if word[0].isupper():
                title[lower] += 1
                if len(word) > 1 and word.isupper():
                    upper[lower] += 1
    profiles: dict[str, str] = {}
    for word, n in total.items():
        share = title[word] / n
        if upper[word] / n > 0.5:
            profiles[word] = "cU"
        else:
            profiles[word] = "c" + str(sum(share > cut for cut in (0.02, 0.3, 0.7, 0.95)))
    return profiles


def spherical_kmeans(vectors: np.ndarray, k: int, rng: np.random.Generator, iters: int = 25) -> np.ndarray:
    """Cluster unit vectors by cosine similarity; k-means++ style seeding."""
    n = vectors.shape[0]
    centers = np.empty((k, vectors.shape[1]), dtype=vectors.dtype)
    centers[0] = vectors[rng.integers(n)]
    best = 1.0 - vectors @ centers[0]
    for c in range(1, k):
        weights = np.maximum(best, 0) ** 2
        idx = rng.choice(n, p=weights / weights.sum())
        centers[c] = vectors[idx]
        best = np.minimum(best, 1.0 - vectors @ centers[c])
    assign = np.zeros(n, dtype=np.int64)
    for _ in range(iters):
        assign = np.argmax(vectors @ centers.T, axis=1)
        for c in range(k):
            members = vectors[assign == c]
            if len(members):
                mean = members.sum(axis=0)
                centers[c] = mean / (np.linalg.norm(mean) + 1e-9)
    return assign


def build_clusters(corpus: Path, out_dir: Path, min_count: int, contexts: int, dims: int,
                   sizes: list[int], seed: int) -> None:  # fmt: skip
    """Learn word profiles from the corpus: ``word<TAB>case<TAB>cluster ids`` (coarse to fine)."""
    started = time.time()
    cased = corpus_tokens(corpus)
    profiles = case_profiles(cased)
    paragraphs = [[w.lower() for w in p] for p in cased]
    del cased
    counts = Counter(w for p in paragraphs for w in p)
    vocab = [w for w, c in counts.most_common() if c >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    n_ctx = min(contexts, len(vocab))
    ids = []
    for p in paragraphs:
        ids.append(-2)  # paragraph boundary
        ids.extend(index.get(w, -1) for w in p)
    ids.append(-2)
    seq = np.array(ids, dtype=np.int64)
    # Context classes: the n_ctx most frequent words, one "rare word" class, one "boundary" class.
    ctx = np.where(seq == -2, n_ctx + 1, np.where((seq >= 0) & (seq < n_ctx), seq, n_ctx))
    width = n_ctx + 2
    blocks = []
    for offset in (-1, 1, -2, 2):
        centre = seq[max(0, -offset): len(seq) - max(0, offset)]
        other = ctx[max(0, offset): len(ctx) - max(0, -offset) or None]
        keep = centre >= 0
        flat = centre[keep] * width + other[keep]
        blocks.append(np.bincount(flat, minlength=len(vocab) * width).reshape(len(vocab), width))
    matrix = np.hstack([blocks[0], blocks[1], blocks[2] + blocks[3]]).astype(np.float64)
    total = matrix.sum()
    row = matrix.sum(axis=1, keepdims=True)
    col = matrix.sum(axis=0, keepdims=True) ** 0.75
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((matrix * col.sum()) / (row * col + 1e-12) + 1e-12)
    ppmi = np.where(matrix > 0, np.maximum(pmi, 0), 0).astype(np.float32)
    del total
    rng = np.random.default_rng(seed)
    # Randomised SVD (Halko et al.): a few power iterations are plenty for clustering.
    probe = ppmi @ rng.standard_normal((ppmi.shape[1], dims + 20)).astype(np.float32)
    for _ in range(2):
        probe, _ = np.linalg.qr(probe)
        probe = ppmi @ (ppmi.T @ probe)
    basis, _ = np.linalg.qr(probe)
    small = basis.T @ ppmi
    u_small, sing, _ = np.linalg.svd(small, full_matrices=False)
    vectors = (basis @ u_small[:, :dims]) * np.sqrt(sing[:dims])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    assignments = [spherical_kmeans(vectors, k, rng) for k in sizes]
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / CLUSTERS_FILE
    with out.open("w", encoding="utf-8") as handle:
        for i, word in enumerate(vocab):
            if "\t" in word:
                continue
            ids = "\t".join(str(a[i]) for a in assignments)
            handle.write(f"{word}\t{profiles.get(word, 'c?')}\t{ids}\n")
    print(f"clusters: {len(vocab)} words from {sum(counts.values())} tokens, sizes {sizes}, "
          f"{time.time() - started:.0f}s -> {out}")  # fmt: skip


# --------------------------------------------------------------------------- CRF


@dataclass
class CrfParams:
    c1: float = 0.05
    c2: float = 0.01
    max_iterations: int = 150


def train_crf(sentences: list[Sentence], features: FeatureExtractor, model_path: Path, params: CrfParams) -> float:
    """Train a CRF with L-BFGS (L1 + L2); returns the seconds taken."""
    started = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in sentences:
        trainer.append(features.sentence(words), tags)
    trainer.set_params({
        "c1": params.c1,
        "c2": params.c2,
        "max_iterations": params.max_iterations,
        "feature.possible_transitions": True,
    })  # fmt: skip
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    return time.time() - started


def predict(model_path: Path, features: FeatureExtractor, sentences: list[Sentence]) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    return [list(tagger.tag(features.sentence(words))) for words, _ in sentences]


def evaluate_model(model_path: Path, features: FeatureExtractor, test: list[Sentence]) -> dict[str, dict]:
    pred = predict(model_path, features, test)
    return {k: asdict(v) for k, v in span_f1([t for _, t in test], pred).items()}


def _fmt(scores: dict[str, dict]) -> str:
    types = [k for k in scores if k not in ("micro", "macro")]
    per = " ".join(f"{t}={scores[t]['f1']:.3f}" for t in types)
    return f"micro F1={scores['micro']['f1']:.4f} macro F1={scores['macro']['f1']:.4f} ({per})"


def runtime_training_set(data_dir: Path, exclude: Iterable[str] = ()) -> list[Sentence]:
    """Train+valid splits (IndoLEM: fold 1) of the datasets not in ``exclude``, mapped to PER/ORG/LOC
    and split at commas, minus every sentence that occurs in a test split (IndoLEM: fold 1) of any
    dataset."""
    test_keys: set[str] = set()
    for spec in DATASETS:
        test_files = spec.folds[0][2] if spec.folds else spec.test
        test_keys.update(sentence_key(w) for w, _ in read_files(data_dir, spec, test_files))
    train: list[Sentence] = []
    seen: set[str] = set()
    for spec in DATASETS:
        if spec.name in exclude:
            continue
        train_files, valid_files, _ = spec.folds[0] if spec.folds else (spec.train, spec.valid, spec.test)
        sentences = split_at_commas(map_labels(read_files(data_dir, spec, train_files + valid_files), RUNTIME_MAP))
        for words, tags in sentences:
            key = sentence_key(words)
            if key in test_keys or key in seen:
                continue
            seen.add(key)
            train.append((words, tags))
    return train


def cmd_evaluate(args: argparse.Namespace, features: FeatureExtractor) -> None:
    params = CrfParams(args.c1, args.c2, args.iterations)
    work = Path(args.work_dir)
    report: dict[str, object] = {"params": asdict(params), "native": {}, "runtime": {}}
    names = set(args.datasets) if args.datasets else {s.name for s in DATASETS}
    for spec in DATASETS:
        if spec.name not in names or args.skip_native:
            continue
        splits = spec.folds[: args.folds] if spec.folds else [(spec.train, spec.valid, spec.test)]
        fold_scores = []
        for k, (train_files, valid_files, test_files) in enumerate(splits):
            train = read_files(args.data_dir, spec, train_files + (valid_files if args.with_valid else []))
            if args.split == "valid":  # tuning: score on valid, never train on it
                train = read_files(args.data_dir, spec, train_files)
                test_files = valid_files
            test = read_files(args.data_dir, spec, test_files)
            model = work / f"{spec.name}.{k}.crfsuite"
            seconds = train_crf(train, features, model, params)
            scores = evaluate_model(model, features, test)
            fold_scores.append(scores)
            print(f"[native] {spec.name} fold {k}: {_fmt(scores)} train {seconds:.0f}s "
                  f"model {model.stat().st_size / 1e6:.1f} MB", flush=True)  # fmt: skip
        report["native"][spec.name] = _average(fold_scores)
    model = Path(args.crf_dir) / MODEL_FILE
    if not args.skip_runtime and model.exists():
        report["runtime_model_mb"] = model.stat().st_size / 1e6
        for spec in DATASETS:
            if spec.name not in names:
                continue
            test_files = spec.folds[0][2] if spec.folds else spec.test
            test = map_labels(read_files(args.data_dir, spec, test_files), RUNTIME_MAP)
            scores = evaluate_model(model, features, test)
            report["runtime"][spec.name] = scores
            print(f"[runtime] {spec.name}: {_fmt(scores)}", flush=True)
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"report -> {args.report}")


def _average(fold_scores: list[dict[str, dict]]) -> dict[str, dict]:
    """Mean over folds of each score field (a single fold is returned as is)."""
    if len(fold_scores) == 1:
        return fold_scores[0]
    keys = set.intersection(*(set(s) for s in fold_scores))
    return {
        k: {f: float(np.mean([s[k][f] for s in fold_scores])) for f in fold_scores[0][k]} | {"folds": len(fold_scores)}
        for k in keys
    }


def cmd_train(args: argparse.Namespace, features: FeatureExtractor) -> None:
    params = CrfParams(args.c1, args.c2, args.iterations)
    train = runtime_training_set(args.data_dir, args.exclude or ())
    crf_dir = Path(args.crf_dir)
    crf_dir.mkdir(parents=True, exist_ok=True)
    for name in (CLUSTERS_FILE, LEXICON_FILE):  # a complete model directory for open_tagger / the bench
        if crf_dir.resolve() != Path(args.model_dir).resolve():
            shutil.copyfile(Path(args.model_dir) / name, crf_dir / name)
    out = crf_dir / MODEL_FILE
    seconds = train_crf(train, features, out, params)
    print(f"runtime model: {len(train)} sentences, {sum(len(w) for w, _ in train)} tokens, "
          f"{seconds:.0f}s, {out.stat().st_size / 1e6:.1f} MB -> {out}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["clusters", "evaluate", "train", "all"])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="unlabelled articles (JSONL)")
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR, help="clusters are written here")
    parser.add_argument("--crf-dir", type=Path, default=Path("/tmp/sorot-ner/crf"),
                        help="`train` writes the CRF here (the shipped tagger is the BiLSTM-CRF), `evaluate` reads it")
    parser.add_argument("--work-dir", default="/tmp/sorot-ner", help="scratch models of the evaluation")
    parser.add_argument("--report", default="/tmp/sorot-ner/report.json")
    parser.add_argument("--datasets", nargs="*", help="evaluate only these datasets")
    parser.add_argument("--folds", type=int, default=5, help="IndoLEM folds to average (1-5)")
    parser.add_argument("--with-valid", action=argparse.BooleanOptionalAction, default=True,
                        help="add the valid split to the training data of the per-dataset models")
    parser.add_argument("--split", choices=["test", "valid"], default="test",
                        help="score the per-dataset models on this split (valid: for tuning)")
    parser.add_argument("--skip-native", action="store_true", help="evaluate only the runtime model")
    parser.add_argument("--exclude", nargs="*", help="datasets left out of the runtime model's training data")
    parser.add_argument("--skip-runtime", action="store_true", help="evaluate only the per-dataset models")
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--contexts", type=int, default=1000)
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--sizes", type=int, nargs="+", default=[32, 128, 512, 1024])
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)  # fmt: skip

    model_dir = Path(args.model_dir)
    if args.command in ("clusters", "all"):
        build_clusters(args.corpus, model_dir, args.min_count, args.contexts, args.dims, args.sizes, args.seed)
    if args.command == "clusters":
        return 0
    features = FeatureExtractor.from_dir(model_dir)
    if args.command in ("train", "all"):
        cmd_train(args, features)
    if args.command in ("evaluate", "all"):
        cmd_evaluate(args, features)
    return 0


if __name__ == "__main__":
    sys.exit(main())
