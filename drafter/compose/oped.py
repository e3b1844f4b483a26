"""Op-eds: a lede on a news peg, the thesis, two or three arguments, a "to be sure" paragraph,
a call to action and the author's bio line, fitted to the outlet's word range.

The news peg is ``--peg TEXT`` when given. Otherwise it is the *peg module*: the position
whose topics include ``news-peg``, else the one with id ``global-race`` (the built-in
context module). The short form of its first argument opens the op-ed, its stance's last
sentence bridges to the thesis, and its last argument's last sentence is the kicker of the
close. Without either, the lead position's first argument is the lede. Unless ``-p`` names
positions, every module but the peg module is argued.

Fitting (``budget.py``) is deterministic: the draft starts with the full text of up to three
arguments (the best argument of each leading position in turn), then tries each cut in order
until the body is inside the range with a margin below the maximum. A draft too short even
at full length takes more arguments (``growths``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from drafter.compose.budget import Cut
from drafter.compose.letter import Composed, choose_positions, order_positions, pick
from drafter.compose.requests import OpedRequest
from drafter.errors import CitationError, Location, UnknownReference
from drafter.load.fields import did_you_mean
from drafter.model import Argument, Outlet, Position, Signer, Workspace
from drafter.text import readability
from drafter.text.citations import find_citations, to_links
from drafter.text.readability import count_words
from drafter.text.templates import plain

PEG_TOPIC = "news-peg"
PEG_ID = "global-race"
DEFAULT_OUTLET = "the-hill"
MAX_ARGUMENTS = 3
MAX_GRADE = 12.0
TEMPLATE = "oped.md.j2"

# Bureaucratic phrases and their plain equivalents, for the call to action.
# fmt: off
_PLAIN_WORDS = {
    "in order to": "to", "prior to": "before", "with respect to": "on", "pursuant to": "under",
    "in accordance with": "under", "in the event that": "if", "a number of": "several",
    "at this time": "now", "utilize": "use", "utilizes": "uses", "facilitate": "help",
    "facilitates": "helps", "commence": "start", "additional": "more", "approximately": "about",
    "sufficient": "enough", "numerous": "many", "promulgate": "issue", "demonstrate": "show",
    "endeavor": "try",
}
# fmt: on
_PLAIN_RE = re.compile(r"\b(" + "|".join(map(re.escape, _PLAIN_WORDS)) + r")\b", re.I)
# fmt: off
_SMALL_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "per",
    "the", "to", "vs", "via", "with",
})
# fmt: on


@dataclass(frozen=True)
class Piece:
    """A part of the op-ed in full and short form, citations already links."""

    full: str
    short: str
    loc: Location
    short_loc: Location

    def at(self, short: bool) -> tuple[str, Location]:
        return (self.short, self.short_loc) if short else (self.full, self.loc)


@dataclass(frozen=True)
class Point:
    """One argument as the op-ed makes it; templates read ``text``."""

    position: Position
    argument: Argument
    text: str
    short: bool = False


@dataclass(frozen=True)
class Pieces:
    """Everything the op-ed can say, before fitting."""

    lede: Piece
    bridge: str  # the peg module's last stance sentence, after the full lede
    thesis: Piece  # the lead position's stance (no short form)
    candidates: tuple[tuple[Composed, Argument, Piece], ...]  # in the order they are used
    concession: tuple[Piece, Piece] | None  # (concern, response)
    kicker: str  # the close's first sentence, back to the peg
    asks: dict[str, tuple[str, ...]]  # position id → its asks, in plain words


# ---------------------------------------------------------------- wording


def headline_for(position: Position) -> str:
    """A headline from a position's title, in headline capitals."""
    words = plain(position.title).split()
    out = []
    for i, word in enumerate(words):
        edge = i in (0, len(words) - 1)
        if word != word.lower() or (word.lower() in _SMALL_WORDS and not edge):
            out.append(word)  # AI, U.S., OPEN, or a small word inside
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in word.split("-")))
    return " ".join(out)


def clip(markdown: str, first: int = 1, last: int = 0) -> str:
    """The first sentences and the last ones of a paragraph (all of it when that is shorter)."""
    found = readability.sentences(" ".join(markdown.split()))
    if len(found) <= first + last:
        return " ".join(found)
    return " ".join(found[:first] + (found[-last:] if last else []))


def dek_of(stance: str) -> str:
    """The subheadline: the stance's last sentence (the thesis keeps the others)."""
    return clip(stance, 0, 1)


