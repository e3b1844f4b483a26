"""Pure functions from a workspace and a target to the context a template renders.

No I/O here: choose the positions, order them for the reader, and answer the docket's
questions as its response plan says (drafter.plan; the answers themselves: compose/answers.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from drafter.compose.answers import Answer, compose_answers
from drafter.errors import UnknownReference
from drafter.load.fields import did_you_mean
from drafter.model import Agency, Argument, Docket, Position, Question, Workspace
from drafter.plan.responses import DocketPlan, candidates_of, plan_docket

MAX_SECTION_ARGUMENTS = 4  # letters without questions: per position section
MIN_SECTION_ARGUMENTS = 2
MIN_LEAD_ARGUMENTS = 3
ASKS_PER_OTHER_POSITION = 2  # the lead module's asks all count; the others' first two


@dataclass(frozen=True)
class Composed:
    """A position as a draft uses it: the module plus its place and the arguments chosen."""

    position: Position
    arguments: tuple[Argument, ...]
    lead: bool = False
    relevance: int = 0

    # Templates read these directly.
    @property
    def id(self) -> str:
        return self.position.id

    @property
    def title(self) -> str:
        return self.position.title

    @property
    def stance(self) -> str:
        return self.position.stance

    @property
    def asks(self) -> tuple[str, ...]:
        return self.position.asks

    @property
    def concerns(self):
        return self.position.concerns


@dataclass(frozen=True)
class LetterPlan:
    """What a letter will say: agency, docket, positions, answers, asks."""

    agency: Agency
    docket: Docket | None
    positions: tuple[Composed, ...]
    answers: tuple[Answer, ...]
    unanswered: tuple[Question, ...]
    asks: tuple[str, ...]
    concerns: tuple[Any, ...] = field(default_factory=tuple)
    responses: DocketPlan | None = None  # how each question is answered, with scores


def pick(ws: Workspace, ids: Iterable[str], *, what: str = "position") -> list[Position]:
    """The named positions, or an error naming the unknown one with a did-you-mean."""
    out = []
    for pid in ids:
        if pid not in ws.positions:
            raise UnknownReference(f"unknown {what} '{pid}'", hint=did_you_mean(pid, ws.positions))
        out.append(ws.positions[pid])
    return out


def choose_positions(
    ws: Workspace, agency: Agency | None, requested: Sequence[str]
) -> list[Position]:
    """Command line (or target), else the agency's own list, else every module."""
    if requested:
        return pick(ws, dict.fromkeys(requested))
    if agency is not None and agency.positions:
        return pick(ws, agency.positions)
    return sorted(ws.positions.values(), key=lambda p: (p.priority, p.id))


def interest_weights(interests: Sequence[str]) -> dict[str, int]:
    """Earlier interests weigh more: the first of n weighs n, the last 1."""
    return {topic: len(interests) - i for i, topic in enumerate(interests)}


def relevance(position: Position, weights: Mapping[str, int]) -> int:
    topics = set(position.topics)
    for argument in position.arguments:
        topics.update(argument.topics)
    return sum(weights.get(t, 0) for t in topics)


def order_positions(
    positions: Sequence[Position], interests: Sequence[str], emphasis: Sequence[str] = ()
) -> list[Composed]:
    """Emphasised modules first, then by the agency's interests, then by priority."""
    weights = interest_weights(interests)
    emphasis_rank = {pid: i for i, pid in enumerate(emphasis)}

    def key(p: Position):
        return (
            emphasis_rank.get(p.id, len(emphasis_rank)),
            -relevance(p, weights),
            p.priority,
            p.id,
        )

    ordered = sorted(positions, key=key)
    return [
        Composed(
            position=p,
            arguments=order_arguments(p, weights),
            lead=(i == 0),
            relevance=relevance(p, weights),
        )
        for i, p in enumerate(ordered)
    ]


def order_arguments(position: Position, weights: Mapping[str, int]) -> tuple[Argument, ...]:
    """Arguments that touch the reader's interests first; otherwise as written."""
    indexed = list(enumerate(position.arguments))
    indexed.sort(key=lambda ia: (-sum(weights.get(t, 0) for t in ia[1].topics), ia[0]))
    return tuple(a for _, a in indexed)


def resolve_docket(agency: Agency, docket_id: str, today: dt.date) -> Docket | None:
    """--docket, else the agency's next open docket, else none."""
    if docket_id:
        docket = agency.docket(docket_id)
        if docket is None:
            raise UnknownReference(
                f"unknown docket '{docket_id}' for {agency.id}",
                hint=did_you_mean(docket_id, [d.id for d in agency.dockets]),
            )
        return docket
    return agency.next_open_docket(today)


def select_arguments(
    c: Composed, weights: Mapping[str, int], *, lead: bool
) -> tuple[Argument, ...]:
    """The arguments of a section that touch the reader's interests (most first), padded with
    the module's own lead arguments to a minimum and capped, so letters differ by reader.
    """
    relevant = [a for a in c.arguments if any(weights.get(t, 0) for t in a.topics)]
    keep = relevant[:MAX_SECTION_ARGUMENTS]
    for argument in c.position.arguments:
        if len(keep) >= (MIN_LEAD_ARGUMENTS if lead else MIN_SECTION_ARGUMENTS):
            break
        if argument not in keep:
            keep.append(argument)
    return tuple(keep)


def collect_asks(composed: Sequence[Composed]) -> tuple[str, ...]:
    """The lead module's asks, then the first few of each other module's, without repeats."""
    seen: dict[str, None] = {}
    for i, c in enumerate(composed):
        for ask in c.asks if i == 0 else c.asks[:ASKS_PER_OTHER_POSITION]:
            seen.setdefault(ask, None)
    return tuple(seen)


def plan_letter(
    ws: Workspace,
    agency_id: str,
    *,
    docket_id: str = "",
    positions: Sequence[str] = (),
    emphasis: Sequence[str] = (),
    today: dt.date,
    score_all: bool = False,
) -> LetterPlan:
    """Everything a letter says, in order, before any text is rendered."""
    if agency_id not in ws.agencies:
        raise UnknownReference(
            f"unknown agency '{agency_id}'", hint=did_you_mean(agency_id, ws.agencies)
        )
    agency = ws.agencies[agency_id]
    docket = resolve_docket(agency, docket_id, today)
    chosen = choose_positions(ws, agency, positions)
    pick(ws, emphasis)
    composed = order_positions(chosen, agency.interests, emphasis)
    questions = docket.questions if docket else ()
    responses = None
    answers: list[Answer] = []
    unanswered: list[Question] = []
    if docket is not None and questions:
        candidates = candidates_of(ws, [c.id for c in composed])
        responses = plan_docket(
            ws, docket, candidates, saved=ws.response_plan(docket.id), score_all=score_all
        )
        answers, unanswered = compose_answers(responses)
    if not questions:
        # No questions to key on: each section makes only the arguments this reader weighs.
        weights = interest_weights(agency.interests)
        composed = [
            replace(c, arguments=select_arguments(c, weights, lead=(i == 0)))
            for i, c in enumerate(composed)
        ]
    concerns = tuple((c.position, concern) for c in composed[:2] for concern in c.concerns[:1])
    return LetterPlan(
        agency=agency,
        docket=docket,
        positions=tuple(composed),
        answers=tuple(answers),
        unanswered=tuple(unanswered),
        asks=collect_asks(composed),
        concerns=concerns,
        responses=responses,
    )
