"""Op-eds: budget fitting, links instead of footnotes, headline, and the command read back."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from typer.testing import CliRunner

from drafter import OpedRequest, draft_oped, render_draft
from drafter.cli.main import app
from drafter.compose.budget import Budget, Cut, budget_for, cuts, fit
from drafter.compose.oped import headline_for, plain_words
from drafter.errors import BudgetError, CitationError, UnknownReference
from drafter.load.workspace import builtin_root, load_workspace
from drafter.model import Outlet
from drafter.text.readability import body_text
from tests.conftest import MINI, TODAY, build_tree
from tests.docx_dump import pandoc_markdown, require_tool
from tests.test_install import drafter as drafter_exe
from tests.test_install import installed  # noqa: F401  (the fixture: a wheel in a fresh venv)

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


# -- the budget, as pure functions ------------------------------------------------------------
def test_budget_is_the_outlet_range_with_a_margin_below_the_maximum():
    hill = Outlet("the-hill", "The Hill", (600, 1000))
    assert budget_for(hill) == Budget(600, 1000, 950)
    assert budget_for(hill, 800) == Budget(600, 800, 760)
    assert budget_for(hill, 400) == Budget(300, 400, 380)  # --words below the range
    assert budget_for(Outlet("x", "X", (400, 410))) == Budget(400, 410, 400)


def test_cuts_shorten_from_the_lowest_priority_then_drop_then_trim():
    steps = cuts(3)
    assert steps[0] == Cut((0, 1, 2))
    assert [s.short for s in steps[1:4]] == [{2}, {1, 2}, {0, 1, 2}]
    assert steps[4] == Cut((0, 1), frozenset({0, 1}))
    assert [(s.lede, s.close, s.concession) for s in steps[5:8]] == [
        (True, False, False),
        (True, True, False),
        (True, True, True),
    ]
    assert steps[-1].points == (0,)
    assert not any(s.concession for s in cuts(3, concession=False))


# A model draft: 50 words of lede (20 short), 30 of thesis, arguments of 150 words (60 short),
# a concession of 40 (20 short) and a close of 30 (12 short).
def model(cut: Cut) -> int:
    words = (20 if cut.lede else 50) + 30 + (12 if cut.close else 30)
    words += 20 if cut.concession else 40
    return words + sum(60 if i in cut.short else 150 for i in cut.points)


def test_fit_takes_the_full_draft_when_it_fits():
    cut, tried = fit(model, Budget(500, 700, 665), 3, 5)
    assert cut == Cut((0, 1, 2)) and [w for _, w in tried] == [600]


def test_fit_shortens_the_lowest_priority_argument_first():
    cut, tried = fit(model, Budget(450, 550, 522), 3, 5)
    assert cut == Cut((0, 1, 2), frozenset({2}))
    assert [w for _, w in tried] == [600, 510]


def test_fit_drops_the_lowest_priority_arguments():
    cut, _ = fit(model, Budget(200, 300, 285), 3, 5)
    assert cut == Cut((0, 1), frozenset({0, 1}))
    assert model(cut) == 270


def test_fit_keeps_one_argument_only_when_it_must():
    cut, _ = fit(model, Budget(100, 150, 142), 3, 5)
    assert cut.points == (0,) and model(cut) == 142


def test_fit_restores_a_full_form_when_a_drop_falls_under_the_minimum():
    def lopsided(cut: Cut) -> int:  # the first argument's short form is long: 100 words
        return model(cut) + (40 if 0 in cut.short else 0)

    cut, tried = fit(lopsided, Budget(320, 400, 365), 3, 5)
    assert [w for _, w in tried] == [600, 510, 420, 370, 310, 360]
    assert cut == Cut((0, 1), frozenset({1}))


def test_fit_is_deterministic():
    runs = {fit(model, Budget(450, 550, 522), 3, 5)[0] for _ in range(5)}
    assert len(runs) == 1


def test_fit_returns_none_when_even_the_shortest_draft_is_too_long():
    cut, tried = fit(model, Budget(50, 100, 95), 3, 5)
    assert cut is None
    assert min(w for _, w in tried) == 142


def test_fit_adds_arguments_when_under_the_minimum():
    cut, _ = fit(model, Budget(700, 800, 760), 3, 5)
    assert cut == Cut((0, 1, 2, 3)) and model(cut) == 750
    cut, tried = fit(model, Budget(800, 900, 855), 3, 5)
    assert cut == Cut((0, 1, 2, 3, 4), frozenset({4}))  # five full (900) is over the target
    assert [w for _, w in tried][-2:] == [900, 810]


def test_fit_too_short_with_nothing_left_to_add_takes_the_longest():
    cut, _ = fit(model, Budget(2000, 3000, 2850), 3, 3)
    assert cut == Cut((0, 1, 2))


# -- a workspace with five long positions and a tight outlet -----------------------------------
def sentences(tag: str, count: int) -> str:
    """count sentences of ten words, each naming tag, so every text is recognisable."""
    return " ".join(
        f"The {tag} case rests on plain facts that matter, sentence {i}." for i in range(count)
    )


def long_position(n: int) -> str:
    return f"""\
        id: p{n}
        title: Position number {n}
        stance: >
          Position {n} holds that rules should help small firms. It asks for clear law.
        topics: [topic-{n}]
        priority: {n}
        arguments:
          - id: a1
            text: >
              {sentences(f"p{n}a1-full", 15)} [@report]
            short: >
              {sentences(f"p{n}a1-short", 10)}
          - id: a2
            text: >
              {sentences(f"p{n}a2-full", 15)} [@hearing]
            short: >
              {sentences(f"p{n}a2-short", 10)}
        asks:
          - Adopt rule number {n} in order to help small firms.
        concerns:
          - concern: Critic {n} says the rule costs too much.
            response: The costs are small. The gains are large. The evidence shows it.
        """


LONG = {
    **{k: v for k, v in MINI.items() if not k.startswith(("positions/", "campaigns/"))},
    "agencies/agency-x.yaml": MINI["agencies/agency-x.yaml"].replace(
        "positions: [open-data, fair-rules]", "positions: [p1]"
    ),
    "outlets.yaml": "tight: {name: The Tight Times, words: [400, 500], links: true}\n",
    **{f"positions/p{n}.yaml": long_position(n) for n in range(1, 6)},
}


@pytest.fixture
def long_ws(tmp_path: Path):
    ws, _ = load_workspace(build_tree(tmp_path / "long", LONG))
    return ws


def test_long_positions_fit_by_shortening_and_dropping(long_ws):
    draft = draft_oped(long_ws, OpedRequest(outlet="tight", today=TODAY))
    body = body_text(draft.markdown)
    assert 400 <= draft.stats.words <= 500 == draft.stats.range[1]
    assert draft.stats.words == len(body.split())
    assert body.startswith("The p1a1-short case")  # no context module: the lead's argument
    assert "p2a1-short" in body and "p2a1-full" not in body  # shortened
    assert "p3a1" not in body  # the lowest-priority argument dropped
    assert draft_oped(long_ws, OpedRequest(outlet="tight", today=TODAY)).markdown == draft.markdown


def test_words_override_makes_room_for_full_arguments(long_ws):
    draft = draft_oped(long_ws, OpedRequest(outlet="tight", words=900, today=TODAY))
    assert draft.stats.range == (400, 900)
    assert "p3a1-full" in draft.markdown and draft.stats.words <= 900


def test_impossible_budget_names_the_counts_and_what_to_cut(long_ws):
    with pytest.raises(BudgetError) as info:
        draft_oped(long_ws, OpedRequest(outlet="tight", words=100, today=TODAY))
    error = info.value
    assert re.fullmatch(
        r"the shortest draft is \d+ words; The Tight Times allows at most 100", error.message
    )
    assert "argument p1/a2" in error.hint and "positions/p1.yaml:" in error.hint
    assert "--words" in error.hint


def test_impossible_budget_on_the_command_line(tmp_path, monkeypatch):
    root = build_tree(tmp_path / "long", LONG)
    result = runner.invoke(app, ["-w", str(root), "oped", "--words", "100", "-o", "x.md"])
    assert result.exit_code == 1
    assert "allows at most 100" in result.stderr and not (tmp_path / "x.md").exists()


def test_short_draft_takes_more_arguments(mini_ws):
    ws, _ = load_workspace(mini_ws)
    draft = draft_oped(ws, OpedRequest(outlet="", today=TODAY))
    assert draft.stats.words < 400  # the mini workspace has little to say
    assert "Researchers need open data" in draft.markdown
    assert "single national standard" in draft.markdown
    assert any("expects at least 400" in w.message for w in draft.stats.warnings)


# -- structure, links and headline -----------------------------------------------------------
def test_structure_of_the_mini_oped(mini_ws):
    ws, _ = load_workspace(mini_ws)
    draft = draft_oped(ws, OpedRequest(outlet="daily-example", today=TODAY))
    blocks = draft.markdown.strip().split("\n\n")
    assert blocks[0] == "# Open Data for Research"
    assert blocks[1] == "*Public data should stay open to researchers and small firms.*"
    assert blocks[2] == "Open data helps small firms compete."  # the lede
    assert blocks[3] == "Public data should stay open to researchers and small firms."
    assert any(b.startswith("To be sure,") and "Privacy law" in b for b in blocks)
    assert blocks[-2].startswith("Here is what Washington should do. Keep public data open")
    assert blocks[-1] == (
        "*Jordan Example directs technology policy at the Center for Example Policy.*"
    )
    assert draft.kind == "oped" and draft.title == "Open Data for Research"
    assert draft.fields == {
        "agency": "",
        "docket": "",
        "outlet": "daily-example",
        "date": "2026-11-24",
        "signer": "director",
    }


def test_every_citation_becomes_a_link_and_no_footnote(mini_ws):
    ws, _ = load_workspace(mini_ws)
    draft = draft_oped(ws, OpedRequest(outlet="daily-example", today=TODAY))
    assert "[@" not in draft.markdown and "[^" not in draft.markdown
    links = re.findall(r"\]\((https?://[^)]+)\)", draft.markdown)
    assert links == ["https://example.org/report", "https://example.org/report"]
    assert draft.stats.links == 2 and draft.stats.footnotes == 0


def test_a_cited_source_without_url_names_the_position_line(mini_ws):
    sources = (mini_ws / "sources.yaml").read_text().replace("url: https://example.org/report", "")
    (mini_ws / "sources.yaml").write_text(sources)
    ws, _ = load_workspace(mini_ws)
    with pytest.raises(CitationError) as info:
        draft_oped(ws, OpedRequest(outlet="daily-example", today=TODAY))
    error = info.value
    lines = (mini_ws / "positions/open-data.yaml").read_text().splitlines()
    line = lines.index("  - id: better-science") + 3  # its `text:` line
    assert error.message.startswith("source 'report' cited in open-data/better-science has no url")
    assert error.location.file.endswith("positions/open-data.yaml")
    assert (error.location.line, error.location.path) == (line, "arguments[1].text")
    assert "sources.yaml" in error.hint


def test_headline_override_and_peg_text(mini_ws):
    ws, _ = load_workspace(mini_ws)
    request = OpedRequest(
        outlet="",
        headline="Open the Data",
        peg="Congress voted on data last week.",
        today=TODAY,
    )
    draft = draft_oped(ws, request)
    assert draft.markdown.startswith("# Open the Data\n\n*Public data")
    assert draft.title == "Open the Data"
    assert draft.markdown.split("\n\n")[2] == "Congress voted on data last week."


def test_context_module_is_the_peg_and_is_not_argued(mini_ws):
    build_tree(
        mini_ws,
        {
            "positions/news.yaml": """\
                id: news
                title: What happened
                stance: >
                  Something happened this week. The country should answer with open rules.
                topics: [news-peg]
                arguments:
                  - id: event
                    text: A rival launched a big model this week [@hearing].
                  - id: stakes
                    text: The stakes are high. Leadership is not guaranteed.
                """
        },
    )
    ws, _ = load_workspace(mini_ws)
    draft = draft_oped(ws, OpedRequest(outlet="", today=TODAY))
    blocks = draft.markdown.split("\n\n")
    assert blocks[2] == (
        "A rival launched a big model this week ([Hearing on Open Data]"
        "(https://example.org/hearing)). The country should answer with open rules."
    )
    assert "Open data helps small firms" not in blocks[2]
    assert "Leadership is not guaranteed. Here is what Washington should do." in draft.markdown
    assert draft.markdown.count("Leadership is not guaranteed") == 1


def test_unknown_outlet_suggests_the_closest(mini_ws):
    ws, _ = load_workspace(mini_ws)
    with pytest.raises(UnknownReference, match="unknown outlet 'daily-exampel'") as info:
        draft_oped(ws, OpedRequest(outlet="daily-exampel", today=TODAY))
    assert info.value.hint == "did you mean 'daily-example'?"


def test_headline_capitals_and_plain_asks():
    from drafter.model import Position

    position = Position("x", "Licensing mandates for AI training", "s", ("t",), ())
    assert headline_for(position) == "Licensing Mandates for AI Training"
    assert plain_words("Utilize data in order to help") == "Use data to help."


def test_two_sentence_bio_for_outlets_that_want_one(mini_ws):
    text = (mini_ws / "outlets.yaml").read_text().replace("one-sentence", "two-sentence")
    (mini_ws / "outlets.yaml").write_text(text)
    ws, _ = load_workspace(mini_ws)
    last = draft_oped(ws, OpedRequest(outlet="", today=TODAY)).markdown.strip().split("\n\n")[-1]
    assert last == (
        "*Jordan Example directs technology policy at the Center for Example Policy. The Center "
        "for Example Policy studies how technology rules affect small firms.*"
    )


def test_docx_bytes_are_deterministic_and_have_no_footnotes(mini_ws):
    ws, _ = load_workspace(mini_ws)
    first = render_draft(ws, draft_oped(ws, OpedRequest(outlet="", today=TODAY)), "docx")
    assert first == render_draft(ws, draft_oped(ws, OpedRequest(outlet="", today=TODAY)), "docx")
    assert _footnotes(first) == []


def _footnotes(data: bytes) -> list[str]:
    """The real footnotes of a .docx (separators left out)."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if "word/footnotes.xml" not in z.namelist():
            return []
        xml = z.read("word/footnotes.xml").decode()
    return [n for n in re.findall(r"<w:footnote\b[^>]*>", xml) if "w:type=" not in n]


