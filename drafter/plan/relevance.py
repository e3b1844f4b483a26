"""How well each argument answers a question: the question's words against the argument's,
and the topics they share.

The words are weighed with BM25 (term frequency saturated, rare words counting more) through
lunr.py, a pure-Python search library: it loads in a few milliseconds, where the numpy-based
BM25 libraries add 40 to 130 ms to every command that plans a letter (docs/plans.md has the
figures). Stems come from the Snowball stemmer (drafter.plan.vocabulary), so "license",
"licenses" and "licensing" are one word. Topics shared with the question count too: the
argument's own topics more than those it inherits from its module, and a question's topics
are those it lists plus those its text signals through the vocabulary (topics.yaml).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from drafter.model import Argument, Position, Question, Topic
from drafter.plan.vocabulary import Vocabulary, stems

WORDS = 0.1  # weight of the BM25 score of the question's words in the argument
OWN_TOPICS = 3.0  # weight of the topics the question shares with the argument itself
MODULE_TOPICS = 2.0  # weight of the topics it shares with the argument's module
THRESHOLD = 1.6  # an argument answers a question only at or above this score
STRONG = 2.0  # below this a match is weak: marked so in a plan's comments


@dataclass(frozen=True)
class Candidate:
    """An argument a letter can use, with its module."""

    position: Position
    argument: Argument

    @property
    def key(self) -> str:
        """How a response plan names it: position.argument."""
        return f"{self.position.id}.{self.argument.id}"


@dataclass(frozen=True)
class Score:
    """How well one argument answers one question, and why."""

    total: float
    words: float = 0.0  # BM25, question words in the argument's text
    own: tuple[str, ...] = ()  # topics shared with the argument's own topics
    inherited: tuple[str, ...] = ()  # topics shared only with its module's
    own_fit: float = 0.0  # how well the question's topics and the argument's agree (0 to 1)
    module_fit: float = 0.0  # the same with the module's topics

    @property
    def answers(self) -> bool:
        return self.total >= THRESHOLD

    @property
    def weak(self) -> bool:
        return self.total < STRONG

    def explain(self) -> str:
        """One line for a plan's comments: the score and what it rests on."""
        parts = [f"words {self.words:.2f}"]
        if self.own:
            parts.append("topics " + ", ".join(self.own))
        if self.inherited:
            parts.append("module topics " + ", ".join(self.inherited))
        return f"{self.total:.2f} ({'; '.join(parts)})"


class Relevance:
    """Scores a docket's questions against a fixed set of candidate arguments.

    A topic weighs more the fewer arguments carry it and the fewer of the docket's questions
    it tags: "copyright" says little in a copyright notice, "opt-out" a great deal. Topics are
    compared as weighted sets (cosine), so an argument listing many topics, or a question
    touching many, does not match everything.
    """

    def __init__(
        self,
        candidates: Sequence[Candidate],
        vocabulary: Vocabulary,
        questions: Sequence[Question] = (),
        *,
        index: Any = None,
    ):
        """``index``: the word index of these candidates (Matching.relevance passes the one
        it keeps); built here when not given."""
        self.candidates = tuple(candidates)
        self.vocabulary = vocabulary
        self._index = _build_index(documents_of(self.candidates)) if index is None else index
        asked = [self.topics_of(q) for q in questions]
        held = [set(c.argument.topics) | set(c.position.topics) for c in self.candidates]
        self._weights = {
            t: _rarity(t, asked) * _rarity(t, held) for t in set().union(*asked, *held)
        }

    def topics_of(self, question: Question) -> set[str]:
        """The topics a question lists, and those its words signal."""
        return set(question.topics) | set(self.vocabulary.tag(question.text))

    def scores(self, question: Question) -> dict[str, Score]:
        """Every candidate's score for the question, by key."""
        wanted = self.topics_of(question)
        matched = _search(self._index, stems(question.text))
        out: dict[str, Score] = {}
        for c in self.candidates:
            # An argument without topics of its own is about what its module is about.
            own = set(c.argument.topics or c.position.topics)
            module = set(c.position.topics) - own
            words = matched.get(c.key, 0.0)
            own_fit = self._cosine(wanted, own)
            module_fit = self._cosine(wanted, set(c.position.topics))
            total = WORDS * words + OWN_TOPICS * own_fit + MODULE_TOPICS * module_fit
            out[c.key] = Score(
                round(total, 3),
                round(words, 3),
                tuple(sorted(wanted & own)),
                tuple(sorted(wanted & module)),
                round(own_fit, 3),
                round(module_fit, 3),
            )
        return out

    def _cosine(self, a: set[str], b: set[str]) -> float:
        shared = a & b
        if not shared:
            return 0.0
        w = self._weights

        def norm(topics: set[str]) -> float:
            return math.sqrt(sum(w.get(t, 1.0) ** 2 for t in topics))

        return sum(w.get(t, 1.0) ** 2 for t in shared) / (norm(a) * norm(b))


def _rarity(topic: str, sets: Sequence[set[str]]) -> float:
    """Inverse document frequency of a topic among sets (1 when there are none)."""
    if not sets:
        return 1.0
    return math.log(1 + len(sets) / (sum(topic in s for s in sets) + 0.5))


class Matching:
    """What scoring keeps from one letter to the next of a workspace: its vocabulary, and the
    word index of each set of arguments the letters use.

    Building the index (stemming every argument, then lunr's build) is most of the cost of
    planning a letter, and the letters of a batch mostly use the same arguments with the same
    text. Make one Matching per workspace and run and pass it to every plan (the draft
    Engine holds one, which a batch worker keeps for all its letters). An index is reused
    only for arguments that read exactly the same (key, lead and text), in whatever order a
    letter argues them, so a letter scores as it would alone; the Matching holds one index
    per distinct set it has seen.
    """

    def __init__(self, topics: Mapping[str, Topic]):
        self.vocabulary = Vocabulary(topics)
        self._indexes: dict[tuple[tuple[str, str], ...], Any] = {}

    def relevance(
        self, candidates: Sequence[Candidate], questions: Sequence[Question] = ()
    ) -> Relevance:
        """A Relevance for these candidates and questions, on the index kept for them."""
        documents = documents_of(candidates)
        index = self._indexes.get(documents)
        if index is None:
            index = self._indexes[documents] = _build_index(documents)
        return Relevance(candidates, self.vocabulary, questions, index=index)


def documents_of(candidates: Sequence[Candidate]) -> tuple[tuple[str, str], ...]:
    """What the index reads of each argument, by key: its lead and text, in the keys' order,
    so that the index (and every score) is the same whatever order a letter argues them in."""
    return tuple(sorted((c.key, f"{c.argument.lead} {c.argument.text}") for c in candidates))


def _build_index(documents: Sequence[tuple[str, str]]) -> Any:
    """A lunr index of the arguments, stemmed here, so lunr's own pipelines are emptied."""
    from lunr.builder import Builder

    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("key")
    builder.field("text")
    for key, text in documents:
        builder.add({"key": key, "text": stems(text)})
    return builder.build()


def _search(index: Any, terms: list[str]) -> dict[str, float]:
    """BM25 of the query terms in each argument, by key (lunr divides by the query's length)."""
    from lunr.query import Query

    if not terms:
        return {}
    query = index.create_query()
    for term in dict.fromkeys(terms):
        query.term(term, use_pipeline=False, wildcard=Query.WILDCARD_NONE)
    return {match["ref"]: float(match["score"]) for match in index.query(query)}
