"""Faults: writes interrupted every way, and a batch where one target fails.

An interrupted write must leave the previous file exactly as it was and no temporary file
behind (after a ``kill -9``, the next run tidies it); a batch must write every target it can
and report the one it cannot.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import stat
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
from drafter.batch import outdir, plan_batch, resolve_campaign, run_batch, worker
from drafter.batch import run as batch_run
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

    def fdopen(fd, mode):  # only the letter's write is slowed, not other files drafter writes
        if ".letter.docx." in os.readlink(f"/proc/self/fd/{fd}"):
            return Slow(real_fdopen(fd, mode))
        return real_fdopen(fd, mode)

    output.os.fdopen = fdopen
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


# --- only regular files are replaced (issue 18, class 2) ---------------------------------------


def test_force_does_not_replace_a_fifo(tmp_path):
    fifo = tmp_path / "letter.docx"
    os.mkfifo(fifo)
    for force in (False, True):
        with pytest.raises(OutputError) as caught:
            write_atomic(fifo, b"new letter", force=force)
        assert caught.value.message == "this is a FIFO (named pipe), not a regular file"
        assert caught.value.location.file == str(fifo)
        assert "replaces only regular files" in caught.value.hint
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert parts(tmp_path) == []


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "fifo",
            "letter.docx: this is a FIFO (named pipe), not a regular file — drafter "
            "replaces only regular files, even with --force; choose another name",
        ),
        (
            "/dev/null",
            "error: /dev/null: this is a device, not a regular file — drafter "
            "replaces only regular files, even with --force; choose another name",
        ),
    ],
)
def test_letter_with_force_refuses_what_is_not_a_regular_file(tmp_path, mini_ws, target, message):
    if target == "fifo":
        target = str(tmp_path / "letter.docx")
        os.mkfifo(target)
    result = runner.invoke(
        app, ["-w", str(mini_ws), "letter", "agency-x", "-o", target, "--force"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 1
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    assert not stat.S_ISREG(os.stat(target).st_mode)


def _three(tmp_path: Path) -> Path:
    return _batch_workspace(tmp_path, [{"agency": a} for a in ("agency-x", "agency-y", "agency-z")])


def _batch(ws: Path, out: Path, *args: str):
    return runner.invoke(
        app, ["-w", str(ws), "batch", "three", "--out-dir", str(out), "--jobs", "1", *args],
        catch_exceptions=False, env={"COLUMNS": "200"},
    )  # fmt: skip


@pytest.mark.parametrize("force", [False, True])
def test_a_fifo_in_the_output_folder_fails_its_target_alone(tmp_path, force):
    ws, out = _three(tmp_path), tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "agency-y.docx")
    result = _batch(ws, out, *(["--force"] if force else []))
    assert result.exit_code == 1
    rows = _manifest(out)["rows"]
    assert [r["status"] for r in rows] == ["written", "failed", "written"]
    hint = (
        "drafter replaces only regular files, even with --force; choose another name"
        if force
        else "remove it, or write to another folder"
    )
    error = f"{out / 'agency-y.docx'}: this is a FIFO (named pipe), not a regular file — {hint}"
    assert rows[1]["error"] == error
    assert f"failed: agency-y (agency-y.docx): {error}" in " ".join(result.stderr.split())
    assert stat.S_ISFIFO(os.lstat(out / "agency-y.docx").st_mode)


def test_a_manifest_that_is_not_a_regular_file_is_refused_at_once(tmp_path):
    ws, out = _three(tmp_path), tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "manifest.json")
    result = _batch(ws, out)
    assert result.exit_code == 1
    assert (
        f"error: {out / 'manifest.json'}: this is a FIFO (named pipe), not a regular file — "
        "remove it: a batch writes its manifest there"
    ) in " ".join(result.stderr.split())
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]


# --- batches that tell the truth (issue 18, class 8) -------------------------------------------


def test_a_second_batch_into_the_same_folder_is_refused(tmp_path):
    ws, out = _three(tmp_path), tmp_path / "out"
    out.mkdir()
    with outdir.locked(out):  # as a batch does while it writes
        result = _batch(ws, out)
    assert result.exit_code == 1
    assert f"error: {out}: another batch is writing into this folder (process {os.getpid()})" in (
        result.stderr.replace("\n", " ")
    )
    assert "wait for it to finish, or choose another --out-dir" in result.stderr
    assert not list(out.glob("*.docx"))
    result = _batch(ws, out)  # the lock went with the batch that held it
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "agency-x.docx", "agency-y.docx", "agency-z.docx", "manifest.csv", "manifest.json",
    ]  # fmt: skip


def test_a_running_batch_holds_its_folder(tmp_path):
    """A real batch in another process: a second one into its folder is refused at once."""
    from tests.test_batch import run_module, slow_workspace, wait_for_files

    ws, out = slow_workspace(tmp_path, 20), tmp_path / "out"
    first = run_module(ws, out, "--jobs", "1")
    try:
        wait_for_files(out, 1, first)
        os.kill(first.pid, signal.SIGSTOP)  # mid-batch, for as long as the second one takes
        second = run_module(ws, out, "--jobs", "2")
        _, stderr = second.communicate(timeout=60)
        assert second.returncode == 1
        assert f"{out}: another batch is writing into this folder (process {first.pid})" in (
            stderr.decode().replace("\n", " ")
        )
    finally:
        os.kill(first.pid, signal.SIGCONT)
        first.terminate()
        first.communicate(timeout=60)
    assert first.returncode == 130
    assert not (out / ".drafter-batch.lock").exists()


def test_a_letter_that_appears_meanwhile_is_skipped(tmp_path, monkeypatch):
    ws, out = _three(tmp_path), tmp_path / "out"
    real = worker.render_with_text

    def colleague_saves_first(ws, draft, fmt, **kwargs):
        if draft.fields["agency"] == "agency-y":
            (out / "agency-y.docx").write_bytes(OLD)  # after the batch found the name free
        return real(ws, draft, fmt, **kwargs)

    monkeypatch.setattr(worker, "render_with_text", colleague_saves_first)
    result = _batch(ws, out)
    assert result.exit_code == 0, result.stderr
    rows = _manifest(out)["rows"]
    assert [r["status"] for r in rows] == ["written", "skipped", "written"]
    assert rows[1]["warnings"].startswith("appeared while the batch ran; kept as it is")
    assert rows[1]["sha256"] == hashlib.sha256(OLD).hexdigest()
    assert (out / "agency-y.docx").read_bytes() == OLD
    assert "2 written, 1 skipped" in result.stdout


def test_after_ctrl_c_a_letter_on_disk_is_written_in_the_manifest(tmp_path, monkeypatch):
    """Ctrl-C after a letter reached the disk, before its result came back."""
    ws, out = _three(tmp_path), tmp_path / "out"
    real = worker.shingles_of

    def interrupted_after_writing(text):
        if "Agency of Examples" in text and (out / "agency-y.docx").exists():
            raise KeyboardInterrupt
        return real(text)

    monkeypatch.setattr(worker, "shingles_of", interrupted_after_writing)
    result = _batch(ws, out)
    assert result.exit_code == 130
    data = _manifest(out)
    assert data["interrupted"] is True
    assert [r["status"] for r in data["rows"]] == ["written", "written", "planned"]
    second = data["rows"][1]
    assert second["sha256"] == hashlib.sha256((out / "agency-y.docx").read_bytes()).hexdigest()
    assert second["warnings"] == (
        "written as the batch was interrupted; its statistics were not recorded"
    )
    assert "interrupted after 2 of 3 targets" in result.stderr


def test_a_full_disk_still_reports_what_was_written_and_what_failed(tmp_path, monkeypatch):
    ws, out = _three(tmp_path), tmp_path / "out"
    real_replace, real_link = os.replace, os.link

    def full_after_the_first_letter(move):
        def move_or_fail(src, dst, *args, **kwargs):
            if Path(dst).name != "agency-x.docx":
                raise OSError(errno.ENOSPC, "No space left on device")
            return move(src, dst, *args, **kwargs)

        return move_or_fail

    monkeypatch.setattr(output.os, "replace", full_after_the_first_letter(real_replace))
    monkeypatch.setattr(output.os, "link", full_after_the_first_letter(real_link))
    result = _batch(ws, out)
    assert result.exit_code == 1
    table = [line.split() for line in result.stdout.splitlines()]
    assert ["1", "agency-x", "agency-x.docx", "written"] in [row[:4] for row in table]
    assert ["2", "agency-y", "agency-y.docx", "failed"] in [row[:4] for row in table]
    assert "1 written, 0 skipped (already there; --force rewrites), 2 failed" in result.stdout
    errors = result.stderr.replace("\n", " ")
    assert f"failed: agency-z (agency-z.docx): {out / 'agency-z.docx'}: cannot write" in errors
    assert f"error: {out / 'manifest.json'}: cannot write '{out / 'manifest.json'}': No space " \
        "left on device" in errors  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == ["agency-x.docx"]


def test_the_manifest_is_strict_json(tmp_path):
    ws, out = _three(tmp_path), tmp_path / "out"
    assert _batch(ws, out).exit_code == 0

    def refuse(constant: str):
        raise AssertionError(f"{constant} is not JSON")

    json.loads((out / "manifest.json").read_text(encoding="utf-8"), parse_constant=refuse)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--similarity", "nan"], "Invalid value for '--similarity': expected a number from 0 "
         "to 1, got nan"),
        (["--jobs", "10000"], "Invalid value for '--jobs': 10000 is more than 4 × the {cores} "
         "cores of this machine; use --jobs {most} or fewer"),
    ],
)  # fmt: skip
def test_batch_options_out_of_bounds(tmp_path, args, message):
    ws, out = _three(tmp_path), tmp_path / "out"
    result = runner.invoke(app, ["-w", str(ws), "batch", "three", "--out-dir", str(out), *args])
    assert result.exit_code == 2
    expected = message.format(cores=batch_run.cores(), most=batch_run.max_jobs())
    assert expected in " ".join(result.output.split())
    assert not out.exists()


def test_a_campaign_threshold_that_is_not_a_number_is_refused(tmp_path):
    ws = _three(tmp_path)
    campaign = ws / "campaigns" / "three.yaml"
    campaign.write_text(
        campaign.read_text(encoding="utf-8") + "similarity_threshold: .nan\n", encoding="utf-8"
    )
    result = _batch(ws, tmp_path / "out")
    assert result.exit_code == 1
    assert "similarity_threshold" in result.stderr and "expected a number from 0.0 to 1.0" in (
        result.stderr
    )
    assert not (tmp_path / "out").exists()


# --- Ctrl-C while LibreOffice converts to PDF ---------------------------------------------------

FAKE_SOFFICE = """#!/bin/sh
# Stands in for LibreOffice: writes into its profile, starts a helper, and takes its time.
for arg in "$@"; do
  case "$arg" in -env:UserInstallation=file://*) profile="${arg#-env:UserInstallation=file://}";;
  esac
