"""Citations as an op-ed shows them: a link on the words that make the claim.

Newspapers link facts, not footnotes, and the link sits on words a reader would click: the
source's natural name when the sentence says it ("the OPEN Government Data Act", "Authors
Guild v. Google", "the Senate Commerce Committee"), else the claim itself ("statistical bias
often comes from unrepresentative samples"). Never a parenthetical label such as "(Yang)".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace

from drafter.errors import CitationError, Location, Problem
from drafter.model import Source, Workspace
from drafter.text import readability
from drafter.text.bluebook import case_short_name
from drafter.text.citations import Cite, find_citations
from drafter.text.urls import is_home_page

MAX_LINK_WORDS = 12  # a longer claim is cut to its core ("… found that <claim>")
MIN_CORE_WORDS = 4
_CORE_MARKERS = (" that ", ": ", "; ", ", ", " and ")  # the claim follows these ("X found that …")
_LEADING_JOIN_RE = re.compile(r"^(?:[,;:]\s*)?(?:(?:and|but|or|while|as)\s+)?", re.I)
_CORPORATE_RE = re.compile(r",?\s+(?:Inc\.|LLC|Corp\.|Co\.|Ltd\.|PBC|L\.P\.|LLP)$")
_PAREN_TAIL_RE = re.compile(r"\s*\([^()]*\)\s*$")


def natural_names(src: Source) -> list[str]:
    """The names a sentence may call a source by, most specific first."""
    names = [src.title, _PAREN_TAIL_RE.sub("", src.title)]
    if src.type == "case":
        parties = [_CORPORATE_RE.sub("", p.strip()) for p in src.title.split(" v. ")]
        names += [" v. ".join(parties), case_short_name(src)]
    names += [src.title.split(":")[0], src.title.split(",")[0], src.short]
    names += [src.publisher, src.author, src.publisher.split(",")[0], src.author.split(",")[0]]
    names += [n.replace("Artificial Intelligence", "AI") for n in names if "Artificial" in n]
    out: list[str] = []
    for name in names:
        name = " ".join(name.split())
        if len(name) > 2 and name not in out:
            out.append(name)
    return out


def link_claims(text: str, sources: Mapping[str, Source], *, where: str, loc: Location) -> str:
    """Replace every citation of a Markdown text with links on its claim; errors at loc."""
    edits: list[tuple[int, int, str]] = []
    spans = list(_sentence_spans(text))
    floor = 0
    for start, end, cites in find_citations(text):
        sentence_start = max([s for s, e in spans if s <= start] or [0])
        seg = max(floor, sentence_start)
        unlinked: list[Source] = []
        for cite in cites:
            src = _linkable(cite, sources, where, loc)
            hit = next(
                (h for name in natural_names(src) if (h := _find(text, seg, start, name))), None
            )
            if hit:
                edits.append((hit[0], hit[1], f"[{text[hit[0] : hit[1]]}]({_dest(src.url)})"))
            else:
                unlinked.append(src)
        if unlinked:
            claim = _claim(text, seg, start, [e[:2] for e in edits])
            if claim is None:
                raise CitationError(
                    f"a citation in {where} has no words before it to carry its link",
                    location=loc,
                    hint="put the citation after the sentence it supports",
                )
            if len(text[claim[0] : claim[1]].split()) < len(unlinked):
                raise CitationError(
                    f"a citation in {where} has more sources than words to link",
                    location=loc,
                    hint="name each source in the sentence, or cite fewer sources at once",
                )
            for (a, b), src in zip(
                _split_words(text, *claim, len(unlinked)), unlinked, strict=True
            ):
                edits.append((a, b, f"[{text[a:b]}]({_dest(src.url)})"))
        cut = len(text[:start].rstrip(" \t"))
        edits.append((cut, end, ""))
        floor = end
    for a, b, new in sorted(edits, reverse=True):
        text = text[:a] + new + text[b:]
    return text


def strip_citations(text: str) -> str:
    """The text without its citations, for an outlet that takes no links."""
    for start, end, _ in reversed(find_citations(text)):
        text = text[:start].rstrip() + text[end:]
    return text


def _sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    at = 0
    for sentence in readability.sentences(text):
        start = text.find(sentence, at)
        if start < 0:
            continue
        at = start + len(sentence)
        yield start, at


def _linkable(cite: Cite, sources: Mapping[str, Source], where: str, loc: Location) -> Source:
    src = sources.get(cite.key)
    if src is None:
        raise CitationError(
            f"unknown source '{cite.key}' in {where}",
            location=loc,
            hint="add the source to sources.yaml or fix the key",
        )
    if not src.url:
        raise CitationError(
            f"source '{cite.key}' cited in {where} has no url; op-eds link sources",
            location=loc,
            hint=f"add a url: to sources.yaml entry {cite.key}"
            + (f" ({src.loc})" if src.loc.file else ""),
        )
    return src


def _find(text: str, start: int, end: int, name: str) -> tuple[int, int] | None:
    """The last whole-word occurrence of a name in text[start:end], outside links and code."""
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.I)
    for m in reversed(list(pattern.finditer(text, start, end))):
        before = text[start : m.start()]
        if before.count("[") != before.count("]") or before.count("`") % 2:
            continue
        return m.span()
    return None


def _claim(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of the claim words before a citation: the sentence, cut to its core if long."""
    for a, b in taken:  # not across a link already made in this sentence
        if start <= a < end:
            start = max(start, b)
    segment = text[start:end]
    lead = _LEADING_JOIN_RE.match(segment.lstrip())
    start += len(segment) - len(segment.lstrip()) + (lead.end() if lead else 0)
    while end > start and text[end - 1] in " \t\n.,;:":
        end -= 1
    if len(text[start:end].split()) > MAX_LINK_WORDS:
        start = _core(text, start, end)
        lead = _LEADING_JOIN_RE.match(text[start:end])
        start += lead.end() if lead else 0
    if not readability.words(text[start:end]) or "[" in text[start:end]:
        return None
    return start, end


