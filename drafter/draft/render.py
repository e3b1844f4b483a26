"""A draft as the bytes of one format (docx, md, txt or pdf), and as a file."""

from __future__ import annotations

from pathlib import Path

from drafter.draft.common import Draft, Engine, body_words
from drafter.model import Workspace
from drafter.output import pick_format, slug, write_atomic
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
        return draft.markdown.encode("utf-8"), body_words(draft.markdown, draft.tokens())[0]
    if fmt == "txt":
        text = render_text(draft.markdown)
        return text.encode("utf-8"), text
    info = DocInfo(
        title=draft.title,
        subject=draft.subject,
        author=ws.organization.name,
        keywords=draft.keywords,
        date=draft.date,
    )
    letterhead = (engine or Engine(ws)).letterhead
    data, text = letterhead.build(
        draft.markdown, info, source=f"{draft.kind} {draft.subject}", tokens=draft.tokens()
    )
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


def default_name(draft: Draft, fmt: str) -> str:
    """The file name a draft gets when none is given: agency-docket.fmt or oped-outlet.fmt."""
    f = draft.fields
    stem = f"{f['agency']}-{f['docket']}" if draft.kind == "letter" else f"oped-{f['outlet']}"
    return f"{slug(stem)}.{fmt}"
