"""Campaigns → one draft per target, written in parallel, with a manifest and a similarity check.

The pipeline reads top to bottom: the plan (campaign.py) has checked every target and output
name before anything is written; run_batch prepares the output folder, drafts and writes each
target (pool.py, worker.py), compares the drafts as they come back (similarity.py), and
writes the manifest (manifest.py). No printing here: progress goes to callbacks, results to a
``BatchReport``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from drafter.batch.campaign import Job, Plan
from drafter.batch.manifest import (
    MANIFEST_CSV,
    MANIFEST_JSON,
    Action,
    BatchReport,
    Row,
    make_report,
    read_manifest,
    reuse_stats,
    write_manifest,
)
from drafter.batch.pool import no_sigint, run_here, run_pool
from drafter.batch.similarity import Found, PairFinder
from drafter.batch.worker import SYNC_EACH, Outcome
from drafter.errors import Location, OutputError
from drafter.model import Workspace
from drafter.output import make_folder

OnStart = Callable[[Job], None]
OnDone = Callable[[Row], None]


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch, after the workers stopped and the manifest was written."""

    def __init__(self, report: BatchReport):
        super().__init__("interrupted")
        self.report = report


def run_batch(
    ws: Workspace,
    plan: Plan,
    *,
    jobs: int | None = None,
    force: bool = False,
    dry_run: bool = False,
    fail_fast: bool = False,
    threshold: float | None = None,
    on_start: OnStart | None = None,
    on_done: OnDone | None = None,
) -> BatchReport:
    """Draft and write every planned target; raise BatchInterrupted (with the report) on Ctrl-C."""
    limit = plan.campaign.similarity_threshold if threshold is None else threshold
    rows = {
        job.index: Row(job.index, job.target, job.name, summary=job.summary) for job in plan.jobs
    }
    if dry_run:
        return make_report(plan, rows, limit, actions=dry_run_actions(plan, force), dry_run=True)

    prepare_out_dir(plan)
    previous = read_manifest(plan.out_dir)
    # Drafts are compared as they come back: the parent would otherwise wait for them.
    with PairFinder(threshold=limit) as pairs:

        def record(outcome: Outcome) -> None:
            row = outcome.row
            if row.status == "skipped":
                reuse_stats(row, previous.get(row.path))
            rows[row.index] = row
            if on_done:
                on_done(row)
            if outcome.shingles:
                pairs.add(row.index, row.path, row.target, outcome.shingles)

        interrupted = False
        try:
            workers = min(jobs or os.cpu_count() or 1, len(plan.jobs)) or 1
            if workers == 1:
                run_here(ws, plan.jobs, force, fail_fast, on_start, record)
            else:
                run_pool(ws, plan.jobs, workers, force, fail_fast, on_start, record)
        except KeyboardInterrupt:
            interrupted = True
        with no_sigint():
            remove_parts(plan)
        found: Found | None = None
        try:  # after Ctrl-C, stop promptly: no similarity check
            if not interrupted:
                found = pairs.result()
        except KeyboardInterrupt:
            interrupted = True
    report = make_report(plan, rows, limit, found, interrupted=interrupted)
    with no_sigint():  # a second Ctrl-C must not stop the manifest half-way
        if not SYNC_EACH:  # what the manifest lists is on disk before the manifest is
            os.sync()
        report.manifest = write_manifest(report)
    if interrupted:
        raise BatchInterrupted(report)
    return report


# -- files around the run -------------------------------------------------------------------
def dry_run_actions(plan: Plan, force: bool) -> list[Action]:
    out = []
    for job in plan.jobs:
        for name in filter(None, (job.name, job.summary)):
            if not (plan.out_dir / name).exists():
                why = "new"
            elif force:
                why = "exists — will overwrite (--force)"
            else:
                why = "exists — skipped"
            out.append(Action(name, job.target, why))
    return out


def prepare_out_dir(plan: Plan) -> None:
    """Create the output folder (its parent must exist) and the pattern's subfolders."""
    out_dir = plan.out_dir
    if not out_dir.exists():
        if not out_dir.parent.is_dir():
            raise OutputError(
                f"cannot create the output folder '{out_dir}': '{out_dir.parent}' does not exist",
                location=Location(str(out_dir)),
                hint=f"create it first (mkdir -p {out_dir.parent}) or choose another --out-dir",
            )
        make_folder(out_dir, hint="choose another --out-dir")
    elif not out_dir.is_dir():
        raise OutputError(f"'{out_dir}' is not a folder", location=Location(str(out_dir)))
    for folder in sorted({job.path.parent for job in plan.jobs}):
        make_folder(folder, hint="change the campaign's output pattern")
    remove_parts(plan)  # left by a run that was killed


def remove_parts(plan: Plan) -> list[Path]:
    """Remove this batch's temporary '.name.*.part' files (from write_atomic)."""
    names: dict[Path, set[str]] = {}
    for job in plan.jobs:
        for name in filter(None, (job.name, job.summary)):
            names.setdefault(job.path.parent, set()).add(Path(name).name)
    names.setdefault(plan.out_dir, set()).update((MANIFEST_JSON, MANIFEST_CSV))
    removed = []
    for folder, wanted in names.items():
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                part = entry.name
                if part.startswith(".") and part.endswith(".part"):
                    stem = part[1:].rsplit(".", 2)[0]
                    if stem in wanted:
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)
                            removed.append(Path(entry.path))
    return removed
