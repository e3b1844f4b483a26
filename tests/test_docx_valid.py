"""Every Word file drafter writes is checked by an independent validator, on four letterheads.

``openxml-audit`` checks each document against the OOXML schemas and the rules Word applies
when it opens a file (required parts and relationships, references between parts). The
documents are the built-in workspace's letters, an op-ed and a whole letter campaign, drafted
on the built-in letterhead and on letterheads made by LibreOffice, pandoc and python-docx
(tests/fixtures/letterheads/, made by make.py there). Each is also read back by python-docx and
pandoc, and one letter per letterhead is converted to PDF by LibreOffice.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from openxml_audit import FileFormat, OpenXmlValidator
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.render.docx.document import DocInfo, HeaderInfo, Letterhead
from drafter.render.pdf import docx_to_pdf
from tests.docx_dump import make_zip, pandoc_markdown, require_tool

FIXTURES = Path(__file__).parent / "fixtures" / "letterheads"
LETTERHEADS = ("built-in", "libreoffice", "pandoc", "python-docx")
runner = CliRunner(env={"COLUMNS": "200"})


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def audit(path: Path) -> list[str]:
    """The validator's findings on one file, as "part path: description" lines.

    A fresh validator for each file: one validator object carries state from file to file.
    """
    validator = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0)
    result = validator.validate(path)
    return [f"{e.severity.value}: {e.part_uri} {e.path}: {e.description}" for e in result.errors]


@pytest.fixture(scope="module", params=LETTERHEADS)
def drafted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built-in workspace on one letterhead, with everything it drafts in out/."""
    root = tmp_path_factory.mktemp(request.param) / "ws"
    invoke("init", str(root))
    if request.param != "built-in":
        shutil.copyfile(FIXTURES / f"{request.param}.docx", root / "templates" / "letterhead.docx")
    out = root / "out"
    out.mkdir()
    w = ("-w", str(root))
    invoke(*w, "letter", "usco", "--docket", "COLC-2023-0006", "-o", str(out / "usco.docx"))
    invoke(*w, "letter", "ntia", "--docket", "NTIA-2023-0005", "-o", str(out / "ntia.docx"))
    invoke(*w, "oped", "--outlet", "the-hill", "-o", str(out / "oped.docx"))
    invoke(*w, "batch", "fall", "--out-dir", str(out / "fall"))
    invoke(*w, "batch", "oped-push", "--out-dir", str(out / "oped-push"))
    return out


def test_every_document_passes_openxml_audit(drafted: Path) -> None:
    documents = sorted(drafted.rglob("*.docx"))
    assert len(list((drafted / "fall").glob("*.docx"))) >= 5  # every target of each campaign
    assert len(list((drafted / "oped-push").glob("*.docx"))) >= 3
    findings = {str(p.relative_to(drafted)): audit(p) for p in documents}
    assert {name: found for name, found in findings.items() if found} == {}


def test_every_document_reads_back_through_python_docx_and_pandoc(drafted: Path) -> None:
    for path in sorted(drafted.rglob("*.docx")):
        document = docx.Document(str(path))
        text = "\n".join(p.text for p in document.paragraphs)
        assert text.startswith("SAMPLE — NOT FOR FILING\n"), path.name
        md = pandoc_markdown(path.read_bytes())
        if path.name == "oped.docx" or path.parent.name == "oped-push":
            assert re.search(r"\]\(https?://", md), path.name  # citations are links
            continue
        notes = len(re.findall(r"^\[\^\d+\]:", md, re.M))
        assert notes == len(re.findall(r"\[\^\d+\](?!:)", md)) > 5, path.name
        assert "\n# Introduction\n" in md and "\n# Conclusion\n" in md, path.name


def test_libreoffice_lays_out_a_letter(drafted: Path, tmp_path: Path) -> None:
    require_tool("soffice")
    pdftotext = require_tool("pdftotext")
    pdf = tmp_path / "usco.pdf"
    pdf.write_bytes(docx_to_pdf((drafted / "usco.docx").read_bytes()))
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    assert "December 1, 2026" in pages[0] or "November 24, 2026" in pages[0]
    assert "Page 1 of" in pages[0] or "Page 1" in pages[0]
    assert "SAMPLE — NOT FOR FILING" in pages[0]
    later = re.sub(r"\s+", " ", pages[1])
    header = "Comments of the Institute for Open Technology Policy — Docket No. COLC-2023-0006"
    assert header in later


def test_the_validator_sees_what_word_would_repair(tmp_path: Path) -> None:
    """The check is not vacuous: a paragraph property out of schema order is an error."""
    data = Letterhead.builtin(HeaderInfo("CEP")).render("# Heading\n\nText.", DocInfo(title="t"))
    good = tmp_path / "good.docx"
    good.write_bytes(data)
    assert audit(good) == []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    files["word/document.xml"] = files["word/document.xml"].replace(
        b'<w:pStyle w:val="Heading1"/>', b'<w:keepLines/><w:pStyle w:val="Heading1"/>'
    )
    bad = tmp_path / "bad.docx"
    bad.write_bytes(make_zip(files))
    assert audit(bad) == [
        "error: /word/document.xml /document[1]/body[1]/p[1]/pPr[1]: "
        "Unexpected element 'pStyle' found"
    ]
