"""Comment letters: plan the answers, render the template, turn citations into footnotes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from drafter.compose import checks
from drafter.compose.answers import count_answered
from drafter.compose.framing import framing, framing_warnings
from drafter.compose.letter import plan_letter
from drafter.compose.names import org_in_text
from drafter.draft.common import (
    FOOTNOTE_DEF_RE,
    Draft,
    Engine,
    LetterRequest,
    Stats,
    body_words,
    signer_for,
)
from drafter.draft.unfinished import refuse_unfinished, unfinished_problems
from drafter.errors import DrafterError, Location, Problem
from drafter.model import Docket, Workspace
from drafter.render import SAMPLE_MARK

if TYPE_CHECKING:
    from markdown_it.token import Token

SUMMARY_LIMIT = 5000  # characters regulations.gov's comment box accepts


def draft_letter(ws: Workspace, request: LetterRequest, *, engine: Engine | None = None) -> Draft:
    """Compose, render and cite one comment letter."""
    from drafter.text.citations import cite_footnotes
    from drafter.text.markdown import parse_tokens

    engine = engine or Engine(ws)
    on = request.today
    signer = signer_for(ws, request.signer)  # the command line's mistakes first
    plan = plan_letter(
        ws,
        request.agency,
        docket_id=request.docket,
        positions=request.positions,
        emphasis=request.emphasis,
        today=on,
        general=request.general,
        matching=engine.matching,
    )
    date = request.date or on
    context = {
        "org": ws.organization,
        "signer": signer,
        "date": date,
        "agency": plan.agency,
        "docket": plan.docket,
        "positions": plan.positions,
        "answers": plan.answers,
        "unanswered": plan.unanswered,
        "asks": plan.asks,
        "concerns": plan.concerns,
        "outlet": None,
        "budget": None,
        "peg": "",
        "vars": dict(request.vars),
        "kind": "letter",
        **framing(ws, plan),
    }
    source = engine.render("letter.md.j2", context)
    unfinished = refuse_unfinished(
        unfinished_problems(ws, source, allowed=request.allow_placeholders)
    )
    cited = cite_footnotes(
        source, ws.sources, page_commas=ws.defaults.citation_page_commas, where="letter.md.j2"
    )
    markdown = cited.markdown
    summary = engine.render("summary.txt.j2", context).strip() + "\n"
    if ws.sample:  # the comment box is filed too
        summary = f"{SAMPLE_MARK}\n\n{summary}"
    tokens = parse_tokens(markdown)  # the only parse: the words here, the document in render()
    text, words = body_words(markdown, tokens)
    footnotes = len(FOOTNOTE_DEF_RE.findall(markdown))
    docket = plan.docket
    stats = Stats(
        words=words,
        pages=checks.pages_estimate(words, footnotes),
        footnotes=footnotes,
        questions_answered=count_answered(plan.answers),
        questions_total=len(docket.questions) if docket else 0,
        days_left=checks.days_left(docket, on) if docket else None,
    )
    stats.warnings = [
        *letter_warnings(markdown, summary, docket, stats),
        *unfinished,
        *framing_warnings(plan, context["names"]),
        *repeat_warnings(tokens),
    ]
    title = f"Comments of {org_in_text(ws.organization)}"
    if docket:
        title += f" on {docket.title}"
    return Draft(
        kind="letter",
        markdown=markdown,
        title=title,
        subject=docket.id if docket else plan.agency.name,
        keywords=", ".join(c.id for c in plan.positions),
        date=date,
        stats=stats,
        fields={
            "agency": plan.agency.id,
            "docket": docket.id if docket else "general",
            "outlet": "",
            "date": date.isoformat(),
            "signer": signer.id,
        },
        summary=summary,
        body_text=text,
        citations=cited.notes,
        parsed=(markdown, tokens),
    )


def letter_warnings(
    markdown: str, summary: str, docket: Docket | None, stats: Stats
) -> list[Problem]:
    out = []
    if docket is not None and stats.days_left is not None and stats.days_left < 0:
        out.append(
            Problem(
                f"the comment deadline for {docket.id} passed {-stats.days_left} days ago",
                severity="warning",
                hint="check whether the agency reopened the comment period",
            )
        )
    if len(summary) > SUMMARY_LIMIT:
        out.append(
            Problem(
                f"the comment-box text is {len(summary):,} characters; regulations.gov accepts "
                f"{SUMMARY_LIMIT:,}",
                severity="warning",
                hint="shorten the asks or the organization's description",
            )
        )
    return out


def check_summary(draft: Draft) -> str:
    """The comment-box text, refused when longer than regulations.gov accepts."""
    if len(draft.summary) > SUMMARY_LIMIT:
        raise DrafterError(
            f"the comment-box text is {len(draft.summary):,} characters; regulations.gov "
            f"accepts {SUMMARY_LIMIT:,}",
            location=Location("summary.txt.j2"),
            hint="shorten the asks or the organization's description",
        )
    return draft.summary


def repeat_warnings(tokens: Sequence[Token]) -> list[Problem]:
    """A warning for each sentence of eight words or more that the letter says twice."""
    from drafter.text.repeats import repeated_sentences

    return [
        Problem(
            f'the sentence "{r.sentence}" appears twice: under {r.first} and under {r.second}',
            severity="warning",
            hint="say it once; point to the earlier answer instead (a response plan's `see:`)",
        )
        for r in repeated_sentences(tokens)
    ]
