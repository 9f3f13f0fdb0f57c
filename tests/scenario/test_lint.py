"""`accueil lint`: each rule on a small scenario, located at the right line; shipped scenarios are clean."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from crafted import line_of, write_scenario

from simulator.cli import cli
from simulator.scenario.lint import lint_file
from simulator.scenario.loader import scenario_files

# accueil -> demande -> fin, with the usual catch-alls: no warning.
CLEAN = """\
etats:
  accueil: {}
  demande:
    repliques: [Bonjour.]
    sinon: [Pardon ?]
  fin:
    final: true
  coupe:
    final: true
transitions:
  - de: accueil
    vers: demande
  - de: demande
    si: au_revoir
    vers: fin
  - de: "*"
    evenement: silence
    apres: 20
    vers: coupe
  - de: "*"
    evenement: raccroche
    vers: coupe
"""


def warnings_of(tmp_path, body: str) -> tuple[object, list[str]]:
    path = write_scenario(tmp_path, body)
    errors, warnings = lint_file(path)
    assert errors == []
    return path, [str(w) for w in warnings]


def test_a_clean_scenario_has_no_warning(tmp_path):
    assert warnings_of(tmp_path, CLEAN)[1] == []


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_shipped_scenarios_have_no_warning(path):
    errors, warnings = lint_file(path)
    assert errors == [] and [str(w) for w in warnings] == []


def test_unreachable_state_is_located_at_its_name(tmp_path):
    body = CLEAN.replace("  fin:\n", "  oubli:\n    repliques: [Je suis là.]\n  fin:\n")
    path, warnings = warnings_of(tmp_path, body)
    assert warnings == [f"{path}:{line_of(path, 'oubli:')}:3: avertissement : l'état « oubli » n'est jamais "
                        "atteint depuis l'état initial « accueil » ; ses répliques ne seront jamais dites\n"
                        "    ↳ ajoutez une transition « vers: oubli » ou supprimez cet état"]


def test_state_without_way_out(tmp_path):
    body = CLEAN.replace("    si: au_revoir\n    vers: fin", "    si: au_revoir\n    vers: impasse")
    body = body.replace("  fin:\n", "  impasse:\n    repliques: [Hmm.]\n  fin:\n")
    path, warnings = warnings_of(tmp_path, body)
    assert any(w.startswith(f"{path}:{line_of(path, 'impasse:')}:3: avertissement : l'état « impasse » "
                            "n'a aucune issue") for w in warnings), warnings
    # fin is now never entered, too
    assert any("l'état « fin » n'est jamais atteint" in w for w in warnings)


def test_loop_without_a_final_state_is_a_dead_end(tmp_path):
    body = CLEAN.replace("    si: au_revoir\n    vers: fin", "    si: au_revoir\n    vers: boucle")
    body = body.replace("  fin:\n", "  boucle:\n    repliques: [Encore ?]\n  fin:\n")
    body += "  - de: boucle\n    vers: demande\n  - de: accueil\n    evenement: fiche\n    vers: fin\n"
    path, warnings = warnings_of(tmp_path, body)
    dead_ends = [w for w in warnings if "aucun chemin ne mène à un état final" in w]
    assert {w.split(":")[1] for w in dead_ends} == {str(line_of(path, "demande:")), str(line_of(path, "boucle:"))}


def test_fallback_that_no_speech_can_reach(tmp_path):
    body = CLEAN + "  - de: demande\n    repliques: [Oui ?]\n"
    path, warnings = warnings_of(tmp_path, body)
    assert warnings[0].startswith(f"{path}:{line_of(path, 'sinon: [Pardon ?]')}:12: avertissement : "
                                  "les répliques « sinon » de l'état « demande » ne seront jamais dites : "
                                  f"la transition n° 5 (ligne {line_of(path, '- de: demande', 2)}) répond à toute parole")


def test_fallback_of_a_final_state(tmp_path):
    body = CLEAN.replace("  fin:\n    final: true", "  fin:\n    final: true\n    sinon: [Allô ?]")
    path, warnings = warnings_of(tmp_path, body)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}:{line_of(path, 'sinon: [Allô ?]')}:12: avertissement : les répliques "
                                  "« sinon » de l'état « fin » ne seront jamais dites : l'appel est terminé")


def test_silence_longer_than_a_sure_delay_never_fires(tmp_path):
    body = CLEAN + ("  - de: demande\n    evenement: delai\n    apres: 10\n    vers: coupe\n"
                    "  - de: demande\n    evenement: silence\n    apres: 12.5\n    repliques: [Allô ?]\n")
    path, warnings = warnings_of(tmp_path, body)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}:{line_of(path, '- de: demande', 3)}:9: avertissement : "
                                  f"la transition n° 6 (ligne {line_of(path, '- de: demande', 3)}) ne peut jamais "
                                  "se produire dans l'état « demande » : le délai de 10 s (la transition n° 5")
    assert "avant le silence de 12,5 s" in warnings[0]


def test_shorter_silence_that_leaves_hides_a_longer_one_but_a_staying_one_does_not(tmp_path):
    staying = CLEAN + "  - de: demande\n    evenement: silence\n    apres: 5\n    repliques: [Allô ?]\n"
    assert warnings_of(tmp_path, staying)[1] == []
    leaving = CLEAN + "  - de: demande\n    evenement: silence\n    apres: 25\n    repliques: [Allô ?]\n"
    path, warnings = warnings_of(tmp_path, leaving)
    assert len(warnings) == 1 and "la transition n° 5" in warnings[0]
    assert "le silence de 20 s (la transition n° 3" in warnings[0]


def test_waiting_on_hold_in_a_state_that_hold_leaves(tmp_path):
    body = CLEAN.replace("  fin:\n", "  en_attente:\n    repliques: [D'accord.]\n  fin:\n")
    body += ("  - de: demande\n    evenement: mise_en_attente\n    vers: en_attente\n"
             "  - de: en_attente\n    evenement: reprise\n    vers: demande\n"
             "  - de: demande\n    evenement: attente\n    apres: 30\n    repliques: [Allô ?]\n")
    path, warnings = warnings_of(tmp_path, body)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}:{line_of(path, '- de: demande', 3)}:9: avertissement : la transition n° 7")
    assert "la mise en attente y fait toujours passer à l'état « en_attente »" in warnings[0]


def test_transition_shadowed_by_a_broader_earlier_one(tmp_path):
    body = CLEAN + ("  - de: [accueil, demande]\n    si: [au_revoir, politesse]\n    repliques: [Au revoir.]\n"
                    "  - de: demande\n    evenement: reprise\n    repliques: [Oui.]\n"
                    "  - de: demande\n    evenement: reprise\n    attente_plus_de: 30\n    repliques: [Enfin !]\n")
    path, warnings = warnings_of(tmp_path, body)
    assert len(warnings) == 3, warnings
    shadowed_from = line_of(path, "- de: [accueil, demande]")
    # accueil: the unconditional first transition; demande: « si: au_revoir » asks less.
    assert warnings[0].startswith(f"{path}:{shadowed_from}:10: avertissement : la transition n° 5 (ligne "
                                  f"{shadowed_from}) ne peut jamais se produire dans l'état « accueil » : "
                                  "la transition n° 1 (ligne")
    assert warnings[1].startswith(f"{path}:{shadowed_from}:19: ") and "« demande » : la transition n° 2" in warnings[1]
    assert "la transition n° 7" in warnings[2] and "la transition n° 6" in warnings[2]


def test_a_catch_all_is_reported_only_when_dead_everywhere(tmp_path):
    partly = CLEAN + "  - de: demande\n    evenement: fiche\n    vers: fin\n  - de: '*'\n    evenement: fiche\n"
    assert warnings_of(tmp_path, partly)[1] == []
    everywhere = CLEAN + "  - de: '*'\n    evenement: raccroche\n    vers: fin\n"
    path, warnings = warnings_of(tmp_path, everywhere)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}:{line_of(path, chr(39) + '*' + chr(39))}:5: avertissement : "
                                  "la transition n° 5")
    assert "ne se produit dans aucun état : la transition n° 4" in warnings[0]


def test_cli_exit_codes(tmp_path):
    runner = CliRunner()
    clean = write_scenario(tmp_path, CLEAN)
    result = runner.invoke(cli, ["lint", str(clean)])
    assert result.exit_code == 0 and "✓" in result.output
    warned = write_scenario(tmp_path, CLEAN + "  - de: demande\n    repliques: [Oui ?]\n")
    result = runner.invoke(cli, ["lint", str(warned)])
    assert result.exit_code == 0 and ": avertissement : " in result.output
    assert runner.invoke(cli, ["lint", "--strict", str(warned)]).exit_code == 2
    broken = write_scenario(tmp_path, CLEAN.replace("vers: fin", "vers: nulle_part"))
    result = runner.invoke(cli, ["lint", str(broken)])
    assert result.exit_code == 2 and "état inconnu « nulle_part »" in result.output


def test_cli_lints_the_shipped_scenarios_by_default():
    result = CliRunner().invoke(cli, ["lint", "--strict"])
    assert result.exit_code == 0, result.output
    assert result.output.count("✓") == len(scenario_files())


def test_a_scenario_without_examples_is_warned_at_its_top(tmp_path):
    path = write_scenario(tmp_path, CLEAN, examples=False)
    errors, warnings = lint_file(path)
    assert errors == [] and [str(w) for w in warnings] == [
        f"{path}:1:1: avertissement : aucun appel d'exemple : « accueil test » n'a rien à rejouer\n"
        "    ↳ ajoutez « exemples: » avec un appel bien mené et un appel raté "
        "(docs/guide-auteur.md, « Prouver le scénario avec des appels d'exemple »)"]
    runner = CliRunner()
    result = runner.invoke(cli, ["lint", str(path)])
    assert result.exit_code == 0 and f"{path}:1:1: avertissement : aucun appel d'exemple" in result.output
    assert runner.invoke(cli, ["lint", "--strict", str(path)]).exit_code == 2
