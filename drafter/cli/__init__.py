"""The command line: Typer commands by group; the only place that prints or exits."""

from drafter.cli.app import app
from drafter.cli.main import main

__all__ = ["app", "main"]
