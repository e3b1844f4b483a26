"""What drafter reports about a draft is what a reader finds in it: the words a letter's body
holds, and the text of the Word file it wrote, read back by python-docx."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from drafter import LetterRequest, draft_letter, render_draft
from drafter.draft.common import FOOTNOTE_DEF_RE, body_words
from drafter.load.workspace import builtin_root, load_workspace
from drafter.render.docx.document import DocInfo, HeaderInfo, Letterhead
from drafter.render.docx.text_of import docx_text
from drafter.render.text import render_text

from .conftest import TODAY
from .test_writer_docx import CONSTRUCTS


@pytest.fixture(scope="module")
def builtin_letters():
    ws, _ = load_workspace(builtin_root())
    drafts = []
    for agency in sorted(ws.agencies):
        for docket in ws.agencies[agency].dockets[:2] or [None]:
            request = LetterRequest(
                agency=agency, docket=docket.id if docket else "", date=TODAY, today=TODAY
            )
            drafts.append(draft_letter(ws, request))
    return ws, drafts


def reader_words(markdown: str) -> int:
    """The words of the letter as plain text, its notes cut out."""
    return len(render_text(FOOTNOTE_DEF_RE.sub("", markdown)).split())


def test_a_letters_word_count_is_the_words_of_its_body(builtin_letters):
    _, drafts = builtin_letters
    for draft in drafts:
        assert draft.stats.words == reader_words(draft.markdown) > 500
        assert body_words(draft.markdown) == (draft.body_text, draft.stats.words)


def test_word_count_leaves_out_footnote_markers_and_notes():
    text, words = body_words("One two^[An inline note of six words.] three [^a].\n\n[^a]: Note.\n")
    assert (text, words) == ("One two three .\n", 4)


def python_docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_docx_text_reads_what_python_docx_reads(builtin_letters):
    ws, drafts = builtin_letters
    for draft in drafts[:3]:
        data = render_draft(ws, draft, "docx")
        assert docx_text(data) == python_docx_text(data)
    header = HeaderInfo("Center for Example Policy", ("1 Example Plaza NW",), "https://e.org")
    data = Letterhead.builtin(header).render(CONSTRUCTS, DocInfo(title="Every construct"))
    assert docx_text(data) == python_docx_text(data)


def test_docx_text_of_a_document_python_docx_made(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Plain, ").add_run("bold\tand tabbed").bold = True
    para = document.add_paragraph("line one")
    para.add_run().add_break()  # a line break: a new line
    para.add_run("line two")
    document.add_page_break()  # a page break: no text
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "in a table: not a body paragraph"
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    assert docx_text(data) == python_docx_text(data)
    assert "in a table" not in docx_text(data)


def test_docx_text_refuses_what_is_not_a_docx():
    with pytest.raises(Exception, match="zip"):
        docx_text(b"not a zip file")
