"""The hardening catalogue (docs/security.md): what a shared position pack, template or
letterhead may not do, each case run through the command line with the exact message.

Every case also proves what tests/test_catalogue.py proves of bad input: exit 1, no
traceback, no ``.part`` file, nothing written or changed under the test's folder, and the
secret kept beside the workspace (outside it) never printed. Cases with a named pipe run in
a real process with a timeout, so that a hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.errors import TemplateError
from drafter.text.templates import make_environment, render_string

from .test_catalogue import LETTER, SECRET, TPL

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()

LINKED = (
    "drafter reads only what is inside the workspace: copy the file in instead of linking to it"
)
LINKED_FOLDER = (
    "drafter reads only what is inside the workspace: copy the folder in instead of linking to it"
)
ORDINARY = "drafter reads only ordinary files: put the file itself in its place"
WIDE = "1,000,000,000 characters wide (the limit is 1,000,000)"
BIG = "templates produce letters, not data: check the numbers in this expression"


@pytest.fixture
def place(mini_ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's folder: ws/ (a fresh mini workspace), out/, and secrets beside ws/; cwd."""
    (tmp_path / "out").mkdir()
    (tmp_path / "secret.txt").write_text(SECRET)
    (tmp_path / "secret.yaml").write_text(f"id: secret\ntitle: {SECRET}\n")
    (tmp_path / "secret.docx").write_bytes(SECRET.encode())
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "greeting.md.j2").write_text(SECRET)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under root: a regular file's hash, a link's target, what else it is."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            key = path.relative_to(root).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[key] = "-> " + os.readlink(path)
            elif stat.S_ISREG(mode):
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = stat.filemode(mode)
    return found


