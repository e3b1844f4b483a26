"""The per-user YAML cache: the same parse as without it, and no more trust than a __pycache__."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drafter.errors import YamlError
from drafter.load import cache, yamlio
from drafter.load.workspace import load_workspace

from .conftest import MINI, build_tree

TEXT = (
    "id: x\ntitle: A title\nwhen: 2026-02-30\nat: 2026-01-02\nlist: [1, 2.5, true, null]\n"
    "stamp: 2026-01-02 10:00:00+02:00\ntitle: twice\n"  # a duplicate key: a problem, kept
)


def entries(root: Path) -> list[Path]:
    return sorted((root / "yaml").glob("*.pickle"))


def counting(calls: list[str]):
    def parse(text: str, display: str):
        calls.append(display)
        return yamlio.loads(text, display)

    return parse


def test_a_cached_parse_is_the_parse(tmp_path):
    store, calls = cache.YamlCache(tmp_path), []
    first = store.get(TEXT, "positions/x.yaml", counting(calls))
    again = cache.YamlCache(tmp_path).get(TEXT, "positions/x.yaml", counting(calls))
    assert calls == ["positions/x.yaml"]  # parsed once, then read back
    assert [p.stat().st_mode & 0o777 for p in entries(tmp_path)] == [0o600]  # yours alone
    assert not list((tmp_path / "yaml").glob(".*"))  # no temporary file left
    fresh = yamlio.loads(TEXT, "positions/x.yaml")
    for got in (first, again):
        assert got.data == fresh.data and got.loc == fresh.loc and got.problems == fresh.problems
        assert got.data.marks == fresh.data.marks
        assert got.data.locs["when"] == fresh.data.locs["when"]
        assert type(got.data["when"]) is yamlio.BadDate  # 30 February: kept as text, flagged
        assert got.problems and "duplicate key" in got.problems[0].message
    assert again is not first and again.data is not first.data  # nothing shared between loads


def test_an_edited_file_or_another_name_is_parsed_again(tmp_path):
    store, calls = cache.YamlCache(tmp_path), []
    store.get(TEXT, "a.yaml", counting(calls))
    edited = store.get(TEXT.replace("A title", "Another"), "a.yaml", counting(calls))
    moved = store.get(TEXT, "b.yaml", counting(calls))
    assert calls == ["a.yaml", "a.yaml", "b.yaml"]
    assert edited.data["title"] == "Another"
    assert moved.data.locs["title"].file == "b.yaml"  # locations name the file they are in


def test_errors_are_not_kept(tmp_path):
    store = cache.YamlCache(tmp_path)
    for _ in range(2):
        with pytest.raises(YamlError, match=r"bad\.yaml:3:1: YAML syntax error"):
            store.get("a: 1\nb: [\n", "bad.yaml", yamlio.loads)
    assert entries(tmp_path) == []


def test_a_damaged_entry_is_a_miss_and_is_replaced(tmp_path):
    store, calls = cache.YamlCache(tmp_path), []
    store.get(TEXT, "x.yaml", counting(calls))
    (entry,) = entries(tmp_path)
    for damage in (b"", cache.FORMAT + b"\x80\x05garbage", b"not a cache entry"):
        entry.write_bytes(damage)
        got = store.get(TEXT, "x.yaml", counting(calls))
        assert got.data == yamlio.loads(TEXT, "x.yaml").data
    assert len(calls) == 4
    assert entry.read_bytes().startswith(cache.FORMAT)


class Boom:
    def __reduce__(self):
        return (os.mkdir, (str(Path(os.environ["BOOM_DIR"]) / "ran"),))


def test_an_entry_cannot_run_code(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOM_DIR", str(tmp_path))
    store, calls = cache.YamlCache(tmp_path), []
    store.get(TEXT, "x.yaml", counting(calls))
    (entry,) = entries(tmp_path)
    entry.write_bytes(cache.FORMAT + pickle.dumps(Boom()))
    got = store.get(TEXT, "x.yaml", counting(calls))
    assert not (tmp_path / "ran").exists()  # os.mkdir was refused, not called
    assert got.data["id"] == "x" and len(calls) == 2


def test_the_folder_must_be_private(tmp_path):
    env = {"DRAFTER_CACHE_DIR": str(tmp_path / "c")}
    assert cache.folder(env) == tmp_path / "c"
    assert (tmp_path / "c").stat().st_mode & 0o777 == 0o700
    os.chmod(tmp_path / "c", 0o777)  # anyone could plant an entry: not used
    assert cache.folder(env) is None
    os.chmod(tmp_path / "c", 0o700)
    assert cache.folder({**env, "DRAFTER_CACHE": "off"}) is None
    (tmp_path / "file").write_text("")
    assert cache.folder({"DRAFTER_CACHE_DIR": str(tmp_path / "file")}) is None
    assert cache.folder({"XDG_CACHE_HOME": str(tmp_path / "xdg")}) == tmp_path / "xdg" / "drafter"


def test_no_folder_means_no_cache(tmp_path):
    store, calls = cache.YamlCache(None), []
    for _ in range(2):
        store.get(TEXT, "x.yaml", counting(calls))
    assert len(calls) == 2


def test_the_oldest_entries_go_first(tmp_path):
    folder = tmp_path / "yaml"
    folder.mkdir()
    for k in range(6):
        path = folder / f"{k}.pickle"
        path.write_bytes(b"")
        os.utime(path, (time.time() - 100 + k, time.time() - 100 + k))
    cache.prune(folder, keep=4)
    assert [p.name for p in entries(tmp_path)] == ["2.pickle", "3.pickle", "4.pickle", "5.pickle"]


def test_a_workspace_loads_the_same_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    root = build_tree(tmp_path / "ws", MINI)
    for name in ("agencies/agency-x.yaml", "campaigns/fall.yaml"):
        path = root / name  # a docket ID unlike regulations.gov's: a warning
        path.write_text(path.read_text().replace("AOE-2026-0001", "odd-id"))
    cold = load_workspace(root)
    assert entries(tmp_path / "cache")  # the files were kept
    warm = load_workspace(root)
    assert warm[0] == cold[0] and warm[1] == cold[1] and warm[1]
    monkeypatch.setenv("DRAFTER_CACHE", "off")
    assert load_workspace(root) == cold


def test_a_workspace_read_from_the_cache_never_imports_pyyaml(tmp_path):
    """The parser (yamlparse, PyYAML) is imported only to parse; a re-run finds it all cached."""
    root = build_tree(tmp_path / "ws", MINI)
    env = {**os.environ, "DRAFTER_CACHE_DIR": str(tmp_path / "cache")}
    script = (
        "import sys; from pathlib import Path; from drafter.load.workspace import load_workspace;"
        "from drafter.batch import resolve_campaign;"
        f"ws, _ = load_workspace(Path({str(root)!r}));"
        f"resolve_campaign(ws, {str(root / 'campaigns' / 'fall.yaml')!r});"
        "print(sorted(m for m in ('yaml', 'drafter.load.yamlparse') if m in sys.modules))"
    )
    run = [sys.executable, "-c", script]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    again = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "['drafter.load.yamlparse', 'yaml']"  # the cold run parsed
    assert again.stdout.strip() == "[]"


# -- compiled templates (Jinja's bytecode cache) ------------------------------------------------
FOLDED = "{{ '88 Fed. Reg. 59942'|fr_cite }} {{ name }}\n"  # a constant: filtered when compiling


def compiling(monkeypatch) -> list[str]:
    """Count the templates Jinja compiles from source."""
    from drafter.text.sandbox import Sandbox

    calls: list[str] = []
    compile_ = Sandbox.compile

    def counted(self, source, name=None, filename=None, *args, **kwargs):
        calls.append(name)
        return compile_(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(Sandbox, "compile", counted)
    return calls


@pytest.fixture
def templates(tmp_path, monkeypatch) -> tuple[Path, list[str]]:
    """A template folder holding a.md.j2, a cache folder, and the templates compiled so far."""
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.md.j2").write_text(FOLDED)
    return tmp_path / "t", compiling(monkeypatch)


def render(folder: Path, *, page_commas: bool = True) -> str:
    from drafter.text.templates import make_environment, render_template

    env = make_environment([folder], page_commas=page_commas)
    return render_template(env, "a.md.j2", {"name": "x"})


def test_a_compiled_template_is_kept_and_an_edit_compiles_it_again(templates, tmp_path):
    folder, calls = templates
    assert render(folder) == render(folder) == "88 Fed. Reg. 59,942 x\n"
    assert calls == ["a.md.j2"]  # the second environment found it compiled
    assert os.stat(tmp_path / "cache" / "templates").st_mode & 0o777 == 0o700
    (folder / "a.md.j2").write_text(FOLDED.replace("}} {{", "}}; {{"))
    assert render(folder) == "88 Fed. Reg. 59,942; x\n"
    assert calls == ["a.md.j2", "a.md.j2"]


def test_a_setting_that_changes_a_filter_compiles_apart(templates):
    """Compiling folds constants through the filters, so their settings are part of the key."""
    folder, calls = templates
    assert render(folder, page_commas=True) == "88 Fed. Reg. 59,942 x\n"
    assert render(folder, page_commas=False) == "88 Fed. Reg. 59942 x\n"
    assert render(folder, page_commas=True) == "88 Fed. Reg. 59,942 x\n"
    assert calls == ["a.md.j2", "a.md.j2"]


def test_a_damaged_or_unwritable_template_cache_is_no_cache(templates, tmp_path, monkeypatch):
    folder, calls = templates
    kept_in = tmp_path / "cache" / "templates"
    render(folder)
    (kept,) = kept_in.glob("*.jinja")
    kept.write_bytes(kept.read_bytes()[:40] + b"\x00garbage")
    assert render(folder) == "88 Fed. Reg. 59,942 x\n"
    assert len(calls) == 2
    assert render(folder) == "88 Fed. Reg. 59,942 x\n"  # written over: found this time
    assert len(calls) == 2
    if os.geteuid() != 0:  # root writes anywhere
        kept.unlink()
        kept_in.chmod(0o500)
        assert render(folder) == "88 Fed. Reg. 59,942 x\n"
        kept_in.chmod(0o700)
    kept_in.chmod(0o777)  # others may write: not used at all
    assert cache.template_cache() is None
    monkeypatch.setenv("DRAFTER_CACHE", "off")
    assert cache.template_cache() is None


def test_a_letter_is_the_same_with_the_caches_cold_warm_or_off(tmp_path):
    """Each run is a fresh process: parses and compiled templates come from the folder."""
    root = build_tree(tmp_path / "ws", MINI)
    env = {
        **os.environ,
        "DRAFTER_CACHE_DIR": str(tmp_path / "cache"),
        "DRAFTER_TODAY": "2026-11-24",
    }
    made = []
    for run, extra in enumerate(({"DRAFTER_CACHE": "off"}, {}, {})):
        out = tmp_path / f"{run}.docx"
        command = [sys.executable, "-m", "drafter", "-w", str(root), "letter", "agency-x"]
        subprocess.run([*command, "-o", str(out)], env={**env, **extra}, check=True)
        made.append(out.read_bytes())
    assert list((tmp_path / "cache" / "templates").glob("*.jinja"))
    assert made[0] == made[1] == made[2]
