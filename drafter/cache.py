"""A per-user cache of parsed YAML files, so that re-running a command re-parses only what changed.

Loading a 100-agency workspace spends half its time parsing YAML (60 to 130 ms). Parsing is a
pure function of a file's text and the name its locations show, so each parse is kept under a
hash of both (and of the parser's own source), and a file edited since is simply parsed again.

Where: ``$DRAFTER_CACHE_DIR``, else ``$XDG_CACHE_HOME/drafter``, else ``~/.cache/drafter``;
``DRAFTER_CACHE=off`` turns it off. Entries are pickles, so they are read with the trust a
Python ``__pycache__`` gets, and no more:

- the folder is made private (0700) and is used only when it belongs to this user and no one
  else can write to it;
- unpickling may build only the handful of plain classes a parse is made of (locations,
  problems, dates): anything else in a file, and any error at all, is a cache miss, and the
  entry is removed.

Nothing here ever fails a command: a folder that cannot be made or written is no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import stat
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

FORMAT = b"drafter-yaml-cache 1\n"  # first bytes of every entry
MAX_ENTRIES = 3000  # about 20 MB on disk; the oldest go first
T = TypeVar("T")

# What a parse is made of (yamlio.Loaded and what it holds); nothing else may be unpickled.
_ALLOWED = {
    ("drafter.yamlio", "Loaded"),
    ("drafter.yamlio", "LocDict"),
    ("drafter.yamlio", "LocList"),
    ("drafter.yamlio", "BadDate"),
    ("drafter.errors", "Location"),
    ("drafter.errors", "Problem"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


def folder(env: os._Environ | dict = os.environ) -> Path | None:
    """The cache folder, made if need be; None when caching is off or the folder is unsafe."""
    if env.get("DRAFTER_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    chosen = env.get("DRAFTER_CACHE_DIR")
    if chosen:
        root = Path(chosen)
    else:
        base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = Path(base) / "drafter"
    return root if _private(root) else None


def _private(root: Path) -> bool:
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = root.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@cache
def _code_stamp() -> bytes:
    """The parser's own source: a changed parser must not read what an older one wrote."""
    from . import __version__, errors, yamlio

    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    for module in (yamlio, errors):
        with contextlib.suppress(OSError, TypeError):
            digest.update(Path(module.__file__).read_bytes())
    return digest.digest()


class YamlCache:
    """Parsed YAML by text and display name, in a folder (no folder: nothing is kept)."""

    def __init__(self, root: Path | None):
        self.dir = root / "yaml" if root else None
        self.written = 0

    def get(self, text: str, display: str, parse: Callable[[str, str], T]) -> T:
        """parse(text, display), from the cache when it holds it; errors are never kept."""
        if self.dir is None:
            return parse(text, display)
        key = hashlib.blake2b(_code_stamp(), digest_size=20)
        key.update(display.encode("utf-8", "surrogatepass") + b"\0")
        key.update(text.encode("utf-8", "surrogatepass"))
        path = self.dir / f"{key.hexdigest()}.pickle"
        found = self._read(path)
        if found is not None:
            return found
        value = parse(text, display)
        self._write(path, value)
        return value

    def _read(self, path: Path):
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            if not data.startswith(FORMAT):
                raise pickle.UnpicklingError("not a cache entry")
            return _Unpickler(io.BytesIO(data[len(FORMAT) :])).load()
        except Exception:  # anything wrong with an entry makes it a miss
            with contextlib.suppress(OSError):
                path.unlink()
            return None

    def _write(self, path: Path, value) -> None:
        try:
            data = FORMAT + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return
        tmp = None
        try:
            if not path.parent.is_dir():
                path.parent.mkdir(mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".part", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
            tmp = None
        except OSError:
            return
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        self.written += 1
        if self.written == 1:  # once per run that added entries: keep the folder bounded
            prune(path.parent)


def prune(directory: Path, keep: int = MAX_ENTRIES) -> None:
    """Remove the oldest entries beyond keep."""
    try:
        entries = [e for e in os.scandir(directory) if e.name.endswith(".pickle")]
    except OSError:
        return
    if len(entries) <= keep:
        return
    with contextlib.suppress(OSError):
        entries.sort(key=lambda e: e.stat().st_mtime)
    for entry in entries[: len(entries) - keep]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
