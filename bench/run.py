"""Benchmark drafter against pandoc and against the floor, side by side, on this machine.

    python bench/run.py [--quick] [--targets 100] [--big 5000] [--runs 3] [--json PATH]
    python bench/run.py --report bench/results/latest.json   (rewrite the page; measure nothing)

It builds synthetic workspaces (bench/synth.py: invented agencies whose dockets ask eleven
questions on the built-in stance modules' topics, so that every letter is a real one of about
3,100 words and 25 footnotes) in a temporary folder and measures, each as a whole process:

(a) ``drafter batch`` of the 100 letters, --jobs = cores, against pandoc converting the same
    letters' Markdown (footnotes already in it) to .docx on the built-in letterhead
    (--reference-doc), as many pandoc processes at a time as cores; in turn, --runs rounds;
(b) a batch that grows: the same kind of letters, 5,000 of them from a workspace of 5,000
    agencies, per letter against (a)'s 100 from a workspace of 100;
(c) one letter from the command line, the README's (``drafter letter usco --docket
    COLC-2023-0006``, the built-in workspace), against pandoc converting that letter's
    Markdown, in turn, --letter-runs times each;
(d) the floor, for information: a Python process writing the 100 finished documents, each
    fsynced with its folder as drafter writes them;
(e) ``drafter --version`` against ``python -c "import typer"``, in turn;
(f) the peak memory of the whole process tree, a batch of 10 and of 1,000 letters from one
    workspace of 1,000 agencies.

Every Python child runs with its bytecode cached, as an installed package has it. The results
go to bench/results/latest.json and docs/performance.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402  (bench/ is not a package)
import report  # noqa: E402
import synth  # noqa: E402
from measure import batch_cmd, drafter, median, run  # noqa: E402

ONE_LETTER = ("usco", "--docket", "COLC-2023-0006")  # README's: drafter letter usco --docket …


def fresh(folder: Path) -> Path:
    """An empty folder: every run writes new files, as a first batch does."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def workspace(tmp: Path, n: int, fmt: str = "docx") -> tuple[Path, Path, list]:
    ws = tmp / f"ws-{n}"
    targets = synth.build(ws, n)
    return ws, synth.campaign(ws, f"all-{fmt}", targets, fmt=fmt), targets


