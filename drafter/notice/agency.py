"""Which workspace agency a notice comes from, or what a new agency file should say.

A notice names its agency several ways: the masthead ("LIBRARY OF CONGRESS" / "Copyright
Office"), the AGENCY: caption ("U.S. Copyright Office, Library of Congress."), and the API's
agencies ("Copyright Office, Library of Congress"). The most specific name is tried first,
and a workspace agency matches when its name, short name or id says the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from drafter.model import Agency
from drafter.notice.document import Reading

STOP = frozenset({"the", "of", "and", "for", "on", "u", "s", "us", "united", "states", "a"})
PARENTS = re.compile(r"^(?:department of|office of the secretary|executive office)", re.I)


@dataclass(frozen=True)
class NewAgency:
    """What the notice says about an agency the workspace does not have."""

    id: str
    name: str
    short_name: str
    parent: str = ""


def names(reading: Reading) -> list[str]:
    """The notice's names for its agency, most specific first."""
    notice, api = reading.notice, reading.api
    found: list[str] = []
    if api:
        found += [part for name in api.agency_names for part in _parts(name)]
    found += [line for line in reversed(notice.agency_lines)]
    found += _parts(notice.agency.rstrip("."))
    seen: dict[str, str] = {}
    for name in found:
        seen.setdefault(_key(name), name.strip())
    return [name for key, name in seen.items() if key]


def match_agency(agencies: Mapping[str, Agency], reading: Reading) -> Agency | None:
    """The workspace agency the notice is from, trying its most specific name first."""
    for name in names(reading):
        key, acronym = _key(name), _acronym(name)
        for agency in agencies.values():
            keys = {_key(agency.name), _key(agency.short_name), _key(agency.id)}
            if key in keys or (acronym and acronym == agency.short_name.upper()):
                return agency
    return None


def new_agency(reading: Reading, taken: Iterable[str], docket: str = "") -> NewAgency:
    """The new agency file's id, name, short name and parent, in the notice's own words."""
    notice = reading.notice
    caption = re.sub(r"\s*\([A-Z]{2,}\)", "", notice.agency).rstrip(".")
    own = [*_parts(caption), *reversed(notice.agency_lines), *names(reading)]
    name = next((n for n in own if n and not PARENTS.match(n)), own[0] if own else "Agency")
    name = _title(name) if name.isupper() else name
    parents = [notice.agency_lines[0]] if len(notice.agency_lines) > 1 else []
    parents += [n for n in names(reading) if _key(n) != _key(name)]
    parent = next((_title(n) if n.isupper() else n for n in parents if _key(n) != _key(name)), "")
    short = _acronym_in(reading, name) or _acronym(name) or docket.split("-")[0]
    ident = short.lower() or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "agency"
    base, n = ident, 2
    while ident in set(taken):
        ident, n = f"{base}-{n}", n + 1
    return NewAgency(ident, name, short, parent)


def _parts(name: str) -> list[str]:
    """'Copyright Office, Library of Congress' → both; 'Commerce Department' stays whole."""
    parts = [p.strip() for p in name.split(",") if p.strip()]
    return [p for p in parts if len(_key(p).split()) > 0] or [name]


def _key(name: str) -> str:
    """A name's words, sorted, without small words or an acronym in parentheses."""
    name = re.sub(r"\([A-Z]{2,}\)", " ", name)
    words = re.findall(r"[a-z0-9]+", name.lower().replace("&", " and "))
    words = [w for w in words if w not in STOP]
    words = ["department" if w == "dept" else w for w in words]
    return " ".join(sorted(words))


def _acronym(name: str) -> str:
    """The name's initials (National Telecommunications and Information Administration →
    NTIA), or an acronym it carries in parentheses."""
    paren = re.search(r"\(([A-Z]{2,})\)", name)
    if paren:
        return paren.group(1)
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in STOP]
    return "".join(w[0] for w in words).upper() if len(words) > 1 else ""


def _acronym_in(reading: Reading, name: str) -> str:
    """An acronym the notice itself gives for the agency: "… Administration (NTIA)"."""
    text = " ".join((reading.notice.agency, *reading.notice.summary))
    initials = _acronym(name)
    for found in re.findall(r"\(([A-Z]{2,6})\)", text):
        if not initials or sorted(found) == sorted(initials) or found in initials:
            return str(found)
    return ""


def _title(name: str) -> str:
    small = {"of", "and", "the", "for", "on", "in"}
    words = name.lower().split()
    return " ".join(w if i and w in small else w.capitalize() for i, w in enumerate(words))
