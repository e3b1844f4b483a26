"""Pandoc-style ``[@key]`` citations: find them, then turn them into footnotes or links.

Footnote text comes from ``bluebook.py`` (re-exported here: ``format_full``, ``fr_cite``, ...).

Syntax: ``[@key]``, ``[@key, p. 4]``, ``[@key, pp. 4-6]``, ``[@a; @b, p. 3]``. A key is letters,
digits and ``-_.:`` that does not end in punctuation. A bracket is not a citation when it is
escaped (``\\[@key]``), inside inline code or a fenced code block, written ``^[@key]`` (an inline
footnote) or followed by ``(`` (a link). Indented code blocks are not recognised as code.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from drafter.errors import CitationError, Location
from drafter.model import Source
from drafter.text.bluebook import (
    bluebook_date,
    case_short_name,
    end_period,
    escape_md,
    format_full,
    format_id,
    format_short,
    fr_cite,
)

__all__ = [  # the formatting functions live in bluebook.py and are re-exported here
    "CITATION_RE",
    "Cite",
    "bluebook_date",
    "citation_keys",
    "find_citations",
    "format_full",
    "format_id",
    "format_short",
    "fr_cite",
    "to_footnotes",
    "to_links",
]

_KEY = r"\w(?:[\w.:\-]*\w)?"
_ITEM = rf"@{_KEY}(?:\s*,[^;\[\]]*)?"
CITATION_RE = re.compile(rf"\[({_ITEM}(?:\s*;\s*{_ITEM})*)\s*\]")
_ITEM_RE = re.compile(rf"@(?P<key>{_KEY})(?:\s*,(?P<loc>[^;\[\]]*))?")

_FENCE_RE = re.compile(r"((?:[ \t]*>)*[ \t]*)(`{3,}|~{3,})(.*)")
_DEF_RE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
_REF_RE = re.compile(r"\[\^([^\]\s]+)\]")
_LINE_PREFIX_RE = re.compile(r"(?:[ \t]|>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
_CODE_MARK_RE = re.compile(r"[\\`]")  # where a code span scan has something to look at


@dataclass(frozen=True)
class Cite:
    """One cited source inside a citation bracket, with its optional locator ("p. 4")."""

    key: str
    locator: str = ""


# ---------------------------------------------------------------- finding citations


def find_citations(
    text: str, code: list[tuple[int, int]] | None = None
) -> list[tuple[int, int, tuple[Cite, ...]]]:
    """Return every citation bracket as (start, end, cites), in order of appearance.

    code: the text's _code_ranges, when the caller has them already.
    """
    if "[@" not in text:  # CITATION_RE's first two characters
        return []
    code = _code_ranges(text) if code is None else code
    found = []
    for m in CITATION_RE.finditer(text):
        start, end = m.span()
        if _escaped(text, start) or _inside(start, code):
            continue
        inline_note = text[start - 1 : start] == "^" and not _escaped(text, start - 1)
        if inline_note or text[end : end + 1] == "(":
            continue
        cites = tuple(
            Cite(i["key"], " ".join((i["loc"] or "").split())) for i in _ITEM_RE.finditer(m[1])
        )
        found.append((start, end, cites))
    return found


def citation_keys(text: str) -> list[tuple[str, int, int]]:
    """Return each cited key with the 1-based line and column of its first character."""
    keys = []
    for start, end, _ in find_citations(text):
        for m in _ITEM_RE.finditer(text, start, end):
            pos = m.start("key")
            line = text.count("\n", 0, pos) + 1
            keys.append((m["key"], line, pos - (text.rfind("\n", 0, pos) + 1) + 1))
    return keys


def _escaped(text: str, pos: int) -> bool:
    """Tell whether the character at pos is preceded by an odd number of backslashes."""
    n = 0
    while pos - n - 1 >= 0 and text[pos - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    """Tell whether pos lies in one of the sorted, disjoint (start, end) ranges."""
    i = bisect.bisect_right(ranges, (pos, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def _lines(text: str) -> list[tuple[int, str]]:
    """Split text on "\n" only (as CommonMark does) into (offset, line) pairs."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _fences(text: str) -> tuple[list[tuple[int, int]], str]:
    """Return the spans of fenced code blocks, and the line that closes one left open at the end.

    A fence opened in a block quote also ends at the first line outside the quote.
    """
    if "```" not in text and "~~~" not in text:  # no line can open a fence
        return [], ""
    spans, fence, start, quoted = [], "", 0, False
    for pos, line in _lines(text):
        m = _FENCE_RE.fullmatch(line.rstrip("\r"))
        if fence and quoted and not line.lstrip().startswith(">"):
            spans.append((start, pos))
            fence = ""
        if not fence and m and not (m[2][0] == "`" and "`" in m[3]):
            fence, start, quoted = m[1] + m[2], pos, ">" in m[1]
        elif fence and m and m[2][0] == fence[-1] and len(m[2]) >= len(fence.lstrip(" \t>")):
            if m[3].strip():
                continue
            spans.append((start, min(pos + len(line) + 1, len(text))))
            fence = ""
    if fence:
        spans.append((start, len(text)))
    return spans, fence if not quoted else ""


