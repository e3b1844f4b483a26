"""Safe YAML loading that remembers where every value came from.

PyYAML's safe loader is the parser, but drafter builds the Python values itself from the
composed node graph, which lets it keep line and column for every key and value, report
duplicate keys (PyYAML silently keeps the last), refuse tags that are not plain data, and
cap alias expansion so a "billion laughs" document cannot eat the machine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DrafterError, Location, Problem, YamlError

MAX_BYTES = 1024 * 1024  # a stance module is a few KB; a 1 MiB YAML file is a mistake
MAX_NODES = 100_000  # values produced from one file, aliases counted each time they expand
MAX_DEPTH = 100  # levels of nesting; workspace files need fewer than ten

# Characters XML 1.0 (and so Word) cannot hold; YAML's double-quoted escapes can produce them.
UNSTORABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class LocDict(dict):
    """A mapping that knows where it, each key and each value stand in the file."""

    def __init__(self, loc: Location):
        super().__init__()
        self.loc = loc
        self.key_locs: dict[Any, Location] = {}
        self.locs: dict[Any, Location] = {}


class LocList(list):
    """A sequence that knows where it and each item stand in the file."""

    def __init__(self, loc: Location):
        super().__init__()
        self.loc = loc
        self.locs: list[Location] = []


@dataclass
class Loaded:
    """A parsed file: its data (None when empty) and the non-fatal problems found on the way."""

    data: Any
    loc: Location
    problems: list[Problem] = field(default_factory=list)


class BadDate(str):
    """A scalar that looks like a date but names no real day (2023-02-30)."""


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.count = 0
        self.built: dict[int, tuple[Any, int]] = {}  # id(node) → (value, values it expands to)
        self.building: set[int] = set()  # the nodes being built: the path from the root
        self._scalars = yaml.constructor.SafeConstructor()

    def loc(self, node: yaml.Node, path: str) -> Location:
        mark = node.start_mark
        return Location(self.file, mark.line + 1, mark.column + 1, path)

    def build(self, node: yaml.Node, path: str) -> Any:
        # An alias is the node it names, met again: it gives the same value, built once, but
        # counts as many values as it expands to, so a "billion laughs" is refused at once.
        key = id(node)
        if key in self.built:
            value, size = self.built[key]
            self._add(size, node, path)
            return value
        if key in self.building:
            raise YamlError(
                "a value contains itself (a recursive alias)",
                location=self.loc(node, path),
                hint="YAML aliases (*name) may repeat a value, not nest it inside itself",
            )
        if len(self.building) >= MAX_DEPTH:
            raise too_deep(self.loc(node, ""))  # the path would be a hundred levels long
        start = self.count
        self._add(1, node, path)
        self.building.add(key)
        try:
            value = self._build(node, path)
        finally:
            self.building.discard(key)
        self.built[key] = (value, self.count - start)
        return value

    def _add(self, values: int, node: yaml.Node, path: str) -> None:
        self.count += values
        if self.count > MAX_NODES:
            raise too_many(self.loc(node, path))

    def _build(self, node: yaml.Node, path: str) -> Any:
        if node.tag not in _PLAIN_TAGS:
            raise YamlError(
                f"tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
                location=self.loc(node, path),
                hint="drafter reads plain data only; remove the tag",
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            out = LocList(self.loc(node, path))
            for i, item in enumerate(node.value):
                sub = f"{path}[{i}]"
                out.append(self.build(item, sub))
                out.locs.append(self.loc(item, sub))
            return out
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: str) -> LocDict:
        out = LocDict(self.loc(node, path))
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(
                    "merge keys (<<) are not supported",
                    location=self.loc(key_node, path),
                    hint="write the keys out in full",
                )
            key = self.build(key_node, path)
            if isinstance(key, (dict, list)):
                raise YamlError(
                    "a key must be a plain word, not a mapping or list",
                    location=self.loc(key_node, path),
                )
            sub = f"{path}.{key}" if path else str(key)
            if key in out:
                first = out.key_locs[key]
                self.problems.append(
                    Problem(
                        f"duplicate key '{key}' (first given on line {first.line})",
                        self.loc(key_node, sub),
                        "remove one of them; YAML keeps only one",
                    )
                )
                continue
            out[key] = self.build(value_node, sub)
            out.key_locs[key] = self.loc(key_node, sub)
            out.locs[key] = self.loc(value_node, sub)
        return out

    def _scalar(self, node: yaml.ScalarNode, path: str) -> Any:
        bad = UNSTORABLE_RE.search(node.value)
        if bad:
            char = bad.group(0)
            self.problems.append(
                Problem(
                    f"control character U+{ord(char):04X} cannot be stored in a Word document",
                    self.loc(node, path),
                    "remove it (it often comes from copying out of a PDF)",
                )
            )
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                value = self._scalars.construct_object(node)
            except ValueError:
                return BadDate(node.value)
            # Keep dates as dates and datetimes as they are; both are compared as dates later.
            return value
        return self._scalars.construct_object(node)


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


def _syntax_error(error: yaml.MarkedYAMLError, display: str, text: str) -> YamlError:
    mark = error.problem_mark or error.context_mark
    opened = error.context_mark
    problem = error.problem or ""
    if opened and ("<stream end>" in problem or "end of stream" in problem):
        mark = opened  # an unclosed bracket or quote: point at where it was opened
    loc = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
    what = error.problem or error.context or "invalid YAML"
    hint = "check the indentation and brackets around this line"
    context = error.context or ""
    opener = "'['" if "flow sequence" in context else "'{'" if "flow mapping" in context else ""
    if "quoted scalar" in context:
        opener = "quote"
    if opener and mark is opened:
        hint = f"the {opener} opened here is never closed"
    elif opener and opened and mark and opened.line != mark.line:
        # YAML stumbles on a later line, but the mistake is the bracket left open above it.
        hint = f"is the {opener} opened on line {opened.line + 1} closed?"
    line_text = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "\t" in what or "\t" in line_text[: (mark.column + 1) if mark else 0]:
        what = "a tab character is used for indentation"
        hint = "YAML indents with spaces only; replace the tabs with spaces"
    elif error.context and error.problem:
        what = f"{error.problem} ({error.context})"
    return YamlError(f"YAML syntax error: {what}", location=loc, hint=hint)


def too_many(location: Location) -> YamlError:
    return YamlError(
        "the document expands to too many values (an alias bomb?)",
        location=location,
        hint=f"keep files under {MAX_NODES:,} values and avoid nested aliases",
    )


def too_deep(location: Location) -> YamlError:
    return YamlError(
        f"values are nested more than {MAX_DEPTH} levels deep",
        location=location,
        hint="workspace files need only a few levels: look for brackets never closed",
    )


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing deep nesting before it costs anything.

    PyYAML's scanner does work proportional to the nesting depth for every token, so a file
    of a million "[" (or "- - - ...") would take hours; this stops at MAX_DEPTH levels.
    """

    display = ""
    nodes = 0

    def compose_node(self, parent: Any, index: Any) -> yaml.Node:
        # Counted here too, so a file of a million tiny values stops early, not after parsing.
        self.nodes += 1
        if self.nodes > MAX_NODES:
            mark = self.peek_event().start_mark  # the value itself, not the scanner's lookahead
            raise too_many(Location(self.display, mark.line + 1, mark.column + 1))
        return super().compose_node(parent, index)

    def _too_deep(self) -> YamlError:
        mark = self.get_mark()
        return too_deep(Location(self.display, mark.line + 1, mark.column + 1))

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            raise self._too_deep()
        return super().add_indent(column)

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        if self.flow_level >= MAX_DEPTH:
            raise self._too_deep()
        super().fetch_flow_collection_start(TokenClass)


