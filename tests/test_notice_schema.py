"""The docket and question fields an imported notice fills, read and checked like any others."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drafter.errors import ValidationError
from drafter.load.workspace import load_workspace
from tests.conftest import MINI, build_tree

IMPORTED = """\
    id: agency-x
    name: Agency of Examples
    short_name: AOE
    dockets:
      - id: AOE-2026-0001
        agency_number: "2026-4"
        title: Data and Innovation
        citation: 91 Fed. Reg. 12345
        published: 2026-10-01
        deadline: 2026-12-15
        deadline_time: 11:59 p.m. Eastern Time
        reply_deadline: 2027-01-15
        fr_doc: 2026-20417
        verbatim: true
        contact: Pat Example, Counsel, pat@example.gov, 202-555-0100
        channel: regulations.gov
        questions:
          - number: "1"
            group: General Questions
            page: 12349
            text: How should public data be shared with researchers?
            suggested_topics: [research, data-access]
          - number: "1.1"
            group: General Questions
            page: 12350
            text: What should the terms of that sharing be?
          - number: "2"
            generated: true
            text: Are there other issues?
"""


def load(tmp_path: Path, agency_yaml: str):
    root = build_tree(tmp_path / "ws", {**MINI, "agencies/agency-x.yaml": agency_yaml})
    return load_workspace(root)


def test_imported_fields_are_read(tmp_path):
    ws, warnings = load(tmp_path, IMPORTED)
    assert [str(w) for w in warnings] == []
    docket = ws.agencies["agency-x"].dockets[0]
    assert docket.reply_deadline == dt.date(2027, 1, 15)
    assert docket.deadline_time == "11:59 p.m. Eastern Time"
    assert docket.fr_doc == "2026-20417"
    assert docket.verbatim is True
    assert docket.contact == "Pat Example, Counsel, pat@example.gov, 202-555-0100"
    first, sub, generated = docket.questions
    assert (first.group, first.page, first.suggested_topics) == (
        "General Questions",
        12349,
        ("research", "data-access"),
    )
    assert first.topics == ()
    assert (sub.number, sub.page, sub.generated) == ("1.1", 12350, False)
    assert (generated.group, generated.page, generated.generated) == ("", None, True)


def test_hand_written_docket_defaults():
    from drafter.model import Docket, Question

    docket = Docket(id="X-2026-0001", title="T", questions=(Question("1", "Why?"),))
    assert (docket.verbatim, docket.fr_doc, docket.reply_deadline) == (False, "", None)
    assert (docket.questions[0].page, docket.questions[0].generated) == (None, False)


BAD = [
    (
        "        verbatim: true\n",
        "        verbatim: quoted\n",
        "agencies/agency-x.yaml:14:15: dockets[0].verbatim: expected true or false, got 'quoted'",
    ),
    (
        "        reply_deadline: 2027-01-15\n",
        "        reply_deadline: mid-January\n",
        "agencies/agency-x.yaml:12:21: dockets[0].reply_deadline: expected a date like "
        "2026-12-01, got 'mid-January' — write it as YYYY-MM-DD",
    ),
    (
        "            page: 12349\n",
        "            page: 0\n",
        "agencies/agency-x.yaml:20:15: dockets[0].questions[0].page: expected a page number, "
        "got 0 — like 59947",
    ),
    (
        "            page: 12349\n",
        "            page: p. 12349\n",
        "agencies/agency-x.yaml:20:15: dockets[0].questions[0].page: expected a whole number, "
        "got 'p. 12349'",
    ),
    (
        "            suggested_topics: [research, data-access]\n",
        "            suggested_topics: [Research]\n",
        "agencies/agency-x.yaml:22:28: dockets[0].questions[0].suggested_topics[0]: 'Research' "
        "is not a valid id or topic — use lowercase letters, digits and hyphens, like 'fair-use'",
    ),
    (
        "            generated: true\n",
        "            generated: yes please\n",
        "agencies/agency-x.yaml:28:20: dockets[0].questions[2].generated: expected true or "
        "false, got 'yes please'",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD)
def test_bad_imported_fields(tmp_path, old, new, message):
    assert old in IMPORTED
    with pytest.raises(ValidationError) as info:
        load(tmp_path, IMPORTED.replace(old, new, 1))
    assert [str(p) for p in info.value.problems] == [message]


def test_odd_fr_doc_is_a_warning(tmp_path):
    _, warnings = load(tmp_path, IMPORTED.replace("fr_doc: 2026-20417", "fr_doc: doc twenty"))
    assert [str(w) for w in warnings] == [
        "agencies/agency-x.yaml:13:13: dockets[0].fr_doc: 'doc twenty' does not look like a "
        "Federal Register document number — write it as printed in the notice, like 2023-18624"
    ]


def with_source(key: str) -> str:
    channel = "        channel: regulations.gov\n"
    return IMPORTED.replace(channel, f"{channel}        source: {key}\n")


def test_a_docket_source_must_be_in_sources_yaml(tmp_path):
    with pytest.raises(ValidationError) as info:
        load(tmp_path, with_source("reprt"))
    assert [str(p) for p in info.value.problems] == [
        "agencies/agency-x.yaml:17:13: dockets[0].source: unknown source 'reprt' — did you mean "
        "'report'?"
    ]
    ws, _ = load(tmp_path / "ok", with_source("report"))
    assert ws.agencies["agency-x"].dockets[0].source == "report"
