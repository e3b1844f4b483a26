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

import bisect
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
MALFORMED_LIMIT = 100
LOCATOR_LIMIT = 200  # characters: a pinpoint, not a table of contents
# A bracket with no bracket inside, within one paragraph, holding an "@": "[see @a, p. 4]", or
# an unclosed "[see @a" up to the next bracket or blank line. Escapes (\x) are stepped over.
# The classes before and after the first "@" do not overlap, so each character is read once.
_C = r"(?:[^\[\]\\\n@]|\\[^\n]|\n(?![ \t]*\n))"
_C_AT = r"(?:[^\[\]\\\n]|\\[^\n]|\n(?![ \t]*\n))"
_CANDIDATE_RE = re.compile(rf"\[{_C}*@{_C_AT}*(?P<close>\]|(?=[\[\]]|\n[ \t]*\n)|\Z)")
_CLOSER_RE = re.compile(r"\]|\n[ \t]*\n")
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
_RANGE_SEP_RE = re.compile(r"\s*(?:-|–|—|\bto\b)\s*")
_LIST_SEP_RE = re.compile(r"\s*(?:,(?!\d{3}(?!\d))|&|\band\b)\s*")  # not "59,945"
_NOTE_SEP_RE = re.compile(r"\s*(?:&\s*)?(nn?)\.\s*")
_ITEM_MARK_RE = re.compile(r"[();]")
_SUB = r"\([A-Za-z0-9]{1,8}\)"  # a subsection: "(a)", "(1)", "(iv)"
_PART_RE = re.compile(r"(?:\d[\w\-]*|[IVXLCDM]+)(?![\w])")  # "2", "II", "4-1"
# A page list in one match: "3", "3–5", "59,945", "*5", "iv", "12 n. 4", joined by ",", "&",
# "and"; the separators differ from the page characters, so the match never backtracks far.
_PAGE = rf"(?:\*?\d+(?:,\d{{3}}(?!\d))*|(?=[mdclxvi]){_ROMAN}(?!\w))"
_NOTE = r"(?:\s*(?:&\s*)?nn?\.\s*\d+(?:\s*[-–]\s*\d+)?)"  # "12 n. 4", "12 & nn. 4-5"
_PAGE_ITEM = rf"{_PAGE}(?:\s*(?:-|–|—|\bto\b)\s*{_PAGE})?{_NOTE}?"
_PAGES_RE = re.compile(rf"{_PAGE_ITEM}(?:\s*(?:,|&|\band\b)\s*{_PAGE_ITEM})*")
_SECTION_ITEM = rf"(?:[\w.:\-]*\w(?:{_SUB})*|(?:{_SUB})+)"
_SECTIONS_RE = re.compile(
    rf"{_SECTION_ITEM}(?:\s*(?:–|—|\bto\b)\s*{_SECTION_ITEM})?(?:\s*,\s*{_SECTION_ITEM})*"
)
_SECTION_RANGE_RE = re.compile(r"\s*(?:–|—|\bto\b)\s*")
_WORD_LABELS = frozenset(k for k in _LABELS if k.isalpha())  # without a number, plain text
_LIST_COMMA_RE = re.compile(r"\s*,\s*")


# ---------------------------------------------------------------- brackets


def scan(
    text: str, code: list[tuple[int, int]] | None = None
) -> tuple[list[Span], list[Malformed]]:
    """Return every citation bracket as (start, end, cites), and every malformed one.

    At most MALFORMED_LIMIT malformed brackets are reported: the first is what a writer fixes.
    """
    if "@" not in text or "[" not in text:
        return [], []
    code = code_ranges(text) if code is None else code
    found: list[Span] = []
    bad: list[Malformed] = []
    closers: list[tuple[int, int]] | None = None  # each "]" and blank line, once needed
    for m in _CANDIDATE_RE.finditer(text):
        start = m.start()
        if (code and inside(start, code)) or _escaped(text, start):
            continue
        if m["close"] == "]":
            _bracket(text, start, m.end(), found, bad)
        else:  # no "]" before the next bracket or the paragraph's end
            if closers is None:
                closers = _closers(text)
            if m.end() < len(text) and text[m.end()] == "[" and _closes_later(closers, m.end()):
                continue  # an outer bracket around another one: not a citation
            _unclosed(text, start, m.end(), bad)
        if len(bad) >= MALFORMED_LIMIT:
            break
    return found, bad


def _closers(text: str) -> list[tuple[int, int]]:
    """The positions of "]" (kind 1) and of blank lines (kind 0), in order."""
    return [(m.start(), 1 if m[0] == "]" else 0) for m in _CLOSER_RE.finditer(text)]


def _closes_later(closers: list[tuple[int, int]], pos: int) -> bool:
    """Tell whether a "]" comes after pos before the paragraph ends."""
    i = bisect.bisect_left(closers, (pos, -1))
    return i < len(closers) and closers[i][1] == 1


def _unclosed(text: str, start: int, end: int, bad: list[Malformed]) -> None:
    """Report an open bracket whose text looks like a citation."""
    inner = text[start + 1 : end]
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
    if ";" not in inner:
        return [inner]
    if "(" not in inner:
        return inner.split(";")
    items, depth, last = [], 0, 0
    for m in _ITEM_MARK_RE.finditer(inner):
        mark = m[0]
        if mark == "(":
            depth += 1
        elif mark == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            items.append(inner[last : m.start()])
            last = m.end()
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
        if len(text) - pos > LOCATOR_LIMIT:
            too_long = f"the locator is longer than {LOCATOR_LIMIT} characters"
            return "", "", (too_long, "cite a page, a short range or a few pages")
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
    """Read a list of pages and page ranges, with notes: "3, 5, 7-9", "12 n. 4"."""
    m = _PAGES_RE.match(text, pos, pos + LOCATOR_LIMIT + 1)
    if not m or m.end() - pos > LOCATOR_LIMIT:
        return "", pos
    pages = _LIST_SEP_RE.sub(", ", _RANGE_SEP_RE.sub("–", m[0]))
    pages = _NOTE_SEP_RE.sub(lambda n: f" {n[1]}. ", pages)
    return pages, m.end()


def _sections(text: str, pos: int) -> tuple[str, int]:
    """Read section numbers: "3(a)(1)", "6-1-1701 to -1707", "101, 102"."""
    m = _SECTIONS_RE.match(text, pos, pos + LOCATOR_LIMIT + 1)
    if not m or m.end() - pos > LOCATOR_LIMIT:
        return "", pos
    sections = _SECTION_RANGE_RE.sub(lambda r: " to " if "to" in r[0] else "–", m[0])
    return _LIST_COMMA_RE.sub(", ", sections), m.end()


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
