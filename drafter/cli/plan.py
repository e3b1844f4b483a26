"""Response-plan commands: plan (write the proposal to edit) and coverage (what it answers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from drafter.cli.app import ForceOpt, OutputOpt, PositionsOpt, app, load, out, shown, today
from drafter.cli.drafts import DocketOpt

if TYPE_CHECKING:
    from rich.table import Table

    from drafter.compose.letter import LetterPlan

AgencyArg = Annotated[str, typer.Argument(help="Agency id, e.g. usco.")]


@app.command()
def plan(
    agency: AgencyArg,
    docket: DocketOpt = None,
    position: PositionsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Write responses/DOCKET.yaml: the proposed answer to each question, to edit."""
    from drafter.compose.requests import LetterRequest
    from drafter.draft.responses import plan_file, propose
    from drafter.output import write_atomic

    ws = load()
    request = LetterRequest(
        agency=agency, docket=docket or "", positions=tuple(position or ()), today=today()
    )
    letter_plan, text = propose(ws, request)
    assert letter_plan.docket is not None
    path = output or plan_file(ws, letter_plan.docket.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text, force=force)
    answered = [p for p in letter_plan.responses.questions if p.answered]  # type: ignore[union-attr]
    out().print(
        f"[green]Wrote[/green] {shown(path)}: {len(answered)} of "
        f"{len(letter_plan.docket.questions)} questions answered. Edit it, then run "
        "'drafter check' and 'drafter letter'."
    )


@app.command()
def coverage(agency: AgencyArg, docket: DocketOpt = None, position: PositionsOpt = None) -> None:
    """Show how each docket question is answered, with each answer's score, and which none is."""
    from drafter.compose.requests import LetterRequest
    from drafter.draft.responses import plan_responses

    ws = load()
    request = LetterRequest(
        agency=agency, docket=docket or "", positions=tuple(position or ()), today=today()
    )
    letter_plan = plan_responses(ws, request)
    console = out()
    if letter_plan.responses is None:
        console.print(
            "This docket has no numbered questions; the letter has one section per position."
        )
        return
    console.print(coverage_table(letter_plan))
    questions = letter_plan.responses.questions
    missing = [p.number for p in questions if not p.answered]
    console.print(f"{len(questions) - len(missing)} of {len(questions)} questions answered.")
    if missing:
        console.print(f"Unanswered: {shown(', '.join(missing))}")


def coverage_table(letter_plan: LetterPlan) -> Table:
    """One row per question: its text, how it is answered (auto, plan, skip) and with what."""
    from rich.table import Table

    assert letter_plan.responses is not None
    docket = letter_plan.responses.docket
    source = " (response plan)" if letter_plan.responses.saved else ""
    table = Table("no.", "question", "answer", "score", title=shown(docket.id + source))
    for p in letter_plan.responses.questions:
        answer, scores = [], []
        for use in p.uses:
            answer.append(use.key if use.full else f"see Q{use.see}: {use.key}")
            scores.append(f"{use.score.total:.2f}" if use.score else "pinned")
        if p.lead:
            answer.insert(0, "lead")
            scores.insert(0, "")
        if not answer:
            answer = ["[red]skipped[/red]" if p.how == "skip" else "[red]none[/red]"]
        table.add_row(shown(p.number), shown(p.question.text), "\n".join(answer), "\n".join(scores))
    return table
