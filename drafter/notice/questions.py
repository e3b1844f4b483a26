"""Find a notice's questions: numbered, sub-numbered, lettered, bulleted or plain prose.

Numbered paragraphs form runs (1, 2, 3 …, with 8.1 or 8.a under 8); a run counts as the
notice's questions when it stands under a question heading ("Questions", "Request for
Comment", …) or when most of its items ask something. Without such a run, the bullets and
the paragraphs that ask something under a question heading are the questions, numbered in
order by the import and marked as generated. Each question keeps the nearest heading as its
group, and the page it starts on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from drafter.notice.document import Block, docket_ids

QUESTION_HEADING_RE = re.compile(
    r"question|request(?:s|ed)? for (?:public )?(?:comments?|information|input)"
    r"|issues? (?:for|on which) (?:public )?comment|topics? for (?:public )?comment"
    r"|comments? (?:are )?(?:requested|sought|invited)|specific (?:areas|topics|requests)",
    re.I,
)
ASK_RE = re.compile(
    r"\?|^(?:please|describe|identify|explain|provide|discuss|list|share|comment|suggest"
    r"|indicate|specify|propose|recommend|to what extent|how|what|which|why|whether|should"
    r"|is|are|do|does|can|could|would|will|who|when|where|in what|under what)\b",
    re.I,
)
SUB_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?\s+(\S.*)$", re.S)
TOP_RE = re.compile(r"^\(?(\d{1,3})[.)]\s+(\S.*)$", re.S)
LETTER_RE = re.compile(r"^\(?([a-z])[.)]\s+(\S.*)$", re.S)
BULLET_RE = re.compile(r"^(?:[•●▪◦‣∙·]|[-–—*](?=\s))\s*(\S.*)$", re.S)
LABEL_RE = re.compile(r"^(?:[IVXL]+|[A-Z]|\d+)\.\s+")


@dataclass(frozen=True)
class FoundQuestion:
    """A question as the notice asks it."""

    number: str
    text: str
    group: str = ""
    page: int | None = None
    generated: bool = False  # the notice did not number it; the import did
    docket: str = ""  # the docket its section names, if any


@dataclass
class _Run:
    """A numbered sequence of items: 1, 2, 2.1, 2.a, 3 …"""

    level: int  # the heading level that ends it
    region: bool  # under a question heading
    docket: str
    label: str  # the label of its section's heading ("B"), to tell runs apart
    items: list[FoundQuestion] = field(default_factory=list)
    tops: list[int] = field(default_factory=list)

    def asks(self) -> bool:
        tops = [q for q in self.items if "." not in q.number]
        return bool(tops) and sum(bool(ASK_RE.search(q.text)) for q in tops) * 2 >= len(tops)


@dataclass(frozen=True)
class QuestionList:
    questions: tuple[FoundQuestion, ...]
    style: str  # "numbered" | "bulleted" | "prose" | "none"
    sections: int = 1  # separately numbered question sections found


def find_questions(blocks: Sequence[Block], dockets: Sequence[str] = ()) -> QuestionList:
    """Every question of the notice's body, in order."""
    runs = [run for run in _runs(blocks, dockets) if run.region or run.asks()]
    if runs:
        return QuestionList(_numbered(runs), "numbered", len(runs))
    found, bullets = _unnumbered(blocks)
    if not found:
        return QuestionList((), "none", 0)
    return QuestionList(tuple(found), "bulleted" if bullets else "prose")


def for_docket(found: QuestionList, docket: str) -> tuple[FoundQuestion, ...]:
    """The questions of one docket: its own section's, and those of no docket's section."""
    return tuple(q for q in found.questions if q.docket in ("", docket))


def group_name(heading: str) -> str:
    return LABEL_RE.sub("", heading).strip()


# -- numbered runs -------------------------------------------------------------------------
class _Headings:
    """The headings above the current block: their levels, texts and the dockets they name."""

    def __init__(self, dockets: Sequence[str]):
        self.stack: list[Block] = []
        self.dockets = set(dockets)

    def push(self, block: Block) -> None:
        while self.stack and self.stack[-1].level >= block.level:
            self.stack.pop()
        self.stack.append(block)

    @property
    def group(self) -> str:
        return group_name(self.stack[-1].text) if self.stack else ""

    @property
    def region(self) -> Block | None:
        return next((h for h in self.stack if QUESTION_HEADING_RE.search(h.text)), None)

    @property
    def docket(self) -> str:
        for heading in reversed(self.stack):
            named = [d for d in docket_ids(heading.text) if d in self.dockets]
            if len(named) == 1:
                return named[0]
        return ""