def run(place: Path, *args: str, subprocess_: bool = False) -> tuple[int, str]:
    """Run drafter -w ws ARGS; return the exit code and stderr."""
    if subprocess_:
        env = {**os.environ, "PYTHONPATH": str(REPO), "DRAFTER_TODAY": "2026-11-24"}
        done = subprocess.run(
            [sys.executable, "-m", "drafter", "-w", "ws", *args],
            cwd=place, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return done.returncode, done.stdout + done.stderr
    result = runner.invoke(app, ["-w", "ws", *args], catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


def assert_refused(place: Path, message: str, *args: str, subprocess_: bool = False) -> None:
    before = snapshot(place)
    code, output = run(place, *(args or ("check",)), subprocess_=subprocess_)
    lines = output.splitlines()
    errors = [line for line in lines if line.startswith(("error:", "Error:"))]
    assert code == 1, output
    assert "Traceback" not in output
    assert errors == [f"error: {message}"], "\n".join(errors)
    assert SECRET not in output
    assert snapshot(place) == before, "something was written or changed"


def link(path: Path, target: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


# --- 1. confinement: nothing outside the workspace is read --------------------------------------


def test_a_template_linked_outside_is_refused(place: Path) -> None:
    link(place / "ws/templates/letter.md.j2", place / "secret.txt")
    message = f"{TPL}: template is a symbolic link to a file outside the workspace — {LINKED}"
    assert_refused(place, message)
    assert_refused(place, message, *LETTER)


def test_a_partial_linked_outside_is_refused_by_check(place: Path) -> None:
    (place / "ws/templates").mkdir()
    (place / "ws/templates/letter.md.j2").write_text('Hi\n{% include "partials/g.md.j2" %}\n')
    link(place / "ws/templates/partials/g.md.j2", place / "secret.txt")
    assert_refused(
        place,
        "ws/templates/partials/g.md.j2: template is a symbolic link to a file outside the "
        f"workspace — {LINKED}",
    )


def test_a_linked_template_folder_is_refused(place: Path) -> None:
    (place / "ws/templates").mkdir()
    (place / "ws/templates/letter.md.j2").write_text(
        'Hi\n{% include "partials/greeting.md.j2" %}\n'
    )
    link(place / "ws/templates/partials", place / "elsewhere")
    assert_refused(
        place,
        "ws/templates/partials/greeting.md.j2: folder 'templates/partials' is a symbolic link — "
        f"{LINKED_FOLDER}",
        *LETTER,
    )


def test_a_position_linked_outside_is_refused(place: Path) -> None:
    link(place / "ws/positions/secret.yaml", place / "secret.yaml")
    assert_refused(
        place,
        "positions/secret.yaml: file is a symbolic link to a file outside the workspace — "
        + LINKED,
    )


def test_a_linked_positions_folder_is_refused(place: Path) -> None:
    (place / "elsewhere" / "open-data.yaml").write_text((place / "secret.yaml").read_text())
    for name in ("open-data.yaml", "fair-rules.yaml"):
        (place / "ws/positions" / name).rename(place / "elsewhere" / name)
    (place / "ws/positions").rmdir()
    link(place / "ws/positions", place / "elsewhere")
    assert_refused(place, f"positions: folder 'positions' is a symbolic link — {LINKED_FOLDER}")


def test_a_link_inside_the_workspace_is_fine(place: Path) -> None:
    (place / "ws/shared").mkdir()
    (place / "ws/positions/fair-rules.yaml").rename(place / "ws/shared/fair-rules.yaml")
    link(place / "ws/positions/fair-rules.yaml", Path("../shared/fair-rules.yaml"))
    code, output = run(place, "check")
    assert code == 0, output


@pytest.mark.parametrize(
    ("given", "shown"),
    [("/etc/passwd", "/etc/passwd"), ("../secret.docx", "../secret.docx")],
)
def test_defaults_letterhead_is_a_path_inside_the_workspace(
    place: Path, given: str, shown: str
) -> None:
    config = place / "ws/drafter.yaml"
    config.write_text(config.read_text() + f"  letterhead: {given}\n")
    assert_refused(
        place,
        f"drafter.yaml:17:15: defaults.letterhead: letterhead '{shown}' is outside the "
        "workspace — give a .docx path relative to the workspace, like templates/letterhead.docx",
    )


def test_a_letterhead_linked_outside_is_refused(place: Path) -> None:
    link(place / "ws/templates/letterhead.docx", place / "secret.docx")
    assert_refused(
        place,
        "templates/letterhead.docx: letterhead is a symbolic link to a file outside the "
        f"workspace — {LINKED}",
        *LETTER,
    )


def test_yaml_and_yml_for_one_id_is_an_error(place: Path) -> None:
    positions = place / "ws/positions"
    (positions / "fair-rules.yml").write_text((positions / "fair-rules.yaml").read_text())
    assert_refused(
        place,
        "positions/fair-rules.yml: position 'fair-rules' is in two files, fair-rules.yaml and "
        "fair-rules.yml — keep one of them",
    )


# --- 2. only regular files, and nothing hangs -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "positions/piped.yaml",
            "positions/piped.yaml: file is a named pipe (FIFO), not a regular file",
        ),
        (
            "templates/letter.md.j2",
            "ws/templates/letter.md.j2: template is a named pipe (FIFO), not a regular file",
        ),
        (
            "templates/letterhead.docx",
            "templates/letterhead.docx: letterhead is a named pipe (FIFO), not a regular file",
        ),
    ],
)
def test_a_named_pipe_is_refused_at_once(place: Path, name: str, message: str) -> None:
    path = place / "ws" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    assert_refused(place, f"{message} — {ORDINARY}", *LETTER, subprocess_=True)


def test_a_named_pipe_drafter_does_not_use_is_never_opened(place: Path) -> None:
    (place / "ws/templates").mkdir()
    os.mkfifo(place / "ws/templates/notes.md.j2")
    code, output = run(place, "check", subprocess_=True)
    assert code == 0, output


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="mknod needs root")
def test_a_device_is_refused(place: Path) -> None:
    zero = os.stat("/dev/zero")
    os.mknod(place / "ws/positions/zero.yaml", stat.S_IFCHR | 0o600, zero.st_rdev)
    assert_refused(
        place,
        f"positions/zero.yaml: file is a device, not a regular file — {ORDINARY}",
        subprocess_=True,
    )


