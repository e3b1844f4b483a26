"""Read the topic vocabulary (topics.yaml) and response plans (responses/<docket>.yaml).

Each reader checks its own file; ``check_plans`` then checks what a plan names against the
rest of the workspace (agency, docket, question numbers, arguments), and ``opening_warnings``
flags arguments that cannot stand alone at the head of an answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from drafter.errors import Location, Problem
from drafter.load.fields import SLUG_RE, Context, Fields, describe, did_you_mean
from drafter.load.located import LocDict
from drafter.model import PlannedAnswer, Position, ResponsePlan, Topic, Workspace

TOPIC_KEYS = ("words",)
PLAN_KEYS = ("agency", "docket", "unlisted", "answers")
ANSWER_KEYS = ("use", "see", "lead")
UNLISTED = ("auto", "skip")
ARGUMENT_REF_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$")

# Openings that lean on a sentence the reader may not have seen: an argument can be placed
# alone under any question, so its first words must not point back.
NEEDS_ANTECEDENT = (
    "none of this", "none of these", "also", "this", "these", "those", "that", "it", "its",
    "such", "they", "moreover", "furthermore", "likewise", "similarly",
)  # fmt: skip
_OPENING_RE = re.compile(
    r"^\W*(" + "|".join(re.escape(w) for w in NEEDS_ANTECEDENT) + r")\b", re.IGNORECASE
)


# -- topics.yaml -----------------------------------------------------------------------
def read_topics(data: Any, loc: Location, cx: Context) -> dict[str, Topic]:
    top = cx.fields(data, loc, ())
    out: dict[str, Topic] = {}
    for key in top.node:
        tid = str(key)
        f = cx.fields(top.node[key], top.at(tid), TOPIC_KEYS, tid)
        if not SLUG_RE.match(tid):
            f.error(
                f"'{tid}' is not a valid topic id",
                top.key_loc(key),
                "use lowercase letters, digits and hyphens, like 'fair-use'",
            )
        out[tid] = Topic(id=tid, words=f.texts("words", required=True), loc=f.loc)
    return out


# -- responses/<docket>.yaml -----------------------------------------------------------
def read_response_plan(data: Any, loc: Location, stem: str, cx: Context) -> ResponsePlan:
    f = cx.fields(data, loc, PLAN_KEYS)
    docket = f.text("docket", required=True)
    if docket and docket.upper() != stem.upper():
        f.error(
            f"docket '{docket}' does not match the file name '{stem}.yaml'",
            f.at("docket"),
            f"rename the file to '{docket}.yaml' or set 'docket: {stem}'",
        )
    unlisted = f.text("unlisted", default="auto")
    if unlisted not in UNLISTED:
        f.error(
            f"unknown value '{unlisted}' for unlisted",
            f.at("unlisted"),
            "use 'auto' (questions not listed are answered automatically) or 'skip' "
            "(only the listed questions are answered)",
        )
    return ResponsePlan(
        agency=f.slug("agency", required=True),
        docket=docket or stem,
        answers=_read_answers(f, cx),
        unlisted=unlisted if unlisted in UNLISTED else "auto",
        file=loc.file,
        loc=f.loc,
        refs=f.refs("agency", "docket"),
    )


def _read_answers(f: Fields, cx: Context) -> tuple[PlannedAnswer, ...]:
    if not f.has("answers"):
        return ()
    node = f.node["answers"]
    answers = cx.fields(node, f.at("answers"), (), "answers")
    out: list[PlannedAnswer] = []
    for key in answers.node:
        at = answers.at(str(key))
        number = _question_number(key, answers)
        if number is None:
            continue
        value = answers.node[key]
        if value == "skip":
            out.append(PlannedAnswer(number=number, skip=True, loc=at))
            continue
        if value == "auto":
            continue  # the same as not listing it
        if not isinstance(value, dict):
            answers.error(
                f"expected 'skip' or a mapping with use, see or lead, got {describe(value)}",
                at,
                f'write  "{number}": skip  or  "{number}": {{use: [position.argument]}}',
            )
            continue
        a = cx.fields(value, at, ANSWER_KEYS, f"answers.{number}")
        use = _argument_refs(a, "use") if "use" in a.node else None
        out.append(
            PlannedAnswer(
                number=number,
                use=use,
                see=_argument_refs(a, "see"),
                lead=cx.markdown(a, "lead"),
                loc=at,
                refs=a.refs("use", "see"),
            )
        )
    return tuple(out)


def _question_number(key: Any, answers: Fields) -> str | None:
    """A question number as written: "8", "8.1"; an unquoted 8 is fine, an unquoted 8.10 not."""
    if isinstance(key, (bool, float)):
        typed = answers.node.key_text.get(key, key) if isinstance(answers.node, LocDict) else key
        answers.error(
            f"question number {typed} must be quoted",
            answers.key_loc(key),
            'quote question numbers, like "8.1": unquoted, 8.10 reads as the number 8.1',
        )
        return None
    return str(key).strip()


def _argument_refs(a: Fields, key: str) -> tuple[str, ...]:
    refs: list[str] = []
    for ref in a.texts(key):
        if ARGUMENT_REF_RE.match(ref):
            refs.append(ref)
            continue
        a.error(
            f"'{ref}' is not an argument reference",
            a.refs(key).get((key, ref), a.at(key)),
            "name an argument as position.argument, like 'licensing.opt-out-not-opt-in'",
        )
    return tuple(refs)


# -- references between a plan and the workspace ---------------------------------------
def check_plans(ws: Workspace, broken_positions: set[str] | None = None) -> list[Problem]:
    """Each plan's agency, docket, question numbers and arguments must exist."""
    broken = broken_positions or set()
    problems: list[Problem] = []
    arguments = {
        f"{p.id}.{a.id}": a for p in ws.positions.values() for a in p.arguments
    }  # fmt: skip
    for plan in ws.responses.values():
        agency = ws.agencies.get(plan.agency)
        if agency is None:
            loc = plan.refs.get(("agency", plan.agency), plan.loc)
            problems.append(
                Problem(
                    f"unknown agency '{plan.agency}'", loc, did_you_mean(plan.agency, ws.agencies)
                )
            )
            continue
        docket = agency.docket(plan.docket)
        if docket is None:
            loc = plan.refs.get(("docket", plan.docket), plan.loc)
            problems.append(
                Problem(
                    f"unknown docket '{plan.docket}' of {agency.id}: this plan answers a docket "
                    "that does not exist",
                    loc,
                    did_you_mean(plan.docket, [d.id for d in agency.dockets])
                    + f" Or add the docket to {agency.file or 'agencies/' + agency.id + '.yaml'}",
                )
            )
            continue
        numbers = [q.number for q in docket.questions]
        for entry in plan.answers:
            if entry.number not in numbers:
                problems.append(
                    Problem(
                        f"docket {docket.id} has no question '{entry.number}'",
                        entry.loc,
                        did_you_mean(entry.number, numbers),
                    )
                )
            for key in ("use", "see"):
                for ref in getattr(entry, key) or ():
                    if ref in arguments or ref.split(".")[0] in broken:
                        continue
                    loc = entry.refs.get((key, ref), entry.loc)
                    problems.append(
                        Problem(
                            f"unknown argument '{ref}'", loc, _argument_hint(ref, ws, arguments)
                        )
                    )
    return problems


