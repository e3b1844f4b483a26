"""A per-user cache of parsed YAML files and compiled templates, so that re-running a command
redoes only what changed.

Loading a 100-agency workspace spends half its time parsing YAML (60 to 130 ms). Parsing is a
pure function of a file's text and the name its locations show, so each parse is kept under a
hash of both (and of the parser's own source), and a file edited since is simply parsed again.
Compiling the templates takes another 20 ms; Jinja's own bytecode cache keeps them, under a key
that adds drafter's source and Jinja's version (compiling runs drafter's filters on constants)
to Jinja's check of the template's text.

Where: ``$DRAFTER_CACHE_DIR``, else ``$XDG_CACHE_HOME/drafter``, else ``~/.cache/drafter``;
``DRAFTER_CACHE=off`` turns it off. Entries are pickles, so they are read with the trust a
Python ``__pycache__`` gets, and no more:

- the folder is made private (0700) and is used only when it belongs to this user and no one
  else can write to it; so are its subfolders;
- unpickling may build only the handful of plain classes a parse is made of (locations,
  problems, dates): anything else in a file, and any error at all, is a cache miss, and the
  entry is removed. Compiled templates are code, exactly as trusted as a ``__pycache__``.

Nothing here ever fails a command: a folder that cannot be made or written is no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import stat
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

FORMAT = b"drafter-yaml-cache 1\n"  # first bytes of every entry
MAX_ENTRIES = 3000  # about 20 MB on disk; the oldest go first
MAX_TEMPLATES = 300  # compiled templates, a few KB each
T = TypeVar("T")

# What a parse is made of (yamlio.Loaded and what it holds); nothing else may be unpickled.
_ALLOWED = {
    ("drafter.load.yamlio", "Loaded"),
    ("drafter.load.yamlio", "LocDict"),
    ("drafter.load.yamlio", "LocList"),
    ("drafter.load.yamlio", "BadDate"),
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


def _source_stamp(versions: str, sources: Iterable[Path]) -> bytes:
    """A digest of version strings and of source files (read, not imported)."""
    digest = hashlib.blake2b(versions.encode(), digest_size=16)
    for path in sources:
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return digest.digest()


@cache
def _code_stamp() -> bytes:
    """The parser's own source: a changed parser must not read what an older one wrote."""
    from drafter import __version__

    here = Path(__file__).parent  # no import of yamlparse: that would import PyYAML
    names = ("yamlio.py", "yamlparse.py", "../errors.py")
    return _source_stamp(__version__, (here / name for name in names))


def load_yaml(path: Path, display: str):
    """Read and parse one YAML file (a yamlio.Loaded), through the cache when there is one."""
    from drafter.load import yamlio

    return YamlCache(folder()).get(yamlio.read_text(path, display), display, yamlio.loads)


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
        from drafter.errors import DrafterError
        from drafter.output import write_atomic

        try:
            if not path.parent.is_dir():
                path.parent.mkdir(mode=0o700, exist_ok=True)
            write_atomic(path, data, force=True, tidy=False, durable=False, mode=0o600)
        except (OSError, DrafterError):
            return
        self.written += 1
        if self.written == 1:  # once per run that added entries: keep the folder bounded
            prune(path.parent)


def prune(directory: Path, keep: int = MAX_ENTRIES, suffix: str = ".pickle") -> None:
    """Remove the oldest entries beyond keep."""
    try:
        entries = [e for e in os.scandir(directory) if e.name.endswith(suffix)]
    except OSError:
        return
    if len(entries) <= keep:
        return
    with contextlib.suppress(OSError):
        entries.sort(key=lambda e: e.stat().st_mtime)
    for entry in entries[: len(entries) - keep]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def template_cache(options: str = ""):
    """Jinja's bytecode cache in the cache folder (a jinja2.BytecodeCache), or None.

    ``options`` names what else the compiled code depends on: environment settings that
    change what filters give (citation_page_commas).
    """
    root = folder()
    if root is None or not _private(root / "templates"):
        return None
    return _template_cache_class()(root / "templates", options)


@cache
def _package_stamp() -> bytes:
    """drafter's own source and Jinja's version: what compiled templates depend on."""
    import jinja2

    from drafter import __version__

    sources = sorted(Path(__file__).parents[1].rglob("*.py"))
    return _source_stamp(f"{__version__} {jinja2.__version__}", sources)


@cache
def _template_cache_class():
    import jinja2

    class TemplateCache(jinja2.FileSystemBytecodeCache):
        """Jinja's file cache, keyed by drafter's stamp too, and never failing a command."""

        def __init__(self, directory: Path, options: str):
            super().__init__(str(directory), "%s.jinja")
            self.options = options
            self.written = 0

        def get_cache_key(self, name: str, filename: str | None = None) -> str:
            key = hashlib.blake2b(_package_stamp(), digest_size=20)
            for part in (self.options, name, filename or ""):
                key.update(part.encode("utf-8", "surrogatepass") + b"\0")
            return key.hexdigest()

        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # unreadable or damaged: compiled again, and written over
                bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                return
            self.written += 1
            if self.written == 1:
                prune(Path(self.directory), MAX_TEMPLATES, ".jinja")

    return TemplateCache
