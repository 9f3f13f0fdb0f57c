"""What the caller does when the trainee speaks over them, as the author writes it."""

from crafted import write_scenario

from simulator.scenario.loader import load_scenario, scenario_problems


def test_the_author_sets_the_callers_way_per_scenario_and_per_state(tmp_path):
    path = write_scenario(tmp_path, """interruption: {cede: false, replique: "Je n'ai pas fini !", permise: true}
etats:
  accueil: {}
  demande:
    repliques: [Bonjour.]
    interruption: {cede: true}
  fin: {final: true}
transitions:
  - {de: accueil, vers: demande}
  - {de: demande, vers: fin}
""")
    scenario = load_scenario(path)
    assert scenario.interruption_in("accueil").lines == ("Je n'ai pas fini !",)
    assert not scenario.interruption_in("accueil").yields and scenario.interruption_in("demande").yields
    assert scenario.context("Camille").may_interrupt
    path.write_text(path.read_text(encoding="utf-8").replace("cede: true", "cede: oui"), encoding="utf-8")
    _, problems = scenario_problems(path)
    assert problems and "cede" in str(problems[0])


def test_an_unknown_field_in_what_the_caller_says_is_refused_at_its_line(tmp_path):
    path = write_scenario(tmp_path, """interruption: {cede: false, replique: "Laissez-moi finir, {prenom} !", coupe_apres: 9, coupe: ["Bon, et {alors} ?"]}
etats:
  accueil: {}
  fin: {final: true}
transitions:
  - {de: accueil, vers: fin}
""")
    _, problems = scenario_problems(path)
    texts = [str(p) for p in problems]
    assert any("champ inconnu « {prenom} »" in t for t in texts) and any("champ inconnu « {alors} »" in t for t in texts)
    assert all(":11:" in t for t in texts), texts  # the line of the block, after the header
