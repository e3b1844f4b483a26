"""One target of a batch: draft it, render it, write it, and say what became of it.

``draft_job`` never raises for a problem with its target: a failure is a row, so that one bad
target does not stop the other 99.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from drafter.batch.campaign import Job
from drafter.batch.manifest import Row
from drafter.batch.similarity import pack
from drafter.compose.requests import LetterRequest
from drafter.draft.common import Draft, Engine, body_words
from drafter.draft.letter import check_summary, draft_letter
from drafter.draft.oped import draft_oped
from drafter.draft.render import render_with_text
from drafter.errors import DrafterError
from drafter.model import Workspace
from drafter.output import write_atomic

UNREADABLE = "the existing file could not be read"  # a skipped file's note: --force redoes it
# Letters are not fsynced one by one (about 1 ms of the kernel's time each, a tenth of a
# batch): one os.sync() before the manifest makes them durable at once. Without os.sync
# (Windows), each letter is fsynced.
SYNC_EACH = not hasattr(os, "sync")


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: the row and the shingles of the draft's text (similarity.pack)."""

    row: Row
    shingles: bytes = b""


def failed(job: Job, message: str) -> Outcome:
    return Outcome(
        Row(job.index, job.target, job.name, "failed", error=message, summary=job.summary)
    )


def draft_job(ws: Workspace, engine: Engine, job: Job, force: bool) -> Outcome:
    """Draft, render and write one target; never raise for a problem with this target."""
    row = Row(job.index, job.target, job.name, summary=job.summary)
    try:
        if job.path.exists() and not force:
            return _skip(ws, engine, job, row)
        draft = _draft(ws, engine, job)
        box = check_summary(draft) if job.summary else ""
        data, text = render_with_text(ws, draft, job.fmt, engine=engine)
        job.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(job.path, data, force=force, tidy=False, durable=SYNC_EACH)  # see run_batch
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
        return Outcome(row, pack(text))
    except DrafterError as error:
        row.status, row.error = "failed", str(error)
    except Exception as error:  # a bug in one draft must not stop the other 99
        row.status, row.error = "failed", f"{type(error).__name__}: {error}"
    return Outcome(row)


def _draft(ws: Workspace, engine: Engine, job: Job) -> Draft:
    if isinstance(job.request, LetterRequest):
        return draft_letter(ws, job.request, engine=engine)
    return draft_oped(ws, job.request, engine=engine)


def _skip(ws: Workspace, engine: Engine, job: Job, row: Row) -> Outcome:
    """An existing file stays as it is; hash it and read its text for the similarity check."""
    data = job.path.read_bytes()
    row.status, row.sha256 = "skipped", hashlib.sha256(data).hexdigest()
    text, note = file_text(job.path, data)
    notes = [note] if note else []
    if job.summary and not (job.path.parent / Path(job.summary).name).exists():
        # Interrupted between the letter and its summary: finish the summary only.
        notes.extend(_write_summary(job, check_summary(_draft(ws, engine, job)), False))
    row.warnings = "; ".join(notes)
    if not text:
        return Outcome(row)
    row.words = len(text.split())
    return Outcome(row, pack(text))


def _write_summary(job: Job, text: str, force: bool) -> list[str]:
    path = job.path.parent / Path(job.summary).name
    if path.exists() and not force:
        if path.read_bytes() == text.encode("utf-8"):
            return []
        return [f"kept the existing {job.summary} (use --force to replace it)"]
    write_atomic(path, text, force=True, tidy=False, durable=SYNC_EACH)
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
