"""Readers of drafter.yaml and of stance modules (positions/<id>.yaml), one per schema of
DESIGN.md section 2.

Readers check each field on its own; cross-references between files are checked in
``references.py`` once everything is read. Prose fields are remembered with their location
(``Context.markdown``) so that the prose checks can point at them.
"""

from __future__ import annotations

from typing import Any

from drafter.errors import Location
from drafter.load.fields import Context, Fields, check_id, describe, did_you_mean
from drafter.model import (
    Argument,
    Ask,
    Concern,
    Defaults,
    Organization,
    Position,
    Signer,
)

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
