"""Campaigns → one draft per target, written in parallel, with a manifest and a similarity check.

The pipeline reads top to bottom: resolve and validate the campaign, plan every output name
(all planning errors before anything is written), draft and write each target in worker
processes that load the workspace once, then write the manifest and compare the drafts.
No printing here: progress goes to callbacks, results to a ``BatchReport``.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import io
import itertools
import json
import multiprocessing
import os
import signal
import string
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from drafter.batch.similarity import Pair, PairFinder, pack
from drafter.compose import checks
from drafter.compose.letter import resolve_docket
from drafter.draft import (
    Engine,
    LetterRequest,
    OpedRequest,
    body_words,
    check_summary,
    draft_letter,
    draft_oped,
    engine_for,
    render_with_text,
)
from drafter.errors import (
    DrafterError,
    Location,
    OutputError,
    Problem,
    UnknownReference,
    ValidationError,
    rel,
)
from drafter.load.fields import did_you_mean
from drafter.load.readers import Context, read_campaign
from drafter.model import Campaign, Target, Workspace
from drafter.output import confine, pick_format, slug, write_atomic

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
SUMMARY_SUFFIX = ".summary.txt"
UNREADABLE = "the existing file could not be read"  # a skipped file's note: --force redoes it
PER_WORKER_IN_FLIGHT = 2  # submitted jobs per worker: keeps workers busy, memory bounded
MAX_RESTARTS = 2  # fresh worker pools in a row before the rest of the batch is given up
# Letters are not fsynced one by one (about 1 ms of the kernel's time each, a tenth of a
# batch): one os.sync() before the manifest makes them durable at once. Without os.sync
# (Windows), each letter is fsynced.
SYNC_EACH = not hasattr(os, "sync")

OnStart = Callable[["Job"], None]
OnDone = Callable[["Row"], None]


# -- data -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Job:
    """One target to draft: what to ask the drafting library for and where to write it."""

    index: int  # 1-based, campaign order
    target: str  # the agency or outlet id
    name: str  # the file, relative to the output folder
    path: Path
    fmt: str
    kind: str  # "letter" | "oped"
    request: LetterRequest | OpedRequest
    summary: str = ""  # the comment-box text file, relative, when the campaign asks for it
    loc: Location = field(default_factory=Location)


@dataclass
class Row:
    """One manifest row: a target, its file and what became of it."""

    index: int
    target: str
    path: str
    status: str = "planned"  # written | skipped | failed | planned
    words: int | None = None
    pages: float | None = None
    footnotes: int | None = None
    questions_answered: int | None = None
    questions_total: int | None = None
    warnings: str = ""
    sha256: str = ""
    error: str = ""
    summary: str = ""


MANIFEST_FIELDS = tuple(f.name for f in fields(Row))
STATS_FIELDS = ("words", "pages", "footnotes", "questions_answered", "questions_total", "warnings")


@dataclass(frozen=True)
class Action:
    """A file a dry run would write, and why."""

    path: str
    target: str
    why: str  # "new" | "exists — skipped" | "exists — will overwrite (--force)"


@dataclass
class Plan:
    """A campaign's jobs, checked and ready to run."""

    campaign: Campaign
    out_dir: Path
    jobs: list[Job]


@dataclass
class BatchReport:
    """What a batch did: one row per target, similar pairs, counts."""

    campaign: Campaign
    out_dir: Path
    rows: list[Row]
    pairs: list[Pair]  # the most similar pairs, most similar first
    above: list[Pair]  # every pair above the threshold (at most MAX_LISTED_ABOVE)
    above_count: int
    threshold: float
    counts: dict[str, int]
    actions: list[Action] = field(default_factory=list)  # dry runs only
    dry_run: bool = False
    interrupted: bool = False
    manifest: tuple[Path, ...] = ()

    @property
    def failed(self) -> int:
        return self.counts.get("failed", 0)


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch, after the workers stopped and the manifest was written."""

    def __init__(self, report: BatchReport):
        super().__init__("interrupted")
        self.report = report


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: the row and the shingles of the draft's text (similarity.pack)."""

    row: Row
    shingles: bytes = b""


# -- 1. the campaign ------------------------------------------------------------------------
def resolve_campaign(ws: Workspace, spec: str | Path) -> tuple[Campaign, list[Problem]]:
    """A campaign file (anywhere) or a campaign id from the workspace, validated."""
    text = str(spec)
    path = Path(text).expanduser()
    looks_like_file = path.suffix.lower() in (".yaml", ".yml") or "/" in text or os.sep in text
    if path.is_file() or (looks_like_file and text not in ws.campaigns):
        return load_campaign_file(ws, path)
    if text in ws.campaigns:
        return ws.campaigns[text], []
    hint = did_you_mean(text, ws.campaigns) or (
        "give a campaign file path, or one of: " + ", ".join(sorted(ws.campaigns))
        if ws.campaigns
        else "give the path of a campaign file"
    )
    raise UnknownReference(f"unknown campaign '{text}'", location=Location(text), hint=hint)


