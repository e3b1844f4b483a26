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
from drafter.compose.asks import argued, collect_asks
from drafter.compose.reader import Stripped, for_reader
from drafter.errors import NoOpenDocket, UnknownReference
from drafter.load.fields import did_you_mean
from drafter.model import (
    Agency,
    Argument,
    Ask,
    Concern,
    Docket,
    Position,
    Question,
    Workspace,
)
from drafter.plan.relevance import Matching
from drafter.plan.responses import DocketPlan, candidates_of, plan_docket

MAX_SECTION_ARGUMENTS = 4  # letters without questions: per position section
MIN_SECTION_ARGUMENTS = 2
MIN_LEAD_ARGUMENTS = 3


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
    def asks(self) -> tuple[Ask, ...]:
        return self.position.asks

    @property
    def concerns(self) -> tuple[Concern, ...]:
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
    # Arguments whose citations of the addressee's own notice were left out (reader.py).
    stripped: tuple[Stripped, ...] = ()


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

    def key(p: Position) -> tuple[int, int, int, str]:
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


GENERAL = "general"  # a campaign target's docket for a letter with no docket


def resolve_docket(
    agency: Agency, docket_id: str, today: dt.date, *, general: bool = False, campaign: bool = False
) -> Docket | None:
    """The docket named, else the agency's next open docket; none for a general letter or an
    agency without dockets. An agency whose dockets are all closed is an error: a letter to
    a closed proceeding, or one with no docket at all, is a choice the drafter makes."""
    if docket_id and not (campaign and docket_id == GENERAL):
        docket = agency.docket(docket_id)
        if docket is None:
            raise UnknownReference(
                f"unknown docket '{docket_id}' for {agency.id}",
                hint=did_you_mean(docket_id, [d.id for d in agency.dockets]),
            )
        return docket
    if general or docket_id == GENERAL or not agency.dockets:
        return None
    docket = agency.next_open_docket(today)
    if docket is None:
        raise no_open_docket(agency, today, campaign=campaign)
    return docket


def no_open_docket(agency: Agency, today: dt.date, *, campaign: bool) -> NoOpenDocket:
    def day(d: dt.date) -> str:
        return f"{d:%B} {d.day}, {d.year}"

    closed = "; ".join(
        f"{d.id} closed {day(d.deadline)}" if d.deadline else f"{d.id} has no deadline recorded"
        for d in agency.dockets
    )
    first = agency.dockets[0].id
    if campaign:
        how = (
            f"add 'docket: {first}' to the target, or 'docket: {GENERAL}' for a letter with "
            "no docket"
        )
    else:
        how = f"name one with --docket {first}, or use --general for a letter with no docket"
    return NoOpenDocket(
        f"{agency.id} has no docket open for comment on {day(today)}: {closed}", hint=how
    )


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


def plan_letter(
    ws: Workspace,
    agency_id: str,
    *,
    docket_id: str = "",
    positions: Sequence[str] = (),
    emphasis: Sequence[str] = (),
    today: dt.date,
    score_all: bool = False,
    general: bool = False,
    matching: Matching | None = None,
) -> LetterPlan:
    """Everything a letter says, in order, before any text is rendered.

    ``matching``: the workspace's Matching, to reuse across letters (plan_docket)."""
    if agency_id not in ws.agencies:
        raise UnknownReference(
            f"unknown agency '{agency_id}'", hint=did_you_mean(agency_id, ws.agencies)
        )
    agency = ws.agencies[agency_id]
    ws, stripped = for_reader(ws, agency)
    chosen = choose_positions(ws, agency, positions)
    pick(ws, emphasis)
    docket = resolve_docket(agency, docket_id, today, general=general)
    composed = order_positions(chosen, agency.interests, emphasis)
    questions = docket.questions if docket else ()
    responses = None
    answers: list[Answer] = []
    unanswered: list[Question] = []
    if docket is not None and questions:
        candidates = candidates_of(ws, [c.id for c in composed])
        responses = plan_docket(
            ws,
            docket,
            candidates,
            saved=ws.response_plan(docket.id),
            score_all=score_all,
            matching=matching,
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
        asks=collect_asks(argued(composed, answers), agency),
        concerns=concerns,
        responses=responses,
        stripped=tuple(stripped),
    )
