"""A letter's framing, read back as the lawyer who signs it reads it: names, the address and
the salutation, the introduction, the Summary and its asks, the conclusion, the sample mark,
placeholders, and dockets that have closed."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from drafter import LetterRequest, OpedRequest, draft_letter, draft_oped
from drafter.cli.main import app
from drafter.compose.names import (
    agency_in_text,
    contact_person,
    org_in_text,
    ranges,
    salutation,
)
from drafter.compose.reader import for_reader
from drafter.errors import NoOpenDocket, PlaceholderError
from drafter.load.workspace import builtin_root, load_workspace
from drafter.model import Addressee, Agency, Organization
from tests.conftest import MINI, build_tree
from tests.docx_dump import pandoc_markdown, require_tool

TODAY = dt.date(2026, 11, 24)
runner = CliRunner(env={"COLUMNS": "200"})


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def one_line(text: str) -> str:
    return " ".join(text.split())


AGENCY, OPEN_DATA, CONFIG = "agencies/agency-x.yaml", "positions/open-data.yaml", "drafter.yaml"


def mini(tmp_path: Path, name: str, edit: str) -> Path:
    """The mini workspace with one file's text edited: "old=>new||old=>new"."""
    tree = {file: textwrap.dedent(text) for file, text in MINI.items()}
    for pair in edit.split("||"):
        old, new = pair.split("=>")
        assert old in tree[name], old
        tree[name] = tree[name].replace(old, new)
    return build_tree(tmp_path / "ws", tree)


def letter_docx(root: Path, tmp_path: Path, *args: str) -> docx.document.Document:
    out = tmp_path / "letter.docx"
    result = invoke("-w", str(root), "letter", "agency-x", "-o", str(out), "--force", *args)
    assert result.exit_code == 0, result.output
    return docx.Document(str(out))


def paragraph_after(document: docx.document.Document, style: str) -> str:
    """The text of the paragraph that follows the first paragraph of a style."""
    paragraphs = document.paragraphs
    for i, p in enumerate(paragraphs):
        if p.style.name == style:
            return paragraphs[i + 1].text
    raise AssertionError(f"no {style} paragraph")


# -- names as people write them ------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "article", "expected"),
    [
        ("Institute for Open Technology Policy", "", "the Institute for Open Technology Policy"),
        ("Center for Example Policy", "", "the Center for Example Policy"),
        ("Electronic Frontier Foundation", "", "the Electronic Frontier Foundation"),
        ("U.S. Chamber of Commerce", "", "the U.S. Chamber of Commerce"),
        ("Authors Guild", "", "the Authors Guild"),
        ("The Authors Guild", "", "the Authors Guild"),
        ("Public Knowledge", "", "Public Knowledge"),
        ("NetChoice", "", "NetChoice"),
        ("Chamber of Progress", "none", "Chamber of Progress"),
        ("Example Labs", "the", "the Example Labs"),
    ],
)
def test_the_organization_in_running_text(name, article, expected):
    assert org_in_text(Organization(name, "X", "About.", article=article)) == expected


@pytest.mark.parametrize(
    ("name", "short", "refer_as", "expected"),
    [
        ("U.S. Copyright Office", "USCO", "the Office", "the Office"),
        ("U.S. Copyright Office", "USCO", "", "the U.S. Copyright Office"),
        ("National Telecommunications and Information Administration", "NTIA", "NTIA", "NTIA"),
        ("Federal Trade Commission", "FTC", "", "the Federal Trade Commission"),
    ],
)
def test_the_agency_in_running_text_never_the_acronym(name, short, refer_as, expected):
    named = agency_in_text(Agency("x", name, short, refer_as=refer_as))
    assert named == expected
    assert named != f"the {short}"


