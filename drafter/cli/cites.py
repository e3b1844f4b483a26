"""The cite check: drafter cites [AGENCY --docket ID | --all] [--format md]."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from drafter.cli.app import app, err, load, out, report_problems, shown, today

if TYPE_CHECKING:
    from drafter.draft.cites import CiteReport


class CitesFormat(StrEnum):
    table = "table"
    md = "md"


@app.command()
def cites(
    agency: Annotated[
        str | None, typer.Argument(help="Agency id: check the letter to it (default: none).")
    ] = None,
    docket: Annotated[str | None, typer.Option(help="Docket ID (default: next open).")] = None,
    all_letters: Annotated[
        bool, typer.Option("--all", help="Check every letter: each docket of every agency.")
    ] = False,
    fmt: Annotated[
        CitesFormat, typer.Option("--format", "-f", help="table, or md for the reviewer.")
    ] = CitesFormat.table,
    strict: Annotated[bool, typer.Option(help="Exit 1 when there is any warning.")] = False,
) -> None:
    """List every source: where it is cited, its first and later forms, and its warnings."""
    from drafter.compose.requests import LetterRequest
    from drafter.draft.cites import cite_report, letters_of, report_markdown

    if all_letters and agency:
        raise typer.BadParameter("give an AGENCY or --all, not both", param_hint="'--all'")
    if docket and not agency:
        raise typer.BadParameter("--docket needs an AGENCY", param_hint="'--docket'")
    ws = load()
    if agency:
        request = LetterRequest(agency=agency, docket=docket or "", today=today())
        report = cite_report(ws, [request], scope=f"the letter to {agency} {docket or ''}".strip())
    elif all_letters:
        report = cite_report(ws, letters_of(ws, today()), scope="every letter")
    else:
        report = cite_report(ws, scope="the workspace")
    if fmt is CitesFormat.md:
        typer.echo(report_markdown(report))
    else:
        _table(report)
    report_problems(report.problems)
    if strict and report.problems:
        err().print(f"[red]{len(report.problems)} warning(s) with --strict[/red]")
        raise typer.Exit(1)


def _table(report: CiteReport) -> None:
    from rich.table import Table

    from drafter.draft.cites import plain

    table = Table("source", "cited in", "first form", "later form", "warnings",
                  title=shown(f"Cite check: {report.scope}"), show_lines=True)  # fmt: skip
    for row in report.rows:
        cited = [f"{loc.file}:{loc.line}" for loc in row.cited_at]
        cited += [f"{letter}: n. {', '.join(map(str, nums))}" for letter, nums in row.notes.items()]
        warnings = "\n".join(row.warnings)
        table.add_row(
            shown(row.key),
            shown("\n".join(cited) or "—"),
            shown(plain(row.first)),
            shown(plain(row.later)),
            f"[yellow]{shown(warnings)}[/yellow]" if warnings else "[green]none[/green]",
        )
    console = out()
    console.print(table)
    warned = sum(1 for r in report.rows if r.warnings)
    console.print(f"{len(report.rows)} sources, {warned} with warnings.")
