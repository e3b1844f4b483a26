"""One target of a batch: draft it, render it, write it, and say what became of it.

``draft_job`` never raises for a problem with its target: a failure is a row, so that one bad
target does not stop the other 99. An existing file is kept (without --force) and read back
for the similarity check, so that a resumed batch compares every draft.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from drafter.batch.campaign import Job
from drafter.batch.manifest import Row
from drafter.batch.similarity import shingles_of
from drafter.compose.requests import LetterRequest
from drafter.draft.common import Draft, Engine, body_words
from drafter.draft.letter import check_summary, draft_letter
from drafter.draft.oped import draft_oped
from drafter.draft.render import render_with_text
from drafter.errors import DrafterError, FileExists
from drafter.model import Workspace
from drafter.output import kind_of, read_existing, write_atomic

UNREADABLE = "the existing file could not be read"  # a skipped file's note: --force redoes it
APPEARED = "appeared while the batch ran; kept as it is"
MAX_EXISTING = 64 * 1024 * 1024  # bytes of an existing draft read back; a letter is ~50 KB


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: the row, and the draft's shingles for the similarity check."""

    row: Row
    shingles: frozenset[int] | None = None


def failed(job: Job, message: str) -> Outcome:
    return Outcome(
        Row(job.index, job.target, job.name, "failed", error=message, summary=job.summary)
    )


def draft_job(ws: Workspace, engine: Engine, job: Job, *, force: bool) -> Outcome:
    """Draft, render and write one target; never raise for a problem with this target."""
    row = Row(job.index, job.target, job.name, summary=job.summary)
    try:
        if kind_of(job.path) is not None and not force:
            return _skip(ws, engine, job, row)
        draft = _draft(ws, engine, job)
        box = check_summary(draft) if job.summary else ""
        data, text = render_with_text(ws, draft, job.fmt, engine=engine)
        job.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # Its folder is synced once for every letter, before the manifest (run_batch).
            write_atomic(job.path, data, force=force, tidy=False, sync_folder=False)
        except FileExists:  # another program wrote it since the check above: it stays
            return _skip(ws, engine, job, row, note=APPEARED)
        notes = [str(w) for w in draft.stats.warnings]
        if job.summary:
            notes.extend(_write_summary(job, box, force))
        s = draft.stats
        row.words, row.pages, row.footnotes = s.words, s.pages, s.footnotes
        row.questions_answered, row.questions_total = s.questions_answered, s.questions_total
        row.warnings = "; ".join(notes)
        row.sha256 = hashlib.sha256(data).hexdigest()
        row.status = "written"
        # The text a later run will read back from the file (file_text), so that a resumed
        # batch compares like with like.
        return Outcome(row, shingles_of(text))
    except DrafterError as error:
        row.status, row.error = "failed", str(error)
    except Exception as error:  # a bug in one draft must not stop the other 99
        row.status, row.error = "failed", f"{type(error).__name__}: {error}"
    return Outcome(row)


def _draft(ws: Workspace, engine: Engine, job: Job) -> Draft:
    if isinstance(job.request, LetterRequest):
        return draft_letter(ws, job.request, engine=engine)
    return draft_oped(ws, job.request, engine=engine)


def _skip(ws: Workspace, engine: Engine, job: Job, row: Row, note: str = "") -> Outcome:
    """An existing file stays as it is; hash it and read its text for the similarity check."""
    data = read_existing(job.path, MAX_EXISTING)
    row.status, row.sha256 = "skipped", hashlib.sha256(data).hexdigest()
    text, unreadable = file_text(job.path, data)
    notes = [n for n in (note, unreadable) if n]
    if job.summary and kind_of(job.path.parent / Path(job.summary).name) is None:
        # Interrupted between the letter and its summary: finish the summary only.
        notes.extend(_write_summary(job, check_summary(_draft(ws, engine, job)), False))
    row.warnings = "; ".join(notes)
    if not text:
        return Outcome(row)
    row.words = len(text.split())
    return Outcome(row, shingles_of(text))


def _write_summary(job: Job, text: str, force: bool) -> list[str]:
    path = job.path.parent / Path(job.summary).name
    if kind_of(path) is not None and not force:
        if read_existing(path, MAX_EXISTING) == text.encode("utf-8"):
            return []
        return [f"kept the existing {job.summary} (use --force to replace it)"]
    try:
        write_atomic(path, text, force=force, tidy=False, sync_folder=False)
    except FileExists:  # another program wrote it since the check above: it stays
        return [f"kept the existing {job.summary}, which appeared while the batch ran"]
    return []


def file_text(path: Path, data: bytes) -> tuple[str, str]:
    """The plain body text of a written draft, and a note when it cannot be read."""
    try:
        if path.suffix == ".docx":
            from drafter.render.docx.text_of import docx_text

            return docx_text(data), ""
        if path.suffix == ".md":
            return body_words(data.decode("utf-8"))[0], ""
        if path.suffix == ".txt":
            return data.decode("utf-8"), ""
    except Exception as error:
        return "", f"{UNREADABLE} ({type(error).__name__}: {error})"
    return "", ""  # PDF: left out of the similarity check
