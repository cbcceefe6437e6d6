"""Speed of the NER tagger (the shipped model: BiLSTM-CRF, or the CRF in a CRF-only model dir) on one CPU core.

Measures tokens/second of ``NerTagger.tag`` over a dataset's test split (gold tokenisation) and of
``NerTagger.entities`` over raw article text (our tokenizer + sentence chunks + tagging), with a
cold feature cache (first pass) and a warm one (later passes). Prints a table and a JSON line.

    .venv/bin/python bench/bench_ner.py [--data-dir ../shared/data] [--articles 300]
"""

from __future__ import annotations

import os

# One core: BLAS threads pinned to the same core would only fight (set before numpy is imported).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from sorot.actors.ner import open_tagger, read_conll, tokenize  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
CORPUS = REPO.parent / "shared" / "corpus" / "indosum" / "articles.jsonl"
TEST_SPLITS = {
    "nergrit": "nergrit-indonlu/test_preprocess.txt",
    "nerp": "nerp-indonlu/test_preprocess.txt",
    "idner-news-2k": "idner-news-2k/test.txt",
}


def pin_one_core() -> None:
    """Run on a single core so the number means 'per core'."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def time_tag(sentences: list[list[str]], model_dir: Path, passes: int) -> tuple[float, float]:
    """Tokens/s of the first pass on a fresh tagger (cold cache) and the best later pass (warm)."""
    tagger = open_tagger(model_dir)
    tokens = sum(len(s) for s in sentences)
    rates = []
    for _ in range(passes):
        started = time.process_time()
        for sent in sentences:
            tagger.tag(sent)
        rates.append(tokens / (time.process_time() - started))
    return rates[0], max(rates[1:], default=rates[0])


def time_entities(texts: list[str], model_dir: Path, passes: int) -> tuple[float, float, int]:
    tagger = open_tagger(model_dir)
    tokens = sum(len(tokenize(t)) for t in texts)
    rates = []
    for _ in range(passes):
        started = time.process_time()
        for text in texts:
            tagger.entities(text)
        rates.append(tokens / (time.process_time() - started))
    return rates[0], max(rates[1:], default=rates[0]), tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=DATA)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--model-dir", type=Path, default=None, help="default: the shipped model")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    pin_one_core()
    from sorot.actors.ner import MODEL_DIR

    model_dir = args.model_dir or MODEL_DIR
    rows = []
    for name, rel in TEST_SPLITS.items():
        path = args.data_dir / rel
        if not path.exists():
            continue
        sentences = [words for words, _ in read_conll(path)]
        cold, warm = time_tag(sentences, model_dir, args.passes)
        rows.append({"input": f"{name} test, tag()", "tokens": sum(map(len, sentences)), "cold": cold, "warm": warm})
    if args.corpus.exists():
        with args.corpus.open(encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for _, line in zip(range(args.articles), handle, strict=False)]
        cold, warm, tokens = time_entities(texts, model_dir, args.passes)
        rows.append({"input": f"indosum {len(texts)} articles, entities()", "tokens": tokens, "cold": cold,
                     "warm": warm})  # fmt: skip
    print(f"{'input':<40} {'tokens':>8} {'tok/s cold':>11} {'tok/s warm':>11}")
    for row in rows:
        print(f"{row['input']:<40} {row['tokens']:>8} {row['cold']:>11,.0f} {row['warm']:>11,.0f}")
    print(json.dumps({"bench": "ner", "cores": 1, "rows": rows}))


if __name__ == "__main__":
    main()