def test_a_folder_named_like_a_file_is_refused(place: Path) -> None:
    (place / "ws/agencies/folder.yaml").mkdir()
    assert_refused(
        place, f"agencies/folder.yaml: file is a folder, not a regular file — {ORDINARY}"
    )


# --- 4. templates with limits ------------------------------------------------------------------


def template(place: Path, source: str) -> None:
    (place / "ws/templates").mkdir(exist_ok=True)
    (place / "ws/templates/letter.md.j2").write_text(source)


@pytest.mark.parametrize(
    ("source", "line", "what"),
    [
        (
            "{% for i in range(100000) %}{{ org.name * 100 }}{% endfor %}\n",
            0,
            "more than 2,000,000 characters of text",
        ),
        (
            "{% set ns = namespace(s='x') %}\n{% for i in range(40) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}\n",
            2,
            "1,048,576 characters (the limit is 1,000,000)",
        ),
        (
            "{% set ns = namespace(s=['x']) %}\n{% for i in range(40) %}"
            "{% set ns.s = ns.s + ns.s %}{% endfor %}\n",
            2,
            "1,048,576 characters or items (the limit is 1,000,000)",
        ),
        (
            "ok\n{{ ([org.name * 1000] * 1000) | join(', ') }}\n",
            2,
            "25,001,998 characters (the limit is 1,000,000)",
        ),
        (
            "{{ ('x' * 1000) | replace('x', 'y' * 10000) }}\n",
            1,
            "10,000,000 characters (the limit is 1,000,000)",
        ),
        (
            "{{ ('x' * 1000).replace('x', 'y' * 10000) }}\n",
            1,
            "10,000,000 characters (the limit is 1,000,000)",
        ),
        (
            "{{ ('a ' * 100000) | wordwrap(1, wrapstring='x' * 1000) }}\n",
            1,
            "200,200,000 characters (the limit is 1,000,000)",
        ),
        ("{{ org.name.ljust(10 ** 9) }}\n", 1, f"a ljust {WIDE}"),
        ("{{ org.name.rjust(10 ** 9) }}\n", 1, f"a rjust {WIDE}"),
        ("{{ org.name.zfill(10 ** 9) }}\n", 1, f"a zfill {WIDE}"),
        ("{{ org.name.center(10 ** 9) }}\n", 1, f"a center {WIDE}"),
        (
            "{{ ('\\t' * 1000).expandtabs(10 ** 6) }}\n",
            1,
            "1,000,001,000 characters (the limit is 1,000,000)",
        ),
    ],
    ids=[
        "output cap", "tilde doubling", "plus doubling", "join", "replace filter",
        "replace method", "wordwrap", "ljust", "rjust", "zfill", "center", "expandtabs",
    ],
)  # fmt: skip
def test_template_amplifiers_are_refused(place: Path, source: str, line: int, what: str) -> None:
    template(place, source)
    where = f"{TPL}:{line}:1" if line else TPL  # the output cap: the template as a whole
    assert_refused(place, f"{where}: the template would build {what} — {BIG}", *LETTER)


def test_nested_loops_stop_within_the_budget_naming_the_line(tmp_path: Path) -> None:
    env = make_environment([tmp_path], time_limit=0.2)
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    source = f"Dear all,\n{loops}\n"
    with pytest.raises(TemplateError) as caught:
        render_string(env, source, {}, name="letter.md.j2")
    assert str(caught.value) == (
        "letter.md.j2:2:1: the template ran for more than 0.2 seconds — look for loops inside "
        "loops, or a loop over a range far longer than a letter needs"
    )


@pytest.mark.parametrize(
    "source",
    [
        "{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}\n",
        '{% include "letter.md.j2" %}\n',
    ],
    ids=["macro", "self-include"],
)
def test_recursion_gives_one_short_message(place: Path, source: str) -> None:
    template(place, source)
    code, output = run(place, *LETTER)
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert code == 1 and "Traceback" not in output
    assert len(errors) == 1 and len(errors[0]) < 300, errors
    assert re.fullmatch(
        rf"error: {TPL}:1:1: template calls itself without end \(recursion: {TPL}:1, \d+ times\)"
        " — a macro or include that calls itself needs a condition that stops it",
        errors[0],
    ), errors[0]


