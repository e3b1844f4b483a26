"""Drafting commands: letter, oped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafter.cli.app import (
    ForceOpt,
    Format,
    FormatOpt,
    OutputOpt,
    PositionsOpt,
    PreviewOpt,
    SignerOpt,
    app,
    load_engine,
    out,
    report_problems,
    shown,
    storable,
    today,
)

if TYPE_CHECKING:
    from drafter.draft.common import Draft, Engine


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date like 2026-12-01, got '{value}'") from None


DocketOpt = Annotated[str | None, typer.Option(help="Docket ID (default: next open).")]
AllowPlaceholdersOpt = Annotated[
    bool,
    typer.Option(
        help="An internal draft: text with TODO, TK or [[…]] (or a skeleton's wording) only "
        "warns instead of failing."
    ),
]


@app.command()
def letter(
    agency: Annotated[str, typer.Argument(help="Agency id, e.g. usco.")],
    docket: DocketOpt = None,
    general: Annotated[
        bool, typer.Option(help="A letter with no docket, even when the agency has one.")
    ] = False,
    position: PositionsOpt = None,
    signer: SignerOpt = None,
    date: Annotated[
        dt.date | None,
        typer.Option(help="Letter date, YYYY-MM-DD.", parser=_date, metavar="<str>"),
    ] = None,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
    preview: PreviewOpt = False,
    summary: Annotated[
        bool, typer.Option(help="Also write the regulations.gov comment-box text (.summary.txt).")
    ] = False,
    allow_placeholders: AllowPlaceholdersOpt = False,
) -> None:
    """Draft a comment letter to AGENCY, answering its docket's questions."""
    from drafter.compose.requests import LetterRequest
    from drafter.draft.letter import draft_letter

    if docket and general:
        raise typer.BadParameter(
            "a letter answers a docket or none: give --docket ID or --general, not both",
            param_hint="'--general'",
        )
    engine = load_engine()
    ws = engine.ws
    request = LetterRequest(
        agency=agency, docket=docket or "", general=general, positions=tuple(position or ()),
        signer=signer or "", date=date, allow_placeholders=allow_placeholders, today=today(),
    )  # fmt: skip
    draft = draft_letter(ws, request, engine=engine)
    finish(engine, draft, output, fmt, force, preview, summary=summary)


@app.command()
def oped(
    position: PositionsOpt = None,
    outlet: Annotated[
        str | None,
        typer.Option(help="Outlet id from outlets.yaml (default: the-hill, else the first)."),
    ] = None,
    words: Annotated[
        int | None, typer.Option(min=100, help="Word limit override: the most words allowed.")
    ] = None,
    peg: Annotated[
        str | None,
        typer.Option(
            help="News peg for the lede (default: the context module).", callback=storable
        ),
    ] = None,
    peg_date: Annotated[
        dt.date | None,
        typer.Option(
            help="When the --peg news happened, YYYY-MM-DD (older than 30 days warns).",
            parser=_date,
            metavar="<str>",
        ),
    ] = None,
    headline: Annotated[
        str | None, typer.Option(help="Headline override.", callback=storable)
    ] = None,
    signer: SignerOpt = None,
    date: Annotated[
        dt.date | None, typer.Option(help="Date, YYYY-MM-DD.", parser=_date, metavar="<str>")
    ] = None,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
    preview: PreviewOpt = False,
    pitch: Annotated[
        bool,
        typer.Option(help="Also write the pitch e-mail with the piece as plain text (.pitch.txt)."),
    ] = False,
    allow_placeholders: AllowPlaceholdersOpt = False,
) -> None:
    """Draft an op-ed that fits OUTLET's word limit."""
    from drafter.compose.requests import OpedRequest
    from drafter.draft.oped import draft_oped

    if peg_date is not None and not peg:
        raise typer.BadParameter("give the news itself with --peg", param_hint="'--peg-date'")
    engine = load_engine()
    ws = engine.ws
    request = OpedRequest(
        outlet=outlet or "", positions=tuple(position or ()), words=words, peg=peg or "",
        peg_date=peg_date, headline=headline or "", signer=signer or "", date=date,
        allow_placeholders=allow_placeholders, today=today(),
    )  # fmt: skip
    finish(engine, draft_oped(ws, request, engine=engine), output, fmt, force, preview, pitch=pitch)


def finish(
    engine: Engine,
    draft: Draft,
    output: Path | None,
    fmt: Format | None,
    force: bool,
    preview: bool,
    *,
    summary: bool = False,
    pitch: bool = False,
) -> None:
    """Show the draft in the terminal, or write it and the files that go with it (comment-box
    text, pitch e-mail); then its stats."""
    from drafter.draft.letter import check_summary
    from drafter.draft.render import default_name, write
    from drafter.output import pick_format, write_atomic

    if preview:
        from rich.markdown import Markdown

        # Container fences (::: address) are Word styles; the terminal shows their text.
        lines = [ln for ln in draft.markdown.splitlines() if not ln.startswith(":::")]
        out().print(Markdown("\n".join(lines)))
        if pitch:
            out().print(shown(draft.pitch), soft_wrap=True)
        print_summary(draft, None)
        return
    chosen = pick_format(output, fmt.value if fmt else None)
    path = output or Path(default_name(draft, chosen))
    beside: list[tuple[Path, str, str]] = []  # (file, text, what the message adds)
    if summary:
        box = check_summary(draft)
        beside.append((path.with_name(path.stem + ".summary.txt"), box, f"{len(box):,} characters"))
    if pitch:
        beside.append((path.with_name(path.stem + ".pitch.txt"), draft.pitch, "the pitch e-mail"))
    for file, text, _ in beside:
        if file.exists() and not force:
            write_atomic(file, text, force=False)  # refused before the draft is written
    write(engine.ws, draft, path, fmt=chosen, force=force, engine=engine)
    print_summary(draft, path)
    for file, text, what in beside:
        write_atomic(file, text, force=force)
        out().print(f"[green]Wrote[/green] {shown(file)} ({what})")


def print_summary(draft: Draft, path: Path | None) -> None:
    from drafter.cli.views import draft_summary

    console = out()
    if path is not None:
        console.print(f"[green]Wrote[/green] {shown(path)}")
    for line in draft_summary(draft):
        console.print(line)
    report_problems(draft.stats.warnings)