def thesis_of(stance: str) -> str:
    """The thesis paragraph: the stance without the sentence the dek already says."""
    found = readability.sentences(" ".join(stance.split()))
    return " ".join(found[:-1]) if len(found) > 1 else " ".join(found)


def plain_words(text: str) -> str:
    """A recommendation in plain words: bureaucratic phrases replaced, one sentence."""

    def swap(m: re.Match[str]) -> str:
        new = _PLAIN_WORDS[m[1].lower()]
        return new[:1].upper() + new[1:] if m[1][:1].isupper() else new

    text = _PLAIN_RE.sub(swap, " ".join(text.split()))
    return text if text.endswith((".", "!", "?")) else text + "."


def bio_line(signer: Signer, org_name: str, org_description: str, style: str) -> str:
    """The signer's bio, one sentence or (``two-sentence`` outlets) two."""
    own = readability.sentences(plain(signer.bio))
    if not own:
        title = f"{signer.title} at " if signer.title else "with "
        own = [f"{signer.name} is {title}{org_name}."]
    if style.startswith("two"):
        extra = readability.sentences(plain(org_description))[:1]
        return " ".join((own + extra)[:2])
    return own[0]


# ---------------------------------------------------------------- assembling


def peg_position(ws: Workspace) -> Position | None:
    """The context module the lede comes from when no --peg is given."""
    tagged = sorted(
        (p for p in ws.positions.values() if PEG_TOPIC in p.topics),
        key=lambda p: (p.priority, p.id),
    )
    return tagged[0] if tagged else ws.positions.get(PEG_ID)


class _Linker:
    """Citations to links (dropped for an outlet without links); errors at the YAML line."""

    def __init__(self, ws: Workspace, links: bool):
        self.sources, self.links = ws.sources, links

    def __call__(self, text: str, loc: Location, label: str) -> str:
        text = text.strip()
        if not self.links:
            for start, end, _ in reversed(find_citations(text)):
                text = text[:start].rstrip() + text[end:]
            return text
        try:
            linked = to_links(text, self.sources, where=label)
        except CitationError as exc:
            source_line = exc.location.file not in ("", label)  # the sources.yaml entry
            hint = exc.hint + (f" ({exc.location})" if source_line else "")
            raise CitationError(exc.message, location=loc, hint=hint) from exc
        maybe_note = "[^" in linked or "^[" in linked
        if maybe_note and any(k.type == "footnote_ref" for k in readability.inlines(linked)):
            raise CitationError(
                f"{label} has a footnote; op-eds have none",
                location=loc,
                hint="put the note's point in the text, or cite the source with [@key]",
            )
        return linked

    def argument(self, position_id: str, arg: Argument, fallback: str = "") -> Piece:
        """An argument's two forms; without a ``short:``, the fallback or the full text."""
        label = f"{position_id}/{arg.id}"
        full = self(arg.text, arg.text_loc, label)
        if arg.short.strip():
            return Piece(full, self(arg.short, arg.short_loc, label), arg.text_loc, arg.short_loc)
        short = self(fallback, arg.text_loc, label) if fallback else full
        return Piece(full, short, arg.text_loc, arg.text_loc)

    def piece(self, full: str, short: str, loc: Location, label: str) -> Piece:
        return Piece(self(full, loc, label), self(short, loc, label), loc, loc)


def _at(loc: Location, path: str) -> Location:
    return replace(loc, path=path)


