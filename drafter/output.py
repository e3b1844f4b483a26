"""Writing files safely: atomically, never over an existing file without --force, confined."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath

from drafter.errors import Location, OutputError

FORMATS = ("docx", "md", "txt", "pdf")
NAME_MAX = 255  # bytes in one file or folder name: ext4, APFS, NTFS (in UTF-16 units) alike


def pick_format(path: Path | None, fmt: str | None) -> str:
    """The format: --format, else the output file's extension, else docx."""
    if fmt:
        if path is not None and path.suffix and path.suffix[1:].lower() != fmt:
            raise OutputError(
                f"--format {fmt} does not match the output file '{path.name}'",
                hint=f"name the file with .{fmt}, or drop --format",
            )
        return fmt
    if path is not None and path.suffix:
        ext = path.suffix[1:].lower()
        if ext not in FORMATS:
            raise OutputError(
                f"unknown output format '.{ext}'",
                hint=f"use one of: {', '.join('.' + f for f in FORMATS)}",
            )
        return ext
    return "docx"


def slug(text: str) -> str:
    """A file-name-safe slug: ASCII letters, digits, dots and hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.")
    return text.lower() or "draft"


def name_problem(name: str) -> str:
    """Why no file system can hold a file of this name (a part too long), or ''."""
    for part in PurePosixPath(name.replace("\\", "/")).parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            short = part if len(part) <= 40 else f"{part[:24]}…{part[-12:]}"
            unit = "characters" if size == len(part) else "bytes"
            return f"the name '{short}' is {size:,} {unit} long; file systems allow {NAME_MAX}"
    return ""


def confine(out_dir: Path, name: str, *, location: Location | None = None) -> Path:
    """out_dir/name, refusing names that are absolute or climb out of out_dir."""
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", name) or ".." in pure.parts or not name:
        raise OutputError(
            f"output name '{name}' leaves the output folder",
            location=location,
            hint="use a relative name inside the output folder",
        )
    problem = name_problem(name)
    if problem:
        raise OutputError(problem, location=location, hint="shorten the output pattern")
    target = (out_dir / Path(*pure.parts)).resolve()
    base = out_dir.resolve()
    if target != base and base not in target.parents:
        raise OutputError(
            f"output name '{name}' leaves the output folder",
            location=location,
            hint="remove links or '..' from the name",
        )
    return out_dir / Path(*pure.parts)


def make_folder(folder: Path, *, hint: str) -> None:
    """Create folder and its missing parents; an OutputError naming what stands in the way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        blocker = next(
            (p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None
        )
        if blocker is not None:
            raise OutputError(
                f"cannot create the folder '{folder}': '{blocker}' is a file",
                location=Location(str(folder)),
                hint=f"remove or rename that file, or {hint}",
            ) from None
        raise OutputError(
            f"cannot create the folder '{folder}': {(error.strerror or str(error)).lower()}",
            location=Location(str(folder)),
            hint=f"check the permissions of '{folder.parent}', or {hint}",
        ) from None


def write_atomic(
    path: Path,
    data: bytes | str,
    *,
    force: bool = False,
    tidy: bool = True,
    durable: bool = True,
    mode: int = 0o644,
) -> None:
    """Write via a temporary file in the same folder and a rename; never a half-written file.

    tidy: remove the temporary files an earlier run killed mid-write left beside path (a
    batch removes its own in one pass instead: listing a folder of 1,000 letters for each
    letter would make it quadratic).
    durable: fsync the data before the rename, so that it survives a crash of the machine
    too. A batch passes False and syncs everything it wrote once, before its manifest: one
    fsync a letter cost a tenth of the batch.
    mode: the file's permissions (drafts are for sharing; the cache's entries are private).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(
            f"folder '{folder}' does not exist",
            location=Location(str(path)),
            hint=f"create it first (mkdir -p {folder}) or choose another -o",
        )
    if path.is_dir():
        raise OutputError(
            f"'{path}' is a folder",
            location=Location(str(path)),
            hint="give a file name, e.g. -o " + (path / "letter.docx").as_posix(),
        )
    if path.exists() and not force:
        raise OutputError(
            f"'{path}' already exists",
            location=Location(str(path)),
            hint="use --force to overwrite it, or choose another name with -o",
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise OutputError(
            f"cannot write in '{folder}': {error.strerror or error}",
            location=Location(str(path)),
            hint="check the folder's permissions",
        ) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if force:
            os.replace(tmp, path)
        else:
            _place_new(tmp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise OutputError(
                f"cannot write '{path}': {error.strerror or error}",
                location=Location(str(path)),
                hint="check free disk space and permissions",
            ) from error
        raise
    if not tidy:
        return
    # A run killed mid-write (kill -9, power loss) leaves its temporary file: tidy up after it.
    for stale in folder.glob(f".{glob.escape(path.name)}.*.part"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _place_new(tmp: str, path: Path) -> None:
    """Rename tmp to path only if path does not exist, even if another program just made it."""
    try:
        os.link(tmp, path)  # fails when path exists, where a rename would replace it
    except FileExistsError:
        raise OutputError(
            f"'{path}' already exists",
            location=Location(str(path)),
            hint="use --force to overwrite it, or choose another name with -o",
        ) from None
    except OSError:  # no hard links on this file system (FAT, some shares): rename
        os.replace(tmp, path)
        return
    os.unlink(tmp)
