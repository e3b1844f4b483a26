"""How the benchmark measures: the machine, child processes, pandoc, the floor, peak memory."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent


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
        "nproc": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "pandoc": pandoc.splitlines()[0] if pandoc else "",
        "commit": _git("rev-parse", "--short", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
    }


def load() -> list[float]:
    """The machine's load averages (1, 5, 15 minutes): how busy it was with other work."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True)
        return done.stdout.strip()
    except OSError:
        return ""


def child_env(tmp: Path, today: str) -> dict[str, str]:
    """The environment of every child: bytecode cached (as an installed package has it), in
    the temporary folder; a fixed today."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env["DRAFTER_TODAY"] = today
    env.pop("DRAFTER_WORKSPACE", None)
    return env


def run(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    """Wall time of one command, its output discarded; stop the benchmark if it fails."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace")[-2000:]
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{tail}")
    return elapsed


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def drafter(*args: str) -> list[str]:
    return [sys.executable, "-m", "drafter", *args]


def batch_cmd(ws: Path, campaign: Path, out: Path, jobs: int) -> list[str]:
    return drafter("-w", str(ws), "batch", str(campaign), "--out-dir", str(out),
                   "--jobs", str(jobs), "--force")  # fmt: skip


def letterhead_docx(ws: Path, path: Path) -> None:
    """The built-in letterhead of the workspace's organization, as pandoc's reference document."""
    from drafter.draft.common import Engine
    from drafter.load.workspace import load_workspace
    from drafter.render.docx.document import DocInfo

    workspace, _ = load_workspace(ws)
    path.write_bytes(Engine(workspace).letterhead.render("", DocInfo(title="")))


def pandoc_cmd(md: Path, out: Path, reference: Path) -> list[str]:
    return ["pandoc", "-f", "markdown", "-t", "docx", f"--reference-doc={reference}",
            "-o", str(out), str(md)]  # fmt: skip


def pandoc_all(sources: list[Path], out: Path, reference: Path, jobs: int) -> float:
    """pandoc converting every source, as many processes at a time as jobs: the wall time."""

    def one(md: Path) -> None:
        subprocess.run(pandoc_cmd(md, out / (md.stem + ".docx"), reference), check=True)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, sources))
    return time.perf_counter() - start


# The floor: a fresh Python process that writes the finished documents, one after another, as
# drafter writes each (a new file, fsynced, and its folder fsynced). It prints the seconds the
# writing took once the bytes were in memory.
FLOOR = """\
import os, sys, time
out, files = sys.argv[1], sys.argv[2:]
data = [open(f, "rb").read() for f in files]
start = time.perf_counter()
folder = os.open(out, os.O_RDONLY)
for name, blob in zip(files, data):
    fd = os.open(os.path.join(out, os.path.basename(name)), os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    os.write(fd, blob)
    os.fsync(fd)
    os.close(fd)
    os.fsync(folder)
print(time.perf_counter() - start)
"""


def floor(files: list[Path], out: Path, env: dict[str, str]) -> tuple[float, float]:
    """(whole process, writing only) seconds to write the finished files into the empty out."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", FLOOR, str(out), *map(str, files)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return time.perf_counter() - start, float(done.stdout)


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
    """Peak summed RSS of the command's process tree (polled every 10 ms), its largest process
    (from the system's accounting) and its wall time."""
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
