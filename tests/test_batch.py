"""drafter batch: campaigns → many letters in parallel, resumable, with a manifest."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from drafter import LetterRequest, OpedRequest
from drafter.batch import (
    BatchInterrupted,
    plan_batch,
    pool,
    resolve_campaign,
    run_batch,
    similarity,
    worker,
)
from drafter.cli.main import app
from drafter.compose import checks
from drafter.errors import DrafterError, ValidationError
from drafter.load.workspace import builtin_root, load_workspace

from .conftest import MINI, TODAY, build_tree

REPO = Path(__file__).resolve().parents[1]
TOPICS = ["research", "data-access", "preemption", "competition", "labeling", "privacy"]
runner = CliRunner(env={"COLUMNS": "200"})


# -- helpers --------------------------------------------------------------------------------
def agency_yaml(i: int, *, questions: int = 3) -> str:
    """A small agency with one open docket; interests rotate so letters differ in order."""
    interests = [TOPICS[(i + k) % len(TOPICS)] for k in range(3)]
    data = {
        "id": f"agency-{i:03d}",
        "name": f"Office of Example Affairs {i}",
        "short_name": f"OEA{i}",
        "addressee": "Director",
        "address": ["100 Example Street SW", "Washington, DC 20500"],
        "interests": interests,
        "dockets": [
            {
                "id": f"OEA{i}-2026-{i + 1:04d}",
                "title": f"Request for Information {i}",
                "citation": f"91 Fed. Reg. {10000 + i}",
                "published": dt.date(2026, 10, 1),
                "deadline": dt.date(2026, 12, 15),
                "questions": [
                    {"number": str(q + 1), "text": f"Question {q + 1} on {topic}?",
                     "topics": [topic]}
                    for q, topic in enumerate(interests[:questions])
                ],
            }
        ],
    }  # fmt: skip
    return yaml.safe_dump(data, sort_keys=False)


def campaign_yaml(targets: list[dict], **top) -> str:
    data = {
        "name": top.pop("name", "Test campaign"),
        "kind": "letter",
        "positions": ["open-data", "fair-rules"],
        "date": dt.date(2026, 12, 1),
        "output": "{agency}-{docket}.docx",
        **top,
        "targets": targets,
    }
    return yaml.safe_dump(data, sort_keys=False)


def workspace(tmp_path: Path, n: int, *, targets=None, files=None, **top) -> Path:
    """The mini workspace plus n synthetic agencies and a campaign 'run' over them."""
    tree = dict(MINI)
    for i in range(n):
        tree[f"agencies/agency-{i:03d}.yaml"] = agency_yaml(i)
    if targets is None:
        targets = [{"agency": f"agency-{i:03d}"} for i in range(n)]
    tree["campaigns/run.yaml"] = campaign_yaml(targets, **top)
    tree.update(files or {})
    return build_tree(tmp_path / "ws", tree)


def failing_template() -> str:
    """The built-in letter template, plus a line that fails when a target sets vars.explode."""
    base = (builtin_root() / "templates" / "letter.md.j2").read_text(encoding="utf-8")
    return base + "\n{% if vars.get('explode') %}{{ vars.no_such_variable }}{% endif %}\n"


def planned(tmp_path: Path, n: int, **kwargs):
    """The loaded synthetic workspace and the plan of its campaign 'run' into tmp_path/out."""
    ws, _ = load_workspace(workspace(tmp_path, n, **kwargs))
    return ws, plan_batch(ws, resolve_campaign(ws, "run")[0], tmp_path / "out", today=TODAY)


def break_render(monkeypatch, agency: str, fail) -> None:
    """Rendering that agency's letter calls fail() (in forked workers too)."""
    real = worker.render_with_text

    def render(ws, draft, fmt, **kwargs):
        if draft.fields["agency"] == agency:
            fail()
        return real(ws, draft, fmt, **kwargs)

    monkeypatch.setattr(worker, "render_with_text", render)


def padded_template() -> str:
    """The built-in letter template, made longer (slower) by vars.pad repeated paragraphs."""
    base = (builtin_root() / "templates" / "letter.md.j2").read_text(encoding="utf-8")
    pad = "{% for i in range(vars.get('pad', 0)) %}\n{{ positions[0].stance }}\n{% endfor %}\n"
    return base + pad


def slow_workspace(tmp_path: Path, n: int) -> Path:
    """n targets whose letters take long enough to interrupt a batch midway."""
    targets = [{"agency": f"agency-{i:03d}", "vars": {"pad": 150}} for i in range(n)]
    return workspace(
        tmp_path, n, targets=targets, files={"templates/letter.md.j2": padded_template()}
    )