@pytest.mark.parametrize(
    ("addressees", "expected"),
    [
        ((), "To the Agency of Examples:"),
        ((Addressee(title="Director of Examples"),), "To the Agency of Examples:"),
        ((Addressee(title="Director", name="Jane Q. Doe", honorific="Ms."),), "Dear Ms. Doe:"),
        ((Addressee(title="Register of Copyrights", name="Shira Perlmutter"),),
         "Dear Register Perlmutter:"),
        ((Addressee(title="Assistant Secretary of Commerce", name="Ann Roe",
                    honorific="The Honorable"),), "Dear Assistant Secretary Roe:"),
        ((Addressee(name="Jordan Smith"),), "Dear Jordan Smith:"),
        ((Addressee(title="Director", name="Jane Doe", salutation="Dear Jane:"),), "Dear Jane:"),
        ((Addressee(title="Chairman", name="Ted Cruz", honorific="The Honorable"),
          Addressee(title="Ranking Member", name="Maria Cantwell", honorific="The Honorable")),
         "Dear Chairman Cruz and Ranking Member Cantwell:"),
        ((Addressee(title="Chairman"), Addressee(title="Ranking Member")),
         "Dear Chairman and Ranking Member:"),
    ],
)  # fmt: skip
def test_salutations(addressees, expected):
    assert salutation(Agency("x", "Agency of Examples", "AOE", addressees=addressees)) == expected


def test_question_numbers_shortened_in_runs():
    numbers = [
        "1",
        "2",
        "5",
        "6",
        "8",
        "9",
        "10",
        "11",
        "13",
        "14",
        "15",
        "16",
        "17",
        "22",
        "24",
        "25",
        "27",
        "28",
        "29",
        "30",
        "31",
        "34",
    ]
    assert ranges(numbers) == "1, 2, 5, 6, 8–11, 13–17, 22, 24, 25, 27–31, and 34"
    assert ranges(["3"]) == "3"
    assert ranges(["1", "2"]) == "1 and 2"
    assert ranges(["8", "8.1", "9"]) == "8, 8.1, and 9"


def test_the_notice_contact_without_telephone_or_email():
    assert contact_person(
        "Rhea Efthimiadis, Assistant to the General Counsel, by email at meft@copyright.gov or "
        "telephone at 202-707-8350"
    ) == ("Rhea Efthimiadis, Assistant to the General Counsel")


# -- the address block and salutation, read back from the .docx ------------------------------
ADDRESSEE_FORMS = [
    ("addressee: Director of Examples",
     ["Director of Examples", "Agency of Examples"], "To the Agency of Examples:"),
    ("addressee: {title: Director of Examples, name: Jane Q. Doe, honorific: Dr.}",
     ["Dr. Jane Q. Doe", "Director of Examples", "Agency of Examples"], "Dear Dr. Doe:"),
    ("addressee: {title: Director, name: Ann Roe, honorific: The Honorable}",
     ["The Honorable Ann Roe", "Director", "Agency of Examples"], "Dear Director Roe:"),
    ("addressee: {title: Director, name: Ann Roe, salutation: 'Dear Director Roe and staff:'}",
     ["Ann Roe", "Director", "Agency of Examples"], "Dear Director Roe and staff:"),
    ("addressee:\n  - {title: Chairman, name: Ted Cruz, honorific: The Honorable}\n"
     "  - {title: Ranking Member, name: Maria Cantwell, honorific: The Honorable}",
     ["The Honorable Ted Cruz", "Chairman", "The Honorable Maria Cantwell", "Ranking Member",
      "Agency of Examples"], "Dear Chairman Cruz and Ranking Member Cantwell:"),
]  # fmt: skip


@pytest.mark.parametrize(("yaml", "block", "greeting"), ADDRESSEE_FORMS)
def test_address_block_and_salutation_in_the_document(tmp_path, yaml, block, greeting):
    root = mini(tmp_path, AGENCY, f"addressee: Director of Examples=>{yaml}")
    document = letter_docx(root, tmp_path)
    address = next(p for p in document.paragraphs if p.style.name == "Address")
    assert address.text.split("\n") == [*block, "100 Example Street SW", "Washington, DC 20500"]
    assert paragraph_after(document, "Re Line") == greeting


def test_the_notices_contact_named_on_an_attention_line(tmp_path):
    root = mini(
        tmp_path,
        AGENCY,
        "addressee: Director of Examples=>addressee: Director of Examples"
        "\nattention: contact||channel: regulations.gov=>channel: regulations.gov\n"
        "    contact: Casey Rivera, Office of Policy, 202-555-0121, crivera@example.gov",
    )
    document = letter_docx(root, tmp_path)
    address = next(p for p in document.paragraphs if p.style.name == "Address")
    assert address.text.split("\n")[-1] == "Attention: Casey Rivera, Office of Policy"


