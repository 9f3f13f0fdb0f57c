"""Example calls (`exemples:`): replayed through the real call loop, checked, located when wrong."""

import json
from pathlib import Path

from click.testing import CliRunner

from simulator import paths
from simulator.cli import cli
from simulator.session.examples import run_example
from simulator.scenario.loader import find_scenario, scenario_files, scenario_problems
from simulator.scenario.model import Example

GOOD = """[00:00] STAGIAIRE: Clinique Nest, Camille, bonjour.
STAGIAIRE: Si je comprends bien, vous souhaitez connaître les horaires d'ouverture du service de radiologie ?
STAGIAIRE: Le service est ouvert du lundi au vendredi de 8 h à 18 h.
STAGIAIRE: Puis-je vous renseigner sur autre chose, madame ?
STAGIAIRE: Au revoir et bonne journée.
"""
MODEL = paths.scenarios_dir() / "appel-calme.yaml"


def test_a_matching_example_passes():
    example = Example("bon", GOOD, path=("decroche", "demande", "confirme", "renseignee", "conclusion", "fin"),
                      verdicts={"greeting": "reussi", "hold": "sans_objet"})
    assert run_example(find_scenario("appel-calme"), example).mismatches == ()


def test_mismatches_are_said_in_french():
    example = Example("faux", GOOD, path=("decroche", "demande", "fin"), verdicts={"greeting": "echoue"})
    result = run_example(find_scenario("appel-calme"), example)
    assert not result.passed
    assert result.mismatches[0] == ("chemin attendu decroche → demande → fin, obtenu decroche → demande → "
                                    "confirme → renseignee → conclusion → fin")
    assert result.mismatches[1].startswith("greeting : attendu à revoir, obtenu réussi")


def test_silence_timers_fire_before_a_timed_line():
    text = "[00:00] STAGIAIRE: Clinique Nest, Camille, bonjour.\n[02:00] STAGIAIRE: Allô ?\n"
    result = run_example(find_scenario("appel-calme"), Example("silence", text))
    assert result.path[-1] == "raccroche_appelant"


def with_examples(tmp_path: Path, block: str) -> tuple[Path, list[str]]:
    path = tmp_path / "appel-calme.yaml"
    text = MODEL.read_text(encoding="utf-8").split("\n# Appels modèles")[0]
    path.write_text(text.rstrip("\n") + "\n" + block, encoding="utf-8")
    return path, [str(p) for p in scenario_problems(path)[1]]


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_errors_are_located_inside_the_dialogue_and_expectations(tmp_path):
    path, problems = with_examples(tmp_path, """exemples:
  - titre: cassé
    dialogue: |
      [00:00] STAGIAIRE: Clinique Nest, Camille, bonjour.
      STAGAIRE: oups
    chemin: [decroche, demmande]
    verdicts:
      greting: reussi
      closing: reussie
""")
    # a bad verdict value is a schema error: that example is not cross-checked (the others would be)
    assert len(problems) == 1 and f":{line_of(path, 'reussie')}:" in problems[0] and "valeurs permises" in problems[0]
    path, problems = with_examples(tmp_path, """exemples:
  - titre: cassé
    dialogue: |
      [00:00] STAGIAIRE: Clinique Nest, Camille, bonjour.
      STAGAIRE: oups
    chemin: [decroche, demmande]
    verdicts:
      greting: reussi
""")
    assert f"{path}:{line_of(path, 'STAGAIRE')}:7: ligne non reconnue" in problems[0]
    assert any(f":{line_of(path, 'demmande')}:" in p and "« demande »" in p for p in problems)
    assert any(f":{line_of(path, 'greting')}:7: critère inconnu « greting »" in p and "« greeting »" in p
               for p in problems)


def test_shipped_scenarios_have_a_good_and_a_poor_example():
    for path in scenario_files():
        scenario = find_scenario(str(path))
        assert any(e.verdicts.get("greeting") == "reussi" for e in scenario.examples), path.stem
        assert any("echoue" in e.verdicts.values() for e in scenario.examples), path.stem


def test_cli_passes_on_shipped_scenarios_and_fails_on_a_mismatch(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["test"])
    assert result.exit_code == 0, result.output
    assert "✓ Appel bien mené" in result.output
    path, _ = with_examples(tmp_path, "exemples:\n  - titre: faux\n    dialogue: |\n"
                                      + "".join(f"      {line}\n" for line in GOOD.splitlines())
                                      + "    verdicts: {greeting: echoue}\n")
    result = runner.invoke(cli, ["test", str(path)])
    assert result.exit_code == 2
    assert "✗ faux" in result.output and "greeting : attendu à revoir, obtenu réussi" in result.output
    result = runner.invoke(cli, ["test", "--json", str(path)])
    assert result.exit_code == 2 and '"echecs": 1' in result.output
    path.write_text("id: [\n", encoding="utf-8")
    assert runner.invoke(cli, ["test", str(path)]).exit_code == 2


def test_a_scenario_without_examples_is_reported_not_passed_silently(tmp_path):
    path = tmp_path / "appel-calme.yaml"
    path.write_text(MODEL.read_text(encoding="utf-8").split("\n# Appels modèles")[0], encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["test", str(path)])
    assert result.exit_code == 0
    assert f"  {path}:1:1: avertissement : aucun appel d'exemple : « accueil test » n'a rien à rejouer" in result.output
    assert "0 exemple(s) : 0 conforme(s), 0 en écart ; 0 fichier(s) invalide(s) ; 1 scénario(s) sans exemple" \
        in result.output
    data = json.loads(runner.invoke(cli, ["test", "--json", str(path)]).output)
    assert data["sans_exemple"] == 1 and data["fichiers"][0]["sans_exemple"] is True
    assert data["fichiers"][0]["avertissements"][0].startswith(f"{path}:1:1: avertissement : aucun appel")
    assert runner.invoke(cli, ["test", "--strict", str(path)]).exit_code == 2
    assert runner.invoke(cli, ["test", "--strict", "appel-calme"]).exit_code == 0