def load_campaign_file(ws: Workspace, path: Path) -> tuple[Campaign, list[Problem]]:
    """Read and validate a campaign file with the workspace's readers and reference checks."""
    from drafter.load.cache import load_yaml
    from drafter.load.workspace import _campaign_references

    shown = rel(path)
    if not path.is_file():
        raise DrafterError(
            f"campaign file '{shown}' does not exist",
            location=Location(shown),
            hint="check the path, or give a campaign id from the workspace's campaigns/",
        )
    loaded = load_yaml(path, shown)
    cx = Context()
    problems = list(loaded.problems)
    campaign = None
    if loaded.data is None:
        problems.append(Problem("file is empty", Location(shown, 1, 1), "fill it in"))
    else:
        campaign = read_campaign(loaded.data, loaded.loc, path.stem, cx)
        problems.extend(cx.problems)
        signers = {s.id: s for s in ws.signers}
        problems.extend(_campaign_references(ws, campaign, signers))
    errors = [p for p in problems if p.is_error]
    if errors or campaign is None:
        raise ValidationError(errors)
    return campaign, problems


# -- 2. the plan ----------------------------------------------------------------------------
def plan_batch(ws: Workspace, campaign: Campaign, out_dir: Path) -> Plan:
    """Every target's request and output file; raise ValidationError before anything is written."""
    on = checks.today()
    date = campaign.date or on
    signer = campaign.signer or ws.defaults.signer
    problems: list[Problem] = []
    pattern_loc = campaign.output_loc
    try:
        fmt = pick_format(Path(campaign.output), None)
        used = [n for _, n, _, _ in string.Formatter().parse(campaign.output) if n]
    except (DrafterError, ValueError) as error:
        raise ValidationError([_problem(error, pattern_loc)]) from None
    lacking = ("outlet",) if campaign.kind == "letter" else ("agency", "docket")
    for name in used:
        if name in lacking:
            problems.append(Problem(
                f"the output pattern uses {{{name}}}, which a {campaign.kind} campaign lacks",
                pattern_loc, "use {agency} and {docket} for letters, {outlet} for op-eds",
            ))  # fmt: skip
    if problems:
        raise ValidationError(problems)

    jobs: list[Job] = []
    taken: dict[str, Location] = {}
    for index, target in enumerate(campaign.targets, 1):
        try:
            request, values = _request(ws, campaign, target, date, signer, on)
            name = campaign.output.format_map({k: slug(v) for k, v in values.items()})
            path = confine(out_dir, name, location=pattern_loc)
        except (DrafterError, ValueError, KeyError) as error:
            problems.append(_problem(error, target.loc))
            continue
        name = path.relative_to(out_dir).as_posix()
        summary = ""
        if campaign.summaries and campaign.kind == "letter":
            summary = path.with_name(path.stem + SUMMARY_SUFFIX).relative_to(out_dir).as_posix()
        for file in filter(None, (name, summary)):
            first = taken.setdefault(file, target.loc)
            if first != target.loc:
                problems.append(Problem(
                    f"two targets write '{file}': this one and the one at "
                    f"{first.file}:{first.line}:{first.col}", target.loc,
                    "add {docket} or {date} to the output pattern, or remove one target",
                ))  # fmt: skip
        jobs.append(Job(
            index=index, target=target.agency or target.outlet, name=name, path=path, fmt=fmt,
            kind=campaign.kind, request=request, summary=summary, loc=target.loc,
        ))  # fmt: skip
    if problems:
        raise ValidationError(problems)
    return Plan(campaign=campaign, out_dir=out_dir, jobs=jobs)