# -- the command on the built-in workspace, read back ----------------------------------------
def pandoc_plain(path: Path) -> list[str]:
    pandoc = require_tool("pandoc")
    text = subprocess.run(
        [pandoc, "-f", "docx", "-t", "plain", "--wrap=none", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@pytest.mark.parametrize("outlet", [None, "usa-today"])
def test_builtin_oped_reads_back_inside_the_range(outlet, tmp_path, monkeypatch):
    require_tool("pandoc")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTER_WORKSPACE", raising=False)
    args = ["oped"] + (["--outlet", outlet] if outlet else [])
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    name = f"oped-{outlet or 'the-hill'}.docx"
    path = tmp_path / name
    assert path.exists() and f"Wrote {name}" in result.stdout
    ws, _ = load_workspace(builtin_root())
    low, high = ws.outlets[outlet or "the-hill"].words

    paragraphs = pandoc_plain(path)
    signer = ws.signer()
    assert paragraphs[-1].startswith(signer.name)  # the bio line, last
    body = paragraphs[2:-1]  # without the headline, the dek and the bio
    words = sum(len(p.split()) for p in body)
    assert low <= words <= high
    assert f"{words:,} words" in result.stdout  # what drafter reports is what pandoc counts
    assert f"word limit: {low:,}–{high:,}" in result.stdout
    assert "reading grade" in result.stdout

    markdown = pandoc_markdown(path)
    assert "[^" not in markdown and _footnotes(path.read_bytes()) == []
    assert re.search(r"\]\(https://[^)]+\)", markdown)
    document = docx.Document(str(path))
    targets = [r.target_ref for r in document.part.rels.values() if r.reltype == RT.HYPERLINK]
    assert targets and all(t.startswith("https://") for t in targets)
    assert paragraphs[0] == "Broad Lawful Access to Public Data"


def test_installed_wheel_writes_both_opeds_from_an_empty_folder(installed, tmp_path):  # noqa: F811
    require_tool("pandoc")
    for args, name, (low, high) in (
        ((), "oped-the-hill.docx", (600, 1000)),
        (("--outlet", "usa-today"), "oped-usa-today.docx", (550, 750)),
    ):
        result = drafter_exe(installed, "oped", *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        body = pandoc_plain(tmp_path / name)[2:-1]
        assert low <= sum(len(p.split()) for p in body) <= high
        assert "](https://" in pandoc_markdown(tmp_path / name)


def test_builtin_oped_every_outlet_fits():
    ws, _ = load_workspace(builtin_root())
    for outlet in ws.outlets.values():
        draft = draft_oped(ws, OpedRequest(outlet=outlet.id, today=TODAY))
        assert outlet.words[0] <= draft.stats.words <= outlet.words[1], outlet.id
        assert draft.stats.links >= 1 and "[@" not in draft.markdown


def test_same_command_twice_gives_identical_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTER_WORKSPACE", raising=False)
    assert invoke("oped", "-o", "a.docx").exit_code == 0
    assert invoke("oped", "-o", "b.docx").exit_code == 0
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    again = runner.invoke(app, ["oped", "-o", "a.docx"])
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert invoke("oped", "-o", "a.docx", "--force").exit_code == 0


def test_markdown_text_and_preview(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTER_WORKSPACE", raising=False)
    assert invoke("oped", "--outlet", "wsj", "--format", "md").exit_code == 0
    md = (tmp_path / "oped-wsj.md").read_text()
    assert md.startswith("# ") and "](https://" in md and "[@" not in md
    assert invoke("oped", "--outlet", "wsj", "--format", "txt").exit_code == 0
    assert (tmp_path / "oped-wsj.txt").read_text().startswith("Broad Lawful Access")
    result = invoke("oped", "--preview", "--headline", "A Better Headline")
    assert result.exit_code == 0 and "A Better Headline" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["oped-wsj.md", "oped-wsj.txt"]
