"""Running a batch's jobs: here, one after another, or in a pool of worker processes.

Each worker loads nothing: it gets the workspace and the jobs once, when it starts, and then
only a job's position. A worker that dies (killed, out of memory) fails the jobs it held; the
rest go on in a fresh pool.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext

from drafter.batch.campaign import Job
from drafter.batch.worker import Outcome, draft_job, failed
from drafter.draft.common import Engine
from drafter.model import Workspace

PER_WORKER_IN_FLIGHT = 2  # submitted jobs per worker: keeps workers busy, memory bounded
MAX_RESTARTS = 2  # fresh worker pools in a row before the rest of the batch is given up

OnStart = Callable[[Job], None]
Record = Callable[[Outcome], None]


def run_here(
    ws: Workspace, jobs: list[Job], force: bool, fail_fast: bool,
    on_start: OnStart | None, record: Record,
) -> None:  # fmt: skip
    engine = Engine(ws)
    for job in jobs:
        if on_start:
            on_start(job)
        outcome = draft_job(ws, engine, job, force)
        record(outcome)
        if fail_fast and outcome.row.status == "failed":
            return


def run_pool(
    ws: Workspace, jobs: list[Job], workers: int, force: bool, fail_fast: bool,
    on_start: OnStart | None, record: Record,
) -> None:  # fmt: skip
    """Submit jobs with bounded work in flight; stop the workers on Ctrl-C or any error."""
    queue: Iterator[tuple[int, Job]] = iter(enumerate(jobs))
    running: dict[Future[Outcome], Job] = {}
    stopping = False
    restarts = 0  # fresh pools in a row after a worker died
    # What the workers inherit stays out of their garbage collections: a collection would
    # walk the whole workspace and copy every page it touches (copy-on-write).
    gc.freeze()
    executor = _executor(ws, jobs, workers)
    finished = False
    try:
        while True:
            broken = False
            while not stopping and len(running) < workers * PER_WORKER_IN_FLIGHT:
                nxt = next(queue, None)
                if nxt is None:
                    break
                position, job = nxt
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
            done = wait(running, return_when=FIRST_COMPLETED)[0] if not broken else set()
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
                        record(failed(job, "the worker processes keep stopping; gave up"))
                    break
                executor = _executor(ws, jobs, workers, fresh=True)
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:
            with no_sigint():
                _terminate(executor)
        gc.unfreeze()


def _executor(
    ws: Workspace, jobs: list[Job], workers: int, *, fresh: bool = False
) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(fresh), initializer=_init_worker,
        initargs=(ws, jobs),
    )  # fmt: skip


def _context(fresh: bool = False) -> BaseContext:
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


def _collect(future: Future[Outcome], job: Job) -> tuple[Outcome, bool]:
    """The worker's outcome, and whether the worker process died on it."""
    try:
        return future.result(), False
    except BrokenProcessPool:
        message = "the worker process stopped unexpectedly (killed, or out of memory)"
        return failed(job, message), True
    except Exception as error:  # pickling and the like: not the draft's fault, still recorded
        return failed(job, f"{type(error).__name__}: {error}"), False


@contextlib.contextmanager
def no_sigint() -> Iterator[None]:
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
    _WORKER = (ws, Engine(ws), jobs)


def _watch_parent(parent: int) -> None:
    # A killed batch must not leave workers writing behind the next run's back.
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _work(position: int, force: bool) -> Outcome:
    assert _WORKER is not None, "the worker was not initialised"
    ws, engine, jobs = _WORKER
    return draft_job(ws, engine, jobs[position], force)
