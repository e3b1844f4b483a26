"""Reading the files of a workspace safely.

A workspace may come from someone else (a coalition partner's position pack, a shared
template folder), so every file drafter reads is read the same careful way:

- it lies inside the workspace (or the built-in one): a symbolic link leading out of it,
  or a linked folder, is refused, naming the file (``confined``);
- it is a regular file: a named pipe, a device (``/dev/zero``), a socket or a folder behind
  a workspace name is refused at once, before anything is read, so nothing can hang;
- at most the size limit plus one byte is read, so a file that grows while read is caught;
- text is UTF-8, and a byte that is not is reported at its line and column.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from drafter.errors import DrafterError, Location, YamlError

MAX_BYTES = 1024 * 1024  # a stance module is a few KB; a 1 MiB YAML file is a mistake

# Characters XML 1.0 (and so Word) cannot hold; YAML's double-quoted escapes can produce them.
UNSTORABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def confined(
    path: Path,
    root: Path,
    display: str,
    *,
    what: str = "file",
    error: type[DrafterError] = YamlError,
) -> Path:
    """path, checked to lie inside root: no folder between them is a symbolic link, and the
    file, if it is a link, resolves inside root. Raise ``error`` naming the file otherwise."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise _outside(display, f"{what} is outside the workspace", error) from None
    for depth in range(1, len(parts)):
        if root.joinpath(*parts[:depth]).is_symlink():
            raise error(
                f"folder '{'/'.join(parts[:depth])}' is a symbolic link",
                location=Location(display),
                hint="drafter reads only what is inside the workspace: copy the folder in "
                "instead of linking to it",
            )
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        raise _outside(display, f"{what} is a symbolic link to a file outside the workspace", error)
    return path


def _outside(display: str, message: str, error: type[DrafterError]) -> DrafterError:
    return error(
        message,
        location=Location(display),
        hint="drafter reads only what is inside the workspace: copy the file in instead of "
        "linking to it",
    )


def read_bytes(
    path: Path,
    display: str,
    *,
    limit: int = MAX_BYTES,
    what: str = "file",
    error: type[DrafterError] = YamlError,
    size_hint: str = "split it, or check that it is the file you meant",
) -> bytes:
    """A regular file's bytes, at most limit of them; refuse anything else at once."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as failure:
        raise error(
            f"cannot read {what}: {failure.strerror or failure}", location=Location(display)
        ) from failure
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(
                f"{what} is {kind_of(info.st_mode)}, not a regular file",
                location=Location(display),
                hint="drafter reads only ordinary files: put the file itself in its place",
            )
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as failure:
        raise error(
            f"cannot read {what}: {failure.strerror or failure}", location=Location(display)
        ) from failure
    finally:
        os.close(fd)
    if size > limit:
        shown = max(size, info.st_size)
        raise error(
            f"{what} is too large ({shown:,} bytes; the limit is {limit:,})",
            location=Location(display),
            hint=size_hint,
        )
    return b"".join(chunks)


def read_text(
    path: Path,
    display: str,
    *,
    limit: int = MAX_BYTES,
    what: str = "file",
    error: type[DrafterError] = YamlError,
    size_hint: str = "split it, or check that it is the file you meant",
) -> str:
    """Read a UTF-8 text file within a size limit, with errors that say where and why."""
    raw = read_bytes(path, display, limit=limit, what=what, error=error, size_hint=size_hint)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        line = raw.count(b"\n", 0, failure.start) + 1
        col = failure.start - (raw.rfind(b"\n", 0, failure.start) + 1) + 1
        raise error(
            f"{what} is not UTF-8 text (byte 0x{raw[failure.start]:02x})",
            location=Location(display, line, col),
            hint="save it as UTF-8",
        ) from failure
