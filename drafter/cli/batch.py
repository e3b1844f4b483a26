"""The terminal side of `drafter batch`: a live progress bar, then the report.

The only part of the batch that prints; ``drafter.batch.run`` does the work.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafter.cli.app import ForceOpt, State, app, err, out, shown

if TYPE_CHECKING:
    from rich.console import Console

    from drafter.batch import BatchReport, Job, Plan, Row

MAX_WARNED_PAIRS = 20
STATUS_STYLE = {"written": "green", "skipped": "cyan", "failed": "red", "planned": "dim"}


def run_batch_command(
    workspace: Path | None,
    campaign: Path | str,
    out_dir: Path,
    *,
    jobs: int | None,
    force: bool,
    dry_run: bool,
    fail_fast: bool,
    console: Console,
    errors: Console,
    similarity: float | None = None,
) -> int:
    """Run a campaign with progress on stderr and the report on stdout; return the exit code."""
    from drafter.batch import BatchInterrupted, plan_batch, resolve_campaign, run_batch
    from drafter.cli.app import report_problems, today
    from drafter.draft.check import load_checked

    # Everything is validated before the first file is written.
    ws, _ = load_checked(workspace)
    chosen, warnings = resolve_campaign(ws, campaign)
    report_problems(warnings, errors)
    plan = plan_batch(ws, chosen, out_dir, today=today())
    if dry_run:
        report = run_batch(ws, plan, force=force, dry_run=True, threshold=similarity)
        print_dry_run(report, console)
        return 0
    interrupted = False
    with _Progress(plan, errors) as (on_start, on_done):
        try:
            report = run_batch(
                ws, plan, jobs=jobs, force=force, fail_fast=fail_fast, threshold=similarity,
                on_start=on_start, on_done=on_done,
            )  # fmt: skip
        except BatchInterrupted as stop:
            report, interrupted = stop.report, True
    print_report(report, console, errors)
    if interrupted:
        done = report.counts["total"] - report.counts["planned"]
        errors.print(
            f"[yellow]interrupted[/yellow] after {done} of {report.counts['total']} targets; "
            "run the same command again to finish the rest"
        )
        return 130
    return 1 if report.failed or report.too_alike else 0


class _Progress:
    """A rich Progress bar fed by the batch's on_start and on_done callbacks.

    Only on a terminal: written to a file or a pipe, a progress bar is noise, and rich would
    still lay it out on a thread that takes CPU from the workers. Off a terminal there are no
    callbacks at all, and rich.progress is not even imported (10 ms).
    """

    def __init__(self, plan: Plan, console: Console):
        self.progress = None
        if not console.is_terminal:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed[/red]"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}"),
            console=console,
            transient=False,
            refresh_per_second=4,  # rich's 10 re-lays the bar out more often than anyone reads
        )
        self.total = len(plan.jobs)
        self.failed = 0
        self.description = shown(plan.campaign.name or plan.campaign.id)

    def __enter__(self):
        if self.progress is None:
            return None, None
        self.task = self.progress.add_task(self.description, total=self.total, failed=0, current="")
        return self.on_start, self.on_done

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.update(self.task, current="")
            self.progress.stop()

    def on_start(self, job: Job) -> None:
        # Started on the first callback, not before: its refresh thread must not exist yet
        # when the batch forks its workers.
        self.progress.start()
        self.progress.update(self.task, current=shown(f"{job.target} → {job.name}"))

    def on_done(self, row: Row) -> None:
        self.progress.start()
        self.failed += row.status == "failed"
        self.progress.update(self.task, advance=1, failed=self.failed)


def print_dry_run(report: BatchReport, console: Console) -> None:
    from rich.table import Table

    table = Table(title="Dry run: nothing written")
    table.add_column("file", overflow="fold")
    table.add_column("target")
    table.add_column("what would happen", no_wrap=True)
    for action in report.actions:
        style = "green" if action.why == "new" else "yellow"
        table.add_row(shown(action.path), shown(action.target), f"[{style}]{action.why}[/{style}]")
    console.print(table)
    new = sum(a.why == "new" for a in report.actions)
    console.print(
        f"{len(report.actions)} file(s) in {shown(report.out_dir)}: {new} new, "
        f"{len(report.actions) - new} already there; manifest.json and manifest.csv are "
        "always rewritten."
    )


def print_report(report: BatchReport, console: Console, errors: Console) -> None:
    """The summary table, the failures, the similarity check and the counts."""
    from drafter.batch.worker import UNREADABLE

    print_table(report, console)
    for r in report.rows:
        if r.status == "failed":
            what = shown(f"{r.target} ({r.path}): {r.error}")
            errors.print(f"[red]failed:[/red] {what}", soft_wrap=True)
        elif r.status == "skipped" and UNREADABLE in r.warnings:
            errors.print(
                f"[yellow]warning:[/yellow] {shown(r.path)}: {UNREADABLE}; --force writes it again",
                soft_wrap=True,
            )
    print_similarity(report, console, errors)
    c = report.counts
    console.print(
        f"{c['written']} written, {c['skipped']} skipped (already there; --force rewrites), "
        f"{c['failed']} failed" + (f", {c['planned']} not done" if c["planned"] else "")
    )
    if report.manifest:
        console.print("Manifest: " + shown(", ".join(str(p) for p in report.manifest)))


def print_table(report: BatchReport, console: Console) -> None:
    """One row per target, long names folded to fit the terminal."""
    header = ("#", "target", "file", "status", "words", "pages", "footnotes", "questions")
    rows = [_cells(r) for r in report.rows]
    styles = [STATUS_STYLE.get(r.status, "") for r in report.rows]
    console.print(f"[bold]{shown(report.campaign.name)}[/bold]", highlight=False)
    _print_grid(console, header, rows, styles, fold=(1, 2), styled=3)


def _print_grid(console, header, rows, styles, *, fold: tuple[int, int], styled: int) -> None:
    """A plain table: the two fold columns wrap to fit the terminal, the others keep their
    width; styles[i] colours row i's styled column.

    Laid out here rather than by rich's Table, which measures and wraps every cell: 60 ms
    for 100 rows, more than the rest of the report; this is a tenth of that.
    """
    from rich.text import Text

    widths = [len(h) for h in header]
    for cells in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, cells, strict=True)]
    a, b = fold
    room = console.width - sum(widths) + widths[a] + widths[b] - (3 * len(header) - 1)
    if widths[a] + widths[b] > room:  # the narrower keeps its width if it fits in half
        half = max(8, room // 2)
        if widths[a] <= half:
            widths[b] = max(8, room - widths[a])
        elif widths[b] <= half:
            widths[a] = max(8, room - widths[b])
        else:
            widths[a], widths[b] = half, max(8, room - half)
    out = Text(no_wrap=True, overflow="ignore")
    _grid_line(out, header, widths, "bold", None)
    out.append("─" * (sum(widths) + 3 * len(widths) - 1) + "\n")
    for cells, style in zip(rows, styles, strict=True):
        _grid_line(out, cells, widths, style, styled)
    console.print(out, end="", soft_wrap=True, highlight=False)


def _grid_line(out, cells, widths: list[int], style: str, styled: int | None) -> None:
    """Append one row (several lines when a cell is folded) to the Text out, with style on
    column styled (on every column when styled is None)."""
    pairs = zip(cells, widths, strict=True)
    folded = [[c[k : k + w] for k in range(0, len(c), w)] or [""] for c, w in pairs]
    for line in range(max(len(chunks) for chunks in folded)):
        pieces = [
            (ch[line] if line < len(ch) else "").ljust(w)
            for ch, w in zip(folded, widths, strict=True)
        ]
        text = " " + "   ".join(pieces) + " \n"
        start = len(out)
        out.append(text)
        if not style:
            continue
        if styled is None:
            out.stylize(style, start, start + len(text) - 1)
        else:
            at = start + 1 + sum(widths[:styled]) + 3 * styled
            out.stylize(style, at, at + widths[styled])


def _cells(r: Row) -> tuple[str, ...]:
    questions = f"{r.questions_answered}/{r.questions_total}" if r.questions_total else "—"
    return (
        str(r.index), r.target, r.path, r.status, _num(r.words), _num(r.pages),
        _num(r.footnotes), questions,
    )  # fmt: skip


def print_similarity(report: BatchReport, console: Console, errors: Console) -> None:
    if not report.pairs:
        return
    console.print("[bold]Most similar drafts[/bold]", highlight=False)
    rows = [(p.a, p.b, f"{p.similarity:.2f}") for p in report.pairs]
    styles = ["red" if p.similarity > report.threshold else "" for p in report.pairs]
    _print_grid(console, ("draft", "draft", "5-gram Jaccard"), rows, styles, fold=(0, 1), styled=2)
    for p in report.above[:MAX_WARNED_PAIRS]:
        alike = f"{shown(p.a)} and {shown(p.b)} are {p.similarity:.0%} alike (threshold "
        if report.too_alike:  # op-eds: an outlet would get text another outlet also has
            errors.print(
                f"[red]error:[/red] {alike}{report.threshold:.0%}); every outlet expects an "
                "exclusive piece — give each target its own lead position (emphasis)",
                soft_wrap=True,
            )
            continue
        errors.print(
            f"[yellow]warning:[/yellow] {alike}"
            f"{report.threshold:.0%}); agencies may treat them as one comment — tailor them more",
            soft_wrap=True,
        )
    more = report.above_count - min(len(report.above), MAX_WARNED_PAIRS)
    if more > 0:
        errors.print(f"[yellow]warning:[/yellow] {more} more pair(s) above the threshold")


def _num(value) -> str:
    return "—" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


@app.command()
def batch(
    campaign: Annotated[Path, typer.Argument(help="Campaign file (YAML) or a campaign id.")],
    out_dir: Annotated[Path, typer.Option("--out-dir", help="Folder for the drafts.")] = Path(
        "drafts"
    ),
    jobs: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default: cores).")
    ] = None,
    force: ForceOpt = False,
    dry_run: Annotated[bool, typer.Option(help="List what would be written.")] = False,
    fail_fast: Annotated[bool, typer.Option(help="Stop at the first failure.")] = False,
    similarity: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Warn about pairs of drafts more alike than this (5-gram Jaccard; default: "
            "the campaign's similarity_threshold, else 0.8).",
        ),
    ] = None,
) -> None:
    """Write one tailored draft per target of a campaign, in parallel."""
    from drafter.cli.batch import run_batch_command

    code = run_batch_command(
        State.workspace,
        campaign,
        out_dir,
        jobs=jobs,
        force=force,
        dry_run=dry_run,
        fail_fast=fail_fast,
        console=out(),
        errors=err(),
        similarity=similarity,
    )
    if code:
        raise typer.Exit(code)
