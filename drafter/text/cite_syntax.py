"""Pandoc's citation syntax: find ``[see @key, p. 4; cf. @other]`` in Markdown and parse it.

A citation is a bracket ``[...]`` holding one or more items separated by ``;``. An item is an
optional prefix (a signal such as "see" or "cf."), the key (``@key``, ``-@key`` to leave the
author out, or ``@{key with spaces}``), then an optional locator and suffix, after a comma or
a space: ``@a, p. 4``, ``@a, pp. 3–5``, ``@a at 7``, ``@a, § 3(a)``, ``@a, ¶ 12``,
``@a, p. 12 n.4``, ``@a, p. 3 (quoting X)``. Locator labels: p., pp., at, §, §§, ¶, ¶¶, n.,
nn., and pandoc's words for them (page, section, paragraph, note), ch., tit., pt., vol., fig.;
a bare number is a page.

A bracket is not a citation when it is escaped, inside code, an inline note (``^[...]``), a
link (``[@x](url)``), or holds no ``@`` at the start of a word (``[me@example.org]``). A
bracket that holds such an ``@`` but does not parse is *malformed*: the caller reports it
(with the file and line) instead of printing it in a letter.

Every scan here is linear in the length of the text: no regular expression can backtrack
over a run of the same character, so a 1 MiB field is read in well under a second.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from drafter.errors import CitationError, Location
from drafter.model import Source
from drafter.text.code_spans import code_ranges, fences, inside

__all__ = [
    "Cite",
    "Malformed",
    "citation_keys",
    "citation_problems",
    "code_ranges",
    "fences",
    "find_citations",
    "inside",
    "refuse_malformed",
    "scan",
    "source_of",
]


@dataclass(frozen=True)
class Cite:
    """One cited source inside a citation bracket.

    locator: the pinpoint, normalized to a label and a value ("p. 4", "pp. 3–5", "§ 3(a)",
    "¶ 12", "at 7", "p. 12 n. 4"); prefix: the text before the key as written ("see, e.g.,");
    suffix: what follows the locator ("(quoting X)"); bare: written ``-@key``.
    """

    key: str
    locator: str = ""
    prefix: str = ""
    suffix: str = ""
    bare: bool = False


@dataclass(frozen=True)
class Malformed:
    """A bracket that looks like a citation but does not parse: where it is and why."""

    start: int
    end: int
    message: str
    hint: str


Span = tuple[int, int, tuple[Cite, ...]]

# -- regular expressions, each linear: no nested or adjacent quantifiers over one class ------
_MARK_RE = re.compile(r"[\\\[\]]|\n[ \t]*(?=\n)")  # escapes, brackets, blank lines
_LOOKS_RE = re.compile(r"(?<![^\s\[;])-?@")  # an @ that starts a word: what makes a citation
_KEY_RE = re.compile(r"\{[^{}\n]*\}|\w[\w:.#$%&+?<>~/\-]*")
_KEY_TAIL = ":.#$%&+?<>~/-"  # internal punctuation a key may hold but not end with
_LABELS = {
    "p.": "p.", "page": "p.", "pp.": "pp.", "pages": "pp.", "at": "at",
    "§": "§", "sec.": "§", "section": "§", "§§": "§§", "secs.": "§§", "sections": "§§",
    "¶": "¶", "para.": "¶", "paragraph": "¶", "¶¶": "¶¶", "paras.": "¶¶", "paragraphs": "¶¶",
    "n.": "n.", "note": "n.", "nn.": "nn.", "notes": "nn.",
    "ch.": "ch.", "chap.": "ch.", "chapter": "ch.", "tit.": "tit.", "title": "tit.",
    "pt.": "pt.", "part": "pt.", "vol.": "vol.", "volume": "vol.", "fig.": "fig.",
    "figure": "fig.",
}  # fmt: skip
_LABEL_RE = re.compile(
    r"(?:"
    + "|".join(re.escape(k) for k in sorted(_LABELS, key=len, reverse=True))
    + r")(?=[\s\d*(]|$)"
)
_ROMAN = r"(?:m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))"
_PAGE_RE = re.compile(rf"\*?\d+(?:,\d{{3}}(?!\d))*|(?=[mdclxvi]){_ROMAN}(?!\w)")
_RANGE_SEP_RE = re.compile(r"\s*(?:-|–|—|to)\s*")
_LIST_SEP_RE = re.compile(r"\s*(?:,|&|and)\s*")
_NOTE_RE = re.compile(r"\s*(?:&\s*)?(nn?)\.\s*(\d+(?:\s*[-–]\s*\d+)?)")
_SUB = r"\([A-Za-z0-9]{1,8}\)"  # a subsection: "(a)", "(1)", "(iv)"
_SECTION_RE = re.compile(rf"[\w.:\-]*\w(?:{_SUB})*|(?:{_SUB})+")
_PART_RE = re.compile(r"(?:\d[\w\-]*|[IVXLCDM]+)(?![\w])")  # "2", "II", "4-1"
_WORD_LABELS = frozenset(k for k in _LABELS if k.isalpha())  # without a number, plain text
_LIST_COMMA_RE = re.compile(r"\s*,\s*")


# ---------------------------------------------------------------- brackets


def scan(
    text: str, code: list[tuple[int, int]] | None = None
) -> tuple[list[Span], list[Malformed]]:
    """Return every citation bracket as (start, end, cites), and every malformed one."""
    if "@" not in text or "[" not in text:
        return [], []
    code = code_ranges(text) if code is None else code
    found: list[Span] = []
    bad: list[Malformed] = []
    stack: list[list[int]] = []  # [start, nested] of each open bracket
    skip = -1  # a position escaped by the backslash before it
    for m in _MARK_RE.finditer(text):
        pos = m.start()
        if pos <= skip or (code and inside(pos, code)):
            continue
        mark = m[0][0]
        if mark == "\\":
            skip = pos + 1
        elif mark == "[":
            if stack:
                stack[-1][1] = 1
            stack.append([pos, 0])
        elif mark == "]":
            if not stack:
                continue
            start, nested = stack.pop()
            if not nested:
                _bracket(text, start, pos + 1, found, bad)
        else:  # a blank line: brackets do not span paragraphs
            _unclosed(text, stack, pos, bad)
            stack = []
    _unclosed(text, stack, len(text), bad)
    return found, sorted(bad, key=lambda b: b.start)


def _unclosed(text: str, stack: list[list[int]], end: int, bad: list[Malformed]) -> None:
    """Report open brackets whose text up to the next bracket looks like a citation."""
    for i, (start, _) in enumerate(stack):
        stop = stack[i + 1][0] if i + 1 < len(stack) else end
        inner = text[start + 1 : stop]
        close = inner.find("]")
        if close >= 0:
            inner = inner[:close]
        if _LOOKS_RE.search(inner) and text[start - 1 : start] != "^":
            bad.append(
                Malformed(
                    start,
                    start + 1 + len(inner.rstrip()),
                    f"citation '[{_clip(inner)}' is not closed",
                    "end it with ']' in the same paragraph",
                )
            )


def _bracket(text: str, start: int, end: int, found: list[Span], bad: list[Malformed]) -> None:
    """Classify one innermost bracket: a citation, a malformed one, or ordinary text."""
    inner = text[start + 1 : end - 1]
    if not _LOOKS_RE.search(inner) or inner.startswith("^"):
        return
    if text[start - 1 : start] == "^" and not _escaped(text, start - 1):
        return  # an inline note ^[...]: its text is the note
    if text[end : end + 1] == "(":
        return  # a link whose text starts with @
    cites, problem = parse_items(inner)
    if problem:
        bad.append(Malformed(start, end, f"citation '[{_clip(inner)}]': {problem[0]}", problem[1]))
    else:
        found.append((start, end, cites))


def _escaped(text: str, pos: int) -> bool:
    """Tell whether the character at pos is preceded by an odd number of backslashes."""
    n = 0
    while pos - n - 1 >= 0 and text[pos - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _clip(text: str, width: int = 60) -> str:
    """One line of text, shortened for a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# ---------------------------------------------------------------- items


