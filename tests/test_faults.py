"""Faults: writes interrupted every way, and a batch where one target fails.

An interrupted write must leave the previous file exactly as it was and no temporary file
behind (after a ``kill -9``, the next run tidies it); a batch must write every target it can
and report the one it cannot.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from drafter import output
from drafter.batch import plan_batch, resolve_campaign, run_batch
from drafter.cli.main import app
from drafter.errors import OutputError
from drafter.load.workspace import builtin_root, load_workspace
from drafter.output import write_atomic
from tests.conftest import MINI, TODAY, build_tree

REPO = Path(__file__).resolve().parents[1]
OLD = b"the colleague's edited draft, which must survive"
runner = CliRunner()


def parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.part"))


# --- write_atomic, failing at each step --------------------------------------------------------


class _Failing:
    """A file handle that writes half of what it is given, then fails with ``error``."""

    def __init__(self, handle, error: BaseException):
        self.handle, self.error = handle, error

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise self.error

    def flush(self) -> None:
        self.handle.flush()

    def fileno(self) -> int:
        return self.handle.fileno()


def _fail(error: BaseException):
    def fail(*args, **kwargs):
        raise error

    return fail


@pytest.mark.parametrize("step", ["write", "fsync", "chmod", "rename"])
def test_an_os_error_at_any_step_keeps_the_old_file(tmp_path, monkeypatch, step):
    target = tmp_path / "letter.docx"
    target.write_bytes(OLD)
    full = OSError(errno.ENOSPC, "No space left on device")
    real_fdopen = os.fdopen
    if step == "write":
        monkeypatch.setattr(
            output.os, "fdopen", lambda fd, mode: _Failing(real_fdopen(fd, mode), full)
        )
    else:
        monkeypatch.setattr(output.os, {"rename": "replace"}.get(step, step), _fail(full))
    with pytest.raises(OutputError, match="No space left on device") as caught:
        write_atomic(target, b"new letter" * 1000, force=True)
    monkeypatch.undo()
    assert caught.value.location.file == str(target)
    assert target.read_bytes() == OLD
    assert parts(tmp_path) == []


def test_a_write_that_is_not_durable_is_still_atomic(tmp_path, monkeypatch):
    target = tmp_path / "letter.docx"
    target.write_bytes(OLD)
    monkeypatch.setattr(output.os, "fsync", _fail(AssertionError("fsync called")))
    write_atomic(target, b"new letter", force=True, durable=False)
    assert target.read_bytes() == b"new letter" and parts(tmp_path) == []
    full = OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(output.os, "replace", _fail(full))
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, b"newer", force=True, durable=False)
    assert target.read_bytes() == b"new letter" and parts(tmp_path) == []


def test_ctrl_c_during_the_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "letter.docx"
    target.write_bytes(OLD)
    real_fdopen = os.fdopen
    stop = KeyboardInterrupt()
    monkeypatch.setattr(output.os, "fdopen", lambda fd, mode: _Failing(real_fdopen(fd, mode), stop))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new letter" * 1000, force=True)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert parts(tmp_path) == []


def test_a_file_that_appears_during_the_write_is_not_overwritten(tmp_path, monkeypatch):
    """Without --force, a file another program creates mid-write still wins (no race)."""
    target = tmp_path / "letter.docx"
    real_mkstemp = output.tempfile.mkstemp

    def colleague_saves_first(*args, **kwargs):
        target.write_bytes(OLD)  # after drafter checked that the name was free
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(output.tempfile, "mkstemp", colleague_saves_first)
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(target, b"new letter", force=False)
    assert target.read_bytes() == OLD
    assert parts(tmp_path) == []


def test_a_write_tidies_temporary_files_left_by_a_killed_run(tmp_path):
    target = tmp_path / "letter.docx"
    stale = tmp_path / ".letter.docx.x1y2z3.part"
    stale.write_bytes(b"half a letter")
    other = tmp_path / ".other.docx.a1b2c3.part"  # another file's: not ours to remove
    other.write_bytes(b"half of something else")
    write_atomic(target, b"new letter")
    assert target.read_bytes() == b"new letter"
    assert parts(tmp_path) == [other.name]


# --- a real process, interrupted mid-write -----------------------------------------------------

# Runs drafter with a writer that writes half the file, says so, and then waits to be stopped.
SLOW_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from drafter import output

    marker = Path(sys.argv[1])
    real_fdopen = os.fdopen

    class Slow:
        def __init__(self, handle):
            self.handle = handle
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            self.handle.close()
        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            marker.write_text("half written")
            time.sleep(60)
            return self.handle.write(data[len(data) // 2 :])
        def flush(self):
            self.handle.flush()
        def fileno(self):
            return self.handle.fileno()

    output.os.fdopen = lambda fd, mode: Slow(real_fdopen(fd, mode))
    sys.argv = ["drafter", *sys.argv[2:]]
    from drafter.cli.main import main
    main()
    """
)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "DRAFTER_TODAY": "2026-11-24"}


