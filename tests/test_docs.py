"""Docs cannot drift from the code: every command and option has help and is documented in
docs/commands.md, README's commands are the ones CI runs, links lead somewhere, and the public
API is what docs/library.md and drafter/__init__.pyi say."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

import drafter
from drafter.cli.main import app
from tests.conftest import check_golden

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS_DOC = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
LIBRARY_DOC = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")


def commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    out = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        if hasattr(command, "commands"):  # a group: its commands are documented, not it
            out.extend(commands(command, full + " "))
        else:
            out.append((full, command))
    return out


ALL = commands(typer.main.get_command(app))


def section(name: str) -> str:
    """The part of docs/commands.md under the '## drafter ...' heading that names the command."""
    group, _, sub = name.partition(" ")
    for part in re.split(r"^## ", COMMANDS_DOC, flags=re.M)[1:]:
        heading = part.splitlines()[0]
        words = re.findall(r"[a-z-]+", heading)
        if words[:2] == ["drafter", group] and (not sub or sub in words):
            return part
    return ""


@pytest.mark.parametrize(("name", "command"), ALL, ids=[n for n, _ in ALL])
def test_every_command_and_option_has_help_and_documentation(name, command):
    assert (command.help or "").strip(), f"{name} has no help text"
    text = section(name)
    assert text, f"docs/commands.md has no '## drafter {name}' section"
    assert f"drafter {name}" in text or name.split()[-1] in text.splitlines()[0]
    for param in command.params:
        if param.param_type_name != "option" or getattr(param, "hidden", False):
            continue
        assert (param.help or "").strip(), f"{name} {param.opts[0]} has no help text"
        assert any(opt in text for opt in param.opts), (
            f"docs/commands.md does not document {name} {param.opts[0]}"
        )


def _code_blocks(markdown: str, after: str) -> list[str]:
    tail = markdown[markdown.index(after) :]
    return re.findall(r"```sh\n(.*?)```", tail, flags=re.S)


def test_readme_gives_the_two_commands_and_ci_runs_the_test_command():
    install = _code_blocks(README, "## Try it")[0].strip()
    assert install == "pip install . && drafter letter usco --docket COLC-2023-0006"
    test_command = _code_blocks(README, "## Run the tests")[0].strip()
    assert test_command == "pip install -e '.[test]' && pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == test_command  # the last thing CI does is README's test command


def test_readme_is_short_and_its_tour_uses_real_commands():
    prose = re.sub(r"```.*?```", "", README, flags=re.S)
    assert len(README.split()) < 1000, len(README.split())
    assert len(prose.split()) < 700
    names = {name for name, _ in ALL}
    for line in _code_blocks(README, "## A short tour")[0].splitlines():
        words = line.split("#")[0].split()
        if words[:1] != ["drafter"]:
            continue
        args = [w for w in words[1:] if not w.startswith("-")]
        assert " ".join(args[:2]) in names or args[0] in names, line


DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_relative_links_lead_to_files(doc: Path):
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (doc.parent / target).exists(), f"{doc.name} links to {target}, which is missing"


def test_the_public_api_is_typed_documented_and_importable():
    stub = ast.parse((ROOT / "drafter" / "__init__.pyi").read_text(encoding="utf-8"))
    typed = {alias.asname for node in stub.body if isinstance(node, ast.ImportFrom)
             for alias in node.names}  # fmt: skip
    public = set(drafter.__all__) - {"__version__"}
    assert typed == public
    for name in public:
        assert getattr(drafter, name) is not None
        assert f"`{name}" in LIBRARY_DOC, f"docs/library.md does not document {name}"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = drafter.nothing


def test_the_api_names_are_not_shadowed_by_the_stages_packages():
    import drafter.batch
    import drafter.render  # a package whose name an API function must not take

    for name in drafter.__all__:
        assert not isinstance(getattr(drafter, name), type(drafter)), name


# -- golden files -------------------------------------------------------------------------------
def test_a_missing_golden_file_fails_unless_asked_to_write_it(tmp_path: Path):
    path = tmp_path / "golden" / "new.txt"
    with pytest.raises(pytest.fail.Exception, match="--update-goldens"):
        check_golden(path, "text\n", update=False)
    assert not path.exists()
    check_golden(path, "text\n", update=True)
    assert path.read_text() == "text\n"
    check_golden(path, "text\n", update=False)
    with pytest.raises(AssertionError):
        check_golden(path, "other\n", update=False)


# -- docs/workspace.md: every key, template variable and filter ---------------------------------
WORKSPACE_DOC = (ROOT / "docs" / "workspace.md").read_text(encoding="utf-8")


def _key_tables() -> list[tuple[str, str]]:
    from drafter.load import agencies, campaigns, plans, readers, sources

    return sorted(
        (name, key)
        for module in (readers, agencies, sources, campaigns, plans)
        for name, keys in vars(module).items()
        if name.endswith("_KEYS")
        for key in keys
    )


@pytest.mark.parametrize(("table", "key"), _key_tables())
def test_every_key_a_reader_accepts_is_documented(table, key):
    assert re.search(rf"\b{re.escape(key)}:", WORKSPACE_DOC), (
        f"docs/workspace.md does not document '{key}' ({table})"
    )


def test_every_filter_is_documented():
    import jinja2

    from drafter.text.templates import make_environment

    ours = set(make_environment([ROOT / "templates"]).filters) - set(jinja2.Environment().filters)
    assert ours
    for name in sorted(ours):
        assert f"| `{name}` |" in WORKSPACE_DOC, f"docs/workspace.md does not document {name}"


def test_every_template_variable_is_documented():
    import datetime as dt

    from drafter.draft.common import Engine

    seen: dict[str, set[str]] = {}

    class Recording(Engine):
        def render(self, name: str, context: Any) -> str:
            seen.setdefault(name, set()).update(context)
            return super().render(name, context)

    ws, _ = drafter.load_checked(ROOT)
    engine = Recording(ws)
    on = dt.date(2026, 11, 24)
    request = drafter.LetterRequest(agency="usco", docket="COLC-2023-0006", today=on)
    drafter.draft_letter(ws, request, engine=engine)
    drafter.draft_oped(ws, drafter.OpedRequest(today=on), engine=engine)
    assert {"letter.md.j2", "summary.txt.j2", "oped.md.j2"} <= set(seen)
    part = WORKSPACE_DOC[WORKSPACE_DOC.index("### Variables") : WORKSPACE_DOC.index("### Filters")]
    for name in sorted(set().union(*seen.values())):
        assert f"`{name}`" in part, f"docs/workspace.md does not document the variable {name}"
