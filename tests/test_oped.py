"""Op-eds an editor accepts: one argument, a real headline, short paragraphs, links on the
claims, a kicker with one ask, a fit without padding, news that is news, exclusive pieces."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter import OpedRequest, draft_oped, render_draft
from drafter.batch import plan_batch, resolve_campaign
from drafter.cli.main import app
from drafter.compose.budget import Budget, Cut, budget_for, cuts, fit
from drafter.compose.links import link_claims
from drafter.compose.wording import (
    headline_from,
    lower_first,
    paragraphs,
    plain_words,
    sentence_key,
    with_turn,
)
from drafter.errors import BudgetError, CitationError, Location, UnknownReference, ValidationError
from drafter.load.workspace import builtin_root, load_workspace
from drafter.model import Outlet, Source
from drafter.text import readability
from drafter.text.readability import body_text
from drafter.text.urls import is_home_page
from tests.conftest import MINI, TODAY, build_tree
from tests.docx_dump import pandoc_markdown, require_tool
from tests.test_install import drafter as drafter_exe
from tests.test_install import installed  # noqa: F401  (the fixture: a wheel in a fresh venv)

runner = CliRunner()
LATE = dt.date(2026, 12, 1)


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def blocks(markdown: str) -> list[str]:
    return markdown.strip().split("\n\n")


# -- the budget, as pure functions ------------------------------------------------------------
def test_budget_is_the_outlet_range_with_a_margin_below_the_maximum():
    hill = Outlet("the-hill", "The Hill", (600, 1000))
    assert budget_for(hill) == Budget(600, 1000, 950)
    assert budget_for(hill, 800) == Budget(600, 800, 760)
    assert budget_for(hill, 400) == Budget(300, 400, 380)  # --words below the range
    assert budget_for(Outlet("x", "X", (400, 410))) == Budget(400, 410, 400)


def test_cuts_prefer_three_points_then_two_then_grow_only_to_reach_the_minimum():
    assert cuts(3, True, 2) == [
        Cut(3),
        Cut(2),
        Cut(3, more_lede=True),
        Cut(3, more_lede=True, support=1),
        Cut(3, more_lede=True, support=2),
    ]
    assert cuts(1, False, 0) == [Cut(1)]
    assert cuts(2, False, 1) == [Cut(2), Cut(2, support=1)]


# A model draft: 300 words with two points, 100 a point more, 80 the second lede paragraph,
# 90 each lent paragraph.
def model(cut: Cut) -> int:
    return 100 + 100 * cut.points + 80 * cut.more_lede + 90 * cut.support


@pytest.mark.parametrize(
    "low, high, chosen",
    [
        (350, 500, Cut(3)),  # three points fit
        (250, 320, Cut(2)),  # three are too long: two
        (450, 550, Cut(3, True)),  # the news gets a second paragraph
        (600, 700, Cut(3, True, 2)),  # two positions lend a paragraph each
    ],
)
def test_fit_takes_the_first_cut_inside_the_range(low, high, chosen):
    budget = Budget(low, high, high - round(high * 0.05))
    assert fit(model, budget, cuts(3, True, 3)).cut == chosen


def test_fit_reports_a_draft_that_cannot_reach_the_minimum():
    found = fit(model, Budget(900, 1000, 950), cuts(3, True, 2))
    assert found.cut is None and found.too_short and found.longest == (Cut(3, True, 2), 660)


def test_fit_reports_a_draft_too_long_even_at_its_shortest():
    found = fit(model, Budget(100, 200, 190), cuts(3, True, 2))
    assert found.cut is None and not found.too_short and found.shortest == (Cut(2), 300)


# -- wording rules ----------------------------------------------------------------------------
def sentences_of(n: int) -> str:
    return " ".join(f"Sentence {i} is here." for i in range(1, n + 1))


@pytest.mark.parametrize("n, sizes", [(1, [1]), (4, [4]), (5, [3, 2]), (8, [4, 4]), (9, [3, 3, 3])])
def test_paragraphs_hold_at_most_four_sentences_in_even_parts(n, sizes):
    parts = paragraphs(sentences_of(n))
    assert [len(readability.sentences(p)) for p in parts] == sizes
    assert " ".join(parts) == sentences_of(n)


PROPER = frozenset({"China", "Congress"})


@pytest.mark.parametrize(
    "response, answer",
    [
        ("Availability is not ownership.", "But availability is not ownership."),
        ("China's program serves surveillance.", "But China's program serves surveillance."),
        ("NIST already wrote a framework.", "But NIST already wrote a framework."),
        ("But the law already covers it.", "But the law already covers it."),
        ("We agree, and we say so.", "We agree, and we say so."),
        (
            "State laws have value. But models cross lines.",
            "State laws have value. But models cross lines.",
        ),
    ],
)
def test_the_answer_to_an_objection_turns_against_it(response, answer):
    assert with_turn(response, PROPER) == answer


def test_lower_first_keeps_names():
    assert lower_first("Congress should act.", PROPER) == "Congress should act."
    assert lower_first("Affirm the rule.", PROPER) == "affirm the rule."
    assert lower_first("AI helps.", PROPER) == "AI helps."


@pytest.mark.parametrize(
    "stance, headline",
    [
        ("Public data should stay open. It helps.", "Public data should stay open"),
        (
            "Sweeping licensing mandates for lawful AI training would favor the largest firms "
            "that can afford data deals and would make American systems less accurate, without "
            "addressing the harms.",
            "Sweeping licensing mandates for lawful AI training would favor the largest firms "
            "that can afford data deals",
        ),
    ],
)
def test_a_headline_is_the_thesis_as_a_claim_cut_short(stance, headline):
    assert headline_from(stance) == headline


def test_plain_asks():
    assert plain_words("Utilize data in order to help") == "Use data to help."


# -- links on the claim words -----------------------------------------------------------------
SOURCES = {
    "report": Source("report", "report", "The Value of Open Data", author="Example Institute",
                     url="https://example.org/report"),
    "hearing": Source("hearing", "hearing", "Hearing on Open Data",
                      author="Senate Committee on Examples", url="https://example.org/hearing"),
    "case": Source("case", "case", "Authors Guild v. Google, Inc.", url="https://example.org/ag"),
    "paren": Source("paren", "web", "A page", url="https://example.org/a_(b)"),
}  # fmt: skip
R, H = "https://example.org/report", "https://example.org/hearing"


@pytest.mark.parametrize(
    "text, linked",
    [
        # The source's natural name, when the sentence says it.
        ("As the Example Institute found, open data pays [@report].",
         f"As the [Example Institute]({R}) found, open data pays."),
        ("The Value of Open Data [@report] makes the case.",
         f"[The Value of Open Data]({R}) makes the case."),
        ("In Authors Guild v. Google, scanning was fair use [@case].",
         "In [Authors Guild v. Google](https://example.org/ag), scanning was fair use."),
        # Else the claim itself.
        ("Open data pays for itself [@report].", f"[Open data pays for itself]({R})."),
        ("One study found that small firms need open public data to compete with giants "
         "[@report].",
         f"One study found that [small firms need open public data to compete with giants]({R})."),
        ("Data is cheap, and open data helps small firms compete with the largest developers "
         "today [@report].",
         f"Data is cheap, and [open data helps small firms compete with the largest developers "
         f"today]({R})."),
        # Two sources in one bracket share the claim's words.
        ("Open data helps science and trade [@report; @hearing].",
         f"[Open data helps]({R}) [science and trade]({H})."),
        # A citation after an earlier one in the same sentence links the words between them.
        ("Open data pays [@report], and small firms agree [@hearing].",
         f"[Open data pays]({R}), and [small firms agree]({H})."),
        ("A page says so [@paren].", "[A page](<https://example.org/a_(b)>) says so."),
    ],
)  # fmt: skip
def test_links_sit_on_the_claim_or_the_source_name(text, linked):
    out = link_claims(text, SOURCES, where="test", loc=Location("x.yaml", 3, 5))
    assert out == linked
    assert "([" not in out and "[@" not in out


def test_a_link_error_names_the_field():
    with pytest.raises(CitationError) as info:
        link_claims("Claim [@nope].", SOURCES, where="p/a", loc=Location("positions/p.yaml", 9, 7))
    assert info.value.message == "unknown source 'nope' in p/a"
    assert (info.value.location.file, info.value.location.line) == ("positions/p.yaml", 9)


@pytest.mark.parametrize(
    "url, home",
    [
        ("https://www.fcc.gov/", True),
        ("https://hai.stanford.edu", True),
        ("https://example.org/index.html", True),
        ("https://www.fcc.gov/document/fcc-ai-robocalls", False),
        ("https://example.org/?p=12", False),
        ("https://doi.org/10.6028/NIST.AI.100-1", False),
    ],
)
def test_home_page_urls(url, home):
    assert is_home_page(url) is home


def test_check_warns_about_a_source_an_oped_cites_that_is_a_home_page(mini_ws, monkeypatch):
    sources = (mini_ws / "sources.yaml").read_text()
    (mini_ws / "sources.yaml").write_text(sources.replace("example.org/report", "example.org/"))
    result = runner.invoke(app, ["-w", str(mini_ws), "check"])
    assert result.exit_code == 0
    assert (
        "warning: sources.yaml:8:3: report.url: source 'report' links op-eds to a bare home "
        "page, https://example.org/ (cited in fair-rules/one-rule, open-data/better-science) — "
        "give the url of the page that shows the claim: the article, report or ruling"
    ) in result.stderr


# -- the mini workspace, block by block ------------------------------------------------------
def test_structure_of_the_mini_oped(mini_ws):
    ws, _ = load_workspace(mini_ws)
    draft = draft_oped(ws, OpedRequest(outlet="daily-example", today=TODAY))
    assert blocks(draft.markdown) == [
        "# Public data should stay open to researchers and small firms",  # the thesis, a claim
        "Open data helps small firms compete.",  # no news module: the lead's first argument
        "Public data should stay open to researchers and small firms.",
        f"[Researchers need open data to test claims]({R}).",
        "To be sure, critics raise a serious objection. Open data can expose private information.",
        "But privacy law already covers personal data; apply it.",
        "Washington should keep public data open for lawful research.",  # one ask, no list
        "*Jordan Example directs technology policy at the Center for Example Policy.*",
    ]
    assert draft.title == "Public data should stay open to researchers and small firms"
    assert draft.fields == {
        "agency": "", "docket": "", "outlet": "daily-example", "date": "2026-11-24",
        "signer": "director", "lead": "open-data",
    }  # fmt: skip
    assert draft.stats.links == 1 and draft.stats.warnings == []


def test_the_first_p_leads_and_the_others_lend_one_paragraph(mini_ws):
    ws, _ = load_workspace(mini_ws)
    request = OpedRequest(outlet="", positions=("fair-rules", "open-data"), words=30, today=TODAY)
    body = blocks(draft_oped(ws, request).markdown)
    assert body[0] == "# One national rule beats fifty state rules"
    assert body[1] == f"[A single national standard lowers compliance costs]({R})."
    assert body[3] == "Open data helps small firms compete."  # open-data lends its best paragraph
    assert "Researchers need open data" not in "\n".join(body)  # and only that one
    assert body[-2] == "Washington should adopt one national standard."


def test_a_news_module_is_the_lede_and_the_kicker_returns_to_it(mini_ws):
    build_tree(mini_ws, {"positions/news.yaml": NEWS, "positions/open-data.yaml": OPEN_DATA})
    ws, _ = load_workspace(mini_ws)
    draft = draft_oped(ws, OpedRequest(outlet="", today=TODAY))
    body = blocks(draft.markdown)
    assert body[:3] == [
        "# Keep public data open",
        "*Open data is how small firms compete.*",
        f"A rival launched a big model this week, the [Senate Committee on Examples]({H}) heard.",
    ]
    assert body[3] == (
        "The country should answer with open rules. Public data should stay open to researchers "
        "and small firms."
    )
    assert body[-2] == "The rival will not wait. Congress should keep public data open this year."


NEWS = """\
    id: news
    title: What happened
    stance: >
      Something happened this week. The country should answer with open rules.
    topics: [news-peg]
    peg_date: 2026-11-20
    kicker: The rival will not wait.
    arguments:
      - id: event
        text: >
          A rival launched a big model this week, the Senate Committee on Examples
          heard [@hearing].
      - id: stakes
        text: The stakes are high. Leadership is not guaranteed.
    """
OPEN_DATA = MINI["positions/open-data.yaml"].replace(
    "priority: 1\n",
    "priority: 1\n        headline: Keep public data open\n"
    "        dek: Open data is how small firms compete.\n"
    "        kicker: Congress should keep public data open this year.\n",
)


def test_a_dek_that_repeats_the_body_is_left_out_with_a_warning(mini_ws):
    text = MINI["positions/open-data.yaml"].replace(
        "priority: 1\n", "priority: 1\n        dek: Open data helps small firms compete.\n"
    )
    build_tree(mini_ws, {"positions/open-data.yaml": text})
    ws, _ = load_workspace(mini_ws)
    draft = draft_oped(ws, OpedRequest(outlet="", today=TODAY))
    assert blocks(draft.markdown)[1] == "Open data helps small firms compete."  # the lede, kept
    assert draft.markdown.count("Open data helps small firms compete.") == 1
    assert [str(w) for w in draft.stats.warnings] == [
        "positions/open-data.yaml:7:6: dek: the dek repeats a sentence of the body, so the op-ed "
        "has none — write a dek that says the point in other words"
    ]


def test_a_cited_source_without_url_names_the_position_line(mini_ws):
    sources = (mini_ws / "sources.yaml").read_text().replace("url: https://example.org/report", "")
    (mini_ws / "sources.yaml").write_text(sources)
    ws, _ = load_workspace(mini_ws)
    with pytest.raises(CitationError) as info:
        draft_oped(ws, OpedRequest(outlet="daily-example", today=TODAY))
    error = info.value
    assert error.message == (
        "source 'report' cited in open-data/better-science has no url; op-eds link sources"
    )
    assert (error.location.file, error.location.path) == (
        "positions/open-data.yaml",
        "arguments[1].text",
    )
    assert error.hint.startswith("add a url: to sources.yaml entry report (sources.yaml:")


def test_unknown_outlet_suggests_the_closest(mini_ws):
    ws, _ = load_workspace(mini_ws)
    with pytest.raises(UnknownReference, match="unknown outlet 'daily-exampel'") as info:
        draft_oped(ws, OpedRequest(outlet="daily-exampel", today=TODAY))
    assert info.value.hint == "did you mean 'daily-example'?"


def test_headline_override_and_peg_text(mini_ws):
    ws, _ = load_workspace(mini_ws)
    request = OpedRequest(headline="Open the Data", peg="Congress voted on data.", today=TODAY)
    draft = draft_oped(ws, request)
    assert blocks(draft.markdown)[:2] == ["# Open the Data", "Congress voted on data."]
    assert draft.title == "Open the Data"


def test_two_sentence_bio_for_outlets_that_want_one(mini_ws):
    text = (mini_ws / "outlets.yaml").read_text().replace("one-sentence", "two-sentence")
    (mini_ws / "outlets.yaml").write_text(text)
    ws, _ = load_workspace(mini_ws)
    assert blocks(draft_oped(ws, OpedRequest(today=TODAY)).markdown)[-1] == (
        "*Jordan Example directs technology policy at the Center for Example Policy. The center "
        "studies how technology rules affect small firms.*"
    )


def test_docx_bytes_are_deterministic_and_have_no_footnotes(mini_ws):
    ws, _ = load_workspace(mini_ws)
    first = render_draft(ws, draft_oped(ws, OpedRequest(today=TODAY)), "docx")
    assert first == render_draft(ws, draft_oped(ws, OpedRequest(today=TODAY)), "docx")
    assert _footnotes(first) == []


def _footnotes(data: bytes) -> list[str]:
    """The real footnotes of a .docx (separators left out)."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if "word/footnotes.xml" not in z.namelist():
            return []
        xml = z.read("word/footnotes.xml").decode()
    return [n for n in re.findall(r"<w:footnote\b[^>]*>", xml) if "w:type=" not in n]


