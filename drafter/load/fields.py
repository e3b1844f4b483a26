"""Typed reading of located YAML mappings, collecting every problem instead of stopping.

A ``Fields`` wraps one mapping of one file. Each accessor checks one value and returns a
usable default when it is wrong, so validation can go on and report everything at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from drafter.errors import Location, Problem
from drafter.load.located import BadDate, LocDict, LocList

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice, else listing them."""
    choices = sorted(set(choices))
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not choices:
        return "there are none defined"
    shown = ", ".join(choices[:12]) + (", …" if len(choices) > 12 else "")
    return f"choose one of: {shown}"


def describe(value: Any, typed: str = "") -> str:
    """Name a YAML value's kind for an error message (``typed``: the value as typed)."""
    if value is None:
        return f"'{typed}'" if typed else "nothing"
    if isinstance(value, bool):
        return f"'{typed or str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


class Fields:
    """Checked access to one mapping; problems go to a shared list."""

    def __init__(
        self,
        node: Any,
        problems: list[Problem],
        *,
        loc: Location,
        path: str = "",
        allowed: Iterable[str] = (),
        what: str = "mapping",
    ):
        self.problems = problems
        self.path = path
        self.ok = isinstance(node, dict)
        self.node: dict[Any, Any] = node if self.ok else {}
        self.loc = node.loc if isinstance(node, LocDict) else loc
        if not self.ok:
            self.error(f"expected a {what}, got {describe(node)}", self.loc)
            return
        allowed = tuple(allowed)
        if allowed:
            for key in self.node:
                if key not in allowed:
                    self.error(
                        f"unknown key '{key}'",
                        self.key_loc(key),
                        did_you_mean(str(key), allowed),
                    )

    # -- locations and problems -------------------------------------------------------
    def sub(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def at(self, key: Any) -> Location:
        """Where the value of key stands (or the mapping, when the key is missing)."""
        locs: Mapping[Any, Location] = getattr(self.node, "locs", {})
        found = locs.get(key)
        if isinstance(found, Location):
            return found
        return Location(self.loc.file, self.loc.line, self.loc.col, self.sub(str(key)))

    def key_loc(self, key: Any) -> Location:
        if isinstance(self.node, LocDict) and key in self.node.marks:
            return self.node.key_locs[key]
        return self.at(str(key))

    def typed(self, key: Any) -> str:
        """The value at key as the file has it ("yes", "1.10"), when YAML read it as other
        than text; else the value as text."""
        value_text: dict[Any, str] = getattr(self.node, "value_text", {})
        return value_text.get(key, str(self.node.get(key)))

    def key_name(self, key: Any, what: str) -> str:
        """A key that names something (a source, an outlet), as typed; a key YAML reads as
        true, false or nothing is an error, since it would match no id written elsewhere."""
        name: str = (
            self.node.key_text.get(key, str(key)) if isinstance(self.node, LocDict) else str(key)
        )
        if key is None or isinstance(key, bool):
            read_as = "nothing" if key is None else str(key).lower()
            self.error(
                f"YAML reads '{name}' as {read_as}, not as {what}",
                self.key_loc(key),
                f'put it in quotes: "{name}":',
            )
        return name

    def error(self, message: str, loc: Location, hint: str = "") -> None:
        self.problems.append(Problem(message, loc, hint))

    def warn(self, message: str, loc: Location, hint: str = "") -> None:
        self.problems.append(Problem(message, loc, hint, severity="warning"))

    def has(self, key: str) -> bool:
        return key in self.node and self.node[key] is not None

    def _missing(self, key: str, required: bool, example: str) -> bool:
        if self.has(key):
            return False
        if required and self.ok:
            self.error(
                f"missing required key '{key}'",
                Location(self.loc.file, self.loc.line, self.loc.col, self.sub(key)),
                f"add '{key}: {example}'",
            )
        return True

    # -- typed accessors ----------------------------------------------------------------
    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        if self._missing(key, required, "..."):
            return default
        value = self.node[key]
        if isinstance(value, (dict, list, bool)):
            typed = self.typed(key)
            hint = f"put it in quotes: '{typed}'" if isinstance(value, bool) else ""
            self.error(f"expected text, got {describe(value, typed)}", self.at(key), hint)
            return default
        text = (value if isinstance(value, str) else self.typed(key)).strip()
        if required and not text:
            self.error("must not be empty", self.at(key), f"write the {key}")
        return text

    def slug(self, key: str, *, required: bool = False) -> str:
        value = self.text(key, required=required)
        if value and not SLUG_RE.match(value):
            self.error(
                f"'{value}' is not a valid id",
                self.at(key),
                "use lowercase letters, digits and hyphens, like 'data-access'",
            )
        return value

    def integer(self, key: str, *, default: int = 0) -> int:
        if self._missing(key, False, "1"):
            return default
        value = self.node[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(f"expected a whole number, got {describe(value)}", self.at(key))
            return default
        return value

    def number(self, key: str, *, default: float, low: float, high: float) -> float:
        if self._missing(key, False, str(default)):
            return default
        value = self.node[key]
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not (low <= value <= high)
        ):
            self.error(
                f"expected a number from {low} to {high}, got {describe(value)}", self.at(key)
            )
            return default
        return float(value)

    def boolean(self, key: str, *, default: bool) -> bool:
        if self._missing(key, False, "true"):
            return default
        value = self.node[key]
        if not isinstance(value, bool):
            self.error(f"expected true or false, got {describe(value)}", self.at(key))
            return default
        return value

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        if self._missing(key, required, "2026-12-01"):
            return None
        value = self.node[key]
        if isinstance(value, BadDate):
            self.error(
                f"no such date: {value}", self.at(key), "check the day and month (YYYY-MM-DD)"
            )
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and ISO_DATE_RE.fullmatch(value.strip()):
            self.error(
                "a date in quotes is text, not a date",
                self.at(key),
                f"remove the quotes: {key}: {value.strip()}",
            )
            return None
        self.error(
            f"expected a date like 2026-12-01, got {describe(value)}",
            self.at(key),
            "write it as YYYY-MM-DD",
        )
        return None

    def texts(self, key: str, *, required: bool = False, slugs: bool = False) -> tuple[str, ...]:
        """A list of strings; a single string is accepted as a list of one."""
        if self._missing(key, required, "[...]"):
            return ()
        value = self.node[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(f"expected a list, got {describe(value)}", self.at(key))
            return ()
        out = []
        typed: dict[int, str] = getattr(value, "value_text", {})
        for i, item in enumerate(value):  # a Location only for an item in error
            if isinstance(item, (dict, list)) or item is None or isinstance(item, bool):
                shown = describe(item, typed.get(i, ""))
                hint = f"put it in quotes: '{typed[i]}'" if i in typed else ""
                self.error(f"expected text, got {shown}", self._item_at(value, key, i), hint)
                continue
            text = (item if isinstance(item, str) else typed.get(i, str(item))).strip()
            if slugs and not SLUG_RE.match(text):
                self.error(
                    f"'{text}' is not a valid id or topic",
                    self._item_at(value, key, i),
                    "use lowercase letters, digits and hyphens, like 'fair-use'",
                )
                continue
            out.append(text)
        if required and not out and not self.problems_at(key):
            self.error("must not be empty", self.at(key), f"list at least one {key[:-1]}")
        return tuple(out)

    def mappings(self, key: str, *, required: bool = False) -> Iterator[tuple[Any, Location]]:
        """Each item of a list of mappings with its location (path set to key[i])."""
        if self._missing(key, required, "[...]"):
            return
        value = self.node[key]
        if not isinstance(value, list):
            self.error(f"expected a list, got {describe(value)}", self.at(key))
            return
        if required and not value:
            self.error("must not be empty", self.at(key), f"list at least one {key[:-1]}")
        yield from self._items(value, key)

    def child(self, key: str, allowed: Iterable[str], *, required: bool = False) -> Fields:
        if self._missing(key, required, "{...}"):
            return Fields(LocDict(self.at(key)), [], loc=self.at(key), path=self.sub(key))
        return Fields(
            self.node[key], self.problems, loc=self.at(key), path=self.sub(key), allowed=allowed
        )

    def refs(self, *keys: str) -> dict[tuple[str, str], Location]:
        """Where each value of the keys stands, by (key, value); each item of a list its own."""
        out: dict[tuple[str, str], Location] = {}
        for key in keys:
            if not self.has(key):
                continue
            value = self.node[key]
            items = self._items(value, key) if isinstance(value, list) else [(value, self.at(key))]
            for item, loc in items:
                out.setdefault((key, str(item).strip()), loc)
        return out

    def problems_at(self, key: str) -> bool:
        prefix = self.sub(key)
        return any(p.location.path.startswith(prefix) for p in self.problems)

    def _items(self, value: list[Any], key: str) -> Iterator[tuple[Any, Location]]:
        for i, item in enumerate(value):
            yield item, self._item_at(value, key, i)

    def _item_at(self, value: list[Any], key: str, i: int) -> Location:
        """Where item i of the list at key stands (path key[i])."""
        if isinstance(value, LocList) and i < len(value.marks):
            return Location(value.loc.file, *value.marks[i], f"{self.sub(key)}[{i}]")
        at = self.at(key)
        return Location(at.file, at.line, at.col, f"{self.sub(key)}[{i}]")


@dataclass
class Context:
    """What readers share: the problem list and the prose to check for citations."""

    problems: list[Problem] = field(default_factory=list)
    prose: list[tuple[str, Location]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # file → its text, to point at lines

    def fields(self, node: Any, loc: Location, allowed: tuple[str, ...], path: str = "") -> Fields:
        return Fields(node, self.problems, loc=loc, path=path, allowed=allowed)

    def markdown(self, f: Fields, key: str, *, required: bool = False) -> str:
        text = f.text(key, required=required)
        if text:
            self.prose.append((text, f.at(key)))
        return text


def check_id(f: Fields, stem: str, kind: str) -> str:
    value = f.slug("id", required=True)
    if value and value != stem:
        f.error(
            f"id '{value}' does not match the file name '{stem}.yaml'",
            f.at("id"),
            f"rename the file to '{value}.yaml' or set 'id: {stem}'",
        )
    return value or stem
