"""The command line: a thin Typer shell over the library.

Only this module prints or exits. Commands import their implementation lazily so that
``drafter --help`` and ``drafter --version`` start fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import signal
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafter import __version__
from drafter.errors import DrafterError

if TYPE_CHECKING:
    from rich.console import Console

    from drafter.model import Workspace

app = typer.Typer(
    name="drafter",
    help="Draft comment letters to federal agencies and op-eds from your stance modules.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
positions_app = typer.Typer(help="List, show and create stance modules.", no_args_is_help=True)
agencies_app = typer.Typer(help="List and show agencies and their dockets.", no_args_is_help=True)
app.add_typer(positions_app, name="positions")
app.add_typer(agencies_app, name="agencies")


class Format(StrEnum):
    docx = "docx"
    md = "md"
    txt = "txt"
    pdf = "pdf"


class State:
    workspace: Path | None = None


def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, emoji=False)  # ":x:" in text stays text


def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


def shown(value) -> str:
    """User text (names, titles, paths, messages) printed as it is, not read as rich markup."""
    from rich.markup import escape

    return escape(str(value))


def report_problems(problems, console: Console | None = None) -> None:
    console = console or err()
    for problem in problems:
        colour = "red" if problem.is_error else "yellow"
        label = "error" if problem.is_error else "warning"
        # Escaped: messages quote user text such as [@key], which is not rich markup.
        console.print(f"[{colour}]{label}:[/{colour}] {shown(problem)}", soft_wrap=True)


def handle_errors(func):
    """Turn user errors into a message on stderr and exit 1; Ctrl-C into exit 130."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DrafterError as error:
            report_problems(error.problems)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            err().print("[yellow]interrupted[/yellow]")
            raise typer.Exit(130) from None

    return wrapper


def load():
    """The workspace for this run, with its warnings shown once."""
    from drafter.load.workspace import find_workspace, load_workspace

    workspace, _ = load_workspace(find_workspace(State.workspace))
    return workspace


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"expected a date like 2026-12-01, got '{value}'", param_hint="'--date'"
        ) from None


def storable(value: str | None) -> str | None:
    """Command-line text that goes into the document: refuse what Word cannot store."""
    from drafter.load.yamlio import UNSTORABLE_RE

    bad = UNSTORABLE_RE.search(value or "")
    if bad:
        raise typer.BadParameter(
            f"character U+{ord(bad.group()):04X} (at character {bad.start() + 1}) cannot be "
            "stored in a Word document"
        )
    return value


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"drafter {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            help="Workspace folder (default: $DRAFTER_WORKSPACE, the "
            "nearest folder with drafter.yaml, else the built-in workspace).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=version_callback, is_eager=True, help="Show version."),
    ] = False,
) -> None:
    """Draft comment letters to federal agencies and op-eds from your stance modules."""
    State.workspace = workspace


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
    from drafter.compose.checks import deadline_warnings, today
    from drafter.load.workspace import find_workspace, load_workspace

    root = find_workspace(State.workspace)
    workspace, warnings = load_workspace(root)
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

    from drafter.compose.checks import days_left, today

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

    from drafter.compose.checks import days_left, today
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


# -- drafting commands ---------------------------------------------------------------------
PositionsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--position",
        "-p",
        help="Position to include (repeatable; default: the agency's own list, else all).",
    ),
]
SignerOpt = Annotated[str | None, typer.Option(help="Signer id (default from drafter.yaml).")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")]
FormatOpt = Annotated[
    Format | None, typer.Option("--format", "-f", help="docx, md, txt or pdf (default: from -o).")
]
ForceOpt = Annotated[bool, typer.Option(help="Overwrite an existing file.")]
PreviewOpt = Annotated[bool, typer.Option(help="Show the draft in the terminal; write nothing.")]


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
        ws, LetterRequest(agency=agency, docket=docket or "", positions=tuple(position or ()))
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


@app.command()
@handle_errors
def batch(
    campaign: Annotated[Path, typer.Argument(help="Campaign file (YAML) or a campaign id.")],
    out_dir: Annotated[Path, typer.Option("--out-dir", help="Folder for the drafts.")] = Path(
        "drafts"
    ),
    jobs: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default: cores).")
    ] = None,
    force: ForceOpt = False,
    dry_run: Annotated[bool, typer.Option(help="List what would be written.")] = False,
    fail_fast: Annotated[bool, typer.Option(help="Stop at the first failure.")] = False,
    similarity: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Warn about pairs of drafts more alike than this (5-gram Jaccard; default: "
            "the campaign's similarity_threshold, else 0.8).",
        ),
    ] = None,
) -> None:
    """Write one tailored draft per target of a campaign, in parallel."""
    from drafter.cli.batch import run_batch_command

    code = run_batch_command(
        State.workspace,
        campaign,
        out_dir,
        jobs=jobs,
        force=force,
        dry_run=dry_run,
        fail_fast=fail_fast,
        console=out(),
        errors=err(),
        similarity=similarity,
    )
    if code:
        raise typer.Exit(code)


def main() -> None:
    # `kill` stops a run as cleanly as Ctrl-C: temporary files removed, a batch's manifest kept.
    signal.signal(signal.SIGTERM, _interrupt)
    code: int | str | None = 0
    try:
        app()
    except SystemExit as stop:  # how typer ends every run
        code = stop.code
    except KeyboardInterrupt:  # outside a command, e.g. during start-up
        sys.stderr.write("interrupted\n")
        code = 130
    _leave(code)


def _leave(code: int | str | None) -> None:
    """Exit at once, as sys.exit(code) would once everything is written.

    The command is over: its files are closed and renamed, its worker processes joined.
    What the interpreter would still do is free the workspace object by object and collect
    it (20 to 50 ms after a batch), so the output is flushed and the process leaves now.
    """
    if code is None:
        code = 0
    elif not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