# -- fit without padding --------------------------------------------------------------------
def ten_words(tag: str, count: int) -> str:
    """count sentences of ten words, each naming tag."""
    return " ".join(f"The {tag} case rests on plain facts, point {i} here." for i in range(count))


def position(pid: str, priority: int, sentences: int) -> str:
    return f"""\
        id: {pid}
        title: Position {pid}
        stance: >
          Rules for {pid} should help small firms compete.
        topics: [{pid}-topic]
        priority: {priority}
        arguments:
          - id: a1
            text: >
              {ten_words(pid + "-a1", sentences)}
          - id: a2
            text: >
              {ten_words(pid + "-a2", sentences)}
          - id: a3
            text: >
              {ten_words(pid + "-a3", sentences)}
        asks:
          - Adopt rule {pid}.
        concerns:
          - concern: Critics say rule {pid} costs too much.
            response: The costs are small and the gains are large.
        """


THIN = {
    **{k: v for k, v in MINI.items() if not k.startswith(("positions/", "campaigns/"))},
    "agencies/agency-x.yaml": MINI["agencies/agency-x.yaml"].replace(
        "positions: [open-data, fair-rules]", "positions: [thin]"
    ),
    "outlets.yaml": "usa: {name: The Usa Daily, words: [150, 300], links: true}\n",
    "positions/thin.yaml": position("thin", 1, 2),
    "positions/wide.yaml": position("wide", 2, 4),
    "positions/broad.yaml": position("broad", 3, 4),
}


