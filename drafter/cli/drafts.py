"""Drafting commands: letter, oped, coverage."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafter.cli.app import (
    ForceOpt,
    FormatOpt,
    OutputOpt,
    PositionsOpt,
    PreviewOpt,
    SignerOpt,
    app,
    handle_errors,
    load,
    out,
    parse_date,
    report_problems,
    shown,
    storable,
    today,
)

if TYPE_CHECKING:
    from drafter.model import Workspace


# -- drafting commands ---------------------------------------------------------------------
@app.command()
@handle_errors
def letter(
    agency: Annotated[str, typer.Argument(help="Agency id, e.g. usco.")],
    docket: Annotated[str | None, typer.Option(help="Docket ID (default: next open).")] = None,
    position: PositionsOpt = None,
    signer: SignerOpt = None,
    date: Annotated[str | None, typer.Option(help="Letter date, YYYY-MM-DD.")] = None,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
    preview: PreviewOpt = False,
    summary: Annotated[
        bool, typer.Option(help="Also write the regulations.gov comment-box text (.summary.txt).")
    ] = False,
) -> None:
    """Draft a comment letter to AGENCY, answering its docket's questions."""
    from drafter.draft import LetterRequest, draft_letter

    ws = load()
    request = LetterRequest(
        agency=agency,
        docket=docket or "",
        positions=tuple(position or ()),
        signer=signer or "",
        date=parse_date(date),
        today=today(),
    )
    finish(ws, draft_letter(ws, request), output, fmt, force, preview, summary=summary)


@app.command()
@handle_errors
def oped(
    position: PositionsOpt = None,
    outlet: Annotated[
        str | None,
        typer.Option(help="Outlet id from outlets.yaml (default: the-hill, else the first)."),
    ] = None,
    words: Annotated[
        int | None, typer.Option(min=100, help="Word limit override: the most words allowed.")
    ] = None,
    peg: Annotated[
        str | None,
        typer.Option(
            help="News peg for the lede (default: the context module).", callback=storable
        ),
    ] = None,
    headline: Annotated[
        str | None, typer.Option(help="Headline override.", callback=storable)
    ] = None,
    signer: SignerOpt = None,
    date: Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD.")] = None,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
    preview: PreviewOpt = False,
) -> None:
    """Draft an op-ed that fits OUTLET's word limit."""
    from drafter.draft import OpedRequest, draft_oped

    ws = load()
    request = OpedRequest(
        outlet=outlet or "",
        positions=tuple(position or ()),
        words=words,
        peg=peg or "",
        headline=headline or "",
        signer=signer or "",
        date=parse_date(date),
        today=today(),
    )
    finish(ws, draft_oped(ws, request), output, fmt, force, preview)


def finish(ws: Workspace, draft, output, fmt, force, preview, *, summary: bool = False) -> None:
    """Preview, or render and write the draft, then print its summary."""
    from drafter.draft import check_summary, default_name, render
    from drafter.output import pick_format, write_atomic

    if preview:
        from rich.markdown import Markdown

        # Container fences (::: address) are Word styles; the terminal shows their text.
        lines = [ln for ln in draft.markdown.splitlines() if not ln.startswith(":::")]
        out().print(Markdown("\n".join(lines)))
        print_summary(draft, None)
        return
    fmt_value = pick_format(output, fmt.value if fmt else None)
    path = output or Path(default_name(draft, fmt_value))
    box_path = path.with_name(path.stem + ".summary.txt")
    box_text = check_summary(draft) if summary else ""
    if summary and box_path.exists() and not force:
        write_atomic(box_path, box_text, force=False)  # raises the usual "already exists"
    data = render(ws, draft, fmt_value)
    write_atomic(path, data, force=force)
    print_summary(draft, path)
    if summary:
        write_atomic(box_path, box_text, force=force)
        out().print(f"[green]Wrote[/green] {shown(box_path)} ({len(box_text):,} characters)")


def print_summary(draft, path: Path | None) -> None:
    console = out()
    s = draft.stats
    lines = []
    if path is not None:
        lines.append(f"[green]Wrote[/green] {shown(path)}")
    if draft.kind == "oped":
        lines.append(f"{s.words:,} words in the body, {s.links} links")
    else:
        lines.append(f"{s.words:,} words, about {s.pages} pages, {s.footnotes} footnotes")
    if s.questions_total:
        lines.append(f"questions answered: {s.questions_answered} of {s.questions_total}")
    if s.days_left is not None:
        lines.append(
            f"deadline in {s.days_left} days"
            if s.days_left >= 0
            else f"deadline passed {-s.days_left} days ago"
        )
    if s.grade is not None:
        lines.append(f"reading grade (Flesch–Kincaid): {s.grade:.1f}")
    if s.range:
        lines.append(f"word limit: {s.range[0]:,}–{s.range[1]:,}")
    for line in lines:
        console.print(line)
    report_problems(s.warnings)


@app.command()
@handle_errors
def coverage(
    agency: Annotated[str, typer.Argument(help="Agency id.")],
    docket: Annotated[str | None, typer.Option(help="Docket ID (default: next open).")] = None,
    position: PositionsOpt = None,
) -> None:
    """Show which positions answer each docket question, and which none does."""
    from rich.table import Table

    from drafter.draft import LetterRequest, coverage_rows

    ws = load()
    rows, docket_obj = coverage_rows(
        ws,
        LetterRequest(
            agency=agency, docket=docket or "", positions=tuple(position or ()), today=today()
        ),
    )
    console = out()
    if docket_obj is None or not docket_obj.questions:
        console.print(
            "This docket has no numbered questions; the letter has one section per position."
        )
        return
    table = Table("no.", "question", "positions", "arguments", title=shown(docket_obj.id))
    missing = []
    for number, text, pids, aids in rows:
        if not aids:
            missing.append(number)
        positions = ", ".join(pids) or "[red]none[/red]"
        table.add_row(shown(number), shown(text), positions, ", ".join(aids) or "—")
    console.print(table)
    answered = len(rows) - len(missing)
    console.print(f"{answered} of {len(rows)} questions answered.")
    if missing:
        console.print(f"Unanswered: {shown(', '.join(missing))}")
