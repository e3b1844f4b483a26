"""Loading and validating workspaces: every rule of DESIGN.md section 2, with exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.draft.check import load_checked
from drafter.errors import ValidationError, WorkspaceNotFound
from drafter.load.workspace import builtin_root, find_workspace, load_workspace
from tests.conftest import MINI, build_tree


def mutate(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load_checked(root)
    return [str(p) for p in info.value.problems]


def test_builtin_workspace_is_valid():
    ws, warnings = load_checked(builtin_root())
    assert ws.is_builtin
    assert {"data-access", "licensing", "preemption", "safeguards", "global-race"} <= set(
        ws.positions
    )
    assert {"usco", "ntia", "ftc", "ostp", "senate-commerce"} <= set(ws.agencies)
    assert [w for w in warnings if w.is_error] == []


def test_mini_workspace_loads_with_locations(mini_ws):
    ws, warnings = load_workspace(mini_ws)
    assert warnings == []
    assert ws.organization.short_name == "CEP"
    position = ws.positions["open-data"]
    assert position.arguments[0].topics == ("competition",)
    assert position.loc.file == "positions/open-data.yaml"
    q = ws.agencies["agency-x"].dockets[0].questions[0]
    assert (q.loc.line, q.loc.path) == (16, "dockets[0].questions[0]")
    assert str(ws.agencies["agency-x"].dockets[0].deadline) == "2026-12-15"


BAD = [
    # (file, old text, new text, exact message)
    (
        "positions/open-data.yaml",
        "title: Open data for research",
        "title: Open data for research\ntitel: duplicate",
        "positions/open-data.yaml:3:1: titel: unknown key 'titel' — did you mean 'title'?",
    ),
    (
        "positions/open-data.yaml",
        "priority: 1",
        "priority: 1\npriority: 2",
        "positions/open-data.yaml:7:1: priority: duplicate key 'priority' (first given on line 6)"
        " — remove one of them; YAML keeps only one",
    ),
    (
        "positions/open-data.yaml",
        "id: open-data",
        "id: opendata",
        "positions/open-data.yaml:1:5: id: id 'opendata' does not match the file name "
        "'open-data.yaml' — rename the file to 'opendata.yaml' or set 'id: open-data'",
    ),
    (
        "positions/open-data.yaml",
        "priority: 1",
        "priority: high",
        "positions/open-data.yaml:6:11: priority: expected a whole number, got 'high'",
    ),
    (
        "positions/open-data.yaml",
        "topics: [data-access, research]",
        "topics: []",
        "positions/open-data.yaml:5:9: topics: must not be empty — list at least one topic",
    ),
    (
        "positions/open-data.yaml",
        "topics: [data-access, research]",
        "topics: [Data Access]",
        "positions/open-data.yaml:5:10: topics[0]: 'Data Access' is not a valid id or topic — "
        "use lowercase letters, digits and hyphens, like 'fair-use'",
    ),
    (
        "positions/open-data.yaml",
        "stance: >\n  Public data should stay open to researchers and small firms.\n",
        "",
        "positions/open-data.yaml:1:1: stance: missing required key 'stance' — add 'stance: ...'",
    ),
    (
        "positions/open-data.yaml",
        "[@hearing]",
        "[@hearin]",
        "positions/open-data.yaml:11:66: arguments[0].text: unknown citation key 'hearin' — "
        "did you mean 'hearing'? Or add 'hearin' to sources.yaml",
    ),
    (
        "positions/fair-rules.yaml",
        "  - id: one-rule",
        "  - id: one-rule\n    txt: hi",
        "positions/fair-rules.yaml:9:5: arguments[0].txt: unknown key 'txt' — did you mean 'text'?",
    ),
    (
        "agencies/agency-x.yaml",
        "deadline: 2026-12-15",
        "deadline: 2026-02-30",
        "agencies/agency-x.yaml:13:15: dockets[0].deadline: no such date: 2026-02-30 — check "
        "the day and month (YYYY-MM-DD)",
    ),
    (
        "agencies/agency-x.yaml",
        "deadline: 2026-12-15",
        "deadline: soon",
        "agencies/agency-x.yaml:13:15: dockets[0].deadline: expected a date like 2026-12-01, "
        "got 'soon' — write it as YYYY-MM-DD",
    ),
    (
        "agencies/agency-x.yaml",
        "positions: [open-data, fair-rules]",
        "positions: [open-data, fair-rule]",
        "agencies/agency-x.yaml:7:24: positions[1]: unknown position 'fair-rule' — did you mean "
        "'fair-rules'?",
    ),
    (
        "agencies/agency-x.yaml",
        '- number: "2"',
        '- number: "1"',
        "agencies/agency-x.yaml:19:17: dockets[0].questions[1].number: duplicate question "
        "number '1' — number them uniquely",
    ),
    (
        "sources.yaml",
        "type: report",
        "type: book",
        "sources.yaml:8:9: report.type: unknown source type 'book' — choose one of: article, "
        "case, hearing, notice, report, statute, web",
    ),
    (
        "sources.yaml",
        "url: https://example.org/report",
        "url: example.org/report",
        "sources.yaml:13:8: report.url: 'example.org/report' is not a web address — start it "
        "with https://",
    ),
    (
        "outlets.yaml",
        "words: [40, 1000]",
        "words: [1000, 40]",
        "outlets.yaml:1:49: daily-example.words: expected a word range like [600, 1000], got "
        "a list — give the minimum and maximum word counts, smallest first",
    ),
    (
        "drafter.yaml",
        "  signer: director",
        "  signer: directr",
        "drafter.yaml:15:11: defaults.signer: unknown signer 'directr' — did you mean 'director'?",
    ),
    (
        "drafter.yaml",
        "  short_name: CEP\n",
        "",
        "drafter.yaml:2:3: organization.short_name: missing required key 'short_name' — add "
        "'short_name: ...'",
    ),
    (
        "campaigns/fall.yaml",
        "kind: letter",
        "kind: memo",
        "campaigns/fall.yaml:2:7: kind: unknown kind 'memo' — use 'letter' or 'oped'",
    ),
    (
        "campaigns/fall.yaml",
        '"{agency}-{docket}.docx"',
        '"../{agency}.docx"',
        "campaigns/fall.yaml:5:9: output: output pattern leaves the output folder — give a "
        "relative name such as '{agency}-{docket}.docx'",
    ),
    (
        "campaigns/fall.yaml",
        '"{agency}-{docket}.docx"',
        '"{agency}-{title}.docx"',
        "campaigns/fall.yaml:5:9: output: unknown field '{title}' in the output pattern — use "
        "{agency}, {docket}, {outlet}, {date}, {signer}",
    ),
    (
        "campaigns/fall.yaml",
        "docket: AOE-2026-0001",
        "docket: AOE-2026-0002",
        "campaigns/fall.yaml:8:13: targets[0].docket: unknown docket of agency-x "
        "'AOE-2026-0002' — did you mean 'AOE-2026-0001'?",
    ),
    (
        "campaigns/fall.yaml",
        "emphasis: [open-data]",
        "emphasis: [open-date]",
        "campaigns/fall.yaml:9:16: targets[0].emphasis[0]: unknown position 'open-date' — did "
        "you mean 'open-data'?",
    ),
    (
        "positions/fair-rules.yaml",
        "priority: 2",
        "priority: !!python/object/apply:os.system ['touch pwned']",
        "positions/fair-rules.yaml:6:11: priority: tag !!python/object/apply:os.system is not "
        "allowed — drafter reads plain data only; remove the tag",
    ),
    (
        "positions/fair-rules.yaml",
        "title: Fair national rules",
        "title: [Fair national rules",
        "positions/fair-rules.yaml:3:7: YAML syntax error: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence) — is the '[' opened on line 2 closed?",
    ),
    (
        "positions/fair-rules.yaml",
        "priority: 2",
        "priority:\n\t2",
        "positions/fair-rules.yaml:7:1: YAML syntax error: a tab character is used for "
        "indentation — YAML indents with spaces only; replace the tabs with spaces",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BAD, ids=[b[3][:60] for b in BAD])
def test_bad_input_is_reported_exactly(mini_ws, file, old, new, message):
    mutate(mini_ws, file, old, new)
    found = problems_of(mini_ws)
    assert message in found, "\n".join(found)


def test_python_tag_runs_nothing(mini_ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    mutate(
        mini_ws,
        "positions/fair-rules.yaml",
        "priority: 2",
        "priority: !!python/object/apply:os.system ['touch pwned']",
    )
    problems_of(mini_ws)
    assert not (tmp_path / "pwned").exists()


def test_many_mistakes_reported_together(mini_ws):
    mutate(mini_ws, "positions/open-data.yaml", "priority: 1", "priority: 1\npriority: 3")
    mutate(mini_ws, "positions/fair-rules.yaml", "title: Fair", "titel: x\ntitle: Fair")
    mutate(mini_ws, "agencies/agency-x.yaml", "deadline: 2026-12-15", "deadline: 2026-13-01")
    mutate(mini_ws, "agencies/agency-x.yaml", "[open-data, fair-rules]", "[open-data, nope]")
    mutate(mini_ws, "positions/fair-rules.yaml", "[@report]", "[@nosuch]")
    found = problems_of(mini_ws)
    assert len(found) == 5, found
    files = sorted({f.split(":")[0] for f in found})
    assert files == [
        "agencies/agency-x.yaml",
        "positions/fair-rules.yaml",
        "positions/open-data.yaml",
    ]
    assert all(f.split(":")[1].isdigit() for f in found)


def test_empty_and_non_utf8_files(mini_ws):
    (mini_ws / "positions" / "empty.yaml").write_text("")
    (mini_ws / "positions" / "latin.yaml").write_bytes(b"id: latin\ntitle: caf\xe9\n")
    found = problems_of(mini_ws)
    assert "positions/empty.yaml:1:1: file is empty — fill it in or delete it" in found
    assert (
        "positions/latin.yaml:2:11: file is not UTF-8 text (byte 0xe9) — save it as UTF-8" in found
    )


def test_alias_bomb_is_refused(mini_ws):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    (mini_ws / "outlets.yaml").write_text("\n".join(lines) + "\n")
    found = problems_of(mini_ws)
    assert any("too many values (an alias bomb?)" in f for f in found)


def test_huge_file_is_refused(mini_ws):
    (mini_ws / "sources.yaml").write_text("# " + "x" * (1024 * 1024 + 10) + "\n")
    found = problems_of(mini_ws)
    assert any(f.startswith("sources.yaml: file is too large") for f in found), found


def test_docket_id_format_is_a_warning(mini_ws):
    mutate(mini_ws, "agencies/agency-x.yaml", "id: AOE-2026-0001", "id: aoe 2026/1")
    mutate(mini_ws, "campaigns/fall.yaml", "docket: AOE-2026-0001", "docket: aoe 2026/1")
    _ws, warnings = load_workspace(mini_ws)
    assert [str(w) for w in warnings] == [
        "agencies/agency-x.yaml:9:9: dockets[0].id: docket ID 'aoe 2026/1' does not look like "
        "a regulations.gov docket ID — expected AGENCY[-SUB]-YYYY-NNNN, like COLC-2023-0006"
    ]


def test_workspace_discovery(tmp_path, mini_ws, monkeypatch):
    nested = mini_ws / "drafts" / "deep"
    nested.mkdir(parents=True)
    assert find_workspace(cwd=nested, env={}) == mini_ws.resolve()
    assert find_workspace(cwd=tmp_path, env={}) == builtin_root()
    assert find_workspace(cwd=tmp_path, env={"DRAFTER_WORKSPACE": str(mini_ws)}) == mini_ws
    with pytest.raises(WorkspaceNotFound, match=r"no drafter\.yaml"):
        find_workspace(tmp_path / "nowhere", env={})


def test_workspace_falls_back_to_builtin_parts(tmp_path):
    root = build_tree(tmp_path / "ws", {"drafter.yaml": MINI["drafter.yaml"]})
    ws, _ = load_workspace(root)
    assert "licensing" in ws.positions and "usco" in ws.agencies
    assert ws.template_dirs[-1] == builtin_root() / "templates"


def test_template_syntax_error_names_file_and_line(mini_ws):
    build_tree(mini_ws, {"templates/letter.md.j2": "Hello\n{% if %}\n"})
    found = problems_of(mini_ws)
    assert any(f.startswith("templates/letter.md.j2:2") or "letter.md.j2:2" in f for f in found), (
        found
    )
