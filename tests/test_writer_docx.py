"""The .docx writer, read back through python-docx, lxml and pandoc; never trusted on its word."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Inches, Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from drafter.errors import LetterheadError, MarkupError
from drafter.render.docx.document import DocInfo, HeaderInfo, Letterhead, write_docx
from drafter.render.pdf import docx_to_pdf
from tests.docx_dump import dump_docx, make_zip, pandoc_markdown, require_tool

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

HEADER = HeaderInfo(
    "Center for Example Policy",
    ("1 Example Plaza NW", "Washington, DC 20001"),
    "https://example.org",
)
INFO = DocInfo(
    title="Comments on AI and Copyright",
    subject="COLC-2023-0006",
    author="Center for Example Policy",
    keywords="licensing, data-access",
    date=dt.date(2026, 12, 1),
)

CONSTRUCTS = """\
::: title
A Test Letter
:::

::: date
May 1, 2026
:::

::: address
Register of Copyrights
U.S. Copyright Office
:::

::: re-line
Re: Docket No. COLC-2023-0006
:::

# First heading

Plain *italic*, **bold**, `code` and a [link](https://example.org/a?b=1&c=2).[^a]
A soft break, then a hard break\\
here; 5 < 6 & "quotes".

## Second heading

1. one
2. two
   1. nested one
   2. nested two
3. three

- bullet
  - nested bullet

Between lists.

1. again one
2. again two

> A quoted passage.[^b]

| Name | Value |
|:-----|------:|
| a    | 1     |

### Third heading

#### Fourth heading

\\newpage

::: signature
Respectfully submitted,

Jordan Example
:::

[^a]: A note with *italics* and a [source](https://example.com/src).
[^b]: Second note.
"""

EXPECTED = """\
Title | A Test Letter
Date | May 1, 2026
Address | Register of Copyrights<br>U.S. Copyright Office
Re Line | Re: Docket No. COLC-2023-0006
Heading 1 | First heading
Body Text | Plain *italic*, **bold**, `code` and a [link](https://example.org/a?b=1&c=2).[^1] \
A soft break, then a hard break<br>here; 5 < 6 & “quotes”.
Heading 2 | Second heading
List Number [num=2 lvl=0] | one
List Number [num=2 lvl=0] | two
List Number [num=3 lvl=1] | nested one
List Number [num=3 lvl=1] | nested two
List Number [num=2 lvl=0] | three
List Bullet [num=1 lvl=0] | bullet
List Bullet [num=1 lvl=1] | nested bullet
Body Text | Between lists.
List Number [num=4 lvl=0] | again one
List Number [num=4 lvl=0] | again two
Quote | A quoted passage.[^2]
Table | **Name** | **Value**
Table | a | 1
Heading 3 | Third heading
Heading 3 | Fourth heading
<page>
Signature | Respectfully submitted,
Signature | Jordan Example
[^1]: A note with *italics* and a [source](https://example.com/src).
[^2]: Second note.
link: https://example.org/a?b=1&c=2
link: https://example.com/src
"""


@pytest.fixture(scope="module")
def builtin() -> Letterhead:
    return Letterhead.builtin(HEADER)


@pytest.fixture(scope="module")
def rendered(builtin: Letterhead) -> bytes:
    return builtin.render(CONSTRUCTS, INFO, source="letter.md")


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def xml(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(parts(data)[name])


# --- what the document says -------------------------------------------------------------------


def test_every_construct_reads_back_through_python_docx(rendered: bytes) -> None:
    assert dump_docx(rendered) == EXPECTED


def test_pandoc_reads_headings_footnotes_links_lists_table_and_quote(rendered: bytes) -> None:
    md = pandoc_markdown(rendered)
    assert "title: A Test Letter" in md
    for heading in ("# First heading", "## Second heading", "### Third heading"):
        assert f"\n{heading}\n" in md
    assert "[link](https://example.org/a?b=1&c=2)" in md
    assert "[source](https://example.com/src)" in md
    assert "[^1]: A note with *italics*" in md
    assert "[^2]: Second note." in md
    assert "passage.[^2]" in md
    assert re.search(r"^1\.\s+one$", md, re.M)
    assert re.search(r"^\s+a\.\s+nested one$", md, re.M)  # level 2 counts a, b, c
    assert re.search(r"^1\.\s+again one$", md, re.M)  # the second list restarts at 1
    assert re.search(r"^-\s+bullet$", md, re.M)
    assert "> A quoted passage." in md
    assert re.search(r"\*\*Name\*\*\s+\*\*Value\*\*", md)
    assert "`code`" in md


def test_footnotes_part_has_separators_and_styled_references(rendered: bytes) -> None:
    notes = xml(rendered, "word/footnotes.xml")
    kinds = [(n.get(f"{W}type"), n.get(f"{W}id")) for n in notes.iter(f"{W}footnote")]
    assert kinds == [("separator", "-1"), ("continuationSeparator", "0"), (None, "1"), (None, "2")]
    body = xml(rendered, "word/document.xml")
    refs = list(body.iter(f"{W}footnoteReference"))
    assert [r.get(f"{W}id") for r in refs] == ["1", "2"]
    for ref in refs:
        assert ref.getprevious().find(f"{W}rStyle").get(f"{W}val") == "FootnoteReference"
    settings = xml(rendered, "word/settings.xml")
    assert [f.get(f"{W}id") for f in settings.iter(f"{W}footnote")] == ["-1", "0"]


def test_each_ordered_list_gets_its_own_num_starting_over(rendered: bytes) -> None:
    numbering = xml(rendered, "word/numbering.xml")
    nums = {n.get(f"{W}numId"): n for n in numbering.iter(f"{W}num")}
    decimal = {
        a.get(f"{W}abstractNumId"): a.find(f"{W}lvl/{W}numFmt").get(f"{W}val")
        for a in numbering.iter(f"{W}abstractNum")
    }
    for num_id, level in (("2", "0"), ("3", "1"), ("4", "0")):
        num = nums[num_id]
        assert decimal[num.find(f"{W}abstractNumId").get(f"{W}val")] == "decimal"
        override = num.find(f"{W}lvlOverride")
        assert override.get(f"{W}ilvl") == level
        assert override.find(f"{W}startOverride").get(f"{W}val") == "1"
    assert decimal[nums["1"].find(f"{W}abstractNumId").get(f"{W}val")] == "bullet"


def test_ordered_list_keeps_its_start_number(builtin: Letterhead) -> None:
    numbering = xml(builtin.render("3. three\n4. four\n", INFO), "word/numbering.xml")
    start = numbering.find(f".//{W}num[@{W}numId='2']//{W}startOverride")
    assert start.get(f"{W}val") == "3"


def test_styles_of_the_builtin_letterhead(rendered: bytes) -> None:
    document = docx.Document(io.BytesIO(rendered))
    names = {s.name for s in document.styles}
    wanted = {"Title", "Heading 1", "Heading 2", "Heading 3", "Body Text", "List Number"}
    wanted |= {"List Bullet", "Quote", "Date", "Address", "Re Line", "Signature"}
    wanted |= {"footnote text", "footnote reference", "Hyperlink"}
    assert wanted <= {n if n[0].isupper() else n.lower() for n in names} | names
    body = document.styles["Body Text"]
    assert body.paragraph_format.space_after == Pt(8)
    assert body.paragraph_format.line_spacing == pytest.approx(1.1)
    assert document.styles["Normal"].font.name is None  # from the document defaults
    defaults = parts(rendered)["word/styles.xml"].decode()
    assert 'w:ascii="Times New Roman"' in defaults
    assert document.styles["Heading 1"].font.bold
    assert document.styles["Heading 1"].font.color.rgb is None  # not python-docx blue
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Inches(8.5), Inches(11))
    assert section.left_margin == section.top_margin == Inches(1)


def test_builtin_header_and_page_x_of_y_footer(rendered: bytes) -> None:
    document = docx.Document(io.BytesIO(rendered))
    section = document.sections[0]
    first = [p.text for p in section.first_page_header.paragraphs]
    assert first == [
        "Center for Example Policy",
        "1 Example Plaza NW · Washington, DC 20001 · example.org",
    ]
    assert [p.text for p in section.header.paragraphs] == ["Center for Example Policy"]
    for footer in (section.footer, section.first_page_footer):
        p = footer.paragraphs[0]._p
        codes = [t.text.strip() for t in p.iter(f"{W}instrText")]
        assert codes == ["PAGE", "NUMPAGES"]
        assert "".join(t.text for t in p.iter(f"{W}t")).startswith("Page 1 of 1")


def test_core_properties(rendered: bytes) -> None:
    core = docx.Document(io.BytesIO(rendered)).core_properties
    assert core.title == "Comments on AI and Copyright"
    assert core.subject == "COLC-2023-0006"
    assert core.author == core.last_modified_by == "Center for Example Policy"
    assert core.keywords == "licensing, data-access"
    assert core.created == core.modified == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    assert core.revision == 1
    undated = Letterhead.builtin(HEADER).render("x", DocInfo(title="t"))
    assert b"2000-01-01T00:00:00Z" in parts(undated)["docProps/core.xml"]
    app = parts(rendered)["docProps/app.xml"]
    assert b"<Application>drafter</Application>" in app


def test_package_is_consistent(rendered: bytes) -> None:
    files = parts(rendered)
    names = list(files)
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    for name, data in files.items():
        etree.fromstring(data)  # every part is well-formed
        assert b"rsid" not in data, name
    types = etree.fromstring(files["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/footnotes.xml"].endswith("footnotes+xml")
    assert overrides["/word/numbering.xml"].endswith("numbering+xml")
    assert overrides["/word/document.xml"].endswith("document.main+xml")
    for name in names:  # every part has a content type
        ext = name.rsplit(".", 1)[-1]
        assert (
            f"/{name}" in overrides or f'Extension="{ext}"' in files["[Content_Types].xml"].decode()
        )
    for rels_name in (n for n in names if n.endswith(".rels")):
        base = rels_name.replace("_rels/", "").removesuffix(".rels")
        folder = base.rsplit("/", 1)[0] + "/" if "/" in base else ""
        for rel in etree.fromstring(files[rels_name]):
            if rel.get("TargetMode") != "External":
                target = rel.get("Target").lstrip("/")
                assert (target if rels_name == "_rels/.rels" else folder + target) in files
    with zipfile.ZipFile(io.BytesIO(rendered)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert zf.testzip() is None


def test_same_input_gives_identical_bytes(builtin: Letterhead, tmp_path: Path) -> None:
    first = builtin.render(CONSTRUCTS, INFO)
    assert builtin.render(CONSTRUCTS, INFO) == first
    assert write_docx(CONSTRUCTS, INFO, builtin) == first
    path = tmp_path / "lh.docx"
    path.write_bytes(_user_letterhead())
    copy = tmp_path / "copy.docx"
    copy.write_bytes(path.read_bytes())
    a = Letterhead.from_file(path).render(CONSTRUCTS, INFO)
    b = Letterhead.from_file(copy).render(CONSTRUCTS, INFO)
    assert a == b


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet="abc XYZ&<>\"'é漢😀\t", min_size=1, max_size=40))
def test_text_survives_escaping(builtin: Letterhead, text: str) -> None:
    text = f"a{text}z"  # letters at both ends: no block syntax, no trimmed spaces
    dump = dump_docx(builtin.render(text, INFO)).splitlines()[0]
    straight = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})  # smart quotes
    assert dump.translate(straight) == f"Body Text | {text}"


_PIECES = st.sampled_from((
    "a", "b ", " ", "  ", "    ", "\t", "\n", "\n\n", "*", "**", "_", "`", "[", "]", "(", ")",
    "http://x.y/", "<", ">", "&", "#", "## ", "1. ", "- ", "> ", "|", "|---|", "::: date", ":::",
    "[^1]", "[^1]: ", "^[n]", "\\newpage", "\\", "```", "---", "é", "😀", "![",
))  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_markdown_gives_a_readable_package_or_a_markup_error(
    builtin: Letterhead, markdown: str
) -> None:
    try:
        data = builtin.render(markdown, INFO)
    except MarkupError:
        return
    for part in parts(data).values():
        etree.fromstring(part)
    dump_docx(data)


# --- a user's letterhead ----------------------------------------------------------------------


def _user_letterhead() -> bytes:
    document = docx.Document()
    fancy = document.styles.add_style("Fancy Note", WD_STYLE_TYPE.PARAGRAPH)
    fancy.font.size = Pt(9)
    section = document.sections[0]
    section.left_margin = Inches(1.5)
    section.header.paragraphs[0].text = "ACME LETTERHEAD"
    section.footer.paragraphs[0].text = "ACME footer"
    document.add_paragraph("old body text that must vanish")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_user_letterhead_keeps_styles_header_and_margins(tmp_path: Path) -> None:
    path = tmp_path / "letterhead.docx"
    path.write_bytes(_user_letterhead())
    markdown = (
        "::: fancy-note\nsmall print\n:::\n\n::: date\nMay 1\n:::\n\n"
        "1. a\n\nText.[^1]\n\n[^1]: N.\n"
    )
    data = Letterhead.from_file(path).render(markdown, INFO)
    assert dump_docx(data) == (
        "Fancy Note | small print\nDate | May 1\nList Number [num=11 lvl=0] | a\n"
        "Body Text | Text.[^1]\n[^1]: N.\n"
    )
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.left_margin == Inches(1.5)
    assert section.header.paragraphs[0].text == "ACME LETTERHEAD"
    assert section.footer.paragraphs[0].text == "ACME footer"
    assert document.styles["Fancy Note"].font.size == Pt(9)
    for name in ("Date", "Address", "Re Line", "Signature"):
        assert document.styles[name].base_style.name == "Body Text"
    assert document.styles["footnote text"].type == WD_STYLE_TYPE.PARAGRAPH
    assert "vanish" not in pandoc_markdown(data)


def test_bare_template_gets_everything_it_lacks(tmp_path: Path) -> None:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    template = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
    path = tmp_path / "bare.dotx"
    path.write_bytes(
        make_zip(
            {
                "[Content_Types].xml": (
                    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="xml" ContentType="application/xml"/>'
                    f'<Override PartName="/word/document.xml" ContentType="{template}"/></Types>'
                ).encode(),
                "word/document.xml": (
                    f"<w:document {ns}><w:body><w:p/><w:sectPr>"
                    '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
                ).encode(),
            }
        )
    )
    data = Letterhead.from_file(path).render("# H\n\nText.[^1]\n\n[^1]: Note.\n", INFO)
    assert dump_docx(data) == "Heading 1 | H\nBody Text | Text.[^1]\n[^1]: Note.\n"
    files = parts(data)
    assert b"document.main+xml" in files["[Content_Types].xml"]
    assert b"template.main" not in files["[Content_Types].xml"]
    assert b'Target="styles.xml"' in files["word/_rels/document.xml.rels"]
    assert docx.Document(io.BytesIO(data)).sections[0].page_width == 11906 * 635  # A4 kept


def test_pandoc_reference_letterhead_merges_notes_and_lists(tmp_path: Path) -> None:
    pandoc = require_tool("pandoc")
    path = tmp_path / "reference.docx"
    path.write_bytes(
        subprocess.run(
            [pandoc, "--print-default-data-file", "reference.docx"], capture_output=True, check=True
        ).stdout
    )
    data = Letterhead.from_file(path).render("1. a\n2. b\n\n- c\n\nText.[^1]\n\n[^1]: N.\n", INFO)
    files = parts(data)
    assert "word/comments.xml" not in files  # the old body's comments leave with it
    numbering = etree.fromstring(files["word/numbering.xml"])
    abstract_ids = [a.get(f"{W}abstractNumId") for a in numbering.iter(f"{W}abstractNum")]
    assert len(abstract_ids) == len(set(abstract_ids)) >= 3  # theirs and ours, no clash
    num_ids = [n.get(f"{W}numId") for n in numbering.iter(f"{W}num")]
    assert len(num_ids) == len(set(num_ids))
    notes = etree.fromstring(files["word/footnotes.xml"])
    ids = [n.get(f"{W}id") for n in notes.iter(f"{W}footnote")]
    assert len(ids) == len(set(ids)) == 3
    md = pandoc_markdown(data)
    assert "[^1]: N." in md and re.search(r"^1\.\s+a$", md, re.M)


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite an entry's uncompressed size in the central directory (a lying header)."""
    out = bytearray(data)
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) != -1:
        name_len = struct.unpack_from("<H", out, pos + 28)[0]
        if out[pos + 46 : pos + 46 + name_len] == name.encode():
            struct.pack_into("<I", out, pos + 24, size)
        pos += 4
    return bytes(out)


_MINIMAL = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a zip", "not a .docx file"),
        (make_zip({"word/other.xml": b"<x/>"}), "no word/document.xml"),
        (make_zip({**_MINIMAL, "word/media/big.bin": bytes(3_000_000)}, 9), "zip bomb"),
        (_declare_size(make_zip(_MINIMAL), "word/document.xml", 200_000_000), "zip bomb"),
        (
            _declare_size(
                make_zip({**_MINIMAL, "a.xml": b"<a>" + b"x" * 99 + b"</a>"}), "a.xml", 7
            ),
            "false size|Bad CRC",
        ),
    ],
    ids=["not-zip", "no-document", "ratio-bomb", "declared-bomb", "lying-size"],
)
def test_refuses_unsafe_or_broken_letterheads(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "letterhead.docx"
    path.write_bytes(content)
    with pytest.raises(LetterheadError, match=message) as caught:
        Letterhead.from_file(path)
    assert "letterhead.docx" in str(caught.value)


def test_refuses_a_huge_file_before_opening_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    with path.open("wb") as f:
        f.truncate(21 * 1024 * 1024)
    with pytest.raises(LetterheadError, match="over the 20 MB limit"):
        Letterhead.from_file(path)


def test_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LetterheadError, match="letterhead not found"):
        Letterhead.from_file(tmp_path / "nope.docx")


def test_refuses_doctype_and_does_not_leak_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    files = parts(_user_letterhead())
    document = files["word/document.xml"].decode()
    head, rest = document.split("?>", 1)
    evil = f'{head}?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>{rest}'
    evil = evil.replace("old body text that must vanish", "&xxe;")
    files["word/document.xml"] = evil.encode()
    path = tmp_path / "evil.docx"
    path.write_bytes(make_zip(files))
    with pytest.raises(LetterheadError, match="DTD/entity declaration") as caught:
        Letterhead.from_file(path)
    assert "TOP-SECRET" not in str(caught.value)
    assert "save it again from Word" in str(caught.value)


def test_refuses_malformed_xml_part(tmp_path: Path) -> None:
    files = parts(_user_letterhead())
    files["word/styles.xml"] = b"<w:styles"
    path = tmp_path / "broken.docx"
    path.write_bytes(make_zip(files))
    with pytest.raises(LetterheadError, match=r"word/styles\.xml is not well-formed"):
        Letterhead.from_file(path)


# --- what cannot be written -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "where", "char"),
    [
        ("line one\n\nab\x01c", "letter.md:3:3", "U+0001"),
        ("ok\r\nx\x0c", "letter.md:2:2", "U+000C"),
        ("fine\n\nbad \ud800 here", "letter.md:3:5", "U+D800"),
        ("\uffff", "letter.md:1:1", "U+FFFF"),
    ],
)
def test_unstorable_characters_name_line_and_column(
    builtin: Letterhead, markdown: str, where: str, char: str
) -> None:
    with pytest.raises(MarkupError, match=re.escape(char)) as caught:
        builtin.render(markdown, INFO, source="letter.md")
    assert str(caught.value).startswith(where)