def _compose(text: str, display: str) -> yaml.Node | None:
    node = _compose_fast(text)
    if node is not None:
        return node
    loader = _Loader(text)
    loader.display = display
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


# libyaml (PyYAML's C parser) composes ten times faster than the pure-Python parser above: a
# workspace of 100 agencies loads in 0.1 s instead of 0.5 s, in every command and every batch.
# It is used only where the two give the same nodes at the same lines and columns (fuzzed in
# tests/test_fast_paths.py): no tabs, CRs, byte-order marks, Unicode line breaks or "|#"; no
# empty values and no "?" in a [...] or {...} (libyaml marks and scans those differently); small
# and shallow documents only, as its recursive C code has no depth guard. Anything else, and
# every error (so that messages stay PyYAML's), goes through _Loader.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_FAST_REFUSED = re.compile("[\t\r\ufeff\x85\u2028\u2029]|[|>][-+0-9]*#")
_FAST_MAX_NODES = 10_000
_FAST_MAX_DEPTH = 50


def _compose_fast(text: str) -> yaml.Node | None:
    """The document's node graph from libyaml when it is known to match _Loader's, else None."""
    if _FAST_LOADER is None or _FAST_REFUSED.search(text):
        return None
    openers = sum(text.count(s) for s in ("[", "{", "- ", "? ", ": "))
    indent = max((len(line) - len(line.lstrip(" ")) for line in text.split("\n")), default=0)
    if openers + indent > 5000:  # far below the depth that crashes libyaml
        return None
    try:
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except Exception:  # YAML errors, and text libyaml cannot take (lone surrogates): _Loader's
        return None
    seen: set[int] = set()
    todo = [(node, False, 0)]
    visits = 0  # nodes and aliases, as _Loader counts them
    while todo:  # in document order, so that an anchor is met before its aliases
        n, in_flow, depth = todo.pop()
        visits += 1
        if visits > _FAST_MAX_NODES or depth > _FAST_MAX_DEPTH or n is None:
            return None
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, yaml.ScalarNode):
            if n.value == "" or (in_flow and "?" in n.value):
                return None
            continue
        flow = in_flow or bool(n.flow_style)
        kids = [c for pair in n.value for c in pair] if isinstance(n, yaml.MappingNode) else n.value
        todo.extend((kid, flow, depth + 1) for kid in reversed(kids))
    return node


