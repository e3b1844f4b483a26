"""The Jinja sandbox drafter renders templates in, and the loader that reads them safely.

Jinja's ``SandboxedEnvironment`` already refuses private attributes (``__class__``,
``__globals__``, ``__subclasses__``) and caps ``range()``. A template shared between partners
may still try to exhaust the machine, so this adds:

- templates are read like the YAML files (drafter.load.files): inside the workspace or the
  built-in folder (a symbolic link leading out is refused), regular files only, UTF-8, within
  a size limit, no characters Word cannot store;
- the cheap ways to build a gigantic value are refused before they run: ``'x' * 10**10``,
  ``2 ** 10**9``, ``'%999999999d'``, ``+`` and ``~`` concatenation past a million
  characters, the ``center``, ``indent``, ``join``, ``replace``, ``wordwrap``, ``batch``,
  ``slice`` and ``tojson`` filters and the ``ljust``, ``rjust``, ``center``, ``zfill``,
  ``expandtabs``, ``replace``, ``join`` and ``translate`` string methods when their result
  would pass that size;
- a render has a wall-clock budget and a cap on what it produces. Nothing interrupts a
  render from outside (no signal, no thread): the budget is checked where template code
  runs — every loop iteration, call, attribute, operator and piece of output — and the
  render stops with an error naming the template and line.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.filters import make_attrgetter
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from drafter.errors import Location, TemplateError, rel
from drafter.load.files import MAX_BYTES, UNSTORABLE_RE, confined, read_text

MAX_VALUE = 1_000_000  # characters or items one template operation may build
MAX_OUTPUT = 2_000_000  # characters one render may produce (a long letter is 100,000)
MAX_BITS = 100_000  # bits of an integer a template may compute (about 30,000 digits)
MAX_LIPSUM = 100  # paragraphs of lorem ipsum
TIME_LIMIT = 10.0  # seconds one render may take (a letter takes a few milliseconds)

# A printf width or precision of 7 digits or more, or one taken from the arguments ("*"),
# and the same in str.format specs (a nested "{}" inside a spec is a width from an argument).
_WIDE_FORMAT_RE = re.compile(
    r"%[-#0 +]*(?:\*|\d{7,})|%[-#0 +]*\d*\.(?:\*|\d{7,})|\{[^{}]*:[^{}]*(?:\d{7,}|\{)"
)


# ---------------------------------------------------------------- reading templates


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


def _too_big(what: str) -> TemplateError:
    return TemplateError(
        f"the template would build {what}",
        hint="templates produce letters, not data: check the numbers in this expression",
    )


def _check_size(size: int, what: str = "characters or items") -> None:
    if size > MAX_VALUE:
        raise _too_big(f"{size:,} {what} (the limit is {MAX_VALUE:,})")


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
        for name, guard in _FILTER_GUARDS.items():
            self.filters[name] = _guarded(self.filters[name], guard)
        self.filters["format"] = _checked_format(self.filters["format"])
        self.filters["join"] = _checked_join(self.filters["join"])
        lipsum = self.globals["lipsum"]
        assert callable(lipsum)
        self.globals["lipsum"] = _bounded_lipsum(lipsum)

    @staticmethod
    def concat(pieces: Iterable[str]) -> str:
        """Join a render's (or a block's) output, refusing more than MAX_OUTPUT characters."""
        out: list[str] = []
        size = 0
        for piece in pieces:
            size += len(piece)
            if size > MAX_OUTPUT:
                raise _too_big(f"more than {MAX_OUTPUT:,} characters of text")
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
        _check_size(sum(map(len, texts)), "characters")
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
            guard = _METHOD_GUARDS.get(name)
            if guard is not None:
                guard(owner, *args, **kwargs)
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        tick()
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "+":
            _check_sum(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            check_format(left)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            check_format(value.__self__)
        return wrapped


# ---------------------------------------------------------------- what one operation builds


def _check_repeat(seq: Any, count: Any) -> None:
    if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
        _check_size(len(seq) * count)


def _check_sum(left: Any, right: Any) -> None:
    sized = (str, list, tuple)
    if isinstance(left, sized) and isinstance(right, sized):
        _check_size(len(left) + len(right))


def _check_power(base: Any, exponent: Any) -> None:
    if not (isinstance(base, int) and isinstance(exponent, int)) or abs(base) < 2:
        return
    bits = abs(base).bit_length() * exponent
    if bits > MAX_BITS:
        raise _too_big(f"a number of about {bits:,} bits (the limit is {MAX_BITS:,})")


def check_format(text: str) -> None:
    """Refuse a format string with a huge width or precision, or one taken from an argument."""
    wide = _WIDE_FORMAT_RE.search(text)
    if wide:
        raise _too_big(
            f"a padded value ('{wide.group()}': widths over 999,999 or from arguments are refused)"
        )


def _width(value: Any, name: str) -> None:
    if isinstance(value, int) and value > MAX_VALUE:
        raise _too_big(f"a {name} {value:,} characters wide (the limit is {MAX_VALUE:,})")


def _joined(items: Any, sep: Any) -> None:
    texts = [str(item) for item in items]
    _check_size(sum(map(len, texts)) + len(str(sep)) * max(len(texts) - 1, 0), "characters")


def _replaced(text: str, old: Any, new: Any, count: Any = -1) -> None:
    old, new = str(old), str(new)
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    _check_size(len(text) + found * (len(new) - len(old)), "characters")


def _tabs(text: str, tabsize: Any = 8) -> None:
    if isinstance(tabsize, int):
        _check_size(len(text) + text.count("\t") * tabsize, "characters")


def _translated(text: str, table: Any) -> None:
    values = table.values() if isinstance(table, dict) else ()
    longest = max((len(v) for v in values if isinstance(v, str)), default=1)
    _check_size(len(text) * longest, "characters")


def _pad(name: str) -> Callable[..., None]:
    def check(text: str, width: Any = 0, *args: Any, **kwargs: Any) -> None:
        _width(kwargs.get("width", width), name)

    return check


_METHOD_GUARDS: dict[str, Callable[..., None]] = {
    "ljust": _pad("ljust"),
    "rjust": _pad("rjust"),
    "center": _pad("center"),
    "zfill": _pad("zfill"),
    "expandtabs": _tabs,
    "replace": _replaced,
    "join": lambda sep, items, *_: _joined(items, sep),
    "translate": _translated,
}


def _indented(text: Any, width: Any = 4, first: bool = False, blank: bool = False) -> None:
    prefix = width if isinstance(width, int) else len(str(width))
    _width(prefix, "indent")
    lines = str(text).count("\n") + 1
    _check_size(len(str(text)) + lines * prefix, "characters")


def _wrapped(env: Any, text: Any, width: Any = 79, *args: Any, **kwargs: Any) -> None:
    wrapstring = kwargs.get("wrapstring", args[1] if len(args) > 1 else None) or "\n"
    text = str(text)
    breaks = len(text) // max(width if isinstance(width, int) else 1, 1)
    _check_size(len(text) + breaks * len(str(wrapstring)), "characters")


def _count(name: str) -> Callable[..., None]:
    def check(value: Any, count: Any = 1, *args: Any, **kwargs: Any) -> None:
        if isinstance(count, int) and count > MAX_VALUE:
            raise _too_big(f"{count:,} {name} (the limit is {MAX_VALUE:,})")

    return check


def _json(ctx: Any, value: Any, indent: Any = None) -> None:
    # Each line of indented JSON is indented at most once per level: the compact text times
    # the indent bounds it well enough for a letter's data.
    spaces = indent if isinstance(indent, int) and indent > 0 else 0
    _check_size(len(json.dumps(value, default=str)) * (1 + spaces), "characters")


_FILTER_GUARDS: dict[str, Callable[..., None]] = {
    "center": lambda value, width=80: _width(width, "center"),
    "indent": _indented,
    "replace": lambda ctx, s, old, new, count=None: _replaced(str(s), old, new, count),
    "wordwrap": _wrapped,
    "batch": _count("items in a batch"),
    "slice": _count("slices"),
    "tojson": _json,
}


def _guarded(filter_: Callable[..., Any], guard: Callable[..., None]) -> Callable[..., Any]:
    """filter_, run only once guard has accepted its arguments."""

    @functools.wraps(filter_)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        guard(*args, **kwargs)
        return filter_(*args, **kwargs)

    return guarded


def _checked_join(filter_: Callable[..., str]) -> Callable[..., str]:
    """The join filter, measuring the text it would build first (its items read once)."""

    @functools.wraps(filter_)
    def checked(ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
        items = list(value)
        if attribute is not None:
            items = list(map(make_attrgetter(ctx.environment, attribute), items))
        _joined(items, d)
        return filter_(ctx, items, d)

    return checked


def _checked_format(filter_: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(filter_)
    def checked(value: Any, *args: Any, **kwargs: Any) -> str:
        check_format(str(value))
        return filter_(value, *args, **kwargs)

    return checked


def _bounded_lipsum(lipsum: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(lipsum)
    def bounded(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        if n > MAX_LIPSUM or max > MAX_VALUE // MAX_LIPSUM:
            raise _too_big(f"{n:,} paragraphs of lorem ipsum (the limit is {MAX_LIPSUM})")
        return lipsum(n, html, min, max)

    return bounded