def test_unstorable_character_in_properties(builtin: Letterhead) -> None:
    with pytest.raises(MarkupError, match="title"):
        builtin.render("x", DocInfo(title="bad\x07"), source="letter.md")


def test_unknown_container_lists_styles_and_suggests(builtin: Letterhead) -> None:
    markdown = "Hello\n\n::: signatur\nJ. Example\n:::\n"
    with pytest.raises(MarkupError, match="::: signatur") as caught:
        builtin.render(markdown, INFO, source="letter.md")
    text = str(caught.value)
    assert text.startswith("letter.md:3:1")
    assert "did you mean '::: signature'?" in text
    assert "re-line" in text and "address" in text


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "a\n\n\\newpage\n\n| x |\n|---|\n| 1 |\n",
            "Body Text | a\nNormal | <page>\nTable | **x**\nTable | 1\nNormal | \n",
        ),
        ("a\n\n\\newpage\n", "Body Text | a\nNormal | <page>\n"),
        ("a\n\n\\newpage\n\n---\n", "Body Text | a\n<page>\nBody Text | \n"),
        ("\\newpage\n\n    code\n", "<page>\nSource Code | code\n"),
    ],
)
def test_page_break_goes_on_what_follows(builtin: Letterhead, markdown: str, expected: str) -> None:
    assert dump_docx(builtin.render(markdown, INFO)) == expected


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("![logo](logo.png)", "images are not supported"),
        ("a[^1]\n\n[^1]: b[^2]\n\n[^2]: c\n", "cannot contain another footnote"),
    ],
)
def test_markup_word_cannot_hold(builtin: Letterhead, markdown: str, message: str) -> None:
    with pytest.raises(MarkupError, match=message):
        builtin.render(markdown, INFO)


