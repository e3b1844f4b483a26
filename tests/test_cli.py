"""The workspace commands end to end: init, check, positions, agencies, errors and exit codes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.load.workspace import load_workspace

runner = CliRunner()


def run(*args: str, cwd: Path | None = None):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.startswith("drafter 0.")


def test_check_builtin_passes_with_deadline_warnings():
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "OK built-in workspace: 5 positions, 5 agencies" in result.output
    assert "COLC-2023-0006: the comment deadline 2023-10-30 has passed" in result.output


def test_check_strict_fails_on_warnings():
    result = run("check", "--strict")
    assert result.exit_code == 1
    assert "warning(s) with --strict" in result.output


def test_init_then_check(tmp_path):
    target = tmp_path / "ws"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    assert (target / "drafter.yaml").is_file()
    assert (target / "positions" / "licensing.yaml").is_file()
    assert (target / "templates" / "letter.md.j2").is_file()
    result = run("-w", str(target), "check")
    assert result.exit_code == 0, result.output
    assert f"OK {target}" in result.output
    again = run("init", str(target))
    assert again.exit_code == 1
    assert "already exist" in again.output and "--force" in again.output


def test_positions_list_and_show():
    result = run("positions", "list")
    assert result.exit_code == 0
    for pid in ("data-access", "licensing", "preemption", "safeguards", "global-race"):
        assert pid in result.output
    shown = run("positions", "show", "licensing")
    assert shown.exit_code == 0
    assert "Arguments" in shown.output and "Asks" in shown.output
    missing = run("positions", "show", "licencing")
    assert missing.exit_code == 1
    assert "unknown position 'licencing' — did you mean 'licensing'?" in missing.output


def test_positions_new_writes_a_valid_skeleton(mini_ws):
    result = run("-w", str(mini_ws), "positions", "new", "ai-labels")
    assert result.exit_code == 0, result.output
    text = (mini_ws / "positions" / "ai-labels.yaml").read_text()
    assert text.startswith("# A stance module")
    ws, _ = load_workspace(mini_ws)
    assert ws.positions["ai-labels"].arguments[0].id == "main-argument"
    assert run("-w", str(mini_ws), "check").exit_code == 0
    again = run("-w", str(mini_ws), "positions", "new", "ai-labels")
    assert again.exit_code == 1 and "already exists" in again.output


def test_positions_new_refuses_builtin_workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTER_WORKSPACE", raising=False)
    result = run("positions", "new", "x")
    assert result.exit_code == 1
    assert "drafter init" in result.output


def test_agencies_list_and_show(mini_ws):
    result = run("-w", str(mini_ws), "agencies", "list")
    assert result.exit_code == 0
    assert "AOE-2026-0001" in result.output and "21" in result.output  # days to Dec 15
    shown = run("-w", str(mini_ws), "agencies", "show", "agency-x")
    assert shown.exit_code == 0
    assert "Data and Innovation" in shown.output and "AOE-2026-0001" in shown.output
    builtin = run("agencies", "show", "usco")
    assert "closed 1121 days ago" in builtin.output


def test_names_titles_and_questions_print_as_written_not_as_markup(mini_ws):
    """User text in brackets ([bold], [@key], [Docket 1]) is not taken for rich markup."""
    agency = mini_ws / "agencies" / "agency-x.yaml"
    text = agency.read_text()
    for old, new in (
        ("name: Agency of Examples", "name: Agency of [bold]Examples[/bold]"),
        ("title: Data and Innovation", "title: Data and Innovation [Docket 1]"),
        ("text: Should state laws on data differ?", "text: Should [@state] laws differ?"),
    ):
        assert old in text
        text = text.replace(old, new)
    agency.write_text(text)
    shown = run("-w", str(mini_ws), "agencies", "show", "agency-x")
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.output.split())
    assert "Agency of [bold]Examples[/bold]" in flat
    assert "Data and Innovation [Docket 1]" in flat
    assert "Should [@state] laws differ?" in flat
    listed = " ".join(run("-w", str(mini_ws), "agencies", "list").output.split())
    assert "[bold]Examples[/bold]" in listed
    covered = run("-w", str(mini_ws), "coverage", "agency-x").output  # a table: wrapped
    assert "Should [@state]" in covered


def test_bad_workspace_exits_1_without_traceback(mini_ws):
    path = mini_ws / "positions" / "open-data.yaml"
    path.write_text(path.read_text().replace("priority: 1", "priority: 1\npriority: 2"))
    proc = subprocess.run(
        [sys.executable, "-m", "drafter", "-w", str(mini_ws), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "positions/open-data.yaml:7:1: priority: duplicate key 'priority'" in proc.stderr


def test_missing_workspace_folder(tmp_path):
    result = run("-w", str(tmp_path / "none"), "check")
    assert result.exit_code == 1
    assert "is not a drafter workspace (no drafter.yaml)" in result.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["letter", "usoc"], 1, "unknown agency 'usoc' — did you mean 'usco'?"),
        (["letter", "usco", "--docket", "COLC-2023-0007"], 1, "did you mean 'COLC-2023-0006'?"),
        (["letter", "usco", "--date", "2026-02-30"], 2, "expected a date like 2026-12-01"),
        (["letter", "usco", "--format", "rtf"], 2, "rtf"),
        (["letter", "usco", "-p", "licencing"], 1, "did you mean 'licensing'?"),
        (["letter", "usco", "--signer", "nobody"], 1, "unknown signer 'nobody'"),
        (["nonsense"], 2, "No such command"),
    ],
)
def test_bad_command_lines(args, code, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "code", "stream", "expected"),
    [
        (["--version"], 0, "stdout", "drafter "),
        (["agencies", "list"], 0, "stdout", "usco"),  # long output, piped: all of it arrives
        (["agencies", "show", "nope"], 1, "stderr", "unknown agency"),
        (["--bogus"], 2, "stderr", "No such option"),
    ],
)
def test_the_process_leaves_with_the_commands_code_and_all_its_output(args, code, stream, expected):
    # Run as a user runs it: the exit code is the command's, and everything it printed arrives.
    proc = subprocess.run(
        [sys.executable, "-m", "drafter", *args], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == code, proc.stderr
    assert expected in getattr(proc, stream)
    if args == ["agencies", "list"]:
        assert proc.stdout.endswith("\n") and proc.stdout.count("\n") > 5
        assert proc.stdout == runner.invoke(app, args).stdout


@pytest.mark.parametrize("value", ["2026-02-30", "tomorrow", "20261201", "2026-12-1"])
def test_drafter_today_that_is_not_a_date_is_refused(value, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_TODAY", value)
    result = run("letter", "usco", "-f", "md")
    assert result.exit_code == 1
    assert result.output == (
        f"error: DRAFTER_TODAY is '{value}', which is not a date — set it to a date written "
        "YYYY-MM-DD, e.g. 2026-12-01, or unset it\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_drafter_today_sets_the_day_deadlines_count_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_TODAY", "2023-10-20")
    result = run("letter", "usco", "--docket", "COLC-2023-0006", "-f", "md")
    assert result.exit_code == 0, result.output
    assert "deadline in 10 days" in result.output
    assert "October 20, 2023" in (tmp_path / "usco-colc-2023-0006.md").read_text()


# -- no tracebacks: inputs that once crashed drafter, each with the message it gives now ------
LONG = "a" * 300


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", ""], "the file name is empty; give one, e.g. -o letter.docx"),
        (["-o", " "], "the file name is empty; give one, e.g. -o letter.docx"),
        (
            ["-o", "drafts/"],
            "'drafts/' names a folder; give a file name, e.g. -o drafts/letter.docx",
        ),
        (["-o", "."], "'.' names a folder; give a file name, e.g. -o letter.docx"),
        (
            ["-o", f"{LONG}.docx"],
            f"the name '{'a' * 24}…{'a' * 7}.docx' is 305 characters long; file systems allow 255",
        ),
        (
            ["-o", f"{LONG}/letter.md"],
            f"the name '{'a' * 24}…{'a' * 12}' is 300 characters long; file systems allow 255",
        ),
        (
            ["-o", "é" * 130 + ".md"],
            f"the name '{'é' * 24}…{'é' * 9}.md' is 263 bytes long; file systems allow 255",
        ),
    ],
)
def test_output_names_no_file_system_holds_are_refused(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("letter", "usco", *args)
    assert result.exit_code == 2, result.output
    assert (
        result.output.splitlines()[-1] == f"Error: Invalid value for '--output' / '-o': {message}"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("position_id", "shown"),
    [("abc\n", "abc\\n"), ("ab\tc", "ab\\tc"), ("Abc", "Abc"), ("abc-", "abc-"), ("", "")],
)
def test_positions_new_refuses_ids_that_are_not_file_names(position_id, shown, mini_ws):
    result = run("-w", str(mini_ws), "positions", "new", position_id)
    assert result.exit_code == 1
    assert result.output == (
        f"error: '{shown}' is not a valid position id — use lowercase letters, digits and "
        "hyphens, like 'data-access'\n"
    )
    assert sorted(p.name for p in (mini_ws / "positions").iterdir()) == [
        "fair-rules.yaml",
        "open-data.yaml",
    ]


def _campaign(folder: Path, output: str) -> Path:
    path = folder / "camp.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            name: Two letters
            kind: letter
            output: "{output}"
            targets:
              - agency: agency-x
                docket: AOE-2026-0001
            """
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (
            "{agency:>100000000}.md",
            "the output pattern's field '{agency:>100000000}' has a format; fields are plain "
            "names — write {agency} without ':>100000000'",
        ),
        (
            "{docket!r}.md",
            "the output pattern's field '{docket!r}' has a format; fields are plain names — "
            "write {docket} without '!r'",
        ),
        (
            "{agency:{date}}.md",
            "the output pattern's field '{agency:{date}}' has a format; fields are plain names "
            "— write {agency} without ':{date}'",
        ),
    ],
)
def test_output_patterns_with_a_format_are_refused(pattern, message, mini_ws, monkeypatch):
    monkeypatch.chdir(mini_ws)
    _campaign(mini_ws, pattern)
    result = run("-w", ".", "batch", "camp.yaml", "--out-dir", "out")
    assert result.exit_code == 1
    assert result.output == f"error: camp.yaml:3:9: output: {message}\n"
    assert not (mini_ws / "out").exists()


