"""What a batch did: one row per target, the report, and the manifest files that record it."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from drafter.batch.campaign import Plan
from drafter.batch.similarity import Found, Pair
from drafter.errors import DrafterError
from drafter.model import Campaign
from drafter.output import read_existing, write_atomic

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
MAX_MANIFEST = 256 * 1024 * 1024  # bytes of an earlier manifest read back (~1 KB a row)


@dataclass
class Row:
    """One manifest row: a target, its file and what became of it."""

    index: int
    target: str
    path: str
    status: str = "planned"  # written | skipped | failed | planned
    words: int | None = None
    pages: float | None = None
    footnotes: int | None = None
    questions_answered: int | None = None
    questions_total: int | None = None
    warnings: str = ""
    sha256: str = ""
    error: str = ""
    summary: str = ""
    outlet: str = ""  # op-eds: the outlet the piece is for
    lead: str = ""  # op-eds: the position it leads with


MANIFEST_FIELDS = tuple(f.name for f in fields(Row))
STATS_FIELDS = ("words", "pages", "footnotes", "questions_answered", "questions_total", "warnings")
STATUSES = ("written", "skipped", "failed", "planned")


@dataclass(frozen=True)
class Action:
    """A file a dry run would write, and why."""

    path: str
    target: str
    why: str  # "new" | "exists — skipped" | "exists — will overwrite (--force)"


@dataclass
class BatchReport:
    """What a batch did: one row per target, similar pairs, counts."""

    campaign: Campaign
    out_dir: Path
    rows: list[Row]
    pairs: list[Pair]  # the most similar pairs, most similar first
    above: list[Pair]  # every pair above the threshold (at most MAX_LISTED_ABOVE)
    above_count: int
    threshold: float
    counts: dict[str, int]
    actions: list[Action] = field(default_factory=list)  # dry runs only
    dry_run: bool = False
    interrupted: bool = False
    method: str = "exact"  # of the similarity check: "exact", or "minhash" (estimated scores)
    manifest: tuple[Path, ...] = ()
    manifest_error: str = ""  # why the manifest could not be written (a full disk)

    @property
    def failed(self) -> int:
        return self.counts.get("failed", 0)

    @property
    def too_alike(self) -> bool:
        """Op-ed drafts above the threshold: an outlet would get text another one has too."""
        return self.campaign.kind == "oped" and self.above_count > 0


def make_report(
    plan: Plan,
    rows: dict[int, Row],
    threshold: float,
    found: Found | None = None,
    *,
    actions: list[Action] | None = None,
    dry_run: bool = False,
    interrupted: bool = False,
    method: str = "exact",
) -> BatchReport:
    """The report of a run: rows in campaign order, counted, with the similarity found."""
    ordered = [rows[job.index] for job in plan.jobs]
    for job, row in zip(plan.jobs, ordered, strict=True):
        if job.kind == "oped":
            row.outlet, row.lead = job.target, job.lead
    counts = {"total": len(ordered)}
    for status in STATUSES:
        counts[status] = sum(r.status == status for r in ordered)
    pairs, above, above_count = found or ([], [], 0)
    return BatchReport(
        campaign=plan.campaign, out_dir=plan.out_dir, rows=ordered, pairs=pairs, above=above,
        above_count=above_count, threshold=threshold, counts=counts, actions=actions or [],
        dry_run=dry_run, interrupted=interrupted, method=method,
    )  # fmt: skip


def read_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The rows of an earlier run's manifest.json, by path; empty when there is none or it
    cannot be read (it only lends a skipped file the statistics recorded when it was written)."""
    try:
        data = json.loads(read_existing(out_dir / MANIFEST_JSON, MAX_MANIFEST))
        return {r["path"]: r for r in data.get("rows", []) if isinstance(r, dict) and "path" in r}
    except (DrafterError, ValueError, AttributeError, TypeError):
        return {}


def reuse_stats(row: Row, before: dict[str, Any] | None) -> None:
    """A skipped file keeps the statistics the run that wrote it recorded, if it is the same."""
    if not before or before.get("sha256") != row.sha256:
        return
    for key in STATS_FIELDS:
        value = before.get(key)
        if key == "warnings":
            notes = [*str(value or "").split("; "), *row.warnings.split("; ")]
            row.warnings = "; ".join(dict.fromkeys(filter(None, notes)))
        elif value is not None:
            setattr(row, key, value)


def write_manifest(report: BatchReport) -> tuple[Path, Path]:
    """manifest.json and manifest.csv in the output folder, atomically, rows in campaign order."""
    campaign = report.campaign
    rows = [asdict(r) for r in report.rows]
    listed = {(p.a, p.b): p for p in (*report.pairs, *report.above)}
    document = {
        "campaign": campaign.name,
        "campaign_file": campaign.file,
        "kind": campaign.kind,
        "counts": report.counts,
        "interrupted": report.interrupted,
        "rows": rows,
        "similarity_threshold": report.threshold,
        "similarity_method": report.method,
        "pairs_above_threshold": report.above_count,
        "similarity": [
            {**asdict(p), "similarity": round(p.similarity, 4),
             "above_threshold": p.similarity > report.threshold}
            for p in sorted(listed.values(), key=lambda p: (-p.similarity, p.a, p.b))
        ],
    }  # fmt: skip
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    json_path, csv_path = report.out_dir / MANIFEST_JSON, report.out_dir / MANIFEST_CSV
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)  # strict JSON
    write_atomic(json_path, text + "\n", force=True)
    write_atomic(csv_path, buffer.getvalue(), force=True)
    return json_path, csv_path
