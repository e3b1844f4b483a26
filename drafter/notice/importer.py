"""`drafter agencies import`: read a notice, find its docket and questions, edit the workspace.

The phases read top to bottom: read the notice (a saved file, or the API), decide the agency
and the docket, extract the docket entry, then edit agencies/<id>.yaml and sources.yaml with
ruamel.yaml round-trip. A dry run does all but the writing. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from drafter.errors import NoticeError
from drafter.load.agencies import DOCKET_RE
from drafter.load.workspace import builtin_root
from drafter.model import Agency, Workspace
from drafter.notice import write
from drafter.notice.agency import NewAgency, match_agency, new_agency
from drafter.notice.document import Reading
from drafter.notice.extract import ImportedDocket, candidate_dockets, choose_docket, extract
from drafter.notice.fetch import Fetcher
from drafter.notice.read import read_notice
from drafter.output import write_atomic
from drafter.plan.vocabulary import Vocabulary

BUILTIN = "<built-in>/"
Suggest = Callable[[str], Sequence[str]]


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    docket: ImportedDocket
    agency_id: str
    agency_file: Path
    action: str  # "added" | "replaced" | "extended" | "new agency"
    source_key: str = ""
    source_added: bool = False
    how: str = ""  # how the notice was read: "txt", "xml+json", "api+xml" …
    written: tuple[Path, ...] = ()
    changes: tuple[tuple[str, object, object], ...] = ()  # extension: (key, old, new)
    texts: dict[Path, str] = field(default_factory=dict)  # each file as it is (would be) written
    notes: tuple[str, ...] = ()


def import_notice(
    ws: Workspace,
    notice: str,
    *,
    today: dt.date,
    agency: str | None = None,
    docket: str | None = None,
    force: bool = False,
    dry_run: bool = False,
    fetcher: Fetcher | None = None,
    suggest: Suggest | None = None,
) -> ImportResult:
    """Import NOTICE's docket into the workspace; see DESIGN.md section 5."""
    if ws.is_builtin and not dry_run:
        raise NoticeError(
            "no workspace to import into: this is the built-in workspace, which is read-only",
            hint="create your own with `drafter init DIR`, then run the import with -w DIR",
        )
    # 1. Read the notice, then decide whose docket it is.
    reading = read_notice(notice, fetcher)
    known = ws.agencies.get(agency) if agency else match_agency(ws.agencies, reading)
    fresh: NewAgency | None = None
    if known is None:
        named = candidate_dockets(reading)
        fresh = new_agency(reading, ws.agencies, named[0] if named else "")
        if agency:
            fresh = NewAgency(agency, fresh.name, fresh.short_name, fresh.parent)
    short_name = known.short_name if known else fresh.short_name if fresh else ""
    docket_id, notes = choose_docket(reading, docket, known, short_name)
    if not DOCKET_RE.match(docket_id):
        notes.append(f"{docket_id} does not look like a regulations.gov docket ID")
    imported = extract(reading, docket_id, notes, candidate_dockets(reading))
    agency_id = known.id if known else fresh.id if fresh else ""

    # 2. Work out every file's new text.
    plan = _Plan(ws, today)
    later: list[str] = []
    if imported.extension:
        result = plan.extend(known, imported, reading)
    else:
        source_key, source_added = plan.source(
            imported, known.name if known else fresh.name if fresh else ""
        )
        entry = write.docket_entry(imported, suggest or Vocabulary(ws.topics).tag, source_key)
        comment = _comment(imported, reading, today)
        if known is not None:
            if dry_run and not force and known.docket(docket_id):
                later.append(f"{docket_id} is already in {known.file}: --force replaces it")
            later += _replacing(known, imported)
            action = plan.add(known, entry, comment, force=force or dry_run)
        else:
            assert fresh is not None
            action = plan.create(fresh, entry, comment, reading)
        result = ImportResult(
            imported, agency_id, plan.agency_path, action, source_key, source_added
        )

    # 3. Write them (copying built-in files first where the workspace had none).
    written = () if dry_run else plan.commit()
    return ImportResult(
        imported,
        agency_id,
        result.agency_file,
        result.action,
        result.source_key,
        result.source_added,
        reading.how,
        written,
        result.changes,
        dict(plan.texts),
        (*imported.notes, *later),
    )


