"""A draft as the bytes of one format: docx, md, txt or pdf."""

from __future__ import annotations

from drafter.draft.common import Draft, Engine, body_words
from drafter.model import Workspace


def render(ws: Workspace, draft: Draft, fmt: str, *, engine: Engine | None = None) -> bytes:
    """The draft as bytes in one of docx, md, txt, pdf."""
    return render_with_text(ws, draft, fmt, engine=engine)[0]


def render_with_text(
    ws: Workspace, draft: Draft, fmt: str, *, engine: Engine | None = None
) -> tuple[bytes, str]:
    """The draft as bytes, and its text as batch.file_text reads it back from those bytes.

    A PDF cannot be read back: the draft's body text stands in for it.
    """
    engine = engine or Engine(ws)
    if fmt == "md":
        return draft.markdown.encode("utf-8"), body_words(draft.markdown, draft.tokens())[0]
    if fmt == "txt":
        from drafter.render.text import render_text

        text = render_text(draft.markdown)
        return text.encode("utf-8"), text
    from drafter.render.docx.document import DocInfo

    info = DocInfo(
        title=draft.title,
        subject=draft.subject,
        author=ws.organization.name,
        keywords=draft.keywords,
        date=draft.date,
    )
    data, text = engine.letterhead.build(
        draft.markdown, info, source=f"{draft.kind} {draft.subject}", tokens=draft.tokens()
    )
    if fmt == "pdf":
        from drafter.render.pdf import docx_to_pdf

        return docx_to_pdf(data), draft.body_text
    return data, text


def default_name(draft: Draft, fmt: str) -> str:
    from drafter.output import slug

    f = draft.fields
    stem = f"{f['agency']}-{f['docket']}" if draft.kind == "letter" else f"oped-{f['outlet']}"
    return f"{slug(stem)}.{fmt}"
