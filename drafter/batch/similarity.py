"""The similarity check across a batch: word 5-gram shingles and their Jaccard similarity.

Agencies collapse near-identical comments into one (ACUS Recommendation 2021-1), so a batch
must show where its drafts are too alike. Each worker sends back the set of shingles of the
draft it wrote; the parent compares the drafts as they come back.

- Up to EXACT_LIMIT drafts, every pair is scored exactly, from the sets.
- Beyond that, scoring every pair would grow as the square of the batch. Each draft's set
  becomes a MinHash signature (datasketch), and locality-sensitive hashing (MinHashLSH) finds
  the pairs likely to be above the threshold, in time that grows with the batch. Those pairs
  are scored from their signatures: an estimate, within about ±0.04 of the exact score with
  NUM_PERM permutations. Pairs below the threshold are not looked for, so the most similar
  pairs listed are the most similar of those found. datasketch (and the scipy it imports,
  about 50 MB) is imported when the first draft comes back, after the workers have started,
  so that they do not carry it.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from drafter.compose import checks

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHashLSH

TOP_PAIRS = 5
MAX_LISTED_ABOVE = 1000  # a batch of identical letters has n²/2 pairs; list this many at most
EXACT_LIMIT = 200  # drafts compared pair by pair; beyond, MinHash-LSH
NUM_PERM = 128  # MinHash permutations: about 1 KB a draft, scores within about ±0.04
LSH_MAX_THRESHOLD = 0.98  # MinHashLSH needs two bands at least: it looks no higher than this
_UNSIGNED = (1 << 64) - 1

Method = Literal["exact", "minhash"]


@dataclass(frozen=True)
class Pair:
    """Two drafts of a batch and how similar they are."""

    a: str  # file of the first draft (campaign order), relative to the output folder
    b: str
    a_target: str
    b_target: str
    similarity: float  # Jaccard similarity of the word 5-gram shingles


Found = tuple[list[Pair], list[Pair], int]  # top pairs, pairs above the threshold, their count


def method_for(drafts: int) -> Method:
    """How a batch of this many drafts is compared."""
    return "exact" if drafts <= EXACT_LIMIT else "minhash"


def shingles_of(text: str) -> frozenset[int]:
    """What a worker sends back for the similarity check: the draft's shingles."""
    return frozenset(checks.shingles(text))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """checks.jaccard, for the drafts of one batch, which share most of their shingles."""
    if len(a) > len(b):
        a, b = b, a
    if not a:
        return 1.0 if not b else 0.0
    # |A ∩ B| as |A| - |A - B|: when drafts share most of their text, the difference is the
    # smaller set to build (half the time of A & B).
    common = len(a) - len(a - b)
    return common / (len(a) + len(b) - common)


def signature(shingles: frozenset[int]) -> LeanMinHash:
    """The MinHash signature of a draft's shingles."""
    from datasketch import LeanMinHash, MinHash

    minhash = MinHash(num_perm=NUM_PERM, hashfunc=_unsigned, scheme="affine64")
    minhash.update_batch(shingles)
    return LeanMinHash(minhash)


def _unsigned(shingle: int) -> int:
    """A shingle (a signed 64-bit hash) as the unsigned 64-bit value MinHash takes."""
    return shingle & _UNSIGNED


class SimilarityCheck:
    """The drafts of a batch, compared as they arrive; the result does not depend on the order.

    add() each draft's shingles, then result().
    """

    def __init__(self, method: Method, *, threshold: float, top: int = TOP_PAIRS):
        self.method = method
        self.threshold = threshold
        self.top = top
        self.labels: dict[int, tuple[str, str]] = {}  # key -> (file, target)
        self.best: list[tuple[float, int, int]] = []  # min-heaps of (score, -a, -b)
        self.above: list[tuple[float, int, int]] = []
        self.above_count = 0
        self._sets: dict[int, frozenset[int]] = {}  # exact
        self._signatures: dict[int, LeanMinHash] = {}  # minhash
        self._lsh: MinHashLSH | None = None

    def add(self, key: int, file: str, target: str, shingles: frozenset[int]) -> None:
        """One draft: key orders the drafts (campaign order), file and target label it."""
        self.labels[key] = (file, target)
        if self.method == "exact":
            for other, theirs in self._sets.items():
                self._score(key, other, jaccard(shingles, theirs))
            self._sets[key] = shingles
            return
        mine = signature(shingles)
        lsh = self._lsh or self._start_lsh()
        for other in lsh.query(mine):
            self._score(key, other, mine.jaccard(self._signatures[other]))
        lsh.insert(key, mine)
        self._signatures[key] = mine

    def _start_lsh(self) -> MinHashLSH:
        from datasketch import MinHashLSH

        threshold = min(self.threshold, LSH_MAX_THRESHOLD)
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        return self._lsh

    def _score(self, key: int, other: Hashable, score: float) -> None:
        assert isinstance(other, int)
        a, b = sorted((key, other))
        entry = (score, -a, -b)  # ties: campaign order
        _keep(self.best, entry, self.top)
        if score > self.threshold:
            self.above_count += 1
            _keep(self.above, entry, MAX_LISTED_ABOVE)

    def result(self) -> Found:
        """The most similar pairs, the pairs above the threshold (most similar first), and
        how many pairs are above it."""
        return (
            [self._pair(entry) for entry in sorted(self.best, reverse=True)],
            [self._pair(entry) for entry in sorted(self.above, reverse=True)],
            self.above_count,
        )

    def _pair(self, entry: tuple[float, int, int]) -> Pair:
        score, a, b = entry
        (file_a, target_a), (file_b, target_b) = self.labels[-a], self.labels[-b]
        return Pair(file_a, file_b, target_a, target_b, score)


def _keep(heap: list[tuple[float, int, int]], entry: tuple[float, int, int], size: int) -> None:
    """Keep the size largest entries in heap."""
    if len(heap) < size:
        heapq.heappush(heap, entry)
    elif entry > heap[0]:
        heapq.heapreplace(heap, entry)
