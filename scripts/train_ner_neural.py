"""Train and evaluate sorot's BiLSTM-CRF named-entity recognizer (see docs/ner.md).

Training needs the optional ``train`` extra (gensim for the word vectors, JAX + optax for the
network: ``pip install -e .[train]``); tagging needs numpy only (``sorot.actors.ner.BiLstmTagger``).

Steps (each a sub-command):

* ``vectors``: fastText word vectors (skip-gram with character n-grams, gensim) learned from the
  unlabelled indosum articles plus the unlabelled text of the train and valid splits of the NER
  sets (never their test splits), lower-cased. Written to ``--vectors`` (a scratch file).
* ``evaluate``: for NERGrit and NERP (and any other set in ``--datasets``), train on the train split
  with its own labels, keep the epoch with the best valid micro F1 (with ``--refit``: then retrain
  on train + valid for that many epochs, the CRF's protocol), and score entity-level F1 on the test
  split with the numpy tagger. Writes a JSON report.
* ``score``: the shipped runtime model on every test split, gold mapped to PER/ORG/LOC.
* ``train``: the shipped runtime model: the same training data as the CRF runtime model
  (``scripts/train_ner.py``: train + valid splits of all sets, labels mapped to PER/ORG/LOC, test
  sentences removed) for a fixed number of epochs; writes ``models/ner_bilstm.npz``.

The network: per word a frozen 100-d fastText vector (0 for words outside its vocabulary), a
character CNN (24-d character embeddings, width 3, 50 filters, max-pooled), embeddings of the case
class, the case profile and the four cluster ids of the CRF's word clusters, and the CRF's lexicon
classes; dropout 0.5; one BiLSTM layer (64 units per direction); dropout 0.3; a linear layer and a CRF
(transition, start and end scores) trained by negative log-likelihood with Adam (lr 2e-3, batches
of 16 sentences of similar length, gradient norm clipped at 5).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import numpy as np

from sorot.actors.ner import (
    CASE_CLASSES,
    CASE_PROFILES,
    CLUSTER_SIZES,
    CLUSTERS_FILE,
    LEXICON_FILE,
    MODEL_DIR,
    N_CATEGORIES,
    NEURAL_FILE,
    BiLstmTagger,
    WordEncoder,
    load_clusters,
    load_lexicon,
    span_f1,
    tokenize,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_ner import (  # noqa: E402
    DATASETS,
    DEFAULT_CORPUS,
    DEFAULT_DATA,
    RUNTIME_MAP,
    Sentence,
    map_labels,
    read_files,
    runtime_training_set,
)

CATEGORY_DIMS = (4, 4, 8, 12, 16, 16)  # case class, case profile, clusters coarse to fine
LENGTH_BUCKETS = (16, 24, 32, 48, 64, 96, 128, 192, 256)  # padded lengths: few shapes, few JAX compilations


# --------------------------------------------------------------------------- word vectors


def cmd_vectors(args: argparse.Namespace) -> None:
    from gensim.models import FastText

    started = time.time()
    sentences: list[list[str]] = []
    with Path(args.corpus).open(encoding="utf-8") as handle:
        for line in handle:
            for para in json.loads(line).get("text", "").split("\n"):
                words = [t[2].lower() for t in tokenize(para)]
                if words:
                    sentences.append(words)
    for spec in DATASETS:
        train_files, valid_files, _ = spec.folds[0] if spec.folds else (spec.train, spec.valid, spec.test)
        sentences += [[w.lower() for w in words] for words, _ in read_files(args.data_dir, spec,
                                                                           train_files + valid_files)]  # fmt: skip
    model = FastText(vector_size=args.dims, window=5, min_count=2, sg=1, epochs=8, workers=1, min_n=3, max_n=5,
                     bucket=200_000, seed=args.seed)  # fmt: skip
    model.build_vocab(corpus_iterable=sentences)
    model.train(corpus_iterable=sentences, total_examples=len(sentences), epochs=model.epochs)
    words = list(model.wv.index_to_key)
    vectors = np.stack([model.wv.get_vector(w) for w in words]).astype(np.float32)
    # Standardise each dimension so the vectors sit on the scale of the other (learned) inputs.
    vectors = (vectors - vectors.mean(0)) / vectors.std(0) * 0.5
    Path(args.vectors).parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.vectors, vocab=_join(words), vectors=vectors.astype(np.float16))
    print(f"vectors: {len(words)} words from {len(sentences)} sentences, {sum(map(len, sentences))} tokens, "
          f"{time.time() - started:.0f}s -> {args.vectors}")  # fmt: skip


def _join(items: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _split(array: np.ndarray) -> list[str]:
    return bytes(array).decode("utf-8").split("\n")


# --------------------------------------------------------------------------- network (JAX)


def init_params(rng: np.random.Generator, n_chars: int, n_flags: int, n_labels: int, emb_dim: int,
                hidden: int, filters: int) -> dict[str, np.ndarray]:  # fmt: skip
    def uniform(*shape: int, scale: float | None = None) -> np.ndarray:
        s = scale if scale is not None else np.sqrt(6.0 / (shape[0] + shape[-1]))
        return rng.uniform(-s, s, shape).astype(np.float32)

    sizes = [len(CASE_CLASSES), len(CASE_PROFILES)] + [n + 1 for n in CLUSTER_SIZES]
    params = {"char_emb": uniform(n_chars, 24, scale=0.1), "char_w": uniform(3 * 24, filters),
              "char_b": np.zeros(filters, np.float32)}  # fmt: skip
    for i, (n, dim) in enumerate(zip(sizes, CATEGORY_DIMS, strict=True)):
        params[f"cat{i}"] = uniform(n, dim, scale=0.1)
    inputs = emb_dim + filters + sum(CATEGORY_DIMS) + n_flags
    for d in ("f", "b"):
        params[f"wx_{d}"] = uniform(inputs, 4 * hidden)
        params[f"wh_{d}"] = np.concatenate(
            [np.linalg.qr(rng.standard_normal((hidden, hidden)))[0] for _ in range(4)], 1
        ).astype(np.float32)
        bias = np.zeros(4 * hidden, np.float32)
        bias[hidden : 2 * hidden] = 1.0  # forget gate open at the start
        params[f"b_{d}"] = bias
    params["wo"] = uniform(2 * hidden, n_labels)
    params["bo"] = np.zeros(n_labels, np.float32)
    for name, shape in (("trans", (n_labels, n_labels)), ("start", (n_labels,)), ("end", (n_labels,))):
        params[name] = np.zeros(shape, np.float32)
    return params


def make_loss(vectors: np.ndarray, hidden: int, drop_in: float, drop_out: float):  # noqa: ANN201
    """The JIT-compiled (loss, gradient) function: CRF negative log-likelihood of a padded batch, with
    dropout. The forward pass is the same maths as ``BiLstmTagger``."""
    import jax
    import jax.numpy as jnp

    table = jnp.asarray(np.vstack([np.zeros((1, vectors.shape[1]), np.float32), vectors]))

    def word_inputs(p, vids, chars, cats, flags):
        present = (chars > 0)[..., None]
        emb = p["char_emb"][chars] * present
        pad = jnp.zeros_like(emb[:, :, :1])
        window = jnp.concatenate([jnp.concatenate([pad, emb[:, :, :-1]], 2), emb,
                                  jnp.concatenate([emb[:, :, 1:], pad], 2)], -1)  # fmt: skip
        conv = jnp.where(present, window @ p["char_w"] + p["char_b"], -1e4)
        parts = [table[vids], jnp.tanh(conv.max(2))] + [p[f"cat{i}"][cats[..., i]] for i in range(N_CATEGORIES)]
        return jnp.concatenate(parts + [flags], -1)

    def lstm(xw, wh, mask):
        def step(carry, inp):
            h, c = carry
            x, m = inp
            i, f, g, o = jnp.split(x + h @ wh, 4, -1)
            c2 = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
            h2 = jax.nn.sigmoid(o) * jnp.tanh(c2)
            m = m[:, None]
            return (jnp.where(m, h2, h), jnp.where(m, c2, c)), h2 * m

        zeros = jnp.zeros((xw.shape[0], hidden))
        _, hs = jax.lax.scan(step, (zeros, zeros), (jnp.swapaxes(xw, 0, 1), mask.T))
        return jnp.swapaxes(hs, 0, 1)

    def emissions(p, vids, chars, cats, flags, mask, key):
        key_in, key_out = jax.random.split(key)
        x = word_inputs(p, vids, chars, cats, flags)
        x = x * jax.random.bernoulli(key_in, 1 - drop_in, x.shape) / (1 - drop_in)
        lengths = mask.sum(1)[:, None]
        t = jnp.arange(mask.shape[1])[None, :]
        reverse = jnp.where(t < lengths, lengths - 1 - t, t)[..., None]  # per-sentence reversal
        forward = lstm(x @ p["wx_f"] + p["b_f"], p["wh_f"], mask)
        backward = lstm(jnp.take_along_axis(x, reverse, 1) @ p["wx_b"] + p["b_b"], p["wh_b"], mask)
        h = jnp.concatenate([forward, jnp.take_along_axis(backward, reverse, 1)], -1)
        h = h * jax.random.bernoulli(key_out, 1 - drop_out, h.shape) / (1 - drop_out)
        return h @ p["wo"] + p["bo"]

    def loss(p, vids, chars, cats, flags, mask, tags, key):
        em = emissions(p, vids, chars, cats, flags, mask, key)
        n = em.shape[0]
        weight = mask.astype(jnp.float32)
        gold = (jnp.take_along_axis(em, tags[..., None], -1)[..., 0] * weight).sum(1)
        gold += (p["trans"][tags[:, :-1], tags[:, 1:]] * weight[:, 1:]).sum(1)
        gold += p["start"][tags[:, 0]] + p["end"][tags[jnp.arange(n), mask.sum(1) - 1]]

        def step(alpha, inp):
            e, m = inp
            nxt = jax.nn.logsumexp(alpha[:, :, None] + p["trans"][None], axis=1) + e
            return jnp.where(m[:, None], nxt, alpha), None

        alpha, _ = jax.lax.scan(step, p["start"][None] + em[:, 0], (jnp.swapaxes(em[:, 1:], 0, 1), mask[:, 1:].T))
        return (jax.nn.logsumexp(alpha + p["end"][None], axis=1) - gold).mean()

    return jax.jit(jax.value_and_grad(loss))


def bucket(length: int) -> int:
    return next((b for b in LENGTH_BUCKETS if b >= length), length)


def write_model(path: Path, params: dict, labels: list[str], chars: list[str], vocab: list[str],
                vectors: np.ndarray) -> None:  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {k: np.asarray(v, np.float32) for k, v in params.items()}
    np.savez_compressed(path, vocab=_join(vocab), vectors=vectors.astype(np.float16), chars=_join(chars),
                        labels=_join(labels), **arrays)  # fmt: skip


def train_network(train: list[Sentence], valid: list[Sentence], args: argparse.Namespace, out: Path,
                  model_dir: Path) -> dict:  # fmt: skip
    """Train; with ``valid``, keep the epoch with the best valid micro F1 (early stopping),
    without it run ``args.epochs`` epochs. Writes the numpy model to ``out``."""
    import jax
    import optax

    with np.load(args.vectors) as npz:
        vocab, vectors = _split(npz["vocab"]), npz["vectors"].astype(np.float32)
    labels = sorted({t for _, tags in train for t in tags})
    label_id = {label: i for i, label in enumerate(labels)}
    char_counts = Counter(ch for words, _ in train for w in words for ch in w)
    chars = sorted(ch for ch, n in char_counts.items() if n >= 2 and ch != "\n")
    encoder = WordEncoder({w: i + 1 for i, w in enumerate(vocab)}, {c: i + 2 for i, c in enumerate(chars)},
                          load_lexicon(model_dir / LEXICON_FILE), load_clusters(model_dir / CLUSTERS_FILE))  # fmt: skip
    rng = np.random.default_rng(args.seed)
    params = init_params(rng, len(chars) + 2, encoder.n_flags, len(labels), vectors.shape[1], args.hidden,
                         args.char_filters)  # fmt: skip
    grad_fn = make_loss(vectors, args.hidden, args.drop_in, args.drop_out)
    optimizer = optax.chain(optax.clip_by_global_norm(5.0), optax.adam(args.lr))
    state = optimizer.init(params)

    @jax.jit
    def update(p, s, g):
        updates, s = optimizer.update(g, s, p)
        return optax.apply_updates(p, updates), s

    order = sorted(range(len(train)), key=lambda i: len(train[i][0]))
    batches = []
    for start in range(0, len(order), args.batch):
        idx = order[start : start + args.batch]
        length = bucket(max(len(train[i][0]) for i in idx))
        arrays = encoder.batch([train[i][0] for i in idx], length)
        tags = np.zeros((len(idx), length), np.int32)
        for j, i in enumerate(idx):
            tags[j, : len(train[i][1])] = [label_id[t] for t in train[i][1]]
        batches.append((*arrays, tags))
    key = jax.random.PRNGKey(args.seed)
    best_f1, best_epoch, history = -1.0, 0, []
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        rng.shuffle(batches)
        total = 0.0
        for batch in batches:
            key, sub = jax.random.split(key)
            value, grads = grad_fn(params, *batch, sub)
            params, state = update(params, state, grads)
            total += float(value)
        line = f"epoch {epoch} loss {total / len(batches):.3f} {time.time() - started:.0f}s"
        if valid:
            write_model(out, params, labels, chars, vocab, vectors)
            scores = span_f1([t for _, t in valid], tag_all(BiLstmTagger(model_dir, out), valid))
            f1 = scores["micro"].f1
            history.append({"epoch": epoch, "valid_micro": f1, "valid_macro": scores["macro"].f1})
            line += f" valid micro {f1:.4f} macro {scores['macro'].f1:.4f}"
            if f1 > best_f1:
                best_f1, best_epoch = f1, epoch
                out.with_suffix(".best.npz").write_bytes(out.read_bytes())
        print(line, flush=True)
        if valid and epoch - best_epoch >= args.patience:
            break
    if valid:
        out.write_bytes(out.with_suffix(".best.npz").read_bytes())
        out.with_suffix(".best.npz").unlink()
    else:
        write_model(out, params, labels, chars, vocab, vectors)
    return {"best_epoch": best_epoch, "best_valid_micro": best_f1, "history": history}


def tag_all(tagger: BiLstmTagger, sentences: list[Sentence]) -> list[list[str]]:
    return tagger.tag_sentences([words for words, _ in sentences])


# --------------------------------------------------------------------------- commands


def _fmt(scores: dict) -> str:
    per = " ".join(f"{k}={v.f1:.3f}" for k, v in scores.items() if k not in ("micro", "macro"))
    return f"micro F1={scores['micro'].f1:.4f} macro F1={scores['macro'].f1:.4f} ({per})"


def cmd_evaluate(args: argparse.Namespace) -> None:
    work = Path(args.work_dir)
    report: dict[str, object] = {"args": {k: str(v) for k, v in vars(args).items()}, "native": {}}
    for spec in DATASETS:
        if spec.name not in args.datasets:
            continue
        train_files, valid_files, test_files = spec.folds[0] if spec.folds else (spec.train, spec.valid, spec.test)
        train = read_files(args.data_dir, spec, train_files)
        valid = read_files(args.data_dir, spec, valid_files)
        test = read_files(args.data_dir, spec, test_files)
        out = work / f"{spec.name}.npz"
        info = train_network(train, valid, args, out, args.model_dir)
        if args.refit:  # as the CRF's numbers: train + valid, for the epoch count chosen on valid
            train_network(train + valid, [], argparse.Namespace(**vars(args) | {"epochs": info["best_epoch"]}), out,
                          args.model_dir)  # fmt: skip
        scores = span_f1([t for _, t in test], tag_all(BiLstmTagger(args.model_dir, out), test))
        print(f"[native] {spec.name}: test {_fmt(scores)} (epoch {info['best_epoch']}, "
              f"model {out.stat().st_size / 1e6:.1f} MB)", flush=True)  # fmt: skip
        report["native"][spec.name] = info | {"test": {k: asdict(v) for k, v in scores.items()}}
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"report -> {args.report}")


def cmd_train(args: argparse.Namespace) -> None:
    train = runtime_training_set(args.data_dir, args.exclude or ())
    out = Path(args.model_dir) / NEURAL_FILE
    started = time.time()
    train_network(train, [], args, out, args.model_dir)
    print(f"runtime model: {len(train)} sentences, {sum(len(w) for w, _ in train)} tokens, "
          f"{time.time() - started:.0f}s, {out.stat().st_size / 1e6:.1f} MB -> {out}")  # fmt: skip


def cmd_score(args: argparse.Namespace) -> None:
    """Score the runtime model on every test split (IndoLEM: fold 1), gold mapped to PER/ORG/LOC."""
    tagger = BiLstmTagger(args.model_dir)
    report: dict[str, object] = {"model_mb": (Path(args.model_dir) / NEURAL_FILE).stat().st_size / 1e6}
    for spec in DATASETS:
        test_files = spec.folds[0][2] if spec.folds else spec.test
        test = map_labels(read_files(args.data_dir, spec, test_files), RUNTIME_MAP)
        scores = span_f1([t for _, t in test], tag_all(tagger, test))
        report[spec.name] = {k: asdict(v) for k, v in scores.items()}
        print(f"[runtime] {spec.name}: {_fmt(scores)}", flush=True)
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"report -> {args.report}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["vectors", "evaluate", "train", "score"])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="unlabelled articles (JSONL)")
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR, help="clusters + lexicon in, model out")
    parser.add_argument("--vectors", default="/tmp/sorot-ner/vectors.npz", help="scratch file of `vectors`")
    parser.add_argument("--work-dir", default="/tmp/sorot-ner/neural", help="scratch models of `evaluate`")
    parser.add_argument("--report", default="/tmp/sorot-ner/neural-report.json")
    parser.add_argument("--datasets", nargs="*", default=["nergrit", "nerp"])
    parser.add_argument("--refit", action="store_true",
                        help="`evaluate`: retrain on train + valid for the best valid epoch count before testing")
    parser.add_argument("--exclude", nargs="*", help="datasets left out of the runtime model's training data")
    parser.add_argument("--epochs", type=int, help="`train`: exact count (default 12); `evaluate`: at most (30)")
    parser.add_argument("--patience", type=int, default=6, help="epochs without a better valid F1 before stopping")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--hidden", type=int, default=64, help="LSTM units per direction")
    parser.add_argument("--char-filters", type=int, default=50)
    parser.add_argument("--drop-in", type=float, default=0.5)
    parser.add_argument("--drop-out", type=float, default=0.3)
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)  # fmt: skip
    if args.epochs is None:
        args.epochs = 12 if args.command == "train" else 30
    commands = {"vectors": cmd_vectors, "evaluate": cmd_evaluate, "train": cmd_train, "score": cmd_score}
    commands[args.command](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
