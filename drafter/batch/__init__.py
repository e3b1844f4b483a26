"""Batches: a campaign's targets drafted in parallel, with a manifest and a similarity check.

campaign.py resolves and plans, pool.py runs the jobs, worker.py drafts and writes one target,
similarity.py compares the drafts, manifest.py records what happened, run.py ties them together.
"""

from drafter.batch.campaign import Job, Plan, plan_batch, resolve_campaign
from drafter.batch.manifest import BatchReport, Row
from drafter.batch.run import BatchInterrupted, run_batch
from drafter.batch.similarity import Pair

__all__ = [
    "BatchInterrupted",
    "BatchReport",
    "Job",
    "Pair",
    "Plan",
    "Row",
    "plan_batch",
    "resolve_campaign",
    "run_batch",
]