def _code_ranges(text: str) -> list[tuple[int, int]]:
    """Return the sorted spans of fenced code blocks and inline code spans."""
    ranges: list[tuple[int, int]] = []
    prose = 0
    for start, end in _fences(text)[0]:
        ranges += [*_code_spans(text, prose, start), (start, end)]
        prose = end
    return ranges + _code_spans(text, prose, len(text))


def _code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the inline code spans between start and end (CommonMark backtick runs)."""
    if text.find("`", start, end) < 0:  # no span, however many backslashes: the usual case
        return []
    spans, i = [], start
    while i < end:
        if text[i] == "\\":
            i += 2
        elif text[i] == "`":
            j = i
            while j < end and text[j] == "`":
                j += 1
            blank = _BLANK_LINE_RE.search(text, j, end)
            close = re.compile(rf"(?<!`)`{{{j - i}}}(?!`)").search(
                text, j, blank.start() if blank else end
            )
            if close:
                spans.append((i, close.end()))
            i = close.end() if close else j
        else:  # jump to the next backslash or backtick (a character loop costs ms per letter)
            found = _CODE_MARK_RE.search(text, i, end)
            i = found.start() if found else end
    return spans


# ---------------------------------------------------------------- footnotes and links


def _source(cite: Cite, sources: Mapping[str, Source], where: str) -> Source:
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


def _inline_notes(text: str, code: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the spans of ``^[inline footnotes]`` outside code."""
    spans = []
    for m in re.finditer(r"\^\[", text):
        if not (_escaped(text, m.start()) or _inside(m.start(), code)):
            end = _matching_bracket(text, m.end())
            if end:
                spans.append((m.start(), end))
    return spans


