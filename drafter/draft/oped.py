"""Op-eds: compose the pieces, fit them to the outlet's word range, turn citations into links."""

from __future__ import annotations

from drafter.compose import checks
from drafter.compose.budget import Budget, Cut, Tried, budget_for, fit
from drafter.compose.oped import (
    MAX_ARGUMENTS,
    MAX_GRADE,
    TEMPLATE,
    Pieces,
    _Linker,
    bio_line,
    context_for,
    dek_of,
    gather,
    headline_for,
    parts_of,
    resolve_outlet,
)
from drafter.draft.common import Draft, Engine, OpedRequest, Stats, signer_for
from drafter.errors import BudgetError, Location, Problem
from drafter.model import Outlet, Workspace
from drafter.text import readability
from drafter.text.readability import body_text
from drafter.text.templates import plain


def draft_oped(ws: Workspace, request: OpedRequest, *, engine: Engine | None = None) -> Draft:
    """Compose an op-ed for the outlet and fit it to the outlet's word range."""
    engine = engine or Engine(ws)
    outlet = resolve_outlet(ws, request.outlet)
    budget = budget_for(outlet, request.words)
    signer = signer_for(ws, request.signer)
    date = request.date or request.today
    composed, pieces = gather(ws, request, outlet)
    link = _Linker(ws, outlet.links)
    lead = composed[0]
    org = ws.organization
    base = {
        "kind": "oped",
        "org": org,
        "signer": signer,
        "date": date,
        "outlet": outlet,
        "budget": budget,
        "peg": request.peg,
        "positions": composed,
        "vars": dict(request.vars),
        "agency": None,
        "docket": None,
        "headline": request.headline or headline_for(lead.position),
        "dek": plain(dek_of(lead.stance)),
        "bio": bio_line(signer, org.name, org.description, outlet.bio),
    }
    rendered: dict[Cut, str] = {}

    def count(cut: Cut) -> int:
        text = engine.render(TEMPLATE, context_for(pieces, cut, base))
        rendered[cut] = link(text, Location(file=TEMPLATE), TEMPLATE) + "\n"
        return len(body_text(rendered[cut]).split())

    available = len(pieces.candidates)
    cut, tried = fit(
        count, budget, min(MAX_ARGUMENTS, available), available, concession=bool(pieces.concession)
    )
    if cut is None:
        raise too_long(tried, outlet, budget, pieces)
    markdown = rendered[cut]
    text = body_text(markdown)
    words = len(text.split())
    stats = Stats(
        words=words,
        pages=checks.pages_estimate(words),
        grade=round(readability.grade(text), 1),
        range=(budget.min, budget.max),
        links=sum(k.type == "link_open" for k in readability.inlines(markdown)),
    )
    stats.warnings = oped_warnings(markdown, stats, outlet)
    return Draft(
        kind="oped",
        markdown=markdown,
        title=base["headline"],
        subject=outlet.name,
        keywords=", ".join(c.id for c in composed),
        date=date,
        stats=stats,
        fields={
            "agency": "",
            "docket": "",
            "outlet": outlet.id,
            "date": date.isoformat(),
            "signer": signer.id,
        },
        body_text=text,
    )


def too_long(tried: Tried, outlet: Outlet, budget: Budget, pieces: Pieces) -> BudgetError:
    """The error for a draft that cannot fit: the counts, the longest parts, and --words."""
    cut, words = min(tried, key=lambda t: t[1])
    named = "; ".join(
        f"{label}, {n} words" + (f" ({loc})" if loc.file else "")
        for label, loc, n in parts_of(pieces, cut)[:3]
    )
    return BudgetError(
        f"the shortest draft is {words:,} words; {outlet.name} allows at most {budget.max:,}",
        hint=f"shorten the longest parts ({named}) or pass --words {words}",
    )


def oped_warnings(markdown: str, stats: Stats, outlet: Outlet) -> list[Problem]:
    out = []
    if stats.words < stats.range[0]:
        out.append(
            Problem(
                f"the op-ed is {stats.words:,} words; {outlet.name} expects at least "
                f"{stats.range[0]:,}",
                severity="warning",
                hint="add positions with -p or arguments to the modules",
            )
        )
    if stats.grade is not None and stats.grade > MAX_GRADE:
        out.append(
            Problem(
                f"the body reads at grade {stats.grade:.1f} (Flesch–Kincaid); aim for "
                f"{MAX_GRADE:.0f} or below",
                severity="warning",
                hint="use shorter sentences and plainer words in the arguments' short forms",
            )
        )
    out += checks.placeholder_warnings(markdown, "fill them in before pitching the op-ed")
    return out
