"""The entry point: register every command group, set up the process, run the app."""

from __future__ import annotations

import codecs
import io
import signal
import sys
from types import FrameType

# Imported for their commands, in the order --help lists them.
# isort: off
from drafter.cli import workspace, notice, drafts, plan, cites, batch  # noqa: F401

# isort: on
from drafter.cli.app import app

# What a console that cannot show a character prints instead (PYTHONIOENCODING=ascii, an old
# Windows code page): the look-alike for the typography drafter's messages use, else '?'.
PLAIN = {
    "—": "--", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "·": "-",
    "→": "->", "×": "x", "\u00a0": " ", "•": "*", "─": "-", "━": "-", "│": "|",
}  # fmt: skip


def main() -> None:
    """Run drafter: the only place that sets up signals and the console's streams."""
    # `kill` stops a run as cleanly as Ctrl-C: temporary files removed, a batch's manifest kept.
    signal.signal(signal.SIGTERM, _interrupt)
    codecs.register_error("drafter-plain", _plain)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # not under a test runner's capture
            stream.reconfigure(errors="drafter-plain")
    app()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _plain(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(PLAIN.get(char, "?") for char in text), error.end
