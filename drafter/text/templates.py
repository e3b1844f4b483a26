"""The one Jinja environment drafter renders with, its filters, and template error reporting.

Templates run sandboxed with ``StrictUndefined``; every Jinja failure reaches the user as a
``TemplateError`` naming the template file and line.
"""

from __future__ import annotations

import collections
import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from drafter.errors import DrafterError, Location, Problem, TemplateError, rel
from drafter.model import Docket
from drafter.text import bluebook, citations
from drafter.text.plaintext import drop_link_targets, strip_emphasis, unwrap_links
from drafter.text.sandbox import (
    TIME_LIMIT,
    Sandbox,
    TemplateLoader,
    render_budget,
    template_references,
)

_MD_INLINE_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"})
_MD_ENTITY_RE = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START_RE = re.compile(r"^([ \t]*)(?:([#>+=:-])|(\d+)([.)]))", re.M)
_WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")
_UNDEFINED_NAME_RE = re.compile(r"^'([^']+)' is undefined$")
_NO_FILTER_RE = re.compile(r"No (filter|test) named '([^']+)'")
_PRIVATE_NAME_RE = re.compile(r"(?:has no attribute |^)'_[^']*'")


def make_environment(
    template_dirs: Sequence[Path], *, page_commas: bool = True, time_limit: float = TIME_LIMIT
) -> Sandbox:
    """Build the sandboxed Jinja environment over the template folders, first one wins.

    ``time_limit``: the seconds one render may take (drafter.text.sandbox).
    """
    env = Sandbox(
        loader=TemplateLoader([str(d) for d in template_dirs]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=10_000,
    )
    env.time_limit = time_limit
    env.filters.update(
        longdate=longdate,
        shortdate=shortdate,
        oxford=oxford,
        fr_cite=functools.partial(fr_cite, page_commas=page_commas),
        md_escape=md_escape,
        plain=plain,
        words=words,
    )
    return env


# ---------------------------------------------------------------- filters


def _as_date(value: Any, filter_name: str) -> dt.date:
    """Accept a date, a datetime or an ISO string; raise ValueError with the fix otherwise."""
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).date()
        except ValueError:
            pass
    raise ValueError(f"{filter_name}: expected a date like 2026-11-24, got {value!r}")


def longdate(value: Any) -> str:
    """Format a date as "November 24, 2026"."""
    d = _as_date(value, "longdate")
    return f"{d:%B} {d.day}, {d.year}"


def shortdate(value: Any) -> str:
    """Format a date with Bluebook month abbreviations: "Nov. 24, 2026"."""
    return bluebook.bluebook_date(_as_date(value, "shortdate"))


def oxford(items: Iterable[Any], conj: str = "and") -> str:
    """Join items as "a, b, and c" (serial comma), "a and b", or "a"."""
    parts = [str(i) for i in items]
    if len(parts) < 3:
        return f" {conj} ".join(parts)
    return f"{', '.join(parts[:-1])}, {conj} {parts[-1]}"


def fr_cite(value: Docket | str, date: Any = None, *, page_commas: bool = True) -> str:
    """Format a Federal Register (or other reporter) cite, from a Docket or a string and date."""
    if isinstance(value, Docket):
        if not value.citation:
            raise ValueError(f"fr_cite: docket {value.id} has no citation: add one to its agency")
        cite, date = value.citation, date or value.published
    else:
        cite = str(value)
    when = None if date is None else _as_date(date, "fr_cite")
    return bluebook.fr_cite(cite, when, page_commas=page_commas)


def md_escape(value: Any) -> str:
    """Escape Markdown syntax in user data that is not meant as Markdown."""
    if value is None:
        return ""
    text = str(value).translate(_MD_INLINE_ESCAPES)
    text = _MD_ENTITY_RE.sub(r"\\&", text)
    return _MD_LINE_START_RE.sub(_escape_line_start, text)


def _escape_line_start(m: re.Match[str]) -> str:
    """Escape a character that would start a heading, quote, list, container or setext line."""
    indent, mark, number, dot = m.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{number}\\{dot}"


def plain(value: Any) -> str:
    """Turn Markdown prose into one line of plain text: citations dropped, links unwrapped."""
    text = str(value)
    pieces, pos = [], 0
    for start, end, _ in citations.find_citations(text):
        pieces.append(text[pos:start].rstrip())
        pos = end
    pieces.append(text[pos:])
    text = strip_emphasis(unwrap_links("".join(pieces)))
    return " ".join(text.split())


