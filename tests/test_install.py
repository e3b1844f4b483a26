"""A plain `pip install .` into a fresh virtual environment works from any folder."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with drafter installed from a wheel built from this checkout."""
    base = tmp_path_factory.mktemp("install")
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheels = list(dist.glob("drafter-*.whl"))
    assert len(wheels) == 1
    env_dir = base / "venv"
    # The dependencies come from this interpreter's site-packages; drafter itself from the wheel.
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(env_dir / "bin" / "python"), "install",
         "--no-deps", "-q", str(wheels[0])],
        check=True, capture_output=True,
    )  # fmt: skip
    return env_dir


def drafter(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(env_dir / "bin" / "drafter"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "DRAFTER_TODAY": "2026-11-24", "HOME": str(cwd)},
    )


def test_wheel_ships_the_builtin_workspace(installed, tmp_path):
    probe = subprocess.run(
        [str(installed / "bin" / "python"), "-c",
         "import drafter.load.workspace as w; print(w.builtin_root())"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    root = Path(probe.stdout.strip())
    assert str(root).startswith(str(installed)), root
    for part in (
        "drafter.yaml",
        "sources.yaml",
        "outlets.yaml",
        "positions/licensing.yaml",
        "agencies/usco.yaml",
        "templates/letter.md.j2",
        "campaigns/fall.yaml",
    ):
        assert (root / part).is_file(), part


def test_commands_from_an_empty_folder(installed, tmp_path):
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
    letter = drafter(installed, "letter", "usco", "--docket", "COLC-2023-0006", cwd=tmp_path)
    assert letter.returncode == 0, letter.stderr
    assert (tmp_path / "usco-colc-2023-0006.docx").read_bytes().startswith(b"PK")
