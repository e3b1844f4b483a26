"""Workspace commands: init, check, positions, agencies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.app import (
    agencies_app,
    app,
    err,
    load,
    out,
    positions_app,
    report_problems,
    shown,
    today,
    workspace_root,
)

IdArg = Annotated[str, typer.Argument(metavar="ID")]


@app.command()
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
def check(
    strict: Annotated[bool, typer.Option(help="Treat warnings as failures.")] = False,
) -> None:
    """Validate the workspace: every error and warning, with file and line."""
    from drafter.cli.views import workspace_summary
    from drafter.compose.checks import deadline_warnings
    from drafter.draft.check import load_checked
    from drafter.draft.unfinished import prose_warnings

    root = workspace_root()
    workspace, warnings = load_checked(root)
    warnings = warnings + prose_warnings(workspace) + deadline_warnings(workspace, today())
    report_problems(warnings)
    where = "built-in workspace" if workspace.is_builtin else shown(root)
    if strict and warnings:
        err().print(f"[red]{len(warnings)} warning(s) with --strict[/red] in {where}")
        raise typer.Exit(1)
    suffix = f", {len(warnings)} warning(s)" if warnings else ""
    out().print(f"[green]OK[/green] {where}: {workspace_summary(workspace)}{suffix}")


@positions_app.command("list")
def positions_list() -> None:
    """List the stance modules, in priority order."""
    from drafter.cli.views import positions_table

    out().print(positions_table(load()))


@positions_app.command("show")
def positions_show(position_id: IdArg) -> None:
    """Show one stance module as formatted text."""
    from rich.markdown import Markdown

    from drafter.scaffold import position_markdown, require

    position = require(load().positions, position_id, "position")
    out().print(Markdown(position_markdown(position)))


@positions_app.command("new")
def positions_new(
    position_id: IdArg,
    force: Annotated[bool, typer.Option(help="Overwrite an existing module.")] = False,
) -> None:
    """Write a commented skeleton module to positions/ID.yaml."""
    from drafter.scaffold import new_position

    path = new_position(workspace_root(), position_id, force=force)
    out().print(f"Wrote {shown(path)}. Fill it in, then run 'drafter check'.")


@agencies_app.command("list")
def agencies_list() -> None:
    """List the agencies with their next open docket."""
    from drafter.cli.views import agencies_table

    out().print(agencies_table(load(), today()))


@agencies_app.command("show")
def agencies_show(agency_id: IdArg) -> None:
    """Show an agency, its dockets with days to the deadline, and their questions."""
    from drafter.cli.views import agency_details
    from drafter.scaffold import require

    agency = require(load().agencies, agency_id, "agency")
    console = out()
    for part in agency_details(agency, today()):
        console.print(part)
