"""The list of scenarios, at once: what `accueil scenarios`, `accueil parcours` and the training path
need of each (id, title, caller, difficulty, référentiel codes).

Reading and checking the fifteen bundled scenarios takes 2 to 3 s (the YAML parser keeps every
line number). The list is kept in the cache folder, each entry with the stamps of its file and of
the files it is checked against (shared intents, rubrics): an entry is read again, through the
full loader, only when one of them changed; a broken scenario is reported as it always was."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from simulator import paths
from simulator.filecache import stamp

FORMAT = 1  # raised when Entry changes: an older cache is rebuilt


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    persona: str
    difficulty: int
    organisation: str
    references: tuple[str, ...]
    rubric: str


def scenario_files() -> list[Path]:
    return sorted(p for p in paths.scenarios_dir().glob("*.yaml") if p.name != "intentions.yaml")


def _cache_file() -> Path:
    return paths.cache_dir() / "scenarios.json"


def _read_cache() -> dict:
    try:
        data = json.loads(_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("entries", {}) if isinstance(data, dict) and data.get("format") == FORMAT else {}


def _write_cache(entries: dict) -> None:
    path = _cache_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        scratch.write_text(json.dumps({"format": FORMAT, "entries": entries}, ensure_ascii=False), encoding="utf-8")
        os.replace(scratch, path)  # whole or not at all, whoever else writes it
    except OSError:
        pass  # a read-only cache: the list is only slower


def catalogue() -> list[Entry]:
    """Every scenario of the scenarios folder, easiest first (the training path's order)."""
    files = scenario_files()
    depends = [paths.intentions_file(), *sorted(paths.rubrics_dir().glob("*.yaml"))]
    cached, entries, changed = _read_cache(), {}, False
    for path in files:
        key = str(path.absolute())
        mark = json.loads(json.dumps(stamp([path, *depends])))  # as JSON keeps it: lists, not tuples
        if key in cached and cached[key].get("stamp") == mark:
            entries[key] = cached[key]
            continue
        from simulator.scenario.loader import load_scenario  # the full check, only for what changed

        scenario = load_scenario(path)
        entry = Entry(scenario.id, scenario.title, scenario.persona, scenario.difficulty, scenario.organisation,
                      tuple(scenario.references), scenario.rubric)
        entries[key], changed = {"stamp": mark, "entry": asdict(entry)}, True
    if changed or entries.keys() != cached.keys():
        _write_cache(entries)
    found = [Entry(**{**e["entry"], "references": tuple(e["entry"]["references"])}) for e in entries.values()]
    return sorted(found, key=lambda e: (e.difficulty, e.id))


def matching(skill: str | None = None, difficulty: int | None = None) -> list[Entry]:
    """The scenarios that work a référentiel code (by its prefix: « T22 », « C221.1 ») and have a difficulty."""
    prefix = (skill or "").strip().upper()
    return [e for e in catalogue() if (difficulty is None or e.difficulty == difficulty)
            and (not prefix or any(r.upper().startswith(prefix) for r in e.references))]
