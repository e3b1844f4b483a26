"""Findings on a workspace or a finished draft: deadlines, placeholders, lengths, similarity."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from array import array

from drafter.errors import Location, Problem
from drafter.model import Docket, Workspace

PLACEHOLDER_RE = re.compile(r"\b(TODO|TK|TBD|FIXME|XXX)\b|\[\[.*?\]\]|\?\?\?")
_PLACEHOLDER_PARTS = ("TODO", "TK", "TBD", "FIXME", "XXX", "[[", "???")  # one is in every match
WORDS_PER_PAGE = 500  # a single-spaced 12 pt page with headings and footnotes


def days_left(docket: Docket, on: dt.date) -> int | None:
    return None if docket.deadline is None else (docket.deadline - on).days


def deadline_warnings(ws: Workspace, on: dt.date) -> list[Problem]:
    """A warning for every docket whose comment deadline has passed."""
    out = []
    for agency in ws.agencies.values():
        for docket in agency.dockets:
            left = days_left(docket, on)
            if left is not None and left < 0:
                loc = docket.loc
                out.append(
                    Problem(
                        f"docket {docket.id}: the comment deadline {docket.deadline} has passed "
                        f"({-left} days ago)",
                        Location(loc.file, loc.line, loc.col, f"{loc.path}.deadline"),
                        "a late comment may not be considered; check for a reopened period",
                        severity="warning",
                    )
                )
    return out


def placeholders(text: str) -> list[str]:
    """Placeholders such as TODO or TK left in a draft, each once, in order."""
    if not any(part in text for part in _PLACEHOLDER_PARTS):
        return []  # a substring scan, 20 times cheaper than the regex on a clean letter
    seen: dict[str, None] = {}
    for match in PLACEHOLDER_RE.finditer(text):
        seen.setdefault(match.group(0), None)
    return list(seen)


def placeholder_warnings(text: str, hint: str) -> list[Problem]:
    """A warning naming the placeholders left in a draft, if any."""
    found = placeholders(text)
    if not found:
        return []
    return [
        Problem(f"placeholders left in the text: {', '.join(found)}", severity="warning", hint=hint)
    ]


def pages_estimate(words: int, footnotes: int = 0) -> float:
    return round((words + footnotes * 25) / WORDS_PER_PAGE + 0.5, 1)


_WORD_RE = re.compile(r"\w+")
_GAP = None  # stands for the middle of a long line: no n-gram across line ends reaches it


def shingles(text: str, n: int = 5) -> set[int]:
    """The hashes of the text's word n-grams, lower-cased.

    The same in every process (batch workers compute them, the parent compares them): words
    become CRC-32s and an n-gram the hash of their tuple, and ints hash alike everywhere,
    unlike str, whose hash is salted per interpreter.
    """
    lines, across = shingle_parts(text, n)
    found = set(across)
    for _, own in lines:
        found.update(own)
    return found


def shingle_parts(text: str, n: int = 5) -> tuple[list[tuple[int, array]], list[int]]:
    """shingles(text) in parts: each line's own n-grams (with a key that names them, the same
    in every process), and the n-grams across line ends; parts may share n-grams.

    No word spans a line break, so each line's own n-grams are remembered (_LineMemo) and
    only those across line ends are hashed afresh.
    """
    memo = _MEMOS.get(n) or _MEMOS.setdefault(n, _LineMemo(n))
    lines: list[tuple[int, array]] = []
    edges: list[int | None] = []  # the lines' words, a long line's middle left out
    starts: list[int] = []  # where each line after the first begins in edges
    for line in text.split("\n"):
        ends, own, key = memo.get(line)
        if ends:
            starts.append(len(edges))
            edges.extend(ends)
            if own:
                lines.append((key, own))
    across: list[int] = []
    last = len(edges) - n
    for start in starts[1:]:
        for k in range(max(start - n + 1, 0), min(start, last + 1)):
            gram = tuple(edges[k : k + n])
            if _GAP not in gram:
                across.append(hash(gram))
    return lines, across


class _LineMemo:
    """Per line: its first and last n-1 word ids (all of them when the line is short), its
    own n-grams, packed, and their key (the hash of their tuple). A campaign's letters repeat
    the same paragraphs; about 0.5 KB a line, LIMIT lines at most."""

    LIMIT = 5000

    def __init__(self, n: int):
        self.n = n
        self.lines: dict[str, tuple[tuple[int | None, ...], array, int]] = {}

    def get(self, line: str) -> tuple[tuple[int | None, ...], array, int]:
        entry = self.lines.get(line)
        if entry is None:
            if len(self.lines) >= self.LIMIT:
                self.lines.clear()
            entry = self.lines[line] = self._make(line)
        return entry

    def _make(self, line: str) -> tuple[tuple[int | None, ...], array, int]:
        n = self.n
        ids = [zlib.crc32(word.encode("utf-8")) for word in _WORD_RE.findall(line.lower())]
        own = array("q", map(hash, zip(*(ids[k:] for k in range(n)), strict=False)))
        if len(ids) > 2 * (n - 1):
            ids = [*ids[: n - 1], _GAP, *ids[len(ids) - n + 1 :]]
        return tuple(ids), own, hash(tuple(own))


_MEMOS: dict[int, _LineMemo] = {}


def jaccard(a: set[int], b: set[int]) -> float:
    if not a and not b:
        return 1.0
    common = len(a & b)  # |a ∪ b| by counting, not by building the union: 2.5× faster
    return common / (len(a) + len(b) - common)


def most_similar(texts: dict[str, str], *, n: int = 5) -> list[tuple[str, str, float]]:
    """Every pair's 5-gram Jaccard similarity, most similar first."""
    sets = {name: shingles(text) for name, text in texts.items()}
    names = sorted(sets)
    pairs = [(a, b, jaccard(sets[a], sets[b])) for i, a in enumerate(names) for b in names[i + 1 :]]
    pairs.sort(key=lambda p: (-p[2], p[0], p[1]))
    return pairs[:n] if n else pairs
