"""Parsed files are reused while unchanged and read again as soon as they, or what they depend on, change."""

from __future__ import annotations

import os

import pytest

from simulator.errors import ValidationError
from simulator.filecache import FileCache
from simulator.scenario.loader import load_scenario
from simulator import paths


def _touch(path, text: str) -> None:
    """Rewrite with a new modification time, even within the filesystem's time resolution."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_reuses_until_the_file_or_a_dependency_changes(tmp_path):
    loads = []
    cache = FileCache(lambda p: loads.append(p) or p.read_text())
    main, dep = tmp_path / "a.yaml", tmp_path / "dep.yaml"
    _touch(main, "un")
    _touch(dep, "x")
    assert cache.get(main, [dep]) == "un"
    assert cache.get(main, [dep]) == "un"
    assert len(loads) == 1
    _touch(main, "deux")
    assert cache.get(main, [dep]) == "deux"
    _touch(dep, "y")
    cache.get(main, [dep])
    assert len(loads) == 3


def test_failures_are_not_kept(tmp_path):
    calls = []

    def load(path):
        calls.append(path)
        raise ValueError("cassé")

    cache = FileCache(load)
    (tmp_path / "a").write_text("x")
    for _ in range(2):
        with pytest.raises(ValueError):
            cache.get(tmp_path / "a")
    assert len(calls) == 2


def test_an_edited_scenario_is_seen_at_the_next_load(tmp_path):
    source = (paths.scenarios_dir() / "appel-calme.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "appel-calme.yaml"
    _touch(copy, source)
    assert load_scenario(copy) is load_scenario(copy)
    _touch(copy, source.replace("titre:", "titre: Modifié —", 1).replace("etat_initial:", "etat_initiall:", 1))
    with pytest.raises(ValidationError):
        load_scenario(copy)
    _touch(copy, source)
    assert load_scenario(copy).id == "appel-calme"