# -- introduction, Summary, asks, conclusion ----------------------------------------------
STANDING = (
    "organization:\n  name: Center for Example Policy\n  short_name: CEP\n  standing: >\n"
    "    Our members are 40 small software firms whose products depend on public data.\n"
    "  prior_work: [report]\n"
)


def test_introduction_with_standing_and_prior_work(tmp_path):
    require_tool("pandoc")
    root = mini(
        tmp_path,
        CONFIG,
        "organization:\n  name: Center for Example Policy\n  short_name: CEP\n=>" + STANDING,
    )
    out = tmp_path / "letter.docx"
    result = invoke("-w", str(root), "letter", "agency-x", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = one_line(pandoc_markdown(out))
    intro = text.split("# Introduction", 1)[1].split("# Summary", 1)[0].strip()
    assert intro.startswith(
        'The Center for Example Policy ("CEP") respectfully submits these comments in response '
        "to the Agency of Examples' notice, *Data and Innovation*. CEP studies how technology "
        "rules affect small firms."
    )
    assert (
        "Our members are 40 small software firms whose products depend on public data. These "
        "comments build on CEP's earlier work on these questions.[^1] We appreciate the "
        "opportunity to comment." in intro
    )
    assert "[^1]: Example Inst., *The Value of Open Data* (Example Press Mar. 2025)" in text


def test_summary_states_every_position_argued_and_the_conclusion_the_proceeding(mini_ws):
    ws, _ = load_workspace(mini_ws)
    draft = draft_letter(ws, LetterRequest(agency="agency-x", today=TODAY))
    summary = draft.markdown.split("# Summary", 1)[1].split("# Responses", 1)[0]
    assert "Public data should stay open to researchers and small firms." in summary
    assert "One national rule beats fifty state rules." in summary
    assert "These comments respond to Questions 1 and 2 of the notice." in summary
    conclusion = one_line(draft.markdown.split("# Conclusion", 1)[1])
    assert conclusion.startswith(
        "We would welcome the chance to discuss these comments, or to provide further "
        "information, as the Agency of Examples moves forward with *Data and Innovation*, "
        "Docket No. AOE-2026-0001."
    )


ASKS = """\
asks:
  - Keep public data open for lawful research.
  - {text: Fund open-data research grants., to: [congress]}
  - {text: Publish the agency's datasets in machine-readable form., to: [agency-x]}
  - {text: Issue guidance on research access., to: [agencies]}
"""
COMMITTEE = """\
id: committee
name: Senate Committee on Examples
short_name: Examples Committee
parent: United States Senate
refer_as: the Committee
addressee:
  - {title: Chair, name: Pat Lee, honorific: The Honorable}
  - {title: Ranking Member, name: Sam Kim, honorific: The Honorable}
address: [Dirksen Senate Office Building, "Washington, DC 20510"]
interests: [research]
"""


@pytest.mark.parametrize(
    ("agency", "docket", "expected"),
    [
        ("agency-x", "AOE-2026-0001", [
            "Keep public data open for lawful research.",
            "Publish the agency's datasets in machine-readable form.",
            "Issue guidance on research access.",
            "Adopt one national standard.",
        ]),
        ("committee", "", [
            "Keep public data open for lawful research.",
            "Fund open-data research grants.",
            "Adopt one national standard.",
        ]),
    ],
)  # fmt: skip
def test_a_letter_lists_only_the_asks_its_addressee_can_act_on(tmp_path, agency, docket, expected):
    require_tool("pandoc")
    old = "asks:\n  - Keep public data open for lawful research.\n"
    root = mini(tmp_path, OPEN_DATA, f"{old}=>{ASKS}")
    build_tree(root, {"agencies/committee.yaml": COMMITTEE})
    out = tmp_path / f"{agency}.docx"
    args = [
        "-w",
        str(root),
        "letter",
        agency,
        "-o",
        str(out),
        "-p",
        "open-data",
        "-p",
        "fair-rules",
    ]
    result = invoke(*args, *(["--docket", docket] if docket else []))
    assert result.exit_code == 0, result.output
    text = pandoc_markdown(out)
    summary = text.split("Summary", 1)[1].split("\n#", 1)[0]
    listed = [one_line(m) for m in re.findall(r"^\d+\.\s+(.*(?:\n   .*)*)", summary, re.M)]
    assert listed == expected


def test_a_committee_letter(tmp_path):
    build_tree(tmp_path / "ws", MINI)
    root = build_tree(tmp_path / "ws", {"agencies/committee.yaml": COMMITTEE})
    ws, _ = load_workspace(root)
    draft = draft_letter(ws, LetterRequest(agency="committee", today=TODAY))
    md = draft.markdown
    assert "Dear Chair Lee and Ranking Member Sam Kim:" not in md
    assert "Dear Chair Lee and Ranking Member Kim:" in md
    assert '("CEP") respectfully submits these views to the Committee.' in md
    assert "**Re:** Views of the Center for Example Policy on" in md
    assert "serve as a resource to the Committee and its staff" in md


def test_asks_to_an_unknown_addressee_warn(tmp_path):
    old = "asks:\n  - Keep public data open for lawful research.\n"
    new = "asks:\n  - {text: Keep public data open., to: [agency-y, congress]}\n"
    root = mini(tmp_path, OPEN_DATA, f"{old}=>{new}")
    result = invoke("-w", str(root), "check")
    assert result.exit_code == 0, result.output
    assert (
        "warning: positions/open-data.yaml:19:5: asks[0].to: ask addressed to 'agency-y', which "
        "is not an agency of this workspace — did you mean 'agency-x'?"
    ) in one_line(result.output)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  - Keep public data open for lawful research.\n", "  - [a, b]\n",
         "positions/open-data.yaml:19:5: asks[0]: expected a sentence, or a mapping with text and "
         "to, got a list"),
        ("  - Keep public data open for lawful research.\n",
         "  - {text: Keep it open., to: []}\n",
         "positions/open-data.yaml:19:31: asks[0].to: must not be empty"),
        ("  - Keep public data open for lawful research.\n",
         "  - {text: Keep it open., for: [congress]}\n",
         "positions/open-data.yaml:19:27: asks[0].for: unknown key 'for'"),
    ],
)  # fmt: skip
def test_bad_asks(tmp_path, old, new, message):
    root = mini(tmp_path, OPEN_DATA, f"{old}=>{new}")
    result = invoke("-w", str(root), "check")
    assert result.exit_code == 1
    assert message in one_line(result.output)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("  short_name: CEP\n=>  short_name: CEP\n  article: a\n",
         "drafter.yaml:4:12: organization.article: unknown article 'a'"),
        ("  short_name: CEP\n=>  short_name: CEP\n  prior_work: [reprot]\n",
         "drafter.yaml:4:16: organization.prior_work[0]: unknown source 'reprot' — did you mean "
         "'report'?"),
    ],
)  # fmt: skip
def test_bad_organization_fields(tmp_path, edit, message):
    root = mini(tmp_path, CONFIG, edit)
    result = invoke("-w", str(root), "check")
    assert result.exit_code == 1
    assert message in one_line(result.output)


