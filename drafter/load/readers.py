"""Turn each kind of workspace file into models, one reader per schema of DESIGN.md section 2.

Readers check each field on its own; cross-references between files are checked in
``workspace.py`` once everything is read. Prose fields are remembered with their location
so that citation keys inside them can be checked against sources.yaml.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from drafter.errors import Location, Problem
from drafter.load.fields import SLUG_RE, Fields, describe, did_you_mean
from drafter.model import (
    SOURCE_TYPES,
    Addressee,
    Agency,
    Argument,
    Ask,
    Campaign,
    Concern,
    Defaults,
    Docket,
    Organization,
    Outlet,
    Position,
    Question,
    Signer,
    Source,
    Target,
)

DOCKET_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d{4}-\d{4}$|^[A-Z]+_FRDOC_\d{4}$")
OUTPUT_FIELDS = ("agency", "docket", "outlet", "date", "signer")
OUTPUT_FORMATS = (".docx", ".md", ".txt", ".pdf")


@dataclass
class Context:
    """What readers share: the problem list and the prose to check for citations."""

    problems: list[Problem] = field(default_factory=list)
    prose: list[tuple[str, Location]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # file → its text, to point at lines

    def fields(self, node: Any, loc: Location, allowed: tuple[str, ...], path: str = "") -> Fields:
        return Fields(node, self.problems, loc=loc, path=path, allowed=allowed)

    def markdown(self, f: Fields, key: str, *, required: bool = False) -> str:
        text = f.text(key, required=required)
        if text:
            self.prose.append((text, f.at(key)))
        return text


# -- drafter.yaml ----------------------------------------------------------------------
ORG_KEYS = (
    "name", "short_name", "article", "standing", "prior_work", "description", "address", "website",
)  # fmt: skip
ARTICLES = ("the", "none")
SIGNER_KEYS = ("id", "name", "title", "email", "bio", "e_signature")
DEFAULT_KEYS = ("signer", "letterhead", "citation_page_commas")


def read_config(
    data: Any, loc: Location, cx: Context
) -> tuple[Organization, tuple[Signer, ...], Defaults, bool]:
    """drafter.yaml: the organization, its signers, the defaults and the sample flag."""
    top = cx.fields(data, loc, ("sample", "organization", "signers", "defaults"))
    o = top.child("organization", ORG_KEYS, required=True)
    article = o.text("article")
    if article and article not in ARTICLES:
        o.error(
            f"unknown article '{article}'",
            o.at("article"),
            "write 'the' (\"the Center for …\") or 'none' (\"Public Knowledge\"), or leave it "
            "out to let drafter decide from the name",
        )
        article = ""
    org = Organization(
        name=o.text("name", required=True),
        short_name=o.text("short_name", required=True),
        description=cx.markdown(o, "description", required=True),
        address=o.texts("address"),
        website=o.text("website"),
        article=article,
        standing=cx.markdown(o, "standing"),
        prior_work=o.texts("prior_work"),
        loc=o.loc,
        refs=o.refs("prior_work"),
    )
    if top.boolean("sample", default=False):
        top.warn(
            "the workspace is marked sample: true, so every draft says SAMPLE — NOT FOR FILING",
            top.at("sample"),
            "replace the sample organization and signers with your own, then delete this line",
        )
    signers: list[Signer] = []
    seen: dict[str, Location] = {}
    for item, iloc in top.mappings("signers", required=True):
        s = cx.fields(item, iloc, SIGNER_KEYS, iloc.path)
        sid = s.slug("id", required=True)
        if sid in seen:
            s.error(f"duplicate signer id '{sid}'", s.at("id"), "give each signer its own id")
        seen[sid] = s.at("id")
        signers.append(
            Signer(
                id=sid,
                name=s.text("name", required=True),
                title=s.text("title"),
                email=s.text("email"),
                bio=cx.markdown(s, "bio"),
                e_signature=s.boolean("e_signature", default=False),
                loc=s.at("id"),
            )
        )
    d = top.child("defaults", DEFAULT_KEYS)
    signer = d.text("signer") or (signers[0].id if signers else "")
    if signer and signers and signer not in seen:
        d.error(f"unknown signer '{signer}'", d.at("signer"), did_you_mean(signer, seen))
    defaults = Defaults(
        signer=signer,
        letterhead=d.text("letterhead"),
        citation_page_commas=d.boolean("citation_page_commas", default=True),
        loc=d.loc,
        refs=d.refs("letterhead"),
    )
    return org, tuple(signers), defaults, top.boolean("sample", default=False)


# -- positions/<id>.yaml ---------------------------------------------------------------
POSITION_KEYS = (
    "id", "title", "stance", "topics", "priority", "arguments", "asks", "concerns",
    "headline", "dek", "kicker", "peg_date",
)  # fmt: skip
OPED_KEYS = ("headline", "dek", "kicker", "peg_date")
ARGUMENT_KEYS = ("id", "topics", "text", "short", "lead")
CONCERN_KEYS = ("concern", "response")


def check_id(f: Fields, stem: str, kind: str) -> str:
    value = f.slug("id", required=True)
    if value and value != stem:
        f.error(
            f"id '{value}' does not match the file name '{stem}.yaml'",
            f.at("id"),
            f"rename the file to '{value}.yaml' or set 'id: {stem}'",
        )
    return value or stem


def read_position(data: Any, loc: Location, stem: str, cx: Context) -> Position:
    f = cx.fields(data, loc, POSITION_KEYS)
    pid = check_id(f, stem, "position")
    arguments: list[Argument] = []
    seen: set[str] = set()
    for item, iloc in f.mappings("arguments", required=True):
        a = cx.fields(item, iloc, ARGUMENT_KEYS, iloc.path)
        aid = a.slug("id", required=True)
        if aid in seen:
            a.error(f"duplicate argument id '{aid}'", a.at("id"), "give each argument its own id")
        seen.add(aid)
        arguments.append(
            Argument(
                id=aid,
                text=cx.markdown(a, "text", required=True),
                topics=a.texts("topics", slugs=True),
                short=cx.markdown(a, "short"),
                lead=cx.markdown(a, "lead"),
                loc=iloc,
                text_loc=a.at("text"),
                short_loc=a.at("short"),
            )
        )
    asks = read_asks(f, cx)
    concerns = []
    for item, iloc in f.mappings("concerns"):
        c = cx.fields(item, iloc, CONCERN_KEYS, iloc.path)
        concerns.append(
            Concern(
                concern=cx.markdown(c, "concern", required=True),
                response=cx.markdown(c, "response", required=True),
                loc=iloc,
            )
        )
    return Position(
        id=pid,
        title=f.text("title", required=True),
        stance=cx.markdown(f, "stance", required=True),
        topics=f.texts("topics", required=True, slugs=True),
        arguments=tuple(arguments),
        priority=f.integer("priority", default=5),
        asks=asks,
        concerns=tuple(concerns),
        file=loc.file,
        loc=f.loc,
        headline=f.text("headline"),
        dek=f.text("dek"),
        kicker=cx.markdown(f, "kicker"),
        peg_date=f.date("peg_date"),
        locs={key: f.at(key) for key in OPED_KEYS if f.has(key)},
    )


ASK_KEYS = ("text", "to")


def read_asks(f: Fields, cx: Context) -> tuple[Ask, ...]:
    """Each ask: a sentence, or {text, to} naming the addressees that can act on it."""
    if not f.has("asks"):
        return ()
    value = f.node["asks"]
    items = [(value, f.at("asks"))] if isinstance(value, str) else f.mappings("asks")
    asks: list[Ask] = []
    for item, iloc in items:
        if isinstance(item, dict):
            a = cx.fields(item, iloc, ASK_KEYS, iloc.path)
            text = cx.markdown(a, "text", required=True)
            to = a.texts("to", slugs=True)
            if a.has("to") and not to and not a.problems_at("to"):
                a.error("must not be empty", a.at("to"), "name who can act on it, or drop 'to'")
            asks.append(Ask(text, to, iloc))
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item):
            text = str(item).strip()
            cx.prose.append((text, iloc))
            asks.append(Ask(text, (), iloc))
        else:
            f.error(
                f"expected a sentence, or a mapping with text and to, got {describe(item)}",
                iloc,
                "write the ask as one sentence, or as {text: ..., to: [agency-id]}",
            )
    return tuple(asks)


# -- agencies/<id>.yaml ----------------------------------------------------------------
AGENCY_KEYS = (
    "id", "name", "short_name", "parent", "addressee", "refer_as", "attention", "address",
    "interests", "positions", "dockets",
)  # fmt: skip
ADDRESSEE_KEYS = ("title", "name", "honorific", "salutation")
DOCKET_KEYS = (
    "id", "agency_number", "title", "citation", "published", "deadline", "channel", "questions",
    "reply_deadline", "deadline_time", "fr_doc", "verbatim", "contact", "source",
)  # fmt: skip
QUESTION_KEYS = ("number", "text", "topics", "group", "page", "generated", "suggested_topics")
# 2023-18624; older ones E8-4768 or 00-31252; corrections C1-2023-18624.
FR_DOC_RE = re.compile(r"^(?:[A-Z]\d-)?(?:\d{2,4}-)?\d{3,6}$")


def read_agency(data: Any, loc: Location, stem: str, cx: Context) -> Agency:
    f = cx.fields(data, loc, AGENCY_KEYS)
    aid = check_id(f, stem, "agency")
    dockets: list[Docket] = []
    seen: set[str] = set()
    for item, iloc in f.mappings("dockets"):
        d = cx.fields(item, iloc, DOCKET_KEYS, iloc.path)
        did = d.text("id", required=True)
        if did and not DOCKET_RE.match(did):
            d.warn(
                f"docket ID '{did}' does not look like a regulations.gov docket ID",
                d.at("id"),
                "expected AGENCY[-SUB]-YYYY-NNNN, like COLC-2023-0006",
            )
        if did in seen:
            d.error(f"duplicate docket '{did}'", d.at("id"), "list each docket once")
        seen.add(did)
        dockets.append(
            Docket(
                id=did,
                title=d.text("title", required=True),
                citation=d.text("citation"),
                published=d.date("published"),
                deadline=d.date("deadline"),
                channel=d.text("channel", default="regulations.gov"),
                agency_number=d.text("agency_number"),
                questions=read_questions(d, cx),
                reply_deadline=d.date("reply_deadline"),
                deadline_time=d.text("deadline_time"),
                fr_doc=read_fr_doc(d),
                verbatim=d.boolean("verbatim", default=False),
                contact=d.text("contact"),
                source=d.text("source"),
                loc=iloc,
                refs=d.refs("source"),
            )
        )
    return Agency(
        id=aid,
        name=f.text("name", required=True),
        short_name=f.text("short_name", required=True),
        addressees=read_addressees(f, cx),
        address=f.texts("address"),
        parent=f.text("parent"),
        refer_as=f.text("refer_as"),
        attention=f.text("attention"),
        interests=f.texts("interests", slugs=True),
        positions=f.texts("positions", slugs=True),
        dockets=tuple(dockets),
        file=loc.file,
        loc=f.loc,
        refs=f.refs("positions"),
    )


def read_addressees(f: Fields, cx: Context) -> tuple[Addressee, ...]:
    """addressee: a title, a mapping (title, name, honorific, salutation), or a list of them
    (a committee's chair and ranking member)."""
    if not f.has("addressee"):
        return ()
    value = f.node["addressee"]
    if isinstance(value, list):
        items = list(f.mappings("addressee")) if all(isinstance(v, dict) for v in value) else []
        if not items:
            f.error(
                "expected a list of mappings (title, name, honorific, salutation)",
                f.at("addressee"),
                "write one {title: ..., name: ...} per person addressed",
            )
        return tuple(_addressee(item, loc, cx) for item, loc in items)
    if isinstance(value, dict):
        return (_addressee(value, f.at("addressee"), cx, "addressee"),)
    title = f.text("addressee")
    return (Addressee(title=title, loc=f.at("addressee")),) if title else ()


def _addressee(node: Any, loc: Location, cx: Context, path: str = "") -> Addressee:
    a = cx.fields(node, loc, ADDRESSEE_KEYS, path or loc.path)
    if a.ok and not (a.has("title") or a.has("name")):
        a.error("an addressee needs a title or a name", loc, "add 'title: Register of Copyrights'")
    return Addressee(
        title=a.text("title"),
        name=a.text("name"),
        honorific=a.text("honorific"),
        salutation=a.text("salutation"),
        loc=loc,
    )


def read_questions(d: Fields, cx: Context) -> tuple[Question, ...]:
    questions: list[Question] = []
    seen: set[str] = set()
    for item, iloc in d.mappings("questions"):
        q = cx.fields(item, iloc, QUESTION_KEYS, iloc.path)
        number = q.text("number", required=True)
        if number in seen:
            q.error(f"duplicate question number '{number}'", q.at("number"), "number them uniquely")
        seen.add(number)
        questions.append(
            Question(
                number=number,
                text=q.text("text", required=True),
                topics=q.texts("topics", slugs=True),
                group=q.text("group"),
                page=read_page(q),
                generated=q.boolean("generated", default=False),
                suggested_topics=q.texts("suggested_topics", slugs=True),
                loc=iloc,
            )
        )
    return tuple(questions)


def read_fr_doc(d: Fields) -> str:
    fr_doc = d.text("fr_doc")
    if fr_doc and not FR_DOC_RE.match(fr_doc):
        d.warn(
            f"'{fr_doc}' does not look like a Federal Register document number",
            d.at("fr_doc"),
            "write it as printed in the notice, like 2023-18624",
        )
    return fr_doc


def read_page(q: Fields) -> int | None:
    if not q.has("page"):
        return None
    page = q.integer("page")
    if page < 1:
        if not q.problems_at("page"):
            q.error(f"expected a page number, got {page}", q.at("page"), "like 59947")
        return None
    return page


# -- sources.yaml and outlets.yaml ------------------------------------------------------
SOURCE_KEYS = (
    "type", "author", "title", "short", "date", "url", "publisher", "citation", "pages", "full",
    "public_law", "stat", "code", "witness", "accessed",
)  # fmt: skip
STATUTE_KEYS = ("public_law", "stat", "code")
PUBLIC_LAW_RE = re.compile(r"\d{1,3}-\d{1,4}(?:, (?:tit\.|div\.|§) [\w.-]+)?")
STAT_RE = re.compile(r"\d{1,4} Stat\. \d[\d,]*(?:, \d[\d,]*)?")
BILL_RE = re.compile(r"(?:S|H\.R|H\.R\.|S\.B|H\.B|A\.B|S\.J\. Res|H\.J\. Res)\.? ?\d")
OUTLET_KEYS = ("name", "words", "links", "bio")


def read_sources(data: Any, loc: Location, cx: Context) -> dict[str, Source]:
    top = cx.fields(data, loc, ())
    out: dict[str, Source] = {}
    for key in top.node:
        name = top.key_name(key, "a source key")
        f = cx.fields(top.node[key], top.at(key), SOURCE_KEYS, name)
        kind = f.text("type", required=True)
        if kind and kind not in SOURCE_TYPES:
            f.error(f"unknown source type '{kind}'", f.at("type"), did_you_mean(kind, SOURCE_TYPES))
        url = f.text("url")
        if url and not re.match(r"^https?://\S+$", url):
            f.error(f"'{url}' is not a web address", f.at("url"), "start it with https://")
        _check_statute(f, kind)
        out[name] = Source(
            key=name,
            type=kind,
            title=f.text("title", required=True),
            author=f.text("author"),
            date=f.date("date"),
            url=url,
            publisher=f.text("publisher"),
            citation=f.text("citation"),
            pages=f.text("pages"),
            full=f.text("full"),
            short=f.text("short"),
            public_law=f.text("public_law"),
            stat=f.text("stat"),
            code=f.text("code"),
            witness=f.text("witness"),
            accessed=f.date("accessed"),
            loc=f.loc,
        )
    return out


def _check_statute(f: Fields, kind: str) -> None:
    """Statute fields belong to statutes, in their Bluebook form; an enacted law is no bill."""
    for key in STATUTE_KEYS:
        if f.has(key) and kind != "statute":
            f.error(f"'{key}' is for statutes, not a {kind}", f.at(key), "remove it")
    if f.has("witness") and kind != "hearing":
        f.error(f"'witness' is for hearings, not a {kind}", f.at("witness"), "remove it")
    if kind != "statute":
        return
    law, stat = f.text("public_law"), f.text("stat")
    if law and not PUBLIC_LAW_RE.fullmatch(law):
        f.error(f"'{law}' is not a public law number", f.at("public_law"), "write it like 119-12")
    if stat and not STAT_RE.fullmatch(stat):
        f.error(f"'{stat}' is not a Statutes at Large citation", f.at("stat"),
                "write it like '139 Stat. 55'")  # fmt: skip
    if law and not stat:
        f.error("a public law needs its Statutes at Large page", f.at("public_law"),
                "add stat: like '139 Stat. 55'")  # fmt: skip
    citation = f.text("citation")
    if "(enacted)" in citation or (BILL_RE.match(citation) and (law or f.has("code"))):
        f.error(
            f"the enacted law is cited as a bill: '{citation}'",
            f.at("citation"),
            "cite the law: give public_law and stat (and code if codified), drop the bill citation",
        )


def read_outlets(data: Any, loc: Location, cx: Context) -> dict[str, Outlet]:
    top = cx.fields(data, loc, ())
    out: dict[str, Outlet] = {}
    for key in top.node:
        oid = top.key_name(key, "an outlet id")
        f = cx.fields(top.node[key], top.at(key), OUTLET_KEYS, oid)
        if not SLUG_RE.match(oid):
            f.error(f"'{oid}' is not a valid outlet id", top.key_loc(key), "use lowercase-hyphens")
        out[oid] = Outlet(
            id=oid,
            name=f.text("name", required=True),
            words=read_range(f),
            links=f.boolean("links", default=True),
            bio=f.text("bio", default="one-sentence"),
            loc=f.loc,
        )
    return out


def read_range(f: Fields) -> tuple[int, int]:
    value = f.node.get("words")
    if not f.has("words"):
        f.error("missing required key 'words'", f.at("words"), "add 'words: [600, 1000]'")
        return (0, 0)
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 < value[0] <= value[1]
    )
    if not ok:
        f.error(
            f"expected a word range like [600, 1000], got {describe(value)}",
            f.at("words"),
            "give the minimum and maximum word counts, smallest first",
        )
        return (0, 0)
    assert isinstance(value, list)
    return (value[0], value[1])


