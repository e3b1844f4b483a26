"""How a letter names people and institutions, as a person writing it would.

The organization takes "the" in running text when its name is a common-noun name ("the
Institute for Open Technology Policy"; "Public Knowledge" does not), unless drafter.yaml's
``article`` says otherwise. The agency is named by its ``refer_as`` ("the Office", "NTIA"),
else by its full name with "the"; never by "the" and an acronym ("the USCO").

The address block and the salutation follow American business-letter convention:

- a named official: the name (with its honorific) on one line and the title on the next;
  the salutation is "Dear" and a form of address: the honorific and the surname when the
  honorific is a courtesy or official title ("Dear Ms. Perlmutter:", "Dear Senator Cruz:"),
  else the title's office word and the surname ("The Honorable Michael Kratsios", Director:
  "Dear Director Kratsios:");
- several officials (a committee's chair and ranking member): each in turn, and one
  salutation naming them together ("Dear Chairman Cruz and Ranking Member Cantwell:");
- only a title: the letter is addressed to the office ("To the U.S. Copyright Office:"),
  since "Dear Register of Copyrights:" greets an office as if it were a person;
- an addressee's own ``salutation`` is used as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from drafter.model import Addressee, Agency, Docket, Organization

# The head nouns of names that take "the" in running text ("the Center for …").
COMMON_NOUNS = frozenset(
    [
        "Academy",
        "Alliance",
        "Association",
        "Bureau",
        "Caucus",
        "Center",
        "Centre",
        "Chamber",
        "Coalition",
        "Collaborative",
        "Commission",
        "Committee",
        "Conference",
        "Consortium",
        "Council",
        "Federation",
        "Forum",
        "Foundation",
        "Fund",
        "Guild",
        "Initiative",
        "Institute",
        "Institution",
        "League",
        "Network",
        "Office",
        "Partnership",
        "Project",
        "Society",
        "Trust",
        "Union",
    ]
)
_LINKS = frozenset({"for", "of", "on", "in", "to", "at"})  # "Institute for …": the head ends here
HONORABLE = frozenset({"the honorable", "honorable", "the hon.", "hon."})
_SUFFIXES = frozenset({"jr.", "sr.", "ii", "iii", "iv", "jr", "sr"})
_OFFICE_END_RE = re.compile(r",| of | for | to the | and Director\b")
# Where the notice's contact line stops naming the person and starts saying how to reach them.
_REACH_RE = re.compile(r"@|\d|^(?:by|at|via|phone|telephone|tel\.|e-?mail|fax)\b", re.I)


def head_noun(name: str) -> str:
    """The noun a name is built on: the last word before its first "for", "of" …"""
    words = name.split()
    for i, word in enumerate(words):
        if word in _LINKS and i:
            words = words[:i]
            break
    return words[-1].strip(",.") if words else ""


def takes_article(org: Organization) -> bool:
    if org.article:
        return org.article == "the"
    return head_noun(org.name) in COMMON_NOUNS


def org_in_text(org: Organization) -> str:
    """The organization's full name as running text: "the Institute for …"."""
    if org.name[:4].lower() == "the ":
        return "the " + org.name[4:]
    return f"the {org.name}" if takes_article(org) else org.name


def agency_in_text(agency: Agency) -> str:
    """The agency as running text: its refer_as, else "the" and its full name."""
    if agency.refer_as:
        return agency.refer_as
    if agency.name[:4].lower() == "the ":
        return "the " + agency.name[4:]
    return f"the {agency.name}"


def capital(text: str) -> str:
    """Text that opens a sentence: "the Office" → "The Office"."""
    return text[:1].upper() + text[1:]


def possessive(text: str) -> str:
    """ "the Office's"; a name ending in s takes the apostrophe alone ("Examples'")."""
    return f"{text}'" if text.endswith("s") else f"{text}'s"


def description_after_name(org: Organization) -> str:
    """The description, where it follows the sentence that introduced the short name: a
    description opening on the full name opens on the short name instead ("IOTP is …")."""
    text = org.description.strip()
    for form in (org_in_text(org), capital(org_in_text(org)), org.name):
        if text.startswith(form) and text[len(form) : len(form) + 1] in (" ", "'", "\u2019"):
            return org.short_name + text[len(form) :]
    return text


