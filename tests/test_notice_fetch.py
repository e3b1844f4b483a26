"""The network path of `agencies import`, against a local server serving the API's paths.

No test reaches outside the machine: the Federal Register API is played by pytest-httpserver
on 127.0.0.1, and drafter is pointed at it with the hidden --api option.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.errors import NoticeError
from drafter.load.workspace import load_workspace
from drafter.notice import fetch
from drafter.notice.fetch import Fetcher
from drafter.notice.read import read_notice
from tests.conftest import MINI, build_tree
from tests.test_notice import NOTICES, USCO_NUMBERS
from tests.test_notice_import import USCO_AGENCY

RECORD = "/api/v1/documents/2023-18624.json"
XML = "/documents/full_text/xml/2023/08/30/2023-18624.xml"
TEXT = "/documents/full_text/text/2023/08/30/2023-18624.txt"
runner = CliRunner()


def record_for(server: HTTPServer) -> dict:
    """The fixture's API record, its full-text addresses on the local server."""
    data = json.loads((NOTICES / "usco-2023" / "2023-18624.json").read_text(encoding="utf-8"))
    for key in ("full_text_xml_url", "raw_text_url"):
        data[key] = data[key].replace("https://www.federalregister.gov", server.url_for("")[:-1])
    return data


def serve_usco(server: HTTPServer) -> None:
    server.expect_request(RECORD).respond_with_json(record_for(server))
    xml = (NOTICES / "usco-2023" / "2023-18624.xml").read_bytes()
    server.expect_request(XML).respond_with_data(xml, content_type="application/xml")


