"""Click's own usage errors and help headings are French, with exit code 2 for bad input."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from simulator.cli import cli

ENGLISH = ("Error:", "No such", "Missing", "Invalid value", "is not", "Try '", "Got unexpected", "requires",
           "Did you mean", "Usage:", "Show this message")


@pytest.mark.parametrize(("args", "french"), [
    (["nimporte"], "Commande inconnue : 'nimporte'."),
    (["sessio"], "Vouliez-vous dire 'sessions' ?"),
    (["play"], "Option manquante '--trainee' / '-t'."),
    (["play", "appel-calme", "-t"], "L'option '-t' attend une valeur."),
    (["play", "appel-calme", "-t", "Camille", "--seed", "abc"], "'abc' n'est pas un nombre valide."),
    (["play", "appel-calme", "-t", "Camille", "--stt", "nope"], "'nope' n'est pas parmi 'whisper', 'vosk'."),
    (["play", "appel-calme", "--nope"], "Option inconnue : '--nope'."),
    (["sessions", "en-trop"], "Argument en trop (en-trop)"),
    (["scenarios", "--difficulte", "9"], "9 n'est pas dans l'intervalle 1<=x<=5."),
    (["show"], "Argument manquant 'SESSION'."),
])
def test_usage_errors_are_french_with_exit_code_2(args, french):
    result = CliRunner().invoke(cli, args, prog_name="accueil")
    assert result.exit_code == 2, result.output
    assert "Erreur : " in result.output and french in result.output, result.output
    assert "Voir « accueil" in result.output or "Commande inconnue" in result.output or "attend" in result.output
    assert not [word for word in ENGLISH if word in result.output], result.output


def test_help_headings_are_french():
    result = CliRunner().invoke(cli, ["play", "--help"], prog_name="accueil")
    assert result.exit_code == 0
    assert result.output.startswith("Usage : accueil play") and "Affiche cette aide et quitte." in result.output
    assert not [word for word in ENGLISH if word in result.output], result.output