@pytest.fixture
def thin_ws(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "thin", THIN)


def test_a_thin_lead_fails_and_names_the_modules_that_could_lend_words(thin_ws):
    ws, _ = load_workspace(thin_ws)
    with pytest.raises(BudgetError) as info:
        draft_oped(ws, OpedRequest(outlet="usa", positions=("thin",), today=TODAY))
    error = info.value
    assert error.message == (
        "the op-ed led by thin reaches at most 98 words; The Usa Daily expects at least 150 "
        "(52 words missing)"
    )
    assert error.hint == (
        "add a position that can lend a supporting paragraph with -p: wide "
        "(positions/wide.yaml, 40 words), broad (positions/broad.yaml, 40 words); or add "
        "arguments with a short: form to positions/thin.yaml; or pass --words 98 to accept a "
        "shorter piece; nothing is padded"
    )


def test_a_thin_lead_fits_with_words_or_more_positions(thin_ws):
    ws, _ = load_workspace(thin_ws)
    short = draft_oped(ws, OpedRequest(outlet="usa", positions=("thin",), words=98, today=TODAY))
    assert short.stats.range == (74, 98) and short.stats.words == 98
    lent = draft_oped(
        ws, OpedRequest(outlet="usa", positions=("thin", "wide", "broad"), today=TODAY)
    )
    assert lent.stats.words == 178 and lent.stats.warnings == []
    body = lent.markdown
    assert body.count("wide-a") == 4 and body.count("broad-a") == 4  # one paragraph each
    assert "wide-a1" in body and "broad-a1" in body
    assert "thin-a1" in body and "thin-a3" in body  # the lead's lede and points
    order = [body.index(tag) for tag in ("thin-a1", "thin-a2", "thin-a3", "wide-a", "broad-a")]
    assert order == sorted(order)  # lent paragraphs close to no point come after the points