# -- the built-in letters -----------------------------------------------------------------
@pytest.fixture(scope="module")
def builtin():
    ws, _ = load_workspace(builtin_root())
    return ws


def builtin_letter(ws, agency: str, docket: str = ""):
    return draft_letter(ws, LetterRequest(agency=agency, docket=docket, today=TODAY))


@pytest.mark.parametrize(
    ("agency", "docket", "salutation_", "opening"),
    [
        ("usco", "COLC-2023-0006", "Dear Ms. Perlmutter:",
         'The Institute for Open Technology Policy ("IOTP") respectfully submits these comments in '
         "response to the Office's notice, *Artificial Intelligence and Copyright*. IOTP is an "
         "independent"),
        ("ntia", "NTIA-2023-0005", "To the National Telecommunications and Information "
         "Administration:",
         'The Institute for Open Technology Policy ("IOTP") respectfully submits these comments in '
         "response to NTIA's notice, *AI Accountability Policy Request for Comment*."),
        ("ftc", "", "To the Federal Trade Commission:",
         'The Institute for Open Technology Policy ("IOTP") respectfully submits these comments to '
         "the Commission."),
        ("ostp", "OSTP-TECH-2025-0067", "Dear Director Kratsios:",
         'The Institute for Open Technology Policy ("IOTP") respectfully submits these comments in '
         "response to OSTP's notice, *Regulatory Reform on Artificial Intelligence*."),
        ("senate-commerce", "", "Dear Chairman Cruz and Ranking Member Cantwell:",
         'The Institute for Open Technology Policy ("IOTP") respectfully submits these views to '
         "the Committee."),
    ],
)  # fmt: skip
def test_builtin_letters_open_as_a_person_writes(builtin, agency, docket, salutation_, opening):
    md = builtin_letter(builtin, agency, docket).markdown
    assert f"\n{salutation_}\n" in md
    intro = one_line(md.split("# Introduction", 1)[1])
    assert intro.startswith(opening)
    assert "Institute for Open Technology Policy (" not in md.replace("The Institute", "")
    assert not re.search(r"\bthe (USCO|NTIA|FTC|OSTP)\b", md)


