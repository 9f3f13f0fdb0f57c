"""Checking an author's YAML files, whatever their kind: scenario, rubric or intent vocabulary."""

from __future__ import annotations

from pathlib import Path

from simulator.errors import Problem, ValidationError
from simulator.files import is_dir
from simulator.scenario.loader import scenario_problems
from simulator.scoring.criteria import INTENTS_USED
from simulator.scoring.rubric import rubric_problems
from simulator.text.lexicon import load_lexicon
from simulator.yamlfile import load_yaml


def yaml_files(paths: list[Path], recursive: bool = True, scenarios_only: bool = False) -> list[Path]:
    """The files given, and the YAML files of the folders given (the intent vocabulary left out
    with `scenarios_only`)."""
    files: list[Path] = []
    for path in paths:
        if is_dir(path):
            found = path.rglob("*.y*ml") if recursive else path.glob("*.y*ml")
            files += sorted(p for p in found if not (scenarios_only and p.stem == "intentions"))
        else:
            files.append(path)
    return files


def file_problems(path: Path) -> list[Problem]:
    """Every problem of one YAML file of any kind, each located at its line and column."""
    doc, problems = load_yaml(path)
    if doc is None:
        return problems
    if isinstance(doc.data, dict) and "criteres" in doc.data:
        return rubric_problems(path)[1]
    if isinstance(doc.data, dict) and set(doc.data) == {"intentions"}:
        try:
            load_lexicon(path, required=INTENTS_USED)
        except ValidationError as exc:
            return exc.problems
        return []
    return scenario_problems(path)[1]
