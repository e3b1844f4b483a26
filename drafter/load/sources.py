"""The readers of sources.yaml (the citation library) and outlets.yaml (op-ed outlets)."""

from __future__ import annotations

import re
from typing import Any

from drafter.errors import Location
from drafter.load.fields import SLUG_RE, Context, Fields, describe, did_you_mean
from drafter.model import (
    SOURCE_TYPES,
    Outlet,
    Source,
)

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