# -- the address block and the salutation ------------------------------------------------------
def surname(name: str) -> str:
    words = [w for w in name.split() if w.lower().strip(",") not in _SUFFIXES]
    return words[-1].strip(",") if words else name


def office_word(title: str) -> str:
    """How a title is used before a surname: "Register of Copyrights" → "Register"."""
    return _OFFICE_END_RE.split(title, maxsplit=1)[0].strip()


def form_of_address(person: Addressee) -> str:
    """ "Ms. Perlmutter", "Director Kratsios", "Jordan Smith"; "" for a title alone."""
    if not person.name:
        return ""
    honorific = person.honorific.strip()
    if honorific and honorific.lower() not in HONORABLE:
        return f"{honorific} {surname(person.name)}"
    if person.title:
        return f"{office_word(person.title)} {surname(person.name)}"
    return person.name


def address_block(agency: Agency) -> tuple[str, ...]:
    """The inside address: each official (name line, then title), the agency, its address."""
    lines: list[str] = []
    for person in agency.addressees:
        if person.name:
            lines.append(f"{person.honorific} {person.name}".strip())
        if person.title:
            lines.append(person.title)
    return (*lines, agency.name, *agency.address)


def salutation(agency: Agency) -> str:
    """The salutation, colon included (see the module's docstring for the convention)."""
    people = agency.addressees
    given = next((p.salutation for p in people if p.salutation), "")
    if given:
        return given
    forms = [form_of_address(p) for p in people]
    if forms and all(forms):
        return f"Dear {' and '.join(forms)}:"
    if len(people) > 1 and all(p.title for p in people):
        return f"Dear {' and '.join(p.title for p in people)}:"
    name = agency.name[4:] if agency.name[:4].lower() == "the " else agency.name
    return f"To the {name}:"


def contact_person(contact: str) -> str:
    """The person a notice's FOR FURTHER INFORMATION CONTACT names, with their office:
    "Rhea Efthimiadis, Assistant to the General Counsel" (without telephone and e-mail)."""
    kept: list[str] = []
    for part in contact.split(","):
        part = part.strip()
        if not part or _REACH_RE.search(part):
            break
        kept.append(re.split(r"\s+(?:by|at|via)\s+", part, maxsplit=1)[0])
    return ", ".join(kept)


def attention_line(agency: Agency, docket: Docket | None) -> str:
    """The attention line's person: the notice's contact when ``attention: contact``."""
    if agency.attention.lower() != "contact":
        return agency.attention
    return contact_person(docket.contact) if docket is not None else ""


@dataclass(frozen=True)
class LetterNames:
    """Every name a letter's framing uses, ready for the template (context key ``names``)."""

    org: str  # "the Institute for Open Technology Policy"
    org_cap: str  # the same, opening a sentence
    short: str  # "IOTP"
    agency: str  # "the Office"
    agency_cap: str  # "The Office"
    agency_s: str  # "the Office's"
    address: tuple[str, ...]
    salutation: str
    attention: str
    description: str  # drafter.yaml's description, after the sentence naming the organization
    congress: bool  # a committee of Congress: a letter, not comments in a proceeding


def letter_names(org: Organization, agency: Agency, docket: Docket | None) -> LetterNames:
    in_text = org_in_text(org)
    agency_text = agency_in_text(agency)
    return LetterNames(
        org=in_text,
        org_cap=capital(in_text),
        short=org.short_name,
        agency=agency_text,
        agency_cap=capital(agency_text),
        agency_s=possessive(agency_text),
        address=address_block(agency),
        salutation=salutation(agency),
        attention=attention_line(agency, docket),
        description=description_after_name(org),
        congress=agency.is_congress,
    )


def ranges(numbers: Sequence[str]) -> str:
    """Question numbers with runs of three or more shortened: "1, 2, 5–8 and 10" → the
    Summary's list. Numbers that are not whole numbers ("8.1") are listed as they are."""
    out: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if len(run) >= 3:
            out.append(f"{run[0]}\u2013{run[-1]}")
        else:
            out.extend(str(n) for n in run)
        run.clear()

    for number in numbers:
        if number.isdigit() and run and int(number) == run[-1] + 1:
            run.append(int(number))
            continue
        flush()
        if number.isdigit():
            run.append(int(number))
        else:
            out.append(number)
    flush()
    if len(out) <= 2:
        return " and ".join(out)
    return ", ".join(out[:-1]) + ", and " + out[-1]
