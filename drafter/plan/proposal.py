"""The automatic plan as a response-plan file the staffer edits (responses/<docket>.yaml).

Every question is listed, so that the letter does not change when a module does until the
staffer says so: the arguments proposed for it (scores as comments, weak ones marked), or
`skip` with the best that fell short. Only plain slugs and quoted numbers are written as
values; every text the workspace supplies goes into comments, so the file always parses.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence

from drafter.model import Agency
from drafter.plan.relevance import STRONG, THRESHOLD, Score
from drafter.plan.responses import SKIPPED, DocketPlan, PlannedQuestion

WIDTH = 96


def proposal_text(
    plan: DocketPlan, agency: Agency, positions: Sequence[str], *, today: dt.date
) -> str:
    """The YAML text of a response plan proposing what the matcher chose."""
    docket = plan.docket
    lines = [
        f"# Response plan for Docket No. {docket.id}, {_one_line(docket.title)} "
        f"({_one_line(agency.name)}).",
        f"# Proposed by `drafter plan` on {today.isoformat()} from the positions "
        f"{', '.join(positions)}.",
        "#",
        "# Edit it, run `drafter check`, and `drafter letter "
        f"{agency.id} --docket {docket.id}` follows it:",
        "#   use: [position.argument, ...]  the arguments made under a question, in order",
        "#                                  (used under two questions: written in full under",
        "#                                  the first, pointed to from the second)",
        "#   see: [position.argument]       arguments only pointed to, as answered elsewhere",
        "#   lead: ...                      an opening sentence written for the question",
        '#   "12": skip                     leave a question unanswered',
        f"# Scores: {THRESHOLD:g} or more answers a question; under {STRONG:g} the match is weak.",
        f"agency: {agency.id}",
        f"docket: {docket.id}",
        "unlisted: auto  # questions not listed: auto (matched automatically) or skip",
        "",
        "answers:",
    ]
    for p in plan.questions:
        lines += _entry(p)
    return "\n".join(lines) + "\n"


def _entry(p: PlannedQuestion) -> list[str]:
    head = textwrap.wrap(
        f"{p.number}. {_one_line(p.question.text)}",
        WIDTH - 4,
        initial_indent="  # ",
        subsequent_indent="  #     ",
    )
    key = f'  "{p.number}":'
    full = [u for u in p.uses if u.full]
    pointers = [u for u in p.uses if not u.full]
    if p.how == SKIPPED or not p.uses:
        why = "skipped in the saved plan" if p.how == SKIPPED else _why_unanswered(p)
        return [*head, f"  # {why}", f"{key} skip"]
    out = [*head, key]
    if full:
        out.append("    use:")
        out += [f"      - {u.key}  # {_score(u.score)}" for u in full]
    if pointers:
        out.append("    see:")
        out += [
            f"      - {u.key}  # {_score(u.score)}; made in full under Question {u.see}"
            for u in pointers
        ]
    for key_, score in p.alternatives()[:2]:
        out.append(f"    # also: {key_} {_score(score)}")
    return out


def _why_unanswered(p: PlannedQuestion) -> str:
    best = p.alternatives()[:1]
    if not best:
        return "no argument answers it"
    key, score = best[0]
    return f"no argument scores {THRESHOLD:g} or more; the best: {key} {_score(score)}"


def _score(score: Score | None) -> str:
    if score is None:
        return "pinned"
    weak = " weak" if score.answers and score.weak else ""
    return score.explain() + weak


def _one_line(text: str) -> str:
    """Workspace text in a comment: one line, nothing YAML would read."""
    return " ".join(text.split())