class _Plan:
    """The files an import changes, as new texts, written only at commit."""

    def __init__(self, ws: Workspace, today: dt.date):
        self.ws, self.today = ws, today
        self.texts: dict[Path, str] = {}
        self.copies: list[tuple[Path, Path]] = []  # built-in file → workspace file
        self.agency_path = Path()

    def _file(self, shown: str, fallback: Path) -> Path:
        """A workspace file to edit; a built-in one is first copied into the workspace (for
        agencies, the whole folder: a workspace's agencies/ replaces the built-in one)."""
        if not shown.startswith(BUILTIN):
            return self.ws.root / shown if shown else fallback
        name = shown[len(BUILTIN) :]
        if name.startswith("agencies/"):
            self._own_agencies()
        else:
            self.copies.append((builtin_root() / name, self.ws.root / name))
        return self.ws.root / name

    def _own_agencies(self) -> None:
        """Copy the built-in agencies when the workspace has no agencies/ of its own."""
        if any(not a.file.startswith(BUILTIN) for a in self.ws.agencies.values()):
            return
        for other in sorted((builtin_root() / "agencies").glob("*.yaml")):
            pair = (other, self.ws.root / "agencies" / other.name)
            if pair not in self.copies:
                self.copies.append(pair)

    def _read(self, path: Path) -> str:
        if path in self.texts:
            return self.texts[path]
        for builtin, target in self.copies:
            if target == path:
                return builtin.read_text(encoding="utf-8")
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def add(self, agency: Agency, entry: CommentedMap, comment: str, *, force: bool) -> str:
        self.agency_path = self._file(agency.file, self.ws.root / "agencies" / f"{agency.id}.yaml")
        text = self._read(self.agency_path)
        new, replaced = write.add_docket(text, agency.file, entry, comment, force=force)
        self.texts[self.agency_path] = new
        return "replaced" if replaced else "added"

    def create(self, fresh: NewAgency, entry: CommentedMap, comment: str, reading: Reading) -> str:
        self._own_agencies()
        self.agency_path = self.ws.root / "agencies" / f"{fresh.id}.yaml"
        header = _wrap(
            f"Written by `drafter agencies import` from FR Doc. {reading.notice.fr_doc or '?'}: "
            "the notice did not match an agency of the workspace. Fill in the TODO lines (and "
            "check name and short_name) before drafting a letter."
        )
        self.texts[self.agency_path] = write.new_agency_file(fresh, entry, comment, header)
        return "new agency"

    def source(self, docket: ImportedDocket, author: str) -> tuple[str, bool]:
        """The sources.yaml key of the notice: an existing entry's, or a new one."""
        for key, src in self.ws.sources.items():
            same_cite = docket.citation and src.citation.replace(",", "") == docket.citation
            if src.type == "notice" and (same_cite or (docket.fr_doc and docket.fr_doc in src.url)):
                return key, False
        key = f"fr-{docket.fr_doc or docket.id.lower()}"
        shown = next((s.loc.file for s in self.ws.sources.values()), "sources.yaml")
        path = self._file(shown, self.ws.root / "sources.yaml")
        entry = write.source_entry(
            author, docket.title, docket.citation, docket.published, docket.url
        )
        self.texts[path] = write.add_source(self._read(path), shown, key, entry)
        return key, True

    def extend(
        self, agency: Agency | None, docket: ImportedDocket, reading: Reading
    ) -> ImportResult:
        existing = agency.docket(docket.id) if agency else None
        if agency is None or existing is None:
            raise NoticeError(
                f"this notice extends the comment period of docket {docket.id}, which is not "
                "in the workspace",
                hint="import the original notice first, then this one",
            )
        changes = [
            (key, getattr(existing, key), getattr(docket, key))
            for key in ("deadline", "deadline_time", "reply_deadline")
            if getattr(docket, key) and getattr(docket, key) != getattr(existing, key)
        ]
        self.agency_path = self._file(agency.file, self.ws.root / "agencies" / f"{agency.id}.yaml")
        cite = f"FR Doc. {docket.fr_doc}" + (f", {docket.citation}" if docket.citation else "")
        said = "; ".join(f"{k} {old or 'none'} → {new}" for k, old, new in changes) or "no change"
        comment = _wrap(f"Extended by {cite}, imported on {self.today}: {said}.")
        text = self._read(self.agency_path)
        self.texts[self.agency_path] = write.amend_docket(
            text, agency.file, docket.id, {k: new for k, _, new in changes}, comment
        )
        return ImportResult(docket, agency.id, self.agency_path, "extended", changes=tuple(changes))

    def commit(self) -> tuple[Path, ...]:
        for builtin, target in self.copies:
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(builtin, target)
        for path, text in self.texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text, force=True)
        return tuple(self.texts)


def _replacing(agency: Agency, docket: ImportedDocket) -> list[str]:
    """What a replaced docket said that the notice does not: an extension, most likely."""
    old = agency.docket(docket.id)
    if old is None:
        return []
    return [
        f"{docket.id} had {key} {getattr(old, key)}, the notice says "
        f"{getattr(docket, key) or 'none'}: if the period was extended, import the extension "
        "notice too"
        for key in ("deadline", "reply_deadline")
        if getattr(old, key) and getattr(old, key) != getattr(docket, key)
    ]


def _comment(docket: ImportedDocket, reading: Reading, today: dt.date) -> str:
    published = f" ({docket.published})" if docket.published else ""
    cite = f", {docket.citation}{published}" if docket.citation else ""
    lines = [
        f"Imported by `drafter agencies import` on {today} from FR Doc. {docket.fr_doc}{cite}"
        + (f", {docket.url}" if docket.url else "")
        + ".",
        "The questions are the notice's own words (verbatim: true); suggested_topics are "
        "suggestions only: move the ones that fit into topics.",
    ]
    lines += [f"Check: {note}." for note in docket.notes]
    return "\n".join(_wrap(line) for line in lines)


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 92, break_on_hyphens=False, break_long_words=False))
