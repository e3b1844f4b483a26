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
        "responses/AOE-2026-0001.yaml:8:3: answers.2.10: question number 2.10 must be quoted — "
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


# -- the matcher's parts ---------------------------------------------------------------
def test_vocabulary_stems_words_and_matches_phrases_in_order():
    from drafter.model import Topic
    from drafter.plan.vocabulary import Vocabulary

    vocabulary = Vocabulary(
        {
            "labeling": Topic("labeling", ("label",)),
            "fair-use": Topic("fair-use", ("fair use", "transformative")),
            "opt-out": Topic("opt-out", ("opt out",)),
        }
    )
    assert vocabulary.tag("Should AI output be labeled?") == ("labeling",)
    assert vocabulary.tag("Who does the labeling [@cite]?") == ("labeling",)
    assert vocabulary.tag("Is training a fair use, or transformative?") == ("fair-use",)
    assert vocabulary.tag("Is the use fair?") == ()  # the words, but not in order
    assert vocabulary.tag("May owners opt out of training?") == ("opt-out",)


def test_the_assignment_is_the_best_for_the_whole_letter():
    import itertools
    import random

    from drafter.plan.assign import best_assignment

    rng = random.Random(15)
    for _ in range(200):
        rows, columns = rng.randint(1, 4), rng.randint(1, 5)
        weights = [[rng.choice([0.0, 0.5, 1.0, 1.5, 2.0, 3.0]) for _ in range(columns)]]
        weights += [
            [rng.choice([0.0, 0.5, 1.0, 2.0]) for _ in range(columns)] for _ in range(rows - 1)
        ]
        chosen = best_assignment(weights)
        taken = [c for c in chosen if c >= 0]
        assert len(taken) == len(set(taken))
        total = sum(weights[r][c] for r, c in enumerate(chosen) if c >= 0)
        best = max(
            sum(weights[r][c] for r, c in enumerate(perm) if c is not None)
            for perm in itertools.permutations([*range(columns), *[None] * rows], rows)
        )
        assert total == pytest.approx(best)


@pytest.mark.parametrize(
    ("elsewhere", "pointers"),
    [
        (3.0, [("licensing.fair-use", False, "8")]),  # a close second: pointed to
        (2.1, []),  # about half its best: the answer under 8 is not an answer to this one
        (1.2, []),  # a weak match is never pointed to
    ],
)
def test_an_argument_goes_where_it_fits_best_not_first(elsewhere, pointers):
    from drafter.plan.assign import assign
    from drafter.plan.relevance import Score

    # The argument answers question 8 very well and question 3 less; question 3 comes first,
    # but the argument is made in full under 8, and question 3 at most points to it.
    scores = {
        "3": {"licensing.fair-use": Score(elsewhere)},
        "8": {"licensing.fair-use": Score(4.0), "data-access.analysis": Score(2.5)},
    }
    chosen = assign(["3", "8"], scores)
    assert [(u.key, u.full, u.see) for u in chosen["3"]] == pointers
    assert [(u.key, u.full) for u in chosen["8"]] == [
        ("licensing.fair-use", True),
        ("data-access.analysis", True),
    ]


def test_a_question_points_to_every_answer_that_is_a_close_second_up_to_three():
    from drafter.plan.assign import MAX_POINTERS, assign
    from drafter.plan.relevance import Score

    # Four arguments, each made in full under its own question; question 1 is a close second
    # for all four (3.2 to 3.5, against 4.0), so it points to the three best of them, best first.
    made = {str(n): {f"m.a{n}": Score(4.0)} for n in range(2, 6)}
    seconds = {f"m.a{n}": Score(3.0 + n / 10) for n in range(2, 6)}
    chosen = assign(["1", *made], {"1": seconds, **made})
    assert MAX_POINTERS == 3
    assert [(u.key, u.full, u.see) for u in chosen["1"]] == [
        ("m.a5", False, "5"),
        ("m.a4", False, "4"),
        ("m.a3", False, "3"),
    ]


