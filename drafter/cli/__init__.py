"""The command line: Typer commands by group; the only place that prints or exits."""

from drafter.cli.main import app, main

__all__ = ["app", "main"]
