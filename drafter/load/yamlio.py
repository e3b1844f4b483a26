"""Safe YAML loading that remembers where every value came from.

PyYAML's safe loader is the parser, but drafter builds the Python values itself from the
composed node graph, which lets it keep line and column for every key and value, report
duplicate keys (PyYAML silently keeps the last), refuse tags that are not plain data, and
cap alias expansion so a "billion laughs" document cannot eat the machine.

This module holds what a parse gives (LocDict, LocList, Loaded: also what drafter.load.cache
keeps) and reads files; the parser itself is drafter.load.yamlparse, imported on the first parse.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError, Location, Problem, YamlError

MAX_BYTES = 1024 * 1024  # a stance module is a few KB; a 1 MiB YAML file is a mistake

# Characters XML 1.0 (and so Word) cannot hold; YAML's double-quoted escapes can produce them.
UNSTORABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class LocDict(dict):
    """A mapping that knows where it, each key and each value stand in the file.

    ``loc`` is the mapping's own Location; ``key_locs[key]`` and ``locs[key]`` are made when
    asked for, from the line and column kept for each entry (most are never asked for).
    """

    def __init__(self, loc: Location):
        super().__init__()
        self.loc = loc
        self.marks: dict[Any, tuple[int, int, int, int]] = {}  # key line, col; value line, col

    @property
    def locs(self) -> Mapping[Any, Location]:
        return _EntryLocs(self, 2)

    @property
    def key_locs(self) -> Mapping[Any, Location]:
        return _EntryLocs(self, 0)

    def sub(self, key: Any) -> str:
        """The path of the value at key."""
        return f"{self.loc.path}.{key}" if self.loc.path else str(key)


class _EntryLocs(Mapping):
    """LocDict.locs (at=2) or LocDict.key_locs (at=0)."""

    __slots__ = ("_at", "_owner")

    def __init__(self, owner: LocDict, at: int):
        self._owner, self._at = owner, at

    def __getitem__(self, key: Any) -> Location:
        owner, at = self._owner, self._at
        mark = owner.marks[key]
        return Location(owner.loc.file, mark[at], mark[at + 1], owner.sub(key))

    def __iter__(self) -> Iterator[Any]:
        return iter(self._owner.marks)

    def __len__(self) -> int:
        return len(self._owner.marks)


class LocList(list):
    """A sequence that knows where it and each item stand in the file (``locs[i]``)."""

    def __init__(self, loc: Location):
        super().__init__()
        self.loc = loc
        self.marks: list[tuple[int, int]] = []  # each item's line and column

    @property
    def locs(self) -> Sequence[Location]:
        return _ItemLocs(self)


class _ItemLocs(Sequence):
    __slots__ = ("_owner",)

    def __init__(self, owner: LocList):
        self._owner = owner

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        line, col = self._owner.marks[index]
        loc = self._owner.loc
        return Location(loc.file, line, col, f"{loc.path}[{index % len(self)}]")

    def __len__(self) -> int:
        return len(self._owner.marks)


@dataclass
class Loaded:
    """A parsed file: its data (None when empty) and the non-fatal problems found on the way."""

    data: Any
    loc: Location
    problems: list[Problem] = field(default_factory=list)


class BadDate(str):
    """A scalar that looks like a date but names no real day (2023-02-30)."""


def read_text(
    path: Path,
    display: str,
    *,
    limit: int = MAX_BYTES,
    what: str = "file",
    error: type[DrafterError] = YamlError,
    size_hint: str = "split it, or check that it is the file you meant",
) -> str:
    """Read a UTF-8 text file within a size limit, with errors that say where and why."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise error(
                f"{what} is too large ({size:,} bytes; the limit is {limit:,})",
                location=Location(display),
                hint=size_hint,
            )
        raw = path.read_bytes()
    except OSError as failure:
        raise error(
            f"cannot read {what}: {failure.strerror or failure}", location=Location(display)
        ) from failure
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        line = raw.count(b"\n", 0, failure.start) + 1
        col = failure.start - (raw.rfind(b"\n", 0, failure.start) + 1) + 1
        raise error(
            f"{what} is not UTF-8 text (byte 0x{raw[failure.start]:02x})",
            location=Location(display, line, col),
            hint="save it as UTF-8",
        ) from failure


def loads(text: str, display: str) -> Loaded:
    """Parse YAML text; return located data plus non-fatal problems, raise YamlError if fatal."""
    from drafter.load import yamlparse  # PyYAML: imported only when a file is parsed

    return yamlparse.loads(text, display)


def is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, BadDate)
