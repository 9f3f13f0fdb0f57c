"""How the caller addresses the trainee: « madame », « monsieur », or neither when not known."""

import re

import pytest

from simulator.scenario.loader import find_scenario, list_scenarios
from simulator.text.civility import tidy


@pytest.mark.parametrize(("hole", "line"), [
    ("Bonjour , Martine Lefèvre à l'appareil.", "Bonjour, Martine Lefèvre à l'appareil."),
    ("Au revoir, , et bonne journée à vous aussi !", "Au revoir, et bonne journée à vous aussi !"),
    ("Si je vous ennuie, il fallait le dire, .", "Si je vous ennuie, il fallait le dire."),
    ("Merci  !", "Merci !"),
    (", je vous écoute.", "Je vous écoute."),
    ("Oh bonjour,  ! Vous savez", "Oh bonjour ! Vous savez"),
])
def test_an_empty_civility_leaves_no_hole(hole, line):
    assert tidy(hole) == line


def test_the_caller_says_the_trainees_civility_or_neither():
    scenario = find_scenario("appel-calme")
    lines = {c: " ".join(scenario.addressing(c).caller_lines()) for c in ("madame", "monsieur", None)}
    assert "madame" in lines["madame"].lower() and "monsieur" not in lines["madame"].lower()
    assert "monsieur" in lines["monsieur"].lower()
    assert "{" not in lines[None] and " ," not in lines[None] and ", ," not in lines[None]
    assert scenario.addressing("monsieur").context("Kevin").civility == "monsieur"


def test_no_bundled_caller_line_says_madame_to_every_trainee():
    """The caller addresses the trainee through {civilite}: « madame » or « monsieur » left in a
    caller's line must name someone (« madame Lefèvre », « monsieur Roussel »), not the trainee."""
    addressed = re.compile(r"\b(madame|monsieur)\b(?!\s+[A-ZÉÈ])", re.IGNORECASE)
    found = [(scenario.id, line) for scenario in list_scenarios()
             for line in scenario.addressing(None).caller_lines() if addressed.search(line)]
    assert found == []