@pytest.mark.parametrize(
    ("agency", "docket", "present", "absent"),
    [
        ("usco", "COLC-2023-0006",
         ["Leave the application of fair use to AI training with the courts",
          "Continue to press for the federal digital replica right the Office recommended"],
         ["Make the National AI Research Resource permanent",
          "Enact a federal digital replica right", "antitrust guidance"]),
        ("ftc", "",
         ["Use the Commission's authority over unfair and deceptive practices",
          "Give creators clear antitrust guidance"],
         ["Leave the application of fair use", "Make the National AI Research Resource"]),
        ("senate-commerce", "",
         ["Enact a federal AI framework that preempts state laws"],
         ["Use the Commission's authority", "Continue to press for"]),
    ],
)  # fmt: skip
def test_builtin_asks_per_agency(builtin, agency, docket, present, absent):
    md = builtin_letter(builtin, agency, docket).markdown
    summary = one_line(md.split("# Summary", 1)[1].split("\n# ", 1)[0])
    for ask in present:
        assert ask in summary, ask
    for ask in absent:
        assert ask not in summary, ask


def test_never_the_addressees_own_notice_as_evidence(builtin):
    draft = builtin_letter(builtin, "ntia", "NTIA-2023-0005")
    assert "22,433" not in draft.markdown.split("[^c1]:", 1)[1]  # no footnote cites the notice
    assert "22433" not in draft.markdown
    (warning,) = [w for w in draft.stats.warnings if "own notice" in w.message]
    assert str(warning).startswith(
        "positions/safeguards.yaml:48:11: arguments[1].text: argument safeguards.privacy-baseline "
        "cites NTIA's own notice (ntia-rfc-2023) as evidence, so the letter to NTIA leaves that "
        "citation out"
    )
    # The same argument, in a letter to another agency, keeps its citation.
    for agency, cited in (("ostp", True), ("ntia", False)):
        reader, _ = for_reader(builtin, builtin.agencies[agency])
        (argument,) = [
            a for a in reader.positions["safeguards"].arguments if a.id == "privacy-baseline"
        ]
        assert ("[@ntia-rfc-2023]" in argument.text) is cited


def test_the_addressee_named_as_it_names_itself(builtin):
    reader, _ = for_reader(builtin, builtin.agencies["ftc"])
    (argument,) = [a for a in reader.positions["safeguards"].arguments
                   if a.id == "accountability-through-enforcement"]  # fmt: skip
    assert "The Commission polices deceptive and unfair practices" in argument.text
    # Beside the Federal Communications Commission, "the Commission" would be ambiguous.
    ftc = builtin_letter(builtin, "ftc").markdown
    assert "Federal Communications Commission unanimously confirmed" in ftc
    assert "the Federal Trade Commission proposed extending its impersonation rule" in ftc
    usco = builtin_letter(builtin, "usco", "COLC-2023-0006").markdown
    assert "The Office's 2024 report on digital replicas" in usco
    assert "Copyright Office's 2024 report" not in usco


