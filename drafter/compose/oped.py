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
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from drafter.compose.budget import Cut
from drafter.compose.letter import pick
from drafter.compose.links import link_claims, strip_citations
from drafter.compose.requests import OpedRequest
from drafter.compose.wording import (
    call_to_action,
    dek_and_thesis,
    drop_repeats,
    headline_from,
    paragraphs,
    proper_words,
    sentences,
    with_turn,
)
from drafter.errors import Location, UnknownReference
from drafter.load.fields import did_you_mean
from drafter.model import Argument, Outlet, Position, Workspace
from drafter.text.readability import count_words

PEG_TOPIC = "news-peg"
PEG_ID = "global-race"
DEFAULT_OUTLET = "the-hill"
MAX_POINTS = 3
MIN_POINTS = 2
TEMPLATE = "oped.md.j2"
OBJECTION_OPENER = "To be sure, critics raise a serious objection."


@dataclass(frozen=True)
class Part:
    """One part of the op-ed: its paragraphs (Markdown, citations already links)."""

    label: str  # how hints name it: "the lede", "argument licensing/favors-incumbents"
    paragraphs: tuple[str, ...]
    loc: Location = field(default_factory=Location)
    position: Position | None = None
    argument: Argument | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        return count_words(self.text)


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
    unused: tuple[Position, ...]  # positions not asked for, which could lend a paragraph


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


class Linker:
    """Citations to links on the claim words (dropped for an outlet without links)."""

    def __init__(self, ws: Workspace, links: bool):
        self.sources, self.links = ws.sources, links

    def __call__(self, text: str, loc: Location, where: str) -> str:
        if not self.links:
            return strip_citations(text)
        return link_claims(text, self.sources, where=where, loc=loc)


def _at(loc: Location, path: str) -> Location:
    return replace(loc, path=path)


def _argument_text(arg: Argument) -> tuple[str, Location]:
    """An argument as op-eds use it: its ``short`` form, else its full text."""
    if arg.short.strip():
        return arg.short, arg.short_loc
    return arg.text, arg.text_loc


def gather(ws: Workspace, request: OpedRequest, outlet: Outlet) -> Plan:
    """Choose the positions and prepare every part the op-ed may use."""
    peg, lead, others = choose(ws, request)
    link = Linker(ws, outlet.links)
    proper = proper_words(_texts([lead, *others, *([peg] if peg else [])]))
    used: set[tuple[str, str]] = set()  # arguments already said by the lede or the close

    def part(pos: Position, arg: Argument, label: str, *, first: bool = False) -> Part:
        text, loc = _argument_text(arg)
        paras = paragraphs(link(text, loc, f"{pos.id}/{arg.id}"))
        used.add((pos.id, arg.id))
        return Part(label, tuple(paras[:1] if first else paras), loc, pos, arg)

    more_lede = None
    if request.peg:
        loc = Location(path="--peg")
        lede = Part("the --peg text", tuple(paragraphs(link(request.peg, loc, "the --peg text"))))
    elif peg is not None:
        lede = part(peg, peg.arguments[0], "the lede", first=True)
        # The news's second paragraph: the peg module's argument closest to the lead's topics
        # (not its last one when that one closes the piece), so each lead gets its own lede.
        spare = peg.arguments[1 : None if peg.kicker.strip() else -1]
        if peg is not lead and spare:
            best = max(spare, key=lambda a: (_shared(lead, a), -spare.index(a)))
            more_lede = part(peg, best, "the lede's second paragraph", first=True)
    else:
        lede = part(lead, lead.arguments[0], "the lede", first=True)

    dek, thesis_text = dek_and_thesis(lead.stance, lead.dek)
    bridge = sentences(peg.stance)[-1] if peg is not None and peg is not lead else ""
    stance_loc = _at(lead.loc, "stance")
    thesis_md = link(f"{bridge} {thesis_text}".strip(), stance_loc, lead.id)
    thesis = Part("the thesis", tuple(paragraphs(thesis_md)), stance_loc, lead)

    back, back_loc = "", Location()
    if peg is not None and peg.kicker.strip():
        back, back_loc = peg.kicker, peg.locs.get("kicker", peg.loc)
    elif peg is not None and peg is not lead and len(peg.arguments) > 1:
        last = peg.arguments[-1]
        text, back_loc = _argument_text(last)
        back = sentences(text)[-1]
        used.add((peg.id, last.id))
    cta, cta_loc = "", lead.loc
    if lead.kicker.strip() and lead is not peg:
        cta, cta_loc = lead.kicker, lead.locs.get("kicker", lead.loc)
    elif lead.asks:
        cta, cta_loc = call_to_action(_ask_text(lead.asks[0]), proper), _at(lead.loc, "asks[0]")
    close_md = " ".join(
        link(text, loc, where)
        for text, loc, where in ((back, back_loc, peg.id if peg else ""), (cta, cta_loc, lead.id))
        if text.strip()
    )
    close = Part("the close", tuple(paragraphs(close_md)), cta_loc, lead)

    points = [
        part(lead, arg, f"argument {lead.id}/{arg.id}")
        for arg in lead.arguments
        if (lead.id, arg.id) not in used
    ][:MAX_POINTS]
    lent: list[tuple[int, int, Part]] = []  # (shared topics, order, part)
    for order, other in enumerate(others):
        free = [a for a in other.arguments if (other.id, a.id) not in used]
        best = max(free, key=lambda a: _support_score(lead, other, a), default=None)
        # A module named with -p lends its paragraph; by default only one on the lead's topics.
        shared = _shared(lead, best) if best is not None else 0
        if best is not None and (shared or other.id in request.positions):
            label = f"argument {other.id}/{best.id}"
            lent.append((shared, order, part(other, best, label, first=True)))
    support = [p for _, _, p in sorted(lent, key=lambda t: (-t[0], t[1]))]

    objection = answer = None
    if lead.concerns:
        concern = lead.concerns[0]
        where = f"{lead.id} concerns[0]"
        said = link(f"{OBJECTION_OPENER} {concern.concern}", concern.loc, where)
        objection = Part("the to-be-sure paragraph", tuple(paragraphs(said)), concern.loc, lead)
        reply = link(with_turn(concern.response, proper), concern.loc, where)
        answer = Part("the answer to the objection", tuple(paragraphs(reply)), concern.loc, lead)

    asked = {p.id for p in (lead, *others)} | ({peg.id} if peg else set())
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
        dek=dek,
        lede=lede,
        more_lede=more_lede,
        thesis=thesis,
        points=tuple(points),
        support=tuple(support),
        objection=objection,
        answer=answer,
        close=close,
        cta=cta,
        claim=thesis_text,
        proper=proper,
        unused=tuple(
            p
            for p in sorted(ws.positions.values(), key=lambda p: (p.priority, p.id))
            if p.id not in asked
        ),
    )