def words(value: Any) -> int:
    """Count the words a reader sees in Markdown text (link targets and note labels left out)."""
    return len(_WORD_RE.findall(drop_link_targets(str(value))))


# ---------------------------------------------------------------- rendering


def parse_template(env: jinja2.Environment, name: str) -> jinja2.Template:
    """Load and compile a template; raise TemplateError when it is missing or does not parse."""
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound as exc:
        raise _not_found(env, exc, name, None) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(env, exc, name) from exc
    except (jinja2.TemplateError, DrafterError):
        raise
    except Exception as exc:  # compiling folds constants, which runs filters and operators
        raise _compile_error(exc, _display(_template_file(env, name), name)) from exc


def template_problems(env: jinja2.Environment, names: Iterable[str]) -> list[Problem]:
    """Parse each named template and every template it extends, includes or imports by a
    constant name, recursively; report each one that is missing or does not parse, a missing
    one at the line that names it."""
    problems: list[Problem] = []
    # (template, the Location naming it, whether a missing one is fine)
    pending: list[tuple[str, Location | None, bool]] = [(name, None, False) for name in names]
    seen: set[str] = set()
    while pending:
        name, named_at, optional = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        try:
            template = parse_template(env, name)
        except TemplateError as error:
            missing = isinstance(error.__cause__, jinja2.TemplateNotFound)
            if missing and optional:
                continue
            if missing and named_at is not None:
                error.location = named_at
            problems.extend(error.problems)
            continue
        shown = _display(template.filename, name)
        for target, line, fine in _references(env, name):
            pending.append((target, Location(file=shown, line=line), fine))
    return problems


def _references(env: jinja2.Environment, name: str) -> list[tuple[str, int, bool]]:
    """The templates a template names in extends, include, import and from-import with a
    constant name: (name, line, whether a missing one is ignored)."""
    if isinstance(env, Sandbox) and name in env.references:
        return env.references[name]  # found when the template was compiled: not parsed again
    assert env.loader is not None
    source, filename, _ = env.loader.get_source(env, name)
    return template_references(env.parse(source, name, filename))


