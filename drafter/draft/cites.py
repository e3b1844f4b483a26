"""The cite check: every source, where it is cited, its first and later forms, and what a
reviewer would question before the letter is filed.

Warnings: a url that is a site's home page; a direct quotation cited without a pinpoint to a
paginated source; a web page or article without a date; a statute cited as a bill; a case
named in roman type in the text; two works of one author told apart only by note number; a
source never cited. (A bill marked "(enacted)" is an error of ``drafter check``.)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from drafter.compose.requests import LetterRequest
from drafter.draft.check import locate_in_file
from drafter.draft.common import Engine
from drafter.draft.letter import draft_letter
from drafter.errors import Location, Problem
from drafter.model import Prose, Source, Workspace
from drafter.text.bluebook import (
    case_short_name,
    format_full,
    format_short,
    hereinafter,
)
from drafter.text.cite_syntax import code_ranges, find_citations
from drafter.text.pins import Reporter, split_parens
from drafter.text.urls import is_home_page

# A quotation: straight or curly double quotes around at least one letter.
_QUOTE_RE = re.compile(r"[\"“][^\"“”\n]*[A-Za-z][^\"“”\n]*[\"”]")
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z“\"(*_])")
_BILL_RE = re.compile(r"(?:S|H\.R|H\.R\.|S\.B|H\.B|A\.B|S\.J\. Res|H\.J\. Res)\.? ?\d")


@dataclass
class SourceRow:
    """One source in the report."""

    source: Source
    cited_at: list[Location] = field(default_factory=list)  # the prose that cites it
    notes: dict[str, list[int]] = field(default_factory=dict)  # letter → its note numbers
    first: str = ""  # the first form, as a letter prints it
    later: str = ""  # a later form
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.source.key


@dataclass
class CiteReport:
    """Every source with its uses and warnings; the warnings again, located, for the CLI."""

    scope: str
    rows: list[SourceRow]
    problems: list[Problem]


def letters_of(ws: Workspace, today: dt.date) -> list[LetterRequest]:
    """One letter per docket of every agency (a general letter where an agency has none)."""
    requests = []
    for agency in sorted(ws.agencies.values(), key=lambda a: a.id):
        dockets = [d.id for d in agency.dockets] or [""]
        requests += [LetterRequest(agency.id, d, today=today) for d in dockets]
    return requests


def cite_report(
    ws: Workspace, letters: Sequence[LetterRequest] = (), *, scope: str = "workspace"
) -> CiteReport:
    """Check every source of ws; with letters, draft each and report its notes and forms."""
    rows = {key: SourceRow(src) for key, src in sorted(ws.sources.items())}
    problems: list[Problem] = []
    for key, loc in _prose_citations(ws):
        if key in rows:
            rows[key].cited_at.append(loc)
    engine = Engine(ws) if letters else None
    for request in letters:
        draft = draft_letter(ws, request, engine=engine)
        name = f"{request.agency} {draft.fields.get('docket', '')}".strip()
        for note in draft.citations:
            for (cite, kind), form in zip(note.cites, note.forms, strict=False):
                row = rows[cite.key]
                row.notes.setdefault(name, []).append(note.number)
                if kind == "full" and not row.first:
                    row.first = form
                elif kind == "short" and not row.later:
                    row.later = form
    commas = ws.defaults.citation_page_commas
    for row in rows.values():
        row.first = row.first or format_full(row.source, commas=commas)
        row.later = row.later or format_short(row.source, "N", commas=commas)
    problems += _source_warnings(ws, rows, letters_made=bool(letters))
    problems += _prose_warnings(ws, rows)
    if letters:  # a letter's report lists the sources it cites
        rows = {k: r for k, r in rows.items() if r.notes}
    return CiteReport(scope, list(rows.values()), sorted(problems, key=lambda p: p.location))


# ---------------------------------------------------------------- where sources are cited


def _prose_citations(ws: Workspace) -> list[tuple[str, Location]]:
    """Each citation of a key in the workspace's prose, at its line in the YAML file, and the
    organization's prior work (which letters cite)."""
    found = []
    for prose in ws.prose:
        seen: dict[str, int] = {}
        for _, _, cites in find_citations(prose.text):
            for cite in cites:
                seen[cite.key] = seen.get(cite.key, 0) + 1
                found.append((cite.key, _nth(ws, prose, f"@{cite.key}", seen[cite.key])))
    org = ws.organization  # prior_work: cited by the letter's introduction
    found += [(key, org.refs.get(("prior_work", key), org.loc)) for key in org.prior_work]
    return found


def _nth(ws: Workspace, prose: Prose, needle: str, n: int) -> Location:
    """The n-th place needle (a whole key) appears in the prose's file from its first line."""
    pattern = re.compile(re.escape(needle) + r"(?![\w:.#$%&+?<>~/\-]*\w)")
    lines = ws.texts.get(prose.loc.file, "").splitlines()
    count = 0
    for number in range(max(prose.loc.line, 1), len(lines) + 1):
        for m in pattern.finditer(lines[number - 1]):
            count += 1
            if count == n:
                return Location(prose.loc.file, number, m.start() + 1, prose.loc.path)
    return prose.loc


# ---------------------------------------------------------------- warnings


