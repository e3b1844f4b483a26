"""The output folder of a batch: made ready, locked while the batch writes, tidied after it."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from drafter.batch.campaign import Plan
from drafter.batch.manifest import MANIFEST_CSV, MANIFEST_JSON
from drafter.errors import Location, OutputError
from drafter.output import kind_of, make_folder, sync_folder_of

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; two batches into one folder are not caught
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".drafter-batch.lock"

Identity = tuple[int, int] | None  # a file's (inode, modification time), None when absent


def prepare(plan: Plan) -> None:
    """Create the output folder (its parent must exist); refuse manifest names that are not
    regular files, before any letter is written."""
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
    for name in (MANIFEST_JSON, MANIFEST_CSV):
        kind = kind_of(out_dir / name)
        if kind not in (None, "file"):
            raise OutputError(
                f"this is {kind}, not a regular file",
                location=Location(str(out_dir / name)),
                hint="remove it: a batch writes its manifest there",
            )


def make_subfolders(plan: Plan) -> None:
    """The folders the output pattern names (e.g. {agency}/...), inside the output folder."""
    for folder in sorted({job.path.parent for job in plan.jobs}):
        make_folder(folder, hint="change the campaign's output pattern")


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[int | None]:
    """Hold the output folder's lock while the batch writes (a second batch into it is
    refused); yields the lock file's descriptor. The lock goes when the batch ends, however it
    ends: the system releases it with the process."""
    if fcntl is None:
        yield None
        return
    path = out_dir / LOCK_NAME
    fd = _lock(path, out_dir)
    try:
        yield fd
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # while still locked: the next batch makes a new one
        os.close(fd)


def _lock(path: Path, out_dir: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    while True:
        try:
            fd = os.open(path, flags, 0o644)
        except OSError as error:
            raise OutputError(
                f"cannot lock the output folder '{out_dir}': {error.strerror or error}",
                location=Location(str(path)),
                hint=f"check '{path.name}' in it (a batch's lock file) and its permissions",
            ) from error
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OutputError(
                f"this is {kind_of(path)}, not a regular file",
                location=Location(str(path)),
                hint="remove it: a batch keeps its lock there",
            )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            who = f" (process {holder})" if holder.isdigit() else ""
            raise OutputError(
                f"another batch is writing into this folder{who}",
                location=Location(str(out_dir)),
                hint="wait for it to finish, or choose another --out-dir",
            ) from None
        # The batch that held it may have removed the file between our open and our lock.
        with contextlib.suppress(FileNotFoundError):
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                break
        os.close(fd)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    return fd


def sync_folders(plan: Plan) -> None:
    """fsync each folder the batch wrote into, once: the names of its letters are on disk
    before the manifest that lists them (each letter's own bytes were fsynced as written)."""
    for path in {job.path.parent: job.path for job in plan.jobs}.values():
        sync_folder_of(path)


def identities(plan: Plan) -> dict[int, Identity]:
    """Each job's file as it is before the run: what a file written during the run is told by."""
    return {job.index: identity(job.path) for job in plan.jobs}


def identity(path: Path) -> Identity:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else None


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
