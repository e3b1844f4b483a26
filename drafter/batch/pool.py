"""Running a batch's jobs: one after another here, or in a pool of worker processes.

The pool is the standard library's ProcessPoolExecutor. Each worker gets the workspace and
the jobs once, as it starts (on Linux by fork, at no cost; elsewhere pickled), makes its own
Engine, and is then sent only a job's position. A worker that dies (killed, out of memory)
fails the jobs it held; the rest go on in a fresh pool. On Ctrl-C (KeyboardInterrupt) the jobs
not started are cancelled and the ones under way finish and are recorded, so that every
letter is either written and reported, or not started.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext

from drafter.batch.campaign import Job
from drafter.batch.worker import Outcome, draft_job, failed
from drafter.draft.common import Engine
from drafter.model import Workspace

PER_WORKER_IN_FLIGHT = 2  # submitted jobs per worker: keeps workers busy, memory bounded
MAX_RESTARTS = 2  # fresh worker pools in a row before the rest of the batch is given up
DIED = "the worker process stopped unexpectedly (killed, or out of memory)"

OnStart = Callable[[Job], None]
Record = Callable[[Outcome], None]


@dataclass(frozen=True)
class Settings:
    """How every job of a run is done."""

    force: bool
    fail_fast: bool = False


def run_here(
    ws: Workspace, jobs: list[Job], settings: Settings, on_start: OnStart | None, record: Record
) -> None:
    """Run the jobs one after another in this process."""
    engine = Engine(ws)
    for job in jobs:
        if on_start:
            on_start(job)
        outcome = draft_job(ws, engine, job, force=settings.force)
        record(outcome)
        if settings.fail_fast and outcome.row.status == "failed":
            return


def run_pool(
    ws: Workspace,
    jobs: list[Job],
    workers: int,
    settings: Settings,
    on_start: OnStart | None,
    record: Record,
    *,
    setup: Callable[[], None] | None = None,
    lock_fd: int | None = None,
) -> None:
    """Run the jobs in worker processes, a few in flight per worker.

    setup runs in each worker as it starts; lock_fd is a file descriptor of the parent's that
    forked workers close (the batch's lock must go when the batch does).
    """
    waiting = deque(range(len(jobs)))  # positions not yet submitted
    running: dict[Future[Outcome], Job] = {}
    restarts = 0  # fresh pools in a row after a worker died
    stopping = False  # --fail-fast: a job failed, nothing new starts
    executor = _executor(ws, jobs, workers, settings, setup, lock_fd)
    try:
        while running or (waiting and not stopping):
            broken = False
            while waiting and not stopping and len(running) < workers * PER_WORKER_IN_FLIGHT:
                position = waiting.popleft()
                try:
                    future = executor.submit(_work, position)
                except BrokenProcessPool:  # a worker died since the last result: not this job
                    waiting.appendleft(position)
                    broken = True
                    break
                running[future] = jobs[position]
                if on_start:
                    on_start(jobs[position])
            done = wait(running, return_when=FIRST_COMPLETED)[0] if running else set()
            for future in sorted(done, key=lambda f: running[f].index):
                outcome, died = _collect(future, running.pop(future))
                broken |= died
                restarts = restarts if died else 0
                record(outcome)
                if settings.fail_fast and outcome.row.status == "failed" and not stopping:
                    stopping = True
                    for other in list(running):
                        if other.cancel():  # not started yet: stays "planned"
                            running.pop(other)
            if not broken:
                continue
            # A worker died (killed, out of memory): the jobs it held failed with it.
            for future in list(running):
                record(_collect(future, running.pop(future))[0])
            executor.shutdown(wait=True)
            restarts += 1
            if restarts > MAX_RESTARTS:
                while waiting:
                    job = jobs[waiting.popleft()]
                    record(failed(job, "the worker processes keep stopping; gave up"))
                break
            executor = _executor(ws, jobs, workers, settings, setup, lock_fd, fresh=True)
    except KeyboardInterrupt:
        # What has not started is cancelled; what is under way finishes, and is recorded.
        executor.shutdown(wait=True, cancel_futures=True)
        for future, job in running.items():
            if future.done() and not future.cancelled():
                record(_collect(future, job)[0])
        raise
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


def _executor(
    ws: Workspace,
    jobs: list[Job],
    workers: int,
    settings: Settings,
    setup: Callable[[], None] | None,
    lock_fd: int | None,
    *,
    fresh: bool = False,
) -> ProcessPoolExecutor:
    context = _context(fresh)
    inherited = lock_fd if context.get_start_method() == "fork" else None
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(ws, jobs, settings, setup, inherited),
    )


def _context(fresh: bool = False) -> BaseContext:
    # fork (Linux): a worker starts with the parent's workspace and modules already loaded, at
    # no cost. ProcessPoolExecutor forks all its workers at the first submit, before the
    # parent starts any thread of its own; a pool restarted mid-run (the progress bar may be
    # drawing by then) spawns fresh interpreters instead, which get the workspace pickled.
    if not fresh and sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _collect(future: Future[Outcome], job: Job) -> tuple[Outcome, bool]:
    """The worker's outcome (the future is done), and whether the worker process died on it."""
    error = future.exception()
    if error is None:
        return future.result(), False
    if isinstance(error, BrokenProcessPool):
        return failed(job, DIED), True
    # Pickling and the like, or Ctrl-C reaching the worker: not the draft's fault, recorded.
    return failed(job, f"{type(error).__name__}: {error}".rstrip(": ")), False


# -- in each worker -------------------------------------------------------------------------
_WORKER: tuple[Workspace, Engine, list[Job], Settings] | None = None


def _init_worker(
    ws: Workspace,
    jobs: list[Job],
    settings: Settings,
    setup: Callable[[], None] | None,
    lock_fd: int | None,
) -> None:
    """Keep the workspace, the jobs and an Engine for this worker's jobs."""
    global _WORKER
    if lock_fd is not None:
        os.close(lock_fd)
    if setup is not None:
        setup()
    _WORKER = (ws, Engine(ws), jobs, settings)


def _work(position: int) -> Outcome:
    assert _WORKER is not None, "the worker was not initialised"
    ws, engine, jobs, settings = _WORKER
    return draft_job(ws, engine, jobs[position], force=settings.force)
