"""`drafter agencies import`: a Federal Register notice's docket and questions, imported."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafter.cli.app import agencies_app, err, out, report_problems, shown, today, workspace_root

if TYPE_CHECKING:
    from drafter.notice.importer import ImportResult

NOTICE_HELP = (
    "A Federal Register document number (2023-18624) or federalregister.gov address, or a saved "
    "rendition: .txt (GPO text), .xml (Federal Register XML), or the API's .json saved beside one."
)


@agencies_app.command("import")
def agencies_import(
    notice: Annotated[str, typer.Argument(metavar="NOTICE", help=NOTICE_HELP)],
    agency: Annotated[
        str | None, typer.Option(help="Agency id to add the docket to (default: matched by name).")
    ] = None,
    docket: Annotated[
        str | None,
        typer.Option(help="regulations.gov docket ID, when the notice names none or several."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace the docket of the same ID.")] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show the questions and what would change; write nothing."),
    ] = False,
    api: Annotated[
        str | None,
        typer.Option("--api", hidden=True, envvar="DRAFTER_FR_API", help="API base URL."),
    ] = None,
) -> None:
    """Add a notice's docket, with every question verbatim, to agencies/<id>.yaml."""
    from drafter.draft.check import load_checked
    from drafter.notice.fetch import API_BASE, Fetcher
    from drafter.notice.importer import import_notice

    root = workspace_root()
    ws, before = load_checked(root)
    started = time.perf_counter()
    with Fetcher(api or API_BASE) as fetcher:
        result = import_notice(
            ws, notice, today=today(), agency=agency, docket=docket, force=force,
            dry_run=dry_run, fetcher=fetcher,
        )  # fmt: skip
    took = time.perf_counter() - started
    show_result(result, dry_run=dry_run, took=took, root=root)
    if not dry_run:
        _, after = load_checked(root)  # raises, and exits 1, if the result does not check
        known = {str(w) for w in before}
        report_problems([w for w in after if str(w) not in known])  # what the import added
        out().print(
            f"[green]OK[/green] drafter check accepts {shown(_rel(result.agency_file, root))}"
        )


def show_result(result: ImportResult, *, dry_run: bool, took: float, root: Path) -> None:
    from rich.table import Table

    d = result.docket
    console = out()
    subs = sum("." in q.number for q in d.questions)
    tops = len(d.questions) - subs
    where = shown(_rel(result.agency_file, root))
    verb = {"added": "add", "replaced": "replace", "extended": "extend", "new agency": "add"}
    if dry_run:
        console.print(f"[bold]Dry run[/bold]: nothing written. Would {verb[result.action]} "
                      f"docket {shown(d.id)} in {where}.")  # fmt: skip
    elif result.action == "extended":
        console.print(f"Extended docket {shown(d.id)} in {where}.")
    else:
        done = "Replaced" if result.action == "replaced" else "Added"
        fresh = " (a new agency file)" if result.action == "new agency" else ""
        console.print(f"{done} docket {shown(d.id)} in {where}{fresh}.")
    for key, old, new in result.changes:
        console.print(f"  {key}: {shown(old or '—')} → {shown(new)}")
    facts = [
        shown(d.title),
        shown(d.citation) if d.citation else "",
        f"published {d.published}" if d.published else "",
        f"due {d.deadline}" + (f" ({shown(d.deadline_time)})" if d.deadline_time else "")
        if d.deadline else "",
        f"replies due {d.reply_deadline}" if d.reply_deadline else "",
        f"via {shown(d.channel)}",
    ]  # fmt: skip
    console.print("  " + " · ".join(f for f in facts if f))
    if d.questions:
        kind = {"numbered": "as numbered by the agency", "bulleted": "bullets, numbered by drafter",
                "prose": "unnumbered, numbered by drafter"}.get(d.style, d.style)  # fmt: skip
        console.print(f"  {tops} questions and {subs} sub-questions ({kind}), verbatim; "
                      f"read from {result.how} in {took:.2f} s")  # fmt: skip
    if result.source_key:
        added = "added to" if result.source_added else "already in"
        console.print(f"  source {shown(f'[@{result.source_key}]')} {added} sources.yaml")
    for note in result.notes:
        err().print(f"[yellow]check:[/yellow] {shown(note)}", soft_wrap=True)
    if dry_run and d.questions:
        table = Table("no.", "page", "question", box=None, padding=(0, 1))
        group = None
        for q in d.questions:
            if q.group != group:
                table.add_row("", "", f"[bold]{shown(q.group)}[/bold]")
                group = q.group
            number = f"{q.number}*" if q.generated else q.number
            table.add_row(shown(number), str(q.page or ""), shown(q.text))
        console.print(table)
        if any(q.generated for q in d.questions):
            console.print("* numbered by drafter (the notice does not number it)")


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