def cli(ws: Path, *args: str):
    return runner.invoke(app, ["-w", str(ws), "batch", *args], catch_exceptions=False)


def manifest(out: Path) -> tuple[dict, list[dict]]:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return data, list(csv.DictReader(handle))


def output_line(campaign: Path) -> int:
    """The line of the campaign file that sets the output pattern."""
    lines = campaign.read_text(encoding="utf-8").splitlines()
    return 1 + next(i for i, line in enumerate(lines) if line.startswith("output:"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path, pattern: str = "*.docx") -> dict[str, tuple[int, int, bytes]]:
    return {
        p.name: (p.stat().st_mtime_ns, p.stat().st_ino, p.read_bytes())
        for p in sorted(folder.glob(pattern))
    }


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def run_module(ws: Path, out: Path, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "DRAFTER_TODAY": "2026-11-24", "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "drafter", "-w", str(ws), "batch", "run",
               "--out-dir", str(out), *args]  # fmt: skip
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs
    )


def wait_for_files(out: Path, count: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(list(out.glob("*.docx"))) < count:
        assert proc.poll() is None, "the batch ended before it could be interrupted"
        assert time.monotonic() < deadline, "no files appeared"
        time.sleep(0.02)


def assert_clean(out: Path) -> None:
    assert not [p.name for p in out.iterdir() if p.name.endswith(".part")]
    for path in out.glob("*.docx"):
        docx.Document(str(path))  # opens: not truncated, not corrupt


# -- planning -------------------------------------------------------------------------------
def test_plan_passes_positions_emphasis_and_vars(tmp_path):
    targets = [
        {"agency": "agency-x", "positions": ["open-data"], "emphasis": ["open-data"],
         "vars": {"meeting": "our October meeting"}},
        {"agency": "agency-000"},
    ]  # fmt: skip
    root = workspace(tmp_path, 1, targets=targets, output="{agency}/{docket}-{signer}.md")
    ws, _ = load_workspace(root)
    campaign, _ = resolve_campaign(ws, "run")
    plan = plan_batch(ws, campaign, tmp_path / "out", today=TODAY)
    first, second = plan.jobs
    assert first.request == LetterRequest(
        agency="agency-x", docket="AOE-2026-0001", positions=("open-data",),
        emphasis=("open-data",), date=dt.date(2026, 12, 1), vars={"meeting": "our October meeting"},
        today=TODAY,
    )  # fmt: skip
    assert first.request.vars == {"meeting": "our October meeting"}
    assert second.request.positions == ("open-data", "fair-rules")  # the campaign's
    assert second.request.docket == "OEA0-2026-0001"  # the next open docket, resolved
    assert [j.name for j in plan.jobs] == [
        "agency-x/aoe-2026-0001-director.md",
        "agency-000/oea0-2026-0001-director.md",
    ]
    assert {j.fmt for j in plan.jobs} == {"md"}


def test_agency_without_open_docket_needs_a_choice(tmp_path):
    closed = MINI["agencies/agency-x.yaml"].replace("2026-12-15", "2026-01-15")
    root = workspace(tmp_path, 0, targets=[{"agency": "agency-x"}],
                     files={"agencies/agency-x.yaml": closed})  # fmt: skip
    ws, _ = load_workspace(root)
    with pytest.raises(ValidationError) as caught:
        plan_batch(ws, resolve_campaign(ws, "run")[0], tmp_path / "out", today=TODAY)
    assert str(caught.value).endswith(
        "targets[0]: agency-x has no docket open for comment on November 24, 2026: "
        "AOE-2026-0001 closed January 15, 2026 — add 'docket: AOE-2026-0001' to the target, "
        "or 'docket: general' for a letter with no docket"
    )
    root = workspace(tmp_path / "general", 0, targets=[{"agency": "agency-x", "docket": "general"}],
                     files={"agencies/agency-x.yaml": closed})  # fmt: skip
    ws, _ = load_workspace(root)
    plan = plan_batch(ws, resolve_campaign(ws, "run")[0], tmp_path / "out", today=TODAY)
    assert plan.jobs[0].name == "agency-x-general.docx"
    assert plan.jobs[0].request.docket == "" and plan.jobs[0].request.general


def test_campaign_file_outside_the_workspace(tmp_path):
    root = workspace(tmp_path, 1)
    outside = tmp_path / "elsewhere" / "spring.yaml"
    outside.parent.mkdir()
    outside.write_text(
        campaign_yaml([{"agency": "agency-000"}, {"agency": "agency-xx"}]), encoding="utf-8"
    )
    result = cli(root, str(outside), "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 1
    # read with the workspace's reader and reference checks: file, line, path and a hint
    assert "spring.yaml:" in result.stderr
    assert "targets[1].agency" in result.stderr
    assert "unknown agency 'agency-xx'" in result.stderr
    assert "agency-x" in result.stderr  # did you mean
    assert not (tmp_path / "out").exists()


def test_campaign_file_outside_the_workspace_runs(tmp_path):
    root = workspace(tmp_path, 2, targets=[{"agency": "agency-000"}])
    outside = tmp_path / "spring.yaml"
    outside.write_text(campaign_yaml([{"agency": "agency-001"}]), encoding="utf-8")
    result = cli(root, str(outside), "--out-dir", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").glob("*.docx")] == ["agency-001-oea1-2026-0002.docx"]


def test_unknown_campaign_id(tmp_path):
    root = workspace(tmp_path, 0, targets=[{"agency": "agency-x"}])
    result = cli(root, "rn", "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "unknown campaign 'rn'" in result.stderr
    assert "run" in result.stderr


def test_missing_campaign_file(tmp_path):
    root = workspace(tmp_path, 0, targets=[{"agency": "agency-x"}])
    result = cli(root, str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert "nope.yaml' does not exist" in result.stderr


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("../{agency}.docx", "output pattern leaves the output folder"),
        ("/tmp/{agency}.docx", "output pattern leaves the output folder"),
        ("{agency}.rtf", "output pattern must end in one of"),
        ("{agency}-{outlet}.docx", "uses {outlet}, which a letter campaign lacks"),
    ],
)
def test_bad_output_pattern_names_the_campaign_line(tmp_path, pattern, message):
    root = workspace(tmp_path, 0, targets=[{"agency": "agency-x"}])
    outside = tmp_path / "c.yaml"
    outside.write_text(campaign_yaml([{"agency": "agency-x"}], output=pattern), encoding="utf-8")
    result = cli(root, str(outside), "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"c.yaml:{output_line(outside)}:" in result.stderr
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_output_through_a_link_out_of_the_folder(tmp_path):
    root = workspace(tmp_path, 0, targets=[{"agency": "agency-x"}], output="sub/{agency}.docx")
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "sub").symlink_to(tmp_path / "elsewhere")
    result = cli(root, "run", "--out-dir", str(out))
    assert result.exit_code == 1
    assert f"run.yaml:{output_line(root / 'campaigns' / 'run.yaml')}:" in result.stderr
    assert "leaves the output folder" in result.stderr
    assert not list((tmp_path / "elsewhere").iterdir())


def test_two_targets_with_one_file_name_both_lines(tmp_path):
    targets = [{"agency": "agency-x"}, {"agency": "agency-000"}, {"agency": "agency-x"}]
    root = workspace(tmp_path, 1, targets=targets, output="{agency}.docx")
    result = cli(root, "run", "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 1
    text = result.stderr
    lines = (root / "campaigns" / "run.yaml").read_text().splitlines()
    first, third = [i + 1 for i, line in enumerate(lines) if line == "- agency: agency-x"]
    assert f"run.yaml:{third}:" in text and f"run.yaml:{first}:" in text
    assert "two targets write 'agency-x.docx'" in text
    assert not (tmp_path / "out").exists()


def test_out_dir_parent_must_exist(tmp_path):
    root = workspace(tmp_path, 0, targets=[{"agency": "agency-x"}])
    result = cli(root, "run", "--out-dir", str(tmp_path / "a" / "b"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr and "mkdir -p" in result.stderr


# -- running --------------------------------------------------------------------------------
def test_dry_run_lists_files_and_writes_nothing(tmp_path):
    root = workspace(tmp_path, 2, targets=None)
    out = tmp_path / "out"
    result = cli(root, "run", "--out-dir", str(out), "--dry-run")
    assert result.exit_code == 0, result.output
    assert not out.exists()
    assert result.stdout.count("new") >= 2
    assert "agency-000-oea0-2026-0001.docx" in result.stdout
    out.mkdir()
    (out / "agency-000-oea0-2026-0001.docx").write_bytes(b"mine")
    result = cli(root, "run", "--out-dir", str(out), "--dry-run")
    assert "exists — skipped" in result.stdout
    result = cli(root, "run", "--out-dir", str(out), "--dry-run", "--force")
    assert "exists — will overwrite (--force)" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["agency-000-oea0-2026-0001.docx"]
    assert (out / "agency-000-oea0-2026-0001.docx").read_bytes() == b"mine"


def test_three_letters_manifest_rerun_and_force(tmp_path):
    targets = [
        {"agency": "agency-x", "emphasis": ["fair-rules"]},
        {"agency": "agency-000"},
        {"agency": "agency-001", "positions": ["open-data"]},
    ]
    root = workspace(tmp_path, 2, targets=targets)
    out = tmp_path / "out"
    result = cli(root, "run", "--out-dir", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    names = [
        "agency-x-aoe-2026-0001.docx",
        "agency-000-oea0-2026-0001.docx",
        "agency-001-oea1-2026-0002.docx",
    ]
    assert sorted(p.name for p in out.glob("*.docx")) == sorted(names)
    data, rows = manifest(out)
    assert [r["path"] for r in data["rows"]] == names  # campaign order
    assert [r["path"] for r in rows] == names
    for row, csv_row in zip(data["rows"], rows, strict=True):
        assert row["status"] == csv_row["status"] == "written"
        assert row["sha256"] == csv_row["sha256"] == sha(out / row["path"])
        assert row["words"] > 100 and row["footnotes"] >= 1 and row["pages"] > 0
        assert row["questions_total"] == 3
    assert data["counts"] == {"total": 3, "written": 3, "skipped": 0, "failed": 0, "planned": 0}
    assert "Test campaign" not in docx_text(out / names[0])
    assert "Agency of Examples" in docx_text(out / names[0])
    assert len(data["similarity"]) == 3  # every pair of three
    assert "Most similar drafts" in result.stdout

    # A second run without --force changes nothing, and says so.
    before = snapshot(out)
    time.sleep(0.01)
    result = cli(root, "run", "--out-dir", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert snapshot(out) == before
    again, rows = manifest(out)
    assert {r["status"] for r in again["rows"]} == {"skipped"}
    for row, old in zip(again["rows"], data["rows"], strict=True):
        assert row["sha256"] == old["sha256"] == sha(out / row["path"])
        assert row["words"] == old["words"] and row["footnotes"] == old["footnotes"]
    assert len(again["similarity"]) == 3  # read back from the files that were there

    # --force writes them again (new files, same bytes: the documents are deterministic).
    result = cli(root, "run", "--out-dir", str(out), "--jobs", "1", "--force")
    assert result.exit_code == 0, result.output
    after = snapshot(out)
    for name in names:
        assert after[name][1] != before[name][1]  # a new file was renamed into place
        assert after[name][2] == before[name][2]
    assert {r["status"] for r in manifest(out)[0]["rows"]} == {"written"}


def test_a_failing_target_is_recorded_and_the_rest_go_on(tmp_path):
    targets = [
        {"agency": "agency-000"},
        {"agency": "agency-001", "vars": {"explode": True}},
        {"agency": "agency-002"},
    ]
    files = {"templates/letter.md.j2": failing_template()}
    root = workspace(tmp_path, 3, targets=targets, files=files)
    out = tmp_path / "out"
    result = cli(root, "run", "--out-dir", str(out), "--jobs", "2")
    assert result.exit_code == 1
    data, rows = manifest(out)
    assert [r["status"] for r in data["rows"]] == ["written", "failed", "written"]
    assert "letter.md.j2" in data["rows"][1]["error"]
    assert "no_such_variable" in data["rows"][1]["error"]
    assert "Traceback" not in data["rows"][1]["error"]
    assert rows[1]["status"] == "failed" and rows[1]["sha256"] == ""
    assert not (out / "agency-001-oea1-2026-0002.docx").exists()
    assert len(list(out.glob("*.docx"))) == 2
    assert "failed:" in result.stderr and "agency-001" in result.stderr


def test_fail_fast_stops_at_the_first_failure(tmp_path):
    targets = [{"agency": "agency-000", "vars": {"explode": True}}] + [
        {"agency": f"agency-{i:03d}"} for i in range(1, 4)
    ]
    files = {"templates/letter.md.j2": failing_template()}
    root = workspace(tmp_path, 4, targets=targets, files=files)
    out = tmp_path / "out"
    result = cli(root, "run", "--out-dir", str(out), "--jobs", "1", "--fail-fast")
    assert result.exit_code == 1
    data, _ = manifest(out)
    assert [r["status"] for r in data["rows"]] == ["failed", "planned", "planned", "planned"]
    assert not list(out.glob("*.docx"))

    # With workers, what was already running may finish; nothing new starts after the failure.
    result = cli(root, "run", "--out-dir", str(out), "--jobs", "2", "--fail-fast")
    assert result.exit_code == 1
    statuses = [r["status"] for r in manifest(out)[0]["rows"]]
    assert statuses[0] == "failed"
    assert statuses.count("written") == len(list(out.glob("*.docx")))


def test_an_unexpected_error_is_recorded_with_its_message(tmp_path, monkeypatch):
    ws, plan = planned(tmp_path, 2)

    def fail():
        raise RuntimeError("the disk caught fire")

    break_render(monkeypatch, "agency-000", fail)
    seen = []
    report = run_batch(ws, plan, jobs=1, on_start=lambda job: seen.append(job.target),
                       on_done=lambda row: seen.append(row.status))  # fmt: skip
    assert seen == ["agency-000", "failed", "agency-001", "written"]
    assert report.rows[0].error == "RuntimeError: the disk caught fire"
    assert report.counts["failed"] == 1 and report.failed == 1


def test_names_and_messages_are_shown_as_written_not_as_markup(tmp_path, monkeypatch):
    """A campaign name or an error quoting [@key] or [bold] is user text, not rich markup."""
    root = workspace(tmp_path, 2, name="Fall [bold]push[/bold] [@cite]")

    def fail():
        raise RuntimeError("no source [@smith2020] for [red]this[/]")

    break_render(monkeypatch, "agency-000", fail)
    result = cli(root, "run", "--out-dir", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 1
    assert "Fall [bold]push[/bold] [@cite]" in result.stdout
    assert "RuntimeError: no source [@smith2020] for [red]this[/]" in result.stderr


def test_spawned_workers_get_the_workspace(tmp_path, monkeypatch):
    # Where fork is missing (macOS, Windows) workers are fresh interpreters.
    import multiprocessing

    monkeypatch.setattr(pool, "_context", lambda fresh=False: multiprocessing.get_context("spawn"))
    ws, plan = planned(tmp_path, 3)
    report = run_batch(ws, plan, jobs=2)
    assert report.counts["written"] == 3, [r.error for r in report.rows]
    assert len(report.pairs) == 3


def test_a_worker_that_dies_is_replaced(tmp_path, monkeypatch):
    ws, plan = planned(tmp_path, 16)
    # As if killed: forked workers inherit the patch, the fresh pool's workers do not.
    break_render(monkeypatch, "agency-001", lambda: os._exit(9))
    report = run_batch(ws, plan, jobs=2)
    statuses = {r.target: r.status for r in report.rows}
    assert statuses["agency-001"] == "failed"
    failed = [r for r in report.rows if r.status == "failed"]
    assert all("stopped unexpectedly" in r.error for r in failed)
    # Jobs in flight when the worker died fail with it (how many depends on timing); the
    # jobs after them run in the fresh pool and are written.
    assert statuses["agency-015"] == "written"
    assert [r.status for r in report.rows[max(r.index for r in failed) :]] == (
        ["written"] * (len(report.rows) - max(r.index for r in failed))
    )
    written = [r for r in report.rows if r.status == "written"]
    assert all(r.sha256 == sha(tmp_path / "out" / r.path) for r in written)
    assert report.failed == len(report.rows) - len(written)


_FAIL_INIT = {"pid": None}


def _failing_init(*args):
    if _FAIL_INIT["pid"] == os.getppid():  # a forked worker: it inherited the flag
        raise RuntimeError("this worker cannot start")
    return pool._init_worker(*args)  # a spawned one: a fresh import, the real initializer


def test_workers_that_cannot_start_are_replaced(tmp_path, monkeypatch):
    # The pool breaks before any job comes back; a fresh (spawned) pool does the work.
    ws, plan = planned(tmp_path, 6)
    monkeypatch.setitem(_FAIL_INIT, "pid", os.getpid())
    monkeypatch.setattr(pool, "_init_worker", _failing_init)
    report = run_batch(ws, plan, jobs=2)
    statuses = [r.status for r in report.rows]
    assert "planned" not in statuses and statuses[-1] == "written", statuses
    failed = [r for r in report.rows if r.status == "failed"]
    assert all("stopped unexpectedly" in r.error for r in failed)
    assert len(list((tmp_path / "out").glob("*.docx"))) == statuses.count("written")


def test_a_pool_found_broken_when_submitting_loses_no_job(tmp_path, monkeypatch):
    # A worker can die between two results; the next submit() then raises BrokenProcessPool.
    from concurrent.futures.process import BrokenProcessPool, ProcessPoolExecutor

    ws, plan = planned(tmp_path, 6)
    real = pool._executor
    made = []

    class Breaking(ProcessPoolExecutor):
        submitted = 0

        def submit(self, *args, **kwargs):
            Breaking.submitted += 1
            if Breaking.submitted == 3:
                raise BrokenProcessPool("a worker died")
            return super().submit(*args, **kwargs)

    def executor(ws, jobs, workers, settings, setup, lock_fd, *, fresh=False):
        made.append(fresh)
        if fresh:
            return real(ws, jobs, workers, settings, setup, lock_fd, fresh=True)
        return Breaking(max_workers=workers, mp_context=pool._context(),
                        initializer=pool._init_worker,
                        initargs=(ws, jobs, settings, setup, lock_fd))  # fmt: skip

    monkeypatch.setattr(pool, "_executor", executor)
    report = run_batch(ws, plan, jobs=2)
    assert made == [False, True]
    assert report.rows[2].status == "written"  # the job that could not be submitted ran later
    assert all(r.status in ("written", "failed") for r in report.rows)
    assert report.rows[-1].status == "written"


def test_interrupt_in_process_writes_the_manifest(tmp_path):
    ws, plan = planned(tmp_path, 3)
    out = plan.out_dir

    def stop(row):
        raise KeyboardInterrupt

    with pytest.raises(BatchInterrupted) as caught:
        run_batch(ws, plan, jobs=1, on_done=stop)
    report = caught.value.report
    assert report.interrupted
    assert [r.status for r in report.rows] == ["written", "planned", "planned"]
    data, _ = manifest(out)
    assert data["interrupted"] is True
    assert [r["status"] for r in data["rows"]] == ["written", "planned", "planned"]
    assert data["rows"][0]["sha256"] == sha(out / data["rows"][0]["path"])


def test_summaries_beside_each_letter(tmp_path):
    summary = (builtin_root() / "templates" / "summary.txt.j2").read_text(encoding="utf-8")
    summary += "{{ vars.get('pad', '') }}\n"
    targets = [{"agency": "agency-000"}, {"agency": "agency-001", "vars": {"pad": "x " * 3000}}]
    root = workspace(tmp_path, 2, targets=targets, summaries=True,
                     files={"templates/summary.txt.j2": summary})  # fmt: skip
    out = tmp_path / "out"
    result = cli(root, "run", "--out-dir", str(out), "--jobs", "1")
    assert result.exit_code == 1
    box = out / "agency-000-oea0-2026-0001.summary.txt"
    assert "respectfully submits" in box.read_text(encoding="utf-8")
    assert len(box.read_text(encoding="utf-8")) <= 5000
    data, _ = manifest(out)
    assert [r["status"] for r in data["rows"]] == ["written", "failed"]
    assert data["rows"][0]["summary"] == box.name
    assert "5,000" in data["rows"][1]["error"]
    assert not (out / "agency-001-oea1-2026-0002.docx").exists()
    assert not (out / "agency-001-oea1-2026-0002.summary.txt").exists()

    # A letter whose summary went missing (killed in between) gets it back, untouched itself.
    letter = out / "agency-000-oea0-2026-0001.docx"
    before = snapshot(out)
    box.unlink()
    cli(root, "run", "--out-dir", str(out), "--jobs", "1")
    assert box.is_file()
    assert snapshot(out)[letter.name] == before[letter.name]


def test_similar_letters_are_flagged(tmp_path):
    # Two agencies that differ only in name get near-identical letters.
    twin = agency_yaml(0).replace("agency-000", "agency-twin")
    targets = [{"agency": "agency-000"}, {"agency": "agency-twin"}, {"agency": "agency-x"}]
    root = workspace(tmp_path, 2, targets=targets, files={"agencies/agency-twin.yaml": twin})
    out = tmp_path / "out"
    result = cli(root, "run", "--out-dir", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "agency-000-oea0-2026-0001.docx and agency-twin-oea0-2026-0001.docx" in result.stderr
    data, _ = manifest(out)
    top = data["similarity"][0]
    assert {top["a_target"], top["b_target"]} == {"agency-000", "agency-twin"}
    assert top["similarity"] > 0.8 and top["above_threshold"] is True
    assert data["pairs_above_threshold"] == 1
    assert not [p for p in data["similarity"][1:] if p["above_threshold"]]

    result = cli(root, "run", "--out-dir", str(out), "--similarity", "1")
    assert "tailor them more" not in result.stderr
    assert manifest(out)[0]["similarity_threshold"] == 1.0


def test_a_big_batch_is_compared_by_minhash_in_its_workers(tmp_path, monkeypatch):
    # As a batch of more than EXACT_LIMIT drafts is: the workers send MinHash signatures.
    monkeypatch.setattr(similarity, "EXACT_LIMIT", 2)
    twin = agency_yaml(0).replace("agency-000", "agency-twin")
    targets = [{"agency": "agency-000"}, {"agency": "agency-twin"}, {"agency": "agency-x"},
               {"agency": "agency-001"}]  # fmt: skip
    root = workspace(tmp_path, 2, targets=targets, files={"agencies/agency-twin.yaml": twin})
    out = tmp_path / "out"
    result = cli(root, "run", "--out-dir", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    data, _ = manifest(out)
    assert data["similarity_method"] == "minhash"
    assert data["pairs_above_threshold"] == 1
    top = data["similarity"][0]
    assert {top["a_target"], top["b_target"]} == {"agency-000", "agency-twin"}
    assert "Most similar drafts (estimated; only pairs near the threshold are looked for)" in (
        " ".join(result.stdout.split())
    )
    assert "agency-000-oea0-2026-0001.docx and agency-twin-oea0-2026-0001.docx are" in (
        " ".join(result.stderr.split())
    )
    # A re-run reads the letters back and compares them the same way.
    result = cli(root, "run", "--out-dir", str(out), "--jobs", "2")
    assert manifest(out)[0]["similarity"] == data["similarity"]


# -- interruptions (real processes) ---------------------------------------------------------
def test_ctrl_c_stops_cleanly_and_a_rerun_finishes(tmp_path):
    n = 40
    root = slow_workspace(tmp_path, n)
    out = tmp_path / "out"
    proc = run_module(root, out, "--jobs", "2", start_new_session=True)
    wait_for_files(out, 3, proc)
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr
    assert_clean(out)
    done = snapshot(out)
    assert 3 <= len(done) < n
    data, _ = manifest(out)
    assert data["interrupted"] is True
    written = {r["path"]: r["sha256"] for r in data["rows"] if r["status"] == "written"}
    assert set(written) <= set(done)
    assert all(sha(out / p) == h for p, h in written.items())

    proc = run_module(root, out, "--jobs", "2")
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr.decode()
    assert len(list(out.glob("*.docx"))) == n
    after = snapshot(out)
    assert {name: after[name] for name in done} == done  # finished ones untouched
    assert_clean(out)
    data, _ = manifest(out)
    assert data["counts"]["written"] == n - len(done)
    assert data["counts"]["skipped"] == len(done)


def test_sigterm_stops_like_ctrl_c(tmp_path):
    root = slow_workspace(tmp_path, 30)
    out = tmp_path / "out"
    proc = run_module(root, out, "--jobs", "2")
    wait_for_files(out, 2, proc)
    proc.terminate()
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr
    assert_clean(out)
    assert manifest(out)[0]["interrupted"] is True


def test_killed_batch_reruns_to_completion(tmp_path):
    n = 30
    root = slow_workspace(tmp_path, n)
    out = tmp_path / "out"
    proc = run_module(root, out, "--jobs", "2")
    wait_for_files(out, 2, proc)
    proc.kill()
    proc.wait(timeout=10)
    time.sleep(0.6)  # the orphaned workers notice their parent is gone and exit
    proc = run_module(root, out, "--jobs", "2")
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr.decode()
    assert len(list(out.glob("*.docx"))) == n
    assert_clean(out)
    data, _ = manifest(out)
    assert all(r["sha256"] == sha(out / r["path"]) for r in data["rows"])


# -- scale and the built-in campaign --------------------------------------------------------
def test_a_hundred_letters_with_two_workers(tmp_path):
    n = 100
    root = workspace(tmp_path, n)
    out = tmp_path / "out"
    result = cli(root, "run", "--out-dir", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.docx"))) == n
    data, rows = manifest(out)
    assert len(data["rows"]) == len(rows) == n
    assert all(r["status"] == "written" for r in rows)
    assert rows[42]["sha256"] == sha(out / rows[42]["path"])
    assert len(data["similarity"]) >= 5

    before = snapshot(out)
    result = cli(root, "run", "--out-dir", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert snapshot(out) == before
    assert manifest(out)[0]["counts"]["skipped"] == n


def test_builtin_campaign_letters_differ(tmp_path):
    if not (REPO / "campaigns" / "fall.yaml").is_file():
        pytest.skip("the built-in campaigns/fall.yaml is not written yet")
    out = tmp_path / "out"
    result = cli(REPO, "fall", "--out-dir", str(out), "--jobs", "2")
    data, _ = manifest(out)
    rows = {r["target"]: r for r in data["rows"]}
    usco, ntia = rows["usco"], rows["ntia"]
    assert usco["status"] == ntia["status"] == "written", result.output
    texts = [docx_text(out / row["path"]) for row in (usco, ntia)]
    assert checks.jaccard(*(checks.shingles(t) for t in texts)) < 0.6
    assert (out / usco["summary"]).read_text(encoding="utf-8").strip()  # summaries: true
    assert result.exit_code == (1 if data["counts"]["failed"] else 0)


def test_oped_campaign_plan(tmp_path):
    root = workspace(tmp_path, 0, targets=[{"outlet": "daily-example", "emphasis": ["open-data"]}],
                     kind="oped", output="oped-{outlet}-{date}.md")  # fmt: skip
    ws, _ = load_workspace(root)
    plan = plan_batch(ws, resolve_campaign(ws, "run")[0], tmp_path / "out", today=TODAY)
    (job,) = plan.jobs
    assert job.name == "oped-daily-example-2026-12-01.md" and job.kind == "oped"
    assert job.request == OpedRequest(
        outlet="daily-example", positions=("open-data", "fair-rules"), emphasis=("open-data",),
        date=dt.date(2026, 12, 1), today=TODAY,
    )  # fmt: skip


def test_errors_are_drafter_errors(tmp_path):
    root = workspace(tmp_path, 0, targets=[{"agency": "agency-x"}])
    ws, _ = load_workspace(root)
    with pytest.raises(DrafterError, match="unknown campaign"):
        resolve_campaign(ws, "nope")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ntargets:\n  - agency: agency-x\n    docket: NOPE-2026-0001\n")
    with pytest.raises(ValidationError, match=r"bad.yaml:\d+:\d+: targets\[0\]\.docket"):
        resolve_campaign(ws, bad)


@pytest.mark.parametrize("terminal", [True, False])
def test_the_progress_bar_shows_on_a_terminal_only(tmp_path, terminal):
    import io

    from rich.console import Console

    from drafter.cli.batch import run_batch_command

    root = workspace(tmp_path, 2)
    shown = io.StringIO()
    errors = Console(file=shown, force_terminal=terminal, width=120)
    console = Console(file=io.StringIO(), width=120)
    args = dict(jobs=1, force=False, dry_run=False, fail_fast=False, console=console)
    assert run_batch_command(root, "run", tmp_path / "out", errors=errors, **args) == 0
    if terminal:
        assert "Test campaign" in shown.getvalue() and "2/2" in shown.getvalue()
    else:
        assert shown.getvalue() == ""  # a log file gets the report, not a bar's redraws


def test_templates_no_letter_uses_may_be_broken(tmp_path):
    # The parent compiles every template before forking; a broken one nobody includes must
    # not stop the batch, and one that is included still fails with its own file and line.
    files = {
        "templates/partials/broken.md.j2": "fine\n{{ x + }}\n",
        "templates/partials/odd.md.j2": "a\x01b\n",
    }
    ws = workspace(tmp_path, 2, files=files)
    result = cli(ws, "run", "--out-dir", str(tmp_path / "out"), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*.docx"))) == 2

    base = (builtin_root() / "templates" / "letter.md.j2").read_text(encoding="utf-8")
    files["templates/letter.md.j2"] = base + '\n{% include "partials/broken.md.j2" %}\n'
    ws = workspace(tmp_path / "again", 1, files=files)
    result = cli(ws, "run", "--out-dir", str(tmp_path / "out2"))
    assert result.exit_code == 1
    assert "partials/broken.md.j2:2" in result.output


def test_an_existing_letter_that_cannot_be_read_is_named(tmp_path):
    # As a crash of the machine before the batch's sync may leave it: empty.
    root = workspace(tmp_path, 2)
    out = tmp_path / "out"
    assert cli(root, "run", "--out-dir", str(out)).exit_code == 0
    broken = sorted(out.glob("*.docx"))[0]
    broken.write_bytes(b"")
    result = cli(root, "run", "--out-dir", str(out))
    assert result.exit_code == 0, result.output
    assert f"warning: {broken.name}: the existing file could not be read" in result.stderr
    rows = {r["path"]: r for r in manifest(out)[0]["rows"]}
    assert rows[broken.name]["status"] == "skipped"
    assert "could not be read" in rows[broken.name]["warnings"]
    assert cli(root, "run", "--out-dir", str(out), "--force").exit_code == 0
    assert docx_text(broken)  # written again