def _def_blocks(text: str, code: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the spans of footnote definitions: lazy lines, then indented paragraphs."""
    if "[^" not in text:
        return []
    blocks, opened, after_blank = [], -1, False
    for pos, line in _lines(text):
        blank = not line.strip()
        starts = bool(_DEF_RE.match(line)) and not _inside(pos, code)
        if opened >= 0 and (starts or (after_blank and not blank and line[:1] not in " \t")):
            blocks.append((opened, pos))
            opened = -1
        if starts:
            opened = pos
        after_blank = blank
    if opened >= 0:
        blocks.append((opened, len(text)))
    return blocks


def _matching_bracket(text: str, pos: int) -> int:
    """Return the index just past the "]" closing a "[" opened before pos, or 0."""
    depth, i = 1, pos
    while i < len(text):
        if text[i] == "\\":
            i += 1
        elif text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return 0


def _user_note_starts(
    text: str, code: list[tuple[int, int]], inline: list[tuple[int, int]]
) -> list[int]:
    """Return where user footnotes take their numbers: first references and inline notes."""
    starts, seen = [s for s, _ in inline], set()
    if "[^" not in text:
        return starts
    defs = [m for m in re.finditer(_DEF_RE.pattern, text, re.M) if not _inside(m.start(), code)]
    defined, at_defs = {m[1] for m in defs}, {m.end() - 1 for m in defs}
    for m in _REF_RE.finditer(text):
        if m.end() in at_defs or m[1] not in defined or m[1] in seen:
            continue
        if not (_escaped(text, m.start()) or _inside(m.start(), code)):
            seen.add(m[1])
            starts.append(m.start())
    return starts


def _label_prefix(text: str) -> str:
    """Choose a label prefix P such that no "[^P<number>]" appears in text yet."""
    candidates = itertools.chain(["c", "cite"], (f"cite{i}-" for i in itertools.count()))
    return next(p for p in candidates if not re.search(rf"\[\^{re.escape(p)}\d+\]", text))


# A batch cites the same sources in every letter: each form is formatted once per process.
# Sources are frozen, so a changed source is a different key.
_full = functools.lru_cache(maxsize=4096)(format_full)
_short = functools.lru_cache(maxsize=4096)(format_short)


class _Notes:
    """Numbers footnotes in document order and chooses full, short or *Id.* forms."""

    def __init__(self, sources: Mapping[str, Source], where: str, commas: bool):
        self.sources, self.where, self.commas = sources, where, commas
        self.number, self.previous, self.first = 0, "", {}

    def user_note(self) -> None:
        """Count a user's own footnote: it takes a number and breaks an *Id.* chain."""
        self.number += 1
        self.previous = ""

    def cite_note(self, cites: tuple[Cite, ...]) -> str:
        """Count a citation footnote and return its text."""
        self.number += 1
        if len(cites) == 1 and cites[0].key == self.previous:
            return format_id(cites[0].locator, page_commas=self.commas)
        forms = [
            self.one(c) if i == 0 or c.key != cites[i - 1].key else self.id_(c)
            for i, c in enumerate(cites)
        ]
        self.previous = cites[0].key if len(cites) == 1 else ""
        return end_period("; ".join(f.removesuffix(".") for f in forms))

    def id_(self, cite: Cite) -> str:
        """Return "*id.*" for a source repeated right after itself inside one footnote."""
        return format_id(cite.locator, page_commas=self.commas, capital=False)

    def inline(self, cites: tuple[Cite, ...]) -> str:
        """Return the full forms, without the final period, for a citation in a user's note."""
        forms = (format_full(self.source(c), c.locator, page_commas=self.commas) for c in cites)
        return "; ".join(f.removesuffix(".") for f in forms)

    def source(self, cite: Cite) -> Source:
        """Look a cited source up."""
        return _source(cite, self.sources, self.where)

    def one(self, cite: Cite) -> str:
        """Return the full form of a source's first citation and the short form after it."""
        src = self.source(cite)
        if cite.key in self.first:
            return _short(src, self.first[cite.key], cite.locator, page_commas=self.commas)
        self.first[cite.key] = self.number
        return _full(src, cite.locator, page_commas=self.commas)


def to_footnotes(
    markdown: str, sources: Mapping[str, Source], *, page_commas: bool = True, where: str = ""
) -> tuple[str, int]:
    """Replace citations with Markdown footnotes; return the new text and the footnote count.

    Each citation bracket becomes a reference ``[^c1]``, ``[^c2]``, ... (another prefix when the
    text already uses such labels) attached to the preceding word (spaces and tabs before it are
    removed), and its definition is appended at the end. Note numbers count the user's own
    footnotes (first reference of each defined label, and ``^[inline]`` notes) in document order,
    as markdown-it-py's footnote plugin does, so "*supra* note N" matches the printed numbers.
    A single-source note citing the same source as the note just before it is ``*Id.*``; a
    source cited before gets its short form; a bracket with several sources gives one note,
    "A; B.". A citation inside a user's footnote is replaced in place by its full form without
    the final period and takes no number. Unknown keys raise CitationError naming ``where``.
    """
    if "[@" not in markdown:
        return markdown, 0
    code = _code_ranges(markdown)
    spans = find_citations(markdown, code)
    if not spans:
        return markdown, 0
    inline = _inline_notes(markdown, code)
    in_user_notes = sorted(inline + _def_blocks(markdown, code))
    events = [(s, None) for s in _user_note_starts(markdown, code, inline)]
    events = sorted(events + [(span[0], span) for span in spans], key=lambda e: e[0])
    notes, prefix = _Notes(sources, where, page_commas), _label_prefix(markdown)
    out, defs, pos = [], [], 0
    for _, span in events:
        if span is None:
            notes.user_note()
            continue
        start, end, cites = span
        if _inside(start, in_user_notes):
            out += [markdown[pos:start], notes.inline(cites)]
        else:
            defs.append(f"[^{prefix}{len(defs) + 1}]: {notes.cite_note(cites)}")
            out.append(_attach(markdown, pos, (start, end), f"[^{prefix}{len(defs)}]"))
        pos = end
    out.append(markdown[pos:])
    body = "".join(out)
    if not defs:
        return body, 0
    tail = "\n" if body.endswith("\n") else ""
    fence = _fences(body)[1]  # close a code block left open, or it swallows the notes
    body = body.rstrip("\n") + (f"\n{fence}" if fence else "")
    return body + "\n\n" + "\n\n".join(defs) + tail, len(defs)


def _opens_line(text: str, pos: int) -> bool:
    """Tell whether only indentation and list or quote markers precede pos on its line."""
    return bool(_LINE_PREFIX_RE.fullmatch(text, text.rfind("\n", 0, pos) + 1, pos))


def _attach(text: str, pos: int, span: tuple[int, int], ref: str) -> str:
    """Return text[pos:start] and the reference that replaces the citation at span.

    The reference is attached to the preceding word (spaces removed) unless it opens a line or
    would follow "\\", "^" or "!" (an escape, an inline note, an image). A
    backslash after it keeps a following ":" (opening a line) or "[" from turning it into a
    footnote definition or a link.
    """
    start, end = span
    opens = _opens_line(text, start)
    head = text[pos:start]
    if not opens and not head.rstrip(" \t").endswith(("\\", "^", "!")):
        head = head.rstrip(" \t")
    after = text[end : end + 2]
    guard = (after[:1] == ":" and opens) or (after[:1] == "[" and after[1:] not in "^@")
    return head + ref + ("\\" if guard else "")


def to_links(markdown: str, sources: Mapping[str, Source], *, where: str = "") -> str:
    """Replace citations with inline links for op-eds (no footnotes).

    For each source of a citation bracket, its phrase is ``short:`` (for a case without one,
    the first party), else the title. When that phrase occurs (case-insensitively, as whole
    words, outside code and link text) between the start of the citation's paragraph (or the
    end of the previous citation) and the citation, its last occurrence becomes the link
    ``[phrase](url)``. The sources not linked that way are listed after the preceding word as
    `` ([Phrase](url), [Other](url))``. Locators are ignored. A cited source without a ``url:``
    raises CitationError.
    """
    code = _code_ranges(markdown)
    edits: list[tuple[int, int, str]] = []
    floor = 0
    for start, end, cites in find_citations(markdown):
        blank = [m.end() for m in _BLANK_LINE_RE.finditer(markdown, floor, start)]
        seg = max([floor, *blank])
        left = []
        for cite in cites:
            src = _linkable(cite, sources, where)
            phrase = case_short_name(src) if src.type == "case" else src.short or src.title
            hit = _find_phrase(markdown, seg, start, " ".join(phrase.split()), code)
            if hit:
                edits.append((*hit, f"[{markdown[hit[0] : hit[1]]}]({_dest(src.url)})"))
                seg = hit[1]
            else:
                left.append(f"[{escape_md(phrase)}]({_dest(src.url)})")
        cut = len(markdown[:start].rstrip(" \t"))
        edits.append((max(cut, seg), end, f" ({', '.join(left)})" if left else ""))
        floor = end
    for a, b, text in sorted(edits, reverse=True):
        markdown = markdown[:a] + text + markdown[b:]
    return markdown


def _linkable(cite: Cite, sources: Mapping[str, Source], where: str) -> Source:
    """Look a source up for an op-ed link and make sure it has a url."""
    src = _source(cite, sources, where)
    if not src.url:
        raise CitationError(
            f"source '{cite.key}' cited in {where or 'the text'} has no url; op-eds link sources",
            location=src.loc if src.loc.file else Location(file=where),
            hint=f"add a url: to sources.yaml entry {cite.key}",
        )
    return src


def _dest(url: str) -> str:
    """Return a URL as a Markdown link destination, bracketed when it holds parentheses."""
    url = url.strip().replace(" ", "%20")
    return f"<{url}>" if re.search(r"[()]", url) else url


def _find_phrase(
    text: str, start: int, end: int, phrase: str, code: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """Find the last whole-word phrase in text[start:end] outside code, links and autolinks."""
    if not phrase:
        return None
    pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.I)
    for m in reversed(list(pattern.finditer(text, start, end))):
        before = text[start : m.start()]
        if _inside(m.start(), code) or before.count("[") != before.count("]"):
            continue
        if before.count("<") != before.count(">") or re.search(r"[\[\]`*_<>]", m[0]):
            continue
        return m.span()
    return None
