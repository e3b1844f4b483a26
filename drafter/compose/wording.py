"""The op-ed's wording rules: headline and dek, short paragraphs, a clear turn, one ask.

Pure functions over Markdown strings; ``oped.py`` decides what goes where.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from drafter.compose.names import COMMON_NOUNS, head_noun
from drafter.model import Signer
from drafter.text import readability
from drafter.text.templates import plain

MAX_SENTENCES = 4  # a newspaper paragraph: an editor splits anything longer
HEADLINE_WORDS = 14  # a longer claim is cut at a clause boundary
# A response that already turns against the objection keeps its own words.
_TURN_RE = re.compile(
    r"^(?:but|yet|still|however|even so|that is|the answer|the better answer|the fix|we agree"
    r"|agreed|true|fair enough|no\b|not so|nothing|the opposite)\b",
    re.I,
)
_TURN_INSIDE_RE = re.compile(r"^(?:but|yet|however|still)\b", re.I)
_HEADLINE_CUTS = (", without ", ", rather than ", " rather than ", ", while ", "; ", " and would ")

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


# ---------------------------------------------------------------- sentences and paragraphs


def sentences(markdown: str) -> list[str]:
    """The sentences of a Markdown paragraph, whitespace collapsed."""
    return readability.sentences(" ".join(markdown.split()))


def paragraphs(markdown: str, most: int = MAX_SENTENCES) -> list[str]:
    """A text as paragraphs of at most ``most`` sentences, long ones cut into even parts."""
    out = []
    for block in re.split(r"\n[ \t]*\n", markdown.strip()):
        found = sentences(block)
        if not found:
            continue
        parts = -(-len(found) // most)
        size = -(-len(found) // parts)
        out += [" ".join(found[i : i + size]) for i in range(0, len(found), size)]
    return out


def sentence_key(sentence: str) -> str:
    """What two sentences share when a reader would call them the same sentence."""
    return " ".join(readability.words(plain(sentence).lower()))


def drop_repeats(blocks: list[list[str]], seen: Iterable[str] = ()) -> list[list[str]]:
    """Blocks of paragraphs with every sentence said before (or in ``seen``) left out."""
    said = {sentence_key(s) for s in seen} - {""}
    out = []
    for block in blocks:
        kept_block = []
        for paragraph in block:
            kept = []
            for sentence in sentences(paragraph):
                key = sentence_key(sentence)
                if key and key in said:
                    continue
                said.add(key)
                kept.append(sentence)
            if kept:
                kept_block.append(" ".join(kept))
        out.append(kept_block)
    return out


# ---------------------------------------------------------------- capitals


def proper_words(texts: Iterable[str]) -> frozenset[str]:
    """Words written with a capital inside a sentence (names: China, Congress, NIST)."""
    found: set[str] = set()
    for text in texts:
        for sentence in sentences(plain(text)):
            for word in readability.words(sentence)[1:]:
                if word[:1].isupper():
                    found.add(_base(word))
    return frozenset(found)


def _base(word: str) -> str:
    """A word without its possessive ending: China's → China."""
    return re.sub(r"['’]s$", "", word)


def lower_first(text: str, proper: frozenset[str]) -> str:
    """The text with its first letter lower-cased, unless the first word is a name."""
    words = readability.words(text)
    if not words:
        return text
    first = words[0]
    if _base(first) in proper or first == "I" or any(c.isupper() for c in first[1:]):
        return text
    at = text.index(first)
    return text[:at] + first[:1].lower() + text[at + 1 :]


# ---------------------------------------------------------------- headline, dek, thesis


def headline_from(stance: str) -> str:
    """A headline built from the thesis: its first sentence as a claim, cut short if long."""
    found = sentences(plain(stance))
    claim = found[0] if found else plain(stance)
    claim = claim.rstrip(".!? ")
    for cut in _HEADLINE_CUTS:
        if len(claim.split()) <= HEADLINE_WORDS:
            break
        at = claim.find(cut)
        if at > 0 and len(claim[:at].split()) >= 5:
            claim = claim[:at]
    return claim[:1].upper() + claim[1:]


def dek_and_thesis(stance: str, dek: str) -> tuple[str, str]:
    """The dek and the thesis paragraph: the module's own dek and the whole stance, else the
    stance's last sentence as the dek and the others as the thesis.
    """
    if dek.strip():
        return " ".join(dek.split()), " ".join(stance.split())
    found = sentences(stance)
    if len(found) < 2:
        return "", " ".join(found)
    return plain(found[-1]), " ".join(found[:-1])


# ---------------------------------------------------------------- the turn and the ask


def with_turn(response: str, proper: frozenset[str]) -> str:
    """An answer to an objection that plainly turns against it ("But …")."""
    found = sentences(response)
    if not found:
        return response
    if _TURN_RE.match(found[0]) or any(_TURN_INSIDE_RE.match(s) for s in found[1:2]):
        return " ".join(found)
    return " ".join(["But " + lower_first(found[0], proper), *found[1:]])


def plain_words(text: str) -> str:
    """A recommendation in plain words: bureaucratic phrases replaced, one sentence."""

    def swap(m: re.Match[str]) -> str:
        new = _PLAIN_WORDS[m[1].lower()]
        return new[:1].upper() + new[1:] if m[1][:1].isupper() else new

    text = _PLAIN_RE.sub(swap, " ".join(text.split()))
    return text if text.endswith((".", "!", "?")) else text + "."


def call_to_action(ask: str, proper: frozenset[str]) -> str:
    """One ask as the piece's call to action: "Washington should …"."""
    return "Washington should " + lower_first(plain_words(ask), proper)


def bio_line(signer: Signer, org_name: str, org_description: str, style: str) -> str:
    """The signer's bio, one sentence or (``two-sentence`` outlets) two."""
    own = readability.sentences(plain(signer.bio))
    if not own:
        title = f"{signer.title} at " if signer.title else "with "
        own = [f"{signer.name} is {title}{org_name}."]
    if style.startswith("two"):
        extra = [
            _second_mention(s, org_name, own[0])
            for s in readability.sentences(plain(org_description))[:1]
        ]
        return " ".join((own + extra)[:2])
    return own[0]


def _second_mention(sentence: str, org_name: str, before: str) -> str:
    """A sentence that opens on the organization's full name, just named in the sentence
    before, opens on "The institute" (its head noun, lower case, as AP style has it) or "It"."""
    if org_name not in before:
        return sentence
    for form in (f"The {org_name}", f"the {org_name}", org_name):
        if sentence.startswith(form + " "):
            noun = head_noun(org_name)
            again = f"The {noun.lower()}" if noun in COMMON_NOUNS else "It"
            return again + sentence[len(form) :]
    return sentence
