"""Case names in running text are italicized (Bluebook R2.1, B2): "*Google v. Oracle*".

A letter's text names the cases it cites as its writer does: in full ("Google LLC v. Oracle
America, Inc."), as abbreviated in a citation, or by the parties' short names ("Google v.
Oracle"). Each such "A v. B" name of a cited case is italicized where it stands in roman,
outside code, links and existing emphasis. A single party's name ("Google") is left alone:
it may name the company, not the case (``drafter cites`` points at those).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from drafter.model import Source
from drafter.text.bluebook import case_short_name
from drafter.text.cite_syntax import code_ranges, inside
from drafter.text.t6 import abbreviate

_CORPORATE_RE = re.compile(
    r",?\s+(?:Inc\.|LLC|L\.L\.C\.|Corp\.|Corporation|Co\.|Company|Ltd\.|L\.P\.|LLP|N\.A\.|PBC)$"
)


def _core(party: str) -> str:
    """A party without its corporate suffix: "Oracle America, Inc." → "Oracle America"."""
    party = party.strip()
    while (m := _CORPORATE_RE.search(party)) and m.start() > 0:
        party = party[: m.start()]
    return party.removeprefix("The ").strip()


def case_names(src: Source) -> list[str]:
    """The ways running text may name a case "A v. B", longest first."""
    title = " ".join(src.title.split())
    names = {title, abbreviate(title)}
    parties = title.split(" v. ")
    if len(parties) == 2:
        first, second = _core(parties[0]), _core(parties[1])
        short = case_short_name(src)
        for a in {first, short if " v. " not in short else first}:
            for b in {second, second.split()[0] if second else second}:
                if a and b:
                    names |= {f"{a} v. {b}", abbreviate(f"{a} v. {b}")}
    if " v. " in src.short:
        names.add(" ".join(src.short.split()))
    return sorted((n for n in names if " v. " in n), key=len, reverse=True)


def italicize_case_names(markdown: str, cases: Iterable[Source]) -> str:
    """Italicize each roman "A v. B" name of the given cases in markdown."""
    names = sorted({n for src in cases for n in case_names(src)}, key=len, reverse=True)
    if not names or " v. " not in markdown:
        return markdown
    pattern = re.compile(r"(?<![\w*_])(?:" + "|".join(map(re.escape, names)) + r")(?![\w*_])")
    code = code_ranges(markdown)
    out, pos = [], 0
    seen, counts = 0, {"[": 0, "]": 0, "<": 0, ">": 0, "*": 0, "_": 0}
    for m in pattern.finditer(markdown):
        # Count the marks on the name's line before it, carrying the count from the last name.
        segment = markdown[seen : m.start()]
        if "\n" in segment:
            segment = segment[segment.rfind("\n") + 1 :]
            counts = dict.fromkeys(counts, 0)
        for mark in counts:
            counts[mark] += segment.count(mark)
        seen = m.start()
        if inside(m.start(), code) or _in_link_or_emphasis(counts):
            continue
        out += [markdown[pos : m.start()], f"*{m[0]}*"]
        pos = m.end()
    return "".join(out) + markdown[pos:]


def _in_link_or_emphasis(counts: dict[str, int]) -> bool:
    """Tell from the marks before a name on its line whether it is in a link or emphasis."""
    if counts["["] > counts["]"] or counts["<"] > counts[">"]:
        return True
    return counts["*"] % 2 == 1 or counts["_"] % 2 == 1