def _request(ws: Workspace, campaign: Campaign, target: Target, date, signer: str, on):
    """The drafting request for one target, and the values its output name is made of."""
    positions = target.positions or campaign.positions
    values = {"agency": "", "docket": "", "outlet": "", "date": date.isoformat(), "signer": signer}
    if campaign.kind == "oped":
        values["outlet"] = target.outlet
        request = OpedRequest(
            outlet=target.outlet, positions=positions, signer=campaign.signer, date=date,
            emphasis=target.emphasis, vars=dict(target.vars),
        )  # fmt: skip
        return request, values
    agency = ws.agencies.get(target.agency)
    if agency is None:
        raise UnknownReference(
            f"unknown agency '{target.agency}'", hint=did_you_mean(target.agency, ws.agencies)
        )
    docket = resolve_docket(agency, target.docket, on)
    values.update(agency=agency.id, docket=docket.id if docket else "general")
    request = LetterRequest(
        agency=agency.id, docket=docket.id if docket else "", positions=positions,
        emphasis=target.emphasis, signer=campaign.signer, date=date, vars=dict(target.vars),
    )  # fmt: skip
    return request, values


def _problem(error: Exception, where: Location) -> Problem:
    if isinstance(error, DrafterError):
        loc = error.location if (error.location.file or error.location.line) else where
        return Problem(error.message, loc, error.hint)
    return Problem(f"cannot build the output name: {error}", where, "check the output pattern")


# -- 3. the run -----------------------------------------------------------------------------
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
        return _report(plan, rows, limit, actions=dry_run_actions(plan, force), dry_run=True)

    prepare_out_dir(plan)
    previous = read_manifest(plan.out_dir)
    # Drafts are compared as they come back: the parent would otherwise wait for them.
    with PairFinder(threshold=limit) as pairs:

        def record(outcome: Outcome) -> None:
            row = outcome.row
            if row.status == "skipped":
                _reuse_stats(row, previous.get(row.path))
            rows[row.index] = row
            if on_done:
                on_done(row)
            if outcome.shingles:
                pairs.add(row.index, row.path, row.target, outcome.shingles)

        interrupted = False
        try:
            workers = min(jobs or os.cpu_count() or 1, len(plan.jobs)) or 1
            if workers == 1:
                _run_here(ws, plan.jobs, force, fail_fast, on_start, record)
            else:
                _run_pool(ws, plan.jobs, workers, force, fail_fast, on_start, record)
        except KeyboardInterrupt:
            interrupted = True
        with _no_sigint():
            remove_parts(plan)
        found = None
        try:  # after Ctrl-C, stop promptly: no similarity check
            if not interrupted:
                found = pairs.result()
        except KeyboardInterrupt:
            interrupted = True
    report = _report(plan, rows, limit, found, interrupted=interrupted)
    with _no_sigint():  # a second Ctrl-C must not stop the manifest half-way
        if not SYNC_EACH:  # what the manifest lists is on disk before the manifest is
            os.sync()
        report.manifest = write_manifest(report)
    if interrupted:
        raise BatchInterrupted(report)
    return report


def _run_here(ws, jobs: list[Job], force, fail_fast, on_start, record) -> None:
    engine = engine_for(ws)
    for job in jobs:
        if on_start:
            on_start(job)
        outcome = draft_job(ws, engine, job, force)
        record(outcome)
        if fail_fast and outcome.row.status == "failed":
            return


def _run_pool(ws, jobs: list[Job], workers: int, force, fail_fast, on_start, record) -> None:
    """Submit jobs with bounded work in flight; stop the workers on Ctrl-C or any error."""
    queue = iter(enumerate(jobs))
    running: dict[Future, Job] = {}
    stopping = False
    restarts = 0  # fresh pools in a row after a worker died
    # Forked workers inherit what the parent has built: build it once, here.
    with contextlib.suppress(DrafterError):  # a broken template fails each target instead
        engine_for(ws).warm(jobs[0].kind if jobs else "letter")
    # What the workers inherit stays out of their garbage collections: a collection would
    # walk the whole workspace and copy every page it touches (copy-on-write).
    gc.freeze()
    executor = _executor(ws, jobs, workers)
    finished = False
    try:
        while True:
            broken = False
            while not stopping and len(running) < workers * PER_WORKER_IN_FLIGHT:
                position, job = next(queue, (None, None))
                if job is None:
                    break
                # Workers have the jobs already (fork, or the initializer): only the index goes.
                # The first submit forks them.
                try:
                    future = executor.submit(_work, position, force)
                except BrokenProcessPool:  # a worker died since the last result: not this job
                    queue = itertools.chain([(position, job)], queue)
                    broken = True
                    break
                running[future] = job
                if on_start:
                    on_start(job)
            if not running and not broken:
                break
            done = wait(running, return_when=FIRST_COMPLETED)[0] if not broken else ()
            for future in sorted(done, key=lambda f: running[f].index):
                outcome, died = _collect(future, running.pop(future))
                broken |= died
                restarts = restarts if died else 0
                record(outcome)
                if fail_fast and outcome.row.status == "failed" and not stopping:
                    stopping = True
                    for other in list(running):
                        if other.cancel():  # not started yet: stays "planned"
                            running.pop(other)
            if broken:  # a worker died (killed, out of memory): go on with a fresh pool
                for future in list(running):
                    record(_collect(future, running.pop(future))[0])
                _terminate(executor)
                restarts += 1
                if restarts > MAX_RESTARTS:
                    for _, job in queue:
                        record(_failed(job, "the worker processes keep stopping; gave up"))
                    break
                executor = _executor(ws, jobs, workers, fresh=True)
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:
            with _no_sigint():
                _terminate(executor)
        gc.unfreeze()


