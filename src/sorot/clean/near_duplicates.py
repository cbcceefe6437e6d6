"""Near-duplicate clustering of articles (the same story republished or lightly rewritten).

MinHash over word shingles of the clean text with locality-sensitive hashing (datasketch):
each new document is compared only with the candidates LSH returns, so adding a document costs
about the same whatever the corpus size. A document joins the cluster of the first earlier
document it nearly duplicates; its cluster id is that document's id (its own id otherwise).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"[^\W_]+")


def shingles(text: str, size: int = 3) -> set[bytes]:
    """Word n-grams of the lowercased text (the whole text if it has fewer words)."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    first: str
    second: str
    jaccard: float  # MinHash estimate of the shingle-set Jaccard similarity


class NearDuplicateIndex:
    """Assigns story cluster ids: ``add(doc_id, text)`` returns the id of the cluster's first document."""

    def __init__(self, threshold: float = 0.6, num_perm: int = 128, shingle_size: int = 3) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.signatures: dict[str, MinHash] = {}
        self.cluster: dict[str, str] = {}
        self._order: dict[str, int] = {}
        self._template = MinHash(num_perm=num_perm)  # permutations are generated once, not per document

    def _empty(self, hashvalues: np.ndarray | None = None) -> MinHash:
        return MinHash(num_perm=self.num_perm, hashvalues=hashvalues, permutations=self._template.permutations,
                       scheme=self._template.scheme)

    def signature(self, text: str) -> MinHash:
        sig = self._empty()
        grams = shingles(text, self.shingle_size)
        if grams:
            sig.update_batch(list(grams))
        return sig

    def neighbours(self, text: str) -> list[tuple[str, float]]:
        """Indexed documents whose estimated Jaccard with ``text`` reaches the threshold, best first."""
        return self._neighbours(self.signature(text))

    def _neighbours(self, sig: MinHash) -> list[tuple[str, float]]:
        found = [(key, sig.jaccard(self.signatures[key])) for key in self.lsh.query(sig)]
        return sorted(((k, j) for k, j in found if j >= self.threshold), key=lambda kj: (-kj[1], kj[0]))

    def add(self, doc_id: str, text: str) -> str:
        """Index a document and return its cluster id; adding an id again returns its cluster."""
        if doc_id in self.cluster:
            return self.cluster[doc_id]
        return self._add(doc_id, self.signature(text))

    def add_signature(self, doc_id: str, signature: bytes) -> str:
        """``add`` for a signature computed elsewhere (``signature_bytes``), e.g. by a Spark worker."""
        if doc_id in self.cluster:
            return self.cluster[doc_id]
        return self._add(doc_id, self._empty(decode_signature(signature)))

    def _add(self, doc_id: str, sig: MinHash) -> str:
        matches = self._neighbours(sig)
        if matches:
            earliest = min((self.cluster[k] for k, _ in matches), key=lambda c: self._order[c])
            cluster = earliest
        else:
            cluster = doc_id
        self.signatures[doc_id] = sig
        self._order.setdefault(doc_id, len(self._order))
        self.lsh.insert(doc_id, sig)
        self.cluster[doc_id] = cluster
        return cluster

    def remove(self, doc_id: str) -> None:
        """Forget a document (its content changed): the next ``add`` clusters the new text afresh."""
        if doc_id in self.cluster:
            self.lsh.remove(doc_id)
            del self.signatures[doc_id], self.cluster[doc_id]

    def signature_bytes(self, doc_id: str) -> bytes:
        """The stored MinHash of a document, to persist next to its cluster id (see ``restore``)."""
        return encode_signature(self.signatures[doc_id])

    def restore(self, doc_id: str, signature: bytes, cluster_id: str) -> None:
        """Re-index a document from a persisted signature without its text (a store reopening)."""
        if doc_id in self.cluster:
            return
        values = decode_signature(signature)
        if len(values) != self.num_perm:
            raise ValueError(f"signature of {doc_id!r} has {len(values)} values, the index uses {self.num_perm}")
        sig = self._empty(values)
        self.signatures[doc_id] = sig
        self._order.setdefault(cluster_id, len(self._order))  # restore order need not be insertion order
        self._order.setdefault(doc_id, len(self._order))
        self.lsh.insert(doc_id, sig)
        self.cluster[doc_id] = cluster_id

    def pairs_for(self, doc_id: str) -> Iterator[DuplicatePair]:
        """Near-duplicate pairs between an indexed document and the documents indexed before it."""
        sig = self.signatures[doc_id]
        for key, jaccard in self._neighbours(sig):
            if self._order[key] < self._order[doc_id]:
                yield DuplicatePair(key, doc_id, round(jaccard, 4))


def find_near_duplicates(items: Iterable[tuple[str, str]], threshold: float = 0.6,
                         num_perm: int = 128, shingle_size: int = 3) -> list[DuplicatePair]:
    """All near-duplicate pairs in a corpus of (doc_id, text), each pair once, in input order."""
    index = NearDuplicateIndex(threshold, num_perm, shingle_size)
    pairs: list[DuplicatePair] = []
    for doc_id, text in items:
        if doc_id in index.cluster:
            continue
        index.add(doc_id, text)
        pairs.extend(index.pairs_for(doc_id))
    return pairs


def exact_jaccard(a: str, b: str, shingle_size: int = 3) -> float:
    """Exact shingle Jaccard, to check an estimate."""
    x, y = shingles(a, shingle_size), shingles(b, shingle_size)
    return len(x & y) / len(x | y) if x | y else 1.0


__all__ = ["DuplicatePair", "NearDuplicateIndex", "exact_jaccard", "find_near_duplicates", "shingles"]


def encode_signature(sig: MinHash) -> bytes:
    """A MinHash as stored next to its document (little-endian uint64 hash values)."""
    return sig.hashvalues.astype("<u8").tobytes()


def decode_signature(signature: bytes) -> np.ndarray:
    """The hash values of a stored signature (see ``encode_signature``)."""
    return np.frombuffer(signature, dtype="<u8").astype(np.uint64)