def parse_items(inner: str) -> tuple[tuple[Cite, ...], tuple[str, str] | None]:
    """Parse the text inside a citation bracket; return the cites or (problem, hint)."""
    cites = []
    for item in _split_items(inner):
        cite, problem = _parse_item(item)
        if problem:
            return (), problem
        assert cite is not None
        cites.append(cite)
    return tuple(cites), None


def _split_items(inner: str) -> list[str]:
    """Split on the semicolons that are not inside parentheses."""
    items, depth, last = [], 0, 0
    for i, ch in enumerate(inner):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            items.append(inner[last:i])
            last = i + 1
    items.append(inner[last:])
    return items


def _parse_item(item: str) -> tuple[Cite | None, tuple[str, str] | None]:
    text = " ".join(item.split())
    if not text:
        return None, ("an empty citation between ';'", "remove the extra ';'")
    at = _LOOKS_RE.search(text)
    if not at:
        return None, (f"'{_clip(text, 30)}' names no source", "write it as [@key] or [see @key]")
    prefix, bare = text[: at.start()].strip(), text[at.start()] == "-"
    key_at = at.end()
    m = _KEY_RE.match(text, key_at)
    if not m:
        return None, ("'@' is not followed by a source key", "write the key right after '@'")
    key = m[0][1:-1].strip() if m[0].startswith("{") else m[0].rstrip(_KEY_TAIL)
    if not key:
        return None, ("'@' is not followed by a source key", "write the key right after '@'")
    rest = text[key_at + (len(m[0]) if m[0].startswith("{") else len(key)) :]
    if _LOOKS_RE.search(rest):
        return None, ("two sources in one item", "separate the sources with ';'")
    if rest and not rest[0].isspace() and rest[0] != ",":
        return None, (f"unexpected '{rest[0]}' after @{key}", "put a comma after the key")
    locator, suffix, problem = parse_locator(rest.lstrip().removeprefix(",").strip())
    if problem:
        return None, problem
    return Cite(key, locator, prefix, suffix, bare), None