def _start_slow_letter(tmp_path: Path, ws: Path, target: Path) -> subprocess.Popen:
    marker = tmp_path / "marker"
    args = ["-w", str(ws), "letter", "agency-x", "-o", str(target), "--force"]
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(marker), *args],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()[1].decode()
        assert time.monotonic() < deadline, "the write never started"
        time.sleep(0.02)
    assert parts(target.parent), "the temporary file should exist mid-write"
    return proc


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_process_stopped_mid_write_keeps_the_old_file(tmp_path, mini_ws, sig):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "letter.docx"
    target.write_bytes(OLD)
    proc = _start_slow_letter(tmp_path, mini_ws, target)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr
    assert "interrupted" in stderr.decode()
    assert target.read_bytes() == OLD
    assert parts(out) == []


def test_a_process_killed_mid_write_keeps_the_old_file_and_the_next_run_tidies(tmp_path, mini_ws):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "letter.docx"
    target.write_bytes(OLD)
    proc = _start_slow_letter(tmp_path, mini_ws, target)
    proc.kill()  # nothing can clean up after SIGKILL
    proc.wait(timeout=30)
    assert target.read_bytes() == OLD
    assert len(parts(out)) == 1
    result = runner.invoke(
        app, ["-w", str(mini_ws), "letter", "agency-x", "-o", str(target), "--force"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    docx.Document(str(target))  # the new letter, complete
    assert parts(out) == []


# --- a batch with one bad target ---------------------------------------------------------------


def _agency(agency_id: str, n: int) -> str:
    data = yaml.safe_load(textwrap.dedent(MINI["agencies/agency-x.yaml"]))
    data["id"] = agency_id
    data["dockets"][0]["id"] = f"AOE-2026-000{n}"
    return yaml.safe_dump(data, sort_keys=False)


def _batch_workspace(tmp_path: Path, targets: list[dict], template: str = "") -> Path:
    files = dict(MINI)
    files["agencies/agency-y.yaml"] = _agency("agency-y", 2)
    files["agencies/agency-z.yaml"] = _agency("agency-z", 3)
    campaign = {
        "name": "Three letters",
        "kind": "letter",
        "positions": ["open-data", "fair-rules"],
        "output": "{agency}.docx",
        "targets": targets,
    }
    files["campaigns/three.yaml"] = yaml.safe_dump(campaign, sort_keys=False)
    if template:
        files["templates/letter.md.j2"] = template
    return build_tree(tmp_path / "ws", files)


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_a_target_whose_document_cannot_be_written_fails_alone(tmp_path):
    """The writer refuses one target's Markdown; the other two are written and reported."""
    base = (builtin_root() / "templates" / "letter.md.j2").read_text(encoding="utf-8")
    template = base + "\n{% if vars.style %}\n::: {{ vars.style }}\nBoxed.\n:::\n{% endif %}\n"
    targets = [
        {"agency": "agency-x", "vars": {"style": ""}},
        {"agency": "agency-y", "vars": {"style": "nosuch"}},
        {"agency": "agency-z", "vars": {"style": "quote"}},
    ]
    ws = _batch_workspace(tmp_path, targets, template)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["-w", str(ws), "batch", "three", "--out-dir", str(out), "--jobs", "2"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    rows = _manifest(out)["rows"]
    assert [r["status"] for r in rows] == ["written", "failed", "written"]
    assert "no paragraph style for container '::: nosuch'" in rows[1]["error"]
    assert sorted(p.name for p in out.glob("*.docx")) == ["agency-x.docx", "agency-z.docx"]
    for name in ("agency-x.docx", "agency-z.docx"):
        docx.Document(str(out / name))
    assert parts(out) == []
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and failed[0].startswith("failed: agency-y (agency-y.docx): ")


def test_a_full_disk_for_one_target_fails_it_alone(tmp_path, monkeypatch):
    """One file cannot be renamed into place: that target fails, the rest and the manifest land."""
    ws_root = _batch_workspace(
        tmp_path, [{"agency": a} for a in ("agency-x", "agency-y", "agency-z")]
    )
    ws, _ = load_workspace(ws_root)
    out = tmp_path / "out"
    plan = plan_batch(ws, resolve_campaign(ws, "three")[0], out, today=TODAY)
    real_replace, real_link = os.replace, os.link

    def full_for_agency_y(move):
        def move_or_fail(src, dst, *args, **kwargs):
            if Path(dst).name == "agency-y.docx":
                raise OSError(errno.ENOSPC, "No space left on device")
            return move(src, dst, *args, **kwargs)

        return move_or_fail

    monkeypatch.setattr(output.os, "replace", full_for_agency_y(real_replace))
    monkeypatch.setattr(output.os, "link", full_for_agency_y(real_link))
    report = run_batch(ws, plan, jobs=1)
    monkeypatch.undo()
    assert [r.status for r in report.rows] == ["written", "failed", "written"]
    assert "No space left on device" in report.rows[1].error
    assert "agency-y.docx" in report.rows[1].error
    assert sorted(p.name for p in out.glob("*.docx")) == ["agency-x.docx", "agency-z.docx"]
    assert [r["status"] for r in _manifest(out)["rows"]] == ["written", "failed", "written"]
    assert parts(out) == []

    # The disk has room again: a re-run writes the missing letter and keeps the others.
    before = {p.name: p.read_bytes() for p in out.glob("*.docx")}
    report = run_batch(ws, plan, jobs=1)
    assert [r.status for r in report.rows] == ["skipped", "written", "skipped"]
    assert {name: (out / name).read_bytes() for name in before} == before
