"""Docs cannot drift from the code: every command has help and appears in README's tour."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from drafter.cli.main import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def commands(group, prefix: str = "") -> list[tuple[str, object]]:
    out = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out.append((full, command))
        if hasattr(command, "commands"):  # a group (typer vendors its own click)
            out.extend(commands(command, full + " "))
    return out


ALL = commands(typer.main.get_command(app))


@pytest.mark.parametrize(("name", "command"), ALL, ids=[n for n, _ in ALL])
def test_every_command_has_help_and_a_readme_example(name, command):
    assert (command.help or "").strip(), f"{name} has no help text"
    for param in command.params:
        if param.param_type_name == "option" and not getattr(param, "hidden", False):
            assert (param.help or "").strip(), f"{name} {param.opts[0]} has no help text"
    assert re.search(rf"drafter (-w \S+ )?{re.escape(name)}\b", README), f"README lacks {name}"


def test_readme_shows_install_and_test_commands():
    assert "pip install . && drafter letter usco" in README
    assert "pip install -e '.[test]' && pytest" in README
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "pip install -e '.[test]' && pytest" in ci
