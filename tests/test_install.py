"""drafter installs into a fresh virtual environment with nothing but its declared dependencies,
and works from an empty folder.

The wheels come from a local wheelhouse: `pip wheel .` builds drafter's and fetches its
dependencies' (from pip's cache when it has them), then `pip install --no-index` installs
from that folder alone, as a machine without an index would. A package drafter imports but
does not declare is missing from the new environment, and the commands below fail.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str | Path) -> None:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{' '.join(map(str, args))}\n{proc.stdout}\n{proc.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment (no system site-packages) with drafter and its dependencies."""
    base = tmp_path_factory.mktemp("install")
    wheelhouse = base / "wheelhouse"
    _run(sys.executable, "-m", "pip", "wheel", "-q", "-w", wheelhouse, ROOT)
    env_dir = base / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-index",
         "--find-links", wheelhouse, "drafter")  # fmt: skip
    return env_dir


def drafter(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    home = cwd.parent / "home"  # a user's own, where caches may go; not the folder drafted in
    home.mkdir(exist_ok=True)
    return subprocess.run(
        [str(env_dir / "bin" / "drafter"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "DRAFTER_TODAY": "2026-11-24", "HOME": str(home)},
    )


def test_a_letter_from_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    letter = drafter(installed, "letter", "usco", "--docket", "COLC-2023-0006", cwd=empty)
    assert letter.returncode == 0, letter.stderr
    assert letter.stdout.startswith("Wrote usco-colc-2023-0006.docx\n")
    assert [p.name for p in empty.iterdir()] == ["usco-colc-2023-0006.docx"]
    document = docx.Document(str(empty / "usco-colc-2023-0006.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Re: " in text and "COLC-2023-0006" in text
    assert document.core_properties.subject == "COLC-2023-0006"


def test_the_workspace_commands_from_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    check = drafter(installed, "check", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "OK built-in workspace" in check.stdout
    listing = drafter(installed, "positions", "list", cwd=tmp_path)
    for pid in ("data-access", "licensing", "preemption", "safeguards", "global-race"):
        assert pid in listing.stdout
    init = drafter(installed, "init", "ws", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    again = drafter(installed, "-w", "ws", "check", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "ws" / "positions" / "licensing.yaml").is_file()


def test_the_library_api_and_its_types_are_installed(installed: Path, tmp_path: Path) -> None:
    probe = subprocess.run(
        [str(installed / "bin" / "python"), "-c",
         "import pathlib, drafter\n"
         "ws, _ = drafter.load_checked()\n"
         "print(ws.is_builtin, sorted(ws.agencies)[0])\n"
         "print((pathlib.Path(drafter.__file__).parent / 'py.typed').is_file())"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split() == ["True", "ftc", "True"]
