"""The "Responses to the Questions" part of a letter: each answered question with its text.

The plan (drafter.plan.responses) decides which arguments answer which question; here they
become paragraphs: an opening (the plan's lead for the question, else the first argument's
own lead), each argument made in full, and one sentence pointing to answers given under
other questions. Sub-questions (8.1, 8.2) are answered under their parent, in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from drafter.model import Argument, Docket, Position, Question
from drafter.plan.assign import Use
from drafter.plan.responses import DocketPlan, PlannedQuestion, docket_parent


@dataclass(frozen=True)
class Part:
    """One argument inside an answer: made in full, or pointed to (see: where it is made)."""

    argument: Argument
    position: Position
    text: str
    first: bool
    see: str = ""
    score: float | None = None


@dataclass(frozen=True)
class Answer:
    """A docket question and what the letter says under it."""

    question: Question
    parts: tuple[Part, ...] = ()
    lead: str = ""
    subs: tuple[Answer, ...] = ()
    answered: bool = True  # False for a parent shown only to hold its sub-questions

    @property
    def number(self) -> str:
        return self.question.number

    @property
    def text(self) -> str:
        return self.question.text

    @property
    def pointers(self) -> tuple[str, ...]:
        """The questions whose answers this one points to, in order, each once."""
        numbers = dict.fromkeys(p.see for p in self.parts if not p.first)
        return tuple(sorted(numbers, key=_in_order))

    @property
    def pointer(self) -> str:
        """The one sentence that points to answers given elsewhere ("" when there are none)."""
        return pointer_sentence(self.pointers, alone=not any(p.first for p in self.parts))

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """What the letter says under the question, paragraph by paragraph."""
        full = [p.text for p in self.parts if p.first]
        opening = self.lead or (self.parts[0].argument.lead if self.parts else "")
        if self.parts and not self.parts[0].first:
            opening = self.lead  # an argument's own lead opens only its own full text
        if opening and full:
            full[0] = f"{opening.strip()} {full[0]}"
        elif opening:
            full.insert(0, opening.strip())
        if self.pointer:
            full.append(self.pointer)
        return tuple(full)


def pointer_sentence(numbers: Sequence[str], *, alone: bool) -> str:
    """ "See our response to Question 8." (after an answer: "See also ..."); short, so that
    two questions pointing to the same answer never repeat an eight-word sentence."""
    if not numbers:
        return ""
    listed = _oxford(list(numbers))
    where = (
        f"response to Question {listed}"
        if len(numbers) == 1
        else f"responses to Questions {listed}"
    )
    return f"See {'' if alone else 'also '}our {where}."


def _in_order(number: str) -> tuple[int | str, ...]:
    """Question numbers in the notice's order: 2 before 10, 8 before 8.1."""
    return tuple(int(part) if part.isdigit() else part for part in number.split("."))


def _oxford(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def compose_answers(plan: DocketPlan) -> tuple[list[Answer], list[Question]]:
    """The answers in docket order, sub-questions under their parent; and the unanswered."""
    docket = plan.docket
    own = {p.number: _answer(p, plan) for p in plan.questions}
    subs: dict[str, list[Answer]] = {}
    for p in plan.questions:
        parent = docket_parent(docket, p.question)
        if parent is not None and own[p.number].answered:
            subs.setdefault(parent.number, []).append(own[p.number])
    answers: list[Answer] = []
    for p in plan.questions:
        if docket_parent(docket, p.question) is not None:
            continue
        answer = own[p.number]
        children = tuple(subs.get(p.number, ()))
        if answer.answered or children:
            answers.append(
                Answer(answer.question, answer.parts, answer.lead, children, answer.answered)
            )
    return answers, list(plan.unanswered)


def _answer(p: PlannedQuestion, plan: DocketPlan) -> Answer:
    parts = tuple(_part(use, plan) for use in p.uses if use.key in plan.candidates)
    return Answer(p.question, parts, p.lead, answered=bool(parts or p.lead))


def _part(use: Use, plan: DocketPlan) -> Part:
    c = plan.candidates[use.key]
    score = use.score.total if use.score else None
    return Part(c.argument, c.position, c.argument.text, use.full, use.see, score)


def count_answered(answers: Sequence[Answer]) -> int:
    """Questions answered, sub-questions included."""
    return sum(int(a.answered) + count_answered(a.subs) for a in answers)


def docket_is_verbatim(docket: Docket | None) -> bool:
    return bool(docket and docket.verbatim)
