"""What one template operation may build: the checks the sandbox (drafter.text.sandbox) runs
before an operator, filter or string method that could make a gigantic value.

Each check measures the result from its inputs, before it is built, and refuses one past
MAX_VALUE characters or items with a TemplateError that says so; the sandbox adds the
template's file and line.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from jinja2.filters import make_attrgetter

from drafter.errors import TemplateError

MAX_VALUE = 1_000_000  # characters or items one template operation may build
MAX_BITS = 100_000  # bits of an integer a template may compute (about 30,000 digits)
MAX_LIPSUM = 100  # paragraphs of lorem ipsum

# A printf width or precision of 7 digits or more, or one taken from the arguments ("*"),
# and the same in str.format specs (a nested "{}" inside a spec is a width from an argument).
_WIDE_FORMAT_RE = re.compile(
    r"%[-#0 +]*(?:\*|\d{7,})|%[-#0 +]*\d*\.(?:\*|\d{7,})|\{[^{}]*:[^{}]*(?:\d{7,}|\{)"
)


def too_big(what: str) -> TemplateError:
    return TemplateError(
        f"the template would build {what}",
        hint="templates produce letters, not data: check the numbers in this expression",
    )


def check_size(size: int, what: str = "characters or items") -> None:
    if size > MAX_VALUE:
        raise too_big(f"{size:,} {what} (the limit is {MAX_VALUE:,})")


def check_repeat(seq: Any, count: Any) -> None:
    if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
        check_size(len(seq) * count)


def check_sum(left: Any, right: Any) -> None:
    sized = (str, list, tuple)
    if isinstance(left, sized) and isinstance(right, sized):
        check_size(len(left) + len(right))


def check_power(base: Any, exponent: Any) -> None:
    if not (isinstance(base, int) and isinstance(exponent, int)) or abs(base) < 2:
        return
    bits = abs(base).bit_length() * exponent
    if bits > MAX_BITS:
        raise too_big(f"a number of about {bits:,} bits (the limit is {MAX_BITS:,})")


def check_format(text: str) -> None:
    """Refuse a format string with a huge width or precision, or one taken from an argument."""
    wide = _WIDE_FORMAT_RE.search(text)
    if wide:
        raise too_big(
            f"a padded value ('{wide.group()}': widths over 999,999 or from arguments are refused)"
        )


def _width(value: Any, name: str) -> None:
    if isinstance(value, int) and value > MAX_VALUE:
        raise too_big(f"a {name} {value:,} characters wide (the limit is {MAX_VALUE:,})")


def _joined(items: Any, sep: Any) -> None:
    texts = [str(item) for item in items]
    check_size(sum(map(len, texts)) + len(str(sep)) * max(len(texts) - 1, 0), "characters")


def _replaced(text: str, old: Any, new: Any, count: Any = -1) -> None:
    old, new = str(old), str(new)
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    check_size(len(text) + found * (len(new) - len(old)), "characters")


def _tabs(text: str, tabsize: Any = 8) -> None:
    if isinstance(tabsize, int):
        check_size(len(text) + text.count("\t") * tabsize, "characters")


def _translated(text: str, table: Any) -> None:
    values = table.values() if isinstance(table, dict) else ()
    longest = max((len(v) for v in values if isinstance(v, str)), default=1)
    check_size(len(text) * longest, "characters")


def _pad(name: str) -> Callable[..., None]:
    def check(text: str, width: Any = 0, *args: Any, **kwargs: Any) -> None:
        _width(kwargs.get("width", width), name)

    return check


METHOD_GUARDS: dict[str, Callable[..., None]] = {
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
    check_size(len(str(text)) + lines * prefix, "characters")


def _wrapped(env: Any, text: Any, width: Any = 79, *args: Any, **kwargs: Any) -> None:
    wrapstring = kwargs.get("wrapstring", args[1] if len(args) > 1 else None) or "\n"
    text = str(text)
    breaks = len(text) // max(width if isinstance(width, int) else 1, 1)
    check_size(len(text) + breaks * len(str(wrapstring)), "characters")


def _count(name: str) -> Callable[..., None]:
    def check(value: Any, count: Any = 1, *args: Any, **kwargs: Any) -> None:
        if isinstance(count, int) and count > MAX_VALUE:
            raise too_big(f"{count:,} {name} (the limit is {MAX_VALUE:,})")

    return check


def _json(ctx: Any, value: Any, indent: Any = None) -> None:
    # Each line of indented JSON is indented at most once per level: the compact text times
    # the indent bounds it well enough for a letter's data.
    spaces = indent if isinstance(indent, int) and indent > 0 else 0
    check_size(len(json.dumps(value, default=str)) * (1 + spaces), "characters")


FILTER_GUARDS: dict[str, Callable[..., None]] = {
    "center": lambda value, width=80: _width(width, "center"),
    "indent": _indented,
    "replace": lambda ctx, s, old, new, count=None: _replaced(str(s), old, new, count),
    "wordwrap": _wrapped,
    "batch": _count("items in a batch"),
    "slice": _count("slices"),
    "tojson": _json,
}


def guarded(filter_: Callable[..., Any], guard: Callable[..., None]) -> Callable[..., Any]:
    """filter_, run only once guard has accepted its arguments."""

    @functools.wraps(filter_)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        guard(*args, **kwargs)
        return filter_(*args, **kwargs)

    return guarded


def checked_join(filter_: Callable[..., str]) -> Callable[..., str]:
    """The join filter, measuring the text it would build first (its items read once)."""

    @functools.wraps(filter_)
    def checked(ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
        items = list(value)
        if attribute is not None:
            items = list(map(make_attrgetter(ctx.environment, attribute), items))
        _joined(items, d)
        return filter_(ctx, items, d)

    return checked


def checked_format(filter_: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(filter_)
    def checked(value: Any, *args: Any, **kwargs: Any) -> str:
        check_format(str(value))
        return filter_(value, *args, **kwargs)

    return checked


def bounded_lipsum(lipsum: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(lipsum)
    def bounded(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        if n > MAX_LIPSUM or max > MAX_VALUE // MAX_LIPSUM:
            raise too_big(f"{n:,} paragraphs of lorem ipsum (the limit is {MAX_LIPSUM})")
        return lipsum(n, html, min, max)

    return bounded
