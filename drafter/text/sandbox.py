"""The Jinja sandbox drafter renders templates in, and the loader that reads them safely.

Jinja's ``SandboxedEnvironment`` already refuses private attributes (``__class__``,
``__globals__``, ``__subclasses__``) and caps ``range()``. A template shared between partners
may still try to read what it should not or to exhaust the machine, so this adds:

- templates are read like the YAML files (drafter.load.files): inside the workspace or the
  built-in folder (a symbolic link leading out is refused), regular files only, UTF-8, within
  a size limit, no characters Word cannot store;
- the cheap ways to build a gigantic value are refused before they run (drafter.text.limits):
  ``'x' * 10**10``, ``2 ** 10**9``, ``'%999999999d'``, ``+`` and ``~`` past a million
  characters, and the filters and string methods that pad, join, replace or wrap;
- a render has a wall-clock budget and a cap on what it produces. Nothing interrupts a
  render from outside (no signal, no thread): the budget is checked where template code
  runs — every loop iteration, call, attribute, operator and piece of output — and the
  render stops with an error naming the template and line.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from drafter.errors import Location, TemplateError, rel
from drafter.load.files import MAX_BYTES, UNSTORABLE_RE, confined, read_text
from drafter.text.limits import (
    FILTER_GUARDS,
    METHOD_GUARDS,
    bounded_lipsum,
    check_format,
    check_power,
    check_repeat,
    check_size,
    check_sum,
    checked_format,
    checked_join,
    guarded,
    too_big,
)

MAX_OUTPUT = 2_000_000  # characters one render may produce (a long letter is 100,000)
TIME_LIMIT = 10.0  # seconds one render may take (a letter takes a few milliseconds)

# ---------------------------------------------------------------- reading templates


def template_references(tree: nodes.Template) -> list[tuple[str, int, bool]]:
    """The templates a parsed template names in extends, include, import and from-import
    with a constant name: (name, line, whether a missing one is ignored)."""
    found: list[tuple[str, int, bool]] = []
    kinds = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
    for node in tree.find_all(kinds):
        assert isinstance(node, kinds)
        target = node.template
        if not isinstance(target, nodes.Const):
            continue  # a name computed while rendering: checked when it is rendered
        values = target.value if isinstance(target.value, (list, tuple)) else [target.value]
        optional = isinstance(node, nodes.Include) and node.ignore_missing
        for value in values:
            if isinstance(value, str):
                found.append((value, node.lineno, optional or len(values) > 1))
    return found


class TemplateLoader(jinja2.FileSystemLoader):
    """Load templates from folders, first one wins; refuse files drafter could not use.

    Each folder is a workspace's ``templates/``: a template (or a folder on its way) that is
    a symbolic link out of that workspace is refused, as is anything but a regular file.
    """

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if os.path.lexists(path):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        confined(path, Path(folder).parent, rel(path), what="template", error=TemplateError)
        text = read_template(path)
        mtime = _mtime(path)
        return text, os.path.normpath(path), lambda: _mtime(path) == mtime


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0


def read_template(path: Path) -> str:
    """A template's text: UTF-8, within the size limit, holding only storable characters."""
    shown = rel(path)
    text = read_text(
        path, shown, limit=MAX_BYTES, what="template", error=TemplateError,
        size_hint="split it into partials, or check that it is the file you meant",
    )  # fmt: skip
    bad = UNSTORABLE_RE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise TemplateError(
            f"control character U+{ord(bad.group()):04X} cannot be stored in a Word document",
            location=Location(shown, line, col),
            hint="remove it (it often comes from copying out of a PDF)",
        )
    return text


# ---------------------------------------------------------------- the render budget


@dataclass(frozen=True)
class _Budget:
    seconds: float
    deadline: float


# The budget of the render running in this thread (or task); None outside a render.
_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "drafter_template_budget", default=None
)