def _warn(row: SourceRow, message: str, loc: Location, hint: str) -> Problem:
    row.warnings.append(message)
    named = loc.path == row.key  # sources.yaml's entry: its path already names the source
    return Problem(message if named else f"{row.key}: {message}", loc, hint, severity="warning")


def _source_warnings(
    ws: Workspace, rows: dict[str, SourceRow], *, letters_made: bool
) -> list[Problem]:
    out = []
    by_author: dict[str, list[SourceRow]] = {}
    for row in rows.values():
        src = row.source
        if src.url and is_home_page(src.url):
            out.append(_warn(row, f"the url {src.url} is a home page", src.loc,
                             "link the document itself, not the site"))  # fmt: skip
        if src.type in ("web", "article") and not (src.date or src.accessed):
            out.append(_warn(row, "a web source without a date", src.loc,
                             "add date: (or accessed: for a page that has none)"))  # fmt: skip
        if src.type == "statute" and not src.public_law and _BILL_RE.match(src.citation):
            hint = "if it was enacted, cite the law: public_law and stat, or code"
            out.append(_warn(row, f"a statute cited as a bill ('{src.citation}')", src.loc, hint))
        if (
            src.type in ("report", "article", "web", "hearing")
            and src.author
            and not hereinafter(src)
        ):
            by_author.setdefault(src.author, []).append(row)
        if not row.cited_at and not row.notes:
            where = "any letter or prose" if letters_made else "the workspace's prose"
            out.append(_warn(row, f"never cited in {where}", src.loc,
                             "cite it, or remove it from sources.yaml"))  # fmt: skip
    for author, same in by_author.items():
        if len(same) > 1:
            for row in same:
                out.append(_warn(row, f"{author} wrote {len(same)} cited works; '{author}, "
                                 "supra' cannot tell them apart", row.source.loc,
                                 "give each a short: title"))  # fmt: skip
    return out


def _prose_warnings(ws: Workspace, rows: dict[str, SourceRow]) -> list[Problem]:
    """Quotations without a pinpoint, and cited cases named in roman type."""
    out = []
    cases = {k: r.source for k, r in rows.items() if r.source.type == "case"}
    for prose in ws.prose:
        text, code, floor = prose.text, code_ranges(prose.text), 0
        for start, end, cites in find_citations(prose.text, code):
            clause = _last_sentence(text[floor:start])
            floor = end
            if not _QUOTE_RE.search(clause):
                continue
            paged = [c for c in cites if c.key in rows and _paginated(rows[c.key].source)]
            if paged and not any(c.locator for c in paged):
                row = rows[paged[0].key]
                loc = _nth(ws, prose, f"@{row.key}", 1)
                out.append(_warn(row, "a direct quotation is cited without a pinpoint", loc,
                                 f"add the page, e.g. [@{row.key}, p. 12]"))  # fmt: skip
        out += _roman_case_names(ws, prose, cases, rows)
    return out


def _last_sentence(text: str) -> str:
    """The sentence that ends where a citation begins."""
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(text)]
    return text[ends[-1] :] if ends else text


def _paginated(src: Source) -> bool:
    """Tell whether a quotation from src can be pinned to a page or paragraph."""
    if src.type in ("case", "notice", "report"):
        return True
    if src.type == "hearing":
        return bool(src.citation)  # a printed hearing record; an unprinted one has no pages
    return src.type == "article" and Reporter.parse(split_parens(src.citation)[0]) is not None


def _roman_case_names(
    ws: Workspace, prose: Prose, cases: dict[str, Source], rows: dict[str, SourceRow]
) -> list[Problem]:
    """ "in Bartz" where Bartz is a cited case's short name: it names the case, in italics."""
    out = []
    for key, src in cases.items():
        name = case_short_name(src)
        if " v. " in name:
            continue  # letters italicize "A v. B" names themselves
        for m in re.finditer(rf"\b[Ii]n {re.escape(name)}\b(?!['’]s| v\. )", prose.text):
            loc = locate_in_file(ws.texts.get(prose.loc.file, ""), m[0], prose.loc)
            out.append(_warn(rows[key], f"'{name}' names the case in roman type", loc,
                             f"write *{name}*: case names are italicized"))  # fmt: skip
    return out


# ---------------------------------------------------------------- the reviewer's Markdown


def plain(markdown: str) -> str:
    """A form as plain text for a terminal table: no emphasis marks or escapes."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("*", "")).replace("<", "").replace(">", "")


def report_markdown(report: CiteReport) -> str:
    """The report as Markdown, one section per source, for the reviewer who signs off."""
    lines = [f"# Cite check: {report.scope}", ""]
    warned = sum(1 for r in report.rows if r.warnings)
    lines += [f"{len(report.rows)} sources, {warned} with warnings.", ""]
    for row in report.rows:
        lines += [f"## {row.key} ({row.source.type})", ""]
        cited = ", ".join(f"{loc.file}:{loc.line}" for loc in row.cited_at) or "—"
        lines.append(f"- Cited in: {cited}")
        for letter, numbers in row.notes.items():
            lines.append(f"- Notes in {letter}: {', '.join(map(str, numbers))}")
        lines.append(f"- First form: {row.first}.")
        lines.append(f"- Later form: {row.later}.")
        lines.append(f"- Warnings: {'; '.join(row.warnings) if row.warnings else 'none'}")
        lines.append("")
    return "\n".join(lines)
