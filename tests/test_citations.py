"""Citations: pandoc's syntax, Bluebook footnotes (21st ed., Bluepages), op-ed links.

The footnote texts below are written from the Bluebook's rules, not from drafter's output:
cases (R10, B10), statutes (R12, B12), the Federal Register (R14), hearings (R13), reports
and web pages (R15, R18), short forms and *Id.* (R4, B10.2), signals (R1.2–1.3).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from drafter.errors import CitationError, Location
from drafter.model import Source
from drafter.text.citations import cite_footnotes, to_footnotes, to_links
from drafter.text.cite_syntax import Cite, citation_keys, citation_problems, find_citations
from drafter.text.pins import fr_cite

D = dt.date
GOOGLE = Source(
    "google", "case", "Google LLC v. Oracle America, Inc.", citation="593 U.S. 1 (2021)"
)
WARHOL = Source(
    "warhol",
    "case",
    "Andy Warhol Foundation for the Visual Arts, Inc. v. Goldsmith",
    citation="598 U.S. 508 (2023)",
    short="Warhol",
)
GUILD = Source(
    "guild", "case", "Authors Guild v. Google, Inc.", citation="804 F.3d 202 (2d Cir. 2015)"
)
BARTZ = Source(
    "bartz",
    "case",
    "Bartz v. Anthropic PBC",
    citation="No. C 24-05417 WHA (N.D. Cal. June 23, 2025)",
    short="Bartz",
)
DOE = Source(
    "doe",
    "case",
    "Doe v. Roe Corp.",
    citation="No. 1:24-cv-1, 2025 WL 123456 (D. Del. Feb. 11, 2025)",
)
NOI = Source(
    "noi",
    "notice",
    "Artificial Intelligence and Copyright",
    author="U.S. Copyright Office",
    citation="88 Fed. Reg. 59942",
    date=D(2023, 8, 30),
)
NPRM = Source(
    "nprm",
    "notice",
    "Trade Regulation Rule on Impersonation of Government and Businesses",
    citation="89 Fed. Reg. 15072 (proposed Mar. 1, 2024) (to be codified at 16 C.F.R. pt. 461)",
    short="Impersonation SNPRM",
    date=D(2024, 3, 1),
)
TAKE = Source(
    "take",
    "statute",
    "TAKE IT DOWN Act",
    public_law="119-12",
    stat="139 Stat. 55",
    date=D(2025, 5, 19),
)
STIMULUS = Source(
    "stimulus",
    "statute",
    "Economic Stimulus Act of 2008",
    public_law="110-185",
    stat="122 Stat. 613",
    date=D(2008, 2, 13),
)
EVIDENCE = Source(
    "evidence",
    "statute",
    "OPEN Government Data Act",
    public_law="115-435, tit. II",
    stat="132 Stat. 5529, 5534",
    code="44 U.S.C. § 3501 note",
    date=D(2019, 1, 14),
)
FAIR_USE = Source("fair-use", "statute", "Fair use", code="17 U.S.C. § 107")
COLORADO = Source(
    "colorado",
    "statute",
    "Colorado AI Act",
    code="Colo. Rev. Stat. §§ 6-1-1701 to -1707",
    date=D(2024, 5, 17),
)
PART3 = Source(
    "part3",
    "report",
    "Copyright and Artificial Intelligence, Part 3: Generative AI Training",
    author="U.S. Copyright Office",
    date=D(2025, 5, 9),
    url="https://www.copyright.gov/ai/part3.pdf",
    short="Part 3 Report",
)
RMF = Source(
    "rmf",
    "report",
    "Artificial Intelligence Risk Management Framework (AI RMF 1.0)",
    author="National Institute of Standards and Technology",
    citation="NIST AI 100-1",
    date=D(2023, 1, 26),
    url="https://doi.org/10.6028/NIST.AI.100-1",
)
PAPER = Source(
    "paper",
    "report",
    "The Value of Open Data",
    author="Example Institute",
    publisher="Example Press",
    date=D(2025, 3, 1),
)
HEARING = Source(
    "hearing",
    "hearing",
    "Winning the AI Race: Strengthening U.S. Capabilities in Computing and Innovation",
    author="Senate Committee on Commerce, Science, and Transportation",
    date=D(2025, 5, 8),
    witness="Brad Smith, Vice Chair & President, Microsoft Corp.",
    short="AI Race Hearing",
)
ARTICLE = Source(
    "article",
    "article",
    "senators urge ByteDance to shut down Seedance",
    author="Jane Doe",
    publisher="The Hill",
    date=D(2026, 2, 20),
    url="https://thehill.com/seedance",
)
TRACKER = Source(
    "tracker",
    "web",
    "Artificial Intelligence (AI) Legislation",
    author="MultiState",
    accessed=D(2026, 12, 5),
    url="https://www.multistate.ai/artificial-intelligence-ai-legislation",
)
FULL = Source(
    "custom", "report", "Custom", full="Anything the user wrote, 12 (2024).", short="Custom"
)
NO_URL = Source(
    "no-url", "report", "Paper Only", author="A. Author", loc=Location("sources.yaml", 40, 1)
)
SOURCES = {
    s.key: s
    for s in (GOOGLE, WARHOL, GUILD, BARTZ, DOE, NOI, NPRM, TAKE, STIMULUS, EVIDENCE, FAIR_USE,
              COLORADO, PART3, RMF, PAPER, HEARING, ARTICLE, TRACKER, FULL, NO_URL)
}  # fmt: skip


def notes_of(text: str, sources: dict[str, Source] = SOURCES) -> list[str]:
    """The footnote texts of text, in the order markdown-it numbers them."""
    out, _ = to_footnotes(text, sources)
    defs = dict(re.findall(r"^\[\^([^\]]+)\]: (.*)$", out, re.M))
    env: dict = {}
    MarkdownIt("commonmark").use(footnote_plugin).parse(out, env)
    listed = env.get("footnotes", {}).get("list", {})
    return [defs.get(listed[i].get("label", ""), "(inline)") for i in sorted(listed)]


# ---------------------------------------------------------------- the Bluebook table

BLUEBOOK = [
    # -- cases: T6 in the name, italic; pinpoints; short forms never supra; Id.
    ("google", "A [@google].", ["*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021)."]),
    (
        "google-pin-then-short-then-id",
        "A [@google, p. 12]. B [@guild]. C [@google, p. 39]. D [@google, pp. 40-41].",
        [
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1, 12 (2021).",
            "*Authors Guild v. Google, Inc.*, 804 F.3d 202 (2d Cir. 2015).",
            "*Google*, 593 U.S. at 39.",
            "*Id.* at 40–41.",
        ],
    ),
    (
        "warhol-short-from-short",
        "A [@warhol, p. 529]. B [@google]. C [@warhol, p. 531].",
        [
            "*Andy Warhol Found. for the Visual Arts, Inc. v. Goldsmith*, 598 U.S. 508, 529 "
            "(2023).",
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
            "*Warhol*, 598 U.S. at 531.",
        ],
    ),
    (
        "slip-opinion",
        "A [@bartz, p. 9]. B [@google]. C [@bartz, p. 30].",
        [
            "*Bartz v. Anthropic PBC*, No. C 24-05417 WHA, slip op. at 9 (N.D. Cal. June 23, "
            "2025).",
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
            "*Bartz*, slip op. at 30.",
        ],
    ),
    (
        "westlaw",
        "A [@doe, p. *3]. B [@google]. C [@doe, p. *5].",
        [
            "*Doe v. Roe Corp.*, No. 1:24-cv-1, 2025 WL 123456, at *3 (D. Del. Feb. 11, 2025).",
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
            "*Doe*, 2025 WL 123456, at *5.",
        ],
    ),
    (
        "note-pin-and-parenthetical",
        "A [@google, p. 12 n. 4 (quoting the statute)].",
        ["*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1, 12 n.4 (2021) (quoting the statute)."],
    ),
    # -- Federal Register: first in full with the date, later "88 Fed. Reg. at 59,945"
    (
        "federal-register",
        "A [@noi]. B [@google]. C [@noi, p. 59945]. D [@noi, pp. 59945-59947].",
        [
            "Artificial Intelligence and Copyright, 88 Fed. Reg. 59,942 (Aug. 30, 2023).",
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
            "Artificial Intelligence and Copyright, 88 Fed. Reg. at 59,945.",
            "*Id.* at 59,945–47.",
        ],
    ),
    (
        "proposed-rule-hereinafter",
        "A [@nprm, p. 15075]. B [@google]. C [@nprm, p. 15080].",
        [
            "Trade Regulation Rule on Impersonation of Government and Businesses, 89 Fed. Reg. "
            "15,072, 15,075 (proposed Mar. 1, 2024) (to be codified at 16 C.F.R. pt. 461) "
            "\\[hereinafter Impersonation SNPRM\\].",
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
            "Impersonation SNPRM, 89 Fed. Reg. at 15,080.",
        ],
    ),
    # -- statutes: Pub. L. No., Stat., U.S.C.; short forms by name and section
    (
        "public-law",
        "A [@take, § 3]. B [@google]. C [@take, § 2]. D [@take, § 3(a)]. E [@take].",
        [
            "TAKE IT DOWN Act, Pub. L. No. 119-12, § 3, 139 Stat. 55 (2025).",
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
            "TAKE IT DOWN Act § 2.",
            "*Id.* § 3(a).",
            "*Id.*",
        ],
    ),
    (
        "name-with-year-takes-no-year",
        "A [@stimulus, § 101].",
        ["Economic Stimulus Act of 2008, Pub. L. No. 110-185, § 101, 122 Stat. 613."],
    ),
    (
        "codified",
        "A [@evidence].",
        [
            "OPEN Government Data Act, Pub. L. No. 115-435, tit. II, 132 Stat. 5529, 5534 (2019) "
            "(codified at 44 U.S.C. § 3501 note)."
        ],
    ),
    (
        "code-sections",
        "A [@fair-use]. B [@colorado, § 6-1-1706]. C [@fair-use, (a)]. D [@google]. E [@colorado].",
        [
            "17 U.S.C. § 107.",
            "Colo. Rev. Stat. § 6-1-1706 (2024).",
            "17 U.S.C. § 107(a).",
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
            "Colo. Rev. Stat. §§ 6-1-1701 to -1707 (2024).",
        ],
    ),
    # -- reports: institutional authors per T6, page after the title, [hereinafter], supra
    (
        "report-hereinafter",
        "A [@part3, p. 45]. B [@google]. C [@part3, p. 50].",
        [
            "U.S. Copyright Off., *Copyright and Artificial Intelligence, Part 3: Generative AI "
            "Training* 45 (May 2025), <https://www.copyright.gov/ai/part3.pdf> \\[hereinafter "
            "*Part 3 Report*\\].",
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
            "*Part 3 Report*, *supra* note 1, at 50.",
        ],
    ),
    # A short title only where a later note uses it: cited once (or again only as *Id.*), the
    # report carries no "[hereinafter …]".
    (
        "report-cited-once-no-hereinafter",
        "A [@part3, p. 45]. B [@part3, p. 46].",
        [
            "U.S. Copyright Off., *Copyright and Artificial Intelligence, Part 3: Generative AI "
            "Training* 45 (May 2025), <https://www.copyright.gov/ai/part3.pdf>.",
            "*Id.* at 46.",
        ],
    ),
    (
        "report-by-author-supra",
        "A [@paper, p. 4]. B [@google]. C [@paper, § 2]. D [-@paper].",
        [
            "Example Inst., *The Value of Open Data* 4 (Example Press Mar. 2025).",
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
            "Example Inst., *supra* note 1, § 2.",
            "*Id.*",
        ],
    ),
    (
        "report-number-takes-at",
        "A [@rmf, p. 12].",
        [
            "Nat'l Inst. of Standards & Tech., *Artificial Intelligence Risk Management Framework "
            "(AI RMF 1.0)*, NIST AI 100-1, at 12 (Jan. 2023), <https://doi.org/10.6028/NIST.AI.100-1>."
        ],
    ),
    # -- hearings: the committee abbreviated, the Congress, the witness
    (
        "hearing",
        "A [@hearing, p. 14]. B [@google]. C [@hearing, p. 15]. "
        "D [@hearing, p. 16, statement of Lisa Su].",
        [
            "*Winning the AI Race: Strengthening U.S. Capabilities in Computing and Innovation: "
            "Hearing Before the S. Comm. on Com., Sci., & Transp.*, 119th Cong. 14 (2025) "
            "(statement of Brad Smith, Vice Chair & President, Microsoft Corp.) \\[hereinafter "
            "*AI Race Hearing*\\].",
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
            "*AI Race Hearing*, *supra* note 1, at 15 (statement of Brad Smith).",
            "*Id.* at 16 (statement of Lisa Su).",
        ],
    ),
    (
        "hearing-another-statement",
        "A [@hearing, statement of Lisa Su; @hearing, p. 3].",
        [
            "*Winning the AI Race: Strengthening U.S. Capabilities in Computing and Innovation: "
            "Hearing Before the S. Comm. on Com., Sci., & Transp.*, 119th Cong. (2025) (statement "
            "of Lisa Su); *id.* at 3."
        ],
    ),
    # -- articles and web pages: R8 capitals, the site, the date or "last visited", the URL
    (
        "article-and-web",
        "A [@article]. B [@tracker]. C [@article].",
        [
            "Jane Doe, *Senators Urge ByteDance to Shut Down Seedance*, The Hill (Feb. 20, 2026), "
            "<https://thehill.com/seedance>.",
            "MultiState, *Artificial Intelligence (AI) Legislation*, "
            "<https://www.multistate.ai/artificial-intelligence-ai-legislation> (last visited "
            "Dec. 5, 2026).",
            "Jane Doe, *supra* note 1.",
        ],
    ),
    (
        "full-text-as-written",
        "A [@custom]. B [@google]. C [@custom, p. 3].",
        [
            "Anything the user wrote, 12 (2024).",
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
            "Custom, *supra* note 1, at 3.",
        ],
    ),
    # -- signals: italic, in the order written; a new kind starts a new citation sentence
    (
        "signals",
        "A [see @google, p. 12; see also @guild, p. 214; cf. @paper]. "
        "B [but see @bartz; see generally @fair-use]. C [see, e.g., @noi].",
        [
            "*See* *Google LLC v. Oracle Am., Inc.*, 593 U.S. 1, 12 (2021); *see also* *Authors "
            "Guild v. Google, Inc.*, 804 F.3d 202, 214 (2d Cir. 2015); *cf.* Example Inst., *The "
            "Value of Open Data* (Example Press Mar. 2025).",
            "*But see* *Bartz v. Anthropic PBC*, No. C 24-05417 WHA (N.D. Cal. June 23, 2025). "
            "*See generally* 17 U.S.C. § 107.",
            "*See, e.g.*, Artificial Intelligence and Copyright, 88 Fed. Reg. 59,942 (Aug. 30, "
            "2023).",
        ],
    ),
    (
        "compare-with",
        "A [compare @google; with @guild].",
        [
            "*Compare* *Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021), *with* *Authors Guild "
            "v. Google, Inc.*, 804 F.3d 202 (2d Cir. 2015)."
        ],
    ),
    (
        "id-after-a-signal-and-within-a-note",
        "A [@google, p. 12]. B [see @google, p. 14]. C [@google; @google, p. 20].",
        [
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1, 12 (2021).",
            "*See id.* at 14.",
            "*Id.*; *id.* at 20.",
        ],
    ),
    (
        "no-id-after-a-note-of-two-sources",
        "A [@google; @guild]. B [@google, p. 20]. C [@guild, p. 215; @google].",
        [
            "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021); *Authors Guild v. Google, "
            "Inc.*, 804 F.3d 202 (2d Cir. 2015).",
            "*Google*, 593 U.S. at 20.",
            "*Authors Guild*, 804 F.3d at 215; *Google*, 593 U.S. 1.",
        ],
    ),
    (
        "prefix-that-is-no-signal",
        "A [for the four factors, see @fair-use].",
        ["For the four factors, see 17 U.S.C. § 107."],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in BLUEBOOK], ids=[n for n, _, _ in BLUEBOOK]
)
def test_bluebook_footnotes(text: str, expected: list[str]) -> None:
    assert notes_of(text) == expected


def test_page_commas_off() -> None:
    out, _ = to_footnotes("A [@noi, p. 59945].", SOURCES, page_commas=False)
    assert out.endswith(
        "[^c1]: Artificial Intelligence and Copyright, 88 Fed. Reg. 59942, 59945 (Aug. 30, 2023)."
    )


def test_user_footnotes_take_numbers_and_break_id() -> None:
    text = (
        "Intro.[^note] Then [@part3]. A user note[^2] and [@part3, p. 5]. "
        "Again[^note] then [@google] and [@part3].\n\n"
        "[^note]: Our own remark.\n\n[^2]: Another remark.\n"
    )
    assert notes_of(text) == [
        "Our own remark.",
        "U.S. Copyright Off., *Copyright and Artificial Intelligence, Part 3: Generative AI "
        "Training* (May 2025), <https://www.copyright.gov/ai/part3.pdf> \\[hereinafter *Part 3 "
        "Report*\\].",
        "Another remark.",
        "*Part 3 Report*, *supra* note 2, at 5.",
        "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
        "*Part 3 Report*, *supra* note 2.",
    ]


def test_citations_inside_user_notes_stay_inline() -> None:
    text = "A^[see [@fair-use]] and [@google].\n\nB[^n].\n\n[^n]: Compare [@guild, p. 220].\n"
    out, count = to_footnotes(text, SOURCES)
    assert count == 1
    assert "A^[see 17 U.S.C. § 107] and.[^c1]" in out
    assert (
        "[^n]: Compare *Authors Guild v. Google, Inc.*, 804 F.3d 202, 220 (2d Cir. 2015).\n" in out
    )


def test_user_labels_like_c1_do_not_collide() -> None:
    out, _ = to_footnotes("Mine[^c1] and a cite [@google].\n\n[^c1]: My note.\n", SOURCES)
    assert "[^cite1]" in out


def test_cite_footnotes_reports_each_form() -> None:
    done = cite_footnotes("A [@google]. B [@google, p. 3]. C [@guild]. D [@google].", SOURCES)
    forms = [(n.number, [(c.key, kind) for c, kind in n.cites]) for n in done.notes]
    assert forms == [
        (1, [("google", "full")]),
        (2, [("google", "id")]),
        (3, [("guild", "full")]),
        (4, [("google", "short")]),
    ]


# ---------------------------------------------------------------- where the call goes


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("A system will serve [@google].", "A system will serve.[^c1]"),
        ("First [@google], then more.", "First,[^c1] then more."),
        ("One [@google]; two.", "One;[^c1] two."),
        ('He said "it levels the field" [@google].', 'He said "it levels the field".[^c1]'),
        ("He said “it levels the field [@google].”", "He said “it levels the field.”[^c1]"),
        ("*An emphasis [@google]*.", "*An emphasis*.[^c1]"),
        ("No punctuation [@google] here", "No punctuation[^c1] here"),
        ("Ends a question [@google]?", "Ends a question?[^c1]"),
        ("Google's [@google]'s view.", "Google's[^c1]'s view."),
        ("Start\n[@google]: more", "Start\n[^c1]\\: more"),
        ("- [@google]: item", "- [^c1]\\: item"),
        ("A [@google][x] b", "A[^c1]\\[x] b"),
        ("A [@google][@guild]", "A[^c1][^c2]"),
    ],
)
def test_footnote_call_goes_after_the_punctuation(text: str, body: str) -> None:
    assert to_footnotes(text, SOURCES)[0].split("\n\n[^c1]: ")[0] == body


# ---------------------------------------------------------------- case names in the text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In Google v. Oracle, the Court [@google].", "In *Google v. Oracle*, the Court.[^c1]"),
        (
            "Google LLC v. Oracle America, Inc. held [@google].",
            "*Google LLC v. Oracle America, Inc.* held.[^c1]",
        ),
        ("In *Google v. Oracle* [@google].", "In *Google v. Oracle*.[^c1]"),
        ("Google won [@google].", "Google won.[^c1]"),  # a party's name alone may be the company
        (
            "See [Google v. Oracle](https://x.org) [@google].",
            "See [Google v. Oracle](https://x.org).[^c1]",
        ),
        ("`Google v. Oracle` [@google].", "`Google v. Oracle`.[^c1]"),
        ("Authors Guild v. Google is cited [@google].", "Authors Guild v. Google is cited.[^c1]"),
    ],
)
def test_names_of_cited_cases_are_italicized(text: str, expected: str) -> None:
    assert to_footnotes(text, SOURCES)[0].split("\n\n[^c1]: ")[0] == expected


# ---------------------------------------------------------------- syntax


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a [@key] b", [(Cite("key"),)]),
        ("[@key, p. 4]", [(Cite("key", "p. 4"),)]),
        ("[@key, pp. 4-6]", [(Cite("key", "pp. 4–6"),)]),
        ("[@key, 4]", [(Cite("key", "p. 4"),)]),
        ("[@key p. 33]", [(Cite("key", "p. 33"),)]),
        ("[@a; @b]", [(Cite("a"), Cite("b"))]),
        ("[@a, p. 3; @b]", [(Cite("a", "p. 3"), Cite("b"))]),
        (
            "[see @a, pp. 3–5; cf. @b, at 7]",
            [(Cite("a", "pp. 3–5", "see"), Cite("b", "at 7", "cf."))],
        ),
        ("[@a, p. 3 (quoting X; Y)]", [(Cite("a", "p. 3", suffix="(quoting X; Y)"),)]),
        ("[@a, p. 3, (quoting X)]", [(Cite("a", "p. 3", suffix="(quoting X)"),)]),
        ("[-@key]", [(Cite("key", bare=True),)]),
        ("[@a, § 3(a)(1)]", [(Cite("a", "§ 3(a)(1)"),)]),
        ("[@a, §§ 6-1-1701 to -1707]", [(Cite("a", "§§ 6-1-1701 to -1707"),)]),
        ("[@a, ¶ 12]", [(Cite("a", "¶ 12"),)]),
        ("[@a, para. 12]", [(Cite("a", "¶ 12"),)]),
        ("[@a, n. 4]", [(Cite("a", "n. 4"),)]),
        ("[@a, p. 12 n. 4]", [(Cite("a", "p. 12 n. 4"),)]),
        ("[@a, 59,945]", [(Cite("a", "p. 59,945"),)]),
        ("[@a, 3, 5, 7-9 and passim]", [(Cite("a", "p. 3, 5, 7–9", suffix="and passim"),)]),
        ("[@a, at the hearing]", [(Cite("a", suffix="at the hearing"),)]),
        ("[@a, tit. II]", [(Cite("a", "tit. II"),)]),
        ("[@{odd key}, p. 3]", [(Cite("odd key", "p. 3"),)]),
        ("[see, e.g., @a]", [(Cite("a", prefix="see, e.g.,"),)]),
        ("[@doc:2023.v1_x-y]", [(Cite("doc:2023.v1_x-y"),)]),
        ("[@one] and [@two]", [(Cite("one"),), (Cite("two"),)]),
        (r"\[@key]", []),
        ("`[@key]`", []),
        ("`` a ` [@key] ``", []),
        ("```\n[@key]\n```\n", []),
        ("~~~ md\n[@key]\n~~~\nafter [@k2]", [(Cite("k2"),)]),
        ("mail [me@example.org]", []),
        ("[@key](https://x.org)", []),
        ("^[@key]", []),
        ("`unclosed [@key]", [(Cite("key"),)]),
    ],
)
def test_find_citations(text: str, expected: list[tuple[Cite, ...]]) -> None:
    assert [cites for _, _, cites in find_citations(text)] == expected


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("[@key.]", "citation '[@key.]': unexpected '.' after @key", "put a comma after the key"),
        ("[@a;]", "citation '[@a;]': an empty citation between ';'", "remove the extra ';'"),
        (
            "[see @a; also]",
            "citation '[see @a; also]': 'also' names no source",
            "write it as [@key] or [see @key]",
        ),
        ("[@a @b]", "citation '[@a @b]': two sources in one item", "separate the sources with ';'"),
        ("[@a, p.]", "citation '[@a, p.]': the locator 'p.' has no number", "write it like 'p. 4'"),
        ("[@a, §]", "citation '[@a, §]': the locator '§' has no number", "write it like '§ 4'"),
        (
            "[@a, p. 4, !!]",
            "citation '[@a, p. 4, !!]': stray '!!' at the end of the citation",
            "move it outside the brackets",
        ),
        (
            "[@ a]",
            "citation '[@ a]': '@' is not followed by a source key",
            "write the key right after '@'",
        ),
        (
            "see [see @a, p. 4 and more",
            "citation '[see @a, p. 4 and more' is not closed",
            "end it with ']' in the same paragraph",
        ),
    ],
)
def test_malformed_citations_are_reported(text: str, message: str, hint: str) -> None:
    (found,) = citation_problems(text)
    assert found[:2] == (message, hint)
    with pytest.raises(CitationError, match=re.escape(message)) as info:
        to_footnotes(text, SOURCES, where="positions/x.yaml")
    assert info.value.location == Location("positions/x.yaml")


def test_citation_keys_line_and_column() -> None:
    text = "first line\n  see [@alpha; @beta, p. 3]\n[@gamma]"
    assert citation_keys(text) == [("alpha", 2, 9), ("beta", 2, 17), ("gamma", 3, 3)]


def test_malformed_citation_line_and_column() -> None:
    assert citation_problems("ok\nthen [@a,\np.]")[0][2:4] == (2, 6)


@pytest.mark.parametrize(
    ("citation", "date", "commas", "expected"),
    [
        ("88 Fed. Reg. 59942", D(2023, 8, 30), True, "88 Fed. Reg. 59,942 (Aug. 30, 2023)"),
        ("88 Fed. Reg. 59942", D(2023, 8, 30), False, "88 Fed. Reg. 59942 (Aug. 30, 2023)"),
        ("88 Fed. Reg. 59,942", None, False, "88 Fed. Reg. 59942"),
        ("90 Fed. Reg. 9088", D(2025, 2, 6), True, "90 Fed. Reg. 9088 (Feb. 6, 2025)"),
        ("88 Fed. Reg. 59942, 59945", None, True, "88 Fed. Reg. 59,942, 59,945"),
        ("804 F.3d 202 (2d Cir. 2015)", D(2015, 10, 16), True, "804 F.3d 202 (2d Cir. 2015)"),
        ("42 U.S.C. § 18031", None, True, "42 U.S.C. § 18031"),
        ("90  Fed. Reg.\n46422", D(2025, 9, 26), True, "90 Fed. Reg. 46,422 (Sept. 26, 2025)"),
        ("1 X 1", D(2024, 6, 1), True, "1 X 1 (June 1, 2024)"),
    ],
)
def test_fr_cite(citation: str, date: dt.date | None, commas: bool, expected: str) -> None:
    assert fr_cite(citation, date, page_commas=commas) == expected


def test_unknown_key_names_where_and_suggests() -> None:
    with pytest.raises(CitationError, match=r"unknown source 'gogle'") as info:
        to_footnotes("X [@gogle].", SOURCES, where="positions/data-access.yaml")
    assert info.value.location.file == "positions/data-access.yaml"
    assert "did you mean 'google'?" in info.value.hint


def test_text_without_citations_is_returned_as_is() -> None:
    text = "No cites here, only `[@code]` and \\[@escaped].\n"
    assert to_footnotes(text, {}) == (text, 0)


# ---------------------------------------------------------------- links (op-eds)


def test_to_links_links_the_short_title_in_the_sentence() -> None:
    hearing = Source("hearing", "hearing", "T", short="AI Race Hearing", url="https://x.org/h")
    text = "At the AI Race Hearing, Brad Smith said data levels the playing field [@hearing]."
    assert to_links(text, {"hearing": hearing}) == (
        "At the [AI Race Hearing](https://x.org/h), Brad Smith said data levels the playing field."
    )


def test_to_links_links_a_source_cited_twice_once() -> None:
    hearing = Source("hearing", "hearing", "T", short="AI Race Hearing", url="https://x.org/h")
    text = "At the AI Race Hearing two witnesses spoke [@hearing; @hearing, statement of Su]."
    assert to_links(text, {"hearing": hearing}) == (
        "At the [AI Race Hearing](https://x.org/h) two witnesses spoke."
    )


def test_to_links_falls_back_to_a_parenthetical() -> None:
    text = "Data levels the playing field [@article, p. 4; @tracker].\n"
    assert to_links(text, SOURCES) == (
        "Data levels the playing field ([senators urge ByteDance to shut down Seedance]"
        "(https://thehill.com/seedance), [Artificial Intelligence (AI) Legislation]"
        "(https://www.multistate.ai/artificial-intelligence-ai-legislation)).\n"
    )


def test_to_links_case_uses_first_party_and_escapes_url_parentheses() -> None:
    src = Source(
        "g", "case", "Google LLC v. Oracle Am., Inc.", url="https://en.wikipedia.org/wiki/G_(case)"
    )
    assert to_links("As Google shows [@g].", {"g": src}) == (
        "As [Google](<https://en.wikipedia.org/wiki/G_(case)>) shows."
    )


def test_to_links_refuses_a_source_without_url_and_a_malformed_citation() -> None:
    with pytest.raises(
        CitationError, match=r"source 'no-url' cited in oped.md.j2 has no url"
    ) as info:
        to_links("Claim [@no-url].", SOURCES, where="oped.md.j2")
    assert info.value.location == Location("sources.yaml", 40, 1)
    with pytest.raises(CitationError, match=r"has no number"):
        to_links("Claim [@google, p.].", SOURCES, where="oped.md.j2")


# ---------------------------------------------------------------- properties

_KEYS = ["google", "noi", "fair-use", "part3", "article"]
_WORDS = st.text(alphabet="abcdefghij ,.;:!?'\"-()", min_size=0, max_size=12)
_CITE = st.builds(
    lambda keys, page: (
        "[" + "; ".join(f"@{k}" + (f", p. {page}" if page else "") for k in keys) + "]"
    ),
    st.lists(st.sampled_from(_KEYS), min_size=1, max_size=3),
    st.one_of(st.none(), st.integers(1, 99999)),
)
_USER_REF = st.sampled_from(["[^a] ", "[^b] ", "[^c1] "])
_DOC = st.lists(st.one_of(_WORDS, _CITE, _USER_REF, st.just("\n"), st.just("\n\n")), max_size=25)


@given(st.text(max_size=200))
def test_text_without_citations_is_unchanged(text: str) -> None:
    if "@" not in text:
        assert to_footnotes(text, SOURCES) == (text, 0)


@settings(max_examples=150, deadline=None)
@given(_DOC)
def test_one_footnote_per_citation_and_no_call_before_punctuation(parts: list[str]) -> None:
    text = "Start " + "".join(parts) + "\n\n[^a]: Note a.\n\n[^b]: Note b.\n\n[^c1]: Note c.\n"
    groups = len(find_citations(text))
    out, count = to_footnotes(text, SOURCES)
    assert count == groups
    env: dict = {}
    MarkdownIt("commonmark").use(footnote_plugin).parse(out, env)
    listed = env.get("footnotes", {}).get("list", {})
    assert len([i for i in listed if listed[i]["label"] not in ("a", "b", "c1")]) == count
    body = out.split("\n\n[^cite1]: ")[0]
    assert not re.search(r"\[\^cite\d+\][.,;]", body)  # the user's own labels are a, b, c1
    # An *Id.* note follows a citation note, never a user's own note.
    labels = [listed[i]["label"] for i in sorted(listed)]
    defs = dict(re.findall(r"^\[\^([^\]]+)\]: (.*)$", out, re.M))
    for i, label in enumerate(labels):
        if defs.get(label, "").startswith("*Id.*"):
            assert i > 0 and labels[i - 1] not in ("a", "b", "c1")


# ---------------------------------------------------------------- no input hangs a letter

_RUNS = r"""
import sys
from drafter.model import Source
from drafter.text.case_names import italicize_case_names
from drafter.text.cite_syntax import parse_locator, scan
from drafter.text.citations import to_footnotes
from drafter.text.pins import Pin, fr_cite, page_range, split_parens
from drafter.text.t6 import abbreviate, title_case

