"""Pandoc-style ``[@key]`` citations: find them, format them Bluebook-like, make footnotes or links.

Syntax: ``[@key]``, ``[@key, p. 4]``, ``[@key, pp. 4-6]``, ``[@a; @b, p. 3]``. A key is letters,
digits and ``-_.:`` that does not end in punctuation. A bracket is not a citation when it is
escaped (``\\[@key]``), inside inline code or a fenced code block, written ``^[@key]`` (an inline
footnote) or followed by ``(`` (a link). Indented code blocks are not recognised as code.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import CitationError, Location
from .models import Source

_KEY = r"\w(?:[\w.:\-]*\w)?"
_ITEM = rf"@{_KEY}(?:\s*,[^;\[\]]*)?"
CITATION_RE = re.compile(rf"\[({_ITEM}(?:\s*;\s*{_ITEM})*)\s*\]")
_ITEM_RE = re.compile(rf"@(?P<key>{_KEY})(?:\s*,(?P<loc>[^;\[\]]*))?")

_FENCE_RE = re.compile(r"^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})(.*)$")
_DEF_RE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
_REF_RE = re.compile(r"\[\^([^\]\s]+)\]")
_LINE_PREFIX_RE = re.compile(r"(?:[ \t]|>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")

_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
           "Dec.")  # fmt: skip
_REPORTER_RE = re.compile(
    r"(?P<vol>\d+)\s+(?P<rep>[^\d\s§(][^§(]*?)\s+(?P<page>\d+(?:,\d{3})*)(?P<rest>.*)"
)
_NUMBER_RE = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b")
_TRAILING_PAREN_RE = re.compile(r"\s*(\([^()]*\))\s*$")
_PAGE_LOC_RE = re.compile(r"(?:(?:pp?\.|pages?|at)\s*)?(\d[\d,\s\-–]*\d|\d)")
_PAREN_LOC_RE = re.compile(r"(?:prepared )?(?:statement|testimony|remarks|comments?) of\b.*")
_CORPORATE_RE = re.compile(r",?\s+(?:Inc\.|LLC|L\.L\.C\.|Corp\.|Co\.|Ltd\.|L\.P\.|LLP|N\.A\.)$")
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>])")
_AUTOLINK_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*")


@dataclass(frozen=True)
class Cite:
    """One cited source inside a citation bracket, with its optional locator ("p. 4")."""

    key: str
    locator: str = ""


# ---------------------------------------------------------------- finding citations


def find_citations(text: str) -> list[tuple[int, int, tuple[Cite, ...]]]:
    """Return every citation bracket as (start, end, cites), in order of appearance."""
    code = _code_ranges(text)
    found = []
    for m in CITATION_RE.finditer(text):
        start, end = m.span()
        if _escaped(text, start) or _inside(start, code):
            continue
        if text[start - 1 : start] == "^" or text[end : end + 1] == "(":
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


def _code_ranges(text: str) -> list[tuple[int, int]]:
    """Return the sorted spans of fenced code blocks and inline code spans."""
    ranges: list[tuple[int, int]] = []
    fence, fence_start, prose_start = "", 0, 0
    for pos, line in _lines(text):
        m = _FENCE_RE.match(line.rstrip("\r"))
        if not fence and m and not (m[1][0] == "`" and "`" in m[2]):
            ranges += _code_spans(text, prose_start, pos)
            fence, fence_start = m[1], pos
        elif fence and m and m[1][0] == fence[0] and len(m[1]) >= len(fence) and not m[2].strip():
            prose_start = min(pos + len(line) + 1, len(text))
            ranges.append((fence_start, prose_start))
            fence = ""
    if fence:
        ranges.append((fence_start, len(text)))
    else:
        ranges += _code_spans(text, prose_start, len(text))
    return ranges


def _code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the inline code spans between start and end (CommonMark backtick runs)."""
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
        else:
            i += 1
    return spans


# ---------------------------------------------------------------- formatting


def bluebook_date(date: dt.date, *, day: bool = True) -> str:
    """Format a date with Bluebook month abbreviations: "Aug. 30, 2023" or "Aug. 2023"."""
    month = _MONTHS[date.month - 1]
    return f"{month} {date.day}, {date.year}" if day else f"{month} {date.year}"


def _group(number: str, commas: bool) -> str:
    """Put thousands commas in a number of five or more digits (Bluebook R6.2(a)), else none."""
    digits = number.replace(",", "")
    if not commas or len(digits) < 5:
        return digits
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


def _group_all(text: str, commas: bool) -> str:
    """Apply the Bluebook comma rule to every number in text."""
    return _NUMBER_RE.sub(lambda m: _group(m[0], commas), text)


