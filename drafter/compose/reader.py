"""The stance modules as a letter to one agency uses them.

Arguments are written for every reader; two things read wrong to the one addressed:

- a citation of the agency's own notice ("NTIA's 2023 request for comment asked whether …"
  [@ntia-rfc-2023]) tells the agency what it wrote: the letter to that agency leaves the
  citation out, and the drafter is told which argument had it, to rephrase it for this
  reader or answer with another argument;
- the agency named in the third person ("the Federal Trade Commission proposed …"): a
  letter to an agency with ``refer_as`` names it as it names itself ("the Commission
  proposed …"), except inside a longer name ("the Federal Trade Commission Act") and in a
  text that names another "… Commission", where "the Commission" would be ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from drafter.errors import Problem
from drafter.model import Agency, Argument, Position, Source, Workspace
from drafter.text.citations import find_citations

_NOT_DIGIT_RE = re.compile(r"\D")


def _cite_id(citation: str) -> str:
    """A Federal Register citation's digits: "88 Fed. Reg. 22,433" and "88 Fed. Reg. 22433"
    are one notice."""
    return _NOT_DIGIT_RE.sub("", citation)


def own_notice_keys(agency: Agency, sources: Mapping[str, Source]) -> frozenset[str]:
    """The sources.yaml keys of the agency's own notices: the notice of any of its dockets
    (its ``source``, or a notice with the same Federal Register citation), or a notice the
    agency itself is the author of."""
    keys = {d.source for d in agency.dockets if d.source}
    cites = {_cite_id(d.citation) for d in agency.dockets if "Fed. Reg." in d.citation}
    names = {agency.name.lower(), agency.short_name.lower()}
    for key, source in sources.items():
        if source.type != "notice":
            continue
        if source.author.lower() in names or (
            "Fed. Reg." in source.citation and _cite_id(source.citation) in cites
        ):
            keys.add(key)
    return frozenset(keys)


def strip_citations(text: str, keys: frozenset[str]) -> str:
    """The text without its citations of keys (a bracket citing others keeps those)."""
    out: list[str] = []
    last = 0
    for start, end, cites in find_citations(text):
        if not any(c.key in keys for c in cites):
            continue
        kept = [c for c in cites if c.key not in keys]
        out.append(text[last:start].rstrip(" ") if not kept else text[last:start])
        if kept:
            items = (f"@{c.key}, {c.locator}" if c.locator else f"@{c.key}" for c in kept)
            out.append("[" + "; ".join(items) + "]")
        last = end
    out.append(text[last:])
    return "".join(out)


@dataclass(frozen=True)
class Stripped:
    """An argument whose citations of the addressee's own notice were left out."""

    position: Position
    argument: Argument
    keys: tuple[str, ...]


def naming(agency: Agency) -> Callable[[str], str]:
    """Text with the agency named as it names itself, when it has a ``refer_as``."""
    if not agency.refer_as:
        return lambda text: text
    forms = {agency.name, agency.short_name, re.sub(r"^(?:U\.S\.|United States) ", "", agency.name)}
    names = sorted(forms - {""}, key=len, reverse=True)
    own = re.compile(r"\b(?:([Tt])he )?(?:" + "|".join(map(re.escape, names)) + r")\b(?!\s+[A-Z])")
    plain = agency.refer_as
    bare = plain[4:] if plain[:4].lower() == "the " else ""  # "Office" of "the Office"

    # Another "… Commission" in the same text would make "the Commission" ambiguous.
    others = re.compile(r"(?:\b[A-Z][\w.&'-]* )+" + re.escape(bare) + r"\b") if bare else None

    def name(m: re.Match[str]) -> str:
        if m.group(1) is None and bare:
            return m.group(0)  # "USCO staff": no article to carry "the Office"; left as is
        said = plain
        if m.group(1) == "T" or (m.group(1) is None and _opens_sentence(m.string, m.start())):
            said = said[:1].upper() + said[1:]
        return said

    def rename(text: str) -> str:
        if not text:
            return text
        if others is not None:
            mine = tuple(n.lower() for n in names)
            if any(not o.group(0).lower().endswith(mine) for o in others.finditer(text)):
                return text
        return own.sub(name, text)

    return rename


def _opens_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?"


def for_reader(ws: Workspace, agency: Agency) -> tuple[Workspace, list[Stripped]]:
    """The workspace as a letter to ``agency`` uses it: arguments without citations of the
    agency's own notices and naming the agency as it names itself; and the arguments whose
    citations were left out."""
    keys = own_notice_keys(agency, ws.sources)
    if not keys and not agency.refer_as:
        return ws, []
    named = naming(agency)

    def edit(text: str) -> str:
        return named(strip_citations(text, keys) if keys else text)

    stripped: list[Stripped] = []
    positions: dict[str, Position] = {}
    for pid, position in ws.positions.items():
        arguments = []
        for argument in position.arguments:
            cited = sorted(
                {c.key for text in (argument.text, argument.short, argument.lead)
                 for _, _, cs in find_citations(text) for c in cs if c.key in keys}
            )  # fmt: skip
            if cited:
                stripped.append(Stripped(position, argument, tuple(cited)))
            arguments.append(
                replace(
                    argument,
                    text=edit(argument.text),
                    short=edit(argument.short),
                    lead=edit(argument.lead),
                )
            )
        concerns = tuple(
            replace(c, concern=named(c.concern), response=named(c.response))
            for c in position.concerns
        )
        positions[pid] = replace(
            position,
            stance=named(position.stance),
            arguments=tuple(arguments),
            concerns=concerns,
        )
    return replace(ws, positions=positions), stripped


def own_notice_warnings(
    stripped: Iterable[Stripped], used: Iterable[tuple[str, str]], agency: Agency
) -> list[Problem]:
    """A warning for each argument the letter uses that cited the addressee's own notice.

    ``used``: (position id, argument id) of every argument the letter makes.
    """
    made = set(used)
    problems = []
    for s in stripped:
        if (s.position.id, s.argument.id) not in made:
            continue
        problems.append(
            Problem(
                f"argument {s.position.id}.{s.argument.id} cites {agency.short_name}'s own "
                f"notice ({', '.join(s.keys)}) as evidence, so the letter to "
                f"{agency.short_name} leaves that citation out",
                s.argument.text_loc if s.argument.text_loc.file else s.argument.loc,
                "reword the argument so that it reads right to this agency, or answer with "
                "another argument",
                severity="warning",
            )
        )
    return problems