# --- LibreOffice ------------------------------------------------------------------------------


def test_libreoffice_converts_to_pdf(rendered: bytes, tmp_path: Path) -> None:
    require_tool("soffice")
    pdftotext = require_tool("pdftotext")
    pdf = docx_to_pdf(rendered)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "A Test Letter" in text
    assert "Page 1 of 2" in text
    assert "CENTER FOR EXAMPLE POLICY" in text.upper()
    assert "A note with italics" in text


# --- the page: questions kept with their answers, running header, sample mark -----------------


def test_a_question_is_kept_with_its_answer(builtin: Letterhead) -> None:
    markdown = "## Question 4\n\n::: question\nShould the Office act?\n:::\n\nIt should.\n"
    data = builtin.render(markdown, INFO)
    assert dump_docx(data) == (
        "Heading 2 | Question 4\nQuestion | Should the Office act?\nBody Text | It should.\n"
    )
    styles = docx.Document(io.BytesIO(data)).styles
    for name in ("Heading 2", "Question"):
        assert styles[name].paragraph_format.keep_with_next, name
        assert styles[name].paragraph_format.keep_together, name
    assert styles["Question"].base_style.name == "Quote"  # pandoc reads it as a block quote
    assert "> Should the Office act?" in pandoc_markdown(data)