done
mkdir -p "$profile" && echo busy > "$profile/registrymodifications.xcu"
sleep 60 &
echo "$$ $!" > "$FAKE_SOFFICE_PIDS"
wait
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_ctrl_c_during_pdf_conversion_stops_libreoffice_and_removes_its_folder(tmp_path, mini_ws):
    bin_dir, tmp, pids = tmp_path / "bin", tmp_path / "tmp", tmp_path / "pids"
    bin_dir.mkdir()
    tmp.mkdir()
    soffice = bin_dir / "soffice"
    soffice.write_text(FAKE_SOFFICE)
    soffice.chmod(0o755)
    env = {**_env(), "PATH": f"{bin_dir}:{os.environ['PATH']}", "TMPDIR": str(tmp),
           "FAKE_SOFFICE_PIDS": str(pids)}  # fmt: skip
    command = [sys.executable, "-m", "drafter", "-w", str(mini_ws), "letter", "agency-x",
               "-o", str(tmp_path / "letter.pdf")]  # fmt: skip
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while not (pids.exists() and pids.read_text().strip()):
        assert proc.poll() is None, proc.communicate()[1].decode()
        assert time.monotonic() < deadline, "LibreOffice never started"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: drafter's process group, not LibreOffice's
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr
    shell, helper = (int(p) for p in pids.read_text().split())
    deadline = time.monotonic() + 10
    while (_alive(shell) or _alive(helper)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(shell) and not _alive(helper)
    assert list(tmp.iterdir()) == []  # its folder and profile are gone
    assert not (tmp_path / "letter.pdf").exists()
