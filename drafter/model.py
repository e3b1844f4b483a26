"""The validated workspace as frozen dataclasses.

Every model keeps ``loc``, the Location of the mapping it came from, so that later stages
(composition, citations, templates) can still point a user at the line to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.errors import Location

_NOWHERE = Location()

# Where each value naming something else stands, by (key, value): ("positions", "licensing").
Refs = dict[tuple[str, str], Location]


@dataclass(frozen=True)
class Organization:
    """The organization a letter or op-ed speaks for (drafter.yaml)."""

    name: str
    short_name: str
    description: str
    address: tuple[str, ...] = ()
    website: str = ""
    article: str = ""  # "the" or "none"; "": "the" for common-noun names (compose/names.py)
    standing: str = ""  # who the members are and why the organization has a stake (Markdown)
    prior_work: tuple[str, ...] = ()  # source keys of its own filings and reports
    loc: Location = _NOWHERE
    refs: Refs = field(default_factory=dict, hash=False, compare=False, repr=False)


@dataclass(frozen=True)
class Signer:
    """A person who can sign: name, title, contact and op-ed bio (drafter.yaml)."""

    id: str
    name: str
    title: str = ""
    email: str = ""
    bio: str = ""
    e_signature: bool = False  # sign letters "/s/ Name" (an electronic filing's signature)
    loc: Location = _NOWHERE


@dataclass(frozen=True)
class Defaults:
    """Workspace-wide defaults (drafter.yaml: defaults)."""

    signer: str
    letterhead: str = ""  # path relative to the workspace root, "" for the built-in letterhead
    citation_page_commas: bool = True
    loc: Location = _NOWHERE
    refs: Refs = field(default_factory=dict, hash=False, compare=False, repr=False)


@dataclass(frozen=True)
class Argument:
    """One argument of a stance module: its prose (citations in it), topics, short form."""

    id: str
    text: str
    topics: tuple[str, ...] = ()
    short: str = ""
    lead: str = ""  # an opening sentence used when this argument opens an answer
    loc: Location = _NOWHERE
    text_loc: Location = _NOWHERE
    short_loc: Location = _NOWHERE


@dataclass(frozen=True)
class Concern:
    """An opposing concern a stance module concedes, and the module's answer to it."""

    concern: str
    response: str
    loc: Location = _NOWHERE


@dataclass(frozen=True)
class Ask:
    """One concrete recommendation of a stance module, and who can act on it.

    ``to`` names the addressees whose letters list it: agency ids, ``congress`` or ``agencies``
    (every addressee that is not a committee of Congress); empty: every letter.
    """

    text: str
    to: tuple[str, ...] = ()
    loc: Location = _NOWHERE

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Position:
    """A stance module (positions/*.yaml): stance, arguments, asks and concerns conceded."""

    id: str
    title: str
    stance: str
    topics: tuple[str, ...]
    arguments: tuple[Argument, ...]
    priority: int = 5
    asks: tuple[Ask, ...] = ()
    concerns: tuple[Concern, ...] = ()
    file: str = ""
    loc: Location = _NOWHERE
    # Op-ed wording when this module leads (DESIGN.md: positions): all optional.
    headline: str = ""  # a claim, not a title
    dek: str = ""  # the subhead, never a sentence of the body
    kicker: str = ""  # the closing call to action; on the news-peg module, the return to the news
    peg_date: dt.date | None = None  # on a news-peg module: when the news happened
    # Where each of those op-ed fields stands, by key ("kicker", "peg_date", ...).
    locs: dict[str, Location] = field(default_factory=dict, hash=False, compare=False, repr=False)


@dataclass(frozen=True)
class Question:
    """One of a docket's numbered questions, with the topics it is about."""

    number: str
    text: str
    topics: tuple[str, ...] = ()
    group: str = ""  # the notice's section heading
    page: int | None = None  # the Federal Register page it starts on, for pinpoint cites
    generated: bool = False  # numbered by `drafter agencies import`, not by the agency
    suggested_topics: tuple[str, ...] = ()  # proposed by the import; `topics` are confirmed
    loc: Location = _NOWHERE


