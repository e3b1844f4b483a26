"""drafter cites: the cite check of the built-in workspace and of one with planted problems;
``drafter check`` errors for an enacted bill and a malformed citation; the Word document's
footnote calls after their punctuation."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli.main import app
from tests.conftest import MINI, build_tree

runner = CliRunner()

PLANTED = {
    **MINI,
    "positions/open-data.yaml": """\
        id: open-data
        title: Open data for research
        stance: >
          Public data should stay open to researchers and small firms.
        topics: [data-access, research]
        arguments:
          - id: levels-field
            text: >
              Open public data, the report says, is "the great equalizer" [@report].
          - id: better-science
            text: >
              Researchers need open data, as the ruling in Smith shows [@smith, p. 3].
              Trackers count many bills [@tracker]. The old bill did it [@bill].
              See also [@other-report] and [@home].
        asks:
          - Keep public data open for lawful research.
        """,
    "sources.yaml": """\
        report:
          type: report
          author: Example Institute
          title: The Value of Open Data
          date: 2025-03-01
          url: https://example.org/report
        other-report:
          type: report
          author: Example Institute
          title: More Open Data
          date: 2025-06-01
          url: https://example.org/more
        smith:
          type: case
          title: Smith v. Jones
          citation: 100 F.4th 1 (9th Cir. 2024)
        tracker:
          type: web
          title: State AI Bills
          url: https://example.org/tracker
        bill:
          type: statute
          title: Data Act
          citation: S. 99, 119th Cong. (2025)
        home:
          type: web
          title: Example home
          date: 2026-01-01
          url: https://www.example.org/
        unused:
          type: article
          title: Never Cited
          date: 2026-01-01
          url: https://example.org/unused
        """,
}


def cites(ws: Path, *args: str):
    return runner.invoke(app, ["-w", str(ws), "cites", *args], catch_exceptions=False)


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning:")]


def test_builtin_workspace_has_no_cite_warnings() -> None:
    for args in ((), ("--all",), ("usco", "--docket", "COLC-2023-0006", "--format", "md")):
        result = runner.invoke(app, ["cites", *args, "--strict"], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        assert warnings_of(result.stderr) == []
        assert re.search(r"\d+ sources, 0 with warnings\.", result.stdout)


def test_builtin_letter_report_in_markdown_names_notes_and_forms() -> None:
    result = runner.invoke(
        app, ["cites", "usco", "--docket", "COLC-2023-0006", "-f", "md"], catch_exceptions=False
    )
    md = result.stdout
    assert md.startswith("# Cite check: the letter to usco COLC-2023-0006\n")
    section = md.split("## google-v-oracle (case)\n", 1)[1].split("\n## ", 1)[0]
    assert "- First form: *Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021)." in section
    assert re.search(r"- Notes in usco COLC-2023-0006: \d+", section)
    assert "positions/licensing.yaml:" in section


def test_planted_problems_are_each_flagged(tmp_path: Path) -> None:
    ws = build_tree(tmp_path / "ws", PLANTED)
    result = cites(ws)
    assert result.exit_code == 0, result.stderr
    found = warnings_of(result.stderr)
    expected = [
        "warning: positions/open-data.yaml:9:68: arguments[0].text: report: a direct quotation "
        "is cited without a pinpoint — add the page, e.g. [@report, p. 12]",
        "warning: positions/open-data.yaml:12:49: arguments[1].text: smith: 'Smith' names the "
        "case in roman type — write *Smith*: case names are italicized",
        "warning: sources.yaml:2:3: report: Example Institute wrote 2 cited works; 'Example "
        "Institute, supra' cannot tell them apart — give each a short: title",
        "warning: sources.yaml:8:3: other-report: Example Institute wrote 2 cited works; "
        "'Example Institute, supra' cannot tell them apart — give each a short: title",
        "warning: sources.yaml:18:3: tracker: a web source without a date — add date: (or "
        "accessed: for a page that has none)",
        "warning: sources.yaml:22:3: bill: a statute cited as a bill ('S. 99, 119th Cong. "
        "(2025)') — if it was enacted, cite the law: public_law and stat, or code",
        "warning: sources.yaml:26:3: home: the url https://www.example.org/ is a home page — "
        "link the document itself, not the site",
        "warning: sources.yaml:31:3: unused: never cited in the workspace's prose — cite it, "
        "or remove it from sources.yaml",
    ]
    assert found == expected
    strict = cites(ws, "--strict")
    assert strict.exit_code == 1
    assert "8 warning(s) with --strict" in strict.stderr


def test_planted_problems_in_the_reviewer_markdown(tmp_path: Path) -> None:
    ws = build_tree(tmp_path / "ws", PLANTED)
    md = cites(ws, "--format", "md").stdout
    assert "## home (web)\n" in md
    assert "- Warnings: the url https://www.example.org/ is a home page\n" in md
    assert "- Warnings: never cited in the workspace's prose\n" in md
    assert "- First form: *Smith v. Jones*, 100 F.4th 1 (9th Cir. 2024).\n" in md
    assert "- Later form: *Smith*, 100 F.4th 1.\n" in md


def test_letter_mode_lists_the_letters_sources_and_notes(tmp_path: Path) -> None:
    ws = build_tree(tmp_path / "ws", MINI)
    # Both arguments of open-data under Question 1: the report, the hearing, the report again.
    plan = """\
        agency: agency-x
        docket: AOE-2026-0001
        answers:
          "1": {use: [open-data.better-science, open-data.levels-field]}
        """
    build_tree(ws, {"responses/AOE-2026-0001.yaml": plan})
    result = cites(ws, "agency-x", "--docket", "AOE-2026-0001", "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert "- Notes in agency-x AOE-2026-0001: 1, 3\n" in result.stdout
    assert "- Later form: Example Inst., *supra* note 1.\n" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--docket", "X-2026-0001"), "--docket needs an AGENCY"),
        (("agency-x", "--all"), "give an AGENCY or --all, not both"),
    ],
)
def test_cites_usage_errors(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    ws = build_tree(tmp_path / "ws", MINI)
    result = cites(ws, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_enacted_bill_is_an_error_of_check_and_cites(tmp_path: Path) -> None:
    files = dict(MINI)
    files["sources.yaml"] = MINI["sources.yaml"].rstrip(" ") + (
        "        act:\n"
        "          type: statute\n"
        "          title: TAKE IT DOWN Act\n"
        "          citation: S. 146, 119th Cong. (2025) (enacted)\n"
    )
    ws = build_tree(tmp_path / "ws", files)
    message = (
        "error: sources.yaml:17:13: act.citation: the enacted law is cited as a bill: "
        "'S. 146, 119th Cong. (2025) (enacted)' — cite the law: give public_law and stat (and "
        "code if codified), drop the bill citation"
    )
    for command in (["check"], ["cites"]):
        result = runner.invoke(app, ["-w", str(ws), *command], catch_exceptions=False)
        assert result.exit_code == 1
        assert message in result.stderr.splitlines()


def test_a_malformed_citation_is_an_error_of_check_with_its_line(tmp_path: Path) -> None:
    files = dict(MINI)
    files["positions/fair-rules.yaml"] = MINI["positions/fair-rules.yaml"].replace(
        "lowers compliance costs [@report].", "lowers compliance costs [see @report, p.]."
    )
    ws = build_tree(tmp_path / "ws", files)
    result = runner.invoke(app, ["-w", str(ws), "check"], catch_exceptions=False)
    assert result.exit_code == 1
    assert (
        "error: positions/fair-rules.yaml:10:58: arguments[0].text: citation '[see @report, p.]': "
        "the locator 'p.' "
        "has no number — write it like 'p. 4'"
    ) in result.stderr.splitlines()
    letter = runner.invoke(app, ["-w", str(ws), "letter", "agency-x", "-f", "md", "-o",
                                 str(tmp_path / "x.md")], catch_exceptions=False)  # fmt: skip
    assert letter.exit_code == 1
    assert not (tmp_path / "x.md").exists()


# ---------------------------------------------------------------- the Word document

_PUNCT = (".", ",", ";", ":", "!", "?", '"', "”", "’")


def test_no_footnote_call_precedes_its_punctuation_in_the_docx(tmp_path: Path) -> None:
    out = tmp_path / "usco.docx"
    result = runner.invoke(
        app, ["letter", "usco", "--docket", "COLC-2023-0006", "-o", str(out)],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    calls = list(re.finditer(r"<w:footnoteReference [^>]*/>", xml))
    assert len(calls) >= 15
    for call in calls:
        after = re.sub(r"<[^>]+>", "", xml[call.end() : call.end() + 400])
        before = re.sub(r"<[^>]+>", "", xml[max(0, call.start() - 400) : call.start()])
        assert not after.startswith(_PUNCT), f"…{before[-40:]}¹{after[:20]}…"
        assert before.rstrip()[-1:] in (".", ",", ";", ":", "?", "!", '"', "”", "’", ")") or (
            before[-1:].isalnum()
        )