# -- nothing sample reaches a filing ------------------------------------------------------
def test_check_warns_while_the_workspace_is_a_sample_and_init_keeps_it(tmp_path):
    result = invoke("check")
    assert result.exit_code == 0
    assert (
        "warning: drafter.yaml:9:9: sample: the workspace is marked sample: true, so every draft "
        "says SAMPLE — NOT FOR FILING — replace the sample organization and signers with your "
        "own, then delete this line"
    ) in one_line(result.output)
    mine = tmp_path / "mine"
    assert invoke("init", str(mine)).exit_code == 0
    assert "sample: true" in (mine / "drafter.yaml").read_text()
    assert "drafter.yaml:9:9: sample:" in invoke("-w", str(mine), "check").output
    config = mine / "drafter.yaml"
    config.write_text(re.sub(r"^sample: true.*\n", "", config.read_text(), flags=re.M))
    result = invoke("-w", str(mine), "check")
    assert "sample" not in result.output
    out = tmp_path / "ftc.md"
    assert invoke("-w", str(mine), "letter", "ftc", "-o", str(out)).exit_code == 0
    assert "SAMPLE" not in out.read_text()


def test_the_comment_box_text_of_a_sample_says_so(tmp_path):
    out = tmp_path / "ftc.docx"
    assert invoke("letter", "ftc", "-o", str(out), "--summary").exit_code == 0
    box = (tmp_path / "ftc.summary.txt").read_text()
    assert box.startswith("SAMPLE — NOT FOR FILING\n\nThe Institute for Open Technology Policy")
    assert docx.Document(str(out)).paragraphs[0].text == "SAMPLE — NOT FOR FILING"


# -- placeholders and skeletons ----------------------------------------------------------
def test_a_skeleton_module_is_refused_with_its_file_and_line(mini_ws, tmp_path):
    assert invoke("-w", str(mini_ws), "positions", "new", "labels").exit_code == 0
    checked = invoke("-w", str(mini_ws), "check")
    assert checked.exit_code == 0  # the skeleton passes check, which says what is unfinished
    unfinished = [line.split(": unfinished text:")[0] for line in checked.output.splitlines()
                  if "unfinished text" in line]  # fmt: skip
    assert unfinished == [
        "warning: positions/labels.yaml:15:3: stance",
        "warning: positions/labels.yaml:36:7: arguments[0].text",
        "warning: positions/labels.yaml:39:7: arguments[0].short",
        "warning: positions/labels.yaml:46:6: asks[0]",
        "warning: positions/labels.yaml:51:15: concerns[0].concern",
        "warning: positions/labels.yaml:52:16: concerns[0].response",
    ]
    out = tmp_path / "a.docx"
    result = invoke("-w", str(mini_ws), "letter", "agency-x", "-p", "labels", "-o", str(out))
    assert result.exit_code == 1
    errors = result.output.splitlines()
    assert errors[0] == (
        "error: positions/labels.yaml:15:3: stance: the letter uses text with a placeholder: "
        "[[State the position in one or two sentences: what you want and why.]] — write the real "
        "text there, or pass --allow-placeholders for an internal draft"
    )
    assert [e.split(": the letter")[0] for e in errors] == [
        "error: positions/labels.yaml:15:3: stance",
        "error: positions/labels.yaml:36:7: arguments[0].text",
        "error: positions/labels.yaml:46:6: asks[0]",
        "error: positions/labels.yaml:51:15: concerns[0].concern",
        "error: positions/labels.yaml:52:16: concerns[0].response",
    ]
    assert not out.exists()
    result = invoke(
        "-w", str(mini_ws), "letter", "agency-x", "-p", "labels", "-o", str(out),
        "--allow-placeholders",
    )  # fmt: skip
    assert result.exit_code == 0
    assert "warning: positions/labels.yaml:15:3: stance:" in one_line(result.output)


def test_an_older_skeletons_wording_is_refused(tmp_path):
    old = "  - Keep public data open for lawful research.\n"
    new = "  - Recommend one concrete step the agency should take.\n"
    root = mini(tmp_path, OPEN_DATA, f"{old}=>{new}")
    ws, _ = load_workspace(root)
    with pytest.raises(PlaceholderError) as caught:
        draft_letter(ws, LetterRequest(agency="agency-x", today=TODAY))
    assert str(caught.value) == (
        "positions/open-data.yaml:19:5: asks[0]: the letter uses skeleton text from `drafter "
        'positions new`: "Recommend one concrete step the agency should take." — write the real '
        "text there, or pass --allow-placeholders for an internal draft"
    )