def _reader_error(error: yaml.reader.ReaderError, display: str, text: str) -> YamlError:
    """A character YAML refuses outright (a raw control character), at its line and column."""
    pos = min(max(error.position, 0), len(text))
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    char = error.character if isinstance(error.character, int) else ord(str(error.character)[:1])
    kind = "control character" if char < 0x20 or 0x7F <= char < 0xA0 else "character"
    return YamlError(
        f"{kind} U+{char:04X} is not allowed in a YAML file",
        location=Location(display, line, col),
        hint="remove it (it often comes from copying out of a PDF)",
    )


def loads(text: str, display: str) -> Loaded:
    """Parse YAML text; return located data plus non-fatal problems, raise YamlError if fatal."""
    try:
        node = _compose(text, display)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, display, text) from error
    except RecursionError:  # a flow inside a block, each near the limit, on a deep call stack
        raise too_deep(Location(display, 1, 1)) from None
    except yaml.reader.ReaderError as error:
        raise _reader_error(error, display, text) from error
    except yaml.YAMLError as error:
        what = " ".join(str(error).split())
        raise YamlError(f"YAML error: {what}", location=Location(display, 1, 1)) from error
    if node is None:
        return Loaded(None, Location(display, 1, 1))
    builder = _Builder(display)
    data = builder.build(node, "")
    return Loaded(data, builder.loc(node, ""), builder.problems)


def load(path: Path, display: str | None = None) -> Loaded:
    """Read and parse one YAML file."""
    shown = display or path.as_posix()
    return loads(read_text(path, shown), shown)


def is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, BadDate)