def _executor(
    ws: Workspace, jobs: list[Job], workers: int, *, fresh: bool = False
) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(fresh), initializer=_init_worker,
        initargs=(ws, jobs),
    )  # fmt: skip


def _context(fresh: bool = False):
    # fork (Linux): a worker starts with the parent's workspace and modules already loaded,
    # at no cost. It must happen before the parent starts any thread (fork() copies locks held
    # by other threads): jobs are submitted before the first progress callback, and a pool
    # restarted mid-run spawns fresh interpreters, which get the workspace pickled instead.
    if not fresh and sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _terminate(executor: ProcessPoolExecutor) -> None:
    """Stop every worker now; the ones mid-write leave .part files, removed afterwards."""
    if hasattr(executor, "terminate_workers"):  # Python 3.14
        executor.terminate_workers()
        return
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    deadline = time.monotonic() + 5
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(1)


def _collect(future: Future, job: Job) -> tuple[Outcome, bool]:
    """The worker's outcome, and whether the worker process died on it."""
    try:
        return future.result(), False
    except BrokenProcessPool:
        message = "the worker process stopped unexpectedly (killed, or out of memory)"
        return _failed(job, message), True
    except Exception as error:  # pickling and the like: not the draft's fault, still recorded
        return _failed(job, f"{type(error).__name__}: {error}"), False


def _failed(job: Job, message: str) -> Outcome:
    return Outcome(
        Row(job.index, job.target, job.name, "failed", error=message, summary=job.summary)
    )


@contextlib.contextmanager
def _no_sigint():
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


# -- in each worker -------------------------------------------------------------------------
_WORKER: tuple[Workspace, Engine, list[Job]] | None = None


