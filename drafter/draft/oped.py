"""Op-eds: plan the parts, fit them to the outlet's word range, report what an editor checks."""

from __future__ import annotations

import datetime as dt

from drafter.compose import checks
from drafter.compose.budget import Budget, Cut, Fit, budget_for, cuts, fit
from drafter.compose.oped import (
    MIN_POINTS,
    TEMPLATE,
    Plan,
    context_for,
    gather,
    parts_of,
    resolve_outlet,
)
from drafter.compose.oped_parts import Linker
from drafter.compose.pitch import PitchFacts, pitch_text
from drafter.compose.wording import bio_line
from drafter.draft.common import Draft, Engine, OpedRequest, Stats, signer_for
from drafter.draft.unfinished import refuse_unfinished, unfinished_problems
from drafter.errors import BudgetError, Location, Problem
from drafter.model import Organization, Outlet, Signer, Workspace
from drafter.render import SAMPLE_MARK
from drafter.text import readability
from drafter.text.readability import body_text

MAX_GRADE = 12.0
PEG_MAX_AGE = 30  # days: an older news peg is no longer news


def draft_oped(ws: Workspace, request: OpedRequest, *, engine: Engine | None = None) -> Draft:
    """Compose an op-ed for the outlet and fit it to the outlet's word range."""
    engine = engine or Engine(ws)
    outlet = resolve_outlet(ws, request.outlet)
    budget = budget_for(outlet, request.words)
    signer = signer_for(ws, request.signer)
    date = request.date or request.today
    plan = gather(ws, request, outlet)
    org = ws.organization
    positions = [plan.lead, *(p.position for p in plan.support if p.position)]
    base = {
        "kind": "oped",
        "org": org,
        "signer": signer,
        "date": date,
        "outlet": outlet,
        "budget": budget,
        "peg": request.peg,
        "positions": positions,
        "vars": dict(request.vars),
        "agency": None,
        "docket": None,
        "bio": bio_line(signer, org.name, org.description, outlet.bio),
    }
    rendered: dict[Cut, str] = {}
    link = Linker(ws, outlet.links)  # for citations written in the template itself

    def count(cut: Cut) -> int:
        text = engine.render(TEMPLATE, context_for(plan, cut, base)).strip()
        rendered[cut] = link(text, Location(file=TEMPLATE), TEMPLATE) + "\n"
        return len(body_text(rendered[cut]).split())

    order = cuts(len(plan.points), plan.more_lede is not None, len(plan.support), fewest=MIN_POINTS)
    found = fit(count, budget, order)
    if found.cut is None:
        raise _no_fit(found, plan, outlet, budget, request)
    markdown = rendered[found.cut]
    unfinished = refuse_unfinished(
        unfinished_problems(ws, markdown, allowed=request.allow_placeholders, what="op-ed")
    )
    text = body_text(markdown)
    words = len(text.split())
    stats = Stats(
        words=words,
        pages=checks.pages_estimate(words),
        grade=round(readability.grade(text), 1),
        range=(budget.min, budget.max),
        links=sum(k.type == "link_open" for k in readability.inlines(markdown)),
    )
    stats.warnings = unfinished + oped_warnings(stats, plan, date)
    return Draft(
        kind="oped",
        markdown=markdown,
        title=plan.headline,
        subject=outlet.name,
        keywords=", ".join(p.id for p in positions),
        date=date,
        stats=stats,
        fields={
            "agency": "",
            "docket": "",
            "outlet": outlet.id,
            "date": date.isoformat(),
            "signer": signer.id,
            "lead": plan.lead.id,
        },
        body_text=text,
        pitch=_pitch(plan, outlet, markdown, words, org, signer, sample=ws.sample),
    )


def _pitch(
    plan: Plan,
    outlet: Outlet,
    markdown: str,
    words: int,
    org: Organization,
    signer: Signer,
    *,
    sample: bool,
) -> str:
    from drafter.render.text import render_text

    facts = PitchFacts(
        outlet=outlet,
        headline=plan.headline,
        news=plan.lede.text,
        claim=plan.claim,
        cta=plan.cta,
        words=words,
        signer=signer,
        org=org,
        piece=render_text(markdown),
        proper=plan.proper,
    )
    # A sample workspace's pitch must not reach an editor as if it were real.
    return f"{SAMPLE_MARK}\n\n{pitch_text(facts)}" if sample else pitch_text(facts)


# ---------------------------------------------------------------- failures and warnings


def _no_fit(
    found: Fit, plan: Plan, outlet: Outlet, budget: Budget, request: OpedRequest
) -> BudgetError:
    """The error for a draft that cannot fit: too long (what to cut) or too short (who can
    lend the missing words)."""
    cut, words = found.shortest
    if words > budget.max:
        named = "; ".join(
            f"{label}, {n} words" + (f" at {loc}" if loc.file else "")
            for label, loc, n in parts_of(plan, cut)[:3]
        )
        return BudgetError(
            f"the shortest draft is {words:,} words; {outlet.name} allows at most {budget.max:,}",
            hint=f"shorten the longest parts ({named}) or pass --words {words}",
        )
    reach = max(w for _, w in found.tried if w <= budget.max)
    missing = budget.min - reach
    lead = plan.lead
    lenders = [
        f"{p.id} ({p.file or 'positions/' + p.id + '.yaml'}, {n} words)" for p, n in plan.lenders
    ]
    where = lead.file or f"positions/{lead.id}.yaml"
    if lenders:
        fix = (
            "add a position that can lend a supporting paragraph with -p: "
            + ", ".join(lenders)
            + f"; or add arguments with a short: form to {where}"
        )
    else:
        fix = f"add arguments with a short: form to {where}"
    return BudgetError(
        f"the op-ed led by {lead.id} reaches at most {reach:,} words; {outlet.name} expects "
        f"at least {budget.min:,} ({missing:,} words missing)",
        location=Location(file=where),
        hint=f"{fix}; or pass --words {reach} to accept a shorter piece; nothing is padded",
    )


def oped_warnings(stats: Stats, plan: Plan, date: dt.date) -> list[Problem]:
    out = []
    if stats.grade is not None and stats.grade > MAX_GRADE:
        out.append(
            Problem(
                f"the body reads at grade {stats.grade:.1f} (Flesch–Kincaid); aim for "
                f"{MAX_GRADE:.0f} or below",
                severity="warning",
                hint="use shorter sentences and plainer words in the arguments' short forms",
            )
        )
    if plan.peg_date is not None and (date - plan.peg_date).days > PEG_MAX_AGE:
        days = (date - plan.peg_date).days
        what = plan.peg.id if plan.peg else "--peg"
        out.append(
            Problem(
                f"the news peg ({what}) dates from {plan.peg_date.isoformat()}, {days} days before "
                f"{date.isoformat()}: editors want news from the last few weeks",
                plan.peg_loc,
                "lead with fresher news (--peg TEXT --peg-date YYYY-MM-DD), or update the "
                "peg module's lede and peg_date",
                severity="warning",
            )
        )
    if plan.dek_repeats:
        out.append(
            Problem(
                "the dek repeats a sentence of the body, so the op-ed has none",
                plan.lead.locs.get("dek", Location(file=plan.lead.file)),
                "write a dek that says the point in other words",
                severity="warning",
            )
        )
    if plan.objection is None:
        out.append(
            Problem(
                f"the op-ed answers no objection: {plan.lead.id} has no concerns",
                Location(file=plan.lead.file),
                "add the strongest objection and your answer under concerns:",
                severity="warning",
            )
        )
    return out
