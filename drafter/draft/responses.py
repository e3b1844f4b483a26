"""Response plans as files: what `drafter plan` writes and `drafter coverage` shows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from drafter.compose.letter import LetterPlan, plan_letter
from drafter.compose.requests import LetterRequest
from drafter.errors import DrafterError, OutputError
from drafter.model import Workspace
from drafter.plan.proposal import proposal_text


def plan_responses(ws: Workspace, request: LetterRequest) -> LetterPlan:
    """What the letter answers, with every question scored (the saved plan followed)."""
    return plan_letter(
        ws,
        request.agency,
        docket_id=request.docket,
        positions=request.positions,
        emphasis=request.emphasis,
        today=request.today,
        score_all=True,
    )


def propose(ws: Workspace, request: LetterRequest) -> tuple[LetterPlan, str]:
    """The automatic plan for a docket (a saved one ignored) and its response-plan file."""
    fresh = replace(ws, responses={})
    plan = plan_responses(fresh, request)
    if plan.responses is None or plan.docket is None:
        raise DrafterError(
            f"{plan.agency.id} has no docket with numbered questions to plan"
            + (f" ({request.docket})" if request.docket else ""),
            hint=f"give a docket that lists its questions: drafter agencies show {plan.agency.id}",
        )
    text = proposal_text(
        plan.responses, plan.agency, [c.id for c in plan.positions], today=request.today
    )
    return plan, text


def plan_file(ws: Workspace, docket_id: str) -> Path:
    """Where a workspace keeps its plan for a docket; the built-in workspace keeps none."""
    if ws.is_builtin:
        raise OutputError(
            "this is the built-in workspace; response plans belong in your own",
            hint="create one with 'drafter init my-workspace', then use -w my-workspace "
            "(or write the plan elsewhere with -o)",
        )
    return ws.root / "responses" / f"{docket_id}.yaml"