# -- campaigns/<id>.yaml ---------------------------------------------------------------
CAMPAIGN_KEYS = (
    "name", "kind", "positions", "signer", "date", "output", "targets",
    "summaries", "similarity_threshold",
)  # fmt: skip
TARGET_KEYS = ("agency", "outlet", "docket", "positions", "emphasis", "vars")


def read_campaign(data: Any, loc: Location, stem: str, cx: Context) -> Campaign:
    f = cx.fields(data, loc, CAMPAIGN_KEYS)
    kind = f.text("kind", default="letter")
    if kind not in ("letter", "oped"):
        f.error(f"unknown kind '{kind}'", f.at("kind"), "use 'letter' or 'oped'")
    default_output = "{agency}-{docket}.docx" if kind == "letter" else "{outlet}.docx"
    output = f.text("output", default=default_output)
    check_output_pattern(f, output)
    targets = []
    for item, iloc in f.mappings("targets", required=True):
        t = cx.fields(item, iloc, TARGET_KEYS, iloc.path)
        target = Target(
            agency=t.slug("agency"),
            outlet=t.slug("outlet"),
            docket=t.text("docket"),
            positions=t.texts("positions", slugs=True),
            emphasis=t.texts("emphasis", slugs=True),
            vars=read_vars(t),
            loc=iloc,
            refs=t.refs("agency", "outlet", "docket", "positions", "emphasis"),
        )
        needed = "agency" if kind == "letter" else "outlet"
        if t.ok and not getattr(target, needed):
            t.error(
                f"missing required key '{needed}'",
                t.at(needed),
                f"a {kind} campaign names the {needed} of each target",
            )
        targets.append(target)
    return Campaign(
        id=stem,
        name=f.text("name", required=True),
        kind=kind,
        output=output,
        targets=tuple(targets),
        positions=f.texts("positions", slugs=True),
        signer=f.text("signer"),
        date=f.date("date"),
        summaries=f.boolean("summaries", default=False),
        # Every outlet wants an exclusive piece: op-ed drafts must differ far more than letters.
        similarity_threshold=f.number(
            "similarity_threshold", default=0.3 if kind == "oped" else 0.8, low=0.0, high=1.0
        ),
        file=loc.file,
        loc=f.loc,
        output_loc=f.at("output"),
        refs=f.refs("positions", "signer"),
    )