def fr_cite(citation: str, date: dt.date | None = None, *, page_commas: bool = True) -> str:
    """Normalize a reporter citation ("88 Fed. Reg. 59942") and append its date when given."""
    text = " ".join(citation.split())
    m = _REPORTER_RE.fullmatch(text)
    if m:
        rest = m["rest"]
        cut = rest.find("(") if "(" in rest else len(rest)
        rest = _group_all(rest[:cut], page_commas) + rest[cut:]
        text = f"{m['vol']} {m['rep']} {_group(m['page'], page_commas)}{rest}"
    if date is not None and not re.search(r"\([^()]*\d{4}\)$", text):
        text = f"{text} ({bluebook_date(date)})"
    return text


@dataclass(frozen=True)
class _Pin:
    """A parsed locator: a page pin, a parenthetical ("statement of X"), or other text."""

    page: str = ""
    paren: str = ""
    other: str = ""

    @classmethod
    def parse(cls, locator: str, commas: bool) -> _Pin:
        """Classify a locator and apply the comma rule to page numbers."""
        if m := _PAGE_LOC_RE.fullmatch(locator):
            return cls(page=_group_all(m[1], commas))
        if _PAREN_LOC_RE.fullmatch(locator):
            return cls(paren=locator)
        return cls(other=locator)

    def lead(self, page_lead: str = ", at ", other_lead: str = ", ") -> str:
        """Return the pin as text that follows a title or citation."""
        if self.page:
            return page_lead + self.page
        return other_lead + self.other if self.other else ""

    def tail(self) -> str:
        """Return the parenthetical part of the pin, if any."""
        return f" ({self.paren})" if self.paren else ""


def _md(text: str) -> str:
    """Escape Markdown punctuation in a plain-text field and collapse its whitespace."""
    return _MD_SPECIAL_RE.sub(r"\\\1", " ".join(text.split()))


def _url(url: str) -> str:
    """Return a URL as a Markdown autolink (or a link when it cannot be one)."""
    url = url.strip().replace(" ", "%20")
    return f"<{url}>" if _AUTOLINK_RE.fullmatch(url) else f"[{_md(url)}]({url})"


def _end(text: str) -> str:
    """End footnote text with exactly one period."""
    text = text.strip()
    return text if text.rstrip("*_").endswith(".") else f"{text}."


def _split_paren(citation: str) -> tuple[str, str]:
    """Split "593 U.S. 1 (2021)" into ("593 U.S. 1", "(2021)")."""
    citation = " ".join(citation.split())
    m = _TRAILING_PAREN_RE.search(citation)
    return (citation[: m.start()], m[1]) if m else (citation, "")


def _join(*parts: str) -> str:
    """Join the non-empty parts with commas."""
    return ", ".join(p for p in parts if p)


def _date_paren(src: Source, *, day: bool = True, before: str = "") -> str:
    """Return " (Publisher Aug. 30, 2023)" from the parts that exist, or ""."""
    inside = " ".join(
        p for p in (before, bluebook_date(src.date, day=day) if src.date else "") if p
    )
    return f" ({inside})" if inside else ""


def format_full(src: Source, locator: str = "", *, page_commas: bool = True) -> str:
    """Format the first citation of a source as Markdown footnote text ending with a period."""
    pin = _Pin.parse(locator, page_commas)
    if src.full:
        return _end(src.full.strip().rstrip(".") + pin.lead() + pin.tail())
    if src.type in ("case", "notice"):
        return _end(_reporter_full(src, pin, page_commas))
    if src.type == "statute":
        return _end(_statute(src, pin))
    if not locator and src.pages:
        pin = _Pin(page=_group_all(src.pages, page_commas))
    title, author, url = f"*{_md(src.title)}*", _md(src.author), _url(src.url) if src.url else ""
    extra = " ".join(src.citation.split())
    if src.type == "hearing":
        body = _join(title, author, extra) + pin.lead() + _date_paren(src)
    elif src.type == "report":
        publisher = _md(src.publisher) if src.publisher != src.author else ""
        body = (
            _join(author, title, extra) + pin.lead() + _date_paren(src, day=False, before=publisher)
        )
    else:  # article, web
        body = _join(author, title, _md(src.publisher), extra) + pin.lead() + _date_paren(src)
    return _end(_join(body + pin.tail(), url))


def _reporter_full(src: Source, pin: _Pin, commas: bool) -> str:
    """Format a case or a Federal Register notice: title, reporter cite with pin, date."""
    core, paren = _split_paren(src.citation)
    title = f"*{_md(src.title)}*" if src.type == "case" else _md(src.title)
    head = title if src.type == "case" else _join(_md(src.author), title)
    if not core:
        url = _url(src.url) if src.url else ""
        return _join(head + pin.lead() + _date_paren(src) + pin.tail(), url)
    if not paren and src.date:
        paren = f"({src.date.year})" if src.type == "case" else f"({bluebook_date(src.date)})"
    cite = fr_cite(core + pin.lead(", "), page_commas=commas)
    return _join(head, cite) + (f" {paren}" if paren else "") + pin.tail()


