"""Campaigns → one draft per target, written in parallel, with a manifest and a similarity check.

The pipeline reads top to bottom: the plan (campaign.py) has checked every target and output
name before anything is written; run_batch locks and prepares the output folder (outdir.py),
drafts and writes each target (pool.py, worker.py), compares the drafts as they come back
(similarity.py), and writes the manifest (manifest.py). No printing here: progress goes to
callbacks, results to a ``BatchReport``.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable

from drafter.batch import outdir
from drafter.batch.campaign import Job, Plan
from drafter.batch.manifest import (
    Action,
    BatchReport,
    Row,
    make_report,
    read_manifest,
    reuse_stats,
    write_manifest,
)
from drafter.batch.pool import Settings, run_here, run_pool
from drafter.batch.similarity import Found, SimilarityCheck, method_for
from drafter.batch.worker import MAX_EXISTING, Outcome
from drafter.errors import DrafterError
from drafter.model import Workspace
from drafter.output import read_existing

OnStart = Callable[[Job], None]
OnDone = Callable[[Row], None]
JOBS_PER_CORE = 4  # --jobs at most this many times the cores: more only adds memory
WRITTEN_UNREPORTED = "written as the batch was interrupted; its statistics were not recorded"


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch, after the workers stopped and the manifest was written."""

    def __init__(self, report: BatchReport):
        super().__init__("interrupted")
        self.report = report


def cores() -> int:
    """The processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def max_jobs() -> int:
    return JOBS_PER_CORE * cores()


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
    worker_setup: Callable[[], None] | None = None,
) -> BatchReport:
    """Draft and write every planned target; raise BatchInterrupted (with the report) on Ctrl-C.

    jobs: worker processes (default: the cores; at most max_jobs()). worker_setup runs in each
    worker process as it starts (the CLI uses it to leave Ctrl-C to this process).
    """
    limit = plan.campaign.similarity_threshold if threshold is None else threshold
    if math.isnan(limit) or not 0.0 <= limit <= 1.0:
        raise ValueError(f"the similarity threshold must be from 0 to 1, not {limit}")
    if jobs is not None and not 1 <= jobs <= max_jobs():
        raise ValueError(f"jobs must be from 1 to {max_jobs()} on this machine, not {jobs}")
    rows = {
        job.index: Row(job.index, job.target, job.name, summary=job.summary) for job in plan.jobs
    }
    if dry_run:
        return make_report(plan, rows, limit, actions=dry_run_actions(plan, force), dry_run=True)

    outdir.prepare(plan)
    with outdir.locked(plan.out_dir) as lock_fd:
        outdir.make_subfolders(plan)
        outdir.remove_parts(plan)  # left by a run that was killed
        previous = read_manifest(plan.out_dir)
        before = outdir.identities(plan)
        settings = Settings(force=force, fail_fast=fail_fast)
        check = SimilarityCheck(method_for(len(plan.jobs)), threshold=limit)

        def record(outcome: Outcome) -> None:
            row = outcome.row
            if row.status == "skipped":
                reuse_stats(row, previous.get(row.path))
            rows[row.index] = row
            if on_done:
                on_done(row)
            if outcome.shingles is not None:
                check.add(row.index, row.path, row.target, outcome.shingles)

        interrupted = False
        try:
            workers = min(jobs or cores(), len(plan.jobs)) or 1
            if workers == 1:
                run_here(ws, plan.jobs, settings, on_start, record)
            else:
                run_pool(ws, plan.jobs, workers, settings, on_start, record,
                         setup=worker_setup, lock_fd=lock_fd)  # fmt: skip
        except KeyboardInterrupt:
            interrupted = True
        outdir.remove_parts(plan)
        mark_files_written(plan, rows, before)
        found: Found | None = None
        if not interrupted:  # after Ctrl-C, stop promptly: no similarity report
            found = check.result()
        report = make_report(plan, rows, limit, found, interrupted=interrupted, method=check.method)
        try:
            outdir.sync_folders(plan)
            report.manifest = write_manifest(report)
        except DrafterError as error:  # a full disk: the report still says what was written
            report.manifest_error = str(error)
    if interrupted:
        raise BatchInterrupted(report)
    return report


def mark_files_written(
    plan: Plan, rows: dict[int, Row], before: dict[int, outdir.Identity]
) -> None:
    """A job whose file appeared or changed during the run, but whose result never came back
    (Ctrl-C, a worker killed just after writing), is written: its file is on disk."""
    for job in plan.jobs:
        row = rows[job.index]
        if row.status != "planned":
            continue
        now = outdir.identity(job.path)
        if now is None or now == before[job.index]:
            continue
        try:
            data = read_existing(job.path, MAX_EXISTING)
        except DrafterError:
            continue
        row.status, row.sha256 = "written", hashlib.sha256(data).hexdigest()
        row.warnings = WRITTEN_UNREPORTED


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
