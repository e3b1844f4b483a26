"""Response plans and relevance: which arguments answer which question, and what `check` says.

The measure of the automatic plan against a lawyer's labels is in tests/test_plan_labels.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import ValidationError
from drafter.load.workspace import load_workspace
from tests.conftest import build_tree

PLAN = """\
    agency: agency-x
    docket: AOE-2026-0001
    unlisted: auto
    answers:
      "1":
        use: [open-data.better-science]
        lead: Researchers are the first users of public data.
      "2": skip
    """


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load_workspace(root)
    return [str(p) for p in info.value.problems]


def with_plan(root: Path, text: str, name: str = "AOE-2026-0001") -> Path:
    return build_tree(root, {f"responses/{name}.yaml": text})


def test_a_plan_is_read(mini_ws):
    ws, warnings = load_workspace(with_plan(mini_ws, PLAN))
    plan = ws.response_plan("aoe-2026-0001")
    assert plan is not None
    assert [(a.number, a.use, a.skip) for a in plan.answers] == [
        ("1", ("open-data.better-science",), False),
        ("2", None, True),
    ]
    assert plan.answers[0].lead == "Researchers are the first users of public data."
    assert plan.unlisted == "auto"
    assert warnings == []


BAD_PLANS = [
    (
        PLAN.replace("agency-x", "agency-y"),
        "responses/AOE-2026-0001.yaml:1:9: agency: unknown agency 'agency-y' — "
        "did you mean 'agency-x'?",
    ),
    (
        PLAN.replace('"2": skip', '"22": skip'),
        "responses/AOE-2026-0001.yaml:8:9: answers.22: docket AOE-2026-0001 has no question "
        "'22' — did you mean '2'?",
    ),
    (
        PLAN.replace("open-data.better-science", "open-data.better-sciense"),
        "responses/AOE-2026-0001.yaml:6:11: answers.1.use[0]: unknown argument "
        "'open-data.better-sciense' — did you mean 'open-data.better-science'?",
    ),
    (
        PLAN.replace("open-data.better-science", "better-science"),
        "responses/AOE-2026-0001.yaml:6:11: answers.1.use[0]: 'better-science' is not an "
        "argument reference — name an argument as position.argument, like "
        "'licensing.opt-out-not-opt-in'",
    ),
    (
        PLAN.replace("unlisted: auto", "unlisted: never"),
        "responses/AOE-2026-0001.yaml:3:11: unlisted: unknown value 'never' for unlisted — use "
        "'auto' (questions not listed are answered automatically) or 'skip' (only the listed "
        "questions are answered)",
    ),
    (
        PLAN.replace('"2": skip', '"2": later'),
        "responses/AOE-2026-0001.yaml:8:8: answers.2: expected 'skip' or a mapping with use, "
        'see or lead, got \'later\' — write  "2": skip  or  "2": {use: [position.argument]}',
    ),
    (
        PLAN.replace('"2": skip', "2.10: skip"),
        "responses/AOE-2026-0001.yaml:8:3: answers.2.1: question number 2.1 must be quoted — "
        'quote question numbers, like "8.1": unquoted, 8.10 reads as the number 8.1',
    ),
    (
        PLAN.replace("    use:", "    uses:"),
        "responses/AOE-2026-0001.yaml:6:5: answers.1.uses: unknown key 'uses' — did you mean "
        "'use'?",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_PLANS, ids=[m[36:90] for _, m in BAD_PLANS])
def test_bad_plans_are_reported_exactly(mini_ws, text, message):
    found = problems_of(with_plan(mini_ws, text))
    assert message in found, "\n".join(found)


def test_a_plan_for_a_docket_that_does_not_exist(mini_ws):
    text = PLAN.replace("AOE-2026-0001", "AOE-2026-0002")
    found = problems_of(with_plan(mini_ws, text, "AOE-2026-0002"))
    assert found == [
        "responses/AOE-2026-0002.yaml:2:9: docket: unknown docket 'AOE-2026-0002' of agency-x: "
        "this plan answers a docket that does not exist — did you mean 'AOE-2026-0001'? Or add "
        "the docket to agencies/agency-x.yaml"
    ]


def test_a_plan_named_for_another_docket(mini_ws):
    found = problems_of(with_plan(mini_ws, PLAN, "AOE-2026-0009"))
    assert found[0] == (
        "responses/AOE-2026-0009.yaml:2:9: docket: docket 'AOE-2026-0001' does not match the "
        "file name 'AOE-2026-0009.yaml' — rename the file to 'AOE-2026-0001.yaml' or set "
        "'docket: AOE-2026-0009'"
    )


def test_an_argument_that_leans_on_what_came_before_is_a_warning(mini_ws):
    path = mini_ws / "positions/fair-rules.yaml"
    path.write_text(
        path.read_text().replace("A single national standard", "This is why a single standard")
    )
    _, warnings = load_workspace(mini_ws)
    assert [str(w) for w in warnings] == [
        "positions/fair-rules.yaml:10:7: arguments[0].text: argument 'fair-rules.one-rule' opens "
        'with "This", which points back to something the reader of a single answer has not '
        "seen — rewrite the first sentence so that it stands on its own, or add a 'lead:' "
        "sentence to open the answer"
    ]
    # A lead opens the answer instead, so the warning goes.
    path.write_text(
        path.read_text().replace(
            "  - id: one-rule\n", "  - id: one-rule\n    lead: One rule is enough.\n"
        )
    )
    assert load_workspace(mini_ws)[1] == []
