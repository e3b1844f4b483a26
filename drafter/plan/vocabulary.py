"""Words to stems, and a text to the topics whose words it contains (topics.yaml).

A question imported from a notice carries no topics; tagging its text with the workspace's
vocabulary lets the matcher weigh topics for it all the same. Words are stemmed with the
Snowball English stemmer, so "label" in topics.yaml also finds "labeled" and "labeling".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from drafter.model import Topic

# Citations, link targets and Markdown marks are not words of the argument.
_CITATION_RE = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
_WORD_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")

# Words that say nothing about what a question or an argument is about.
_STOPWORDS = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either else
    few for from further had has have having he her here hers him his how i if in into is it
    its itself just may me might more most much must my no nor not now of off on once only or
    other our ours out over own per same shall she should so some such than that the their
    theirs them then there these they this those through to too under until up upon very was
    we were what when where whether which while who whom why will with would yet you your
    ever eg ie etc one ones us
"""
STOPWORDS = frozenset(_STOPWORDS.split())


@functools.lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def words(text: str) -> list[str]:
    """The lower-cased words of a text, citations left out."""
    text = _CITATION_RE.sub(" ", text.lower()).replace("’", "'")
    return [w.removesuffix("'s") for w in _WORD_RE.findall(text)]


def stems(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """The stems of a text's words, in order (stop words left out unless asked for)."""
    found = words(text) if keep_stopwords else [w for w in words(text) if w not in STOPWORDS]
    return [_stem(w) for w in found]


@functools.lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    # The pure-Python stemmer takes about 0.1 ms a word; a docket's words repeat.
    return str(_stemmer().stemWord(word))


class Vocabulary:
    """The topics of a workspace, each as the stemmed phrases that signal it."""

    def __init__(self, topics: Mapping[str, Topic]):
        self.phrases: dict[str, tuple[tuple[str, ...], ...]] = {
            tid: tuple(
                tuple(stems(phrase, keep_stopwords=True)) for phrase in topic.words if phrase
            )
            for tid, topic in topics.items()
        }
        # Each phrase with the topics it signals, and the phrases' lengths in words: a text
        # is tagged by looking up its runs of words of those lengths, not by trying each phrase.
        self._signals: dict[tuple[str, ...], set[str]] = {}
        for tid, phrases in self.phrases.items():
            for phrase in phrases:
                if phrase:
                    self._signals.setdefault(phrase, set()).add(tid)
        self._lengths = sorted({len(phrase) for phrase in self._signals})

    def tag(self, text: str) -> tuple[str, ...]:
        """The topics whose words or phrases appear in text, in vocabulary order."""
        found = stems(text, keep_stopwords=True)
        signalled = {
            tid
            for n in self._lengths
            for i in range(len(found) - n + 1)
            for tid in self._signals.get(tuple(found[i : i + n]), ())
        }
        return tuple(tid for tid in self.phrases if tid in signalled)

    def words_of(self, topics: Iterable[str]) -> list[str]:
        """The stems that signal the given topics."""
        return [stem for tid in topics for phrase in self.phrases.get(tid, ()) for stem in phrase]