@contextlib.contextmanager
def render_budget(seconds: float) -> Iterator[None]:
    """Give the renders inside this block ``seconds`` of wall-clock time in all."""
    token = _BUDGET.set(_Budget(seconds, time.monotonic() + seconds))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def tick() -> None:
    """Stop the render with a TemplateError once its budget is spent."""
    budget = _BUDGET.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise TemplateError(
            f"the template ran for more than {budget.seconds:g} seconds",
            hint="look for loops inside loops, or a loop over a range far longer than a "
            "letter needs",
        )


# ---------------------------------------------------------------- the environment


class _GuardedCode(CodeGenerator):
    """Jinja's code generator, with two changes: every ``for`` loop iterates through
    ``environment.guard_loop`` (the budget is checked on each turn), and ``~`` joins through
    ``environment.join_checked`` (its result is capped)."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        guarded = nodes.Call(
            nodes.EnvironmentAttribute("guard_loop"), [node.iter], [], None, None,
            lineno=node.iter.lineno,
        )  # fmt: skip
        loop = nodes.For(
            node.target, guarded, node.body, node.else_, node.test, node.recursive,
            lineno=node.lineno,
        )  # fmt: skip
        loop.set_environment(self.environment)
        super().visit_For(loop, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.join_checked((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class Sandbox(SandboxedEnvironment):
    """The sandbox, with a cap on the values one operator, filter or method may build, a cap
    on a render's output, and the render budget checked wherever template code runs."""

    code_generator_class = _GuardedCode
    time_limit: float = TIME_LIMIT  # seconds one render may take
    # Intercepted operators are also never folded into constants at compile time, where
    # 'x' * 10**10 would otherwise run while a template is merely checked.
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, guard in FILTER_GUARDS.items():
            self.filters[name] = guarded(self.filters[name], guard)
        self.filters["format"] = checked_format(self.filters["format"])
        self.filters["join"] = checked_join(self.filters["join"])
        lipsum = self.globals["lipsum"]
        assert callable(lipsum)
        self.globals["lipsum"] = bounded_lipsum(lipsum)
        # What each template compiled so far names by a constant name (template_references),
        # kept so that checking the templates does not parse each one a second time.
        self.references: dict[str, list[tuple[str, int, bool]]] = {}

    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        if isinstance(source, str) and name is not None:
            source = self.parse(source, name, filename)  # a syntax error: as compile raises it
            # Found before compiling, which may fold expressions in the tree into constants.
            self.references[name] = template_references(source)
        if raw:
            return super().compile(source, name, filename, True, defer_init)
        return super().compile(source, name, filename, False, defer_init)

    @staticmethod
    def concat(pieces: Iterable[str]) -> str:
        """Join a render's (or a block's) output, refusing more than MAX_OUTPUT characters."""
        out: list[str] = []
        size = 0
        for piece in pieces:
            size += len(piece)
            if size > MAX_OUTPUT:
                raise too_big(f"more than {MAX_OUTPUT:,} characters of text")
            out.append(piece)
            tick()
        return "".join(out)

    @staticmethod
    def guard_loop(iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            tick()
            yield item

    @staticmethod
    def join_checked(values: tuple[Any, ...]) -> str:
        texts = [str(v) for v in values]
        check_size(sum(map(len, texts)), "characters")
        tick()
        return "".join(texts)

    def getattr(self, obj: Any, attribute: str) -> Any:
        tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: str | Any) -> Any:
        tick()
        return super().getitem(obj, argument)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        tick()
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(obj, "__name__", "")
            if name == "join" and args:  # measured, then joined: read the items once
                args = (list(args[0]), *args[1:])
            guard = METHOD_GUARDS.get(name)
            if guard is not None:
                guard(owner, *args, **kwargs)
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        tick()
        if operator == "*":
            check_repeat(left, right)
            check_repeat(right, left)
        elif operator == "+":
            check_sum(left, right)
        elif operator == "**":
            check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            check_format(left)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            check_format(value.__self__)
        return wrapped