# -- plan, edit, letter: end to end ----------------------------------------------------
def run(*args: str):
    from typer.testing import CliRunner

    from drafter.cli.main import app

    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_plan_edit_letter_follows_the_plan_exactly(mini_ws, tmp_path):
    from tests.docx_dump import dump_docx

    written = run("-w", str(mini_ws), "plan", "agency-x")
    assert written.exit_code == 0, written.output
    path = mini_ws / "responses" / "AOE-2026-0001.yaml"
    assert "2 of 3 questions answered" in " ".join(written.output.split())
    proposal = path.read_text()
    assert '  "1":\n    use:\n      - open-data.better-science  # 2.14' in proposal
    assert '  "2":\n    use:\n      - fair-rules.one-rule  # 2.46' in proposal
    assert "no argument scores 1.6 or more" in proposal
    assert proposal.rstrip().endswith('"3": skip')
    assert run("-w", str(mini_ws), "plan", "agency-x").exit_code == 1  # exists: --force

    # The staffer pins two arguments in their order with a lead of their own under 1,
    # skips 2, and answers 3 with an argument the matcher did not propose.
    edited = proposal.replace(
        '  "1":\n    use:\n      - open-data.better-science',
        '  "1":\n    lead: Researchers are the first users of public data.\n    use:\n'
        "      - open-data.levels-field\n      - open-data.better-science",
    )
    edited = edited.replace('  "2":\n    use:\n      - fair-rules.one-rule', '  "2": skip\n  #')
    edited = edited.replace('"3": skip', '"3": {use: [fair-rules.one-rule]}')
    path.write_text(edited)
    assert run("-w", str(mini_ws), "check").exit_code == 0

    md, docx_out = tmp_path / "letter.md", tmp_path / "letter.docx"
    for out in (md, docx_out):
        result = run(
            "-w", str(mini_ws), "letter", "agency-x", "--date", "2026-12-01", "-o", str(out)
        )
        assert result.exit_code == 0, result.output
        assert "questions answered: 2 of 3" in result.output
    text = md.read_text()
    responses = text[text.index("# Responses to the Questions") : text.index("# Concerns")]
    assert "## Question 2" not in responses
    one = responses[responses.index("## Question 1") : responses.index("## Question 3")]
    assert one.index("Researchers are the first users of public data. Open public data") > 0
    assert one.index("Open public data lets") < one.index("Researchers need open data")
    three = responses[responses.index("## Question 3") :]
    assert "A single national standard lowers compliance costs" in three
    dump = dump_docx(docx_out)
    headings = [line for line in dump.splitlines() if line.startswith("Heading 2")]
    assert headings == ["Heading 2 | Question 1", "Heading 2 | Question 3"]
    assert "Body Text | Researchers are the first users of public data. Open public data" in dump