def test_an_output_pattern_whose_folder_is_a_file(mini_ws, monkeypatch):
    monkeypatch.chdir(mini_ws)
    _campaign(mini_ws, "{agency}/{docket}.md")
    (mini_ws / "out").mkdir()
    (mini_ws / "out" / "agency-x").write_text("a file, not a folder")
    result = run("-w", ".", "batch", "camp.yaml", "--out-dir", "out")
    assert result.exit_code == 1
    assert result.output == (
        "error: out/agency-x: cannot create the folder 'out/agency-x': 'out/agency-x' is a "
        "file — remove or rename that file, or change the campaign's output pattern\n"
    )
    assert sorted(p.name for p in (mini_ws / "out").iterdir()) == ["agency-x"]


def _as_a_user_who_cannot_write() -> list[str]:
    """The command prefix that makes folder permissions apply: root ignores them unless it
    gives up the capability to (setpriv, from util-linux)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: folder permissions do not apply")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


def _drafter(*args: str, cwd: Path, prefix: tuple[str, ...] = (), **env: str):
    return subprocess.run(
        [*prefix, sys.executable, "-m", "drafter", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, env={**os.environ, **env},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("out_dir", "message"),
    [
        (
            "read-only/drafts",
            "error: read-only/drafts: cannot create the folder 'read-only/drafts': permission "
            "denied — check the permissions of 'read-only', or choose another --out-dir\n",
        ),
        (
            "read-only/a/b",
            "error: read-only/a/b: cannot create the output folder 'read-only/a/b': "
            "'read-only/a' does not exist — create it first (mkdir -p read-only/a) or choose "
            "another --out-dir\n",
        ),
    ],
)
def test_an_out_dir_inside_a_read_only_folder(out_dir, message, mini_ws):
    (mini_ws / "read-only").mkdir(mode=0o555)
    prefix = tuple(_as_a_user_who_cannot_write())
    proc = _drafter("-w", ".", "batch", "fall", "--out-dir", out_dir, cwd=mini_ws, prefix=prefix)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", message)
    assert list((mini_ws / "read-only").iterdir()) == []


@pytest.mark.parametrize(
    ("args", "code", "stdout", "stderr"),
    [
        (
            ["letter", "agency-y"],
            1,
            "",
            "error: unknown agency 'agency-y' -- did you mean 'agency-x'?\n",
        ),
        (["agencies", "list"], 0, "| AOE-2026-0001    | 21", ""),
        (["agencies", "show", "agency-x"], 0, "Data and Innovation\n  91 Fed. Reg. 12345 - ", ""),
        (["letter", "agency-x", "--preview"], 0, "To the Agency of Examples:", ""),
        (["letter", "agency-x", "-o", "x.md"], 0, "Wrote x.md\n", ""),
    ],
)
def test_a_console_that_cannot_print_a_dash(args, code, stdout, stderr, mini_ws):
    """Characters the console's encoding lacks print as a look-alike (-- for —) or '?'."""
    proc = _drafter("-w", ".", *args, cwd=mini_ws, PYTHONIOENCODING="ascii")
    assert proc.returncode == code, proc.stderr
    assert stdout in proc.stdout
    assert proc.stderr == stderr
    proc.stdout.encode("ascii")  # nothing the console could not show
