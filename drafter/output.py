"""Writing files safely: atomically, never over an existing file without --force, confined."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import stat
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath

from drafter.errors import FileExists, Location, OutputError

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


def kind_of(path: Path) -> str | None:
    """None when nothing is at path, "file" for a regular file, else what is there
    ("a folder", "a FIFO (named pipe)", "a device", ...), not following a final link."""
    try:
        return _kind(os.lstat(path).st_mode)
    except FileNotFoundError:
        return None
    except OSError:
        return "something that cannot be examined"


def _kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISREG, "file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "something other than a regular file"


def write_atomic(
    path: Path,
    data: bytes | str,
    *,
    force: bool = False,
    tidy: bool = True,
    durable: bool = True,
    sync_folder: bool = True,
    mode: int = 0o644,
) -> None:
    """Write via a temporary file in the same folder and a rename; never a half-written file.

    Only a regular file is ever replaced (with force): a folder, a FIFO, a device or a link
    at path is an error, whatever force says.
    tidy: remove the temporary files an earlier run killed mid-write left beside path (a
    batch removes its own in one pass instead: listing a folder of 1,000 letters for each
    letter would make it quadratic).
    durable: fsync the file before the rename and (sync_folder) the folder after it, so that
    the file and its name survive a crash of the machine too.
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
    kind = kind_of(path)
    if kind == "a folder" or (kind == "a symbolic link" and path.is_dir()):
        raise OutputError(
            f"'{path}' is a folder",
            location=Location(str(path)),
            hint="give a file name, e.g. -o " + (path / "letter.docx").as_posix(),
        )
    if kind not in (None, "file", "a symbolic link"):
        raise OutputError(
            f"this is {kind}, not a regular file",
            location=Location(str(path)),
            hint="drafter replaces only regular files, even with --force; choose another name",
        )
    if kind is not None and not force:
        raise FileExists(
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
    if durable and sync_folder:
        sync_folder_of(path)
    if not tidy:
        return
    # A run killed mid-write (kill -9, power loss) leaves its temporary file: tidy up after it.
    for stale in folder.glob(f".{glob.escape(path.name)}.*.part"):
        with contextlib.suppress(OSError):
            stale.unlink()


# A folder that cannot be opened or fsynced for one of these reasons is on a system or file
# system without folder syncs (Windows, some network shares): nothing more can be done there.
_NO_FOLDER_SYNC = {
    errno.EINVAL, errno.ENOTSUP, errno.EBADF, errno.EACCES, errno.EPERM, errno.EISDIR,
}  # fmt: skip


def sync_folder_of(path: Path) -> None:
    """fsync path's folder, so that the names written in it are on disk too (a batch, which
    writes many files into one folder, does this once for all of them)."""
    folder = path.parent
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as error:
        if error.errno in _NO_FOLDER_SYNC:
            return
        raise OutputError(
            f"wrote '{path}', but its folder could not be synced: {error.strerror or error}",
            location=Location(str(path)),
            hint="check the disk: the file may be lost if the machine stops now",
        ) from error


def _place_new(tmp: str, path: Path) -> None:
    """Rename tmp to path only if path does not exist, even if another program just made it."""
    try:
        os.link(tmp, path)  # fails when path exists, where a rename would replace it
    except FileExistsError:
        raise FileExists(
            f"'{path}' already exists",
            location=Location(str(path)),
            hint="use --force to overwrite it, or choose another name with -o",
        ) from None
    except OSError:  # no hard links on this file system (FAT, some shares): rename
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def read_existing(path: Path, limit: int) -> bytes:
    """The bytes of a file already in the output folder: a regular file of at most limit
    bytes, or an OutputError (a FIFO, a device or a socket is never read from)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise OutputError(
            f"cannot read '{path}': {error.strerror or error}", location=Location(str(path))
        ) from error
    with os.fdopen(fd, "rb") as handle:
        kind = _kind(os.fstat(fd).st_mode)
        if kind != "file":
            raise OutputError(
                f"this is {kind}, not a regular file",
                location=Location(str(path)),
                hint="remove it, or write to another folder",
            )
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OutputError(f"'{path}' is larger than {limit:,} bytes", location=Location(str(path)))
    return data