def test_an_oped_refuses_placeholders_too(mini_ws):
    path = mini_ws / "positions" / "open-data.yaml"
    text = path.read_text().replace("helps small firms compete.", "helps TK small firms compete.")
    path.write_text(text)
    ws, _ = load_workspace(mini_ws)
    with pytest.raises(PlaceholderError) as caught:
        draft_oped(ws, OpedRequest(positions=("open-data",), today=TODAY))
    assert str(caught.value).startswith(
        "positions/open-data.yaml:13:23: arguments[0].short: the op-ed uses text with a "
        "placeholder: TK"
    )
    request = OpedRequest(positions=("open-data",), allow_placeholders=True, today=TODAY)
    assert "TK" in draft_oped(ws, request).markdown


@pytest.mark.parametrize("mark", ["TODO", "TK", "[[a figure]]"])
def test_every_placeholder_kind_in_the_organization(tmp_path, mark):
    root = mini(
        tmp_path,
        CONFIG,
        f"studies how technology rules=>studies {mark} how technology rules",
    )
    ws, _ = load_workspace(root)
    with pytest.raises(PlaceholderError, match=re.escape(mark)) as caught:
        draft_letter(ws, LetterRequest(agency="agency-x", today=TODAY))
    assert str(caught.value).startswith("drafter.yaml:5:")


# -- dockets and deadlines said out loud -------------------------------------------------
CLOSED = "deadline: 2026-12-15=>deadline: 2026-01-15"


def test_an_agency_whose_dockets_all_closed(tmp_path):
    root = mini(tmp_path, AGENCY, CLOSED)
    result = invoke("-w", str(root), "letter", "agency-x", "-o", str(tmp_path / "a.docx"))
    assert result.exit_code == 1
    assert one_line(result.output) == (
        "error: agency-x has no docket open for comment on November 24, 2026: AOE-2026-0001 "
        "closed January 15, 2026 — name one with --docket AOE-2026-0001, or use --general for a "
        "letter with no docket"
    )
    ws, _ = load_workspace(root)
    with pytest.raises(NoOpenDocket):
        draft_letter(ws, LetterRequest(agency="agency-x", today=TODAY))
    result = invoke(
        "-w", str(root), "letter", "agency-x", "--general", "-o", str(tmp_path / "g.md")
    )
    assert result.exit_code == 0, result.output
    assert "**Re:** Comments of the Center for Example Policy on" in (tmp_path / "g.md").read_text()
    result = invoke(
        "-w", str(root), "letter", "agency-x", "--docket", "AOE-2026-0001", "-o",
        str(tmp_path / "late.md"),
    )  # fmt: skip
    assert result.exit_code == 0
    assert "deadline passed 313 days ago" in result.output


def test_docket_and_general_together_are_a_usage_error(mini_ws):
    result = invoke("-w", str(mini_ws), "letter", "agency-x", "--docket", "AOE-2026-0001",
                    "--general")  # fmt: skip
    assert result.exit_code == 2
    assert "give --docket ID or --general, not both" in result.output


def test_batch_prints_every_deadline_warning(tmp_path):
    campaign = (
        "name: Late\nkind: letter\ndate: 2026-12-01\noutput: '{agency}-{docket}.md'\n"
        "targets:\n  - {agency: agency-x, docket: AOE-2026-0001}\n"
    )
    root = mini(tmp_path, AGENCY, CLOSED)
    build_tree(root, {"campaigns/late.yaml": campaign})
    result = runner.invoke(
        app, ["-w", str(root), "batch", "late", "--out-dir", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert (
        "warning: agency-x-aoe-2026-0001.md: the comment deadline for AOE-2026-0001 passed 313 "
        "days ago — check whether the agency reopened the comment period"
    ) in one_line(result.stderr)


# -- the page -------------------------------------------------------------------------------
def test_question_paragraphs_keep_with_their_answer(mini_ws, tmp_path):
    document = letter_docx(mini_ws, tmp_path)
    questions = [p for p in document.paragraphs if p.text.startswith("Question ")]
    assert [p.text for p in questions] == ["Question 1", "Question 2"]
    for heading in questions:
        restated = heading._p.getnext()
        for p in (heading, docx.text.paragraph.Paragraph(restated, heading._parent)):
            style = p.style
            keep = p.paragraph_format.keep_with_next
            while keep is None and style is not None:
                keep = style.paragraph_format.keep_with_next
                style = style.base_style
            assert keep, p.text
