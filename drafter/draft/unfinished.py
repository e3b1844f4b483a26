"""Nothing unfinished reaches a filing: placeholders (TODO, TK, [[…]]) and the wording of a
`positions new` skeleton, in any text a draft uses, are errors that name the file and line
to fix. An internal draft may keep them (``allow_placeholders``): then they are warnings.
"""

from __future__ import annotations

import re
from pathlib import Path

from drafter.compose.checks import SKELETON_PHRASES, placeholders
from drafter.draft.check import locate_in_file
from drafter.errors import Location, PlaceholderError, Problem
from drafter.model import Workspace

_SPACE_RE = re.compile(r"\s+")
WINDOW = 24  # characters on each side of a placeholder that must also be in the draft


def unfinished(text: str) -> list[str]:
    """The placeholders and skeleton phrases in text, each once, in order of kind (a phrase
    inside a [[…]] placeholder is that placeholder)."""
    found = placeholders(text)
    flat = _flat(text)
    for phrase in SKELETON_PHRASES:
        if phrase in flat and not any(phrase in _flat(token) for token in found):
            found.append(phrase)
    return found


def unfinished_problems(
    ws: Workspace, source: str, *, allowed: bool, what: str = "letter"
) -> list[Problem]:
    """One problem per placeholder or skeleton phrase in a draft's Markdown ``source`` (the
    template's output, before citations become notes), at the file and line it came from.

    Errors, unless ``allowed``; then warnings.
    """
    found = unfinished(source)
    if not found:
        return []
    flat = _flat(source)
    severity = "warning" if allowed else "error"
    problems = []
    for token in found:
        skeleton = token in SKELETON_PHRASES
        message = (
            f'the {what} uses skeleton text from `drafter positions new`: "{token}"'
            if skeleton
            else f"the {what} uses text with a placeholder: {token}"
        )
        hint = "write the real text there" + (
            "" if allowed else ", or pass --allow-placeholders for an internal draft"
        )
        problems.append(Problem(message, where(ws, token, flat), hint, severity=severity))
    return problems


def prose_warnings(ws: Workspace) -> list[Problem]:
    """For `drafter check`: each prose field that still holds a placeholder or a skeleton's
    wording, at its file and line (a draft that uses it will be refused)."""
    problems = []
    for prose in ws.prose:
        for token in unfinished(prose.text):
            text = ws.texts.get(prose.loc.file, "")
            problems.append(
                Problem(
                    f"unfinished text: {token}",
                    locate_in_file(text, _first_words(token), prose.loc),
                    "write the real text; a letter or op-ed that uses it is refused "
                    "(--allow-placeholders for an internal draft)",
                    severity="warning",
                )
            )
    return sorted(problems, key=lambda p: p.location)


def refuse_unfinished(problems: list[Problem]) -> list[Problem]:
    """Raise the errors among problems; return the warnings."""
    errors = [p for p in problems if p.is_error]
    if errors:
        raise PlaceholderError(errors)
    return problems


def where(ws: Workspace, token: str, flat_source: str) -> Location:
    """Where the draft's token came from: the prose field the draft uses that holds it, else
    the first workspace file or template that does."""
    for prose in ws.prose:
        if token in _flat(prose.text) and _used(prose.text, token, flat_source):
            text = ws.texts.get(prose.loc.file, "")
            return locate_in_file(text, _first_words(token), prose.loc)
    for name, text in ws.texts.items():
        found = _line_of(text, _first_words(token))
        if found:
            return Location(name, *found)
    for folder in ws.template_dirs:
        for path in sorted(folder.rglob("*.j2")):
            found = _line_of(_read(path), _first_words(token))
            if found:
                return Location(_shown(path, ws.root), *found)
    return Location()


def _used(text: str, token: str, flat_source: str) -> bool:
    """Whether the draft holds this prose's words around the token."""
    flat = _flat(text)
    at = flat.find(token)
    if at < 0:
        return False
    window = flat[max(at - WINDOW, 0) : at + len(token) + WINDOW]
    return window in flat_source


def _first_words(token: str) -> str:
    """What to look for in a file, where folded YAML may break a long phrase across lines."""
    return " ".join(token.split()[:4])


def _line_of(text: str, needle: str) -> tuple[int, int] | None:
    for number, line in enumerate(text.splitlines(), 1):
        col = line.find(needle)
        if col >= 0:
            return number, col + 1
    return None


def _flat(text: str) -> str:
    return _SPACE_RE.sub(" ", text)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return "<built-in>/templates/" + path.name
