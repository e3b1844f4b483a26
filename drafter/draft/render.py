"""A draft as the bytes of one format (docx, md, txt or pdf), and as a file."""

from __future__ import annotations

from pathlib import Path

from drafter.compose.names import org_in_text
from drafter.draft.common import Draft, Engine, body_words
from drafter.model import Workspace
from drafter.output import pick_format, slug, write_atomic
from drafter.render import SAMPLE_MARK
from drafter.render.docx.document import DocInfo
from drafter.render.pdf import docx_to_pdf
from drafter.render.text import render_text


def render_draft(ws: Workspace, draft: Draft, fmt: str, *, engine: Engine | None = None) -> bytes:
    """The draft as bytes in one of docx, md, txt, pdf."""
    return render_with_text(ws, draft, fmt, engine=engine)[0]


def render_with_text(
    ws: Workspace, draft: Draft, fmt: str, *, engine: Engine | None = None
) -> tuple[bytes, str]:
    """The draft as bytes, and its text as batch.file_text reads it back from those bytes.

    A PDF cannot be read back: the draft's body text stands in for it.
    """
    if fmt == "md":
        mark = f"**{SAMPLE_MARK}**\n\n" if ws.sample else ""
        text = body_words(draft.markdown, draft.tokens())[0]
        return (mark + draft.markdown).encode("utf-8"), (mark + text if mark else text)
    if fmt == "txt":
        text = render_text(draft.markdown)
        text = f"{SAMPLE_MARK}\n\n{text}" if ws.sample else text
        return text.encode("utf-8"), text
    info = DocInfo(
        title=draft.title,
        subject=draft.subject,
        author=ws.organization.name,
        keywords=draft.keywords,
        date=draft.date,
        running_header=running_header(ws, draft),
        sample=ws.sample,
    )
    letterhead = (engine or Engine(ws)).letterhead
    data, text = letterhead.build(
        draft.markdown, info, source=f"{draft.kind} {draft.subject}", tokens=draft.tokens()
    )
    for warning in letterhead.warnings:  # what was left out of the letterhead
        if warning not in draft.stats.warnings:
            draft.stats.warnings.append(warning)
    if fmt == "pdf":
        return docx_to_pdf(data), draft.body_text
    return data, text


def write(
    ws: Workspace,
    draft: Draft,
    path: Path,
    *,
    fmt: str | None = None,
    force: bool = False,
    engine: Engine | None = None,
) -> Path:
    """Render the draft in ``fmt`` (default: from the file's extension, else docx) and write
    it to ``path`` atomically; an existing file is replaced only with ``force``."""
    data = render_draft(ws, draft, pick_format(path, fmt), engine=engine)
    write_atomic(path, data, force=force)
    return path


def running_header(ws: Workspace, draft: Draft) -> str:
    """The header of a letter's pages after the first: who comments, in which proceeding."""
    if draft.kind != "letter":
        return ""
    docket = draft.fields.get("docket", "")
    proceeding = f"Docket No. {docket}" if docket == draft.subject else draft.subject
    return f"Comments of {org_in_text(ws.organization)} \u2014 {proceeding}"


def default_name(draft: Draft, fmt: str) -> str:
    """The file name a draft gets when none is given: agency-docket.fmt or oped-outlet.fmt."""
    f = draft.fields
    stem = f"{f['agency']}-{f['docket']}" if draft.kind == "letter" else f"oped-{f['outlet']}"
    return f"{slug(stem)}.{fmt}"