def test_check_resolves_what_templates_include(place: Path) -> None:
    template(place, 'Hello\n{% include "partials/nowhere.md.j2" %}\n')
    builtin = REPO / "templates"
    assert_refused(
        place,
        f"{TPL}:2:1: template 'partials/nowhere.md.j2' not found — looked in: ws/templates, "
        f"{builtin}",
    )


def test_check_finds_a_syntax_error_in_an_imported_partial(place: Path) -> None:
    template(place, '{% import "partials/macros.md.j2" as m %}\n{{ m.hi() }}\n')
    (place / "ws/templates/partials").mkdir()
    (place / "ws/templates/partials/macros.md.j2").write_text("{% macro hi() %}\nhi\n")
    assert_refused(
        place,
        "ws/templates/partials/macros.md.j2:2:1: template syntax error: Unexpected end of "
        "template. Jinja was looking for the following tags: 'endmacro'. The innermost block "
        "that needs to be closed is 'macro'. — check that every {% tag %} is closed and every "
        "{{ expression }} is complete",
    )


# --- 6. Markdown that would be cut off ---------------------------------------------------------


def test_a_list_nested_too_deep_names_the_yaml_field(place: Path) -> None:
    deep = "\n".join("      " + "  " * k + f"- level {k + 1}" for k in range(10))
    path = place / "ws/positions/fair-rules.yaml"
    path.write_text(
        path.read_text()
        .replace(
            "      A single national standard lowers compliance costs [@report].",
            "      A single national standard lowers compliance costs [@report].\n\n" + deep,
        )
        .replace("text: >", "text: |")
    )
    message = (
        "positions/fair-rules.yaml:9:11: arguments[0].text: Markdown is nested too deep: lists "
        "or quotes this many levels inside each other are cut off — a document needs two or "
        "three levels at most: check the indentation"
    )
    assert_refused(place, message)
    assert_refused(place, message, *LETTER)


def test_a_paragraph_too_long_to_parse_names_the_yaml_field(place: Path) -> None:
    path = place / "ws/positions/fair-rules.yaml"
    path.write_text(path.read_text().replace("One national rule beats", "[" * 20_000 + " One"))
    assert_refused(
        place,
        "positions/fair-rules.yaml:3:9: stance: a paragraph of 20,023 characters is too long to "
        "be a paragraph of a document (the limit is 10,000) — split it into paragraphs with "
        "blank lines",
    )


# --- 9. messages quote what was typed -------------------------------------------------------------


def test_yes_as_an_outlet_id_is_quoted_as_typed(place: Path) -> None:
    path = place / "ws/outlets.yaml"
    path.write_text(path.read_text() + "yes: {name: Yes Weekly, words: [400, 700]}\n")
    assert_refused(
        place,
        "outlets.yaml:2:1: yes: YAML reads 'yes' as true, not as an outlet id — put it in "
        'quotes: "yes":',
    )


def test_a_quoted_date_says_remove_the_quotes(place: Path) -> None:
    path = place / "ws/campaigns/fall.yaml"
    path.write_text(path.read_text().replace("date: 2026-12-01", 'date: "2026-12-01"'))
    assert_refused(
        place,
        "campaigns/fall.yaml:4:7: date: a date in quotes is text, not a date — remove the "
        "quotes: date: 2026-12-01",
    )


def test_a_number_typed_with_a_trailing_zero_keeps_it(place: Path) -> None:
    path = place / "ws/agencies/agency-x.yaml"
    path.write_text(path.read_text().replace('- number: "2"', "- number: 2.10"))
    from drafter.load.workspace import load_workspace

    ws, _ = load_workspace(place / "ws")
    assert [q.number for q in ws.agencies["agency-x"].dockets[0].questions] == ["1", "2.10", "3"]
