"""The automatic plan measured against a lawyer's labels (tests/labels/*.yaml).

The labels say, for every question of the built-in USCO and NTIA dockets, which built-in
arguments a lawyer would accept as an answer. They were written before the matcher was tuned
and are never edited to fit it. The plan is measured as the built-in letter uses it (the
agency's own positions), with the questions' topics and with them removed (as a notice
imported from the Federal Register has none):

- precision: of the (question, argument) pairs the plan writes (in full or as a pointer),
  the share a lawyer accepts;
- recall: of the acceptable pairs, the share the plan writes; and, per question, of the
  questions that have an acceptable argument, the share answered with one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import yaml

from drafter.load.workspace import builtin_root, load_workspace
from drafter.plan.responses import candidates_of, plan_docket

LABELS = Path(__file__).parent / "labels"
DOCKETS = [("usco", "COLC-2023-0006"), ("ntia", "NTIA-2023-0005")]


@dataclass(frozen=True)
class Measure:
    precision: float
    recall: float  # pairs
    questions: float  # questions with an acceptable answer that get one
    written: int


def measure(agency_id: str, docket_id: str, *, tags: bool) -> Measure:
    ws, _ = load_workspace(builtin_root())
    agency = ws.agencies[agency_id]
    docket = agency.docket(docket_id)
    assert docket is not None
    if not tags:
        docket = replace(docket, questions=tuple(replace(q, topics=()) for q in docket.questions))
    accepted = yaml.safe_load((LABELS / f"{docket_id}.yaml").read_text())["accept"]
    gold = {
        (number, key)
        for number, keys in accepted.items()
        for key in keys
        if key.split(".")[0] in agency.positions
    }
    plan = plan_docket(ws, docket, candidates_of(ws, agency.positions))
    written = {(p.number, use.key) for p in plan.questions for use in p.uses}
    right = written & gold
    answerable = {number for number, _ in gold}
    return Measure(
        precision=len(right) / len(written) if written else 1.0,
        recall=len(right) / len(gold),
        questions=len({number for number, _ in right}) / len(answerable),
        written=len(written),
    )


def test_the_labels_name_real_questions_and_arguments():
    ws, _ = load_workspace(builtin_root())
    arguments = {f"{p.id}.{a.id}" for p in ws.positions.values() for a in p.arguments}
    for agency_id, docket_id in DOCKETS:
        docket = ws.agencies[agency_id].docket(docket_id)
        assert docket is not None
        accepted = yaml.safe_load((LABELS / f"{docket_id}.yaml").read_text())["accept"]
        assert set(accepted) <= {q.number for q in docket.questions}
        assert {key for keys in accepted.values() for key in keys} <= arguments


@pytest.mark.parametrize(("agency", "docket"), DOCKETS)
def test_with_the_questions_topics_every_answer_is_on_point(agency, docket):
    m = measure(agency, docket, tags=True)
    assert m.precision >= 0.9, m
    # What the matcher reaches today (USCO, NTIA): recall 0.31 and 0.34, questions answered
    # on point 0.52 and 0.61 (docs/plans.md has the figures and how they were chosen).
    assert m.recall >= 0.3, m
    assert m.questions >= 0.5, m


@pytest.mark.parametrize(("agency", "docket"), DOCKETS)
def test_without_topics_the_answers_stay_on_point(agency, docket):
    m = measure(agency, docket, tags=False)
    assert m.precision >= 0.8, m
    # Today: recall 0.26 and 0.17, questions answered on point 0.48 and 0.35.
    assert m.recall >= 0.17, m
    assert m.questions >= 0.34, m


@pytest.mark.xfail(
    strict=True,
    reason="issue 15 asks recall 0.6 with topics and 0.5 without; at the precision asked for the "
    "matcher reaches 0.31-0.34 with topics and 0.17-0.26 without, and no setting of its signals "
    "reaches 0.45 even when tuned on the docket it is measured on (docs/plans.md)",
)
@pytest.mark.parametrize(("agency", "docket"), DOCKETS)
def test_recall_reaches_the_issue_targets(agency, docket):
    assert measure(agency, docket, tags=True).recall >= 0.6
    assert measure(agency, docket, tags=False).recall >= 0.5
