"""The checks of a workspace that need the stages above loading: its templates, its letterhead
and its prose (citation keys, Markdown).

``drafter.load`` reads and validates the data and the references between files; this module
checks what only the text and render stages can judge, so that ``drafter check`` (and every
command, before it drafts) reports every problem of a workspace together.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from drafter.compose.links import home_page_warnings
from drafter.draft.common import Engine
from drafter.errors import DrafterError, Location, MarkupError, Problem, ValidationError
from drafter.load.fields import did_you_mean
from drafter.load.references import ANY
from drafter.load.workspace import find_workspace, read_workspace
from drafter.model import Workspace

TEMPLATES = ("letter.md.j2", "oped.md.j2", "summary.txt.j2")


def load_checked(root: Path | str | None = None) -> tuple[Workspace, list[Problem]]:
    """Load a workspace and check it whole; raise ValidationError listing every error found.

    Returns the workspace and its warnings.
    """
    engine, warnings = load_engine(root)
    return engine.ws, warnings


def load_engine(root: Path | str | None = None) -> tuple[Engine, list[Problem]]:
    """load_checked, returning the Engine the check compiled the templates and opened the
    letterhead with (its ``ws`` is the workspace): drafting with it does neither again."""
    reading = read_workspace(find_workspace(root))
    problems = list(reading.problems)
    engine = None
    if reading.workspace is not None:
        engine = Engine(reading.workspace)
        problems.extend(check_workspace(engine.ws, unreadable=reading.unreadable, engine=engine))
    errors = [p for p in problems if p.is_error]
    if errors or engine is None:
        raise ValidationError(errors or [Problem("workspace could not be loaded")])
    return engine, [p for p in problems if not p.is_error]


def check_workspace(
    ws: Workspace,
    *,
    unreadable: Mapping[str, set[str]] | None = None,
    engine: Engine | None = None,
) -> list[Problem]:
    """The templates parse, the letterhead is a safe .docx, every citation key exists, every
    prose field is Markdown a document can hold.

    ``unreadable`` names what could not be read (drafter.load.workspace.Reading): when
    sources.yaml is among it, citation keys are not checked (every key would look unknown).
    ``engine`` (of this workspace) keeps the compiled templates and the letterhead for drafting.
    """
    engine = engine or Engine(ws)
    problems = check_templates(engine)
    if ws.letterhead is not None:
        problems.extend(check_letterhead(engine))
    if ANY not in (unreadable or {}).get("source", ()):
        problems.extend(check_citation_keys(ws))
        problems.extend(home_page_warnings(ws))  # op-eds link their sources
    problems.extend(check_markdown(ws))
    return problems


def check_templates(engine: Engine) -> list[Problem]:
    """The three templates, and every template they extend, include or import by name, exist
    and parse."""
    from drafter.text.templates import template_problems

    return template_problems(engine.env, TEMPLATES)


def check_letterhead(engine: Engine) -> list[Problem]:
    """The letterhead must be a safe, readable .docx; warnings say what is left out of it."""
    try:
        return list(engine.letterhead.warnings)
    except DrafterError as error:
        return error.problems


def check_citation_keys(ws: Workspace) -> list[Problem]:
    """Every citation in the workspace's prose parses, and every [@key] names a source."""
    from drafter.text.citations import citation_keys, citation_problems

    problems: list[Problem] = []
    for prose in ws.prose:
        for message, hint, _, _, first in citation_problems(prose.text):
            text = ws.texts.get(prose.loc.file, "")
            at = next(
                (
                    found
                    for needle in (first[:40], first[:20], first[:8])
                    if (found := locate_in_file(text, needle, prose.loc)) != prose.loc
                ),
                prose.loc,
            )
            problems.append(Problem(message, at, hint))
        for key, _, _ in citation_keys(prose.text):
            if key in ws.sources:
                continue
            at = locate_in_file(ws.texts.get(prose.loc.file, ""), f"@{key}", prose.loc)
            hint = did_you_mean(key, ws.sources)
            problems.append(
                Problem(
                    f"unknown citation key '{key}'",
                    at,
                    f"{hint} Or add '{key}' to sources.yaml"
                    if hint.endswith("?")
                    else f"add '{key}' to sources.yaml",
                )
            )
    return problems


def check_markdown(ws: Workspace) -> list[Problem]:
    """Every prose field parses as Markdown a document can hold (not nested too deep), each
    problem at the field's file and line."""
    from drafter.text.markdown import parse_tokens

    problems: list[Problem] = []
    for prose in ws.prose:
        try:
            parse_tokens(prose.text)
        except MarkupError as error:
            problems.append(Problem(error.message, prose.loc, error.hint))
    return problems


def locate_in_file(text: str, needle: str, loc: Location) -> Location:
    """Where needle first appears in the file at or after loc (folded YAML moves text)."""
    lines = text.splitlines()
    for number in range(max(loc.line, 1), len(lines) + 1):
        col = lines[number - 1].find(needle)
        if col >= 0:
            return Location(loc.file, number, col + 1, loc.path)
    return loc
