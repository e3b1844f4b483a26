"""Benchmark drafter against pandoc and the zip floor, side by side, on this machine.

    python bench/run.py [--targets 100] [--runs 3] [--pairs 3] [--json PATH] [--quick]

It builds a synthetic workspace and campaign of N letters in a temporary folder (bench/synth.py)
and measures, in one run:

(a) ``drafter batch`` over the N targets, --jobs = cores, as a fresh process;
(b) pandoc converting the same letters' Markdown (footnotes already in it) to .docx on the
    built-in letterhead (--reference-doc), as many pandoc processes at a time as cores;
(c) the zip floor: a fresh Python process that reads each of the .docx files (a) wrote and
    writes its parts again as a new deflated zip, one after the other: the least any program
    must do per document (the speed issue's "about 5 ms a letter"). For information, the same
    with as many worker processes as cores, (c');
(d) start-up: ``drafter --version`` and ``drafter --help`` against ``python -c "import typer"``;
(e) peak memory (summed RSS of the process tree, polled from /proc) of a batch of 10 letters
    and of 1,000 letters from the same 1,000-agency workspace.

(a), (b), (c) and (c') are each the total wall time for the same N documents, start-up
included; "per letter" is that time divided by N. They run in turn in each round, and a ratio
is the median over the rounds of that round's ratio, so a machine that is slow for a while
slows all of them alike. (a) and (c), the pair the tightest bound is about and the two
cheapest to run, are measured back to back --pairs times a round, and their ratio is the
median over all those pairs. Every Python child runs with bytecode cached (in the temporary
folder), as an installed package would, and drafter with its YAML and template caches
(drafter/cache.py) filled by the setting-up run, as a staffer's re-run finds them; an edited
file costs that re-run one file's parse (about 1 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (bench/ is not a package)

TARGETS = {  # name: (how the ratio is formed, the bound, "min" = at least, "max" = at most)
    "batch_vs_pandoc": ("pandoc / batch, per letter", 5.0, "min"),
    "batch_vs_zip": ("batch / zip floor, per letter", 3.0, "max"),
    "version_vs_typer": ("drafter --version / import typer", 1.5, "max"),
    "memory_1000_vs_10": ("peak RSS 1,000 letters / 10 letters", 1.5, "max"),
}


# -- the machine and the child processes ------------------------------------------------------
def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    pandoc = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "pandoc": pandoc.splitlines()[0] if pandoc else "",
        "commit": _git("rev-parse", "--short", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
    }


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True)
        return done.stdout.strip()
    except OSError:
        return ""


def child_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")  # cached bytecode, out of the checkout
    env["DRAFTER_CACHE_DIR"] = str(tmp / "cache")  # drafter's YAML cache, of this run only
    env.pop("DRAFTER_CACHE", None)
    env["DRAFTER_TODAY"] = synth.TODAY
    env.pop("DRAFTER_WORKSPACE", None)
    return env


def run(cmd: list[str], env: dict[str, str], *, check: bool = True) -> float:
    """Wall time of one command, its output discarded."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if check and done.returncode != 0:
        tail = done.stderr.decode(errors="replace")[-2000:]
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{tail}")
    return elapsed


def batch_cmd(ws: Path, campaign: Path, out: Path, jobs: int) -> list[str]:
    return [
        sys.executable, "-m", "drafter", "-w", str(ws), "batch", str(campaign),
        "--out-dir", str(out), "--jobs", str(jobs), "--force",
    ]  # fmt: skip


# -- (b) pandoc and (c) the zip floor ---------------------------------------------------------
def letterhead_docx(ws: Path, path: Path) -> None:
    """The built-in letterhead of the workspace's organization, as a .docx reference document."""
    from drafter.draft.common import Engine
    from drafter.load.workspace import load_workspace
    from drafter.render.docx.document import DocInfo

    workspace, _ = load_workspace(ws)
    path.write_bytes(Engine(workspace).letterhead.render("", DocInfo(title="")))