def _shared(lead: Position, arg: Argument) -> int:
    """How close an argument is to the lead: the lead's own topics count twice, its
    arguments' topics once."""
    own = set(lead.topics)
    inherited = set().union(*(a.topics for a in lead.arguments)) - own
    return 2 * len(own & set(arg.topics)) + len(inherited & set(arg.topics))


def _support_score(lead: Position, position: Position, arg: Argument) -> tuple[int, bool, int]:
    """How well an argument backs the lead: its closeness; then one its own module would not
    lead with (beyond its first three), so pieces led by different modules stay distinct;
    then file order."""
    index = position.arguments.index(arg)
    return (_shared(lead, arg), index >= MAX_POINTS, -index)


def _ask_text(ask: Any) -> str:
    return str(getattr(ask, "text", ask))


def _texts(positions: Iterable[Position]) -> Iterable[str]:
    for p in positions:
        yield p.stance
        for a in p.arguments:
            yield a.text
            yield a.short
        for c in p.concerns:
            yield c.concern
            yield c.response


# ---------------------------------------------------------------- one cut of the draft


def blocks_of(plan: Plan, cut: Cut) -> list[Part]:
    """The parts a cut keeps, in reading order."""
    out = [plan.lede]
    if cut.more_lede and plan.more_lede is not None:
        out.append(plan.more_lede)
    out += [plan.thesis, *plan.points[: cut.points], *plan.support[: cut.support]]
    out += [p for p in (plan.objection, plan.answer) if p is not None]
    return [*out, plan.close]


def context_for(plan: Plan, cut: Cut, base: dict[str, Any]) -> dict[str, Any]:
    """The template context of one cut: every part as paragraphs, no sentence said twice."""
    parts = blocks_of(plan, cut)
    said = drop_repeats([list(p.paragraphs) for p in parts], seen=[plan.headline, plan.dek])
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
        "arguments": [point(p) for p in plan.points[: cut.points] if paras(p)],
        "support": [point(p) for p in plan.support[: cut.support] if paras(p)],
        "objection": paras(plan.objection),
        "answer": paras(plan.answer),
        "close": paras(plan.close),
    }


def parts_of(plan: Plan, cut: Cut) -> list[tuple[str, Location, int]]:
    """(label, location, words) of each part of a cut, longest first."""
    parts = [(p.label, p.loc, p.words) for p in blocks_of(plan, cut)]
    return sorted(parts, key=lambda p: -p[2])
