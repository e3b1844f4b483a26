"""Citations in Markdown: turn them into numbered Bluebook footnotes (letters) or links (op-eds).

The syntax is pandoc's (``cite_syntax.py``); the footnote text is Bluebook's (``bluebook.py``).
A footnote's forms: the full citation the first time a source is cited, its short form after,
*Id.* when the note just before cited that source alone. Signals ("see", "cf.", "but see")
are italicized and kept in the order written; citations of another kind of signal start a new
citation sentence. The footnote call stands after the period, comma, semicolon, question mark or
closing quotation mark that follows the citation (Bluebook R1.1; as pandoc does for notes).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from drafter.model import Source
from drafter.text.bluebook import format_full, format_id, format_short, without_hereinafter
from drafter.text.case_names import italicize_case_names
from drafter.text.cite_syntax import (
    Cite,
    Span,
    citation_keys,
    citation_problems,
    code_ranges,
    fences,
    find_citations,
    inside,
    refuse_malformed,
    scan,
    source_of,
)
from drafter.text.links import to_links

__all__ = [
    "Cite",
    "CitedNote",
    "Footnoted",
    "citation_keys",
    "citation_problems",
    "cite_footnotes",
    "find_citations",
    "to_footnotes",
    "to_links",
]


# A label holds no "[": each match attempt stops at the next bracket (linear on "[^[^[^…").
_DEF_RE = re.compile(r"^ {0,3}\[\^([^\]\s\[]+)\]:")
_REF_RE = re.compile(r"\[\^([^\]\s\[]+)\]")
_LINE_PREFIX_RE = re.compile(r"(?:[ \t]|>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
# What a footnote call moves past: closing emphasis, then the punctuation that ends a clause
# and the quotation marks that close it ("serve."¹). A straight ' followed by a letter is an
# apostrophe ("[@a]'s") and stays.
_TRAIL_RE = re.compile(r"[*_]{0,3}(?:[.,;!?…]|[\"”’»]|'(?![A-Za-z]))+")

# Signals (Bluebook R1.2), by kind: citations of another kind start a new citation sentence.
_SIGNALS = {
    "e.g.": "support", "accord": "support", "see": "support", "see also": "support",
    "cf.": "support", "see, e.g.": "support", "see also, e.g.": "support",
    "cf., e.g.": "support", "compare": "compare", "with": "with", "contra": "contra",
    "but see": "contra", "but cf.": "contra", "but see, e.g.": "contra",
    "see generally": "background",
}  # fmt: skip


@dataclass(frozen=True)
class CitedNote:
    """One footnote made from a citation: its number, its text, and each source's form."""

    number: int
    text: str
    cites: tuple[tuple[Cite, str], ...]  # (cite, "full" | "short" | "id")
    offset: int  # where the citation stood in the Markdown it was read from
    forms: tuple[str, ...] = ()  # each cite's form as printed, without signal or period


@dataclass(frozen=True)
class Footnoted:
    """Markdown with its citations turned into footnotes, and what each footnote holds."""

    markdown: str
    notes: tuple[CitedNote, ...]


# ---------------------------------------------------------------- signals and sentences


def _signal(prefix: str) -> tuple[str, str]:
    """Return (the signal's words as written, its kind), or ("", "") for other prefixes."""
    plain = " ".join(prefix.replace("*", "").replace("_", " ").split()).rstrip(",").strip()
    kind = _SIGNALS.get(plain.lower(), "")
    return (plain, kind) if kind else ("", "")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(parts: list[tuple[Cite, str]], *, end: bool = True) -> str:
    """Join each cite's form with its signal: "*See* A, at 3; *cf.* B. *But see* C"."""
    out: list[str] = []
    kind_before = ""
    for i, (cite, form) in enumerate(parts):
        words, kind = _signal(cite.prefix)
        kind = kind or ("" if cite.prefix else "support")
        opens = i == 0 or (kind not in ("with", kind_before) and kind != "")
        if i and kind == "with":
            out.append(", ")
        elif i:
            out.append(". " if opens and kind != kind_before else "; ")
        if words:
            comma = "," if words.lower().endswith("e.g.") else ""
            head = _capital(words) if opens and kind != "with" else words.lower()
            if form.startswith("*Id.*") and not comma:
                out.append(f"*{head} id.*{form[5:]}")  # "*See id.* at 4"
            else:
                out.append(f"*{head}*{comma} {_lower_id(form)}")
        elif cite.prefix:
            prefix = " ".join(cite.prefix.split())
            out.append(f"{_capital(prefix) if opens else prefix} {_lower_id(form)}")
        else:
            out.append(form if opens or not form.startswith("*Id.*") else _lower_id(form))
        kind_before = "compare" if kind == "with" else kind or kind_before
    text = "".join(out).strip()
    return text if not end or text.rstrip("*_").endswith(".") else f"{text}."