def gather(ws: Workspace, request: OpedRequest, outlet: Outlet) -> tuple[list[Composed], Pieces]:
    """Order the positions and prepare every part in full and short form."""
    peg = None if request.peg else peg_position(ws)
    pick(ws, request.emphasis)
    chosen = choose_positions(ws, None, request.positions)
    if not request.positions and peg is not None:
        chosen = [p for p in chosen if p is not peg] or [peg]
    composed = order_positions(chosen, (), request.emphasis)
    lead = composed[0]
    link = _Linker(ws, outlet.links)
    bridge = kicker = ""
    used: set[tuple[str, str]] = set()  # arguments the lede and the kicker already make
    if request.peg:
        lede = link.piece(request.peg, request.peg, Location(path="--peg"), "the --peg text")
    elif peg is not None:
        first, last = peg.arguments[0], peg.arguments[-1]
        brief = link.argument(peg.id, first, clip(first.text, 2))  # a lede is brief
        lede = Piece(brief.short, brief.short, brief.short_loc, brief.short_loc)
        used.add((peg.id, first.id))
        if peg is not lead.position:
            bridge = link(clip(peg.stance, 0, 1), _at(peg.loc, "stance"), peg.id)
        if last is not first:
            kicker = link(clip(last.short or last.text, 0, 1), last.text_loc, peg.id)
            used.add((peg.id, last.id))
    else:  # no context module: the lead's best argument opens, briefly
        arg = lead.arguments[0]
        text = arg.short or arg.text
        lede = link.piece(text, clip(text), arg.text_loc, f"{lead.id}/{arg.id}")
        used.add((lead.id, arg.id))
    stance = _at(lead.position.loc, "stance")
    thesis_text = thesis_of(lead.stance)
    thesis = link.piece(thesis_text, thesis_text, stance, lead.id)
    remaining = [[(c, a) for a in c.arguments if (c.id, a.id) not in used] for c in composed]
    candidates = [
        (c, arg, link.argument(c.id, arg))
        for round_ in itertools.zip_longest(*remaining)
        for c, arg in filter(None, round_)
    ]
    concession = None
    if concerned := [c for c in composed if c.concerns]:
        c, concern = concerned[0], concerned[0].concerns[0]
        label = f"{c.id} concerns[0]"
        concession = (
            link.piece(concern.concern, clip(concern.concern), concern.loc, label),
            link.piece(concern.response, clip(concern.response, 1, 1), concern.loc, label),
        )
    asks = {
        c.id: tuple(
            link(plain_words(a), _at(c.position.loc, f"asks[{i}]"), c.id)
            for i, a in enumerate(c.asks)
        )
        for c in composed
    }
    pieces = Pieces(lede, bridge, thesis, tuple(candidates), concession, kicker, asks)
    return composed, pieces


def context_for(pieces: Pieces, cut: Cut, base: dict) -> dict:
    """The template context of one cut."""
    points = []
    for i in cut.points:
        c, arg, piece = pieces.candidates[i]
        points.append(Point(c.position, arg, piece.at(i in cut.short)[0], i in cut.short))
    lede = pieces.lede.at(cut.lede)[0]
    if pieces.bridge and not cut.lede:
        lede = f"{lede} {pieces.bridge}"
    argued = {p.position.id for p in points}
    asks: list[str] = []
    for i, (pid, own) in enumerate(pieces.asks.items()):  # the lead's first, then in order
        if (i == 0 or pid in argued) and own and own[0] not in asks:
            asks.append(own[0])
    concern = response = ""
    if pieces.concession:
        concern_piece, response_piece = pieces.concession
        concern = concern_piece.at(cut.concession)[0]
        response = response_piece.at(cut.concession)[0]
    return {
        **base,
        "lede": lede,
        "thesis": pieces.thesis.full,
        "arguments": points,
        "concern": concern,
        "response": response,
        "close": pieces.kicker,
        "asks": asks[:1] if cut.close else asks[:MAX_ARGUMENTS],
    }


def parts_of(pieces: Pieces, cut: Cut) -> list[tuple[str, Location, int]]:
    """(label, location, words) of each part of a cut, longest first."""
    ctx = context_for(pieces, cut, {})
    parts = [
        ("the lede", pieces.lede.at(cut.lede)[1], count_words(ctx["lede"])),
        ("the thesis", pieces.thesis.loc, count_words(ctx["thesis"])),
    ]
    for i, point in zip(cut.points, ctx["arguments"], strict=True):
        label = f"argument {point.position.id}/{point.argument.id}"
        parts.append((label, pieces.candidates[i][2].at(point.short)[1], count_words(point.text)))
    if pieces.concession:
        words = count_words(ctx["concern"]) + count_words(ctx["response"])
        parts.append(("the to-be-sure paragraph", pieces.concession[0].loc, words))
    parts.append(("the close", Location(), count_words(" ".join([ctx["close"], *ctx["asks"]]))))
    return sorted(parts, key=lambda p: -p[2])


# ---------------------------------------------------------------- the draft


def resolve_outlet(ws: Workspace, outlet_id: str) -> Outlet:
    """The named outlet; with no name, the-hill, else the first outlet listed."""
    if not outlet_id:
        outlet_id = DEFAULT_OUTLET if DEFAULT_OUTLET in ws.outlets else next(iter(ws.outlets), "")
    if outlet_id not in ws.outlets:
        raise UnknownReference(
            f"unknown outlet '{outlet_id}'", hint=did_you_mean(outlet_id, ws.outlets)
        )
    return ws.outlets[outlet_id]
