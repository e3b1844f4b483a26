"""A letter's framing: what the introduction, the Summary and the conclusion say around the
answers, and what a drafter should be told about it.

The template reads these context keys (DESIGN.md section 4):

- ``names``: the organization and the agency as running text, the address block, the
  salutation, the attention line, the description (compose/names.py);
- ``prior_work``: the citation of the organization's own filings and reports ("[@a; @b]"),
  "" when drafter.yaml lists none;
- ``questions``: the numbers of the questions answered, runs shortened ("1, 2, 5–8, and 10");
- ``argued``: the positions the letter argues (those whose arguments answer a question), whose
  stances the Summary states; ``asks`` are theirs, those this addressee can act on
  (compose/asks.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from drafter.compose.asks import answer_arguments, argued
from drafter.compose.letter import LetterPlan
from drafter.compose.names import LetterNames, letter_names, ranges
from drafter.compose.reader import own_notice_warnings
from drafter.errors import Location, Problem
from drafter.model import Workspace


def framing(ws: Workspace, plan: LetterPlan) -> dict[str, Any]:
    """The framing's context keys for one letter."""
    org = ws.organization
    return {
        "names": letter_names(org, plan.agency, plan.docket),
        "prior_work": "[" + "; ".join(f"@{key}" for key in org.prior_work) + "]"
        if org.prior_work
        else "",
        "questions": ranges([a.number for a in plan.answers]),
        "argued": argued(plan.positions, plan.answers),
    }


def used_arguments(plan: LetterPlan) -> Iterator[tuple[str, str]]:
    """(position id, argument id) of every argument the letter makes."""
    if plan.docket is not None and plan.docket.questions:
        yield from answer_arguments(plan.answers)
        return
    for c in plan.positions:
        for argument in c.arguments:
            yield c.id, argument.id


def framing_warnings(plan: LetterPlan, names: LetterNames) -> list[Problem]:
    """What the drafter should know about the letter's framing."""
    agency = plan.agency
    problems = own_notice_warnings(plan.stripped, used_arguments(plan), agency)
    if agency.attention.lower() == "contact" and not names.attention:
        docket = plan.docket.id if plan.docket else "a letter with no docket"
        problems.append(
            Problem(
                f"{agency.id} asks for an attention line to the notice's contact, but "
                f"{docket} names no contact",
                Location(agency.file or f"agencies/{agency.id}.yaml", path="attention"),
                "add the docket's contact: (the notice's FOR FURTHER INFORMATION CONTACT), or "
                "write the person's name in attention:",
                severity="warning",
            )
        )
    if not plan.asks:
        ids = ", ".join(c.id for c in plan.positions)
        problems.append(
            Problem(
                f"the letter to {agency.id} lists no recommendations: none of the asks of "
                f"{ids} is addressed to it",
                Location(agency.file or f"agencies/{agency.id}.yaml"),
                f"add an ask with 'to: [{agency.id}]' (or without 'to') to one of those positions",
                severity="warning",
            )
        )
    return problems