def _init_worker(ws: Workspace, jobs: list[Job]) -> None:
    """Keep the workspace and one Engine per worker; leave Ctrl-C to the parent; die with it."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler came with fork()
    _watch_parent(os.getppid())
    _WORKER = (ws, engine_for(ws), jobs)


def _watch_parent(parent: int) -> None:
    # A killed batch must not leave workers writing behind the next run's back.
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _work(position: int, force: bool) -> Outcome:
    ws, engine, jobs = _WORKER
    return draft_job(ws, engine, jobs[position], force)


def draft_job(ws: Workspace, engine: Engine, job: Job, force: bool) -> Outcome:
    """Draft, render and write one target; never raise for a problem with this target."""
    row = Row(job.index, job.target, job.name, summary=job.summary)
    try:
        if job.path.exists() and not force:
            return _skip(ws, engine, job, row)
        draft = _draft(ws, engine, job)
        box = check_summary(draft) if job.summary else ""
        data, text = render_with_text(ws, draft, job.fmt, engine=engine)
        job.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(job.path, data, force=force, tidy=False, durable=SYNC_EACH)  # see run_batch
        notes = [str(w) for w in draft.stats.warnings]
        if job.summary:
            notes.extend(_write_summary(job, box, force))
        s = draft.stats
        row.words, row.pages, row.footnotes = s.words, s.pages, s.footnotes
        row.questions_answered, row.questions_total = s.questions_answered, s.questions_total
        row.warnings = "; ".join(notes)
        row.sha256 = hashlib.sha256(data).hexdigest()
        row.status = "written"
        # The text a later run will read back from the file (file_text), so that a resumed
        # batch compares like with like.
        return Outcome(row, pack(text))
    except DrafterError as error:
        row.status, row.error = "failed", str(error)
    except Exception as error:  # a bug in one draft must not stop the other 99
        row.status, row.error = "failed", f"{type(error).__name__}: {error}"
    return Outcome(row)


def _draft(ws: Workspace, engine: Engine, job: Job):
    if job.kind == "letter":
        return draft_letter(ws, job.request, engine=engine)
    return draft_oped(ws, job.request, engine=engine)


def _skip(ws: Workspace, engine: Engine, job: Job, row: Row) -> Outcome:
    """An existing file stays as it is; hash it and read its text for the similarity check."""
    data = job.path.read_bytes()
    row.status, row.sha256 = "skipped", hashlib.sha256(data).hexdigest()
    text, note = file_text(job.path, data)
    notes = [note] if note else []
    if job.summary and not (job.path.parent / Path(job.summary).name).exists():
        # Interrupted between the letter and its summary: finish the summary only.
        notes.extend(_write_summary(job, check_summary(_draft(ws, engine, job)), False))
    row.warnings = "; ".join(notes)
    if not text:
        return Outcome(row)
    row.words = len(text.split())
    return Outcome(row, pack(text))


def _write_summary(job: Job, text: str, force: bool) -> list[str]:
    path = job.path.parent / Path(job.summary).name
    if path.exists() and not force:
        if path.read_bytes() == text.encode("utf-8"):
            return []
        return [f"kept the existing {job.summary} (use --force to replace it)"]
    write_atomic(path, text, force=True, tidy=False, durable=SYNC_EACH)
    return []


def file_text(path: Path, data: bytes) -> tuple[str, str]:
    """The plain body text of a written draft, and a note when it cannot be read."""
    try:
        if path.suffix == ".docx":
            from drafter.render.docx.text_of import docx_text  # python-docx's reading, 10x faster

            return docx_text(data), ""
        if path.suffix == ".md":
            return body_words(data.decode("utf-8"))[0], ""
        if path.suffix == ".txt":
            return data.decode("utf-8"), ""
    except Exception as error:
        return "", f"{UNREADABLE} ({type(error).__name__}: {error})"
    return "", ""  # PDF: left out of the similarity check


def _reuse_stats(row: Row, before: dict | None) -> None:
    """A skipped file keeps the statistics the run that wrote it recorded, if it is the same."""
    if not before or before.get("sha256") != row.sha256:
        return
    for key in STATS_FIELDS:
        value = before.get(key)
        if key == "warnings":
            notes = [*str(value or "").split("; "), *row.warnings.split("; ")]
            row.warnings = "; ".join(dict.fromkeys(filter(None, notes)))
        elif value is not None:
            setattr(row, key, value)


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
        out_dir.mkdir()
    elif not out_dir.is_dir():
        raise OutputError(f"'{out_dir}' is not a folder", location=Location(str(out_dir)))
    for folder in sorted({job.path.parent for job in plan.jobs}):
        folder.mkdir(parents=True, exist_ok=True)
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


def read_manifest(out_dir: Path) -> dict[str, dict]:
    """The rows of an earlier run's manifest.json, by path; empty when there is none."""
    try:
        data = json.loads((out_dir / MANIFEST_JSON).read_text(encoding="utf-8"))
        return {r["path"]: r for r in data.get("rows", []) if isinstance(r, dict) and "path" in r}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def write_manifest(report: BatchReport) -> tuple[Path, Path]:
    """manifest.json and manifest.csv in the output folder, atomically, rows in campaign order."""
    campaign = report.campaign
    rows = [asdict(r) for r in report.rows]
    listed = {(p.a, p.b): p for p in (*report.pairs, *report.above)}
    document = {
        "campaign": campaign.name,
        "campaign_file": campaign.file,
        "kind": campaign.kind,
        "counts": report.counts,
        "interrupted": report.interrupted,
        "rows": rows,
        "similarity_threshold": report.threshold,
        "pairs_above_threshold": report.above_count,
        "similarity": [
            {**asdict(p), "similarity": round(p.similarity, 4),
             "above_threshold": p.similarity > report.threshold}
            for p in sorted(listed.values(), key=lambda p: (-p.similarity, p.a, p.b))
        ],
    }  # fmt: skip
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    json_path, csv_path = report.out_dir / MANIFEST_JSON, report.out_dir / MANIFEST_CSV
    write_atomic(json_path, json.dumps(document, indent=2, ensure_ascii=False) + "\n", force=True)
    write_atomic(csv_path, buffer.getvalue(), force=True)
    return json_path, csv_path


# -- 4. the report ----------------------------------------------------------------------------
def _report(plan: Plan, rows: dict[int, Row], threshold: float, found=None, **extra):
    ordered = [rows[job.index] for job in plan.jobs]
    counts = {"total": len(ordered)}
    for status in ("written", "skipped", "failed", "planned"):
        counts[status] = sum(r.status == status for r in ordered)
    pairs, above, above_count = found or ([], [], 0)
    return BatchReport(
        campaign=plan.campaign, out_dir=plan.out_dir, rows=ordered, pairs=pairs, above=above,
        above_count=above_count, threshold=threshold, counts=counts, **extra,
    )  # fmt: skip