def _core(text: str, start: int, end: int) -> int:
    """Where the core of a long claim starts: after the last "that" (or colon, semicolon,
    comma, "and") that leaves at least a few words, else where it started."""
    for marker in _CORE_MARKERS:
        at = text.rfind(marker, start, end)
        while at >= 0:
            core = at + len(marker)
            if len(text[core:end].split()) >= MIN_CORE_WORDS:
                return core
            at = text.rfind(marker, start, at)
    return start


def _split_words(text: str, start: int, end: int, parts: int) -> list[tuple[int, int]]:
    """Cut a span into ``parts`` runs of whole words (one link per source of a bracket)."""
    words = [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]
    size = len(words) / parts
    return [(words[round(i * size)][0], words[round((i + 1) * size) - 1][1]) for i in range(parts)]


def _dest(url: str) -> str:
    """A URL as a Markdown link destination, bracketed when it holds parentheses or spaces."""
    url = url.strip().replace(" ", "%20")
    return f"<{url}>" if re.search(r"[()]", url) else url


def home_page_warnings(ws: Workspace) -> list[Problem]:
    """A warning for each source an op-ed may cite whose URL is a bare home page: the link
    would show the site, not the claim."""
    cited: dict[str, list[str]] = {}
    for position in ws.positions.values():
        texts = [(position.stance, position.id), (position.kicker, position.id)]
        for arg in position.arguments:
            texts.append((arg.short or arg.text, f"{position.id}/{arg.id}"))
        texts += [(f"{c.concern} {c.response}", position.id) for c in position.concerns]
        for text, where in texts:
            for _, _, cites in find_citations(text):
                for cite in cites:
                    places = cited.setdefault(cite.key, [])
                    if where not in places:
                        places.append(where)
    out = []
    for key, places in cited.items():
        src = ws.sources.get(key)
        if src is None or not is_home_page(src.url):
            continue
        shown = ", ".join(places[:3]) + (f" and {len(places) - 3} more" if len(places) > 3 else "")
        out.append(
            Problem(
                f"source '{key}' links op-eds to a bare home page, {src.url} (cited in {shown})",
                replace(src.loc, path=f"{key}.url") if src.loc.file else Location(),
                "give the url of the page that shows the claim: the article, report or ruling",
                severity="warning",
            )
        )
    return out