def _runs(blocks: Sequence[Block], dockets: Sequence[str]) -> list[_Run]:
    runs: list[_Run] = []
    heads = _Headings(dockets)
    run: _Run | None = None
    after_heading = False
    for block in blocks:
        if block.kind == "heading":
            heads.push(block)
            if run is not None and block.level <= run.level:
                run = None
            after_heading = True
            continue
        sub, top, letter = (r.match(block.text) for r in (SUB_RE, TOP_RE, LETTER_RE))
        bullet = BULLET_RE.match(block.text)
        if top and (run is None or int(top.group(1)) == 1 or int(top.group(1)) <= run.tops[-1]):
            if run is None and int(top.group(1)) != 1 and heads.region is None:
                continue  # a list that starts mid-way outside a question section
            region = heads.region
            start = region or (heads.stack[-1] if heads.stack else None)
            run = _Run(
                level=start.level if start else 0,
                region=region is not None,
                docket=heads.docket,
                label=_label(start.text) if start else "",
            )
            runs.append(run)
        if run is None:
            continue
        if top:
            number = top.group(1)
            run.tops.append(int(number))
            run.items.append(_question(number, top.group(2), heads, block, run))
        elif sub and sub.group(1).rsplit(".", 1)[0] in {q.number for q in run.items}:
            run.items.append(_question(sub.group(1), sub.group(2), heads, block, run))
        elif letter and run.items:
            parent = run.items[-1].number.split(".")[0]
            run.items.append(
                _question(f"{parent}.{letter.group(1)}", letter.group(2), heads, block, run)
            )
        elif bullet and run.items:
            _bullet(run, bullet.group(1), heads, block)
        elif run.items and not after_heading and _continues(run.items[-1].text, block.text):
            last = run.items[-1]
            run.items[-1] = FoundQuestion(
                last.number, f"{last.text}\n\n{block.text}", last.group, last.page, last.generated,
                last.docket,
            )  # fmt: skip
        after_heading = False
    return [run for run in runs if run.items]


def _question(number: str, text: str, heads: _Headings, block: Block, run: _Run) -> FoundQuestion:
    return FoundQuestion(number, text.strip(), heads.group, block.page, False, run.docket)


def _bullet(run: _Run, text: str, heads: _Headings, block: Block) -> None:
    """A bullet under a numbered question: a sub-question if it asks, else part of the text."""
    parent = run.items[-1].number.split(".")[0]
    if not ASK_RE.search(text):
        last = run.items[-1]
        run.items[-1] = FoundQuestion(
            last.number, f"{last.text}\n\n• {text}", last.group, last.page, last.generated,
            last.docket,
        )  # fmt: skip
        return
    taken = {q.number for q in run.items}
    n = 1
    while f"{parent}.{n}" in taken:
        n += 1
    run.items.append(
        FoundQuestion(f"{parent}.{n}", text, heads.group, block.page, True, run.docket)
    )


def _continues(question: str, paragraph: str) -> bool:
    """Whether an unnumbered paragraph goes on with the question before it."""
    return question.rstrip().endswith(":") or paragraph[:1].islower()


def _label(heading: str) -> str:
    match = re.match(r"^(?:Part\s+)?([IVXL]+|[A-Z])[.:]\s", heading)
    return match.group(1) if match else ""


def _numbered(runs: list[_Run]) -> tuple[FoundQuestion, ...]:
    """All runs' questions; runs that would repeat a number are told apart by a prefix."""
    out: list[FoundQuestion] = []
    seen: dict[str, set[str]] = {}
    for i, run in enumerate(runs):
        numbers = {q.number for q in run.items}
        clash = numbers & seen.setdefault(run.docket, set())
        prefix = f"{run.label or chr(ord('A') + i)}-" if clash else ""
        for q in run.items:
            number = prefix + q.number
            seen[run.docket].add(number)
            out.append(
                FoundQuestion(
                    number, q.text, q.group, q.page, q.generated or bool(prefix), q.docket
                )
            )
    return tuple(out)


# -- unnumbered questions -------------------------------------------------------------------
def _unnumbered(blocks: Sequence[Block]) -> tuple[list[FoundQuestion], bool]:
    """Bullets and asking paragraphs under a question heading, numbered 1, 2, 3 …"""
    heads = _Headings(())
    found: list[FoundQuestion] = []
    bullets = False
    for block in blocks:
        if block.kind == "heading":
            heads.push(block)
            continue
        if heads.region is None:
            continue
        bullet = BULLET_RE.match(block.text)
        if bullet:
            text, bullets = bullet.group(1), True
        elif "?" in block.text:
            text = block.text
        else:
            continue
        found.append(FoundQuestion(str(len(found) + 1), text, heads.group, block.page, True))
    return found, bullets