def test_pages_after_the_first_carry_the_running_header(builtin: Letterhead) -> None:
    info = DocInfo(title="t", running_header="Comments of CEP — Docket No. COLC-2023-0006")
    section = docx.Document(io.BytesIO(builtin.render("Text.", info))).sections[0]
    assert section.different_first_page_header_footer
    assert [p.text for p in section.first_page_header.paragraphs] == [
        "Center for Example Policy",
        "1 Example Plaza NW · Washington, DC 20001 · example.org",
    ]
    assert [p.text for p in section.header.paragraphs] == [
        "Comments of CEP — Docket No. COLC-2023-0006"
    ]


def test_a_sample_says_so_on_every_page_and_above_the_body(builtin: Letterhead) -> None:
    data = builtin.render("Text.", DocInfo(title="t", running_header="Comments", sample=True))
    assert dump_docx(data) == "Body Text | **SAMPLE — NOT FOR FILING**\nBody Text | Text.\n"
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert [p.text for p in section.first_page_header.paragraphs][:2] == [
        "SAMPLE — NOT FOR FILING",
        "Center for Example Policy",
    ]
    assert [p.text for p in section.header.paragraphs] == ["SAMPLE — NOT FOR FILING", "Comments"]
    same = builtin.render("Text.", DocInfo(title="t", running_header="Comments", sample=True))
    assert same == data  # byte for byte


