"""The similarity check across a batch: word 5-gram shingles and pairwise Jaccard similarity.

Agencies collapse near-identical comments into one (ACUS Recommendation 2021-1), so a batch
must show where its drafts are too alike. Each draft's shingles are hashed by the worker that
wrote it and compared by the parent as they come back (PairFinder); beyond one block of
shingles they wait in a temporary file and are compared in bounded blocks, so memory stays
flat however long the batch is.
"""

from __future__ import annotations

import heapq
import os
import struct
import tempfile
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from drafter.compose import checks

TOP_PAIRS = 5
MAX_LISTED_ABOVE = 1000  # a batch of identical letters has n²/2 pairs; list this many at most
SHINGLE_BUDGET = 200_000  # distinct shingles held at once while comparing pairs (~20 MB)
LIVE_BUDGET = 50_000  # the same while workers are still drafting: they need the memory


@dataclass(frozen=True)
class Pair:
    """Two drafts of a batch and how similar they are."""

    a: str  # file of the first draft, relative to the output folder
    b: str
    a_target: str
    b_target: str
    similarity: float  # Jaccard similarity of the word 5-gram shingles


def pack(text: str) -> bytes:
    """The text's shingles as bytes, line by line (checks.shingle_parts): what a worker sends.

    Laid out as 64-bit ints: the number of lines; each line's key and count; each line's own
    shingles; then those across line ends. Letters share most of their lines, so the parent
    turns a line into bits once (PairFinder) instead of every shingle of every letter.
    """
    lines, across = checks.shingle_parts(text)
    head = array("q", [len(lines)])
    for key, own in lines:
        head.append(key)
        head.append(len(own))
    return b"".join([head.tobytes(), *(own.tobytes() for _, own in lines), _ints(across)])


def _ints(values: list[int]) -> bytes:
    return struct.pack(f"{len(values)}q", *values)  # array("q", …) takes 3× as long


def unpack(packed: bytes) -> tuple[list[tuple[int, array]], array]:
    """pack's lines (key, own shingles) and the shingles across line ends."""
    data = array("q")
    data.frombytes(packed)
    count = data[0]
    lines, at = [], 1 + 2 * count
    for i in range(1, at, 2):
        lines.append((data[i], data[at : at + data[i + 1]]))
        at += data[i + 1]
    return lines, data[at:]


def distinct(packed: bytes) -> array:
    """Every shingle of a packed text, once."""
    data = array("q")
    data.frombytes(packed)
    return array("q", set(data[1 + 2 * data[0] :]))


class ShingleStore:
    """Each draft's packed shingles in a temporary file: a 1,000-letter batch is not held in
    memory (about 25 KB a letter)."""

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
        return distinct(self._file.read(size))


Masked = tuple[int, int, int]  # (key, number of shingles, bit mask over a block's vocabulary)
Found = tuple[list[Pair], list[Pair], int]  # top pairs, pairs above the threshold, their count


def similar_pairs(
    drafts: dict[int, tuple[str, str]], shingles: Callable[[int], Sequence[int]], *,
    threshold: float,
    top: int = TOP_PAIRS,
) -> Found:  # fmt: skip
    """Compare every pair of drafts: the top pairs, those above threshold, how many those are.

    drafts maps a key to (file, target); shingles(key) are that draft's shingles
    (checks.shingles, as the workers computed them). The score is their Jaccard similarity.
    Drafts are taken in blocks of about
    SHINGLE_BUDGET distinct shingles: each shingle of a block gets a bit and each draft a bit
    mask, so |A ∩ B| is a popcount, far cheaper than intersecting two sets of 3,000 shingles;
    every later draft is then compared with the block. Memory stays bounded however long the
    batch is.
    """
    found = _Pairs(drafts, threshold, top)
    _in_blocks(sorted(drafts), shingles, found)
    return found.result()