def _lower_id(form: str) -> str:
    """After a signal or inside a sentence, *Id.* is written *id.*."""
    return "*id.*" + form[5:] if form.startswith("*Id.*") else form


# ---------------------------------------------------------------- numbering notes


# A batch cites the same sources in every letter: each form is formatted once per process.
_full = functools.lru_cache(maxsize=4096)(format_full)
_short = functools.lru_cache(maxsize=4096)(format_short)


class _Notes:
    """Numbers footnotes in document order and chooses full, short or *Id.* forms."""

    def __init__(
        self,
        sources: Mapping[str, Source],
        where: str,
        commas: bool,
        shortened: frozenset[str] | None = None,
    ):
        self.sources, self.where, self.commas = sources, where, commas
        # The keys some later note cites in short form; None until a first pass has told.
        self.shortened = shortened
        self.number, self.previous = 0, ""
        self.first: dict[str, int] = {}
        self.records: list[CitedNote] = []

    def user_note(self) -> None:
        """Count a user's own footnote: it takes a number and breaks an *Id.* chain."""
        self.number += 1
        self.previous = ""

    def cite_note(self, cites: tuple[Cite, ...], offset: int) -> str:
        """Count a citation footnote and return its text."""
        self.number += 1
        parts = [(c, *self.form(c, i, cites)) for i, c in enumerate(cites)]
        self.previous = cites[0].key if len({c.key for c in cites}) == 1 else ""
        text = _sentence([(c, form) for c, form, _ in parts])
        cites_used = tuple((c, kind) for c, _, kind in parts)
        forms = tuple(form for _, form, _ in parts)
        self.records.append(CitedNote(self.number, text, cites_used, offset, forms))
        return text

    def form(self, cite: Cite, i: int, cites: tuple[Cite, ...]) -> tuple[str, str]:
        """The form of one cite in a note, and which form it is."""
        src = source_of(cite, self.sources, self.where)
        if (i == 0 and cite.key == self.previous) or (i and cites[i - 1].key == cite.key):
            return format_id(cite.locator, suffix=cite.suffix, commas=self.commas), "id"
        if cite.key in self.first:
            args = (src, self.first[cite.key], cite.locator)
            return _short(*args, suffix=cite.suffix, commas=self.commas, bare=cite.bare), "short"
        self.first[cite.key] = self.number
        text = _full(src, cite.locator, suffix=cite.suffix, commas=self.commas, bare=cite.bare)
        if self.shortened is not None and cite.key not in self.shortened:
            text = without_hereinafter(text, src)  # Bluebook: no short title nothing uses
        return text, "full"

    def inline(self, cites: tuple[Cite, ...]) -> str:
        """Return the full forms, without the final period, for a citation in a user's note."""
        parts = []
        for cite in cites:
            src = source_of(cite, self.sources, self.where)
            form = format_full(src, cite.locator, suffix=cite.suffix, commas=self.commas)
            parts.append((cite, form))
        return _sentence(parts, end=False)


# ---------------------------------------------------------------- footnotes


