"""Reading Federal Register notices: text, XML and JSON renditions, questions, deadlines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from drafter.errors import NoticeError
from drafter.notice.dates import read_dates
from drafter.notice.document import Block
from drafter.notice.gpo_text import read_text
from drafter.notice.gpo_xml import read_xml
from drafter.notice.questions import find_questions, for_docket
from drafter.notice.read import document_number, read_file, read_notice

NOTICES = Path(__file__).parent / "fixtures" / "notices"
USCO_TXT = NOTICES / "usco-2023" / "2023-18624.txt"
USCO_XML = NOTICES / "usco-2023" / "2023-18624.xml"
USCO_JSON = NOTICES / "usco-2023" / "2023-18624.json"

# The Copyright Office's numbering: 34 questions, 32 sub-questions (DOMAIN.md).
SUBS = {6: 4, 7: 4, 8: 5, 9: 5, 10: 5, 15: 4, 20: 1, 25: 1, 28: 3}
USCO_NUMBERS = [
    n
    for top in range(1, 35)
    for n in [str(top), *(f"{top}.{i}" for i in range(1, SUBS.get(top, 0) + 1))]
]
USCO_GROUPS = {
    "1": "General Questions",
    "6": "Training",
    "14": "Training",
    "15": "Transparency & Recordkeeping",
    "18": "Copyrightability",
    "22": "Infringement",
    "28.3": "Labeling or Identification",
    "30": "Additional Questions About Issues Related to Copyright",
}


def usco(path: Path):
    reading = read_file(path)
    return {q.number: q for q in find_questions(reading.notice.body).questions}


@pytest.mark.parametrize("path", [USCO_TXT, USCO_XML], ids=["text", "xml"])
def test_usco_notice_has_every_question_numbered_as_the_office_numbered_it(path):
    found = find_questions(read_file(path).notice.body)
    assert found.style == "numbered"
    assert [q.number for q in found.questions] == USCO_NUMBERS
    assert len(USCO_NUMBERS) == 66
    questions = {q.number: q for q in found.questions}
    assert {n: questions[n].group for n in USCO_GROUPS} == USCO_GROUPS
    assert not any(q.generated for q in found.questions)


@pytest.mark.parametrize("path", [USCO_TXT, USCO_XML], ids=["text", "xml"])
def test_usco_question_texts_are_verbatim(path):
    q = usco(path)
    assert q["8.1"].text == (
        "In light of the Supreme Court’s recent decisions in Google v. Oracle America and Andy "
        "Warhol Foundation v. Goldsmith, how should the “purpose and character” of the use of "
        "copyrighted works to train an AI model be evaluated? What is the relevant use to be "
        "analyzed? Do different stages of training, such as pre-training and fine-tuning, raise "
        "different considerations under the first fair use factor?"
    )  # footnote calls 32 and 33 left out, italics as plain words
    assert q["9.5"].text.startswith(
        "In cases where the human creator does not own the copyright—for example, because"
    )
    assert q["7"].text.endswith("The Office is particularly interested in:")
    assert q["34"].text == (
        "Please identify any issues not mentioned above that the Copyright Office should "
        "consider in conducting this study."
    )


@pytest.mark.parametrize("path", [USCO_TXT, USCO_XML], ids=["text", "xml"])
def test_usco_question_pages_for_pinpoint_cites(path):
    q = usco(path)
    # 8.5 starts on 59947 and runs onto 59948; its text is whole across the page break.
    assert (q["1"].page, q["8.5"].page, q["9"].page, q["21"].page, q["22"].page) == (
        59947, 59947, 59948, 59948, 59949,
    )  # fmt: skip
    assert q["8.5"].text.endswith(
        "the body of works of the same author, or the market for that general class of works?"
    )


def test_text_and_xml_renditions_give_the_same_questions():
    assert usco(USCO_TXT) == usco(USCO_XML)


def test_background_lists_and_rhetorical_questions_are_not_questions():
    texts = [q.text for q in usco(USCO_TXT).values()]
    assert not any(t.startswith(("Literary works", "Visual arts")) for t in texts)
    assert not any("a reader may ask" in t for t in texts)


HEADERS = [
    # (file, fr_doc, volume, published, pages, agency lines, docket lines, subject)
    (
        USCO_TXT, "2023-18624", 88, dt.date(2023, 8, 30), (59942, 59949),
        ("LIBRARY OF CONGRESS", "Copyright Office"), ("[Docket No. 2023-6]",),
        "Artificial Intelligence and Copyright",
    ),
    (
        USCO_XML, "2023-18624", None, None, (59942, 59949),
        ("LIBRARY OF CONGRESS", "Copyright Office"), ("[Docket No. 2023-6]",),
        "Artificial Intelligence and Copyright",
    ),
    (
        NOTICES / "ntia-2026" / "2026-01587.xml", "2026-01587", None, None, (4410, 4414),
        ("DEPARTMENT OF COMMERCE", "National Telecommunications and Information Administration"),
        ("[Docket No. 260115-0012]",),
        "Open Model Weights and Compute Reporting; Requests for Comment",
    ),
    (
        NOTICES / "ostp-2026" / "2026-04410.txt", "2026-04410", 91, dt.date(2026, 3, 11),
        (12050, 12052), ("OFFICE OF SCIENCE AND TECHNOLOGY POLICY",), (),
        "Request for Information on Shared Research Data for Artificial Intelligence",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "fr_doc", "volume", "published", "pages", "agencies", "dockets", "subject"), HEADERS
)
def test_header_facts(path, fr_doc, volume, published, pages, agencies, dockets, subject):
    notice = read_file(path).notice
    assert (notice.fr_doc, notice.volume, notice.published) == (fr_doc, volume, published)
    assert (notice.start_page, notice.end_page) == pages
    assert (notice.agency_lines, notice.docket_lines, notice.subject) == (
        agencies,
        dockets,
        subject,
    )


def test_usco_captions():
    notice = read_file(USCO_TXT).notice
    assert notice.agency == "U.S. Copyright Office, Library of Congress."
    assert notice.action == "Notice of inquiry and request for comments."
    assert notice.summary[0].startswith("The United States Copyright Office is undertaking")
    assert "(“AI”)" in notice.summary[0]
    assert notice.contact == (
        "Rhea Efthimiadis, Assistant to the General Counsel, by email at meft@copyright.gov "
        "or telephone at 202-707-8350.",
    )
    assert notice.filed_year == 2023


def test_json_beside_a_rendition_is_read_with_it():
    reading = read_file(USCO_TXT)
    assert reading.how == "txt+json"
    assert reading.api is not None
    assert reading.api.regs_docket_id == "COLC-2023-0006"
    assert reading.api.agency_names == (
        "Copyright Office, Library of Congress",
        "Library of Congress",
    )
    assert read_file(USCO_JSON).how == "json+xml"  # the XML is preferred beside the JSON


def test_two_dockets_each_with_its_own_numbered_section():
    notice = read_file(NOTICES / "ntia-2026" / "2026-01587.xml").notice
    found = find_questions(notice.body, ["NTIA-2026-0002", "NTIA-2026-0003"])
    assert found.sections == 2
    part_a = for_docket(found, "NTIA-2026-0002")
    part_b = for_docket(found, "NTIA-2026-0003")
    assert [q.number for q in part_a] == ["1", "1.a", "1.b", "2", "3", "3.a", "3.b", "4", "5", "6"]
    assert [q.number for q in part_b] == ["1", "2", "3", "4", "5"]
    assert (
        part_a[1].text
        == "Should the definition turn on the license under which the weights are published?"
    )
    assert part_b[0].text.startswith("What measures of computing resources")
    assert (part_b[0].page, part_b[2].page) == (4412, 4413)


def test_two_numbered_sections_without_dockets_are_told_apart():
    blocks = [
        Block("heading", "A. Questions for Developers", 1, 2),
        Block("para", "1. What data do you use?", 1),
        Block("para", "2. How do you test it?", 1),
        Block("heading", "B. Questions for Users", 2, 2),
        Block("para", "1. What do you need to know?", 2),
    ]
    found = find_questions(blocks)
    assert [(q.number, q.generated) for q in found.questions] == [
        ("1", False), ("2", False), ("B-1", True),
    ]  # fmt: skip


def test_bulleted_questions_get_generated_numbers():
    notice = read_file(NOTICES / "ostp-2026" / "2026-04410.txt").notice
    found = find_questions(notice.body)
    assert found.style == "bulleted"
    assert [(q.number, q.generated, q.group) for q in found.questions][:2] == [
        ("1", True, "Request for Comment"), ("2", True, "Request for Comment"),
    ]  # fmt: skip
    assert [q.text for q in found.questions][1:4] == [
        "What obstacles—legal, technical or financial—keep researchers from using Federal data "
        "today?",
        "How should access to sensitive datasets be governed so that privacy and security are "
        "protected?",
        "Governance models for shared research datasets, including examples from other countries.",
    ]
    assert len(found.questions) == 6


def test_prose_questions_get_generated_numbers_and_context_is_left_out():
    notice = read_file(NOTICES / "ftc-2026" / "2026-07702.xml").notice
    found = find_questions(notice.body)
    assert found.style == "prose"
    assert [q.number for q in found.questions] == ["1", "2", "3", "4"]
    assert all(q.generated and q.text.endswith("?") for q in found.questions)
    assert not any("Is a disclosure always the right answer" in q.text for q in found.questions)
    assert {q.group for q in found.questions} == {"Questions for Public Comment"}


def test_bullets_under_a_numbered_question():
    blocks = [
        Block("heading", "III. Questions", 7, 1),
        Block("para", "1. What are the costs of compliance? Consider in particular:", 7),
        Block("para", "• staff time spent on records;", 7),
        Block("para", "• How would small firms bear these costs?", 7),
        Block("para", "2. What else should we consider?", 8),
    ]
    found = find_questions(blocks).questions
    assert [(q.number, q.generated) for q in found] == [("1", False), ("1.1", True), ("2", False)]
    assert found[0].text.endswith("Consider in particular:\n\n• staff time spent on records;")


def test_no_questions():
    notice = read_file(NOTICES / "usco-2023-extension" / "2023-25169.txt").notice
    assert find_questions(notice.body).style == "none"


DATES = [
    (
        "Written comments are due no later than 11:59 p.m. Eastern Time on Wednesday, October 18, "
        "2023. Written reply comments are due no later than 11:59 p.m. Eastern Time on Wednesday, "
        "November 15, 2023.",
        "2023-10-18", "2023-11-15", "11:59 p.m. Eastern Time", False,
    ),
    (
        "The reply comment period for the notice of inquiry published on August 30, 2023 (88 FR "
        "59942), as extended on September 21, 2023, is further extended. Written reply comments "
        "are now due no later than 11:59 p.m. Eastern Time on Wednesday, December 6, 2023.",
        None, "2023-12-06", "11:59 p.m. Eastern Time", True,
    ),
    ("Comments must be received on or before June 29, 2026.", "2026-06-29", None, "", False),
    (
        "Responses are due by 11:59 p.m. ET on April 24, 2026.",
        "2026-04-24", None, "11:59 p.m. ET", False,
    ),
    (
        "The comment period is extended from October 18, 2023 to October 30, 2023.",
        "2023-10-30", None, "", True,
    ),
    (
        "Comments are due 5 p.m. EST, 1/15/2027; replies due 2/16/2027.",
        "2027-01-15", "2027-02-16", "5 p.m. EST", False,
    ),
    ("A public meeting will be held on March 3, 2026.", None, None, "", False),
    ("Comments are due by February 30, 2026.", None, None, "", False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "deadline", "reply", "time", "extended"), DATES)
def test_deadlines(text, deadline, reply, time, extended):
    d = read_dates([text])
    as_text = (
        str(d.deadline) if d.deadline else None,
        str(d.reply_deadline) if d.reply_deadline else None,
    )
    assert (*as_text, d.time, d.extended) == (deadline, reply, time, extended)


def test_a_deadline_per_docket():
    text = (
        "Comments on Part A (Docket NTIA-2026–0002) must be received on or before 11:59 p.m. "
        "Eastern Standard Time on March 16, 2026. Comments on Part B (Docket NTIA-2026–0003) must "
        "be received on or before 11:59 p.m. Eastern Daylight Time on April 15, 2026."
    )
    d = read_dates([text], ["NTIA-2026-0002", "NTIA-2026-0003"])
    b = d.for_docket("NTIA-2026-0003")
    assert (b.deadline, b.time) == (dt.date(2026, 4, 15), "11:59 p.m. Eastern Daylight Time")
    assert d.for_docket("NTIA-2026-0002").deadline == dt.date(2026, 3, 16)


# -- bad input: a clear error naming the file and the fix --------------------------------------
def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


BAD = [
    (
        "page.txt", "<html><body>Federal Register</body></html>",
        "page.txt: this is not a Federal Register text rendition: it has none of the captions "
        "AGENCY:, ACTION:, SUMMARY:, DATES: — save the notice's text (.txt) or XML (.xml) "
        "rendition from federalregister.gov, or pass its document number",
    ),
    (
        "broken.xml", "<NOTICE><PREAMB>\n<AGENCY>X</AGENCY>\n</NOTICE>",
        "broken.xml:3:10: not well-formed XML: Opening and ending tag mismatch: PREAMB line 1 and "
        "NOTICE — save the notice's XML again from federalregister.gov, or use its text (.txt)",
    ),
    (
        "other.xml", "<html><body/></html>",
        "other.xml:1:1: <html> holds no NOTICE, PRORULE or RULE: this is not Federal Register "
        "XML — save the notice's XML (full_text_xml_url) from federalregister.gov",
    ),
    (
        "issue.xml",
        "<FEDREG><NOTICES><NOTICE><PREAMB/></NOTICE><NOTICE><PREAMB/></NOTICE></NOTICES>"
        "</FEDREG>",
        "issue.xml: this XML holds 2 documents (a whole issue of the Federal Register?) — save "
        "the one notice's XML (its full_text_xml_url), or pass its document number",
    ),
    (
        "broken.json", '{"document_number": "2023-18624",\n "title": }',
        "broken.json:2:11: not valid JSON: Expecting value — save the API's answer again "
        "(https://www.federalregister.gov/api/v1/documents/NUMBER.json)",
    ),
    (
        "search.json", '{"count": 2, "results": []}',
        "search.json: this is a list of search results, not one document's record — save "
        "https://www.federalregister.gov/api/v1/documents/NUMBER.json for the one notice",
    ),
    (
        "alone.json", '{"document_number": "2023-18624"}',
        "alone.json: the API record alone.json has no rendition beside it (alone.xml or "
        "alone.txt) — save the notice's XML (full_text_xml_url) or text (raw_text_url) under "
        "that name",
    ),
    (
        "notes.docx", "PK",
        "notes.docx: cannot read a '.docx' file as a notice — save the notice as .txt (text) or "
        ".xml (XML), or its API record as .json",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "message"), BAD)
def test_bad_notice_files(tmp_path, monkeypatch, name, data, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, name, data)
    with pytest.raises(NoticeError) as info:
        read_notice(name)
    assert str(info.value) == message


def test_missing_file_and_bad_argument(tmp_path):
    with pytest.raises(NoticeError, match=r"^no such file: .*gone\.txt — check the name"):
        read_notice(str(tmp_path / "gone.txt"))
    with pytest.raises(NoticeError) as info:
        read_notice("the AI notice")
    assert str(info.value) == (
        "'the AI notice' is neither a saved notice (.txt, .xml, .json) nor a Federal Register "
        "document number or address — pass a document number like 2023-18624, an address like "
        "https://www.federalregister.gov/d/2023-18624, or a saved rendition"
    )


def test_xml_entities_are_never_expanded(tmp_path):
    secret = write(tmp_path, "secret.txt", "TOP SECRET")
    xml = (
        f'<?xml version="1.0"?>\n<!DOCTYPE NOTICE [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        "<NOTICE><PREAMB><SUBJECT>Title &leak;</SUBJECT></PREAMB>"
        '<SUPLINF><HD SOURCE="HD1">Questions</HD><P>1. Why &leak;?</P></SUPLINF></NOTICE>'
    )
    notice = read_xml(xml.encode(), "leak.xml")
    assert "TOP SECRET" not in notice.subject + "".join(b.text for b in notice.body)


def test_a_whole_issue_with_one_notice_gives_volume_and_date():
    xml = (
        "<FEDREG><VOL>88</VOL><NO>167</NO><DATE>Wednesday, August 30, 2023</DATE><NOTICES>"
        '<NOTICE><PREAMB><PRTPAGE P="59942"/><SUBJECT>T</SUBJECT></PREAMB></NOTICE>'
        "</NOTICES></FEDREG>"
    )
    notice = read_xml(xml.encode(), "issue.xml")
    assert (notice.volume, notice.published, notice.start_page) == (88, dt.date(2023, 8, 30), 59942)


def test_text_rendition_details():
    text = "\n".join([
        "[Federal Register Volume 91, Number 3 (Tuesday, January 6, 2026)]",
        "[Pages 100-101]",
        "[FR Doc No: 2026-00001]",
        "", "AGENCY: Example Agency.", "", "DATES: Comments are due by February 5, 2026.", "",
        "SUPPLEMENTARY INFORMATION:", "",
        "Questions for Comment on the Labeling of Works Made With Generative",
        "Artificial Intelligence Systems", "",
        "    1. Should AI-generated works be labeled, and by",
        "whom? Please explain the trade-",
        "offs.", "",
        "    2. What should the label say about the",
        "", "[[Page 101]]", "",
        "model used?", "",
    ])  # fmt: skip
    notice = read_text(text, "x.txt")
    assert notice.body[0].text == (
        "Questions for Comment on the Labeling of Works Made With Generative Artificial "
        "Intelligence Systems"
    )
    found = find_questions(notice.body).questions
    assert [(q.number, q.page, q.text) for q in found] == [
        (
            "1",
            100,
            "Should AI-generated works be labeled, and by whom? Please explain the trade-offs.",
        ),
        ("2", 100, "What should the label say about the model used?"),
    ]


@pytest.mark.parametrize(
    ("argument", "number"),
    [
        ("2023-18624", "2023-18624"),
        ("https://www.federalregister.gov/d/2023-18624", "2023-18624"),
        (
            "https://www.federalregister.gov/documents/2023/08/30/2023-18624/artificial-intelligence-and-copyright",
            "2023-18624",
        ),
        ("https://www.federalregister.gov/api/v1/documents/2023-18624.json", "2023-18624"),
        ("E8-4768", "E8-4768"),
        ("https://example.com/d/2023-18624", None),
        ("notice.txt", None),
    ],
)
def test_document_numbers_and_addresses(argument, number):
    assert document_number(argument) == number


def test_fixtures_are_generated_from_their_description(tmp_path):
    """The committed renditions are what make.py writes: the three always agree."""
    import importlib.util
    import sys

    sys.path.insert(0, str(NOTICES))
    try:
        spec = importlib.util.spec_from_file_location("make", NOTICES / "make.py")
        assert spec and spec.loader
        make = importlib.util.module_from_spec(spec)
        sys.modules["make"] = make
        spec.loader.exec_module(make)
        from notices_usco import USCO

        assert make.render_text(USCO) == USCO_TXT.read_text(encoding="utf-8")
        assert make.render_xml(USCO) == USCO_XML.read_text(encoding="utf-8")
        assert json.loads(make.render_json(USCO)) == json.loads(
            USCO_JSON.read_text(encoding="utf-8")
        )
    finally:
        sys.path.remove(str(NOTICES))
        for name in ("make", "notices_usco", "notices_other"):
            sys.modules.pop(name, None)
