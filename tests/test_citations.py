"""Citations: finding [@key], Bluebook-like footnote text, footnote numbering, op-ed links."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from drafter.errors import CitationError, Location
from drafter.model import Source
from drafter.text.citations import (
    Cite,
    citation_keys,
    find_citations,
    format_full,
    format_short,
    fr_cite,
    to_footnotes,
    to_links,
)

GOOGLE = Source(
    "google",
    "case",
    "Google LLC v. Oracle Am., Inc.",
    citation="593 U.S. 1",
    date=dt.date(2021, 4, 5),
)
GUILD = Source(
    "guild", "case", "Authors Guild v. Google, Inc.", citation="804 F.3d 202 (2d Cir. 2015)"
)
NOTICE = Source(
    "usco-noi",
    "notice",
    "Artificial Intelligence and Copyright",
    author="U.S. Copyright Office",
    citation="88 Fed. Reg. 59942",
    date=dt.date(2023, 8, 30),
    short="AI Notice",
)
FAIR_USE = Source("fair-use", "statute", "Fair use", citation="17 U.S.C. § 107")
HEARING = Source(
    "commerce-hearing-2026",
    "hearing",
    "Winning the AI Race",
    author="Senate Commerce Committee",
    date=dt.date(2026, 5, 8),
    url="https://www.commerce.senate.gov/hearing",
    short="Senate Commerce hearing",
)
REPORT = Source(
    "usco-part3",
    "report",
    "Copyright and Artificial Intelligence, Part 3",
    author="U.S. Copyright Office",
    publisher="U.S. Copyright Office",
    date=dt.date(2025, 5, 9),
    url="https://www.copyright.gov/ai/part3.pdf",
    short="Part 3",
)
ARTICLE = Source(
    "hill-seedance",
    "article",
    "Senators Urge ByteDance to Shut Down Seedance",
    author="Jane Doe",
    publisher="The Hill",
    date=dt.date(2026, 2, 20),
    url="https://thehill.com/seedance",
    short="Senators Urge ByteDance",
)
WEB = Source(
    "open-data",
    "web",
    "China's Open Data Push",
    author="Example Institute",
    date=dt.date(2026, 1, 2),
    url="https://example.org/china",
)
FULL = Source(
    "custom", "report", "Custom", full="Anything the user wrote, 12 (2024).", short="Custom"
)
NO_URL = Source(
    "no-url", "report", "Paper Only", author="A. Author", loc=Location("sources.yaml", 40, 1)
)
SOURCES = {s.key: s for s in (GOOGLE, GUILD, NOTICE, FAIR_USE, HEARING, REPORT, ARTICLE, WEB, FULL)}
SOURCES["no-url"] = NO_URL


def _defs(markdown: str) -> dict[str, str]:
    """Map each footnote label defined in markdown to its text."""
    return dict(re.findall(r"^\[\^([^\]]+)\]: (.*)$", markdown, re.M))


def _notes(markdown: str) -> list[str]:
    """Return footnote texts in the order markdown-it numbers them."""
    env: dict = {}
    MarkdownIt("commonmark").use(footnote_plugin).parse(markdown, env)
    defs = _defs(markdown)
    listed = env.get("footnotes", {}).get("list", {})
    return [defs.get(listed[i].get("label", ""), "(inline)") for i in sorted(listed)]


# ---------------------------------------------------------------- finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a [@key] b", [(Cite("key"),)]),
        ("[@key, p. 4]", [(Cite("key", "p. 4"),)]),
        ("[@key, pp. 4-6]", [(Cite("key", "pp. 4-6"),)]),
        ("[@a; @b]", [(Cite("a"), Cite("b"))]),
        ("[@a, p. 3; @b]", [(Cite("a", "p. 3"), Cite("b"))]),
        ("[@doc:2023.v1_x-y]", [(Cite("doc:2023.v1_x-y"),)]),
        ("[@one] and [@two]", [(Cite("one"),), (Cite("two"),)]),
        ("[@key.]", []),
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


def test_find_citations_spans() -> None:
    text = "See [@a, p. 2]."
    assert find_citations(text) == [(4, 14, (Cite("a", "p. 2"),))]


def test_citation_keys_line_and_column() -> None:
    text = "first line\n  see [@alpha; @beta, p. 3]\n[@gamma]"
    assert citation_keys(text) == [("alpha", 2, 9), ("beta", 2, 17), ("gamma", 3, 3)]


# ---------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("citation", "date", "commas", "expected"),
    [
        ("88 Fed. Reg. 59942", dt.date(2023, 8, 30), True, "88 Fed. Reg. 59,942 (Aug. 30, 2023)"),
        ("88 Fed. Reg. 59942", dt.date(2023, 8, 30), False, "88 Fed. Reg. 59942 (Aug. 30, 2023)"),
        ("88 Fed. Reg. 59,942", None, False, "88 Fed. Reg. 59942"),
        ("90 Fed. Reg. 9088", dt.date(2025, 2, 6), True, "90 Fed. Reg. 9088 (Feb. 6, 2025)"),
        ("1 Fed. Reg. 123456", None, True, "1 Fed. Reg. 123,456"),
        ("88 Fed. Reg. 59942, 59945", None, True, "88 Fed. Reg. 59,942, 59,945"),
        ("593 U.S. 1", None, True, "593 U.S. 1"),
        ("804 F.3d 202 (2d Cir. 2015)", dt.date(2015, 10, 16), True, "804 F.3d 202 (2d Cir. 2015)"),
        ("42 U.S.C. § 18031", None, True, "42 U.S.C. § 18031"),
        (
            "90  Fed. Reg.\n46422",
            dt.date(2025, 9, 26),
            True,
            "90 Fed. Reg. 46,422 (Sept. 26, 2025)",
        ),
        ("1 X 1", dt.date(2024, 6, 1), True, "1 X 1 (June 1, 2024)"),
        ("1 X 1", dt.date(2024, 7, 1), True, "1 X 1 (July 1, 2024)"),
        ("1 X 1", dt.date(2024, 5, 1), True, "1 X 1 (May 1, 2024)"),
    ],
)
def test_fr_cite(citation: str, date: dt.date | None, commas: bool, expected: str) -> None:
    assert fr_cite(citation, date, page_commas=commas) == expected


FULL_FORMS = [
    (GOOGLE, "", "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021)."),
    (GOOGLE, "p. 12", "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1, 12 (2021)."),
    (GUILD, "p. 220", "*Authors Guild v. Google, Inc.*, 804 F.3d 202, 220 (2d Cir. 2015)."),
    (
        NOTICE,
        "",
        "U.S. Copyright Office, Artificial Intelligence and Copyright, "
        "88 Fed. Reg. 59,942 (Aug. 30, 2023).",
    ),
    (
        NOTICE,
        "p. 59945",
        "U.S. Copyright Office, Artificial Intelligence and Copyright, "
        "88 Fed. Reg. 59,942, 59,945 (Aug. 30, 2023).",
    ),
    (FAIR_USE, "", "17 U.S.C. § 107."),
    (FAIR_USE, "(a)", "17 U.S.C. § 107(a)."),
    (
        HEARING,
        "",
        "*Winning the AI Race*, Senate Commerce Committee (May 8, 2026), "
        "<https://www.commerce.senate.gov/hearing>.",
    ),
    (
        HEARING,
        "statement of Brad Smith",
        "*Winning the AI Race*, Senate Commerce Committee (May 8, 2026) "
        "(statement of Brad Smith), <https://www.commerce.senate.gov/hearing>.",
    ),
    (
        REPORT,
        "pp. 4-6",
        "U.S. Copyright Office, *Copyright and Artificial Intelligence, Part 3*, at 4-6 "
        "(May 2025), <https://www.copyright.gov/ai/part3.pdf>.",
    ),
    (
        ARTICLE,
        "",
        "Jane Doe, *Senators Urge ByteDance to Shut Down Seedance*, The Hill (Feb. 20, 2026), "
        "<https://thehill.com/seedance>.",
    ),
    (
        WEB,
        "",
        "Example Institute, *China's Open Data Push* (Jan. 2, 2026), <https://example.org/china>.",
    ),
    (FULL, "", "Anything the user wrote, 12 (2024)."),
    (FULL, "p. 3", "Anything the user wrote, 12 (2024), at 3."),
]


@pytest.mark.parametrize(("src", "locator", "expected"), FULL_FORMS)
def test_format_full(src: Source, locator: str, expected: str) -> None:
    assert format_full(src, locator) == expected


def test_format_full_report_with_other_publisher_and_pages() -> None:
    src = Source(
        "r",
        "report",
        "A_Title*",
        author="Ann Lee",
        publisher="Brookings",
        date=dt.date(2024, 3, 1),
        pages="12-14",
    )
    assert format_full(src) == r"Ann Lee, *A\_Title\**, at 12-14 (Brookings Mar. 2024)."


def test_format_full_without_page_commas() -> None:
    assert format_full(NOTICE, "p. 59945", page_commas=False).endswith(
        "88 Fed. Reg. 59942, 59945 (Aug. 30, 2023)."
    )


@pytest.mark.parametrize(
    ("src", "locator", "expected"),
    [
        (GOOGLE, "p. 12", "*Google*, 593 U.S. at 12."),
        (GOOGLE, "", "*Google*, 593 U.S. 1."),
        (GUILD, "p. 220", "*Authors Guild*, 804 F.3d at 220."),
        (NOTICE, "p. 59945", "U.S. Copyright Office, AI Notice, *supra* note 3, at 59,945."),
        (REPORT, "", "U.S. Copyright Office, *Part 3*, *supra* note 3."),
        (HEARING, "p. 4", "*Senate Commerce hearing*, *supra* note 3, at 4."),
        (WEB, "", "Example Institute, *China's Open Data Push*, *supra* note 3."),
        (FAIR_USE, "", "17 U.S.C. § 107."),
        (FULL, "", "Custom, *supra* note 3."),
    ],
)
def test_format_short(src: Source, locator: str, expected: str) -> None:
    assert format_short(src, 3, locator) == expected


# ---------------------------------------------------------------- footnotes


def test_to_footnotes_attaches_references_and_appends_definitions() -> None:
    text = "Access levels the playing field [@commerce-hearing-2026, p. 4].\n"
    out, count = to_footnotes(text, SOURCES)
    assert count == 1
    assert out == (
        "Access levels the playing field[^c1].\n\n"
        "[^c1]: *Winning the AI Race*, Senate Commerce Committee, at 4 (May 8, 2026), "
        "<https://www.commerce.senate.gov/hearing>.\n"
    )


def test_id_and_short_forms_with_supra_numbers() -> None:
    text = (
        "One [@usco-noi]. Two [@usco-noi, p. 59945]. Three [@google, p. 12]. Four [@google]. "
        "Five [@hill-seedance]. Six [@usco-noi, p. 59946]. Seven [@google, p. 14]. "
        "Eight [@hill-seedance, p. 2]."
    )
    out, count = to_footnotes(text, SOURCES)
    assert count == 8
    assert _notes(out) == [
        "U.S. Copyright Office, Artificial Intelligence and Copyright, "
        "88 Fed. Reg. 59,942 (Aug. 30, 2023).",
        "*Id.* at 59,945.",
        "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1, 12 (2021).",
        "*Id.*",
        "Jane Doe, *Senators Urge ByteDance to Shut Down Seedance*, The Hill (Feb. 20, 2026), "
        "<https://thehill.com/seedance>.",
        "U.S. Copyright Office, AI Notice, *supra* note 1, at 59,946.",
        "*Google*, 593 U.S. at 14.",
        "Jane Doe, *Senators Urge ByteDance*, *supra* note 5, at 2.",
    ]


def test_user_footnotes_shift_numbers_and_break_id() -> None:
    text = (
        "Intro.[^note] Then [@usco-part3]. A user note[^2] and [@usco-part3, p. 5]. "
        "Again[^note] then [@google] and [@usco-part3].\n\n"
        "[^note]: Our own remark.\n\n[^2]: Another remark.\n"
    )
    out, count = to_footnotes(text, SOURCES)
    assert count == 4
    assert _notes(out) == [
        "Our own remark.",
        "U.S. Copyright Office, *Copyright and Artificial Intelligence, Part 3* (May 2025), "
        "<https://www.copyright.gov/ai/part3.pdf>.",
        "Another remark.",
        "U.S. Copyright Office, *Part 3*, *supra* note 2, at 5.",
        "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021).",
        "U.S. Copyright Office, *Part 3*, *supra* note 2.",
    ]


def test_user_labels_like_c1_do_not_collide() -> None:
    text = "Mine[^c1] and a cite [@google].\n\n[^c1]: My note.\n"
    out, _ = to_footnotes(text, SOURCES)
    assert "[^cite1]" in out
    assert _notes(out) == ["My note.", "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021)."]


def test_inline_user_note_counts_and_citations_inside_user_notes_stay_inline() -> None:
    text = "A^[see [@fair-use]] and [@google].\n\nB[^n].\n\n[^n]: Compare [@guild, p. 220].\n"
    out, count = to_footnotes(text, SOURCES)
    assert count == 1
    assert "A^[see 17 U.S.C. § 107] and[^c1]." in out
    assert (
        "[^n]: Compare *Authors Guild v. Google, Inc.*, 804 F.3d 202, 220 (2d Cir. 2015).\n" in out
    )
    assert _notes(out)[1] == "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021)."


def test_multi_cite_is_one_footnote() -> None:
    out, count = to_footnotes("Both [@google, p. 12; @fair-use].", SOURCES)
    assert count == 1
    assert _defs(out) == {
        "c1": "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1, 12 (2021); 17 U.S.C. § 107."
    }


def test_multi_cite_is_not_id_and_next_single_is_not_id() -> None:
    out, _ = to_footnotes("[@google]. [@google; @fair-use]. [@fair-use].", SOURCES)
    assert list(_defs(out).values())[1:] == [
        "*Google*, 593 U.S. 1; 17 U.S.C. § 107.",
        "17 U.S.C. § 107.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Start\n[@google]: more", "Start\n[^c1]\\: more"),
        ("- [@google]: item", "- [^c1]\\: item"),
        ("Mid [@google]: more", "Mid[^c1]: more"),
        ("A [@google][x] b", "A[^c1]\\[x] b"),
        ("A [@google][@fair-use]", "A[^c1][^c2]"),
    ],
)
def test_reference_is_guarded_against_becoming_a_definition_or_link(
    text: str, expected: str
) -> None:
    assert to_footnotes(text, SOURCES)[0].split("\n\n[^c1]: ")[0] == expected


def test_same_source_twice_in_one_footnote_is_lowercase_id() -> None:
    out, _ = to_footnotes("X [@google; @google, p. 3].", SOURCES)
    assert _defs(out) == {"c1": "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021); *id.* at 3."}


def test_footnote_refs_in_code_do_not_count() -> None:
    text = "```\n[^a] [@google]\n```\n\nUse `[^a]` then [@google] and [@fair-use].\n\n[^a]: Mine.\n"
    out, count = to_footnotes(text, SOURCES)
    assert count == 2
    assert out.startswith("```\n[^a] [@google]\n```\n")
    assert _notes(out)[0] == "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1 (2021)."


def test_text_without_citations_is_returned_as_is() -> None:
    text = "No cites here, only `[@code]` and \\[@escaped].\n"
    assert to_footnotes(text, {}) == (text, 0)


def test_unknown_key_names_where_and_suggests() -> None:
    with pytest.raises(CitationError, match=r"unknown source 'comerce-hearing-2026'") as info:
        to_footnotes("X [@comerce-hearing-2026].", SOURCES, where="positions/data-access.yaml")
    assert info.value.location.file == "positions/data-access.yaml"
    assert "did you mean 'commerce-hearing-2026'?" in info.value.hint


def test_unknown_key_without_close_match() -> None:
    with pytest.raises(CitationError) as info:
        to_footnotes("X [@zzz].", SOURCES)
    assert info.value.hint == "add the source to sources.yaml or fix the key"


# ---------------------------------------------------------------- links


def test_to_links_links_the_short_title_in_the_sentence() -> None:
    text = (
        "At a Senate Commerce hearing, Brad Smith said data levels the playing field "
        "[@commerce-hearing-2026]."
    )
    assert to_links(text, SOURCES) == (
        "At a [Senate Commerce hearing](https://www.commerce.senate.gov/hearing), Brad Smith said "
        "data levels the playing field."
    )


def test_to_links_falls_back_to_a_parenthetical() -> None:
    text = "Data levels the playing field [@commerce-hearing-2026, p. 4; @open-data].\n"
    assert to_links(text, SOURCES) == (
        "Data levels the playing field "
        "([Senate Commerce hearing](https://www.commerce.senate.gov/hearing), "
        "[China's Open Data Push](https://example.org/china)).\n"
    )


def test_to_links_does_not_look_past_the_paragraph_or_into_links() -> None:
    text = (
        "Senate Commerce hearing.\n\n"
        "See [Senate Commerce hearing](https://x.org) [@commerce-hearing-2026]."
    )
    out = to_links(text, SOURCES)
    assert out.endswith(
        "(https://x.org) ([Senate Commerce hearing](https://www.commerce.senate.gov/hearing))."
    )
    assert out.startswith("Senate Commerce hearing.\n\n")


def test_to_links_case_uses_first_party_and_escapes_url_parentheses() -> None:
    src = Source(
        "g", "case", "Google LLC v. Oracle Am., Inc.", url="https://en.wikipedia.org/wiki/G_(case)"
    )
    assert to_links("As Google shows [@g].", {"g": src}) == (
        "As [Google](<https://en.wikipedia.org/wiki/G_(case)>) shows."
    )


def test_to_links_missing_url() -> None:
    with pytest.raises(
        CitationError, match=r"source 'no-url' cited in oped.md.j2 has no url"
    ) as info:
        to_links("Claim [@no-url].", SOURCES, where="oped.md.j2")
    assert info.value.hint == "add a url: to sources.yaml entry no-url"
    assert info.value.location == Location("sources.yaml", 40, 1)


# ---------------------------------------------------------------- properties

_KEYS = ["google", "usco-noi", "fair-use", "usco-part3", "hill-seedance"]
_WORDS = st.text(alphabet="abcdefghij ,.;:!?'\"-()", min_size=0, max_size=12)
_CITE = st.builds(
    lambda keys, page: (
        "[" + "; ".join(f"@{k}" + (f", p. {page}" if page else "") for k in keys) + "]"
    ),
    st.lists(st.sampled_from(_KEYS), min_size=1, max_size=3),
    st.one_of(st.none(), st.integers(1, 99999)),
)
_USER_REF = st.sampled_from(["[^a] ", "[^b] ", "[^c1] "])  # a space: "[^a]:" would define a
_DOC = st.lists(st.one_of(_WORDS, _CITE, _USER_REF, st.just("\n"), st.just("\n\n")), max_size=25)


@given(st.text(max_size=200))
def test_text_without_citations_is_unchanged(text: str) -> None:
    if not find_citations(text):
        assert to_footnotes(text, SOURCES) == (text, 0)


@settings(max_examples=150, deadline=None)
@given(_DOC)
def test_one_footnote_per_citation_group_and_markdown_it_agrees(parts: list[str]) -> None:
    text = "Start " + "".join(parts) + "\n\n[^a]: Note a.\n\n[^b]: Note b.\n\n[^c1]: Note c.\n"
    groups = len(find_citations(text))
    out, count = to_footnotes(text, SOURCES)
    assert count == groups == len(re.findall(r"^\[\^[^\]]+\]: ", out, re.M)) - 3
    env: dict = {}
    MarkdownIt("commonmark").use(footnote_plugin).parse(out, env)
    listed = env.get("footnotes", {}).get("list", {})
    labels = [listed[i]["label"] for i in sorted(listed)]
    cite_labels = [lb for lb in labels if lb not in ("a", "b", "c1")]
    assert len(cite_labels) == count
    # Every "supra note N" points at the note markdown-it numbers N, which holds the full title.
    defs = _defs(out)
    for src in (SOURCES[k] for k in _KEYS if SOURCES[k].type != "case"):
        head = format_short(src, 0).split("*supra*")[0]
        for label in cite_labels:
            for n in re.findall(re.escape(head) + r"\*supra\* note (\d+)", defs[label]):
                assert src.title in defs[labels[int(n) - 1]]
    # An *Id.* note follows a citation note, never a user's own note.
    for i, label in enumerate(labels):
        if label in cite_labels and defs[label].startswith("*Id.*"):
            assert i > 0 and labels[i - 1] in cite_labels
