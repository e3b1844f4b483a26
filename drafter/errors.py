"""Every error drafter reports to a user, in one place.

A ``DrafterError`` is a message meant for a person: what is wrong, where, and how to fix it.
Anything else that escapes the library is a bug.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem sits: file, 1-based line and column, and the path to the value."""

    file: str = ""
    line: int = 0
    col: int = 0
    path: str = ""

    def __str__(self) -> str:
        head = self.file
        if self.file and self.line:
            head = f"{self.file}:{self.line}:{self.col or 1}"
        if head and self.path:
            return f"{head}: {self.path}"
        return head or self.path


@dataclass(frozen=True)
class Problem:
    """One finding on a workspace or a draft: an error, or a warning that --strict fails on."""

    message: str
    location: Location = field(default_factory=Location)
    hint: str = ""
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        text = self.message
        if self.hint:
            text = f"{text} — {self.hint}"
        where = str(self.location)
        return f"{where}: {text}" if where else text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class DrafterError(Exception):
    """Base for every failure meant for a user; the CLI prints it and exits 1."""

    exit_code = 1

    def __init__(self, message: str, *, location: Location | None = None, hint: str = ""):
        self.message = message
        self.location = location or Location()
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(Problem(self.message, self.location, self.hint))

    @property
    def problems(self) -> list[Problem]:
        return [Problem(self.message, self.location, self.hint)]


class ValidationError(DrafterError):
    """A workspace or campaign holds one or more mistakes; all of them are carried."""

    def __init__(self, problems: list[Problem]):
        self._problems = sorted(problems, key=lambda p: (p.location, p.message))
        first = self._problems[0] if self._problems else Problem("invalid input")
        super().__init__(first.message, location=first.location, hint=first.hint)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self._problems)

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)


class PlaceholderError(ValidationError):
    """Text a draft uses still holds a placeholder (TODO, TK, [[…]]) or a skeleton's wording;
    ``problems`` names each, at the file and line it came from."""


class YamlError(DrafterError):
    """A YAML file cannot be read: syntax, encoding, size, a forbidden tag or a duplicate key."""


class WorkspaceNotFound(DrafterError):
    """The folder given as a workspace has no drafter.yaml."""


class UnknownReference(DrafterError):
    """A command line names an agency, docket, position, signer or outlet that does not exist."""


class NoOpenDocket(UnknownReference):
    """A letter names no docket, and every docket of its agency is closed."""


class TemplateError(DrafterError):
    """A Jinja template failed to parse or render; names the template file and line."""


class CitationError(DrafterError):
    """A [@key] citation that cannot be resolved or rendered."""


class MarkupError(DrafterError):
    """Markdown that cannot be turned into a document (for example text Word cannot store)."""


class LetterheadError(DrafterError):
    """The letterhead document is missing, not a .docx, or unsafe to open."""


class OutputError(DrafterError):
    """A file cannot be written: exists without --force, outside the output folder, disk full."""


class FileExists(OutputError):
    """The file to write is already there (or appeared while it was being written)."""


class BudgetError(DrafterError):
    """An op-ed cannot fit its outlet's word limit even after shortening and dropping."""


class NoticeError(DrafterError):
    """A Federal Register notice cannot be fetched, read or imported into the workspace."""


class ConversionError(DrafterError):
    """An external converter (LibreOffice for PDF) is missing or failed."""


def rel(path: Path | str, base: Path | None = None) -> str:
    """Show a path relative to base (or the current folder) when it lies inside, else as is.

    The path is compared as written first (a symbolic link is shown as the link, not as the
    file it leads to), then with every link resolved.
    """
    p = Path(path)
    for root in (base, Path.cwd()):
        if root is None:
            continue
        for mine, theirs in ((_absolute(p), _absolute(root)), (_resolved(p), _resolved(root))):
            if mine is not None and theirs is not None and mine.is_relative_to(theirs):
                return mine.relative_to(theirs).as_posix()
    return p.as_posix()


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except OSError:
        return None
