"""Scenario files: every shipped one is valid; broken ones give located French errors."""

import shutil
from pathlib import Path

import pytest

from simulator import paths
from simulator.errors import ValidationError
from simulator.scenario.loader import load_scenario, scenario_files, scenario_problems

MODEL = paths.scenarios_dir() / "appel-calme.yaml"


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_shipped_scenarios_are_valid(path):
    scenario = load_scenario(path)
    assert scenario.final_states and scenario.initial in scenario.states


def test_required_five_scenarios_exist():
    assert {"appel-calme", "appelant-impatient", "reclamation", "transfert", "prise-de-message"} <= \
        {p.stem for p in scenario_files()}


def broken(tmp_path: Path, old: str, new: str) -> list[str]:
    path = tmp_path / "appel-calme.yaml"
    text = MODEL.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, problems = scenario_problems(path)
    return [str(p) for p in problems]


def line_of(tmp_path: Path, needle: str) -> int:
    lines = (tmp_path / "appel-calme.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_unknown_state_is_located_with_a_suggestion(tmp_path):
    problems = broken(tmp_path, "    vers: confirme", "    vers: confirm")
    assert len(problems) == 1
    line = line_of(tmp_path, "vers: confirm")
    assert problems[0].startswith(f"{tmp_path / 'appel-calme.yaml'}:{line}:11: état inconnu « confirm »")
    assert "vouliez-vous dire « confirme » ?" in problems[0]


def test_unknown_intent_and_unknown_key(tmp_path):
    problems = broken(tmp_path, "    si: reformulation", "    si: reformulaton\n    ver: x")
    text = "\n".join(problems)
    assert "champ inconnu" in text and "vouliez-vous dire « vers » ?" in text


def test_all_errors_of_a_file_in_one_run(tmp_path):
    path = tmp_path / "appel-calme.yaml"
    text = MODEL.read_text(encoding="utf-8")
    text = text.replace("    vers: confirme", "    vers: nulle_part").replace("    si: au_revoir", "    si: adieu")
    text = text.replace("etat_initial: decroche", "etat_initial: decroché")
    path.write_text(text, encoding="utf-8")
    _, problems = scenario_problems(path)
    messages = " | ".join(p.message for p in problems)
    assert "nulle_part" in messages and "adieu" in messages and "decroché" in messages


@pytest.mark.parametrize("old, new, expected", [
    ("difficulte: 1", "difficulte: 9", "au plus 5"),
    ("difficulte: 1", "difficulte: facile", "nombre entier"),
    ("persona: calme", "persona: joyeux", "valeurs permises"),
    ("    apres: 5\n", "", "demande un délai « apres »"),
    ("- Parfait, c'est noté.", "- Parfait {prenom}, c'est noté.", "champ inconnu « {prenom} »"),
])
def test_schema_and_semantic_errors_in_french(tmp_path, old, new, expected):
    problems = broken(tmp_path, old, new)
    assert any(expected in p for p in problems), problems


def test_yaml_syntax_error_is_located(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("id: x\ntitre: [non fermé\npersona: calme\n", encoding="utf-8")
    _, problems = scenario_problems(path)
    assert problems[0].line >= 2 and "syntaxe YAML" in problems[0].message


def test_load_raises_validation_error_with_every_problem(tmp_path):
    shutil.copy(MODEL, tmp_path / "autre-nom.yaml")
    with pytest.raises(ValidationError) as error:
        load_scenario(tmp_path / "autre-nom.yaml")
    assert "doit être le nom du fichier" in str(error.value.message)
