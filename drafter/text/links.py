"""Citations in op-eds: each becomes an inline link on the cited words or the source's name.

Newspapers take links, not footnotes: the phrase a reader clicks is the source's short name
(for a case, its first party) or its title, where the sentence already says it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from drafter.errors import CitationError, Location
from drafter.model import Source
from drafter.text.bluebook import case_short_name, escape_md
from drafter.text.cite_syntax import Cite, code_ranges, inside, refuse_malformed, scan, source_of

__all__ = ["to_links"]

_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")


def to_links(markdown: str, sources: Mapping[str, Source], *, where: str = "") -> str:
    """Replace citations with inline links for op-eds (no footnotes).

    For each source of a citation bracket, its phrase is ``short:`` (for a case without one,
    the first party), else the title. When that phrase occurs (case-insensitively, as whole
    words, outside code and link text) between the start of the citation's paragraph (or the
    end of the previous citation) and the citation, its last occurrence becomes the link
    ``[phrase](url)``. The sources not linked that way are listed after the preceding word as
    `` ([Phrase](url), [Other](url))``. Locators are ignored. A cited source without a ``url:``
    or a malformed citation raises CitationError.
    """
    code = code_ranges(markdown)
    spans, bad = scan(markdown, code)
    refuse_malformed(bad, where)
    edits: list[tuple[int, int, str]] = []
    floor = 0
    for start, end, cites in spans:
        blank = [m.end() for m in _BLANK_LINE_RE.finditer(markdown, floor, start)]
        seg = max([floor, *blank])
        left = []
        for cite in {c.key: c for c in cites}.values():  # a source cited twice links once
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
    src = source_of(cite, sources, where)
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
        if inside(m.start(), code) or before.count("[") != before.count("]"):
            continue
        if before.count("<") != before.count(">") or re.search(r"[\[\]`*_<>]", m[0]):
            continue
        return m.span()
    return None
