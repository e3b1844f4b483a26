"""What a YAML file is read into: mappings and lists that know where each value stands.

``drafter.load.yamlio`` builds them; ``drafter.load.fields`` reads them. Each keeps the line
and column of its entries (its ``marks``), and the text as typed of every key and value that
YAML read as something other than text (``yes`` read as true, ``1.10`` as 1.1), so that a
message can quote what the user wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from drafter.errors import Location, Problem


class LocDict(dict[Any, Any]):
    """A mapping that knows where it, each key and each value stand in the file.

    ``loc`` is the mapping's own Location; ``key_locs[key]`` and ``locs[key]`` are made when
    asked for, from the line and column kept for each entry.
    """

    def __init__(self, loc: Location):
        super().__init__()
        self.loc = loc
        self.marks: dict[Any, tuple[int, int, int, int]] = {}  # key line, col; value line, col
        self.key_text: dict[Any, str] = {}  # keys YAML did not read as text: as typed
        self.value_text: dict[Any, str] = {}  # likewise values (by key)

    @property
    def locs(self) -> Mapping[Any, Location]:
        return _EntryLocs(self, 2)

    @property
    def key_locs(self) -> Mapping[Any, Location]:
        return _EntryLocs(self, 0)

    def typed_key(self, key: Any) -> str:
        """The key as it was typed in the file."""
        return self.key_text.get(key, str(key))

    def sub(self, key: Any) -> str:
        """The path of the value at key."""
        name = self.typed_key(key)
        return f"{self.loc.path}.{name}" if self.loc.path else name


class _EntryLocs(Mapping[Any, Location]):
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


class LocList(list[Any]):
    """A sequence that knows where it and each item stand in the file (``locs[i]``)."""

    def __init__(self, loc: Location):
        super().__init__()
        self.loc = loc
        self.marks: list[tuple[int, int]] = []  # each item's line and column
        self.value_text: dict[int, str] = {}  # items YAML did not read as text: as typed

    @property
    def locs(self) -> Sequence[Location]:
        return _ItemLocs(self)


class _ItemLocs(Sequence[Location]):
    __slots__ = ("_owner",)

    def __init__(self, owner: LocList):
        self._owner = owner

    @overload
    def __getitem__(self, index: int) -> Location: ...

    @overload
    def __getitem__(self, index: slice) -> list[Location]: ...

    def __getitem__(self, index: int | slice) -> Location | list[Location]:
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


def is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, BadDate)