case = Source("g", "case", "Google LLC v. Oracle America, Inc.", citation="593 U.S. 1 (2021)")
steps = [
    lambda t: scan(t),
    lambda t: scan("[@g, " + t + "]"),
    lambda t: scan("[see " + t + " @g]"),
    lambda t: to_footnotes("A [@g] " + t.replace("@", "") + " [@g].", {"g": case}),
    lambda t: parse_locator(t),
    lambda t: Pin.parse("p. " + t, t),
    lambda t: split_parens(t + "(x)"),
    lambda t: fr_cite("1 F. " + t),
    lambda t: page_range(t, True),
    lambda t: abbreviate(t),
    lambda t: title_case(t),
    lambda t: italicize_case_names(t + " Google v. Oracle", [case]),
]
for run in sys.argv[1:]:
    text = run * ((1 << 20) // len(run))
    for step in steps:
        try:
            step(text)
        except Exception as error:  # a clear refusal is fine; a hang is not
            if type(error).__name__ != "CitationError":
                raise
"""


def test_a_mebibyte_of_any_special_character_is_read_in_linear_time(tmp_path: Path) -> None:
    """Each citation pattern reads a 1 MiB run of a special character quickly (issue 18).

    A quadratic pattern takes minutes on such a run; linear ones take well under a second
    each. The guard is the subprocess's generous timeout, not a measured time.
    """
    runs = ["[", "]", "@", "[@", "@a ", "\\", "`", "(", ")", "1", "1,", "1-", " ", ";", ",",
            "-", "*", "_", "^[", "[^", "p. ", "§", "\n", "a", "v. ", "'", '"']  # fmt: skip
    script = tmp_path / "runs.py"
    script.write_text(_RUNS, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), *runs], capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stderr