@dataclass(frozen=True)
class Docket:
    """A request for comment: docket id, Federal Register citation, deadline, questions."""

    id: str
    title: str
    citation: str = ""
    published: dt.date | None = None
    deadline: dt.date | None = None
    channel: str = "regulations.gov"
    agency_number: str = ""
    questions: tuple[Question, ...] = ()
    reply_deadline: dt.date | None = None
    deadline_time: str = ""  # as the notice says it, e.g. "11:59 p.m. Eastern Time"
    fr_doc: str = ""  # Federal Register document number, e.g. 2023-18624
    verbatim: bool = False  # question texts are the notice's own words
    contact: str = ""  # the notice's FOR FURTHER INFORMATION CONTACT
    source: str = ""  # the sources.yaml key of the notice, cited where its questions are quoted
    loc: Location = _NOWHERE
    refs: Refs = field(default_factory=dict, hash=False, compare=False, repr=False)


@dataclass(frozen=True)
class Addressee:
    """The official a letter is addressed to: a title, and optionally a name.

    ``honorific`` is a courtesy title ("Ms.", "Dr.") or "The Honorable"; ``salutation``
    overrides the one compose/names.py derives.
    """

    title: str = ""
    name: str = ""
    honorific: str = ""
    salutation: str = ""
    loc: Location = _NOWHERE


# A chamber of Congress in an agency's name or parent: its letters take asks `to: congress`.
CONGRESS_RE = re.compile(
    r"\b(?:Senate|House of Representatives)\b|^(?:U\.S\. |United States )?Congress$"
)


@dataclass(frozen=True)
class Agency:
    """A federal agency or a committee of Congress (agencies/*.yaml): addressee and dockets."""

    id: str
    name: str
    short_name: str
    addressees: tuple[Addressee, ...] = ()  # several for a committee's chair and ranking member
    address: tuple[str, ...] = ()
    parent: str = ""
    refer_as: str = ""  # how running text names it ("the Office"); "": "the" + name
    attention: str = ""  # an attention line: a name, or "contact" for the notice's contact
    interests: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    dockets: tuple[Docket, ...] = ()
    file: str = ""
    loc: Location = _NOWHERE
    refs: Refs = field(default_factory=dict, hash=False, compare=False, repr=False)

    @property
    def addressee(self) -> str:
        """The addressees' titles as one line ("Register of Copyrights"), for views and for
        templates written before an addressee could be a mapping."""
        return " and ".join(a.title or a.name for a in self.addressees)

    @property
    def is_congress(self) -> bool:
        """A committee (or chamber) of Congress, not an executive agency."""
        return any(CONGRESS_RE.search(text) for text in (self.name, self.parent) if text)

    def docket(self, docket_id: str) -> Docket | None:
        for d in self.dockets:
            if d.id.lower() == docket_id.lower():
                return d
        return None

    def next_open_docket(self, today: dt.date) -> Docket | None:
        """The open docket whose deadline comes first, if any."""
        open_ = [(d.deadline, d) for d in self.dockets if d.deadline and d.deadline >= today]
        return min(open_, key=lambda pair: pair[0])[1] if open_ else None


@dataclass(frozen=True)
class Topic:
    """A topic of the vocabulary (topics.yaml): the words and phrases that signal it."""

    id: str
    words: tuple[str, ...]
    loc: Location = _NOWHERE


@dataclass(frozen=True)
class PlannedAnswer:
    """One question's entry in a response plan: the arguments pinned to it, or a skip."""

    number: str
    use: tuple[str, ...] | None = None  # "position.argument", in order; None: chosen automatically
    see: tuple[str, ...] = ()  # arguments made in full elsewhere, only pointed to here
    lead: str = ""  # an opening sentence written for this question (Markdown)
    skip: bool = False
    loc: Location = _NOWHERE
    refs: Refs = field(default_factory=dict, hash=False, compare=False, repr=False)


