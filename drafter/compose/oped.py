"""Op-eds: one argument, carried by one lead position, in the shape an editor expects.

The lede is the news peg (``--peg TEXT``, else the *peg module*: the position whose topics
include ``news-peg``, else the one with id ``global-race``); the thesis is the lead position's
stance, bridged from the news by the peg module's last stance sentence; two or three of the
lead's arguments make the points; the lead's first concern is stated fairly and answered
with a clear turn; the close returns to the news (the peg module's ``kicker``) and makes one
call to action (the lead's ``kicker``, else its first ask). Other positions lend at most one
supporting paragraph each, and only when the outlet's minimum needs them.

The lead is the first ``emphasis`` module (campaigns), else the first ``-p``, else the
highest-priority module that is not the peg module. Every part is kept to paragraphs of at
most four sentences, its citations made links on the claim words (``links.py``), and no
sentence is said twice (``wording.drop_repeats``). Fitting to the word range is ``budget.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from drafter.compose.budget import Cut
from drafter.compose.letter import pick
from drafter.compose.oped_parts import MAX_POINTS, Part, Writer, texts_of
from drafter.compose.requests import OpedRequest
from drafter.compose.wording import (
    dek_and_thesis,
    drop_repeats,
    headline_from,
    proper_words,
    sentence_key,
    sentences,
)
from drafter.errors import Location, UnknownReference
from drafter.load.fields import did_you_mean
from drafter.model import Argument, Outlet, Position, Workspace

PEG_TOPIC = "news-peg"
PEG_ID = "global-race"
DEFAULT_OUTLET = "the-hill"
MIN_POINTS = 2
TEMPLATE = "oped.md.j2"


@dataclass(frozen=True)
class Plan:
    """Everything an op-ed can say, before fitting, and what its pitch needs."""

    lead: Position
    peg: Position | None  # the peg module the lede comes from (None with --peg)
    peg_date: dt.date | None
    peg_loc: Location  # where the peg's date is written (peg_date, or --peg-date)
    headline: str
    dek: str
    lede: Part
    more_lede: Part | None  # the news peg's second paragraph, for a longer slot
    thesis: Part
    points: tuple[Part, ...]  # the lead's arguments, best first
    support: tuple[Part, ...]  # one paragraph lent by each other position, in order
    objection: Part | None
    answer: Part | None
    close: Part
    cta: str  # the close's call to action, for the pitch
    claim: str  # the thesis without the bridge from the news, for the pitch
    proper: frozenset[str]  # names in the positions' text, which keep their capitals
    lenders: tuple[tuple[Position, int], ...]  # positions not asked for, and the words each
    # could lend (one paragraph): what a draft too short for its outlet could add with -p
    dek_repeats: bool = False  # the position's dek was a sentence of the body: left out


@dataclass(frozen=True)
class Point:
    """A part as the template shows it."""

    position: Position | None
    argument: Argument | None
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


# ---------------------------------------------------------------- choosing the positions


def resolve_outlet(ws: Workspace, outlet_id: str) -> Outlet:
    """The named outlet; with no name, the-hill, else the first outlet listed."""
    if not outlet_id:
        outlet_id = DEFAULT_OUTLET if DEFAULT_OUTLET in ws.outlets else next(iter(ws.outlets), "")
    if outlet_id not in ws.outlets:
        raise UnknownReference(
            f"unknown outlet '{outlet_id}'", hint=did_you_mean(outlet_id, ws.outlets)
        )
    return ws.outlets[outlet_id]


def peg_position(ws: Workspace) -> Position | None:
    """The context module the lede comes from when no --peg is given."""
    tagged = sorted(
        (p for p in ws.positions.values() if PEG_TOPIC in p.topics),
        key=lambda p: (p.priority, p.id),
    )
    return tagged[0] if tagged else ws.positions.get(PEG_ID)


def choose(ws: Workspace, request: OpedRequest) -> tuple[Position | None, Position, list[Position]]:
    """(the peg module, the lead position, the other positions argued), in order."""
    peg = None if request.peg else peg_position(ws)
    emphasis = pick(ws, request.emphasis)
    if request.positions:
        chosen = pick(ws, dict.fromkeys(request.positions))
    else:
        chosen = sorted(ws.positions.values(), key=lambda p: (p.priority, p.id))
    argued = [p for p in chosen if p is not peg] or chosen
    lead = emphasis[0] if emphasis else argued[0]
    return peg, lead, [p for p in argued if p is not lead]


def lead_position(ws: Workspace, request: OpedRequest) -> Position:
    """The position an op-ed for this request leads with (for a campaign's exclusivity)."""
    return choose(ws, request)[1]


# ---------------------------------------------------------------- the parts


def gather(ws: Workspace, request: OpedRequest, outlet: Outlet) -> Plan:
    """Choose the positions and prepare every part the op-ed may use."""
    peg, lead, others = choose(ws, request)
    # Names learned from every module: one the lead writes only at a sentence start (Congress)
    # must keep its capital when the pitch puts it mid-sentence.
    names = proper_words(texts_of(ws.positions.values()))
    write = Writer(ws, lead, peg, outlet.links, names)
    lede, more_lede = write.news(request.peg)
    dek, claim = dek_and_thesis(lead.stance, lead.dek)
    thesis = write.thesis(claim)
    close, cta = write.close(from_news=not request.peg)
    points = write.points(MAX_POINTS)
    support = write.support(others, named=request.positions)
    objection, answer = write.objection()
    asked = {p.id for p in (lead, *others)} | ({peg.id} if peg else set())
    body = [lede, more_lede, thesis, *points, *support, objection, answer, close]
    said = {sentence_key(s) for part in body if part for p in part.paragraphs for s in sentences(p)}
    dek_repeats = bool(dek) and any(sentence_key(s) in said for s in sentences(dek))
    return Plan(
        lead=lead,
        peg=peg,
        peg_date=request.peg_date if request.peg else (peg.peg_date if peg else None),
        peg_loc=(
            Location(path="--peg-date")
            if request.peg
            else (peg.locs.get("peg_date", peg.loc) if peg else Location())
        ),
        headline=request.headline or lead.headline or headline_from(lead.stance),
        dek="" if dek_repeats else dek,  # a dek never repeats the body: left out, with a warning
        dek_repeats=dek_repeats,
        lede=lede,
        more_lede=more_lede,
        thesis=thesis,
        points=tuple(points),
        support=tuple(support),
        objection=objection,
        answer=answer,
        close=close,
        cta=cta,
        claim=claim,
        proper=write.proper,
        lenders=tuple(write.lenders(ws, asked)),
    )


# ---------------------------------------------------------------- one cut of the draft


def blocks_of(plan: Plan, cut: Cut) -> list[Part]:
    """The parts a cut keeps, in reading order."""
    out = [plan.lede]
    if cut.more_lede and plan.more_lede is not None:
        out.append(plan.more_lede)
    out += [plan.thesis, *middle(plan, cut)]
    out += [p for p in (plan.objection, plan.answer) if p is not None]
    return [*out, plan.close]


def middle(plan: Plan, cut: Cut) -> list[Part]:
    """The lead's points, each followed by the lent paragraph closest to it (one a point);
    the lent paragraphs close to none of them come after the last point."""
    points, lent = list(plan.points[: cut.points]), list(plan.support[: cut.support])
    after: dict[int, Part] = {}
    rest = []
    for part in lent:
        topics = set(part.argument.topics if part.argument else ())
        near = {
            i: len(topics & set(p.argument.topics if p.argument else ()))
            for i, p in enumerate(points)
            if i not in after
        }
        best = max(near, key=lambda i: (near[i], -i), default=None)
        if best is not None and near[best]:
            after[best] = part
        else:
            rest.append(part)
    out = []
    for i, point in enumerate(points):
        out += [point, *([after[i]] if i in after else [])]
    return out + rest


def context_for(plan: Plan, cut: Cut, base: dict[str, Any]) -> dict[str, Any]:
    """The template context of one cut: every part as paragraphs, no sentence said twice."""
    parts = blocks_of(plan, cut)
    said = drop_repeats([list(p.paragraphs) for p in parts], seen=[plan.dek])
    shown = {id(p): tuple(paras) for p, paras in zip(parts, said, strict=True)}

    def paras(part: Part | None) -> list[str]:
        return list(shown.get(id(part), ())) if part is not None else []

    def point(part: Part) -> Point:
        return Point(part.position, part.argument, tuple(paras(part)))

    return {
        **base,
        "headline": plan.headline,
        "dek": plan.dek,
        "lede": paras(plan.lede) + (paras(plan.more_lede) if cut.more_lede else []),
        "thesis": paras(plan.thesis),
        "arguments": [point(p) for p in middle(plan, cut) if paras(p)],  # lent ones included
        "support": [point(p) for p in plan.support[: cut.support] if paras(p)],
        "objection": paras(plan.objection),
        "answer": paras(plan.answer),
        "close": paras(plan.close),
    }


def parts_of(plan: Plan, cut: Cut) -> list[tuple[str, Location, int]]:
    """(label, location, words) of each part of a cut, longest first."""
    parts = [(p.label, p.loc, p.words) for p in blocks_of(plan, cut)]
    return sorted(parts, key=lambda p: -p[2])
