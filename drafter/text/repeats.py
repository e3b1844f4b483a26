"""Sentences a document says twice: a letter should make each point once.

A sentence counts when it has at least MIN_WORDS words, numbers aside (a cross-reference such
as "See our responses to Questions 6 and 11." makes no point of its own, however often it is
needed); two sentences are the same when their words are, whatever the case, punctuation,
emphasis or footnote calls. Footnotes are left
out (a short form or *Id.* may well repeat).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from drafter.text.readability import inline_text, sentences, words

MIN_WORDS = 8


@dataclass(frozen=True)
class Repeat:
    """A sentence found twice, with the heading each time it appears under."""

    sentence: str
    first: str
    second: str


def repeated_sentences(tokens: Sequence[Token], min_words: int = MIN_WORDS) -> list[Repeat]:
    """Each sentence of min_words words or more that appears a second time, in order."""
    seen: dict[tuple[str, ...], tuple[str, str]] = {}
    found: list[Repeat] = []
    reported: set[tuple[str, ...]] = set()
    heading = "the opening"
    in_heading = in_footnote = False
    for token in tokens:
        if token.type == "footnote_block_open":
            in_footnote = True
        elif token.type == "footnote_block_close":
            in_footnote = False
        elif token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and in_heading:
            heading = f'"{inline_text(token).strip()}"'
        elif token.type == "inline" and not in_footnote:
            for sentence in sentences(inline_text(token).strip()):
                key = tuple(w.lower() for w in words(sentence))
                if sum(not w.isdigit() for w in key) < min_words:
                    continue
                if key in seen and key not in reported:
                    found.append(Repeat(seen[key][0], seen[key][1], heading))
                    reported.add(key)
                seen.setdefault(key, (sentence, heading))
    return found
