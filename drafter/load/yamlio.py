"""Safe YAML loading that remembers where every value came from.

PyYAML's safe loader composes the document's nodes; drafter builds the Python values itself
from them, which lets it keep line and column for every key and value (drafter.load.located),
report duplicate keys (PyYAML silently keeps the last), refuse tags that are not plain data,
and cap nesting and alias expansion, so that a "billion laughs" or a file of a million "["
is refused at once instead of eating the machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from drafter.errors import Location, Problem, YamlError
from drafter.load.files import UNSTORABLE_RE, read_text
from drafter.load.located import BadDate, Loaded, LocDict, LocList

MAX_NODES = 100_000  # values produced from one file, aliases counted each time they expand
MAX_DEPTH = 100  # levels of nesting; workspace files need fewer than ten

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


def load_file(path: Path, display: str) -> Loaded:
    """Read (drafter.load.files.read_text) and parse one YAML file."""
    return loads(read_text(path, display), display)


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


def _compose(text: str, display: str) -> yaml.Node | None:
    loader = _Loader(text)  # reads the text: a character YAML refuses stops it here
    loader.display = display
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing deep nesting and countless values before they cost much.

    PyYAML's scanner does work proportional to the nesting depth for every token, so a file
    of a million "[" (or "- - - ...") would take hours; this stops at MAX_DEPTH levels.
    """

    display = ""
    nodes = 0

    def compose_node(self, parent: Any, index: Any) -> yaml.Node | None:
        # Counted here too, so a file of a million tiny values stops early, not after parsing.
        self.nodes += 1
        if self.nodes > MAX_NODES:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            mark = event.start_mark  # the value itself, not the scanner's lookahead
            raise too_many(Location(self.display, mark.line + 1, mark.column + 1))
        node: yaml.Node | None = super().compose_node(parent, index)
        return node

    def _too_deep(self) -> YamlError:
        mark = self.get_mark()
        return too_deep(Location(self.display, mark.line + 1, mark.column + 1))

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            raise self._too_deep()
        added: bool = super().add_indent(column)
        return added

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        if self.flow_level >= MAX_DEPTH:
            raise self._too_deep()
        super().fetch_flow_collection_start(TokenClass)


class _Builder:
    """Python values from a composed node graph, each collection with its marks."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.count = 0
        self.built: dict[int, tuple[Any, int]] = {}  # id(node) → (value, values it expands to)
        self.building: set[int] = set()  # the collections being built: the path from the root
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
        if node.tag not in _PLAIN_TAGS:
            raise YamlError(
                f"tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
                location=self.loc(node, path),
                hint="drafter reads plain data only; remove the tag",
            )
        if isinstance(node, yaml.ScalarNode):
            value = self._scalar(node, path)
            self.built[key] = (value, 1)
            return value
        self.building.add(key)
        try:
            if isinstance(node, yaml.MappingNode):
                value = self._mapping(node, path)
            else:
                assert isinstance(node, yaml.SequenceNode)
                value = self._sequence(node, path)
        finally:
            self.building.discard(key)
        self.built[key] = (value, self.count - start)
        return value

    def _add(self, values: int, node: yaml.Node, path: str) -> None:
        self.count += values
        if self.count > MAX_NODES:
            raise too_many(self.loc(node, path))

    def _sequence(self, node: yaml.SequenceNode, path: str) -> LocList:
        out = LocList(self.loc(node, path))
        for i, item in enumerate(node.value):
            out.append(self.build(item, f"{path}[{i}]"))
            mark = item.start_mark
            out.marks.append((mark.line + 1, mark.column + 1))
            if _typed(item):
                out.value_text[i] = item.value
        return out

    def _mapping(self, node: yaml.MappingNode, path: str) -> LocDict:
        out = LocDict(self.loc(node, path))
        marks = out.marks
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
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
            typed = key_node.value if _typed(key_node) else str(key)
            sub = f"{path}.{typed}" if path else typed
            if key in out:
                first = marks[key]
                self.problems.append(
                    Problem(
                        f"duplicate key '{typed}' (first given on line {first[0]})",
                        self.loc(key_node, sub),
                        "remove one of them; YAML keeps only one",
                    )
                )
                continue
            out[key] = self.build(value_node, sub)
            k, v = key_node.start_mark, value_node.start_mark
            marks[key] = (k.line + 1, k.column + 1, v.line + 1, v.column + 1)
            if _typed(key_node):
                out.key_text[key] = key_node.value
            if _typed(value_node):
                out.value_text[key] = value_node.value
        return out

    def _scalar(self, node: yaml.ScalarNode, path: str) -> Any:
        text = node.value
        bad = UNSTORABLE_RE.search(text)
        if bad:
            char = bad.group(0)
            self.problems.append(
                Problem(
                    f"control character U+{ord(char):04X} cannot be stored in a Word document",
                    self.loc(node, path),
                    "remove it (it often comes from copying out of a PDF)",
                )
            )
        if node.tag == _STR:
            return text
        if node.tag == _TIMESTAMP:
            # Dates stay dates and datetimes as they are; both are compared as dates later.
            try:
                return self._scalars.construct_object(node)
            except ValueError:
                return BadDate(text)
        return self._scalars.construct_object(node)


def _typed(node: yaml.Node) -> bool:
    """Whether YAML reads this scalar as something other than text (true, 1.5, a date)."""
    return isinstance(node, yaml.ScalarNode) and node.tag != _STR


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
    lines = text.splitlines()
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in what or "\t" in line_text[: (mark.column + 1) if mark else 0]:
        what = "a tab character is used for indentation"
        hint = "YAML indents with spaces only; replace the tabs with spaces"
    elif error.context and error.problem:
        what = f"{error.problem} ({error.context})"
    return YamlError(f"YAML syntax error: {what}", location=loc, hint=hint)


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