def test_a_thin_lead_on_the_command_line_writes_nothing(thin_ws, tmp_path):
    result = runner.invoke(app, ["-w", str(thin_ws), "oped", "-p", "thin", "-o", "x.md"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "reaches at most 98 words; The Usa Daily expects at least 150" in result.stderr
    assert not (tmp_path / "x.md").exists()


def test_impossible_budget_names_the_longest_parts(thin_ws):
    ws, _ = load_workspace(thin_ws)
    with pytest.raises(BudgetError) as info:
        draft_oped(ws, OpedRequest(outlet="usa", positions=("wide",), words=100, today=TODAY))
    assert info.value.message == "the shortest draft is 158 words; The Usa Daily allows at most 100"
    assert info.value.hint == (
        "shorten the longest parts (the lede, 40 words at positions/wide.yaml:9:11: "
        "arguments[0].text; argument wide/a2, 40 words at positions/wide.yaml:12:11: "
        "arguments[1].text; argument wide/a3, 40 words at positions/wide.yaml:15:11: "
        "arguments[2].text) or pass --words 158"
    )


# -- news that is news ---------------------------------------------------------------------
def test_an_old_peg_warns_and_names_it():
    ws, _ = load_workspace(builtin_root())
    draft = draft_oped(ws, OpedRequest(outlet="usa-today", today=LATE))
    peg = [str(w) for w in draft.stats.warnings if "news peg" in w.message]
    assert len(peg) == 1 and peg[0].startswith("positions/global-race.yaml:")
    assert peg[0].endswith(
        ": peg_date: the news peg (global-race) dates from 2026-02-12, 292 days before "
        "2026-12-01: editors want news from the last few weeks — lead with fresher news "
        "(--peg TEXT --peg-date YYYY-MM-DD), or update the peg module's lede and peg_date"
    )
    fresh = draft_oped(ws, OpedRequest(outlet="usa-today", today=dt.date(2026, 3, 1)))
    assert not [w for w in fresh.stats.warnings if "news peg" in w.message]


def test_a_peg_date_on_the_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_TODAY", "2026-12-01")
    monkeypatch.delenv("DRAFTER_WORKSPACE", raising=False)
    peg = "Congress held a hearing on AI and public data this week."
    args = ("oped", "--outlet", "usa-today", "--peg", peg, "--preview")
    old = runner.invoke(app, [*args, "--peg-date", "2026-09-01"])
    assert old.exit_code == 0
    assert "warning: --peg-date: the news peg (--peg) dates from 2026-09-01, 91 days" in (
        old.stderr
    )
    new = runner.invoke(app, [*args, "--peg-date", "2026-11-28"])
    assert new.exit_code == 0 and "news peg" not in new.stderr
    alone = runner.invoke(app, ["oped", "--peg-date", "2026-11-28", "--preview"])
    assert alone.exit_code == 2 and "give the news itself with --peg" in alone.stderr
    bad = runner.invoke(app, [*args, "--peg-date", "2026-02-30"])
    assert bad.exit_code == 2 and "expected a date like 2026-12-01, got '2026-02-30'" in bad.stderr


# -- every built-in outlet, read as an editor would -----------------------------------------
def module_of(ws) -> dict[str, str]:
    """Which position each sentence of the built-in op-ed texts comes from."""
    owner = {}
    for p in ws.positions.values():
        for a in p.arguments:
            for s in readability.sentences(" ".join((a.short or a.text).split())):
                owner[sentence_key(s)] = p.id
    return owner


@pytest.mark.parametrize(
    "outlet",
    ["nyt", "washington-post", "wsj", "the-hill", "usa-today", "politico",
     "los-angeles-times", "boston-globe", "fortune"],
)  # fmt: skip
def test_builtin_oped_for_every_outlet_reads_as_one_argument(outlet):
    ws, _ = load_workspace(builtin_root())
    draft = draft_oped(ws, OpedRequest(outlet=outlet, today=TODAY))
    low, high = ws.outlets[outlet].words
    assert low <= draft.stats.words <= high and draft.stats.grade <= 12
    markdown = draft.markdown
    dek = blocks(markdown)[1].strip("*")
    body = body_text(markdown).split("\n\n")

    # Short paragraphs, and no sentence said twice (the dek included).
    said = [sentence_key(s) for p in [dek, *body] for s in readability.sentences(p)]
    assert len(said) == len(set(said))
    assert max(len(readability.sentences(p)) for p in body) <= 4

    # Links on words, never a parenthetical label.
    assert draft.stats.links >= 5 and "[@" not in markdown
    assert not re.search(r"\(\s*\[[^\]]*\]\([^)]*\)\s*\)", markdown)

    # One lead position: at least two of its points; any other lends one paragraph at most.
    owner = module_of(ws)
    origins = [owner.get(sentence_key(readability.sentences(p)[0]), "") for p in body]
    lead = draft.fields["lead"]
    assert lead == "data-access" and origins.count(lead) >= 2
    for other in set(origins) - {lead, "global-race", ""}:
        assert origins.count(other) == 1, other

    # The turn, and a kicker that returns to the news with one call to action.
    objection = next(i for i, p in enumerate(body) if p.startswith("To be sure,"))
    assert body[objection + 1].startswith("But ")
    close = readability.sentences(body[-1])
    assert close[0].startswith("Seedance 2.0 will not be the last") and len(close) == 2
    assert close[1].startswith("Congress should put it plainly in law")
    assert "Here is what" not in markdown and "Washington should start here" not in markdown


def test_builtin_campaign_pieces_each_lead_with_their_own_position():
    ws, _ = load_workspace(builtin_root())
    campaign = ws.campaigns["oped-push"]
    plan = plan_batch(ws, campaign, Path("out"), today=LATE)
    assert [(j.target, j.lead) for j in plan.jobs] == [
        ("the-hill", "licensing"),
        ("usa-today", "data-access"),
        ("wsj", "safeguards"),
        ("politico", "preemption"),
    ]
    heads = {j.target: draft_oped(ws, j.request).title for j in plan.jobs}
    assert len(set(heads.values())) == 4


# -- exclusivity in a batch ------------------------------------------------------------------
SHARED_LEAD = """\
name: Op-eds
kind: oped
positions: [open-data, fair-rules]
output: "{outlet}.md"
targets:
  - outlet: daily-example
  - outlet: weekly-example
"""


def two_outlets(mini_ws: Path) -> Path:
    (mini_ws / "outlets.yaml").write_text(
        (mini_ws / "outlets.yaml").read_text()
        + "weekly-example: {name: The Weekly Example, words: [20, 1000]}\n"
    )
    return mini_ws


def test_a_campaign_whose_two_outlets_share_a_lead_fails(mini_ws, tmp_path):
    two_outlets(mini_ws)
    (tmp_path / "ops.yaml").write_text(SHARED_LEAD)
    ws, _ = load_workspace(mini_ws)
    campaign, _ = resolve_campaign(ws, tmp_path / "ops.yaml")
    with pytest.raises(ValidationError) as info:
        plan_batch(ws, campaign, tmp_path / "out", today=TODAY)
    assert [str(p) for p in info.value.problems] == [
        f"{campaign.file}:7:5: targets[1]: the op-eds for daily-example and weekly-example both "
        f"lead with 'open-data' (the first at {campaign.file}:6:5); every outlet expects an "
        "exclusive piece — give each op-ed target its own lead position: emphasis: [another "
        "position]"
    ]
    result = runner.invoke(
        app, ["-w", str(mini_ws), "batch", str(tmp_path / "ops.yaml"), "--out-dir", "out"]
    )
    assert result.exit_code == 1 and "both lead with 'open-data'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_op_eds_too_alike_fail_the_batch_naming_both_files(mini_ws, tmp_path, monkeypatch):
    two_outlets(mini_ws)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_TODAY", "2026-11-24")
    alike = SHARED_LEAD.replace(
        "  - outlet: weekly-example\n", "  - outlet: weekly-example\n    emphasis: [fair-rules]\n"
    ).replace("kind: oped\n", "kind: oped\nsimilarity_threshold: 0.05\n")
    (tmp_path / "ops.yaml").write_text(alike)
    result = runner.invoke(app, ["-w", str(mini_ws), "batch", "ops.yaml", "--out-dir", "out"])
    assert result.exit_code == 1, result.stderr
    assert re.search(
        r"error: daily-example\.md and weekly-example\.md are \d+% alike \(threshold 5%\); every "
        r"outlet expects an exclusive piece",
        result.stderr,
    )
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [(r["outlet"], r["lead"]) for r in manifest["rows"]] == [
        ("daily-example", "open-data"),
        ("weekly-example", "fair-rules"),
    ]
    assert "outlet,lead" in (tmp_path / "out" / "manifest.csv").read_text().splitlines()[0]


def test_an_oped_campaign_defaults_to_a_strict_threshold():
    ws, _ = load_workspace(builtin_root())
    assert ws.campaigns["oped-push"].similarity_threshold == 0.3
    assert ws.campaigns["fall"].similarity_threshold == 0.8


# -- the command, read back -------------------------------------------------------------------
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
    monkeypatch.setenv("DRAFTER_TODAY", "2026-11-24")
    monkeypatch.delenv("DRAFTER_WORKSPACE", raising=False)
    result = invoke("oped", *(["--outlet", outlet] if outlet else []))
    assert result.exit_code == 0, result.output
    name = f"oped-{outlet or 'the-hill'}.docx"
    path = tmp_path / name
    assert path.exists() and f"Wrote {name}" in result.stdout
    ws, _ = load_workspace(builtin_root())
    low, high = ws.outlets[outlet or "the-hill"].words

    paragraphs_back = [p for p in pandoc_plain(path) if p != "SAMPLE — NOT FOR FILING"]
    assert paragraphs_back[0] == "Closing off public data would hand AI to a few giants"
    assert paragraphs_back[-1].startswith(ws.signer().name)  # the bio line, last
    body = paragraphs_back[2:-1]  # without the headline, the dek and the bio
    words = sum(len(p.split()) for p in body)
    assert low <= words <= high
    assert f"{words:,} words" in result.stdout  # what drafter reports is what pandoc counts
    assert f"word limit: {low:,}–{high:,}" in result.stdout
    assert "reading grade" in result.stdout
    markdown = pandoc_markdown(path)
    assert "[^" not in markdown and _footnotes(path.read_bytes()) == []
    assert "[Associated Press](https://" in markdown or "[OPEN Government Data Act](" in markdown


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


def test_same_command_twice_gives_identical_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_TODAY", "2026-11-24")
    monkeypatch.delenv("DRAFTER_WORKSPACE", raising=False)
    assert invoke("oped", "-o", "a.docx").exit_code == 0
    assert invoke("oped", "-o", "b.docx").exit_code == 0
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    again = runner.invoke(app, ["oped", "-o", "a.docx"])
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert invoke("oped", "-o", "a.docx", "--force").exit_code == 0


def test_markdown_text_and_preview(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_TODAY", "2026-11-24")
    monkeypatch.delenv("DRAFTER_WORKSPACE", raising=False)
    assert invoke("oped", "--outlet", "wsj", "--format", "md").exit_code == 0
    md = (tmp_path / "oped-wsj.md").read_text()
    md = md.removeprefix("**SAMPLE — NOT FOR FILING**\n\n")  # the built-in workspace is a sample
    assert md.startswith("# Closing off public data") and "](https://" in md and "[@" not in md
    assert invoke("oped", "--outlet", "wsj", "--format", "txt").exit_code == 0
    text = (tmp_path / "oped-wsj.txt").read_text()
    assert text.startswith("SAMPLE — NOT FOR FILING\n\nClosing off public data")
    result = invoke("oped", "--preview", "--headline", "A Better Headline")
    assert result.exit_code == 0 and "A Better Headline" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["oped-wsj.md", "oped-wsj.txt"]


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        (
            "The Center for Example Policy studies small firms. It was founded in 2001.",
            "Jo Roe directs policy at the Center for Example Policy. "
            "The center studies small firms.",
        ),
        (
            "Center for Example Policy studies small firms.",
            "Jo Roe directs policy at the Center for Example Policy. "
            "The center studies small firms.",
        ),
        (
            "We study small firms.",
            "Jo Roe directs policy at the Center for Example Policy. We study small firms.",
        ),
    ],
)
def test_a_two_sentence_bio_names_the_organization_once(description: str, expected: str):
    from drafter.compose.wording import bio_line
    from drafter.model import Signer

    signer = Signer(
        id="jo",
        name="Jo Roe",
        title="",
        email="",
        bio="Jo Roe directs policy at the Center for Example Policy.",
    )
    assert bio_line(signer, "Center for Example Policy", description, "two-sentence") == expected
