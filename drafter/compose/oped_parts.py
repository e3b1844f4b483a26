"""The parts of an op-ed, each written once: the news, the thesis, the points, the paragraphs
other positions lend, the objection and its answer, and the close.

Every part is Markdown in paragraphs of at most four sentences, its citations already links on
the claim words. ``oped.py`` decides which parts a draft uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from drafter.compose.links import link_claims, strip_citations
from drafter.compose.wording import call_to_action, paragraphs, sentences, with_turn
from drafter.errors import Location
from drafter.model import Argument, Position, Workspace
from drafter.text.readability import count_words

MAX_POINTS = 3
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


class Linker:
    """Citations to links on the claim words (dropped for an outlet without links)."""

    def __init__(self, ws: Workspace, links: bool):
        self.sources, self.links = ws.sources, links

    def __call__(self, text: str, loc: Location, where: str) -> str:
        if not self.links:
            return strip_citations(text)
        return link_claims(text, self.sources, where=where, loc=loc)


class Writer:
    """Writes the parts of one op-ed; remembers which arguments are said, so none is twice."""

    def __init__(
        self,
        ws: Workspace,
        lead: Position,
        peg: Position | None,
        links: bool,
        proper: frozenset[str],
    ):
        self.lead, self.peg, self.proper = lead, peg, proper
        self.link = Linker(ws, links)
        self.used: set[tuple[str, str]] = set()

    def argument(self, pos: Position, arg: Argument, label: str, *, first: bool = False) -> Part:
        """An argument in its op-ed form (its first paragraph only, when ``first``)."""
        text, loc = argument_text(arg)
        paras = paragraphs(self.link(text, loc, f"{pos.id}/{arg.id}"))
        self.used.add((pos.id, arg.id))
        return Part(label, tuple(paras[:1] if first else paras), loc, pos, arg)

    def news(self, peg_text: str) -> tuple[Part, Part | None]:
        """The lede, and a second paragraph on the news for a longer slot."""
        lead, peg = self.lead, self.peg
        if peg_text:
            loc = Location(path="--peg")
            linked = self.link(peg_text, loc, "the --peg text")
            return Part("the --peg text", tuple(paragraphs(linked)), loc), None
        if peg is None:  # no news module: the lead's first argument opens
            return self.argument(lead, lead.arguments[0], "the lede", first=True), None
        lede = self.argument(peg, peg.arguments[0], "the lede", first=True)
        # The second paragraph: the news module's argument closest to the lead's topics (not
        # its last one when that one closes the piece), so that each lead gets its own lede.
        spare = peg.arguments[1 : None if peg.kicker.strip() else -1]
        if peg is lead or not spare:
            return lede, None
        best = max(spare, key=lambda a: (closeness(lead, a), -spare.index(a)))
        return lede, self.argument(peg, best, "the lede's second paragraph", first=True)

    def thesis(self, claim: str) -> Part:
        """The thesis: the news module's last stance sentence as a bridge, then the claim."""
        lead, peg = self.lead, self.peg
        bridge = sentences(peg.stance)[-1] if peg is not None and peg is not lead else ""
        loc = replace(lead.loc, path="stance")
        linked = self.link(f"{bridge} {claim}".strip(), loc, lead.id)
        return Part("the thesis", tuple(paragraphs(linked)), loc, lead)

    def close(self, *, from_news: bool) -> tuple[Part, str]:
        """The close: back to the news, then one call to action; and that call alone."""
        lead, peg = self.lead, self.peg
        back, back_loc = "", Location()
        if from_news and peg is not None and peg.kicker.strip():
            back, back_loc = peg.kicker, peg.locs.get("kicker", peg.loc)
        elif from_news and peg is not None and peg is not lead and len(peg.arguments) > 1:
            last = peg.arguments[-1]
            text, back_loc = argument_text(last)
            back = sentences(text)[-1]
            self.used.add((peg.id, last.id))
        cta, cta_loc = "", lead.loc
        if lead.kicker.strip() and lead is not peg:
            cta, cta_loc = lead.kicker, lead.locs.get("kicker", lead.loc)
        elif lead.asks:
            cta = call_to_action(ask_text(lead.asks[0]), self.proper)
            cta_loc = replace(lead.loc, path="asks[0]")
        parts = ((back, back_loc, peg.id if peg else ""), (cta, cta_loc, lead.id))
        said = [self.link(text, loc, where) for text, loc, where in parts if text.strip()]
        return Part("the close", tuple(paragraphs(" ".join(said))), cta_loc, lead), cta

    def points(self, most: int) -> list[Part]:
        """The lead's arguments not said yet, best first."""
        lead = self.lead
        free = [a for a in lead.arguments if (lead.id, a.id) not in self.used][:most]
        return [self.argument(lead, a, f"argument {lead.id}/{a.id}") for a in free]

    def support(self, others: Sequence[Position], *, named: Sequence[str]) -> list[Part]:
        """One paragraph from each other position, closest to the lead first. A position named
        with -p always lends one; otherwise only one that shares the lead's topics."""
        lent: list[tuple[int, int, Part]] = []  # (closeness, order, part)
        for order, other in enumerate(others):
            free = [a for a in other.arguments if (other.id, a.id) not in self.used]
            if not free:
                continue
            best = max(free, key=lambda a: support_score(self.lead, other, a))
            shared = closeness(self.lead, best)
            if shared or other.id in named:
                label = f"argument {other.id}/{best.id}"
                lent.append((shared, order, self.argument(other, best, label, first=True)))
        return [p for _, _, p in sorted(lent, key=lambda t: (-t[0], t[1]))]

    def objection(self) -> tuple[Part | None, Part | None]:
        """The lead's first concern stated fairly, and its answer with a clear turn."""
        lead = self.lead
        if not lead.concerns:
            return None, None
        concern = lead.concerns[0]
        where, loc = f"{lead.id} concerns[0]", concern.loc
        stated = self.link(f"{OBJECTION_OPENER} {concern.concern}", loc, where)
        reply = self.link(with_turn(concern.response, self.proper), loc, where)
        return (
            Part("the to-be-sure paragraph", tuple(paragraphs(stated)), loc, lead),
            Part("the answer to the objection", tuple(paragraphs(reply)), loc, lead),
        )

    def lenders(self, ws: Workspace, asked: set[str]) -> list[tuple[Position, int]]:
        """Each position not asked for, with the words of the paragraph it could lend."""
        out = []
        for other in sorted(ws.positions.values(), key=lambda p: (p.priority, p.id)):
            if other.id not in asked and other.arguments:
                best = max(other.arguments, key=lambda a: support_score(self.lead, other, a))
                out.append((other, count_words(paragraphs(argument_text(best)[0])[0])))
        return out


