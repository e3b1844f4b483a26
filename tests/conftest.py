"""Shared fixtures: tiny workspaces built inline, written from DESIGN.md alone."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

# Reproducible "today" for deadlines and default dates in every test: the library takes it as
# an argument (TODAY), the command line reads it from $DRAFTER_TODAY.
TODAY = dt.date(2026, 11, 24)
os.environ.setdefault("DRAFTER_TODAY", TODAY.isoformat())

MINI = {
    "drafter.yaml": """\
        organization:
          name: Center for Example Policy
          short_name: CEP
          description: >
            The Center for Example Policy studies how technology rules affect small firms.
          address: [1 Example Plaza NW, "Washington, DC 20001"]
          website: https://example.org
        signers:
          - id: director
            name: Jordan Example
            title: Director of Technology Policy
            email: policy@example.org
            bio: Jordan Example directs technology policy at the Center for Example Policy.
        defaults:
          signer: director
          citation_page_commas: true
        """,
    "positions/open-data.yaml": """\
        id: open-data
        title: Open data for research
        stance: >
          Public data should stay open to researchers and small firms.
        topics: [data-access, research]
        priority: 1
        arguments:
          - id: levels-field
            topics: [competition]
            text: >
              Open public data lets small firms compete with large ones [@hearing].
            short: >
              Open data helps small firms compete.
          - id: better-science
            topics: [research]
            text: >
              Researchers need open data to test claims [@report, p. 4].
        asks:
          - Keep public data open for lawful research.
        concerns:
          - concern: Open data can expose private information.
            response: Privacy law already covers personal data; apply it.
        """,
    "positions/fair-rules.yaml": """\
        id: fair-rules
        title: Fair national rules
        stance: >
          One national rule beats fifty state rules.
        topics: [preemption]
        priority: 2
        arguments:
          - id: one-rule
            text: >
              A single national standard lowers compliance costs [@report].
        asks:
          - Adopt one national standard.
        """,
    "agencies/agency-x.yaml": """\
        id: agency-x
        name: Agency of Examples
        short_name: AOE
        addressee: Director of Examples
        address: [100 Example Street SW, "Washington, DC 20500"]
        interests: [research, data-access]
        positions: [open-data, fair-rules]
        dockets:
          - id: AOE-2026-0001
            title: Data and Innovation
            citation: 91 Fed. Reg. 12345
            published: 2026-10-01
            deadline: 2026-12-15
            channel: regulations.gov
            questions:
              - number: "1"
                text: How should public data be shared with researchers?
                topics: [research, data-access]
              - number: "2"
                text: Should state laws on data differ?
                topics: [preemption]
              - number: "3"
                text: How should outputs be labeled?
                topics: [labeling]
        """,
    "sources.yaml": """\
        hearing:
          type: hearing
          author: Senate Committee on Examples
          title: Hearing on Open Data
          date: 2026-05-08
          url: https://example.org/hearing
        report:
          type: report
          author: Example Institute
          title: The Value of Open Data
          publisher: Example Press
          date: 2025-03-01
          url: https://example.org/report
        """,
    "outlets.yaml": """\
        daily-example: {name: The Daily Example, words: [40, 1000], links: true, bio: one-sentence}
        """,
    "campaigns/fall.yaml": """\
        name: Fall campaign
        kind: letter
        positions: [open-data, fair-rules]
        date: 2026-12-01
        output: "{agency}-{docket}.docx"
        targets:
          - agency: agency-x
            docket: AOE-2026-0001
            emphasis: [open-data]
        """,
}


def build_tree(root: Path, files: dict[str, str]) -> Path:
    """Write files (dedented) under root; return root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def mini_ws(tmp_path: Path) -> Path:
    """A small, valid workspace written from DESIGN.md alone."""
    return build_tree(tmp_path / "ws", MINI)


# -- golden files: exact text, compared; written only when asked ---------------------------------
GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="write tests/golden/ files from this run's output instead of comparing with them",
    )


def check_golden(path: Path, actual: str, *, update: bool) -> None:
    """actual must equal the golden file; a missing one fails unless update writes it."""
    if update:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(
            f"golden file tests/golden/{path.name} is missing: run pytest --update-goldens to "
            "write it, then read it and commit it"
        )
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """golden(name, actual): compare actual with tests/golden/NAME (see --update-goldens)."""
    update = bool(request.config.getoption("--update-goldens"))
    return lambda name, actual: check_golden(GOLDEN / name, actual, update=update)