@dataclass(frozen=True)
class ResponsePlan:
    """How this organization answers one docket (responses/<docket>.yaml)."""

    agency: str
    docket: str
    answers: tuple[PlannedAnswer, ...] = ()
    unlisted: str = "auto"  # "auto": unlisted questions matched automatically; "skip": not answered
    file: str = ""
    loc: Location = _NOWHERE
    refs: Refs = field(default_factory=dict, hash=False, compare=False, repr=False)

    def entry(self, number: str) -> PlannedAnswer | None:
        for answer in self.answers:
            if answer.number == number:
                return answer
        return None


SOURCE_TYPES = ("hearing", "report", "article", "statute", "case", "notice", "web")


@dataclass(frozen=True)
class Source:
    """A citable source (sources.yaml), formatted by bluebook.py."""

    key: str
    type: str
    title: str
    author: str = ""
    date: dt.date | None = None
    url: str = ""
    publisher: str = ""
    citation: str = ""
    pages: str = ""
    full: str = ""
    short: str = ""  # optional short form for later references
    public_law: str = ""  # statutes: "119-12" (Pub. L. No.), with "stat" and "code"
    stat: str = ""  # statutes: "139 Stat. 55"
    code: str = ""  # statutes: "47 U.S.C. § 223a", "Colo. Rev. Stat. §§ 6-1-1701 to -1707"
    witness: str = ""  # hearings: "Brad Smith, Vice Chair & President, Microsoft Corp."
    accessed: dt.date | None = None  # web pages without a date: "(last visited Dec. 5, 2026)"
    loc: Location = _NOWHERE


@dataclass(frozen=True)
class Outlet:
    """An op-ed outlet (outlets.yaml): word limits, links, bio form."""

    id: str
    name: str
    words: tuple[int, int]
    links: bool = True
    bio: str = "one-sentence"
    loc: Location = _NOWHERE


@dataclass(frozen=True)
class Target:
    """One entry of a campaign's targets: an agency (and docket) or an outlet."""

    agency: str = ""
    outlet: str = ""
    docket: str = ""
    positions: tuple[str, ...] = ()
    emphasis: tuple[str, ...] = ()
    vars: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    loc: Location = _NOWHERE
    refs: Refs = field(default_factory=dict, hash=False, compare=False, repr=False)


@dataclass(frozen=True)
class Campaign:
    """A batch of letters or op-eds (campaigns/*.yaml)."""

    id: str
    name: str
    kind: str  # "letter" | "oped"
    output: str
    targets: tuple[Target, ...]
    positions: tuple[str, ...] = ()
    signer: str = ""
    date: dt.date | None = None
    summaries: bool = False
    similarity_threshold: float = 0.8
    file: str = ""
    loc: Location = _NOWHERE
    output_loc: Location = _NOWHERE
    refs: Refs = field(default_factory=dict, hash=False, compare=False, repr=False)


@dataclass(frozen=True)
class Prose:
    """A Markdown field as a workspace file wrote it, and where: what the prose checks read."""

    text: str
    loc: Location


@dataclass(frozen=True)
class Workspace:
    """Everything loaded and validated from a workspace folder."""

    root: Path
    organization: Organization
    signers: tuple[Signer, ...]
    defaults: Defaults
    positions: dict[str, Position]
    agencies: dict[str, Agency]
    sources: dict[str, Source]
    outlets: dict[str, Outlet]
    campaigns: dict[str, Campaign]
    template_dirs: tuple[Path, ...]
    letterhead: Path | None = None
    is_builtin: bool = False
    sample: bool = False  # drafter.yaml `sample: true`: drafts say SAMPLE — NOT FOR FILING
    # Every Markdown field, and each YAML file's text by the name messages give it, so that
    # checks of prose (citation keys, Markdown) can point at the line and column to fix.
    prose: tuple[Prose, ...] = field(default=(), compare=False, repr=False)
    texts: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    topics: dict[str, Topic] = field(default_factory=dict)  # the topic vocabulary, by id
    responses: dict[str, ResponsePlan] = field(default_factory=dict)  # by docket id, upper-case

    def response_plan(self, docket_id: str) -> ResponsePlan | None:
        return self.responses.get(docket_id.upper())

    def signer(self, signer_id: str = "") -> Signer:
        wanted = signer_id or self.defaults.signer
        for s in self.signers:
            if s.id == wanted:
                return s
        raise KeyError(wanted)
