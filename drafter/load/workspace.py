"""Find, load and validate a workspace, falling back to the built-in one.

Loading runs in phases: read every file (each field checked on its own), then check the
references between files. Every problem of every phase is collected and raised together, so
a user fixes a whole workspace in one pass; drafter.draft.check adds the checks of templates,
letterhead and prose that need the stages above this one.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from drafter.errors import (
    DrafterError,
    LetterheadError,
    Location,
    Problem,
    ValidationError,
    WorkspaceNotFound,
)
from drafter.load import yamlio
from drafter.load.agencies import read_agency
from drafter.load.campaigns import read_campaign
from drafter.load.fields import Context
from drafter.load.files import confined, kind_of, read_text
from drafter.load.plans import check_plans, opening_warnings, read_response_plan, read_topics
from drafter.load.readers import read_config, read_position
from drafter.load.references import ANY, check_references
from drafter.load.sources import read_outlets, read_sources
from drafter.model import Defaults, Prose, Workspace

CONFIG = "drafter.yaml"
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def builtin_root() -> Path:
    """The built-in workspace: inside the installed package, or the source checkout's root."""
    shipped = PACKAGE_DIR / "builtin"
    if (shipped / CONFIG).is_file():
        return shipped
    return PACKAGE_DIR.parent


def find_workspace(
    explicit: Path | str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """Pick the workspace: --workspace, else $DRAFTER_WORKSPACE, else an ancestor, else built-in.

    The library reads no environment variable: ``env`` is the environment to look in (the
    command line passes ``os.environ``); without it, $DRAFTER_WORKSPACE is not consulted.
    """
    chosen = explicit or (env or {}).get("DRAFTER_WORKSPACE")
    if chosen:
        root = Path(chosen).expanduser()
        if not (root / CONFIG).is_file():
            source = "--workspace" if explicit else "$DRAFTER_WORKSPACE"
            raise WorkspaceNotFound(
                f"{root} is not a drafter workspace (no {CONFIG})",
                location=Location(str(root)),
                hint=f"check {source}, or create one with: drafter init {root}",
            )
        return root
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
    return builtin_root()


@dataclass
class Reading:
    """A workspace as read: its model (None when drafter.yaml cannot be read), every problem
    found, and the ids of the files that could not be read, by kind ("position", "source"...),
    so that later checks do not also call what they name unknown."""

    workspace: Workspace | None
    problems: list[Problem]
    unreadable: dict[str, set[str]]


def read_workspace(root: Path) -> Reading:
    """Read and validate every file of a workspace and the references between them; raise
    nothing for what is wrong in them (it is all in ``problems``)."""
    return _load(Path(root))


def load_workspace(root: Path | str | None = None) -> tuple[Workspace, list[Problem]]:
    """Load and validate a workspace's data; raise ValidationError listing every error found.

    Templates, the letterhead and the prose (citation keys, Markdown) are checked one stage
    up, by drafter.draft.check.check_workspace.
    """
    reading = _load(find_workspace(root))
    errors = [p for p in reading.problems if p.is_error]
    if errors or reading.workspace is None:
        raise ValidationError(errors or [Problem("workspace could not be loaded")])
    return reading.workspace, [p for p in reading.problems if not p.is_error]


class _Files:
    """Where each file of a workspace is (its own, else the built-in one), how messages name
    it, and reading it the careful way (drafter.load.files): inside its workspace, a regular
    file, within the size limit."""

    def __init__(self, root: Path, cx: Context):
        self.root = root
        self.builtin = builtin_root()
        self.cx = cx
        self.is_builtin = root.resolve() == self.builtin.resolve()
        self._bases = ((root, ""), (self.builtin, "<built-in>/"))

    def pick(self, name: str) -> Path:
        own = self.root / name
        return own if os.path.lexists(own) else self.builtin / name

    def base(self, path: Path) -> tuple[Path, str]:
        for base, prefix in self._bases:
            if path.is_relative_to(base):
                return base, prefix
        return path.parent, ""

    def show(self, path: Path) -> str:
        """How a file is named in messages: relative to its workspace."""
        base, prefix = self.base(path)
        return prefix + path.relative_to(base).as_posix()

    def confine(
        self, path: Path, what: str = "file", error: type[DrafterError] = DrafterError
    ) -> str:
        """The name messages give path, once checked to lie inside its workspace."""
        shown = self.show(path)
        confined(path, self.base(path)[0], shown, what=what, error=error)
        return shown

    def read(self, path: Path, reader: Callable[[Any, Location], Any]) -> Any | None:
        """Read, parse and validate one YAML file; None (its problems noted) when it cannot be."""
        cx = self.cx
        try:
            shown = self.confine(path)
            text = read_text(path, shown)
            cx.texts[shown] = text
            loaded = yamlio.loads(text, shown)
        except DrafterError as error:
            cx.problems.extend(error.problems)
            return None
        cx.problems.extend(loaded.problems)
        if loaded.data is None:
            cx.problems.append(
                Problem("file is empty", Location(shown, 1, 1), "fill it in or delete it")
            )
            return None
        return reader(loaded.data, loaded.loc)

    def read_folder(
        self, folder: Path, kind: str, reader: Callable[..., Any], unreadable: set[str]
    ) -> dict[str, Any]:
        """Read each YAML file of a folder, by id (the file stem); the ids of those that cannot
        be read go to unreadable (ANY: the folder itself cannot be)."""
        out: dict[str, Any] = {}
        if folder.is_symlink():
            self.cx.problems.append(
                Problem(
                    f"folder '{self.show(folder)}' is a symbolic link",
                    Location(self.show(folder)),
                    "drafter reads only what is inside the workspace: copy the folder in "
                    "instead of linking to it",
                )
            )
            unreadable.add(ANY)
            return out
        if not folder.is_dir():
            return out
        paths = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
        seen: dict[str, Path] = {}
        for path in paths:
            stem = path.stem
            if stem in seen:
                first = seen[stem]
                self.cx.problems.append(
                    Problem(
                        f"{kind} '{stem}' is in two files, {first.name} and {path.name}",
                        Location(self.show(path)),
                        "keep one of them",
                    )
                )
                out.pop(stem, None)
                unreadable.add(stem)
                continue
            seen[stem] = path

            def read_one(data: Any, loc: Location, stem: str = stem) -> Any:
                return reader(data, loc, stem, self.cx)

            item = self.read(path, read_one)
            if item is None:
                unreadable.add(stem)
            else:
                out[stem] = item
        return out

    def letterhead(self, defaults: Defaults) -> Path | None:
        """The letterhead: defaults.letterhead (a path inside the workspace), else the
        workspace's templates/letterhead.docx, else None (the built-in one)."""
        if not defaults.letterhead:
            path = self.root / "templates" / "letterhead.docx"
            return self._regular(path, Location(self.show(path))) if os.path.lexists(path) else None
        given = defaults.letterhead
        where = defaults.refs.get(("letterhead", given)) or Location(
            defaults.loc.file, defaults.loc.line, defaults.loc.col, "defaults.letterhead"
        )
        relative = PurePosixPath(given.replace("\\", "/"))
        if relative.is_absolute() or re.match(r"^[A-Za-z]:", given) or ".." in relative.parts:
            self.cx.problems.append(
                Problem(
                    f"letterhead '{given}' is outside the workspace",
                    where,
                    "give a .docx path relative to the workspace, like templates/letterhead.docx",
                )
            )
            return None
        path = self.root.joinpath(*relative.parts)
        if not os.path.lexists(path):
            self.cx.problems.append(
                Problem(
                    f"letterhead '{given}' does not exist",
                    where,
                    "give a .docx path relative to the workspace, or remove the key",
                )
            )
            return None
        return self._regular(path, where)

    def _regular(self, path: Path, where: Location) -> Path | None:
        """path, when it is a regular file inside the workspace; else None, with the problem."""
        try:
            shown = self.confine(path, "letterhead", LetterheadError)
            mode = path.stat().st_mode
        except (DrafterError, OSError) as error:
            if isinstance(error, DrafterError):
                self.cx.problems.extend(error.problems)
            else:
                self.cx.problems.append(
                    Problem(f"cannot read letterhead: {error.strerror or error}", where)
                )
            return None
        if not stat.S_ISREG(mode):
            self.cx.problems.append(
                Problem(
                    f"letterhead is {kind_of(mode)}, not a regular file",
                    Location(shown),
                    "drafter reads only ordinary files: put the file itself in its place",
                )
            )
            return None
        return path


def _load(root: Path) -> Reading:
    cx = Context()
    files = _Files(root, cx)
    # Phase 1: each file on its own. What cannot be read is remembered, so that phase 2 does
    # not add "unknown position" wherever a module with a syntax error is named.
    unreadable: dict[str, set[str]] = {"position": set(), "agency": set(), "campaign": set()}
    config = files.read(root / CONFIG, lambda d, loc: read_config(d, loc, cx))
    positions = files.read_folder(
        files.pick("positions"), "position", read_position, unreadable["position"]
    )
    agencies = files.read_folder(
        files.pick("agencies"), "agency", read_agency, unreadable["agency"]
    )
    campaigns = files.read_folder(
        root / "campaigns", "campaign", read_campaign, unreadable["campaign"]
    )
    sources = files.read(files.pick("sources.yaml"), lambda d, loc: read_sources(d, loc, cx))
    outlets = files.read(files.pick("outlets.yaml"), lambda d, loc: read_outlets(d, loc, cx))
    vocabulary = files.pick("topics.yaml")
    topics = (
        files.read(vocabulary, lambda d, loc: read_topics(d, loc, cx))
        if os.path.lexists(vocabulary)
        else None
    )
    plans = files.read_folder(root / "responses", "response plan", read_response_plan, set())
    unreadable["source"] = {ANY} if sources is None else set()
    unreadable["outlet"] = {ANY} if outlets is None else set()
    if config is None:
        return Reading(None, cx.problems, unreadable)
    org, signers, defaults, sample = config
    template_dirs = tuple(
        d for d in (root / "templates", files.builtin / "templates") if d.is_dir()
    )
    workspace = Workspace(
        root=root,
        organization=org,
        signers=signers,
        defaults=defaults,
        positions=positions,
        agencies=agencies,
        sources=sources or {},
        outlets=outlets or {},
        campaigns=campaigns,
        template_dirs=template_dirs,
        letterhead=files.letterhead(defaults),
        is_builtin=files.is_builtin,
        sample=sample,
        topics=topics or {},
        responses={plan.docket.upper(): plan for plan in plans.values()},
        prose=tuple(Prose(text, loc) for text, loc in cx.prose),
        texts=cx.texts,
    )
    # Phase 2: references between files.
    cx.problems.extend(check_references(workspace, unreadable=unreadable))
    cx.problems.extend(check_plans(workspace, unreadable["position"]))
    cx.problems.extend(opening_warnings(workspace.positions, cx.texts))
    return Reading(workspace, cx.problems, unreadable)
