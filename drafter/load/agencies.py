"""The reader of agencies/<id>.yaml: an agency, its addressees, dockets and questions."""

from __future__ import annotations

import re
from typing import Any

from drafter.errors import Location
from drafter.load.fields import Context, Fields, check_id
from drafter.model import (
    Addressee,
    Agency,
    Docket,
    Question,
)

DOCKET_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d{4}-\d{4}$|^[A-Z]+_FRDOC_\d{4}$")


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