def test_an_argument_pinned_twice_is_written_once(mini_ws, tmp_path):
    plan = """\
        agency: agency-x
        docket: AOE-2026-0001
        unlisted: skip
        answers:
          "1": {use: [open-data.better-science]}
          "3": {use: [open-data.better-science], lead: Labels are a separate matter.}
        """
    with_plan(mini_ws, plan)
    out = tmp_path / "letter.md"
    result = run("-w", str(mini_ws), "letter", "agency-x", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.count("Researchers need open data to test claims") == 1
    three = text[text.index("## Question 3") :]
    assert "Labels are a separate matter.\n\nSee our response to Question 1." in three


def test_coverage_shows_the_plan_and_scores(mini_ws):
    with_plan(mini_ws, PLAN)
    result = run("-w", str(mini_ws), "coverage", "agency-x")
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "AOE-2026-0001 (response plan)" in flat
    assert "skipped" in flat
    assert "open-data.better-science" in flat and "lead" in flat
    assert "1 of 3 questions answered." in flat  # 1 pinned, 2 skipped, 3 left unanswered
    assert "Unanswered: 2, 3" in flat


def test_plan_refuses_the_builtin_workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("plan", "usco", "--docket", "COLC-2023-0006")
    assert result.exit_code == 1
    assert "this is the built-in workspace; response plans belong in your own" in result.output
    out = tmp_path / "usco.yaml"
    result = run("plan", "usco", "--docket", "COLC-2023-0006", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Response plan for Docket No. COLC-2023-0006")


# -- how questions appear --------------------------------------------------------------
SUBS = """\
      - number: "1.1"
        text: And with universities in particular?
        topics: [research]
"""


def test_sub_questions_are_answered_under_their_parent_and_verbatim_ones_quoted(mini_ws, tmp_path):
    path = mini_ws / "agencies" / "agency-x.yaml"
    text = path.read_text()
    text = text.replace('      - number: "2"', SUBS + '      - number: "2"', 1)
    text = text.replace("channel: regulations.gov", "channel: regulations.gov\n    verbatim: true")
    path.write_text(text)
    plan = PLAN.replace('"2": skip', '"1.1": {use: [open-data.levels-field]}')
    with_plan(mini_ws, plan)
    out = tmp_path / "letter.md"
    result = run("-w", str(mini_ws), "letter", "agency-x", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "questions answered: 3 of 4" in result.output
    letter = out.read_text()
    assert "Each question is quoted from the notice" in letter
    one = letter[letter.index("## Question 1") : letter.index("## Question 2")]
    assert one.index("::: question\nHow should public data") < one.index("### Question 1.1")
    assert "::: question\nAnd with universities in particular?\n:::\n\nOpen public data" in one


def test_a_sentence_said_twice_is_a_warning(mini_ws, tmp_path):
    twice = "Open data is the quiet engine of most good public research."
    for name in ("open-data", "fair-rules"):
        path = mini_ws / "positions" / f"{name}.yaml"
        path.write_text(
            path.read_text().replace("Researchers need", f"{twice} Researchers need", 1)
            if name == "open-data"
            else path.read_text().replace("A single national", f"{twice} A single national")
        )
    result = run("-w", str(mini_ws), "letter", "agency-x", "-o", str(tmp_path / "a.md"))
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stderr.split())
    assert (
        'warning: the sentence "Open data is the quiet engine of most good public research." '
        'appears twice: under "Question 1" and under "Question 2"'
    ) in flat


@pytest.mark.parametrize(
    ("sentence", "warned"),
    [
        ("Open data is the quiet engine of most good public research.", True),
        ("See also our responses to Questions 6, 11, and 22.", False),  # 7 words, numbers aside
        ("Since 2019, 34 states have passed new laws on AI.", True),  # 8 words, numbers aside
        ("In 2019 and 2020, 34 states passed laws.", False),
    ],
)
def test_a_repeated_sentence_counts_its_words_not_its_numbers(sentence, warned):
    from markdown_it import MarkdownIt

    from drafter.text.repeats import repeated_sentences

    text = f"## Question 1\n\n{sentence}\n\n## Question 2\n\n{sentence}\n"
    found = repeated_sentences(MarkdownIt().parse(text))
    assert [(r.sentence, r.first, r.second) for r in found] == (
        [(sentence, '"Question 1"', '"Question 2"')] if warned else []
    )


def test_letters_drafted_with_one_engine_read_as_drafted_alone():
    """A batch worker keeps one Engine (and its argument index) for all its letters: each
    letter must come out exactly as it does drafted on its own."""
    import datetime as dt

    from drafter.compose.requests import LetterRequest
    from drafter.draft.common import Engine
    from drafter.draft.letter import draft_letter
    from drafter.load.workspace import builtin_root

    ws, _ = load_workspace(builtin_root())
    requests = [
        LetterRequest(agency=agency, docket=docket, positions=positions, today=dt.date(2026, 9, 1))
        for agency, docket in (("usco", "COLC-2023-0006"), ("ntia", "NTIA-2023-0005"))
        for positions in ((), ("licensing", "safeguards"))
    ]
    shared = Engine(ws)
    together = [draft_letter(ws, r, engine=shared).markdown for r in requests * 2]
    alone = [draft_letter(ws, r, engine=Engine(ws)).markdown for r in requests * 2]
    assert together == alone
    assert len(set(together)) == len(requests)