def parse_locator(text: str) -> tuple[str, str, tuple[str, str] | None]:
    """Split what follows a key into a normalized locator and a suffix."""
    if not text:
        return "", "", None
    label_m = _LABEL_RE.match(text)
    written = label_m[0] if label_m else ""
    label = _LABELS[written] if label_m else ""
    pos = label_m.end() if label_m else 0
    while pos < len(text) and text[pos] == " ":
        pos += 1
    if label in ("§", "§§"):
        value, pos = _sections(text, pos)
    elif label in ("ch.", "tit.", "pt.", "vol.", "fig."):
        m = _PART_RE.match(text, pos)
        value, pos = (m[0], m.end()) if m else ("", pos)
    elif label or text[:1].isdigit() or text[:1] == "*":
        value, pos = _pages(text, pos)
        label = label or "p."
    else:
        value = ""
    if label and not value:
        if written in _WORD_LABELS:  # "[@a, at the hearing]": words, not a locator
            return "", text, None
        return "", "", (f"the locator '{written}' has no number", f"write it like '{written} 4'")
    suffix = text[pos:].strip().removeprefix(",").strip()
    if suffix and not any(c.isalnum() for c in suffix):
        return (
            "",
            "",
            (f"stray '{suffix}' at the end of the citation", "move it outside the brackets"),
        )
    return (f"{label} {value}" if label else ""), suffix, None


def _pages(text: str, pos: int) -> tuple[str, int]:
    """Read a list of pages and page ranges, with an optional note ("12 n. 4")."""
    parts: list[str] = []
    while True:
        m = _PAGE_RE.match(text, pos)
        if not m or not m[0]:
            break
        item, pos = m[0], m.end()
        sep = _RANGE_SEP_RE.match(text, pos)
        if sep and (end := _PAGE_RE.match(text, sep.end())) and end[0]:
            item, pos = f"{item}–{end[0]}", end.end()
        note = _NOTE_RE.match(text, pos)
        if note:
            item, pos = f"{item} {note[1]}. {note[2].replace(' ', '')}", note.end()
        parts.append(item)
        more = _LIST_SEP_RE.match(text, pos)
        if not more or not (_PAGE_RE.match(text, more.end()) or [""])[0]:
            break
        pos = more.end()
    return ", ".join(parts), pos


def _sections(text: str, pos: int) -> tuple[str, int]:
    """Read section numbers: "3(a)(1)", "6-1-1701 to -1707", "101, 102"."""
    parts: list[str] = []
    while True:
        m = _SECTION_RE.match(text, pos)
        if not m:
            break
        item, pos = m[0], m.end()
        sep = _RANGE_SEP_RE.match(text, pos)
        if sep and (end := _SECTION_RE.match(text, sep.end())):
            joiner = " to " if "to" in sep[0] else "–"
            item, pos = f"{item}{joiner}{end[0]}", end.end()
        parts.append(item)
        more = _LIST_COMMA_RE.match(text, pos)
        if not more or not _SECTION_RE.match(text, more.end()):
            break
        pos = more.end()
    return ", ".join(parts), pos


# ---------------------------------------------------------------- conveniences


def find_citations(text: str, code: list[tuple[int, int]] | None = None) -> list[Span]:
    """Return every well-formed citation bracket as (start, end, cites), in order."""
    return scan(text, code)[0]


def citation_keys(text: str) -> list[tuple[str, int, int]]:
    """Return each cited key with the 1-based line and column of its "@"."""
    keys = []
    for start, end, cites in find_citations(text):
        ats = [m.end() for m in _LOOKS_RE.finditer(text, start + 1, end - 1)]
        for cite, at in zip(cites, ats, strict=False):
            keys.append((cite.key, *_line_col(text, at)))
    return keys


def citation_problems(text: str) -> list[tuple[str, str, int, int, str]]:
    """Return each malformed citation as (message, hint, line, column, first line of it)."""
    out = []
    for bad in scan(text)[1]:
        first = text[bad.start : bad.end].split("\n", 1)[0]
        out.append((bad.message, bad.hint, *_line_col(text, bad.start), first))
    return out


def _line_col(text: str, pos: int) -> tuple[int, int]:
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


def source_of(cite: Cite, sources: Mapping[str, Source], where: str) -> Source:
    """Look a cited key up, or raise a CitationError with a did-you-mean hint."""
    if cite.key in sources:
        return sources[cite.key]
    close = difflib.get_close_matches(cite.key, list(sources), n=3, cutoff=0.6)
    hint = (
        "did you mean " + " or ".join(f"'{k}'" for k in close) + "?"
        if close
        else "add the source to sources.yaml or fix the key"
    )
    raise CitationError(
        f"unknown source '{cite.key}' in citation [@{cite.key}]",
        location=Location(file=where),
        hint=hint,
    )


def refuse_malformed(bad: list[Malformed], where: str) -> None:
    """Raise for the first malformed citation: it must never reach a letter as text."""
    if bad:
        raise CitationError(bad[0].message, location=Location(file=where), hint=bad[0].hint)
