"""Feedback about this call: the rubric's advice in the words of the scenario and the trainee, in
every view (the scorecard carries it: terminal, dashboard, report and replay all show it)."""

import json
import shutil

from click.testing import CliRunner

from simulator import paths
from simulator.cli import cli
from simulator.scenario.loader import find_scenario, shared_lexicon
from simulator.scoring import find_rubric, score_transcript
from simulator.scoring.review import Override, reviewed
from simulator.scoring.rubric import rubric_problems
from simulator.transcript.dialogue import parse_dialogue


def scorecard(text: str, context=None):
    dialogue = parse_dialogue(text)
    transcript = dialogue.transcript(context) if context else dialogue.transcript()
    return score_transcript(transcript, find_rubric("standard"), shared_lexicon())


def test_the_greeting_advice_names_this_structure_and_this_trainee():
    card = scorecard("# organisation: Mairie de Villeneuve\n# stagiaire: Kevin\nSTAGIAIRE: Allô ?\n")
    assert "« Mairie de Villeneuve, Kevin, bonjour »" in card.result("greeting").feedback
    assert "Clinique Nest" not in json.dumps(card.as_dict(), ensure_ascii=False)


def test_the_advice_on_names_and_rephrasing_comes_from_the_scenario():
    scenario = find_scenario("appel-calme")
    card = scorecard("STAGIAIRE: Allô ?\nAPPELANT: Bonjour.\nSTAGIAIRE: D'accord.\n", scenario.context("Karim"))
    assert "« Madame Lefèvre »" in card.result("identify").feedback
    assert f"« {scenario.caller.rephrasing} »" in card.result("rephrasing").feedback
    assert scenario.caller.rephrasing.startswith("Si je comprends bien")
    assert "« Clinique Nest, Karim, bonjour »" in card.result("greeting").feedback


def test_every_bundled_scenario_has_its_own_rephrasing_example():
    from simulator.scenario.loader import list_scenarios

    examples = [s.caller.rephrasing for s in list_scenarios()]
    assert all(examples) and len(set(examples)) == len(examples)


def test_an_override_shows_the_advice_of_the_verdict_the_trainer_gave():
    card = scorecard("# organisation: Mairie de Villeneuve\n# stagiaire: Kevin\nSTAGIAIRE: Allô ?\n")
    override = Override("x", "greeting", True, False, "bien dit, mal entendu", "Bruno", "2026-12-02T10:00:00")
    final, _ = reviewed(card, {"greeting": override})
    assert final.result("greeting").passed
    assert final.result("greeting").feedback == final.result("greeting").criterion.on_pass


def test_the_praise_for_courtesy_suits_every_trainee():
    card = scorecard("# organisation: Clinique Nest\n# stagiaire: Kevin\nSTAGIAIRE: Clinique Nest, Kevin, bonjour.\n")
    praise = card.result("courtesy").feedback
    assert praise and "resté courtois" not in praise.replace("Votre ton est resté courtois", "")


def test_a_rubric_naming_an_unknown_field_is_refused_where_it_is(tmp_path):
    rubric = tmp_path / "maison.yaml"
    text = (paths.rubrics_dir() / "standard.yaml").read_text(encoding="utf-8")
    rubric.write_text(text.replace("id: standard", "id: maison").replace("{prenom}, bonjour", "{prénom}, bonjour"),
                      encoding="utf-8")
    _, problems = rubric_problems(rubric)
    assert len(problems) == 1 and "champ inconnu « {prénom} » dans le conseil" in str(problems[0])
    line = next(i for i, l in enumerate(rubric.read_text(encoding="utf-8").splitlines(), 1) if "{prénom}" in l)
    assert problems[0].line in (line, line - 1, line - 2)  # the folded text's start or the line itself


def test_the_command_line_shows_the_personal_advice(tmp_path):
    dialogue = tmp_path / "d.txt"
    dialogue.write_text("# organisation: Aide à domicile des Deux Rives\n# stagiaire: Karim\nSTAGIAIRE: Allô oui ?\n",
                        encoding="utf-8")
    shown = CliRunner().invoke(cli, ["score", str(dialogue), "--json"])
    assert shown.exit_code == 0, shown.output
    feedback = {c["id"]: c["feedback"] for c in json.loads(shown.output)["criteria"]}
    assert "« Aide à domicile des Deux Rives, Karim, bonjour »" in feedback["greeting"]
    shutil.rmtree(tmp_path)
