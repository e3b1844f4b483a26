"""The Typer application, its one error handler, the options commands share, and how the
CLI prints.

Commands import their implementation inside the command, so that ``drafter --help`` and
each command load only what they use.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from drafter import __version__
from drafter.errors import DrafterError, Problem

if TYPE_CHECKING:
    from rich.console import Console

    from drafter.draft.common import Engine
    from drafter.model import Workspace


class DrafterGroup(typer.core.TyperGroup):
    """The command group, with the CLI's one error handler around every command."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DrafterError as error:  # a message meant for the user: no traceback
            report_problems(error.problems)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:  # Ctrl-C, or `kill` (main turns SIGTERM into this)
            err().print("[yellow]interrupted[/yellow]")
            raise typer.Exit(130) from None


app = typer.Typer(
    name="drafter",
    cls=DrafterGroup,
    help="Draft comment letters to federal agencies and op-eds from your stance modules.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
positions_app = typer.Typer(help="List, show and create stance modules.", no_args_is_help=True)
agencies_app = typer.Typer(
    help="List and show agencies and their dockets; import a notice.", no_args_is_help=True
)
app.add_typer(positions_app, name="positions")
app.add_typer(agencies_app, name="agencies")


class Format(StrEnum):
    docx = "docx"
    md = "md"
    txt = "txt"
    pdf = "pdf"


class State:
    """The global options of this run."""

    workspace: Path | None = None


# -- printing --------------------------------------------------------------------------------
def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, emoji=False)  # ":x:" in text stays text


def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


def shown(value: object) -> str:
    """User text (names, titles, paths, messages) printed as it is, not read as rich markup."""
    from rich.markup import escape

    return escape(str(value))


def report_problems(problems: Iterable[Problem], console: Console | None = None) -> None:
    """Each problem on stderr: 'error:' in red or 'warning:' in yellow, then the message."""
    console = console or err()
    for problem in problems:
        colour = "red" if problem.is_error else "yellow"
        label = "error" if problem.is_error else "warning"
        # Escaped: messages quote user text such as [@key], which is not rich markup.
        console.print(f"[{colour}]{label}:[/{colour}] {shown(problem)}", soft_wrap=True)


# -- what commands share -----------------------------------------------------------------------
def workspace_root() -> Path:
    """The workspace folder: -w, else $DRAFTER_WORKSPACE, else the nearest, else built-in."""
    from drafter.load.workspace import find_workspace

    return find_workspace(State.workspace, env=os.environ)


def load() -> Workspace:
    """The workspace for this run, checked whole (its warnings are for `drafter check`)."""
    from drafter.draft.check import load_checked

    workspace, _ = load_checked(workspace_root())
    return workspace


def load_engine() -> Engine:
    """load(), with the Engine the check compiled the templates and opened the letterhead
    with: a command that drafts passes it on, so that neither is done twice."""
    from drafter.draft.check import load_engine as load_and_check

    engine, _ = load_and_check(workspace_root())
    return engine


def today() -> dt.date:
    """The day drafts are made on: $DRAFTER_TODAY (YYYY-MM-DD) when set, so that a run can be
    reproduced, else the clock's date. The only place drafter reads that variable."""
    fixed = os.environ.get("DRAFTER_TODAY", "")
    if not fixed:
        return dt.date.today()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", fixed):
        with contextlib.suppress(ValueError):  # 2026-02-30
            return dt.date.fromisoformat(fixed)
    raise DrafterError(
        f"DRAFTER_TODAY is '{fixed}', which is not a date",
        hint="set it to a date written YYYY-MM-DD, e.g. 2026-12-01, or unset it",
    )


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
    from drafter.load.files import UNSTORABLE_RE

    bad = UNSTORABLE_RE.search(value or "")
    if bad:
        raise typer.BadParameter(
            f"character U+{ord(bad.group()):04X} (at character {bad.start() + 1}) cannot be "
            "stored in a Word document"
        )
    return value


def output_path(value: str) -> Path:
    """-o: a file name a file system can hold, refused here rather than after drafting."""
    from drafter.output import name_problem

    if not value.strip():
        raise typer.BadParameter("the file name is empty; give one, e.g. -o letter.docx")
    if value.endswith(("/", os.sep)) or Path(value).name in ("", ".", ".."):
        raise typer.BadParameter(
            f"'{value}' names a folder; give a file name, e.g. -o {Path(value) / 'letter.docx'}"
        )
    problem = name_problem(value)
    if problem:
        raise typer.BadParameter(problem)
    return Path(value)


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
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="File to write.", parser=output_path, metavar="<path>"),
]
FormatOpt = Annotated[
    Format | None, typer.Option("--format", "-f", help="docx, md, txt or pdf (default: from -o).")
]
ForceOpt = Annotated[bool, typer.Option(help="Overwrite an existing file.")]
PreviewOpt = Annotated[bool, typer.Option(help="Show the draft in the terminal; write nothing.")]
