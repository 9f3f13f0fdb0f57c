"""The caller's voice settings in a scenario: `appelant: voix_reglages` and a line's « (debit=…) »
marker, loaded, stripped from what is said and written, and checked at file:line:col."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulator import paths
from simulator.engine.runtime import CallRuntime
from simulator.events import CallerSaid, TraineeSaid
from simulator.scenario.loader import scenario_problems
from simulator.tts.prosody import marker_problems, parse_settings, split_marker

MODEL = paths.scenarios_dir() / "appel-calme.yaml"
FIRST_LINE = "      - Bonjour {civilite}, Martine Lefèvre à l'appareil."
VOICE = "  voix: femme\n"


def written(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    path = tmp_path / "appel-calme.yaml"
    text = MODEL.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_a_marked_line_is_said_and_written_without_its_marker(tmp_path):
    path = written(tmp_path, (FIRST_LINE, "      - (debit=120, volume=80) Bonjour {civilite}, Martine Lefèvre à l'appareil."),
                   (VOICE, VOICE + "  voix_reglages: {hauteur: 40}\n"))
    scenario, problems = scenario_problems(path)
    assert problems == []
    scenario = scenario.addressing("madame")
    assert scenario.voice_settings == {"hauteur": 40}
    assert not any("(" in line for line in scenario.caller_lines())
    marked = [line for line in scenario.caller_lines() if line.startswith("Bonjour madame, Martine Lefèvre")]
    assert scenario.line_settings() == {marked[0]: {"debit": 120, "volume": 80}}
    # The runtime says it as filled in, marker gone, whatever variant the seed draws.
    said = []
    for seed in range(20):
        runtime = CallRuntime(scenario, seed=seed)
        runtime.start()
        said += [e.text for e in runtime.handle(TraineeSaid(1.0, "Clinique Nest, Camille, bonjour.", 2.0))
                 if isinstance(e, CallerSaid)]
    assert marked[0] in said and not any("(" in text for text in said)


@pytest.mark.parametrize("marker, expected", [
    ("(debit=999)", "« debit=999 » : un nombre entier de 80 à 350 est attendu"),
    ("(lent)", "réglage de voix inconnu « lent » en tête de réplique (réglages permis : debit=…, hauteur=…, volume=…)"),
    ("(volume=fort)", "« volume=fort » : un nombre entier de 10 à 100 est attendu"),
    ("()", "parenthèses vides en tête de réplique : écrivez un réglage de voix (debit=…, hauteur=…, volume=…)"),
])
def test_a_bad_marker_is_located_in_french(tmp_path, marker, expected):
    path = written(tmp_path, (FIRST_LINE, f"      - {marker} Bonjour {{civilite}}, Martine Lefèvre à l'appareil."))
    _, problems = scenario_problems(path)
    assert [str(p) for p in problems] == [f"{path}:{line_of(path, marker)}:9: {expected}"]


def test_a_marker_alone_is_an_empty_line(tmp_path):
    path = written(tmp_path, (FIRST_LINE, "      - (debit=120)\n      - Bonjour."))
    _, problems = scenario_problems(path)
    assert [p.message for p in problems] == ["la réplique est vide après son réglage de voix"]


@pytest.mark.parametrize("settings, expected", [
    ("{debit: 20}", "doit être au moins 80"),
    ("{hauteur: 101}", "doit être au plus 100"),
    ("{volume: fort}", "doit être un nombre entier"),
    ("{vitesse: 150}", "champ inconnu"),
])
def test_scenario_voice_settings_are_checked_by_the_schema(tmp_path, settings, expected):
    path = written(tmp_path, (VOICE, VOICE + f"  voix_reglages: {settings}\n"))
    _, problems = scenario_problems(path)
    assert len(problems) == 1 and expected in problems[0].message, problems
    assert problems[0].line == line_of(path, "voix_reglages")


def test_accueil_validate_reports_a_bad_marker(tmp_path):
    path = written(tmp_path, (FIRST_LINE, "      - (hauteur=150) Bonjour."))
    result = subprocess.run([sys.executable, "-m", "simulator", "validate", str(path)], capture_output=True, text=True)
    assert result.returncode != 0
    assert f"{path}:{line_of(path, 'hauteur=150')}:9: « hauteur=150 » : un nombre entier de 0 à 100 est attendu" \
        in result.stdout + result.stderr


def test_markers_are_split_and_parsed():
    assert split_marker("(debit=130) Bonjour.") == ("debit=130", "Bonjour.")
    assert split_marker("  ( debit=130 )Bonjour.") == (" debit=130 ", "Bonjour.")
    assert split_marker("Bonjour (debit=130).") == ("", "Bonjour (debit=130).")
    assert parse_settings("debit=130, hauteur=40 volume=90") == ({"debit": 130, "hauteur": 40, "volume": 90}, [])
    assert marker_problems("Bonjour.") == []
