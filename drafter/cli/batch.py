"""The terminal side of `drafter batch`: its options, Ctrl-C, a live progress bar, the report.

The only part of the batch that prints or handles signals; ``drafter.batch`` does the work.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drafter.cli.app import ForceOpt, app, err, out, shown, workspace_root

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from drafter.batch import BatchReport, Job, Plan, Row

MAX_WARNED_PAIRS = 20
MAX_WARNINGS = 100  # distinct draft warnings shown; the manifest lists every one
MAX_TABLE_ROWS = 200  # a bigger batch's table lists the targets not written or skipped
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
    with _Progress(plan, errors) as (on_start, on_done), _stop_once(errors):
        try:
            report = run_batch(
                ws, plan, jobs=jobs, force=force, fail_fast=fail_fast, threshold=similarity,
                on_start=on_start, on_done=on_done, worker_setup=worker_setup,
            )  # fmt: skip
        except BatchInterrupted as stop:
            report, interrupted = stop.report, True
    print_report(report, console, errors)
    if report.manifest_error:
        errors.print(f"[red]error:[/red] {shown(report.manifest_error)}", soft_wrap=True)
    if interrupted:
        done = report.counts["total"] - report.counts["planned"]
        errors.print(
            f"[yellow]interrupted[/yellow] after {done} of {report.counts['total']} targets; "
            "run the same command again to finish the rest"
        )
        return 130
    return 1 if report.failed or report.too_alike or report.manifest_error else 0


# -- Ctrl-C ---------------------------------------------------------------------------------
@contextlib.contextmanager
def _stop_once(errors: Console) -> Iterator[None]:
    """Ctrl-C (or SIGTERM) stops the batch once: the letters under way are finished and the
    manifest is written; pressing it again while that happens changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        errors.print("[yellow]stopping[/yellow]: finishing the drafts under way…")
        raise KeyboardInterrupt

    old = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def worker_setup() -> None:
    """In each worker process: Ctrl-C is for the parent, which lets the letters under way
    finish; SIGTERM ends the worker; a worker whose parent was killed ends too."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(
        target=_end_with_parent, args=(os.getppid(),), name="end-with-parent", daemon=True
    ).start()


def _end_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)  # the parent was killed: nobody waits for this worker's letters


# -- progress -------------------------------------------------------------------------------
class _Progress:
    """A rich Progress bar fed by the batch's on_start and on_done callbacks.

    Only on a terminal: written to a file or a pipe, a progress bar is noise.
    """

    def __init__(self, plan: Plan, console: Console):
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.total = len(plan.jobs)
        self.failed = 0
        self.description = shown(plan.campaign.name or plan.campaign.id)
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
        )

    def __enter__(self) -> tuple[Callable[[Job], None] | None, Callable[[Row], None] | None]:
        if self.progress is None:
            return None, None
        self.task = self.progress.add_task(self.description, total=self.total, failed=0, current="")
        return self.on_start, self.on_done

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, current="")
            self.progress.stop()

    def on_start(self, job: Job) -> None:
        assert self.progress is not None and self.task is not None
        # Started on the first callback, not before: the batch forks its workers at its first
        # job, and a process should not fork while the bar's refresh thread runs.
        self.progress.start()
        self.progress.update(self.task, current=shown(f"{job.target} → {job.name}"))

    def on_done(self, row: Row) -> None:
        assert self.progress is not None and self.task is not None
        self.progress.start()
        self.failed += row.status == "failed"
        self.progress.update(self.task, advance=1, failed=self.failed)


# -- the report -----------------------------------------------------------------------------
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
    print_warnings(report, errors)
    print_similarity(report, console, errors)
    c = report.counts
    console.print(
        f"{c['written']} written, {c['skipped']} skipped (already there; --force rewrites), "
        f"{c['failed']} failed" + (f", {c['planned']} not done" if c["planned"] else "")
    )
    if report.manifest:
        console.print("Manifest: " + shown(", ".join(str(p) for p in report.manifest)))


def print_warnings(report: BatchReport, errors: Console) -> None:
    """Each draft warning (a passed deadline, a citation left out…) once, with the files it
    concerns: the same warning for 300 letters to one docket is one line."""
    from drafter.batch.manifest import MANIFEST_CSV

    files: dict[str, list[str]] = {}
    for r in report.rows:
        if r.status == "written":
            for note in filter(None, r.warnings.split("; ")):
                files.setdefault(note, []).append(r.path)
    for note, paths in list(files.items())[:MAX_WARNINGS]:
        where = paths[0] if len(paths) == 1 else f"{paths[0]} and {len(paths) - 1} more"
        errors.print(f"[yellow]warning:[/yellow] {shown(where)}: {shown(note)}", soft_wrap=True)
    if len(files) > MAX_WARNINGS:
        errors.print(
            f"[yellow]warning:[/yellow] {len(files) - MAX_WARNINGS} more warnings: "
            f"{MANIFEST_CSV} lists every one"
        )


def print_table(report: BatchReport, console: Console) -> None:
    """One row per target (a batch of more than MAX_TABLE_ROWS: those that were not written
    or skipped); long names fold to fit the terminal."""
    from rich.box import SIMPLE_HEAD
    from rich.table import Table
    from rich.text import Text

    from drafter.batch.manifest import MANIFEST_CSV

    rows = report.rows
    if len(rows) > MAX_TABLE_ROWS:
        rows = [r for r in rows if r.status not in ("written", "skipped")][:MAX_TABLE_ROWS]
    table = Table(
        title=Text(report.campaign.name, style="bold"), title_justify="left", box=SIMPLE_HEAD
    )
    table.add_column("#", justify="right", no_wrap=True)
    # Agency ids are short: the target keeps its width when it can, the file name folds.
    widest = max((len(r.target) for r in rows), default=6)
    table.add_column("target", overflow="fold", min_width=min(widest, 16))
    table.add_column("file", overflow="fold")
    table.add_column("status", no_wrap=True)
    for name in ("words", "pages", "footnotes", "questions"):
        table.add_column(name, justify="right", no_wrap=True)
    for r in rows:  # Text, not markup: names are shown as written, and rich lays it out faster
        questions = f"{r.questions_answered}/{r.questions_total}" if r.questions_total else "—"
        table.add_row(
            str(r.index), Text(r.target), Text(r.path), Text(r.status, STATUS_STYLE[r.status]),
            _num(r.words), _num(r.pages), _num(r.footnotes), questions,
        )  # fmt: skip
    if rows:
        console.print(table)
    if len(rows) < len(report.rows):
        console.print(
            f"{len(report.rows) - len(rows):,} more targets written or skipped: "
            f"{MANIFEST_CSV} lists every one"
        )


def print_similarity(report: BatchReport, console: Console, errors: Console) -> None:
    from rich.box import SIMPLE_HEAD
    from rich.table import Table
    from rich.text import Text

    if not report.pairs:
        return
    title = "Most similar drafts"
    if report.method == "minhash":
        title += " (estimated; only pairs near the threshold are looked for)"
    table = Table(title=Text(title, style="bold"), title_justify="left", box=SIMPLE_HEAD)
    table.add_column("draft", overflow="fold")
    table.add_column("draft", overflow="fold")
    table.add_column("5-gram Jaccard", justify="right", no_wrap=True)
    for p in report.pairs:
        style = "red" if p.similarity > report.threshold else ""
        table.add_row(Text(p.a), Text(p.b), Text(f"{p.similarity:.2f}", style))
    console.print(table)
    for p in report.above[:MAX_WARNED_PAIRS]:
        alike = (
            f"{shown(p.a)} and {shown(p.b)} are {p.similarity:.0%} alike "
            f"(threshold {report.threshold:.0%})"
        )
        if report.too_alike:  # op-eds: an outlet would get text another outlet also has
            errors.print(
                f"[red]error:[/red] {alike}; every outlet expects an exclusive piece — give "
                "each target its own lead position (emphasis)",
                soft_wrap=True,
            )
            continue
        errors.print(
            f"[yellow]warning:[/yellow] {alike}; agencies may treat them as one comment — "
            "tailor them more",
            soft_wrap=True,
        )
    more = report.above_count - min(len(report.above), MAX_WARNED_PAIRS)
    if more > 0:
        errors.print(f"[yellow]warning:[/yellow] {more} more pair(s) above the threshold")


def _num(value: Any) -> str:
    return "—" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


# -- the command ----------------------------------------------------------------------------
def _check_jobs(value: int | None) -> int | None:
    from drafter.batch.run import JOBS_PER_CORE, cores, max_jobs

    if value is not None and value > max_jobs():
        raise typer.BadParameter(
            f"{value} is more than {JOBS_PER_CORE} × the {cores()} cores of this machine; "
            f"use --jobs {max_jobs()} or fewer"
        )
    return value


def _check_similarity(value: float | None) -> float | None:
    if value is not None and math.isnan(value):
        raise typer.BadParameter("expected a number from 0 to 1, got nan")
    return value


@app.command()
def batch(
    campaign: Annotated[Path, typer.Argument(help="Campaign file (YAML) or a campaign id.")],
    out_dir: Annotated[Path, typer.Option("--out-dir", help="Folder for the drafts.")] = Path(
        "drafts"
    ),
    jobs: Annotated[
        int | None,
        typer.Option(min=1, callback=_check_jobs, help="Worker processes (default: cores)."),
    ] = None,
    force: ForceOpt = False,
    dry_run: Annotated[bool, typer.Option(help="List what would be written.")] = False,
    fail_fast: Annotated[bool, typer.Option(help="Stop at the first failure.")] = False,
    similarity: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            callback=_check_similarity,
            help="Warn about pairs of drafts more alike than this (5-gram Jaccard; default: "
            "the campaign's similarity_threshold, else 0.8).",
        ),
    ] = None,
) -> None:
    """Write one tailored draft per target of a campaign, in parallel."""
    code = run_batch_command(
        workspace_root(),
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
