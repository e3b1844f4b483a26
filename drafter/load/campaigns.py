"""The reader of campaigns/<id>.yaml: a batch of letters or op-eds and its output pattern."""

from __future__ import annotations

import re
import string
from pathlib import PurePosixPath
from typing import Any

from drafter.errors import Location
from drafter.load.fields import Context, Fields, describe
from drafter.model import (
    Campaign,
    Target,
)

OUTPUT_FIELDS = ("agency", "docket", "outlet", "date", "signer")
OUTPUT_FORMATS = (".docx", ".md", ".txt", ".pdf")


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