def to_footnotes(
    markdown: str, sources: Mapping[str, Source], *, page_commas: bool = True, where: str = ""
) -> tuple[str, int]:
    """Replace citations with Markdown footnotes; return the new text and the footnote count."""
    done = cite_footnotes(markdown, sources, page_commas=page_commas, where=where)
    return done.markdown, len(done.notes)


def cite_footnotes(
    markdown: str, sources: Mapping[str, Source], *, page_commas: bool = True, where: str = ""
) -> Footnoted:
    """Replace citations with Markdown footnotes in Bluebook form.

    Each citation bracket becomes a reference ``[^c1]``, ``[^c2]``, ... (another prefix when
    the text already uses such labels), placed after the word before it and after any closing
    punctuation that follows it; its definition is appended at the end. Note numbers count the
    user's own footnotes (first reference of each defined label, and ``^[inline]`` notes) in
    document order, as markdown-it-py's footnote plugin does, so "*supra* note N" matches the
    printed numbers. A citation inside a user's footnote is replaced in place by its full form
    and takes no number. Names of the cited cases are italicized in the text. A malformed
    citation or an unknown key raises CitationError naming ``where``.
    """
    if "@" not in markdown:
        return Footnoted(markdown, ())
    spans, bad = scan(markdown)
    refuse_malformed(bad, where)
    if not spans:
        return Footnoted(markdown, ())
    cited = {c.key for _, _, cites in spans for c in cites}
    cases = [sources[k] for k in sorted(cited) if k in sources and sources[k].type == "case"]
    if cases:
        markdown = italicize_case_names(markdown, cases)
        spans = scan(markdown)[0]
    code = code_ranges(markdown)
    inline = _inline_notes(markdown, code)
    in_user_notes = sorted(inline + _def_blocks(markdown, code))
    events: list[tuple[int, Span | None]] = [
        (s, None) for s in _user_note_starts(markdown, code, inline)
    ]
    events = sorted(events + [(span[0], span) for span in spans], key=lambda e: e[0])
    prefix = _label_prefix(markdown)
    place = functools.partial(_place, markdown, events, in_user_notes, prefix)
    notes = _Notes(sources, where, page_commas)
    out, defs = place(notes)
    # A "[hereinafter …]" is for a later short form: a second pass leaves it off the first
    # citation of every source that no later note shortens.
    shortened = frozenset(c.key for r in notes.records for c, kind in r.cites if kind == "short")
    introduced = {c.key for r in notes.records for c, kind in r.cites if kind == "full"}
    if introduced - shortened:
        notes = _Notes(sources, where, page_commas, shortened)
        out, defs = place(notes)
    body = _punctuation_first("".join(out), prefix)
    if not defs:
        return Footnoted(body, ())
    tail = "\n" if body.endswith("\n") else ""
    fence = fences(body)[1]  # close a code block left open, or it swallows the notes
    body = body.rstrip("\n") + (f"\n{fence}" if fence else "")
    return Footnoted(body + "\n\n" + "\n\n".join(defs) + tail, tuple(notes.records))


def _place(
    markdown: str,
    events: list[tuple[int, Span | None]],
    in_user_notes: list[tuple[int, int]],
    prefix: str,
    notes: _Notes,
) -> tuple[list[str], list[str]]:
    """The text cut at each citation with its footnote call placed, and the definitions."""
    out: list[str] = []
    defs: list[str] = []
    pos = 0
    for _, span in events:
        if span is None:
            notes.user_note()
            continue
        start, end, cites = span
        if start < pos:
            continue  # its text went with a moved punctuation run
        if inside(start, in_user_notes):
            out += [markdown[pos:start], notes.inline(cites)]
            pos = end
            continue
        defs.append(f"[^{prefix}{len(defs) + 1}]: {notes.cite_note(cites, start)}")
        text, pos = _attach(markdown, pos, (start, end), f"[^{prefix}{len(defs)}]")
        out.append(text)
    out.append(markdown[pos:])
    return out, defs


