"""The per-user YAML cache: the same parse as without it, and no more trust than a __pycache__."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from drafter import cache, yamlio
from drafter.errors import YamlError
from drafter.workspace import load_workspace

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