def pandoc_all(sources: list[Path], out: Path, reference: Path, jobs: int) -> float:
    def one(md: Path) -> None:
        cmd = ["pandoc", "-f", "markdown", "-t", "docx", f"--reference-doc={reference}"]
        subprocess.run([*cmd, "-o", str(out / (md.stem + ".docx")), str(md)], check=True)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, sources))
    return time.perf_counter() - start


ZIP_FLOOR = """\
import io, sys, zipfile
from multiprocessing import get_context
def rezip(pair):
    src, dst = pair
    with zipfile.ZipFile(src) as zf:
        parts = [(info.filename, zf.read(info)) for info in zf.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            zf.writestr(name, data)
    with open(dst, "wb") as f:
        f.write(buf.getvalue())
if __name__ == "__main__":
    jobs, out, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    pairs = [(f, out + "/" + f.rsplit("/", 1)[-1]) for f in files]
    if jobs == 1:  # the floor proper: one document after another, no pool
        for pair in pairs:
            rezip(pair)
    else:
        with get_context("fork").Pool(jobs) as pool:
            pool.map(rezip, pairs, chunksize=max(1, len(pairs) // (4 * jobs)))
"""


def zip_cmd(jobs: int, out: Path, files: list[str]) -> list[str]:
    return [sys.executable, "-c", ZIP_FLOOR, str(jobs), str(out), *files]


def fresh(folder: Path) -> Path:
    """An empty folder: pandoc and the floor write new files, as the batch does (it starts
    each round without its output folder), not over the last run's."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


# -- (e) memory -------------------------------------------------------------------------------
def tree_rss(root: int, page: int = os.sysconf("SC_PAGE_SIZE")) -> int:
    """Summed resident memory of a process's descendants (not the process itself), in bytes."""
    kids: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()  # fields from the 3rd on
        pid = int(entry.name)
        kids.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, todo = 0, list(kids.get(root, ()))
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(kids.get(pid, ()))
    return total


def peak_memory(cmd: list[str], env: dict[str, str]) -> dict:
    """Peak summed RSS of the command's process tree (polled), and its largest process (rusage)."""
    probe = (
        "import resource, subprocess, sys\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL).returncode\n"
        "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", probe, *cmd], env=env, stdout=subprocess.PIPE, text=True
    )
    peak = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(proc.pid))
            stop.wait(0.01)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    output, _ = proc.communicate()
    stop.set()
    poller.join()
    code, maxrss_kb = (int(x) for x in output.split())
    if code != 0:
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}")
    return {
        "tree_peak_bytes": peak,
        "largest_process_bytes": maxrss_kb * 1024,
        "seconds": time.perf_counter() - start,
    }


