"""`drafter agencies import` end to end: the workspace files it edits, and what check says."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.load.workspace import load_workspace
from tests.conftest import MINI, build_tree
from tests.test_notice import NOTICES, USCO_NUMBERS

runner = CliRunner()

USCO_AGENCY = """\
    # Our notes on the Copyright Office: keep them.
    id: usco
    name: U.S. Copyright Office
    short_name: USCO
    parent: Library of Congress
    addressee: Register of Copyrights
    address: [101 Independence Avenue SE, "Washington, DC 20559-6000"]
    positions: [open-data]   # our default

    dockets:
      # An older inquiry we answered.
      - id: COLC-2022-0001
        title: An Older Inquiry
        deadline: 2022-06-01   # closed
        questions:
          - number: "1"
            text: What happened?
    """


def run(*args: str):
    return runner.invoke(
        app,
        list(args),
        catch_exceptions=False,
        env={"DRAFTER_TODAY": "2026-11-24", "COLUMNS": "200"},
    )


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "ws", {**MINI, "agencies/usco.yaml": USCO_AGENCY})


def saved(tmp_path: Path, folder: str, *names: str) -> Path:
    """Copy fixture files into a folder of their own; return the first."""
    target = tmp_path / "saved" / folder
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(NOTICES / folder / name, target / name)
    return target / names[0]


def only_inserted(before: str, after: str) -> bool:
    """Whether `after` is `before` with lines added and none changed or removed."""
    ops = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    return all(tag in ("equal", "insert") for tag, *_ in ops.get_opcodes())


def test_import_from_text_and_json_adds_the_docket_verbatim(ws, tmp_path):
    notice = saved(tmp_path, "usco-2023", "2023-18624.txt", "2023-18624.json")
    before = (ws / "agencies" / "usco.yaml").read_text(encoding="utf-8")
    result = run("-w", str(ws), "agencies", "import", str(notice))
    assert result.exit_code == 0, result.output
    assert "Added docket COLC-2023-0006 in agencies/usco.yaml." in result.output
    assert (
        "34 questions and 32 sub-questions (as numbered by the agency), verbatim" in result.output
    )
    assert "source [@fr-2023-18624] added to sources.yaml" in result.output
    assert "OK drafter check accepts agencies/usco.yaml" in result.output

    after = (ws / "agencies" / "usco.yaml").read_text(encoding="utf-8")
    assert only_inserted(before, after)  # the user's comments, order and other docket kept
    assert "# Imported by `drafter agencies import` on 2026-11-24 from FR Doc. 2023-18624" in after

    workspace, _ = load_workspace(ws)
    agency = workspace.agencies["usco"]
    assert [d.id for d in agency.dockets] == ["COLC-2022-0001", "COLC-2023-0006"]
    docket = agency.dockets[1]
    assert [q.number for q in docket.questions] == USCO_NUMBERS
    assert (docket.title, docket.citation, str(docket.published)) == (
        "Artificial Intelligence and Copyright", "88 Fed. Reg. 59942", "2023-08-30",
    )  # fmt: skip
    assert (str(docket.deadline), docket.deadline_time, str(docket.reply_deadline)) == (
        "2023-10-18", "11:59 p.m. Eastern Time", "2023-11-15",
    )  # fmt: skip
    assert (docket.agency_number, docket.fr_doc, docket.verbatim, docket.channel) == (
        "2023-6", "2023-18624", True, "regulations.gov",
    )  # fmt: skip
    assert docket.contact.startswith("Rhea Efthimiadis, Assistant to the General Counsel")
    assert docket.source == "fr-2023-18624"
    q = {q.number: q for q in docket.questions}
    assert (q["8.5"].group, q["8.5"].page, q["30"].group) == (
        "Training", 59947, "Additional Questions About Issues Related to Copyright",
    )  # fmt: skip
    source = workspace.sources["fr-2023-18624"]
    assert (source.type, source.author, source.citation, source.url) == (
        "notice", "U.S. Copyright Office", "88 Fed. Reg. 59942",
        "https://www.federalregister.gov/d/2023-18624",
    )  # fmt: skip


def test_xml_alone_gives_the_same_questions_and_marks_what_it_lacks(ws, tmp_path):
    notice = saved(tmp_path, "usco-2023", "2023-18624.xml")
    result = run("-w", str(ws), "agencies", "import", str(notice), "--docket", "COLC-2023-0006")
    assert result.exit_code == 0, result.output
    assert "volume 88 inferred from the filing year 2023" in result.output
    assert "no publication date (the XML does not give it): add published:" in result.output
    text = (ws / "agencies" / "usco.yaml").read_text(encoding="utf-8")
    assert "# Check: no publication date (the XML does not give it): add published:." in text
    docket = load_workspace(ws)[0].agencies["usco"].docket("COLC-2023-0006")
    assert docket is not None
    assert [q.number for q in docket.questions] == USCO_NUMBERS
    assert (docket.citation, docket.published) == ("88 Fed. Reg. 59942", None)


def test_text_alone_needs_the_regulations_gov_docket(ws, tmp_path):
    notice = saved(tmp_path, "usco-2023", "2023-18624.txt")
    result = run("-w", str(ws), "agencies", "import", str(notice))
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: the notice names no regulations.gov docket ID (its own docket number is 2023-6) "
        "— pass it with --docket (find it on regulations.gov), or save the API's record beside "
        "the file as NAME.json: it has the ID"
    )


def test_existing_docket_needs_force_and_force_replaces_it_in_place(ws, tmp_path):
    notice = saved(tmp_path, "usco-2023", "2023-18624.txt", "2023-18624.json")
    assert run("-w", str(ws), "agencies", "import", str(notice)).exit_code == 0
    again = run("-w", str(ws), "agencies", "import", str(notice))
    assert again.exit_code == 1
    assert again.output.strip() == (
        "error: agencies/usco.yaml:22:5: dockets[1]: docket COLC-2023-0006 is already in this "
        "file — add --force to replace it with the notice's, or --dry-run to compare"
    )
    path = ws / "agencies" / "usco.yaml"
    path.write_text(
        path.read_text().replace("deadline: 2023-10-18", "deadline: 2023-10-30"), encoding="utf-8"
    )
    forced = run("-w", str(ws), "agencies", "import", str(notice), "--force")
    assert forced.exit_code == 0, forced.output
    assert "Replaced docket COLC-2023-0006 in agencies/usco.yaml." in forced.output
    assert (
        "COLC-2023-0006 had deadline 2023-10-30, the notice says 2023-10-18: if the period was "
        "extended, import the extension notice too" in forced.output
    )
    dockets = load_workspace(ws)[0].agencies["usco"].dockets
    assert [d.id for d in dockets] == ["COLC-2022-0001", "COLC-2023-0006"]
    assert len(dockets[1].questions) == 66


def test_dry_run_writes_nothing_and_shows_the_questions(ws, tmp_path):
    notice = saved(tmp_path, "ostp-2026", "2026-04410.txt", "2026-04410.json")
    before = {p: p.read_bytes() for p in ws.rglob("*") if p.is_file()}
    result = run("-w", str(ws), "agencies", "import", str(notice), "--dry-run")
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in ws.rglob("*") if p.is_file()} == before
    assert (
        "Dry run: nothing written. Would add docket OSTP-TECH-2026-0011 in agencies/ostp.yaml."
        in result.output
    )
    assert "6 questions and 0 sub-questions (bullets, numbered by drafter)" in result.output
    assert "1*" in result.output and "Request for Comment" in result.output
    assert "* numbered by drafter (the notice does not number it)" in result.output


def test_new_agency_file_marks_what_the_staffer_must_fill(ws, tmp_path):
    notice = saved(tmp_path, "ostp-2026", "2026-04410.txt", "2026-04410.json")
    result = run("-w", str(ws), "agencies", "import", str(notice))
    assert result.exit_code == 0, result.output
    assert "(a new agency file)" in result.output
    text = (ws / "agencies" / "ostp.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Written by `drafter agencies import` from FR Doc. 2026-04410")
    assert "# TODO addressee:" in text and "# TODO address:" in text
    agency = load_workspace(ws)[0].agencies["ostp"]
    assert (agency.name, agency.short_name) == ("Office of Science and Technology Policy", "OSTP")
    docket = agency.dockets[0]
    assert (docket.id, docket.channel, str(docket.deadline), docket.deadline_time) == (
        "OSTP-TECH-2026-0011", "email: ai-data-rfi@ostp.eop.gov", "2026-04-24", "11:59 p.m. ET",
    )  # fmt: skip
    assert [(q.number, q.generated) for q in docket.questions][:2] == [("1", True), ("2", True)]


def test_two_dockets_need_a_choice_and_each_gets_its_own_questions(ws, tmp_path):
    notice = saved(tmp_path, "ntia-2026", "2026-01587.xml", "2026-01587.json")
    result = run("-w", str(ws), "agencies", "import", str(notice))
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: the notice names 2 regulations.gov dockets: NTIA-2026-0002, NTIA-2026-0003 — "
        "choose one with --docket, e.g. --docket NTIA-2026-0002"
    )
    for docket, numbers, deadline in (
        ("NTIA-2026-0003", ["1", "2", "3", "4", "5"], "2026-04-15"),
        (
            "NTIA-2026-0002",
            ["1", "1.a", "1.b", "2", "3", "3.a", "3.b", "4", "5", "6"],
            "2026-03-16",
        ),
    ):
        result = run("-w", str(ws), "agencies", "import", str(notice), "--docket", docket)
        assert result.exit_code == 0, result.output
        imported = load_workspace(ws)[0].agencies["ntia"].docket(docket)
        assert imported is not None
        assert [q.number for q in imported.questions] == numbers
        assert str(imported.deadline) == deadline
    ntia = load_workspace(ws)[0].agencies["ntia"]
    assert [d.id for d in ntia.dockets] == ["NTIA-2026-0003", "NTIA-2026-0002"]
    assert ntia.dockets[0].deadline_time == "11:59 p.m. Eastern Daylight Time"


def test_extension_notice_moves_the_deadline_of_the_docket(ws, tmp_path):
    extension = saved(tmp_path, "usco-2023-extension", "2023-25169.txt")
    refused = run("-w", str(ws), "agencies", "import", str(extension), "--docket", "COLC-2023-0006")
    assert refused.exit_code == 1
    assert refused.output.strip() == (
        "error: this notice extends the comment period of docket COLC-2023-0006, which is not in "
        "the workspace — import the original notice first, then this one"
    )
    notice = saved(tmp_path, "usco-2023", "2023-18624.txt", "2023-18624.json")
    assert run("-w", str(ws), "agencies", "import", str(notice)).exit_code == 0
    result = run("-w", str(ws), "agencies", "import", str(extension))
    assert result.exit_code == 0, result.output
    assert "Extended docket COLC-2023-0006 in agencies/usco.yaml." in result.output
    assert "reply_deadline: 2023-11-15 → 2023-12-06" in result.output
    docket = load_workspace(ws)[0].agencies["usco"].docket("COLC-2023-0006")
    assert docket is not None
    assert (str(docket.deadline), str(docket.reply_deadline), len(docket.questions)) == (
        "2023-10-18", "2023-12-06", 66,
    )  # fmt: skip
    text = (ws / "agencies" / "usco.yaml").read_text(encoding="utf-8")
    assert "# Extended by FR Doc. 2023-25169, 88 Fed. Reg. 78393, imported on 2026-11-24:" in text


def test_prose_questions_into_the_agency_matched_by_name(ws, tmp_path):
    (ws / "agencies" / "ftc.yaml").write_text(
        "id: ftc\nname: Federal Trade Commission\nshort_name: FTC\n", encoding="utf-8"
    )
    notice = saved(tmp_path, "ftc-2026", "2026-07702.xml")
    result = run("-w", str(ws), "agencies", "import", str(notice))
    assert result.exit_code == 0, result.output
    docket = load_workspace(ws)[0].agencies["ftc"].docket("FTC-2026-0042")
    assert docket is not None
    assert [q.number for q in docket.questions] == ["1", "2", "3", "4"]
    assert docket.citation == "91 Fed. Reg. 23105"  # volume from the filing year
    assert "the notice does not number its questions: numbered 1–4 in order" in result.output


def test_builtin_workspace_is_never_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    notice = saved(tmp_path, "ostp-2026", "2026-04410.txt", "2026-04410.json")
    result = run("agencies", "import", str(notice))
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: no workspace to import into: this is the built-in workspace, which is read-only "
        "— create your own with `drafter init DIR`, then run the import with -w DIR"
    )


def test_workspace_without_agencies_keeps_the_builtin_ones(tmp_path):
    own = ("drafter.yaml", "outlets.yaml")  # built-in positions, agencies and sources
    ws = build_tree(tmp_path / "ws", {k: v for k, v in MINI.items() if k in own})
    notice = saved(tmp_path, "ntia-2026", "2026-01587.xml", "2026-01587.json")
    result = run("-w", str(ws), "agencies", "import", str(notice), "--docket", "NTIA-2026-0002")
    assert result.exit_code == 0, result.output
    agencies = load_workspace(ws)[0].agencies
    assert {"usco", "ftc", "ostp", "senate-commerce"} <= set(agencies)
    assert [d.id for d in agencies["ntia"].dockets] == ["NTIA-2023-0005", "NTIA-2026-0002"]


def test_a_letter_on_the_imported_docket_quotes_and_answers_the_notice(tmp_path):
    ws = tmp_path / "ws"
    assert run("init", str(ws)).exit_code == 0
    notice = saved(tmp_path, "usco-2023", "2023-18624.txt", "2023-18624.json")
    assert run("-w", str(ws), "agencies", "import", str(notice), "--force").exit_code == 0
    out = tmp_path / "letter.md"
    result = run(
        "-w", str(ws), "letter", "usco", "--docket", "COLC-2023-0006", "-f", "md", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    letter = out.read_text(encoding="utf-8")
    # The notice is the source of the quotations, cited with the pages its questions are on.
    call = re.search(
        r"Each question is quoted from the notice, followed by our response\.\[\^(c\d+)\]", letter
    )
    assert call is not None
    assert (
        f"[^{call.group(1)}]: Artificial Intelligence and Copyright, 88 Fed. Reg. 59,942, "
        "59,947–49 (Aug. 30, 2023)." in letter
    )
    # Question 8 in the Office's words, then an answer on fair use.
    q8 = letter.split("## Question 8\n", 1)[1].split("\n## ", 1)[0]
    assert q8.startswith(
        "\n::: question\nUnder what circumstances would the unauthorized use of copyrighted works "
        "to train AI models constitute fair use? Please discuss any case law you believe relevant "
        "to this question.\n:::\n"
    )
    assert "fair use" in q8.split(":::", 2)[2]


def test_a_letter_says_when_drafter_numbered_the_questions(tmp_path):
    ws = tmp_path / "ws"
    assert run("init", str(ws)).exit_code == 0
    notice = saved(tmp_path, "ostp-2026", "2026-04410.txt", "2026-04410.json")
    assert run("-w", str(ws), "agencies", "import", str(notice)).exit_code == 0
    out = tmp_path / "letter.md"
    result = run(
        "-w",
        str(ws),
        "letter",
        "ostp",
        "--docket",
        "OSTP-TECH-2026-0011",
        "-f",
        "md",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    letter = out.read_text(encoding="utf-8")
    assert re.search(
        r"Each question is quoted from the notice, followed by our response\.\[\^c\d+\] The "
        r"notice does not number every question; we number those it leaves unnumbered in the "
        r"order it asks them\.\n",
        letter,
    )
    assert "*Submitted by email to ai-data-rfi@ostp.eop.gov*" in letter
    assert (
        "\n::: question\nHow should access to sensitive datasets be governed so that privacy and "
        "security are protected?\n:::\n" in letter
    )
