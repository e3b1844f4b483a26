"""A letter's recommendations: only those its addressee can act on.

An ask's ``to`` names who can: agency ids, ``congress`` (every committee of Congress) or
``agencies`` (every addressee that is not one); an ask without ``to`` goes to every letter.
The Copyright Office is not asked to fund a research program, nor the FTC to leave fair use
to the courts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from drafter.model import Agency, Ask, Position

ASKS_PER_OTHER_POSITION = 2  # the lead module's asks all count; the others' first two


class HasPosition(Protocol):
    @property
    def position(self) -> Position: ...


P = TypeVar("P", bound=HasPosition)


def answer_arguments(answers: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """(position id, argument id) of every argument the answers make or point to, sub-questions
    included."""
    for answer in answers:
        for part in answer.parts:
            yield part.position.id, part.argument.id
        yield from answer_arguments(getattr(answer, "subs", ()))


def argued(composed: Sequence[P], answers: Iterable[Any]) -> list[P]:
    """The positions whose arguments answer some question, in the letter's order; all of them
    when none does (a letter without questions argues every position it has)."""
    ids = {pid for pid, _ in answer_arguments(answers)}
    return [c for c in composed if c.position.id in ids] or list(composed)


def can_act_on(ask: Ask, agency: Agency) -> bool:
    """Whether the letter to ``agency`` may list this ask."""
    if not ask.to:
        return True
    group = "congress" if agency.is_congress else "agencies"
    return agency.id in ask.to or group in ask.to


def asks_for(position: Position, agency: Agency) -> tuple[Ask, ...]:
    return tuple(ask for ask in position.asks if can_act_on(ask, agency))


def collect_asks(composed: Sequence[HasPosition], agency: Agency) -> tuple[str, ...]:
    """The lead module's asks this addressee can act on, then the first few of each other
    module's, without repeats."""
    seen: dict[str, None] = {}
    for i, c in enumerate(composed):
        mine = asks_for(c.position, agency)
        for ask in mine if i == 0 else mine[:ASKS_PER_OTHER_POSITION]:
            seen.setdefault(ask.text, None)
    return tuple(seen)
