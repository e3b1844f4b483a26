"""A docket's answers: the response plan the staffer saved, with the automatic plan filling in.

A saved plan (responses/<docket>.yaml) is followed exactly: its pinned arguments in its order,
its leads, its skips. Questions it does not list are matched automatically, or not at all
when it says ``unlisted: skip``. Scoring (and the search library it loads) runs only when some
question is left to the matcher, or when scores are asked for, as `drafter plan` and
`drafter coverage` do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from drafter.model import Docket, PlannedAnswer, Question, ResponsePlan, Workspace
from drafter.plan.assign import Use, assign
from drafter.plan.relevance import Candidate, Matching, Score

AUTO, PINNED, SKIPPED = "auto", "plan", "skip"
SHOWN_ALTERNATIVES = 3  # runners-up a plan's comments name for each question


@dataclass(frozen=True)
class PlannedQuestion:
    """One question of the docket and how the letter answers it."""

    question: Question
    uses: tuple[Use, ...] = ()
    lead: str = ""
    how: str = AUTO  # AUTO, PINNED (the saved plan names its arguments) or SKIPPED
    scores: dict[str, Score] = field(default_factory=dict, compare=False, repr=False)

    @property
    def number(self) -> str:
        return self.question.number

    @property
    def answered(self) -> bool:
        return bool(self.uses or self.lead)

    def alternatives(self) -> list[tuple[str, Score]]:
        """The best-scoring arguments not used here, best first."""
        used = {u.key for u in self.uses}
        ranked = sorted(self.scores.items(), key=lambda kv: (-kv[1].total, kv[0]))
        return [(k, s) for k, s in ranked if k not in used][:SHOWN_ALTERNATIVES]


@dataclass(frozen=True)
class DocketPlan:
    """Every question of a docket, in order, each with its answer (possibly none)."""

    docket: Docket
    questions: tuple[PlannedQuestion, ...]
    saved: ResponsePlan | None = None
    candidates: dict[str, Candidate] = field(default_factory=dict, compare=False, repr=False)

    @property
    def unanswered(self) -> tuple[Question, ...]:
        return tuple(p.question for p in self.questions if not p.answered)


def candidates_of(ws: Workspace, positions: Sequence[str]) -> list[Candidate]:
    """Every argument of the named positions, in the positions' order."""
    return [
        Candidate(ws.positions[pid], argument)
        for pid in positions
        for argument in ws.positions[pid].arguments
    ]


def plan_docket(
    ws: Workspace,
    docket: Docket,
    candidates: Sequence[Candidate],
    *,
    saved: ResponsePlan | None = None,
    score_all: bool = False,
    matching: Matching | None = None,
) -> DocketPlan:
    """How the letter answers each question: the saved plan where it speaks, else the matcher.

    ``matching``: the workspace's Matching, kept across the letters of a run (one is made
    here when not given)."""
    known = _with_pinned(ws, candidates, saved)
    entries = {q.number: _entry(saved, q.number) for q in docket.questions}
    auto = [q for q in docket.questions if _matched(entries[q.number])]
    scores: dict[str, dict[str, Score]] = {}
    if auto or score_all:
        matching = matching or Matching(ws.topics)
        relevance = matching.relevance(list(known.values()), docket.questions)
        scores = {q.number: relevance.scores(_query(q, docket)) for q in docket.questions}
    made = _pinned_in_full(docket, entries)
    chosen = assign([q.number for q in auto], scores, made=made) if auto else {}
    for q in auto:
        for use in chosen.get(q.number, []):
            if use.full:
                made.setdefault(use.key, q.number)
    planned = []
    for q in docket.questions:
        entry = entries[q.number]
        here = scores.get(q.number, {})
        if entry == SKIPPED:
            planned.append(PlannedQuestion(q, how=SKIPPED, scores=here))
        elif entry == AUTO:
            planned.append(PlannedQuestion(q, tuple(chosen.get(q.number, ())), scores=here))
        else:
            assert isinstance(entry, PlannedAnswer)
            matched = _matched(entry)
            uses = chosen.get(q.number, []) if matched else _pinned(entry, made, q, here)
            how = AUTO if matched else PINNED
            planned.append(PlannedQuestion(q, tuple(uses), entry.lead, how, here))
    return DocketPlan(docket, tuple(planned), saved, known)


def _entry(saved: ResponsePlan | None, number: str) -> PlannedAnswer | str:
    """The saved plan's entry for a question, else AUTO or SKIPPED as its `unlisted` says."""
    if saved is None:
        return AUTO
    entry = saved.entry(number)
    if entry is None:
        return SKIPPED if saved.unlisted == "skip" else AUTO
    return SKIPPED if entry.skip else entry


def _matched(entry: PlannedAnswer | str) -> bool:
    """Whether the matcher chooses a question's arguments: not listed (with unlisted: auto),
    or listed with a lead only (no `use`, no `see`)."""
    return entry == AUTO or (
        isinstance(entry, PlannedAnswer) and entry.use is None and not entry.see
    )


def _with_pinned(
    ws: Workspace, candidates: Sequence[Candidate], saved: ResponsePlan | None
) -> dict[str, Candidate]:
    """The candidates by key, with the arguments a plan pins from modules the letter omits."""
    known = {c.key: c for c in candidates}
    for entry in saved.answers if saved else ():
        for key in (*(entry.use or ()), *entry.see):
            pid, _, aid = key.partition(".")
            position = ws.positions.get(pid)
            argument = (
                next((a for a in position.arguments if a.id == aid), None) if position else None
            )
            if key not in known and position is not None and argument is not None:
                known[key] = Candidate(position, argument)
    return known


def _query(q: Question, docket: Docket) -> Question:
    """What a question is scored on: a sub-question (8.1) is read with its parent's words."""
    parent = docket_parent(docket, q)
    if parent is None:
        return q
    return replace(q, text=f"{parent.text} {q.text}", topics=(*parent.topics, *q.topics))


def docket_parent(docket: Docket, q: Question) -> Question | None:
    """The question a sub-question (8.1, 8.2) is answered under, if the docket has it."""
    head, dot, _ = q.number.partition(".")
    if not dot:
        return None
    return next((p for p in docket.questions if p.number == head), None)


def _pinned_in_full(docket: Docket, entries: dict[str, PlannedAnswer | str]) -> dict[str, str]:
    """Where each pinned argument is written in full: the first question whose `use` has it."""
    made: dict[str, str] = {}
    for q in docket.questions:
        entry = entries[q.number]
        if isinstance(entry, PlannedAnswer):
            for key in entry.use or ():
                made.setdefault(key, q.number)
    return made


def _pinned(
    entry: PlannedAnswer, made: dict[str, str], q: Question, scores: dict[str, Score]
) -> list[Use]:
    """A pinned answer as written: its `use` in order (in full where first used), then `see`."""
    uses = [
        Use(key, scores.get(key), full=made.get(key) == q.number, see=made[key], pinned=True)
        for key in dict.fromkeys(entry.use or ())
    ]
    for key in dict.fromkeys(entry.see):
        if key in {u.key for u in uses}:
            continue
        where = made.setdefault(key, q.number)  # pointed to but made nowhere: made here
        uses.append(Use(key, scores.get(key), full=where == q.number, see=where, pinned=True))
    return [u if not u.full else Use(u.key, u.score, True, "", True) for u in uses]
