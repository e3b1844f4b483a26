"""Findings on a workspace or a finished draft: deadlines, placeholders, lengths, similarity."""

from __future__ import annotations

import datetime as dt
import re
import zlib

from drafter.errors import Location, Problem
from drafter.model import Docket, Workspace

# A [[...]] placeholder holds no "[[" or "]]" of its own: so the search from each "[[" stops at
# the next one, and a long run of "[" takes time in proportion to its length, not its square.
PLACEHOLDER_RE = re.compile(r"\b(TODO|TK|TBD|FIXME|XXX)\b|\[\[(?:(?!\[\[|\]\])[^\n])*\]\]|\?\?\?")
_PLACEHOLDER_PARTS = ("TODO", "TK", "TBD", "FIXME", "XXX", "[[", "???")  # one is in every match
# The prose of a `drafter positions new` skeleton written before its text was marked [[…]]:
# a module still saying these has not been written yet.
SKELETON_PHRASES = (
    "State the position here in one or two sentences.",
    "Make the argument in a full paragraph: the claim, the evidence, and why it",
    "The same argument in two sentences.",
    "Recommend one concrete step the agency should take.",
    "Describe the strongest objection fairly.",
)
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
        return []  # most drafts have none: a few substring searches instead of the pattern
    seen: dict[str, None] = {}
    for match in PLACEHOLDER_RE.finditer(text):
        seen.setdefault(match.group(0), None)
    return list(seen)


def pages_estimate(words: int, footnotes: int = 0) -> float:
    return round((words + footnotes * 25) / WORDS_PER_PAGE + 0.5, 1)


_WORD_RE = re.compile(r"\w+")


def shingles(text: str, n: int = 5) -> set[int]:
    """The hashes of the text's word n-grams, lower-cased.

    The same in every process (batch workers compute them, the parent compares them): words
    become CRC-32s and an n-gram the hash of their tuple, and ints hash alike everywhere,
    unlike str, whose hash is salted per interpreter.
    """
    words = [zlib.crc32(word.encode("utf-8")) for word in _WORD_RE.findall(text.lower())]
    return set(map(hash, zip(*(words[k:] for k in range(n)), strict=False)))


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