def measure_all(args: argparse.Namespace, tmp: Path) -> dict:
    jobs = measure.machine()["nproc"] or 1
    env = measure.child_env(tmp, synth.TODAY)
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    load_before = measure.load()
    n, big = args.targets, args.big

    # Set up: the workspace, its letters' Markdown, pandoc's reference document.
    say(f"setting up {n} letters in {tmp}")
    ws, campaign, targets = workspace(tmp, n)
    md_campaign = synth.campaign(ws, "all-md", targets, fmt="md")
    md_dir, docx_dir, pandoc_dir = tmp / "md", tmp / "docx", tmp / "pandoc"
    run(batch_cmd(ws, md_campaign, md_dir, jobs), env)  # also fills the bytecode cache
    reference = tmp / "letterhead.docx"
    measure.letterhead_docx(ws, reference)
    sources = sorted(md_dir.glob("*.md"))
    rows = json.loads((md_dir / "manifest.json").read_text())["rows"]

    # (a) and (d): the batch, pandoc and the floor, round after round.
    rounds = []
    for k in range(args.runs):
        say(f"round {k + 1}/{args.runs}: drafter batch, pandoc, the floor")
        shutil.rmtree(docx_dir, ignore_errors=True)
        batch = run(batch_cmd(ws, campaign, docx_dir, jobs), env)
        files = sorted(docx_dir.glob("*.docx"))
        if len(files) != n:
            raise SystemExit(f"drafter batch wrote {len(files)} letters, not {n}")
        pandoc = measure.pandoc_all(sources, fresh(pandoc_dir), reference, jobs)
        floor, writing = measure.floor(files, fresh(tmp / "floor"), env)
        rounds.append({"batch": batch, "pandoc": pandoc, "floor": floor, "floor_writing": writing})

    # (b) a batch that grows.
    say(f"a batch of {big:,} letters ({args.big_runs} run(s))")
    big_ws, big_campaign, _ = workspace(tmp, big)
    run([*batch_cmd(big_ws, big_campaign, tmp / "big", jobs), "--dry-run"], env)  # read once
    grown = []
    for _ in range(args.big_runs):
        grown.append(run(batch_cmd(big_ws, big_campaign, fresh(tmp / "big"), jobs), env))
        shutil.rmtree(tmp / "big")
    shutil.rmtree(big_ws)

    # (c) one letter from the command line, the README's (the built-in workspace's letter to
    # the Copyright Office), against pandoc converting that letter's Markdown.
    say(f"one letter: {args.letter_runs} runs each")
    one_md = tmp / "usco.md"
    letter = drafter("letter", *ONE_LETTER, "--force", "-o")
    run([*letter, str(one_md)], env, cwd=tmp)  # no drafter.yaml above tmp: the built-in one
    one = {"drafter": [], "pandoc": []}
    for _ in range(args.letter_runs):
        one["drafter"].append(run([*letter, str(tmp / "usco.docx")], env, cwd=tmp))
        pandoc = measure.pandoc_cmd(one_md, tmp / "usco-pandoc.docx", reference)
        one["pandoc"].append(run(pandoc, env))

    # (e) start-up.
    say(f"start-up: {args.startup_runs} runs each")
    startup: dict[str, list[float]] = {"version": [], "typer": []}
    for _ in range(args.startup_runs):
        startup["version"].append(run(drafter("--version"), env))
        startup["typer"].append(run([sys.executable, "-c", "import typer"], env))

    # (f) peak memory: 10 letters and many, from one workspace of that many agencies.
    say(f"memory: batches of 10 and {args.memory_targets:,} letters")
    mem_ws = tmp / "ws-memory"
    many = synth.build(mem_ws, args.memory_targets)
    memory = {}
    for count in (10, args.memory_targets):
        path = synth.campaign(mem_ws, f"mem-{count}", many[:count])
        memory[str(count)] = measure.peak_memory(
            batch_cmd(mem_ws, path, tmp / f"m{count}", jobs), env
        )
        shutil.rmtree(tmp / f"m{count}", ignore_errors=True)

    med = {key: median([r[key] for r in rounds]) for key in rounds[0]}
    per_letter = {key: 1000 * value / n for key, value in med.items()}
    per_letter_big = 1000 * median(grown) / big
    ratios = {
        "batch_vs_pandoc": median([r["pandoc"] / r["batch"] for r in rounds]),
        "growth": per_letter_big / per_letter["batch"],
        "letter_vs_pandoc": median(one["drafter"]) / median(one["pandoc"]),
        "version_vs_typer": median(startup["version"]) / median(startup["typer"]),
        "memory_1000_vs_10": memory[str(args.memory_targets)]["tree_peak_bytes"]
        / memory["10"]["tree_peak_bytes"],
        "batch_vs_floor": median([r["batch"] / r["floor"] for r in rounds]),
    }
    sizes_as_targeted = {
        "growth": (n, big) == (100, 5000),
        "memory_1000_vs_10": args.memory_targets == 1000,
        "batch_vs_pandoc": n == 100,
    }
    verdicts = {}
    for key, (_, bound, kind) in report.TARGETS.items():
        ok = ratios[key] >= bound if kind == "min" else ratios[key] <= bound
        verdicts[key] = ok if sizes_as_targeted.get(key, True) else None
    return {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": measure.machine(),
        "load": {"before": load_before, "after": measure.load()},
        "settings": {
            "targets": n,
            "big": big,
            "runs": args.runs,
            "big_runs": args.big_runs,
            "letter_runs": args.letter_runs,
            "startup_runs": args.startup_runs,
            "memory_targets": args.memory_targets,
            "jobs": jobs,
            "quick": args.quick,
        },
        "letters": {
            "words_mean": statistics.mean(r["words"] for r in rows),
            "footnotes_mean": statistics.mean(r["footnotes"] for r in rows),
        },
        "seconds": {
            "rounds": rounds,
            "median": med,
            "big": grown,
            "one_letter": one,
            "startup": startup,
        },
        "per_letter_ms": {**per_letter, "big": per_letter_big},
        "memory": memory,
        "ratios": ratios,
        "targets": {
            key: {"what": what, "bound": bound, "kind": kind, "pass": verdicts[key]}
            for key, (what, bound, kind) in report.TARGETS.items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--targets", type=int, default=100, help="letters of (a) (100)")
    parser.add_argument("--big", type=int, default=5000, help="letters of (b) (5000)")
    parser.add_argument("--runs", type=int, default=3, help="rounds of (a) and (d) (3)")
    parser.add_argument("--big-runs", type=int, default=1, help="runs of (b) (1)")
    parser.add_argument("--letter-runs", type=int, default=15, help="runs of (c), each (15)")
    parser.add_argument("--startup-runs", type=int, default=15, help="runs of (e), each (15)")
    parser.add_argument("--memory-targets", type=int, default=1000, help="(f)'s big batch (1000)")
    parser.add_argument("--json", type=Path, help="where to write (bench/results/latest.json)")
    parser.add_argument("--page", type=Path, default=HERE.parent / "docs" / "performance.md")
    parser.add_argument(
        "--quick", action="store_true", help="to try the benchmark: 20 and 200 letters, 1 round"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--report", type=Path, metavar="JSON", help="show an earlier run and write its page"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.targets, args.big, args.runs, args.memory_targets = 20, 200, 1, 100
        args.letter_runs = args.startup_runs = 5
    args.json = args.json or HERE / "results" / ("quick.json" if args.quick else "latest.json")
    if args.report:
        result = json.loads(args.report.read_text("utf-8"))
    else:
        result = run_all(args)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    report.show(result)
    if not result["settings"]["quick"] or args.report:
        report.write_page(result, args.page)
        print(f"wrote {args.page}", file=sys.stderr)
    return 0 if all(t["pass"] is not False for t in result["targets"].values()) else 1


def run_all(args: argparse.Namespace) -> dict:
    """Measure everything in a temporary folder."""
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc is not installed (apt-get install pandoc)")
    tmp = Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    try:
        return measure_all(args, tmp)
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