# -- the run ----------------------------------------------------------------------------------
def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def measure(args: argparse.Namespace, tmp: Path) -> dict:
    jobs = os.cpu_count() or 1
    env = child_env(tmp)
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731

    # Set up: the workspace, the campaigns, the letters' Markdown, the reference document.
    ws = tmp / "ws"
    targets = synth.build(ws, args.targets)
    campaign = synth.campaign(ws, "bench", targets)
    one_campaign = synth.campaign(ws, "bench-one", targets[:1])  # start-up and one letter
    md_campaign = synth.campaign(ws, "bench-md", targets, fmt="md")
    md_dir, docx_dir, pandoc_dir, zip_dir = (tmp / d for d in ("md", "docx", "pandoc", "zip"))
    say(f"setting up {args.targets} letters in {tmp}")
    run(batch_cmd(ws, md_campaign, md_dir, jobs), env)  # also warms the bytecode cache
    reference = tmp / "letterhead.docx"
    letterhead_docx(ws, reference)
    sources = sorted(md_dir.glob("*.md"))
    manifest = json.loads((md_dir / "manifest.json").read_text())
    words = [r["words"] for r in manifest["rows"]]
    notes = [r["footnotes"] for r in manifest["rows"]]

    # (a), (b), (c): side by side, round after round.
    rounds = []
    for k in range(args.runs):
        say(f"round {k + 1}/{args.runs}: drafter batch, zip floors, pandoc")
        pairs = []  # (batch, floor) back to back, a few times: the two the bound is about
        for _ in range(args.pairs):
            shutil.rmtree(docx_dir, ignore_errors=True)
            batch = run(batch_cmd(ws, campaign, docx_dir, jobs), env)
            files = [str(p) for p in sorted(docx_dir.glob("*.docx"))]
            if len(files) != args.targets:
                raise SystemExit(f"drafter batch wrote {len(files)} letters, not {args.targets}")
            pairs.append((batch, run(zip_cmd(1, fresh(zip_dir), files), env)))
        batch, floor = median([b for b, _ in pairs]), median([f for _, f in pairs])
        pooled = run(zip_cmd(jobs, fresh(zip_dir), files), env)
        pandoc = pandoc_all(sources, fresh(pandoc_dir), reference, jobs)
        # The same for one letter: what each costs before it has done any real work.
        batch_1 = run(batch_cmd(ws, one_campaign, tmp / "one", jobs), env)
        floor_1 = run(zip_cmd(1, fresh(zip_dir), files[:1]), env)
        pooled_1 = run(zip_cmd(jobs, fresh(zip_dir), files[:1]), env)
        pandoc_1 = pandoc_all(sources[:1], fresh(pandoc_dir), reference, jobs)
        rounds.append({
            "batch": batch, "zip": floor, "zip_pool": pooled, "pandoc": pandoc,
            "batch_1": batch_1, "zip_1": floor_1, "zip_pool_1": pooled_1, "pandoc_1": pandoc_1,
            "pairs": pairs,
        })  # fmt: skip

    # (d) start-up, interleaved.
    say(f"start-up: {args.startup_runs} runs each")
    drafter = [sys.executable, "-m", "drafter"]
    startup: dict[str, list[float]] = {"version": [], "help": [], "typer": []}
    for _ in range(args.startup_runs):
        startup["version"].append(run([*drafter, "--version"], env))
        startup["help"].append(run([*drafter, "--help"], env))
        startup["typer"].append(run([sys.executable, "-c", "import typer"], env))

    # (e) peak memory: 10 letters and many, from one workspace of that many agencies.
    say(f"memory: batches of 10 and {args.memory_targets:,} letters")
    big = tmp / "ws-memory"
    many = synth.build(big, args.memory_targets)
    memory = {}
    for count in (10, args.memory_targets):
        path = synth.campaign(big, f"mem-{count}", many[:count])
        out = tmp / f"mem-{count}"
        memory[count] = peak_memory(batch_cmd(big, path, out, jobs), env)
        shutil.rmtree(out, ignore_errors=True)

    n = args.targets
    med = {key: median([r[key] for r in rounds]) for key in rounds[0] if key != "pairs"}
    extra = {  # per letter beyond the first: the cost once start-up is paid
        key: median([1000 * (r[key] - r[f"{key}_1"]) / max(n - 1, 1) for r in rounds])
        for key in ("batch", "zip", "zip_pool", "pandoc")
    }
    ratios = {
        "batch_vs_pandoc": median([r["pandoc"] / r["batch"] for r in rounds]),
        "batch_vs_zip": median([b / f for r in rounds for b, f in r["pairs"]]),
        "batch_vs_zip_pool": median([r["batch"] / r["zip_pool"] for r in rounds]),
        "version_vs_typer": median(startup["version"]) / median(startup["typer"]),
        "memory_1000_vs_10": memory[args.memory_targets]["tree_peak_bytes"]
        / memory[10]["tree_peak_bytes"],
    }
    verdicts = {}
    for key, (_, bound, kind) in TARGETS.items():
        ok = ratios[key] >= bound if kind == "min" else ratios[key] <= bound
        if key == "memory_1000_vs_10" and args.memory_targets != 1000:
            ok = None  # not the batch size the target is about
        verdicts[key] = ok
    return {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": machine(),
        "settings": {
            "targets": n,
            "runs": args.runs,
            "pairs": args.pairs,
            "jobs": jobs,
            "startup_runs": args.startup_runs,
            "memory_targets": args.memory_targets,
            "quick": args.quick,
        },
        "letters": {
            "words_mean": statistics.mean(words),
            "words_min": min(words),
            "footnotes_mean": statistics.mean(notes),
            "footnotes_min": min(notes),
        },
        "seconds": {"rounds": rounds, "median": med},
        "per_letter_ms": {
            key: 1000 * med[key] / n for key in ("batch", "zip", "zip_pool", "pandoc")
        },
        "per_extra_letter_ms": extra,
        "ratios_after_startup": {  # for information; the targets use the totals
            "batch_vs_pandoc": extra["pandoc"] / extra["batch"],
            "batch_vs_zip": extra["batch"] / extra["zip"],
            "batch_vs_zip_pool": extra["batch"] / extra["zip_pool"],
        },
        "startup_seconds": {
            "samples": startup,
            "median": {key: median(v) for key, v in startup.items()},
        },
        "memory": {str(k): v for k, v in memory.items()},
        "ratios": ratios,
        "targets": {
            key: {"what": what, "bound": bound, "kind": kind, "pass": verdicts[key]}
            for key, (what, bound, kind) in TARGETS.items()
        },
    }