def _statute(src: Source, pin: _Pin) -> str:
    """Format a statute: citation (or title), subsection or pin, then its year if dated."""
    core, paren = _split_paren(src.citation or _md(src.title))
    if not paren and src.date:
        paren = f"({src.date.year})"
    text = core + (pin.other if pin.other.startswith("(") else pin.lead())
    return text + (f" {paren}" if paren else "") + pin.tail()


def case_short_name(src: Source) -> str:
    """Return a case's short name: ``short:``, else the first party without "LLC", "Inc."."""
    if src.short:
        return src.short
    parties = [p.strip() for p in src.title.split(" v. ")]
    name = (
        parties[1] if len(parties) > 1 and parties[0] in ("United States", "U.S.") else parties[0]
    )
    while (m := _CORPORATE_RE.search(name)) and m.start() > 0:
        name = name[: m.start()]
    return name


def format_short(
    src: Source, first_note: int, locator: str = "", *, page_commas: bool = True
) -> str:
    """Format a later citation: case short form, statute again, or "*supra* note N"."""
    pin = _Pin.parse(locator, page_commas)
    if src.type == "statute" or (src.full and not src.short):  # statutes take no supra
        return format_full(src, locator, page_commas=page_commas)
    supra = f"*supra* note {first_note}"
    if src.full:
        return _end(_join(src.short, supra) + pin.lead() + pin.tail())
    if src.type == "case":
        name = f"*{_md(case_short_name(src))}*"
        m = _REPORTER_RE.fullmatch(_split_paren(src.citation)[0])
        if m:
            at = f" at {pin.page}" if pin.page else f" {_group(m['page'], page_commas)}"
            return _end(_join(name, f"{m['vol']} {m['rep']}{at}", pin.other) + pin.tail())
        return _end(_join(name, supra) + pin.lead() + pin.tail())
    short = _md(src.short or src.title)
    if src.type == "notice":
        head = _join(_md(src.author), short)
    elif src.type == "hearing":
        head = f"*{short}*"
    else:
        head = _join(_md(src.author), f"*{short}*")
    return _end(_join(head, supra) + pin.lead() + pin.tail())


def format_id(locator: str = "", *, page_commas: bool = True, capital: bool = True) -> str:
    """Format a citation to the source cited just before: "*Id.*", "*Id.* at 4."."""
    pin = _Pin.parse(locator, page_commas)
    return _end(("*Id.*" if capital else "*id.*") + pin.lead(" at ", " ") + pin.tail())


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
    defs = [m for m in re.finditer(_DEF_RE.pattern, text, re.M) if not _inside(m.start(), code)]
    defined, at_defs = {m[1] for m in defs}, {m.end() - 1 for m in defs}
    starts, seen = [s for s, _ in inline], set()
    for m in _REF_RE.finditer(text):
        if m.end() in at_defs or m[1] not in defined or m[1] in seen:
            continue
        if not (_escaped(text, m.start()) or _inside(m.start(), code)):
            seen.add(m[1])
            starts.append(m.start())
    return starts


def _label_prefix(text: str) -> str:
    """Choose a footnote label prefix no user label in text starts a numbered label with."""
    for prefix in ("c", "cite", "cite-", "drafter-cite-"):
        if not re.search(rf"\[\^{re.escape(prefix)}\d+\]", text):
            return prefix
    return "drafter-cite-" + str(len(text))


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
        return _end("; ".join(f.removesuffix(".") for f in forms))

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
            return format_short(src, self.first[cite.key], cite.locator, page_commas=self.commas)
        self.first[cite.key] = self.number
        return format_full(src, cite.locator, page_commas=self.commas)


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
    spans = find_citations(markdown)
    if not spans:
        return markdown, 0
    code = _code_ranges(markdown)
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
    return body.rstrip("\n") + "\n\n" + "\n\n".join(defs) + tail, len(defs)


def _opens_line(text: str, pos: int) -> bool:
    """Tell whether only indentation and list or quote markers precede pos on its line."""
    return bool(_LINE_PREFIX_RE.fullmatch(text, text.rfind("\n", 0, pos) + 1, pos))


def _attach(text: str, pos: int, span: tuple[int, int], ref: str) -> str:
    """Return text[pos:start] and the reference that replaces the citation at span.

    The reference is attached to the preceding word (spaces removed) unless it opens a line. A
    backslash after it keeps a following ":" (opening a line) or "[" from turning it into a
    footnote definition or a link.
    """
    start, end = span
    opens = _opens_line(text, start)
    head = text[pos:start] if opens else text[pos:start].rstrip(" \t")
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
                left.append(f"[{_md(phrase)}]({_dest(src.url)})")
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
