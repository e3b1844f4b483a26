"""The Typer application, its shared options, and how the CLI prints and fails.

Commands import their implementation lazily so that ``drafter --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafter import __version__
from drafter.errors import DrafterError

if TYPE_CHECKING:
    from rich.console import Console


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
    from drafter.draft.check import load_checked

    workspace, _ = load_checked(State.workspace)
    return workspace


def today() -> dt.date:
    """The day drafts are made on: $DRAFTER_TODAY (YYYY-MM-DD) when set, so that a run can be
    reproduced, else the clock's date. The only place drafter reads that variable."""
    fixed = os.environ.get("DRAFTER_TODAY", "")
    if not fixed:
        return dt.date.today()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", fixed):
            raise ValueError
        return dt.date.fromisoformat(fixed)
    except ValueError:
        raise DrafterError(
            f"DRAFTER_TODAY is '{fixed}', which is not a date",
            hint="set it to a date written YYYY-MM-DD, e.g. 2026-12-01, or unset it",
        ) from None


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


# -- options shared by several commands ---------------------------------------------------
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
