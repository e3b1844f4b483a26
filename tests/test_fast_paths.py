"""The speed-ups keep their results: one parse per letter, the python-docx-free reader, scans.

Each fast path is compared with the slow way it replaced; nothing here measures time.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter import Draft, LetterRequest, draft_letter, render_draft
from drafter.compose import checks
from drafter.draft.common import FOOTNOTE_DEF_RE, body_words
from drafter.errors import DrafterError
from drafter.load import yamlio, yamlparse
from drafter.load.workspace import builtin_root, load_workspace
from drafter.render.docx.document import DocInfo, HeaderInfo, Letterhead
from drafter.render.docx.text_of import docx_text
from drafter.render.text import render_text
from drafter.text import code_spans
from drafter.text import markdown as markup
from tests.conftest import TODAY

from .test_writer_docx import CONSTRUCTS


@pytest.fixture(scope="module")
def builtin_letters():
    ws, _ = load_workspace(builtin_root())
    drafts = []
    for agency in sorted(ws.agencies):
        for docket in ws.agencies[agency].dockets[:2] or [None]:
            request = LetterRequest(
                agency=agency,
                docket=docket.id if docket else "",
                date=dt.date(2026, 12, 1),
                today=TODAY,
            )
            drafts.append(draft_letter(ws, request))
    return ws, drafts


def reader_words(markdown: str) -> int:
    """The count before the single parse: notes cut out of the Markdown, then rendered as text."""
    return len(render_text(FOOTNOTE_DEF_RE.sub("", markdown)).split())


def test_word_count_is_unchanged_by_the_single_parse(builtin_letters):
    _, drafts = builtin_letters
    for draft in drafts:
        assert draft.stats.words == reader_words(draft.markdown) > 500
        assert body_words(draft.markdown) == (draft.body_text, draft.stats.words)


def test_the_inline_cache_gives_markdown_its_own_tokens(builtin_letters):
    _, drafts = builtin_letters
    plain = markup.plain_parser()
    for _ in range(2):  # the second round parses from the cache
        for draft in drafts:
            assert markup.parse_tokens(draft.markdown) == plain.parse(draft.markdown, {})
    assert len(markup.make_parser().core.ruler.__rules__) == len(plain.core.ruler.__rules__)


PARAGRAPHS = [
    "He said \"so\"[^{a}] and 'that'[^{b}], *twice*[^{a}].",
    "Plain words with a link [here](https://e.org) and `code [^{a}]`.",
    "Escaped \\[^{a}] and real[^{b}] and undefined[^zz].",
    "A note^[inline [^{a}] note] here[^{b}].",
    "Odd label[^{a}] and [^x y] and [^a*b].",
    "[link][ref] and [^{b}]",
    '"Quote at the end"[^{a}]',
]


@pytest.mark.parametrize("labels", [("a", "b"), ("c7", "c12"), ("b", "a"), ("n_1", "n-2")])
@pytest.mark.parametrize("with_ref", [False, True])
def test_the_inline_cache_relabels_footnotes_as_markdown_it_does(labels, with_ref):
    a, b = labels
    body = "\n\n".join(p.format(a=a, b=b) for p in PARAGRAPHS * 2)
    notes = f"\n\n[^{a}]: First *note*.\n\n[^{b}]: Second note.\n"
    refs = "\n[ref]: https://e.org/ref\n" if with_ref else ""
    markdown = body + notes + refs
    plain = markup.plain_parser()
    for _ in range(2):
        assert markup.parse_tokens(markdown) == plain.parse(markdown, {})


def test_word_count_leaves_out_footnote_markers_and_notes():
    text, words = body_words("One two^[An inline note of six words.] three [^a].\n\n[^a]: Note.\n")
    assert (text, words) == ("One two three .\n", 4)


def test_render_reuses_the_parse_and_gives_the_same_bytes(builtin_letters):
    ws, drafts = builtin_letters
    for draft in drafts:
        assert draft.tokens() is not None
        fresh = Draft(**{**draft.__dict__, "parsed": None})
        assert fresh.tokens() is None
        assert render_draft(ws, draft, "docx") == render_draft(ws, fresh, "docx")


def test_a_changed_markdown_is_parsed_again(builtin_letters):
    ws, drafts = builtin_letters
    draft = Draft(**drafts[0].__dict__)
    draft.markdown = draft.markdown.replace("# Introduction", "# Opening", 1)
    assert draft.tokens() is None
    assert b"Opening" in _document_xml(render_draft(ws, draft, "docx"))


def _document_xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("word/document.xml")


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


def test_the_writer_reports_the_text_docx_text_reads(builtin_letters):
    _ws, drafts = builtin_letters
    header = HeaderInfo("Center for Example Policy", ("1 Example Plaza NW",), "https://e.org")
    letterhead = Letterhead.builtin(header)
    for markdown in [CONSTRUCTS, *(d.markdown for d in drafts[:3])]:
        data, text = letterhead.build(markdown, DocInfo(title="Every construct"))
        assert text == docx_text(data)
        assert text.count("\n") >= 10


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


def slow_code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """code_spans._code_spans as it was: one character at a time."""
    spans, i = [], start
    while i < end:
        if text[i] == "\\":
            i += 2
        elif text[i] == "`":
            j = i
            while j < end and text[j] == "`":
                j += 1
            blank = re.compile(r"\n[ \t]*\n").search(text, j, end)
            close = re.compile(rf"(?<!`)`{{{j - i}}}(?!`)").search(
                text, j, blank.start() if blank else end
            )
            if close:
                spans.append((i, close.end()))
            i = close.end() if close else j
        else:
            i += 1
    return spans


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab `\\\n\t[@]", max_size=60), st.data())
def test_code_span_scan_finds_what_the_character_loop_found(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert code_spans._code_spans(text, start, end) == slow_code_spans(text, start, end)


# -- YAML: libyaml where it is known to agree with PyYAML ------------------------------------
def loads_both(text: str, monkeypatch):
    """yamlio.loads with the libyaml fast path, and with PyYAML only: outcome, data, marks."""

    def outcome():
        try:
            loaded = yamlio.loads(text, "f.yaml")
        except DrafterError as error:
            return "error", str(error)
        return "ok", _located(loaded.data), loaded.loc, [str(p) for p in loaded.problems]

    fast = outcome()
    with monkeypatch.context() as m:
        m.setattr(yamlparse, "_load_fast", lambda text, display: None)
        return fast, outcome()


def _located(value):
    """Data with every location drafter keeps for it, for comparing two loads."""
    if isinstance(value, dict):
        return (
            value.loc,
            [(k, value.key_locs.get(k), value.locs.get(k), _located(v)) for k, v in value.items()],
        )
    if isinstance(value, list):
        return (value.loc, list(value.locs), [_located(v) for v in value])
    return type(value).__name__, repr(value)


WORKSPACE_YAML = sorted(
    path
    for pattern in ("*.yaml", "positions/*.yaml", "agencies/*.yaml", "campaigns/*.yaml")
    for path in builtin_root().glob(pattern)
)


@pytest.mark.parametrize("path", WORKSPACE_YAML, ids=lambda p: p.name)
def test_workspace_files_take_the_fast_path_with_the_same_result(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    assert yamlparse._load_fast(text, "f.yaml") is not None
    fast, pure = loads_both(text, monkeypatch)
    assert fast == pure and fast[0] == "ok"


@pytest.mark.parametrize(
    "text",
    [
        "a: b\n\tc: d\n",  # tabs: PyYAML refuses some that libyaml takes
        "a: |-# comment\n  x\n",  # likewise a comment glued to a block scalar header
        "a: b\r\nc: d\r\n",  # CRs, BOMs and Unicode line breaks move libyaml's columns
        "a:\nb: c\n",  # an empty value: libyaml puts it one column further
        "a: [x?y]\n",  # "?" inside a flow collection ends a plain scalar in PyYAML only
        "a: " + "[" * 3000 + "]" * 3000 + "\n",  # deep: libyaml's recursion has no guard
        "a: " + "[" * 60 + "]" * 60 + "\n",
        "".join(f"k{i}: {i}\n" for i in range(11_000)),  # big: left to _Loader's counting
        "a: [b\n",  # every error: PyYAML's message
        "a: \ud800\n",  # text libyaml cannot encode
    ],
)
def test_the_fast_path_stands_aside_where_the_parsers_differ(text, monkeypatch):
    assert yamlparse._load_fast(text, "f.yaml") is None
    fast, pure = loads_both(text, monkeypatch)
    assert fast == pure


MUTATIONS = [
    "\t",
    ":",
    ": ",
    '"',
    "'",
    "[",
    "]",
    "{",
    "}",
    "- ",
    "#",
    "\n",
    "|",
    ">",
    "&a ",
    "*a",
    "? ",
    "?",
    ",",
    "\\",
    "%",
    "`",
    "\u00a0",
    "---",
    "é",
    "😀",
    "  ",
    "\n  ",
    "\n- ",
    "~",
    "2023-02-30",
    "!!str ",
    "<<: *a",
    "|-",
    "|#",
    "\r\n",
    "key:\n",
    '""',
    "&r [*r]",
]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_workspace_files_load_alike_either_way(data):
    text = WORKSPACE_YAML[data.draw(st.integers(0, len(WORKSPACE_YAML) - 1))].read_text("utf-8")
    start = data.draw(st.integers(0, max(len(text) - 800, 0)))
    text = text[start : start + 800]
    for _ in range(data.draw(st.integers(0, 4))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(MUTATIONS)) + text[at:]
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, pure = loads_both(text, monkeypatch)
    assert fast == pure


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="TODKBFIMX[]?x \n", max_size=40))
def test_placeholder_prefilter_finds_what_the_regex_finds(text):
    found = list(dict.fromkeys(m.group(0) for m in checks.PLACEHOLDER_RE.finditer(text)))
    assert checks.placeholders(text) == found