class PairFinder:
    """similar_pairs for drafts that arrive one by one, while the batch is still drafting.

    The first block (LIVE_BUDGET shingles: 150 to 500 letters) is built and compared as the
    drafts arrive, so that a batch whose drafts fit in it has nothing left to compare when the
    last one is written. Drafts after it are compared at the end, as similar_pairs does. The
    result does not depend on the order of arrival.
    """

    def __init__(self, *, threshold: float, top: int = TOP_PAIRS):
        self.drafts: dict[int, tuple[str, str]] = {}
        self._found = _Pairs(self.drafts, threshold, top)
        self._vocab: dict[int, int] = {}
        self._lines: dict[int, tuple[int, int]] = {}  # line key -> its bits: lowest, the rest
        self._seen: set[int] = set()  # lines met once: a line is kept when it comes again
        self._first: list[Masked] = []  # the first block, filled as drafts arrive
        self._rest: list[int] = []  # drafts that arrived after it was full

    def __enter__(self) -> PairFinder:
        self._store = ShingleStore().__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._store.__exit__(*exc)

    def add(self, key: int, file: str, target: str, packed: bytes) -> None:
        self.drafts[key] = (file, target)
        if self._first and len(self._vocab) >= LIVE_BUDGET:
            self._store.add(key, packed)
            self._rest.append(key)
            return
        lines, across = unpack(packed)
        mask = _bits(across, self._vocab, True)
        for line, own in lines:
            bits = self._lines.get(line)
            if bits is not None:
                mask |= bits[1] << bits[0]
                continue
            found = _bits(own, self._vocab, True)
            mask |= found
            # Only lines that repeat are kept: an agency's own lines, met once, would hold
            # bits spread over the whole vocabulary (20 MB over a 1,000-letter batch).
            if line in self._seen:
                low = (found & -found).bit_length() - 1
                self._lines[line] = (low, found >> low)
            else:
                self._seen.add(line)
        # Every shingle of the draft has a bit in the first block: its bits count them.
        masked = (key, mask.bit_count(), mask)
        self._found.compare(masked, self._first)
        self._first.append(masked)

    def result(self) -> Found:
        """Compare what is left; the same result as similar_pairs over every draft added."""
        if self._rest:
            first, vocab = self._first, self._vocab
            self._first, self._vocab, self._lines, self._seen = [], {}, {}, set()
            for key in self._rest:
                self._found.compare(_masked(key, self._store.shingles(key), vocab, False), first)
            del first, vocab
            _in_blocks(sorted(self._rest), self._store.shingles, self._found)
        return self._found.result()


class _Pairs:
    """The top pairs and the pairs above the threshold, kept while drafts are compared."""

    def __init__(self, drafts: dict[int, tuple[str, str]], threshold: float, top: int):
        self.drafts, self.threshold, self.top = drafts, threshold, top
        self.best: list[tuple] = []  # min-heaps of (score, -a, -b, pair): best is the largest
        self.above: list[tuple] = []
        self.above_count = 0

    def compare(self, later: Masked, earlier: list[Masked]) -> None:
        """Score a draft against other drafts; keep what makes either list."""
        key, size, mask = later
        commons = [(mask & mine[2]).bit_count() for mine in earlier]  # the bulk of the work
        best, top, threshold = self.best, self.top, self.threshold
        for mine, common in zip(earlier, commons, strict=True):
            union = mine[1] + size - common
            score = common / union if union else 1.0  # == checks.jaccard of the two sets
            is_above = score > threshold
            if not is_above and best and len(best) >= top and score < best[0][0]:
                continue  # most pairs: neither among the top ones nor above the threshold
            a, b = sorted((mine[0], key))  # campaign order, whichever came first
            (pa, ta), (pb, tb) = self.drafts[a], self.drafts[b]
            entry = (score, -a, -b, Pair(pa, pb, ta, tb, score))  # ties: campaign order
            _keep(best, entry, top)
            if is_above:
                self.above_count += 1
                _keep(self.above, entry, MAX_LISTED_ABOVE)

    def result(self) -> Found:
        return (
            [entry[-1] for entry in sorted(self.best, reverse=True)],
            [entry[-1] for entry in sorted(self.above, reverse=True)],
            self.above_count,
        )


def _in_blocks(keys: list[int], shingles: Callable[[int], Sequence[int]], found: _Pairs):
    """Compare every pair of keys, a block of about SHINGLE_BUDGET shingles at a time."""
    start = 0
    while start < len(keys):
        vocab: dict[int, int] = {}  # shingle → bit, for this block's shingles only
        block: list[Masked] = []
        while start < len(keys) and (not block or len(vocab) < SHINGLE_BUDGET):
            block.append(_masked(keys[start], shingles(keys[start]), vocab, True))
            start += 1
        for i in range(1, len(block)):
            found.compare(block[i], block[:i])
        for key in keys[start:]:
            found.compare(_masked(key, shingles(key), vocab, False), block)


def _keep(heap: list, entry: tuple, size: int) -> None:
    if len(heap) < size:
        heapq.heappush(heap, entry)
    elif entry[:3] > heap[0][:3]:
        heapq.heapreplace(heap, entry)


def _masked(key: int, shingles: Sequence[int], vocab: dict[int, int], grow: bool) -> Masked:
    """The draft's (distinct) shingles as bits of vocab (new shingles added when grow)."""
    return key, len(shingles), _bits(shingles, vocab, grow)


def _bits(shingles: Sequence[int], vocab: dict[int, int], grow: bool) -> int:
    """Shingles as bits of vocab (new shingles added when grow)."""
    bits = bytearray((len(vocab) + (len(shingles) if grow else 0)) // 8 + 1)
    for shingle in shingles:
        bit = vocab.get(shingle)
        if bit is None:
            if not grow:
                continue  # in no draft of the block: adds nothing to an intersection
            bit = vocab[shingle] = len(vocab)
        bits[bit >> 3] |= 1 << (bit & 7)
    return int.from_bytes(bits, "little")
