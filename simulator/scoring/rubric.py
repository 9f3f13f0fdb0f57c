"""Rubrics (grilles d'évaluation) in YAML: which criteria, their weight, their French feedback."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator import paths
from simulator.errors import NotFoundError, Problem
from simulator.filecache import FileCache, checked
from simulator.files import exists
from simulator.scoring.acquisition import AcquisitionRule, acquisition_problems
from simulator.scoring.feedback import FIELDS as FEEDBACK_FIELDS
from simulator.scoring.guidance import GAP, RATE
from simulator.text.figures import measured
from simulator.text.matchers import FUZZY
from simulator.text.placeholders import placeholder_problems
from simulator.yamlfile import in_line_order, load_yaml, schema_problems


@dataclass(frozen=True)
class Params:
    """A criterion's settings, as the rubric's `parametres` name them, each default in one place."""

    fuzzy: float = FUZZY  # seuil_flou: tolerance of misspellings of names and phrases (0-100)
    shared_words: int = 2  # mots_communs: words of the request a rephrasing must say again
    ignored_words: tuple[str, ...] = ()  # mots_ignores: words that never count as the request's
    longest_hold: float = 30.0  # duree_max: seconds on hold before the line must be taken back
    turns_before: int = 2  # tours_avant: trainee turns before a transfer that may announce it
    longest_overlap: float = 1.0  # chevauchement_max: seconds of the caller's line left when cut in on
    # The voice (`delivery`): by default the ranges of the delivery indicators.
    slowest_rate: float = RATE.low  # debit_min: syllables per second of a turn, its pauses included
    fastest_rate: float = RATE.high  # debit_max
    longest_gap: float = GAP.high  # delai_max: seconds of silence before answering the caller
    share_outside: float = 0.25  # part_hors_reperes: of the measured turns, the share that may be out of range

    YAML = {"seuil_flou": "fuzzy", "mots_communs": "shared_words", "mots_ignores": "ignored_words",
            "duree_max": "longest_hold", "tours_avant": "turns_before", "chevauchement_max": "longest_overlap",
            "debit_min": "slowest_rate", "debit_max": "fastest_rate", "delai_max": "longest_gap",
            "part_hors_reperes": "share_outside"}

    @classmethod
    def from_yaml(cls, raw: dict[str, Any]) -> Params:
        """From `parametres` as the schema checked it (its keys are those of YAML)."""
        values = {cls.YAML[key]: value for key, value in raw.items()}
        if "ignored_words" in values:
            values["ignored_words"] = tuple(values["ignored_words"])
        return cls(**values)


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    references: tuple[str, ...]
    weight: float
    on_pass: str
    on_fail: str
    params: Params = field(default_factory=Params)


@dataclass(frozen=True)
class Rubric:
    id: str
    title: str
    criteria: tuple[Criterion, ...]
    path: str = ""  # the file it was read from
    acquisition: AcquisitionRule = field(default_factory=AcquisitionRule)  # `acquisition`: when a competency is acquis

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)


def rubric_problems(path: str | Path) -> tuple[Rubric | None, list[Problem]]:
    doc, problems = load_yaml(path)
    if doc is None:
        return None, problems
    schema = schema_problems(doc, "rubric")
    problems: list[Problem] = list(schema)
    listed = doc.data.get("criteres") if isinstance(doc.data, dict) else None
    seen: set[str] = set()
    for i, c in enumerate(listed if isinstance(listed, list) else []):
        if not schema.sound("criteres", i):  # the others are cross-checked in the same run
            continue
        if c["id"] in seen:
            problems.append(doc.problem(["criteres", i, "id"], f"critère « {c['id']} » en double"))
        seen.add(c["id"])
        for key in ("reussite", "echec"):
            problems += placeholder_problems(doc, c[key], ["criteres", i, key], FEEDBACK_FIELDS, "dans le conseil")
        params = Params.from_yaml(c.get("parametres") or {})
        if params.slowest_rate >= params.fastest_rate:
            given = "debit_min" if "debit_min" in (c.get("parametres") or {}) else "debit_max"
            problems.append(doc.problem(["criteres", i, "parametres", given],
                                        f"debit_min ({measured(params.slowest_rate, 'syll/s')}) doit être inférieur "
                                        f"à debit_max ({measured(params.fastest_rate, 'syll/s')})"))
    problems += acquisition_problems(doc, schema)
    if problems:
        return None, in_line_order(problems)
    criteria = tuple(
        Criterion(id=c["id"], label=c["libelle"], references=tuple(c["references"]), weight=float(c["poids"]),
                  on_pass=" ".join(c["reussite"].split()), on_fail=" ".join(c["echec"].split()),
                  params=Params.from_yaml(c.get("parametres") or {}))
        for c in doc.data["criteres"])
    return Rubric(doc.data["id"], doc.data["titre"], criteria, str(path),
                  AcquisitionRule.from_yaml(doc.data.get("acquisition") or {})), []


_rubrics: FileCache[Rubric] = FileCache(checked(rubric_problems))


def load_rubric(path: str | Path) -> Rubric:
    return _rubrics.get(Path(path))


def find_rubric(name_or_path: str | None) -> Rubric:
    """A rubric by id (from the rubrics folder) or by file path; default « standard »."""
    name = name_or_path or "standard"
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml") or exists(candidate):
        return load_rubric(candidate)
    path = paths.rubrics_dir() / f"{name}.yaml"
    if not exists(path):
        known = sorted(p.stem for p in paths.rubrics_dir().glob("*.yaml"))
        raise NotFoundError(f"grille « {name} » introuvable ; grilles disponibles : {', '.join(known)}")
    return load_rubric(path)