# -- the report -------------------------------------------------------------------------------
MEASURE_COLUMNS = ("measure", "median", "1 letter", "per letter", "per extra letter")
TARGET_COLUMNS = ("target", "ratio", "needed", "result", "after start-up")


def rows(result: dict) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The two tables, as text: the measures, then the targets."""
    s = result["settings"]
    n, jobs, big = s["targets"], s["jobs"], s["memory_targets"]
    med, per = result["seconds"]["median"], result["per_letter_ms"]
    extra = result["per_extra_letter_ms"]
    up = result["startup_seconds"]["median"]
    mem = result["memory"]
    mb = lambda b: f"{b / 1024 / 1024:,.0f} MB"  # noqa: E731
    timed = (
        ("batch", f"(a) drafter batch, {n} letters, --jobs {jobs}"),
        ("pandoc", f"(b) pandoc, {n} letters, {jobs} at a time"),
        # Runs saved before (c') was measured took (c) with as many processes as cores.
        (
            "zip",
            f"(c) zip floor, {n} letters, "
            + ("one after another" if "zip_pool" in med else f"{jobs} processes"),
        ),
        ("zip_pool", f"(c') the same, {jobs} processes (for information)"),
    )
    measures = [
        (what, f"{med[key]:.2f} s", f"{med[key + '_1']:.2f} s", f"{per[key]:.1f} ms",
         f"{extra[key]:.1f} ms")
        for key, what in timed
        if key in med
    ]  # fmt: skip
    measures += [
        ("(d) drafter --version", f"{1000 * up['version']:.0f} ms", "", "", ""),
        ("    drafter --help", f"{1000 * up['help']:.0f} ms", "", "", ""),
        ('    python -c "import typer"', f"{1000 * up['typer']:.0f} ms", "", "", ""),
        ("(e) peak RSS, batch of 10 letters", mb(mem["10"]["tree_peak_bytes"]), "", "", ""),
        (f"    peak RSS, batch of {big:,} letters", mb(mem[str(big)]["tree_peak_bytes"]),
         "", "", ""),
    ]  # fmt: skip
    after = result["ratios_after_startup"]
    verdicts = []
    for key, target in result["targets"].items():
        sign = "≥" if target["kind"] == "min" else "≤"
        ok = target["pass"]
        verdicts.append(
            (
                target["what"],
                f"{result['ratios'][key]:.2f}×",
                f"{sign} {target['bound']:g}×",
                "n/a (not 1,000)" if ok is None else "PASS" if ok else "FAIL",
                f"{after[key]:.2f}×" if key in after else "",
            )
        )
    if "batch_vs_zip_pool" in result["ratios"]:
        verdicts.append((
            f"batch / zip floor with {jobs} processes (c')",
            f"{result['ratios']['batch_vs_zip_pool']:.2f}×", "", "for information",
            f"{after['batch_vs_zip_pool']:.2f}×",
        ))  # fmt: skip
    return measures, verdicts


def headline(result: dict) -> str:
    m, s, letters = result["machine"], result["settings"], result["letters"]
    return (
        f"{result['when']}: {m['nproc']} × {m['cpu']}, Python {m['python']}, {m['pandoc']}; "
        f"{s['targets']} letters of {letters['words_mean']:,.0f} words and "
        f"{letters['footnotes_mean']:.0f} footnotes on average (at least "
        f"{letters['words_min']:,} and {letters['footnotes_min']}); medians of {s['runs']} "
        f"rounds ({s.get('pairs', 1)} batch and zip-floor pairs each), start-up of "
        f"{s['startup_runs']} runs"
    )


def report(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    measures, verdicts = rows(result)
    console = Console(highlight=False)
    console.print(f"drafter benchmark, {headline(result)}")
    table = Table(*MEASURE_COLUMNS)
    for row in measures:
        table.add_row(*row)
    console.print(table)
    table = Table(*TARGET_COLUMNS)
    for what, ratio, needed, verdict, after in verdicts:
        colour = {"PASS": "green", "FAIL": "red", "for information": "dim"}.get(verdict, "yellow")
        table.add_row(what, ratio, needed, f"[{colour}]{verdict}[/{colour}]", after)
    console.print(table)


def markdown(result: dict) -> str:
    """The same tables in Markdown, for README.md's Performance section."""
    measures, verdicts = rows(result)
    out = []
    for header, body in ((MEASURE_COLUMNS, measures), (TARGET_COLUMNS, verdicts)):
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "|".join("---" for _ in header) + "|")
        for row in body:
            out.append("| " + " | ".join(c.strip().replace("|", "\\|") for c in row) + " |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", type=int, default=100, help="letters per batch (100)")
    parser.add_argument("--runs", type=int, default=3, help="rounds of (a)-(c) (3)")
    parser.add_argument(
        "--pairs", type=int, default=3, help="(a) and (c) back to back, times per round (3)"
    )
    parser.add_argument(
        "--json", type=Path, default=HERE / "results" / "latest.json", help="where to write"
    )
    parser.add_argument(
        "--quick", action="store_true", help="20 letters, 1 round, memory at 200 letters"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--report", type=Path, metavar="JSON", help="print an earlier run's tables; measure nothing"
    )
    parser.add_argument("--markdown", action="store_true", help="also print them as Markdown")
    parser.add_argument(
        "--memory-targets", type=int, default=1000, help="letters of the big memory batch (1000)"
    )
    args = parser.parse_args(argv)
    args.startup_runs = 15
    if args.quick:
        args.targets, args.runs, args.pairs, args.startup_runs = 20, 1, 1, 10
        args.memory_targets = 200
    result = json.loads(args.report.read_text("utf-8")) if args.report else run_all(args)
    report(result)
    if args.markdown:
        print(f"\n{headline(result)}\n\n{markdown(result)}")
    return 0 if all(t["pass"] is not False for t in result["targets"].values()) else 1


def run_all(args: argparse.Namespace) -> dict:
    """Measure everything in a temporary folder; write and return the results."""
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc is not installed (apt-get install pandoc)")
    tmp = Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    try:
        result = measure(args, tmp)
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}", file=sys.stderr)
    return result


if __name__ == "__main__":
    sys.exit(main())