def _argument_hint(ref: str, ws: Workspace, arguments: Mapping[str, Any]) -> str:
    """Did you mean an argument of the same position (or of any, when the position is unknown)?"""
    position = ws.positions.get(ref.partition(".")[0])
    if position is None:
        return did_you_mean(ref, arguments)
    return did_you_mean(ref, [f"{position.id}.{a.id}" for a in position.arguments])


# -- arguments that must stand alone ---------------------------------------------------
def opening_warnings(positions: Mapping[str, Position], texts: Mapping[str, str]) -> list[Problem]:
    """A warning for each argument whose text opens on words that point back to something."""
    problems: list[Problem] = []
    for position in positions.values():
        for argument in position.arguments:
            if argument.lead:
                continue  # the lead opens the answer; the text follows it
            match = _OPENING_RE.match(argument.text)
            if not match:
                continue
            words = match.group(1)
            loc = _find_line(
                texts.get(argument.text_loc.file, ""), argument.text, argument.text_loc
            )
            problems.append(
                Problem(
                    f"argument '{position.id}.{argument.id}' opens with \"{words}\", which points "
                    "back to something the reader of a single answer has not seen",
                    loc,
                    "rewrite the first sentence so that it stands on its own, or add a 'lead:' "
                    "sentence to open the answer",
                    severity="warning",
                )
            )
    return problems


def _find_line(text: str, prose: str, loc: Location) -> Location:
    """The line where the prose's first words stand (a folded value starts below its key)."""
    first = " ".join(prose.split()[:3])
    lines = text.splitlines()
    for number in range(max(loc.line, 1), min(len(lines), loc.line + 5) + 1):
        col = " ".join(lines[number - 1].split()).find(first)
        if col >= 0:
            indent = len(lines[number - 1]) - len(lines[number - 1].lstrip())
            return Location(loc.file, number, indent + 1, loc.path)
    return loc