def render_template(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render a template from the environment's folders; raise TemplateError on any failure."""
    return _render(env, parse_template(env, name), context, name)


def render_string(
    env: jinja2.Environment, source: str, context: Mapping[str, Any], *, name: str
) -> str:
    """Render template text given inline; errors name it as ``name``."""
    try:
        code = env.compile(source, name=name, filename=name)
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(env, exc, name) from exc
    except DrafterError:
        raise
    except Exception as exc:  # compiling folds constants, which runs filters and operators
        raise _compile_error(exc, name) from exc
    template = env.template_class.from_code(env, code, env.make_globals(None))
    return _render(env, template, context, name)


def _render(
    env: jinja2.Environment, template: jinja2.Template, context: Mapping[str, Any], name: str
) -> str:
    """Render a loaded template within its time budget, turning every failure into a
    TemplateError."""
    try:
        with render_budget(getattr(env, "time_limit", TIME_LIMIT)):
            return template.render(dict(context))
    except RecursionError as exc:  # one line, not the thousand frames that led there
        raise _recursion(exc.__traceback__, template, name) from None
    except jinja2.TemplateSyntaxError as exc:  # in an included template
        raise _syntax_error(env, exc, name) from exc
    except jinja2.TemplateNotFound as exc:  # an include or import of a missing partial
        raise _not_found(env, exc, name, exc.__traceback__) from exc
    except DrafterError as exc:
        if not exc.location.file:
            exc.location = _frame_location(exc.__traceback__, template, name)[0]
        raise
    except Exception as exc:
        location, hint = _frame_location(exc.__traceback__, template, name)
        message, fix = _describe(exc, context)
        raise TemplateError(message, location=location, hint=_join(fix, hint)) from exc


def _recursion(tb: TracebackType | None, template: jinja2.Template, name: str) -> TemplateError:
    """Describe a macro or include that calls itself without end, at its most repeated line."""
    frames = collections.Counter(_template_frames(tb))
    if not frames:
        return TemplateError(
            "template calls itself without end",
            location=Location(_display(template.filename, name)),
        )
    (file, line), times = frames.most_common(1)[0]
    where = Location(file=_display(file, name), line=line)
    return TemplateError(
        f"template calls itself without end (recursion: {where.file}:{line}, {times} times)",
        location=where,
        hint="a macro or include that calls itself needs a condition that stops it",
    )


def _template_frames(tb: TracebackType | None) -> list[tuple[str, int]]:
    """The template file and line of each template frame in a traceback, outermost first."""
    frames = []
    while tb is not None:
        # jinja2 rewrites template frames so they carry the template's file and line.
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _display(filename: str | None, fallback: str) -> str:
    """Show a template file relative to the current folder, or the name it was given."""
    return rel(filename) if filename and not filename.startswith("<") else fallback


def _syntax_error(
    env: jinja2.Environment, exc: jinja2.TemplateSyntaxError, name: str
) -> TemplateError:
    """Describe a template that does not parse, at the line Jinja reports."""
    location = Location(file=_display(exc.filename, exc.name or name), line=exc.lineno or 0)
    hint = "check that every {% tag %} is closed and every {{ expression }} is complete"
    if m := _NO_FILTER_RE.match(exc.message or ""):
        known = env.filters if m[1] == "filter" else env.tests
        close = difflib.get_close_matches(m[2], list(known), n=3, cutoff=0.75)
        hint = "did you mean " + " or ".join(close) + "?" if close else f"no such {m[1]} exists"
    return TemplateError(f"template syntax error: {exc.message}", location=location, hint=hint)


def _template_file(env: jinja2.Environment, name: str) -> str | None:
    """The file a template is loaded from, when a loader can say."""
    try:
        return env.loader.get_source(env, name)[1] if env.loader is not None else None
    except Exception:
        return None


def _compile_error(exc: Exception, name: str) -> TemplateError:
    """Describe a failure while compiling a template (Jinja evaluates constant expressions)."""
    return TemplateError(
        f"template failed: {type(exc).__name__}: {exc}",
        location=Location(file=name),
        hint="check the constant expressions in this template",
    )


def _not_found(
    env: jinja2.Environment, exc: jinja2.TemplateNotFound, name: str, tb: TracebackType | None
) -> TemplateError:
    """Describe a missing template, listing the folders that were searched."""
    loader = env.loader
    folders = getattr(loader, "searchpath", []) if loader is not None else []
    location = _frame_location(tb, None, name)[0] if tb is not None else Location(file=name)
    return TemplateError(
        f"template '{exc.name}' not found",
        location=location,
        hint="looked in: " + (", ".join(dict.fromkeys(map(rel, folders))) or "no template folders"),
    )


def _frame_location(
    tb: TracebackType | None, template: jinja2.Template | None, name: str
) -> tuple[Location, str]:
    """Find the innermost template line in a traceback, and the includes that led to it."""
    frames = _template_frames(tb)
    if not frames:
        fallback = template.filename if template is not None else None
        return Location(file=_display(fallback, name)), ""
    where = [Location(file=_display(f, name), line=line) for f, line in frames]
    chain = [str(loc) for loc in where[:-1]]
    return where[-1], "included from " + ", ".join(reversed(chain)) if chain else ""


def _describe(exc: Exception, context: Mapping[str, Any]) -> tuple[str, str]:
    """Return the message and the fix for an exception raised while rendering."""
    private = isinstance(exc, jinja2.UndefinedError) and bool(_PRIVATE_NAME_RE.search(str(exc)))
    if isinstance(exc, SecurityError) or private:
        return (
            f"template tried to access an unsafe attribute ({exc})",
            "templates run in a sandbox; use only the variables and filters drafter provides",
        )
    if isinstance(exc, jinja2.UndefinedError):
        m = _UNDEFINED_NAME_RE.match(exc.message or "")
        close = difflib.get_close_matches(m[1], list(context), n=3) if m else []
        fix = (
            "did you mean " + " or ".join(close) + "?"
            if close
            else "check the spelling, or guard optional values with {% if x is defined %}"
        )
        return f"undefined value in template: {exc.message}", fix
    if isinstance(exc, ValueError):  # the filters explain their own bad input
        return f"template failed: {exc}", ""
    return f"template failed: {type(exc).__name__}: {exc}", ""


def _join(*hints: str) -> str:
    """Join the non-empty hints with "; "."""
    return "; ".join(h for h in hints if h)
