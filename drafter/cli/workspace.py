"""Workspace commands: init, check, positions, agencies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.app import (
    State,
    agencies_app,
    app,
    err,
    handle_errors,
    load,
    out,
    positions_app,
    report_problems,
    shown,
    today,
)


# -- workspace commands -------------------------------------------------------------------
@app.command()
@handle_errors
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")] = Path(
        "."
    ),
    force: Annotated[bool, typer.Option(help="Overwrite files that already exist.")] = False,
) -> None:
    """Copy the built-in workspace into DIR to make it your own."""
    from drafter.scaffold import init_workspace

    written = init_workspace(directory, force=force)
    out().print(f"Created a workspace in {shown(directory)} ({len(written)} files).")
    out().print(
        "Next: edit drafter.yaml (your organization and signers), then run "
        f"'drafter -w {shown(directory)} check'."
    )


@app.command()
@handle_errors
def check(
    strict: Annotated[bool, typer.Option(help="Treat warnings as failures.")] = False,
) -> None:
    """Validate the workspace: every error and warning, with file and line."""
    from drafter.compose.checks import deadline_warnings
    from drafter.draft.check import load_checked
    from drafter.load.workspace import find_workspace

    root = find_workspace(State.workspace)
    workspace, warnings = load_checked(root)
    warnings = warnings + deadline_warnings(workspace, today())
    report_problems(warnings)
    where = "built-in workspace" if workspace.is_builtin else shown(root)
    summary = (
        f"{len(workspace.positions)} positions, {len(workspace.agencies)} agencies, "
        f"{len(workspace.sources)} sources, {len(workspace.outlets)} outlets, "
        f"{len(workspace.campaigns)} campaigns"
    )
    if strict and warnings:
        err().print(f"[red]{len(warnings)} warning(s) with --strict[/red] in {where}")
        raise typer.Exit(1)
    suffix = f", {len(warnings)} warning(s)" if warnings else ""
    out().print(f"[green]OK[/green] {where}: {summary}{suffix}")


@positions_app.command("list")
@handle_errors
def positions_list() -> None:
    """List the stance modules, in priority order."""
    from rich.table import Table

    ws = load()
    table = Table("id", "title", "priority", "topics", "arguments", "asks")
    for p in sorted(ws.positions.values(), key=lambda p: (p.priority, p.id)):
        table.add_row(
            p.id,
            shown(p.title),
            str(p.priority),
            ", ".join(p.topics),
            str(len(p.arguments)),
            str(len(p.asks)),
        )
    out().print(table)


@positions_app.command("show")
@handle_errors
def positions_show(position_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Show one stance module as formatted text."""
    from rich.markdown import Markdown

    from drafter.scaffold import position_markdown, require

    ws = load()
    position = require(ws.positions, position_id, "position")
    out().print(Markdown(position_markdown(position)))


@positions_app.command("new")
@handle_errors
def positions_new(
    position_id: Annotated[str, typer.Argument(metavar="ID")],
    force: Annotated[bool, typer.Option(help="Overwrite an existing module.")] = False,
) -> None:
    """Write a commented skeleton module to positions/ID.yaml."""
    from drafter.load.workspace import find_workspace
    from drafter.scaffold import new_position

    path = new_position(find_workspace(State.workspace), position_id, force=force)
    out().print(f"Wrote {shown(path)}. Fill it in, then run 'drafter check'.")


@agencies_app.command("list")
@handle_errors
def agencies_list() -> None:
    """List the agencies with their next open docket."""
    from rich.table import Table

    from drafter.compose.checks import days_left

    ws, on = load(), today()
    table = Table("id", "agency", "dockets", "next open docket", "days left")
    for a in sorted(ws.agencies.values(), key=lambda a: a.id):
        nxt = a.next_open_docket(on)
        table.add_row(
            a.id,
            shown(a.name),
            str(len(a.dockets)),
            shown(nxt.id) if nxt else "—",
            str(days_left(nxt, on)) if nxt else "—",
        )
    out().print(table)


@agencies_app.command("show")
@handle_errors
def agencies_show(agency_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Show an agency, its dockets with days to the deadline, and their questions."""
    from rich.table import Table

    from drafter.compose.checks import days_left
    from drafter.scaffold import require

    ws, on = load(), today()
    a = require(ws.agencies, agency_id, "agency")
    console = out()
    parent = f", {shown(a.parent)}" if a.parent else ""
    console.print(f"[bold]{shown(a.name)}[/bold] ({shown(a.short_name)}){parent}")
    address = shown(", ".join(a.address) or "no address")
    console.print(f"Addressee: {shown(a.addressee or '—')}; {address}")
    console.print(f"Interests: {', '.join(a.interests) or '—'}")
    console.print(f"Default positions: {', '.join(a.positions) or 'all'}")
    for d in a.dockets:
        left = days_left(d, on)
        due = (
            "no deadline"
            if left is None
            else (
                f"due {d.deadline} (closed {-left} days ago)"
                if left < 0
                else f"due {d.deadline} ({left} days left)"
            )
        )
        console.print(f"\n[bold]{shown(d.id)}[/bold] — {shown(d.title)}")
        facts = [
            d.citation,
            f"published {d.published}" if d.published else "",
            due,
            f"via {d.channel}",
            f"{len(d.questions)} questions",
        ]
        console.print("  " + shown(" · ".join(f for f in facts if f)))
        if d.questions:
            table = Table("no.", "question", "topics", box=None, padding=(0, 1))
            for q in d.questions:
                table.add_row(shown(q.number), shown(q.text), ", ".join(q.topics))
            console.print(table)
    if not a.dockets:
        console.print("No dockets: letters to this agency have one section per position.")