def argument_text(arg: Argument) -> tuple[str, Location]:
    """An argument as op-eds use it: its ``short`` form, else its full text."""
    if arg.short.strip():
        return arg.short, arg.short_loc
    return arg.text, arg.text_loc


def closeness(lead: Position, arg: Argument) -> int:
    """How close an argument is to the lead: the lead's own topics count twice, its
    arguments' topics once."""
    own = set(lead.topics)
    inherited = set().union(*(a.topics for a in lead.arguments)) - own
    return 2 * len(own & set(arg.topics)) + len(inherited & set(arg.topics))


def support_score(lead: Position, position: Position, arg: Argument) -> tuple[int, bool, int]:
    """How well an argument backs the lead: its closeness; then one its own module would not
    lead with (beyond its first three), so pieces led by different modules stay distinct;
    then file order."""
    index = position.arguments.index(arg)
    return (closeness(lead, arg), index >= MAX_POINTS, -index)


def ask_text(ask: Any) -> str:
    """An ask's sentence (an ask may be a plain string or carry its addressees)."""
    return str(getattr(ask, "text", ask))


def texts_of(positions: Iterable[Position | None]) -> Iterable[str]:
    """Every prose field of some positions, to learn which words are names."""
    for p in positions:
        if p is None:
            continue
        yield p.stance
        for a in p.arguments:
            yield a.text
            yield a.short
        for c in p.concerns:
            yield c.concern
            yield c.response
