"""The benchmark's results as tables: on the terminal, and as docs/performance.md."""

from __future__ import annotations

from pathlib import Path

TARGETS = {  # name: (how the ratio is formed, the bound, "min" = at least, "max" = at most)
    "batch_vs_pandoc": ("(a) pandoc / drafter batch, per letter", 5.0, "min"),
    "growth": ("(b) drafter batch per letter, 5,000 letters / 100", 1.3, "max"),
    "letter_vs_pandoc": ("(c) drafter letter / pandoc, one letter", 2.0, "max"),
    "version_vs_typer": ("(e) drafter --version / import typer", 1.5, "max"),
    "memory_1000_vs_10": ("(f) peak RSS, 1,000 letters / 10", 1.5, "max"),
}
NOTES_MARKER = "<!-- Written by hand: bench/run.py keeps what follows this line. -->"


def measures(result: dict) -> list[tuple[str, str, str]]:
    """(what, median, per letter) rows."""
    s = result["settings"]
    n, big, jobs = s["targets"], s["big"], s["jobs"]
    med, per = result["seconds"]["median"], result["per_letter_ms"]
    sec = result["seconds"]
    mb = lambda b: f"{b / 1024 / 1024:,.0f} MB"  # noqa: E731
    ms = lambda values: f"{1000 * _median(values):.0f} ms"  # noqa: E731
    memory = result["memory"]
    return [
        (f"(a) drafter batch, {n} letters, --jobs {jobs}", f"{med['batch']:.2f} s",
         f"{per['batch']:.1f} ms"),
        (f"    pandoc, {n} letters, {jobs} at a time", f"{med['pandoc']:.2f} s",
         f"{per['pandoc']:.1f} ms"),
        (f"(b) drafter batch, {big:,} letters, --jobs {jobs}", f"{_median(sec['big']):.2f} s",
         f"{per['big']:.1f} ms"),
        ("(c) drafter letter usco --docket COLC-2023-0006", ms(sec["one_letter"]["drafter"]), ""),
        ("    pandoc, that letter's Markdown", ms(sec["one_letter"]["pandoc"]), ""),
        (f"(d) the floor: writing the {n} finished documents", f"{med['floor']:.2f} s",
         f"{per['floor']:.1f} ms"),
        ("    of which the writing itself", f"{med['floor_writing']:.3f} s",
         f"{per['floor_writing']:.2f} ms"),
        ("(e) drafter --version", ms(sec["startup"]["version"]), ""),
        ('    python -c "import typer"', ms(sec["startup"]["typer"]), ""),
        ("(f) peak RSS, a batch of 10 letters", mb(memory["10"]["tree_peak_bytes"]), ""),
        (f"    peak RSS, a batch of {s['memory_targets']:,} letters",
         mb(memory[str(s["memory_targets"])]["tree_peak_bytes"]), ""),
    ]  # fmt: skip


def verdicts(result: dict) -> list[tuple[str, str, str, str]]:
    """(target, ratio, needed, result) rows, and the floor's ratio for information."""
    out = []
    for key, target in result["targets"].items():
        sign = "≥" if target["kind"] == "min" else "≤"
        ok = target["pass"]
        verdict = "n/a (other sizes)" if ok is None else "PASS" if ok else "FAIL"
        out.append((target["what"], f"{result['ratios'][key]:.2f}×",
                    f"{sign} {target['bound']:g}×", verdict))  # fmt: skip
    out.append(("(d) drafter batch / the floor, per letter",
                f"{result['ratios']['batch_vs_floor']:.1f}×", "", "for information"))  # fmt: skip
    return out


def headline(result: dict) -> str:
    m, s, load = result["machine"], result["settings"], result["load"]
    letters = result["letters"]
    busy = ", ".join(f"{x:g}" for x in load["before"])
    after = ", ".join(f"{x:g}" for x in load["after"])
    return (
        f"{result['when']}, commit {m['commit']}{' (with changes)' if m['dirty'] else ''}: "
        f"{m['nproc']} cores of {m['cpu'] or 'an unnamed CPU'}, Python {m['python']}, "
        f"{m['pandoc']}. Load average (1, 5, 15 min) {busy} before and {after} after: "
        "the machine was shared with other work, so the absolute times are noisy, the ratios "
        f"less so. Letters of {letters['words_mean']:,.0f} words and "
        f"{letters['footnotes_mean']:.0f} footnotes on average; medians of {s['runs']} rounds "
        f"for (a) and (d), {s['big_runs']} run(s) of (b), {s['letter_runs']} of (c), "
        f"{s['startup_runs']} of (e)."
    )


def show(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    console.print(f"drafter benchmark: {headline(result)}")
    table = Table("measure", "median", "per letter")
    for row in measures(result):
        table.add_row(*row)
    console.print(table)
    table = Table("target", "ratio", "needed", "result")
    for what, ratio, needed, verdict in verdicts(result):
        colour = {"PASS": "green", "FAIL": "red", "for information": "dim"}.get(verdict, "yellow")
        table.add_row(what, ratio, needed, f"[{colour}]{verdict}[/{colour}]")
    console.print(table)


def markdown_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(c.strip().replace("|", "\\|") for c in row) + " |")
    return "\n".join(lines)


PAGE = """\
# Performance

Written by `python bench/run.py` (about {minutes} on this machine; needs pandoc); the numbers
are in `bench/results/latest.json`. `python bench/run.py --quick` tries the benchmark in a
minute without touching this page.

## What is measured

The benchmark builds synthetic workspaces in a temporary folder (`bench/synth.py`: invented
agencies whose dockets ask eleven questions on the built-in stance modules' topics, so that
every letter is a real one) and times each command as a whole process, start-up included:

- (a) `drafter batch` of 100 letters with `--jobs` = cores, against pandoc converting the same
  letters' Markdown (footnotes already in it) to .docx on the built-in letterhead, as many
  pandoc processes at a time as cores;
- (b) a batch that grows: 5,000 such letters from a workspace of 5,000 agencies, per letter,
  against (a)'s 100 from a workspace of 100;
- (c) one letter from the command line, the README's `drafter letter usco --docket
  COLC-2023-0006` (the built-in workspace), against pandoc converting that letter's Markdown
  on the same letterhead;
- (d) for information, the floor: a Python process that only writes the 100 finished
  documents, each fsynced with its folder as drafter writes them;
- (e) `drafter --version` against `python -c "import typer"`;
- (f) the peak memory of the whole process tree for a batch of 10 and of 1,000 letters from
  one workspace of 1,000 agencies.

## Latest run

{headline}

{measures}

{verdicts}
"""


def write_page(result: dict, path: Path) -> None:
    """docs/performance.md: the measured part rewritten, the notes after the marker kept."""
    notes = f"{NOTES_MARKER}\n"
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        if NOTES_MARKER in text:
            notes = NOTES_MARKER + text.split(NOTES_MARKER, 1)[1]
    seconds = result["seconds"]
    total = (
        sum(sum(r.values()) for r in seconds["rounds"]) + sum(seconds["big"]) * 2
        + sum(seconds["one_letter"]["drafter"]) + sum(seconds["one_letter"]["pandoc"])
    )  # fmt: skip
    page = PAGE.format(
        minutes=f"{max(1, round(total / 60))} minutes",
        headline=headline(result),
        measures=markdown_table(("measure", "median", "per letter"), measures(result)),
        verdicts=markdown_table(("target", "ratio", "needed", "result"), verdicts(result)),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page + "\n" + notes, encoding="utf-8")


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