def read_vars(t: Fields) -> dict[str, Any]:
    if not t.has("vars"):
        return {}
    value = t.node["vars"]
    if not isinstance(value, dict):
        t.error(f"expected a mapping, got {describe(value)}", t.at("vars"))
        return {}
    return {str(k): v for k, v in value.items()}


def check_output_pattern(f: Fields, pattern: str) -> None:
    loc = f.at("output")
    try:
        fields = [(n, s, c) for _, n, s, c in string.Formatter().parse(pattern) if n is not None]
    except ValueError as error:
        f.error(f"output pattern is malformed: {error}", loc, "use fields like {agency}")
        return
    names = [n for n, _, _ in fields]
    for name, spec, conversion in fields:
        # '{agency:>100000000}' would build a name of 100 million characters.
        if spec or conversion:
            extra = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            f.error(
                f"the output pattern's field '{{{name}{extra}}}' has a format; "
                "fields are plain names",
                loc,
                f"write {{{name}}} without '{extra}'",
            )
    for name in names:
        if name not in OUTPUT_FIELDS:
            f.error(
                f"unknown field '{{{name}}}' in the output pattern",
                loc,
                f"use {', '.join('{' + n + '}' for n in OUTPUT_FIELDS)}",
            )
    path = PurePosixPath(pattern.replace("\\", "/"))
    if path.is_absolute() or re.match(r"^[A-Za-z]:", pattern) or ".." in path.parts:
        f.error(
            "output pattern leaves the output folder",
            loc,
            "give a relative name such as '{agency}-{docket}.docx'",
        )
    if path.suffix.lower() not in OUTPUT_FORMATS:
        f.error(
            f"output pattern must end in one of {', '.join(OUTPUT_FORMATS)}",
            loc,
            "the extension picks the format, e.g. '{agency}.docx'",
        )
