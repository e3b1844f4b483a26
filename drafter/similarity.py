"""The similarity check across a batch: word 5-gram shingles and pairwise Jaccard similarity.

Agencies collapse near-identical comments into one (ACUS Recommendation 2021-1), so a batch
must show where its drafts are too alike. Each draft's shingles are hashed by the worker that
wrote it, wait in a temporary file, and are compared in bounded blocks, so memory stays flat
however long the batch is.
"""

from __future__ import annotations

import heapq
import os
import struct
import tempfile
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import checks

TOP_PAIRS = 5
MAX_LISTED_ABOVE = 1000  # a batch of identical letters has n²/2 pairs; list this many at most
SHINGLE_BUDGET = 200_000  # distinct shingles held at once while comparing pairs (~20 MB)


@dataclass(frozen=True)
class Pair:
    """Two drafts of a batch and how similar they are."""

    a: str  # file of the first draft, relative to the output folder
    b: str
    a_target: str
    b_target: str
    similarity: float  # Jaccard similarity of the word 5-gram shingles


def pack(text: str) -> bytes:
    """The text's shingles (checks.shingles) as bytes: what a worker sends back."""
    found = checks.shingles(text)
    return struct.pack(f"{len(found)}q", *found)  # array("q", …) takes 3× as long


def unpack(packed: bytes) -> array:
    found = array("q")
    found.frombytes(packed)
    return found


class ShingleStore:
    """Each draft's packed shingles in a temporary file: a 1,000-letter batch is not held in
    memory (about 24 KB a letter)."""

    def __enter__(self) -> ShingleStore:
        self._file = tempfile.TemporaryFile()  # deleted when closed, even after a crash
        self._at: dict[int, tuple[int, int]] = {}
        return self

    def __exit__(self, *exc) -> None:
        self._file.close()

    def add(self, key: int, packed: bytes) -> None:
        self._file.seek(0, os.SEEK_END)
        self._at[key] = (self._file.tell(), len(packed))
        self._file.write(packed)

    def shingles(self, key: int) -> array:
        offset, size = self._at[key]
        self._file.seek(offset)
        return unpack(self._file.read(size))

    def stored(self) -> list[int]:
        return sorted(self._at)


Masked = tuple[int, int, int]  # (key, number of shingles, bit mask over a block's vocabulary)


def similar_pairs(
    drafts: dict[int, tuple[str, str]], shingles: Callable[[int], Sequence[int]], *,
    threshold: float,
    top: int = TOP_PAIRS,
) -> tuple[list[Pair], list[Pair], int]:  # fmt: skip
    """Compare every pair of drafts: the top pairs, those above threshold, how many those are.

    drafts maps a key to (file, target); shingles(key) are that draft's shingles
    (checks.shingles, as the workers computed them). The score is their Jaccard similarity.
    Drafts are taken in blocks of about
    SHINGLE_BUDGET distinct shingles: each shingle of a block gets a bit and each draft a bit
    mask, so |A ∩ B| is a popcount, far cheaper than intersecting two sets of 3,000 shingles;
    every later draft is then compared with the block. Memory stays bounded however long the
    batch is.
    """
    keys = sorted(drafts)
    best: list[tuple] = []  # min-heaps of (score, -a, -b, pair): the best entry is the largest
    above: list[tuple] = []
    above_count = 0

    def compare(later: Masked, earlier: list[Masked]) -> None:
        """Score a draft against drafts of smaller keys; keep what makes either list."""
        nonlocal above_count
        key, size, mask = later
        commons = [(mask & mine[2]).bit_count() for mine in earlier]  # the bulk of the work
        for mine, common in zip(earlier, commons, strict=True):
            union = mine[1] + size - common
            score = common / union if union else 1.0  # == checks.jaccard of the two sets
            is_above = score > threshold
            if not is_above and best and len(best) >= top and score < best[0][0]:
                continue  # most pairs: neither among the top ones nor above the threshold
            (pa, ta), (pb, tb) = drafts[mine[0]], drafts[key]
            entry = (score, -mine[0], -key, Pair(pa, pb, ta, tb, score))  # ties: campaign order
            _keep(best, entry, top)
            if is_above:
                above_count += 1
                _keep(above, entry, MAX_LISTED_ABOVE)

    start = 0
    while start < len(keys):
        vocab: dict[int, int] = {}  # shingle → bit, for this block's shingles only
        block: list[Masked] = []
        while start < len(keys) and (not block or len(vocab) < SHINGLE_BUDGET):
            block.append(_masked(keys[start], shingles(keys[start]), vocab, True))
            start += 1
        for i in range(1, len(block)):
            compare(block[i], block[:i])
        for key in keys[start:]:
            compare(_masked(key, shingles(key), vocab, False), block)
    return (
        [entry[-1] for entry in sorted(best, reverse=True)],
        [entry[-1] for entry in sorted(above, reverse=True)],
        above_count,
    )


def _keep(heap: list, entry: tuple, size: int) -> None:
    if len(heap) < size:
        heapq.heappush(heap, entry)
    elif entry[:3] > heap[0][:3]:
        heapq.heapreplace(heap, entry)


def _masked(key: int, shingles: Sequence[int], vocab: dict[int, int], grow: bool) -> Masked:
    """The draft's shingles as bits of vocab (new shingles added when grow)."""
    bits = bytearray((len(vocab) + (len(shingles) if grow else 0)) // 8 + 1)
    for shingle in shingles:
        bit = vocab.get(shingle)
        if bit is None:
            if not grow:
                continue  # in no draft of the block: adds nothing to an intersection
            bit = vocab[shingle] = len(vocab)
        bits[bit >> 3] |= 1 << (bit & 7)
    return key, len(shingles), int.from_bytes(bits, "little")
