"""The entry point: register every command group, run the app."""

from __future__ import annotations

import contextlib
import os
import signal
import sys

# Imported for their commands, in the order --help lists them.
# isort: off
from drafter.cli import workspace, drafts, batch  # noqa: F401

# isort: on
from drafter.cli.app import app


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
