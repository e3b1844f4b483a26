"""What a reader sees of Markdown prose: its words, sentences, syllables and reading grade.

Words are counted as pandoc's plain text shows them, split on whitespace: link targets and
markup left out, links counted as their text.

Syllables come from pyphen's en_US hyphenation dictionary, checked against a vowel-group
count: hyphenation dictionaries leave short words and some endings unsplit ("ev-ery",
"amer-i-can", "avail-able"), so a word counts as the larger of the two.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache

import pyphen
from markdown_it.token import Token

from drafter.text.markdown import parse_tokens

# Abbreviations that come before a name or a number, so their period ends no sentence.
# fmt: off
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "pres", "prof", "v", "vs", "cf",
    "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
})
# fmt: on
_TOKEN_RE = re.compile(r"\S+")
_TERMINALS = (".", "!", "?")
_CLOSERS = "\"'”’)]"
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_LETTERS_RE = re.compile(r"[a-z]+")
_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def sentences(text: str) -> list[str]:
    """Split text into sentences; abbreviations ("U.S.", "Sen.", "v.") do not end one.

    A sentence ends with a word whose last marks (before closing quotes and brackets) are
    ".", "!" or "?", and the next word starts with a capital, a quote or a bracket. Words are
    read once each, so the time is linear in the text's length.
    """
    out: list[str] = []
    start = 0
    found = _TOKEN_RE.finditer(text)
    token = next(found, None)
    while token is not None:
        after = next(found, None)
        word = token.group()
        core = word.rstrip(_CLOSERS)
        first = after.group()[0] if after else ""
        ends = core.endswith(_TERMINALS) and (
            not first or first.isupper() or first in "\"'“‘(["
        )  # "e.g. the", "No. 4": a sentence starts with a capital
        if ends and _final_run(core).startswith(".") and _abbreviation(word):
            ends = False
        if ends:
            piece = text[start : token.end()].strip()
            if piece:
                out.append(piece)
            start = token.end()
        token = after
    rest = text[start:].strip()
    if _WORD_RE.search(rest):
        out.append(rest)
    return out


def _final_run(core: str) -> str:
    """The run of ".", "!" and "?" that ends a word (its closers already taken off)."""
    return core[len(core.rstrip(".!?")) :]


def _abbreviation(token: str) -> bool:
    """Tell whether a token ending in "." is an abbreviation, such as "U.S." or "Sen."."""
    core = token.strip("\"'“‘([").rstrip(".")
    if "." in core:  # U.S, e.g, D.C
        return True
    return (len(core) == 1 and core.isalpha()) or core.lower() in _ABBREVIATIONS


def words(text: str) -> list[str]:
    """The words of a text (letters and digits, with inner apostrophes)."""
    return _WORD_RE.findall(text)


@cache
def syllables(word: str) -> int:
    """Count the syllables of one word (at least 1)."""
    bare = re.sub(r"['’]s$", "", word.lower()).replace("'", "").replace("’", "")
    parts = _LETTERS_RE.findall(bare)
    if not parts:
        return 1  # a number or a symbol: read as one unit
    return sum(max(len(_dictionary().positions(p)) + 1, _vowel_groups(p)) for p in parts)


def _vowel_groups(word: str) -> int:
    """Estimate syllables from groups of vowels, with the usual English endings."""
    stem = "x" + word[1:] if word.startswith("y") else word  # initial y is a consonant
    n = len(_VOWEL_GROUP_RE.findall(stem))
    if len(word) > 3 and word.endswith(("ea", "ia")):  # i-de-a, me-di-a
        n += 1
    consonant_before = len(word) > 2 and word[-2] not in "aeiouy"
    if word.endswith("e") and consonant_before and not re.search(r"[^aeiouy]le$", word):
        n -= 1  # silent e: make, whale (but ta-ble)
    elif re.search(r"[^aeiouy][e](?:s|d)$", word) and not re.search(
        r"(?:[td]ed|[sxz]es|[cs]hes|[cg]es)$", word
    ):
        n -= 1  # mandates, used (but created, passes, judges)
    return max(1, n)


def grade(text: str) -> float:
    """Flesch–Kincaid grade level: 0.39 w/s + 11.8 syl/w − 15.59 (0.0 for empty text)."""
    found = words(text)
    if not found:
        return 0.0
    count = max(1, len(sentences(text)))
    total = sum(syllables(w) for w in found)
    return 0.39 * len(found) / count + 11.8 * total / len(found) - 15.59


def body_text(markdown: str) -> str:
    """An op-ed's body as plain text: without the headline, the italic dek under it and the
    italic bio line at the end.
    """
    blocks: list[tuple[str, str, bool]] = []  # (tag, text, wholly in italics)
    tokens = parse_tokens(markdown)
    for before, tok in itertools.pairwise(tokens):
        if tok.type == "inline" and before.type.endswith("_open"):
            blocks.append((before.tag, inline_text(tok), _italic(tok)))
    if blocks and blocks[0][0] == "h1":
        blocks.pop(0)
        if blocks and blocks[0][2]:
            blocks.pop(0)
    if blocks and blocks[-1][2]:
        blocks.pop()
    return "\n\n".join(text for _, text, _ in blocks)


def _italic(inline: Token) -> bool:
    """Tell whether one emphasis span holds all of an inline's content."""
    kids = [k for k in inline.children or () if k.type not in ("softbreak", "hardbreak")]
    if len(kids) < 3 or kids[0].type != "em_open" or kids[-1].type != "em_close":
        return False
    depth = 0
    for kid in kids[:-1]:
        depth += (kid.type == "em_open") - (kid.type == "em_close")
        if depth == 0:
            return False  # "*a* and *b*"
    return True


def inline_text(inline: Token) -> str:
    """What a reader sees of an inline token: its text and code, breaks as spaces, no calls."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def count_words(markdown: str) -> int:
    """Words of Markdown as a reader sees them (links count as their text)."""
    return len(" ".join(inline_text(t) for t in parse_tokens(markdown) if t.children).split())


def inlines(markdown: str) -> Iterator[Token]:
    """Every inline token of Markdown (text, links, emphasis, footnote references), in order."""
    for tok in parse_tokens(markdown):
        yield from tok.children or ()
