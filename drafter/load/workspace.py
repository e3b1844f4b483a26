"""Find, load and validate a workspace, falling back to the built-in one.

Loading runs in phases: read every file (each field checked on its own), then check the
references between files. Every problem of every phase is collected and raised together, so
a user fixes a whole workspace in one pass; drafter.draft.check adds the checks of templates,
letterhead and prose that need the stages above this one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError, Location, Problem, ValidationError, WorkspaceNotFound
from drafter.load import yamlio
from drafter.load.fields import did_you_mean
from drafter.load.plans import check_plans, opening_warnings, read_response_plan, read_topics
from drafter.load.readers import (
    Context,
    read_agency,
    read_campaign,
    read_config,
    read_outlets,
    read_position,
    read_sources,
)
from drafter.model import Prose, Workspace

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
    """Pick the workspace: --workspace, else $DRAFTER_WORKSPACE, else an ancestor, else built-in."""
    env = os.environ if env is None else env
    chosen = explicit or env.get("DRAFTER_WORKSPACE")
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
    return _load(root)


def load_workspace(root: Path | None = None) -> tuple[Workspace, list[Problem]]:
    """Load and validate a workspace's data; raise ValidationError listing every error found.

    Templates, the letterhead and the prose (citation keys, Markdown) are checked one stage
    up, by drafter.draft.check.check_workspace.
    """
    root = find_workspace() if root is None else root
    reading = _load(root)
    errors = [p for p in reading.problems if p.is_error]
    if errors or reading.workspace is None:
        raise ValidationError(errors or [Problem("workspace could not be loaded")])
    return reading.workspace, [p for p in reading.problems if not p.is_error]


class _Files:
    """Locate each file of a workspace, with the built-in workspace filling the gaps, and
    parse it (through the per-user YAML cache: drafter.load.cache)."""

    def __init__(self, root: Path):
        from drafter.load.cache import YamlCache, folder

        self.root = root
        self.builtin = builtin_root()
        self._bases = ((root.resolve(), ""), (self.builtin.resolve(), "<built-in>/"))
        self.is_builtin = self._bases[0][0] == self._bases[1][0]
        self.parsed = YamlCache(folder())

    def pick(self, name: str) -> Path:
        own = self.root / name
        return own if own.exists() else self.builtin / name

    def show(self, path: Path) -> str:
        """How a file is named in messages: relative to its workspace."""
        resolved = path.resolve()
        for base, prefix in self._bases:
            try:
                return prefix + resolved.relative_to(base).as_posix()
            except ValueError:
                continue
        return path.as_posix()


def _read(
    path: Path, files: _Files, cx: Context, reader: Callable[[Any, Location], Any]
) -> Any | None:
    shown = files.show(path)
    try:
        text = yamlio.read_text(path, shown)
        cx.texts[shown] = text
        loaded = files.parsed.get(text, shown, yamlio.loads)
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


def _read_folder(
    folder: Path, files: _Files, cx: Context, reader: Callable, unreadable: set[str]
) -> dict[str, Any]:
    """Read each YAML file of a folder; the stems of those that cannot be read go to unreadable."""
    out: dict[str, Any] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.y*ml")):
        if path.suffix not in (".yaml", ".yml"):
            continue
        item = _read(path, files, cx, lambda data, loc, p=path: reader(data, loc, p.stem, cx))
        if item is None:
            unreadable.add(path.stem)
        else:
            out[path.stem] = item
    return out


def _load(root: Path) -> Reading:
    files = _Files(root)
    cx = Context()
    # Phase 1: each file on its own. What cannot be read is remembered, so that phase 2 does
    # not add "unknown position" wherever a module with a syntax error is named.
    unreadable: dict[str, set[str]] = {"position": set(), "agency": set(), "campaign": set()}
    config = _read(root / CONFIG, files, cx, lambda d, loc: read_config(d, loc, cx))
    positions = _read_folder(
        files.pick("positions"), files, cx, read_position, unreadable["position"]
    )
    agencies = _read_folder(files.pick("agencies"), files, cx, read_agency, unreadable["agency"])
    campaigns = _read_folder(root / "campaigns", files, cx, read_campaign, unreadable["campaign"])
    sources = _read(files.pick("sources.yaml"), files, cx, lambda d, loc: read_sources(d, loc, cx))
    outlets = _read(files.pick("outlets.yaml"), files, cx, lambda d, loc: read_outlets(d, loc, cx))
    vocabulary = files.pick("topics.yaml")
    topics = (
        _read(vocabulary, files, cx, lambda d, loc: read_topics(d, loc, cx))
        if vocabulary.exists()
        else None
    )
    plans = _read_folder(root / "responses", files, cx, read_response_plan, set())
    unreadable["source"] = {ANY} if sources is None else set()
    unreadable["outlet"] = {ANY} if outlets is None else set()
    if config is None:
        return Reading(None, cx.problems, unreadable)
    org, signers, defaults, sample = config
    template_dirs = tuple(
        d for d in (root / "templates", files.builtin / "templates") if d.is_dir()
    )
    letterhead = None
    if defaults.letterhead:
        letterhead = (root / defaults.letterhead).resolve()
        if not letterhead.is_file():
            fallback = Location(
                defaults.loc.file, defaults.loc.line, defaults.loc.col, "defaults.letterhead"
            )
            cx.problems.append(
                Problem(
                    f"letterhead '{defaults.letterhead}' does not exist",
                    defaults.refs.get(("letterhead", defaults.letterhead), fallback),
                    "give a .docx path relative to the workspace, or remove the key",
                )
            )
            letterhead = None
    elif (root / "templates" / "letterhead.docx").is_file():
        letterhead = root / "templates" / "letterhead.docx"
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
        letterhead=letterhead,
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


ANY = "*"  # in an unreadable set: the whole file (sources.yaml, outlets.yaml) could not be read


def _unknown(kind: str, name: str, choices: Mapping[str, Any], loc: Location) -> Problem:
    return Problem(f"unknown {kind} '{name}'", loc, did_you_mean(name, choices))


def _ref(refs: Mapping[tuple[str, str], Location], key: str, name: str, at: Location) -> Location:
    """Where the value name of key stands, else the mapping's location with the key's path."""
    found = refs.get((key, name))
    if found is not None:
        return found
    return Location(at.file, at.line, at.col, f"{at.path}.{key}" if at.path else key)


def check_references(
    ws: Workspace, *, unreadable: Mapping[str, set[str]] | None = None
) -> list[Problem]:
    """Positions, signers, outlets, agencies and dockets named anywhere must exist.

    Names in ``unreadable`` (files that could not be read, already reported) are not unknown.
    Citation keys in prose are checked with the prose, by drafter.draft.check.
    """
    unreadable = unreadable or {}
    broken = unreadable.get("position", set())
    problems: list[Problem] = []
    for agency in ws.agencies.values():
        for pid in agency.positions:
            if pid not in ws.positions and pid not in broken:
                loc = _ref(agency.refs, "positions", pid, agency.loc)
                problems.append(_unknown("position", pid, ws.positions, loc))
        for docket in agency.dockets:
            if docket.source and docket.source not in ws.sources and not unreadable.get("source"):
                loc = _ref(docket.refs, "source", docket.source, docket.loc)
                problems.append(_unknown("source", docket.source, ws.sources, loc))
    signer_ids = {s.id: s for s in ws.signers}
    for campaign in ws.campaigns.values():
        problems.extend(campaign_references(ws, campaign, signer_ids, unreadable=unreadable))
    return problems


def campaign_references(
    ws: Workspace, campaign, signer_ids, *, unreadable: Mapping[str, set[str]] | None = None
) -> list[Problem]:
    unreadable = unreadable or {}
    broken = unreadable.get("position", set())
    problems: list[Problem] = []

    def at(owner, key: str, name: str) -> Location:
        return _ref(owner.refs, key, name, owner.loc)

    for pid in campaign.positions:
        if pid not in ws.positions and pid not in broken:
            loc = at(campaign, "positions", pid)
            problems.append(_unknown("position", pid, ws.positions, loc))
    if campaign.signer and campaign.signer not in signer_ids:
        loc = at(campaign, "signer", campaign.signer)
        problems.append(_unknown("signer", campaign.signer, signer_ids, loc))
    for target in campaign.targets:
        for key in ("positions", "emphasis"):
            for pid in getattr(target, key):
                if pid not in ws.positions and pid not in broken:
                    loc = at(target, key, pid)
                    problems.append(_unknown("position", pid, ws.positions, loc))
        outlet_unknown = target.outlet not in ws.outlets and ANY not in unreadable.get("outlet", ())
        if target.outlet and outlet_unknown:
            loc = at(target, "outlet", target.outlet)
            problems.append(_unknown("outlet", target.outlet, ws.outlets, loc))
        if not target.agency or target.agency in unreadable.get("agency", ()):
            continue
        agency = ws.agencies.get(target.agency)
        if agency is None:
            loc = at(target, "agency", target.agency)
            problems.append(_unknown("agency", target.agency, ws.agencies, loc))
        elif target.docket and agency.docket(target.docket) is None:
            choices = {d.id: d for d in agency.dockets}
            loc = at(target, "docket", target.docket)
            problems.append(_unknown(f"docket of {agency.id}", target.docket, choices, loc))
    return problems