class Sleeps:
    """A sleep that only records how long it was asked to wait."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(round(seconds, 3))


@pytest.mark.parametrize(
    "notice", ["2023-18624", "https://www.federalregister.gov/d/2023-18624"], ids=["number", "url"]
)
def test_import_by_number_or_address_fetches_record_then_xml(tmp_path, httpserver, notice):
    serve_usco(httpserver)
    ws = build_tree(tmp_path / "ws", {**MINI, "agencies/usco.yaml": USCO_AGENCY})
    result = runner.invoke(
        app,
        ["-w", str(ws), "agencies", "import", notice, "--api", httpserver.url_for("")],
        catch_exceptions=False,
        env={"DRAFTER_TODAY": "2026-11-24", "COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "read from api+xml" in result.output
    assert [request.path for request, _ in httpserver.log] == [RECORD, XML]
    docket = load_workspace(ws)[0].agencies["usco"].docket("COLC-2023-0006")
    assert docket is not None
    assert [q.number for q in docket.questions] == USCO_NUMBERS
    assert (docket.citation, str(docket.published)) == ("88 Fed. Reg. 59942", "2023-08-30")


def test_the_api_address_can_come_from_the_environment(tmp_path, httpserver):
    serve_usco(httpserver)
    ws = build_tree(tmp_path / "ws", {**MINI, "agencies/usco.yaml": USCO_AGENCY})
    result = runner.invoke(
        app,
        ["-w", str(ws), "agencies", "import", "2023-18624", "--dry-run"],
        catch_exceptions=False,
        env={"DRAFTER_FR_API": httpserver.url_for(""), "COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "Would add docket COLC-2023-0006" in result.output


def test_text_when_there_is_no_xml(httpserver):
    data = record_for(httpserver)
    data["full_text_xml_url"] = None
    httpserver.expect_request(RECORD).respond_with_json(data)
    text = (NOTICES / "usco-2023" / "2023-18624.txt").read_bytes()
    httpserver.expect_request(TEXT).respond_with_data(text, content_type="text/plain")
    with Fetcher(httpserver.url_for(""), sleep=Sleeps()) as fetcher:
        reading = read_notice("2023-18624", fetcher)
    assert reading.how == "api+txt"
    assert reading.notice.volume == 88


def test_unknown_document(httpserver):
    httpserver.expect_request("/api/v1/documents/2023-99999.json").respond_with_json(
        {"status": 404, "message": "not found"}, status=404
    )
    with (
        Fetcher(httpserver.url_for(""), sleep=Sleeps()) as fetcher,
        pytest.raises(NoticeError) as info,
    ):
        read_notice("2023-99999", fetcher)
    assert str(info.value) == (
        "the Federal Register has no document numbered 2023-99999 — check the number (FR Doc. "
        "No., like 2023-18624) on federalregister.gov"
    )


def test_too_many_requests_waits_as_told_then_goes_on(httpserver):
    httpserver.expect_oneshot_request(RECORD).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3"}
    )
    serve_usco(httpserver)
    sleeps = Sleeps()
    with Fetcher(httpserver.url_for(""), sleep=sleeps) as fetcher:
        reading = read_notice("2023-18624", fetcher)
    assert reading.api is not None and reading.api.regs_docket_id == "COLC-2023-0006"
    assert 3.0 in sleeps.waits
    assert [r.path for r, _ in httpserver.log] == [RECORD, RECORD, XML]


def test_a_long_retry_after_is_not_waited_for(httpserver):
    httpserver.expect_request(RECORD).respond_with_data(
        "later", status=429, headers={"Retry-After": "600"}
    )
    sleeps = Sleeps()
    with (
        Fetcher(httpserver.url_for(""), sleep=sleeps) as fetcher,
        pytest.raises(NoticeError) as info,
    ):
        read_notice("2023-18624", fetcher)
    assert str(info.value) == (
        "localhost asks to wait 600 seconds before the next request — try again later, or "
        "import a saved .txt/.xml rendition"
    )
    assert sleeps.waits == []


def test_requests_are_spaced_as_the_api_asks(httpserver):
    """At most 5 API requests a second: a second request right away waits 0.2 s."""
    serve_usco(httpserver)
    sleeps = Sleeps()
    with Fetcher(httpserver.url_for(""), sleep=sleeps, clock=lambda: 100.0) as fetcher:
        fetcher.record("2023-18624")
        fetcher.record("2023-18624")
        fetcher.full_text(fetcher.record("2023-18624")[0])
    assert sleeps.waits == [fetch.API_INTERVAL, fetch.API_INTERVAL]  # the text: a bucket of its own


def test_full_text_only_from_the_federal_register(httpserver):
    data = record_for(httpserver)
    data["full_text_xml_url"] = "https://files.example.com/2023-18624.xml"
    httpserver.expect_request(RECORD).respond_with_json(data)
    with (
        Fetcher(httpserver.url_for(""), sleep=Sleeps()) as fetcher,
        pytest.raises(NoticeError) as info,
    ):
        read_notice("2023-18624", fetcher)
    assert str(info.value) == (
        "the record of 2023-18624 points to files.example.com, which is not the Federal Register "
        "— save the notice's rendition from federalregister.gov and pass the file"
    )
    assert [r.path for r, _ in httpserver.log] == [RECORD]


def test_an_answer_too_large_is_refused(httpserver, monkeypatch):
    monkeypatch.setattr(fetch, "MAX_BYTES", 10_000)  # more than the record, less than the XML
    serve_usco(httpserver)
    with (
        Fetcher(httpserver.url_for(""), sleep=Sleeps()) as fetcher,
        pytest.raises(NoticeError) as info,
    ):
        read_notice("2023-18624", fetcher)
    assert str(info.value) == f"{httpserver.url_for(XML)} is larger than 10 kB: not one notice"


def test_offline_names_the_saved_file_alternative(tmp_path):
    """A port nothing listens on, on this machine: the connection is refused at once."""
    ws = build_tree(tmp_path / "ws", MINI)
    result = runner.invoke(
        app,
        ["-w", str(ws), "agencies", "import", "2023-18624", "--api", "http://127.0.0.1:9"],
        catch_exceptions=False,
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 1
    message = result.output.strip()
    assert message.startswith("error: could not reach 127.0.0.1 to fetch 2023-18624 (")
    assert message.endswith(
        "— without a network, save the notice's text or XML from "
        "https://www.federalregister.gov/d/2023-18624 (and, for the regulations.gov docket ID, "
        "its record https://www.federalregister.gov/api/v1/documents/2023-18624.json saved as "
        "2023-18624.json beside it), then run: drafter agencies import 2023-18624.txt"
    )
    assert "Traceback" not in result.output
    assert not (Path(ws) / "agencies" / "usco.yaml").exists()
