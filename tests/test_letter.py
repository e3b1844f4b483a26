"""Comment letters end to end: compose, cite, render, write, and read back what was written."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace

import docx
import pytest
from typer.testing import CliRunner

from drafter import LetterRequest, draft_letter
from drafter.cli.main import app
from drafter.compose.answers import compose_answers
from drafter.compose.letter import order_positions, plan_letter
from drafter.load.workspace import builtin_root, load_workspace
from drafter.plan.responses import candidates_of, plan_docket
from tests.conftest import build_tree
from tests.docx_dump import dump_docx, pandoc_markdown, require_tool

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


# -- composition ---------------------------------------------------------------------------
def test_positions_follow_interests_then_priority(mini_ws):
    ws, _ = load_workspace(mini_ws)
    composed = order_positions(list(ws.positions.values()), ["preemption"])
    assert [c.id for c in composed] == ["fair-rules", "open-data"]
    composed = order_positions(list(ws.positions.values()), ["research"])
    assert [c.id for c in composed] == ["open-data", "fair-rules"]
    composed = order_positions(list(ws.positions.values()), ["research"], ["fair-rules"])
    assert [c.id for c in composed] == ["fair-rules", "open-data"]


def test_questions_matched_best_first_and_unanswered_collected(mini_ws):
    ws, _ = load_workspace(mini_ws)
    plan = plan_letter(ws, "agency-x", docket_id="AOE-2026-0001", today=_today())
    assert [a.number for a in plan.answers] == ["1", "2"]
    # Question 1 asks about sharing data with researchers: the research argument answers it;
    # the competition argument of the same module falls short of the threshold.
    assert [p.argument.id for p in plan.answers[0].parts] == ["better-science"]
    assert [p.argument.id for p in plan.answers[1].parts] == ["one-rule"]
    assert [q.number for q in plan.unanswered] == ["3"]
    assert plan.asks == (
        "Keep public data open for lawful research.",
        "Adopt one national standard.",
    )


def test_an_argument_is_made_in_full_once(mini_ws):
    ws, _ = load_workspace(mini_ws)
    docket = ws.agencies["agency-x"].dockets[0]
    again = replace(docket.questions[0], number="4")
    twice = replace(docket, questions=(*docket.questions, again))
    plan = plan_docket(ws, twice, candidates_of(ws, ["open-data", "fair-rules"]))
    answers, _ = compose_answers(plan)
    made = {a.number: [(p.argument.id, p.first, p.see) for p in a.parts] for a in answers}
    assert made["1"] == [("better-science", True, "")]
    assert made["4"] == [("better-science", False, "1")]
    assert answers[-1].paragraphs == ("See our response to Question 1.",)


def _today():
    import datetime as dt

    return dt.date(2026, 11, 24)


# -- the whole letter, read back -------------------------------------------------------------
def test_mini_letter_golden_dump(mini_ws, tmp_path, golden):
    out = tmp_path / "letter.docx"
    result = invoke(
        "-w", str(mini_ws), "letter", "agency-x", "--date", "2026-12-01", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "questions answered: 2 of 3" in result.output
    assert "deadline in 21 days" in result.output
    dump = dump_docx(out)
    golden("letter-mini.txt", dump)
    # The questions are answered in the agency's order, each restated under its number.
    headings = [line for line in dump.splitlines() if line.startswith("Heading 2 | Question")]
    assert headings == ["Heading 2 | Question 1", "Heading 2 | Question 2"]
    assert "Re Line | **Re:** *Data and Innovation*, 91 Fed. Reg. 12,345 (Oct. 1, 2026)" in dump


def test_mini_letter_has_real_footnotes(mini_ws, tmp_path):
    # Both arguments of open-data under Question 1: the report, the hearing, the report again.
    plan = """\
        agency: agency-x
        docket: AOE-2026-0001
        answers:
          "1": {use: [open-data.better-science, open-data.levels-field]}
        """
    build_tree(mini_ws, {"responses/AOE-2026-0001.yaml": plan})
    out = tmp_path / "letter.docx"
    invoke("-w", str(mini_ws), "letter", "agency-x", "--date", "2026-12-01", "-o", str(out))
    document = docx.Document(str(out))
    footnotes = [
        part for part in document.part.package.parts if part.partname.endswith("footnotes.xml")
    ]
    assert footnotes, "no footnotes part"
    markdown = pandoc_markdown(out)
    notes = re.findall(r"^\[\^(\d+)\]:", markdown, re.M)
    assert notes == ["1", "2", "3"]
    assert "Example Inst., *The Value of Open Data* 4 (Example Press Mar. 2025)" in (
        markdown.replace("\n", " ")
    )
    assert "*supra* note 1" in markdown


def test_builtin_usco_letter_reads_back_intact(tmp_path, monkeypatch):
    require_tool("pandoc")
    monkeypatch.chdir(tmp_path)
    result = invoke("letter", "usco", "--docket", "COLC-2023-0006", "--date", "2026-12-01")
    assert result.exit_code == 0, result.output
    out = tmp_path / "usco-colc-2023-0006.docx"
    assert out.is_file()
    markdown = pandoc_markdown(out)
    for heading in ("Introduction", "Summary", "Responses to the Questions", "Conclusion"):
        assert re.search(rf"^#+ {heading}", markdown, re.M), heading
    words = int(re.search(r"([\d,]+) words", result.output).group(1).replace(",", ""))
    footnotes = int(re.search(r"(\d+) footnotes", result.output).group(1))
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", markdown))
    defs = re.findall(r"^\[\^(\d+)\]:", markdown, re.M)
    assert len(defs) == footnotes >= 10
    assert refs == set(defs)
    assert re.search(r"\]\(https?://|<https?://", markdown), "no hyperlink survived"
    assert words > 1500
    assert "Question 8" in markdown


def test_same_command_twice_gives_identical_files(mini_ws, tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    for path in (a, b):
        invoke("-w", str(mini_ws), "letter", "agency-x", "--date", "2026-12-01", "-o", str(path))
    assert a.read_bytes() == b.read_bytes()


def test_no_overwrite_without_force(mini_ws, tmp_path):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "letter.docx"
    out.write_text("my edits")
    result = invoke("-w", str(mini_ws), "letter", "agency-x", "-o", str(out))
    assert result.exit_code == 1
    assert "already exists" in result.output and "--force" in result.output
    assert out.read_text() == "my edits"
    result = invoke("-w", str(mini_ws), "letter", "agency-x", "-o", str(out), "--force")
    assert result.exit_code == 0
    assert out.read_bytes().startswith(b"PK")
    assert [p.name for p in out.parent.iterdir()] == ["letter.docx"]


def test_markdown_and_text_formats(mini_ws, tmp_path):
    md, txt = tmp_path / "l.md", tmp_path / "l.txt"
    assert invoke("-w", str(mini_ws), "letter", "agency-x", "-o", str(md)).exit_code == 0
    assert invoke("-w", str(mini_ws), "letter", "agency-x", "-o", str(txt)).exit_code == 0
    assert "## Question 1" in md.read_text() and "[^c1]:" in md.read_text()
    text = txt.read_text()
    assert "Question 1" in text and "###" not in text and "[^" not in text


def test_format_must_match_extension(mini_ws, tmp_path):
    result = invoke(
        "-w", str(mini_ws), "letter", "agency-x", "-o", str(tmp_path / "a.md"), "--format", "docx"
    )
    assert result.exit_code == 1
    assert "does not match" in result.output


def test_pdf_through_libreoffice(mini_ws, tmp_path):
    require_tool("soffice")
    require_tool("pdftotext")
    out = tmp_path / "letter.pdf"
    result = invoke("-w", str(mini_ws), "letter", "agency-x", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Question 1" in text and "Page 1 of" in text


def test_preview_writes_nothing(mini_ws, tmp_path, monkeypatch):
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path / "out")
    result = invoke("-w", str(mini_ws), "letter", "agency-x", "--preview")
    assert result.exit_code == 0
    assert "Question 1" in result.output
    assert list((tmp_path / "out").iterdir()) == []


def test_summary_file_and_limit(mini_ws, tmp_path):
    out = tmp_path / "letter.docx"
    result = invoke("-w", str(mini_ws), "letter", "agency-x", "-o", str(out), "--summary")
    assert result.exit_code == 0, result.output
    summary = (tmp_path / "letter.summary.txt").read_text()
    assert summary.startswith('The Center for Example Policy ("CEP") respectfully submits')
    assert "Docket No. AOE-2026-0001" in summary
    assert "1. Keep public data open for lawful research." in summary
    assert "[@" not in summary and len(summary) <= 5000
    path = mini_ws / "positions" / "open-data.yaml"
    long_ask = "Keep data open " + "and keep it open " * 400 + "."
    path.write_text(
        path.read_text().replace("Keep public data open for lawful research.", long_ask)
    )
    result = invoke(
        "-w", str(mini_ws), "letter", "agency-x", "-o", str(tmp_path / "b.docx"), "--summary"
    )
    assert result.exit_code == 1
    assert "regulations.gov accepts 5,000" in result.output
    assert not (tmp_path / "b.docx").exists()


def test_placeholder_refused_unless_allowed(mini_ws, tmp_path):
    path = mini_ws / "positions" / "fair-rules.yaml"
    path.write_text(path.read_text().replace("lowers compliance costs", "lowers costs by TK%"))
    result = invoke("-w", str(mini_ws), "letter", "agency-x", "-o", str(tmp_path / "a.docx"))
    assert result.exit_code == 1
    assert "error: positions/fair-rules.yaml:10:50: arguments[0].text:" in result.output
    assert "the letter uses text with a placeholder: TK" in result.output
    assert not (tmp_path / "a.docx").exists()
    result = invoke(
        "-w", str(mini_ws), "letter", "agency-x", "-o", str(tmp_path / "a.docx"),
        "--allow-placeholders",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "warning: positions/fair-rules.yaml:10:50:" in result.output


def test_letter_without_docket_has_a_section_per_position(mini_ws, tmp_path):
    ws, _ = load_workspace(mini_ws)
    path = mini_ws / "agencies" / "agency-x.yaml"
    path.write_text(path.read_text().replace("deadline: 2026-12-15", "deadline: 2026-01-15"))
    ws, _ = load_workspace(mini_ws)
    request = LetterRequest(agency="agency-x", general=True, date=_today(), today=_today())
    draft = draft_letter(ws, request)
    assert "\n# Open data for research" in draft.markdown
    assert "\n# Fair national rules" in draft.markdown
    assert "## Question" not in draft.markdown
    assert draft.fields["docket"] == "general"


def test_workspace_template_overrides_builtin(mini_ws, tmp_path):
    letter = (builtin_root() / "templates" / "letter.md.j2").read_text()
    build_tree(mini_ws, {"templates/letter.md.j2": letter.replace("# Conclusion", "# In Closing")})
    ws, _ = load_workspace(mini_ws)
    draft = draft_letter(ws, LetterRequest(agency="agency-x", date=_today(), today=_today()))
    assert "# In Closing" in draft.markdown


def test_template_error_names_file_and_line(mini_ws, tmp_path):
    build_tree(mini_ws, {"templates/letter.md.j2": "Dear {{ agency.nam }}\n\n{{ nope }}\n"})
    result = invoke("-w", str(mini_ws), "letter", "agency-x", "-o", str(tmp_path / "a.docx"))
    assert result.exit_code == 1
    assert "letter.md.j2:1" in result.output
    assert not (tmp_path / "a.docx").exists()


def test_coverage_table(mini_ws):
    result = invoke("-w", str(mini_ws), "coverage", "agency-x")
    assert result.exit_code == 0, result.output
    assert "2 of 3 questions answered." in result.output
    assert "Unanswered: 3" in result.output
    flat = " ".join(result.output.split())
    assert "open-data.better-science" in flat and "2.14" in flat


@pytest.mark.parametrize(
    ("agency", "docket"),
    [
        ("usco", "COLC-2023-0006"),
        ("ntia", "NTIA-2023-0005"),
        ("ftc", ""),
        ("ostp", "OSTP-TECH-2025-0067"),
        ("senate-commerce", ""),
    ],
)
def test_every_builtin_agency_gets_a_letter(agency, docket):
    ws, _ = load_workspace(builtin_root())
    request = LetterRequest(agency=agency, docket=docket, date=_today(), today=_today())
    draft = draft_letter(ws, request)
    assert draft.stats.footnotes >= 5
    assert "[@" not in draft.markdown
    assert "# Conclusion" in draft.markdown


def test_mini_letter_pandoc_golden(mini_ws, tmp_path, golden):
    require_tool("pandoc")
    out = tmp_path / "letter.docx"
    invoke("-w", str(mini_ws), "letter", "agency-x", "--date", "2026-12-01", "-o", str(out))
    golden("letter-mini.pandoc.md", pandoc_markdown(out))


def test_pdf_without_libreoffice_says_how_to_install(mini_ws, tmp_path, monkeypatch):
    import drafter.render.pdf as pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "out.pdf"
    result = invoke("-w", str(mini_ws), "letter", "agency-x", "-o", str(out))
    assert result.exit_code == 1
    assert "LibreOffice is not installed" in result.output
    assert "libreoffice-writer-nogui" in result.output
    assert not out.exists()
