"""The training path: rising difficulty, each scenario unlocked by passing the one before."""

import json
from pathlib import Path

from click.testing import CliRunner

from simulator.cli import cli
from simulator.scenario.loader import list_scenarios
from simulator.session.training_path import AHEAD, LOCKED, OPEN, PASSED, next_step, training_path
from simulator.store.sessions import COMPLETED, INTERRUPTED, SessionInfo

GOOD = """Clinique Nest, Clémence, bonjour.
C'est de la part de qui, s'il vous plaît ?
Si je comprends bien, madame Lefèvre, vous souhaitez connaître les horaires d'ouverture du service de radiologie ?
La radiologie est ouverte du lundi au vendredi de 8 h à 18 h, je vous en prie.
Puis-je faire autre chose pour vous ?
Au revoir madame Lefèvre, et bonne journée.
"""


def session(scenario_id, score, status=COMPLETED, trainee="Clémence"):
    return SessionInfo(f"s-{scenario_id}-{score}", trainee, scenario_id, "standard", "texte", "2026-11-23T10:00:00",
                       None, status, score, Path("."))


def test_only_the_first_scenario_is_open_at_first():
    steps = training_path(list_scenarios(), [], "Clémence")
    assert [s.status for s in steps[:2]] == [OPEN, LOCKED] and all(s.status == LOCKED for s in steps[1:])
    assert [s.scenario.difficulty for s in steps] == sorted(s.scenario.difficulty for s in steps)


def test_passing_unlocks_the_next_and_only_completed_good_calls_count():
    scenarios = list_scenarios()
    first, second = scenarios[0].id, scenarios[1].id
    sessions = [session(first, 85), session(second, 95, INTERRUPTED), session(second, 60),
                session(second, 99, trainee="Autre")]
    steps = training_path(scenarios, sessions, "clemence")  # names match without accents or case
    assert (steps[0].status, steps[0].best) == (PASSED, 85)
    assert (steps[1].status, steps[1].best) == (OPEN, 60)
    assert steps[2].status == LOCKED and next_step(steps).scenario.id == second


def test_play_follows_the_path_from_the_command_line(tmp_path):
    script = tmp_path / "r.txt"
    script.write_text(GOOD, encoding="utf-8")
    runner = CliRunner()
    played = runner.invoke(cli, ["play", "--parcours", "-t", "Clémence", "--script", str(script), "--json"])
    assert played.exit_code == 0, played.output
    path = json.loads(runner.invoke(cli, ["parcours", "-t", "Clémence", "--json"]).output)
    assert path[0]["id"] == list_scenarios()[0].id and path[0]["statut"] == PASSED
    assert path[1]["statut"] == OPEN
    both = runner.invoke(cli, ["play", "appel-calme", "--parcours", "-t", "Clémence", "--text"])
    assert both.exit_code == 2 and "pas les deux" in both.output


def test_a_scenario_passed_out_of_order_is_shown_as_such_until_its_turn():
    scenarios = list_scenarios()
    first, second, third = (s.id for s in scenarios[:3])
    steps = training_path(scenarios, [session(third, 90)], "Clémence")
    assert [s.status for s in steps[:3]] == [OPEN, LOCKED, AHEAD]
    steps = training_path(scenarios, [session(first, 90), session(second, 80), session(third, 90)], "Clémence")
    assert [s.status for s in steps[:4]] == [PASSED, PASSED, PASSED, OPEN]


def test_a_trainee_cannot_play_a_locked_scenario_but_a_trainer_can_open_it(tmp_path):
    locked = list_scenarios()[1]
    runner = CliRunner(env={"ACCUEIL_DATA_DIR": str(tmp_path)})
    refused = runner.invoke(cli, ["play", locked.id, "-t", "Zoé", "--text"], input="Bonjour\n/raccrocher\n")
    assert refused.exit_code == 2
    assert f"« {locked.title} » n'est pas encore ouvert dans le parcours de Zoé" in refused.output
    assert "--hors-parcours" in refused.output and "Traceback" not in refused.output
    assert json.loads(runner.invoke(cli, ["sessions", "--json"]).output) == []  # nothing recorded
    opened = runner.invoke(cli, ["play", locked.id, "-t", "Zoé", "--text", "--hors-parcours", "--json"],
                           input="Bonjour\n/raccrocher\n")
    assert opened.exit_code == 0, opened.output
    # A script or recorded replies are demonstrations and tests, not a trainee: never refused.
    script = tmp_path / "r.txt"
    script.write_text("Bonjour\n/raccrocher\n", encoding="utf-8")
    scripted = runner.invoke(cli, ["play", locked.id, "-t", "Zoé", "--script", str(script), "--json"])
    assert scripted.exit_code == 0, scripted.output