def _punctuation_first(body: str, prefix: str) -> str:
    """Adjacent citations share one place: "A.[^c1][^c2]", not "A[^c1].[^c2]"."""
    ref = rf"\[\^{re.escape(prefix)}\d+\]"
    pattern = re.compile(rf"((?:{ref})+)([.,;!?…\"”’»]+)(?={ref})")
    return pattern.sub(lambda m: m[2] + m[1], body)


# An inline note, "^[text]", whose text may hold one level of brackets ("^[see [@a]]").
# The classes of each alternative start differently, so each character is read once.
_INLINE_NOTE_RE = re.compile(r"\^\[(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*\]", re.S)


def _inline_notes(text: str, code: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the spans of ``^[inline footnotes]`` outside code."""
    if "^[" not in text:
        return []
    return [
        m.span()
        for m in _INLINE_NOTE_RE.finditer(text)
        if not (_escaped(text, m.start()) or inside(m.start(), code))
    ]


def _escaped(text: str, pos: int) -> bool:
    n = 0
    while pos - n - 1 >= 0 and text[pos - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _def_blocks(text: str, code: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the spans of footnote definitions: lazy lines, then indented paragraphs."""
    if "[^" not in text:
        return []
    blocks, opened, after_blank, pos = [], -1, False, 0
    for line in text.split("\n"):
        blank = not line.strip()
        starts = bool(_DEF_RE.match(line)) and not inside(pos, code)
        if opened >= 0 and (starts or (after_blank and not blank and line[:1] not in " \t")):
            blocks.append((opened, pos))
            opened = -1
        if starts:
            opened = pos
        after_blank = blank
        pos += len(line) + 1
    if opened >= 0:
        blocks.append((opened, len(text)))
    return blocks


def _user_note_starts(
    text: str, code: list[tuple[int, int]], inline: list[tuple[int, int]]
) -> list[int]:
    """Return where user footnotes take their numbers: first references and inline notes."""
    starts, seen = [s for s, _ in inline], set()
    if "[^" not in text:
        return starts
    defs = [m for m in re.finditer(_DEF_RE.pattern, text, re.M) if not inside(m.start(), code)]
    defined, at_defs = {m[1] for m in defs}, {m.end() - 1 for m in defs}
    for m in _REF_RE.finditer(text):
        if m.end() in at_defs or m[1] not in defined or m[1] in seen:
            continue
        if not (_escaped(text, m.start()) or inside(m.start(), code)):
            seen.add(m[1])
            starts.append(m.start())
    return starts


def _label_prefix(text: str) -> str:
    """Choose a label prefix P such that no "[^P<number>]" appears in text yet."""
    candidates = itertools.chain(["c", "cite"], (f"cite{i}-" for i in itertools.count()))
    return next(p for p in candidates if not re.search(rf"\[\^{re.escape(p)}\d+\]", text))


def _opens_line(text: str, pos: int) -> bool:
    """Tell whether only indentation and list or quote markers precede pos on its line."""
    return bool(_LINE_PREFIX_RE.fullmatch(text, text.rfind("\n", 0, pos) + 1, pos))


def _attach(text: str, pos: int, span: tuple[int, int], ref: str) -> tuple[str, int]:
    """Return text[pos:start] with the reference that replaces the citation, and where to go on.

    The reference is attached to the preceding word (spaces removed) and moved after the
    punctuation that follows the citation, unless the citation opens a line or would follow
    "\\", "^" or "!" (an escape, an inline note, an image). A backslash after it keeps a
    following ":" (opening a line) or "[" from turning it into a definition or a link.
    """
    start, end = span
    opens = _opens_line(text, start)
    head = text[pos:start]
    special = head.rstrip(" \t").endswith(("\\", "^", "!"))
    if not (opens or special):
        head = head.rstrip(" \t")
    trail = _TRAIL_RE.match(text, end)
    if trail and trail[0].lstrip("*_"):  # the call goes after the punctuation, never after "!"
        head, end = head + trail[0], trail.end()
    after = text[end : end + 2]
    guard = (
        (after[:1] == ":" and opens)
        or after[:1] == "("
        or (after[:1] == "[" and after[1:] not in "^@")
    )
    return head + ref + ("\\" if guard else ""), end
