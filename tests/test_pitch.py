"""The pitch e-mail: `drafter oped --pitch` writes <name>.pitch.txt beside the piece."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.compose.pitch import PitchFacts, pitch_sentences, pitch_text
from drafter.load.workspace import builtin_root, load_workspace
from drafter.model import Organization, Outlet, Signer
from drafter.render.text import render_text
from drafter.text import readability

runner = CliRunner()


@pytest.fixture
def here(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_TODAY", "2026-11-24")
    monkeypatch.delenv("DRAFTER_WORKSPACE", raising=False)
    return tmp_path


def test_the_pitch_file_for_a_builtin_outlet(here: Path):
    result = runner.invoke(app, ["oped", "--outlet", "usa-today", "-f", "md", "--pitch"])
    assert result.exit_code == 0, result.stderr
    assert "Wrote oped-usa-today.pitch.txt (the pitch e-mail)" in result.stdout
    words = int(result.stdout.split("Wrote oped-usa-today.md\n")[1].split()[0].replace(",", ""))
    pitch = (here / "oped-usa-today.pitch.txt").read_text()
    # The built-in workspace is a sample: its pitch says so before anything an editor reads.
    mark, parts = pitch.split("\n\n")[0], pitch.split("\n\n")[1:]
    assert mark == "SAMPLE — NOT FOR FILING"
    assert parts[0] == (
        "Subject: Op-ed submission for USA Today: Closing off public data would hand AI to a few "
        f"giants ({words:,} words)"
    )
    assert parts[1] == "Dear opinion editors at USA Today,"
    # Three sentences: the news (naming the peg), the argument, the one ask.
    assert readability.sentences(parts[2]) == [
        "In February 2026, ByteDance released Seedance 2.0, a model that turns a line of text "
        "into a lifelike movie scene.",
        "My op-ed, “Closing off public data would hand AI to a few giants,” argues that lawful "
        "access to publicly available data is what lets startups, university labs and nonprofits "
        "build AI systems that work for everyone.",
        "It ends with one clear ask, that Congress should put it plainly in law: training AI on "
        "lawfully accessed public data is legal, and liability belongs to those who steal works "
        "or copy them in outputs.",
    ]
    assert parts[3] == f"Word count: {words:,} words (your range: 550–750)."
    assert parts[4].startswith("Exclusivity: I am offering this piece to USA Today exclusively.")
    ws, _ = load_workspace(builtin_root())
    signer, org = ws.signer(), ws.organization
    assert parts[6].splitlines() == [
        signer.name,
        f"{signer.title}, {org.name}",
        signer.email,
        *org.address,
        org.website,
    ]
    piece = (here / "oped-usa-today.md").read_text()
    piece = piece.removeprefix("**SAMPLE — NOT FOR FILING**\n\n")  # the .md is marked a sample
    assert pitch.endswith(render_text(piece).strip() + "\n")  # the piece, as plain text
    assert "<https://" in pitch.split("-" * 40)[1]  # its links, readable in an e-mail


def test_the_pitch_is_never_written_over_without_force(here: Path):
    args = ["oped", "-o", "piece.md", "--pitch"]
    assert runner.invoke(app, args).exit_code == 0
    (here / "piece.pitch.txt").write_text("my edits\n")
    again = runner.invoke(app, args)
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert (here / "piece.pitch.txt").read_text() == "my edits\n"
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert (here / "piece.pitch.txt").read_text().startswith("SAMPLE — NOT FOR FILING\n\nSubject: ")


def test_preview_shows_the_pitch_and_writes_nothing(here: Path):
    result = runner.invoke(app, ["oped", "--preview", "--pitch"])
    assert result.exit_code == 0 and "Subject: Op-ed submission for The Hill" in result.stdout
    assert list(here.iterdir()) == []


FACTS = PitchFacts(
    outlet=Outlet("daily", "The Daily", (400, 700)),
    headline="Keep data open?",
    news="A rival shipped a model on Monday [@hearing]. It went viral.",
    claim="Open data helps small firms compete. It also helps science.",
    cta="The rival will not wait. Congress should keep public data open.",
    words=612,
    signer=Signer("d", "Jordan Example", "Director", "jordan@example.org"),
    org=Organization("Center for Example", "CE", "About us.", ("1 Main St",), "https://ex.org"),
    piece="KEEP DATA OPEN?\n\nThe piece.",
    proper=frozenset({"Congress"}),
)


def test_pitch_sentences_from_the_facts():
    assert pitch_sentences(FACTS) == [
        "A rival shipped a model on Monday.",
        "My op-ed, “Keep data open?” argues that open data helps small firms compete.",
        "It ends with one clear ask, that Congress should keep public data open.",
    ]


def test_pitch_text_layout():
    assert pitch_text(FACTS) == (
        "Subject: Op-ed submission for The Daily: Keep data open? (612 words)\n\n"
        "Dear opinion editors at The Daily,\n\n"
        "A rival shipped a model on Monday. My op-ed, “Keep data open?” argues that open data "
        "helps small firms compete. It ends with one clear ask, that Congress should keep public "
        "data open.\n\n"
        "Word count: 612 words (your range: 400–700).\n\n"
        "Exclusivity: I am offering this piece to The Daily exclusively. It has not been "
        "published or submitted anywhere else, and it will not go to another outlet while you "
        "consider it. If it is not for you, a short note would let me offer it elsewhere.\n\n"
        "Thank you for considering it.\n\n"
        "Jordan Example\nDirector, Center for Example\njordan@example.org\n1 Main St\n"
        "https://ex.org\n\n" + "-" * 40 + "\n\nKEEP DATA OPEN?\n\nThe piece.\n"
    )


def test_a_name_that_opens_the_ask_keeps_its_capital(here: Path):
    # The licensing module writes "Congress" only at a sentence's start; the pitch puts the ask
    # mid-sentence, where it must still read "Congress", as the other modules write it.
    result = runner.invoke(
        app, ["oped", "--outlet", "usa-today", "-p", "licensing", "-f", "md", "--pitch"]
    )
    assert result.exit_code == 0, result.stderr
    pitch = (here / "oped-usa-today.pitch.txt").read_text()
    assert "It ends with one clear ask, that Congress should reject" in pitch
