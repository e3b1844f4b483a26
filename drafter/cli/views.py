"""What the commands print, built from library results: rich tables and lines of text.

Text from the user's files goes through ``shown`` so that brackets in it stay text.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.console import RenderableType

from drafter.cli.app import shown
from drafter.compose.checks import days_left
from drafter.draft.common import Draft
from drafter.model import Agency, Docket, Workspace

if TYPE_CHECKING:
    from rich.table import Table


def workspace_summary(ws: Workspace) -> str:
    return (
        f"{len(ws.positions)} positions, {len(ws.agencies)} agencies, "
        f"{len(ws.sources)} sources, {len(ws.outlets)} outlets, "
        f"{len(ws.campaigns)} campaigns"
    )


def positions_table(ws: Workspace) -> Table:
    from rich.table import Table  # here: a letter's summary (draft_summary) needs no table

    table = Table("id", "title", "priority", "topics", "arguments", "asks")
    for p in sorted(ws.positions.values(), key=lambda p: (p.priority, p.id)):
        table.add_row(
            p.id,
            shown(p.title),
            str(p.priority),
            ", ".join(p.topics),
            str(len(p.arguments)),
            str(len(p.asks)),
        )
    return table


def agencies_table(ws: Workspace, on: dt.date) -> Table:
    from rich.table import Table

    table = Table("id", "agency", "dockets", "next open docket", "days left")
    for a in sorted(ws.agencies.values(), key=lambda a: a.id):
        nxt = a.next_open_docket(on)
        table.add_row(
            a.id,
            shown(a.name),
            str(len(a.dockets)),
            shown(nxt.id) if nxt else "—",
            str(days_left(nxt, on)) if nxt else "—",
        )
    return table


def agency_details(a: Agency, on: dt.date) -> list[RenderableType]:
    from rich.table import Table

    """An agency's name, address and interests, then each docket with its questions."""
    parent = f", {shown(a.parent)}" if a.parent else ""
    parts: list[RenderableType] = [
        f"[bold]{shown(a.name)}[/bold] ({shown(a.short_name)}){parent}",
        f"Addressee: {shown(a.addressee or '—')}; {shown(', '.join(a.address) or 'no address')}",
        f"Interests: {', '.join(a.interests) or '—'}",
        f"Default positions: {', '.join(a.positions) or 'all'}",
    ]
    for d in a.dockets:
        parts.append(f"\n[bold]{shown(d.id)}[/bold] — {shown(d.title)}")
        facts = [
            d.citation,
            f"published {d.published}" if d.published else "",
            _due(d, on),
            f"via {d.channel}",
            f"{len(d.questions)} questions",
        ]
        parts.append("  " + shown(" · ".join(f for f in facts if f)))
        if d.questions:
            table = Table("no.", "question", "topics", box=None, padding=(0, 1))
            for q in d.questions:
                table.add_row(shown(q.number), shown(q.text), ", ".join(q.topics))
            parts.append(table)
    if not a.dockets:
        parts.append("No dockets: letters to this agency have one section per position.")
    return parts


def _due(d: Docket, on: dt.date) -> str:
    left = days_left(d, on)
    if left is None:
        return "no deadline"
    if left < 0:
        return f"due {d.deadline} (closed {-left} days ago)"
    return f"due {d.deadline} ({left} days left)"


def draft_summary(draft: Draft) -> list[str]:
    """A draft's measures, one line each: words, questions, deadline, grade, word limit."""
    s = draft.stats
    lines = []
    if draft.kind == "oped":
        lines.append(f"{s.words:,} words in the body, {s.links} links")
    else:
        lines.append(f"{s.words:,} words, about {s.pages} pages, {s.footnotes} footnotes")
    if s.questions_total:
        lines.append(f"questions answered: {s.questions_answered} of {s.questions_total}")
    if s.days_left is not None:
        lines.append(
            f"deadline in {s.days_left} days"
            if s.days_left >= 0
            else f"deadline passed {-s.days_left} days ago"
        )
    if s.grade is not None:
        lines.append(f"reading grade (Flesch–Kincaid): {s.grade:.1f}")
    if s.range:
        lines.append(f"word limit: {s.range[0]:,}–{s.range[1]:,}")
    return lines
