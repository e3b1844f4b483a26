"""The Jinja sandbox drafter renders templates in, and the loader that reads them safely.

Jinja's ``SandboxedEnvironment`` already refuses private attributes (``__class__``,
``__globals__``, ``__subclasses__``) and caps ``range()``. This adds what a workspace shared
between partners needs on top: templates are read like the YAML files (UTF-8, a size limit,
no characters Word cannot store, each refusal with file, line and column), and the cheap ways
to build a gigantic value (``'x' * 10**10``, ``2 ** 10**9``, ``'%999999999d'``,
``|center(10**9)``) are refused instead of exhausting memory, at compile time as at run time.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from drafter.errors import Location, TemplateError, rel
from drafter.load.yamlio import MAX_BYTES, UNSTORABLE_RE, read_text

MAX_VALUE = 1_000_000  # characters or items one template operation may build
MAX_BITS = 100_000  # bits of an integer a template may compute (about 30,000 digits)
MAX_LIPSUM = 100  # paragraphs of lorem ipsum

# A printf width or precision of 7 digits or more, or one taken from the arguments ("*"),
# and the same in str.format specs (a nested "{}" inside a spec is a width from an argument).
_WIDE_FORMAT_RE = re.compile(
    r"%[-#0 +]*(?:\*|\d{7,})|%[-#0 +]*\d*\.(?:\*|\d{7,})|\{[^{}]*:[^{}]*(?:\d{7,}|\{)"
)


class TemplateLoader(jinja2.FileSystemLoader):
    """Load templates from folders, first one wins; refuse files drafter could not use."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if path.is_file():
                break
        else:
            raise jinja2.TemplateNotFound(template)
        text = read_template(path)
        mtime = path.stat().st_mtime
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
        line, col = _line_col(text, bad.start(), "\n")
        raise TemplateError(
            f"control character U+{ord(bad.group()):04X} cannot be stored in a Word document",
            location=Location(shown, line, col),
            hint="remove it (it often comes from copying out of a PDF)",
        )
    return text


def _line_col(data: Any, pos: int, newline: Any) -> tuple[int, int]:
    return data.count(newline, 0, pos) + 1, pos - (data.rfind(newline, 0, pos) + 1) + 1


class Sandbox(SandboxedEnvironment):
    """The sandbox, with a cap on the values one operator or filter may build."""

    # Intercepted operators are also never folded into constants at compile time, where
    # 'x' * 10**10 would otherwise run while a template is merely checked.
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("center", "indent"):
            self.filters[name] = _bounded_width(self.filters[name], name)
        self.filters["format"] = _checked_format(self.filters["format"])
        self.globals["lipsum"] = _bounded_lipsum(self.globals["lipsum"])

    def getattr(self, obj: Any, attribute: str) -> Any:
        # drafter's own data classes are neither functions, methods, types, frames nor
        # generators, so for them Jinja's checks below come to "no leading underscore", and
        # no value of theirs is str.format. Asked directly: a letter reads 160 attributes.
        if attribute[:1] != "_" and _is_drafter_data(type(obj)):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
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


@functools.cache
def _is_drafter_data(cls: type) -> bool:
    return dataclasses.is_dataclass(cls) and cls.__module__.startswith("drafter.")


def _too_big(what: str) -> TemplateError:
    return TemplateError(
        f"the template would build {what}",
        hint="templates produce letters, not data: check the numbers in this expression",
    )


def _check_repeat(seq: Any, count: Any) -> None:
    if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
        size = len(seq) * count
        if size > MAX_VALUE:
            raise _too_big(f"{size:,} characters or items (the limit is {MAX_VALUE:,})")


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


def _bounded_width(filter_: Callable[..., str], name: str) -> Callable[..., str]:
    @functools.wraps(filter_)
    def bounded(value: Any, *args: Any, **kwargs: Any) -> str:
        width = args[0] if args else kwargs.get("width")
        if isinstance(width, int) and width > MAX_VALUE:
            raise _too_big(f"a {name} {width:,} characters wide (the limit is {MAX_VALUE:,})")
        return filter_(value, *args, **kwargs)

    return bounded


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