def test_the_built_in_letter_is_a_marked_sample_with_a_running_header(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from drafter.cli.main import app

    runner = CliRunner(env={"COLUMNS": "200"})
    for fmt in ("docx", "md", "txt"):
        out = tmp_path / f"usco.{fmt}"
        result = runner.invoke(
            app, ["letter", "usco", "--docket", "COLC-2023-0006", "--date", "2026-12-01",
                  "-o", str(out)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "usco.docx"))
    assert document.paragraphs[0].text == "SAMPLE — NOT FOR FILING"
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == [
        "SAMPLE — NOT FOR FILING",
        "Comments of the Institute for Open Technology Policy — Docket No. COLC-2023-0006",
    ]
    core = document.core_properties
    assert (core.subject, core.author) == ("COLC-2023-0006", "Institute for Open Technology Policy")
    assert core.created == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    # The built-in dockets are paraphrased: restated, not quoted (docs/plans.md).
    questions = [
        p for p in document.paragraphs if p.style.name in ("Question", "Restated Question")
    ]
    assert len(questions) > 10
    for p in questions:  # each question follows its heading and precedes its answer
        before = p._p.getprevious()
        assert before.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading2"
    md = (tmp_path / "usco.md").read_text()
    assert md.startswith("**SAMPLE — NOT FOR FILING**\n\n::: date\n")
    assert (tmp_path / "usco.txt").read_text().startswith("SAMPLE — NOT FOR FILING\n\n")


def test_an_electronic_signature(mini_ws: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from drafter.cli.main import app

    config = mini_ws / "drafter.yaml"
    config.write_text(
        config.read_text().replace(
            "email: policy@example.org", "email: policy@example.org\n    e_signature: true"
        )
    )
    out = tmp_path / "letter.docx"
    result = CliRunner().invoke(app, ["-w", str(mini_ws), "letter", "agency-x", "-o", str(out)])
    assert result.exit_code == 0, result.output
    signature = [line for line in dump_docx(out).splitlines() if line.startswith("Signature")]
    assert signature == [
        "Signature | Respectfully submitted,<br><br>/s/ Jordan Example<br>Jordan Example<br>"
        "Director of Technology Policy<br>Center for Example Policy<br>policy@example.org"
    ]
