"""The pitch e-mail that goes with an op-ed: what an opinion editor reads before the piece.

A subject line; three sentences (the news, the argument, the one ask); the word count; an
exclusivity statement for that outlet; the author's contact block; then the piece itself as
plain text, ready to paste into the body of the e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafter.compose.wording import lower_first, sentences
from drafter.model import Organization, Outlet, Signer
from drafter.text.templates import plain

RULE = "-" * 40


@dataclass(frozen=True)
class PitchFacts:
    """What the pitch says, all as Markdown or plain text from the finished draft."""

    outlet: Outlet
    headline: str
    news: str  # the lede: its first sentence names the news peg
    claim: str  # the thesis: its first sentence is the argument
    cta: str  # the call to action: its last sentence is the ask
    words: int
    signer: Signer
    org: Organization
    piece: str  # the op-ed as plain text
    proper: frozenset[str] = frozenset()  # names, which keep their capitals mid-sentence


def pitch_sentences(f: PitchFacts) -> list[str]:
    """The three sentences of the pitch: the news, the argument, the ask."""
    news = _first(f.news)
    claim = _first(f.claim).rstrip(".!?")
    title = f.headline.rstrip()
    quoted = f"“{title}”" if title.endswith(("?", "!")) else f"“{title},”"
    argument = f"My op-ed, {quoted} argues that {lower_first(claim, f.proper)}."
    asks = sentences(plain(f.cta))
    ask = (
        f"It ends with one clear ask, that {lower_first(asks[-1], f.proper)}"
        if asks
        else "It ends by asking readers to act on that argument."
    )
    return [news, argument, ask]


def pitch_text(f: PitchFacts) -> str:
    """The whole pitch file, as plain text."""
    low, high = f.outlet.words
    contact = [f.signer.name, ", ".join(x for x in (f.signer.title, f.org.name) if x)]
    contact += [x for x in (f.signer.email, *f.org.address, f.org.website) if x]
    lines = [
        f"Subject: Op-ed submission for {f.outlet.name}: {f.headline} ({f.words:,} words)",
        "",
        f"Dear opinion editors at {f.outlet.name},",
        "",
        " ".join(pitch_sentences(f)),
        "",
        f"Word count: {f.words:,} words (your range: {low:,}–{high:,}).",
        "",
        f"Exclusivity: I am offering this piece to {f.outlet.name} exclusively. It has not been "
        "published or submitted anywhere else, and it will not go to another outlet while you "
        "consider it. If it is not for you, a short note would let me offer it elsewhere.",
        "",
        "Thank you for considering it.",
        "",
        *contact,
        "",
        RULE,
        "",
        f.piece.strip(),
        "",
    ]
    return "\n".join(lines)


def _first(markdown: str) -> str:
    found = sentences(plain(markdown))
    return found[0] if found else ""
