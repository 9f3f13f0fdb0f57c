"""Click's own usage errors and help headings are French, with exit code 2 for bad input."""

from __future__ import annotations

import re

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
    (["show"], "Argument manquant 'SÉANCE'."),
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


CLICK_ENGLISH = re.compile(r"\[required\]|\b(TEXT|INTEGER|FLOAT|RANGE|PATH|FILE|DIRECTORY|BOOLEAN|CHOICE|COMMAND|ARGS|"
                           r"SESSION|TARGETS?|PATHS|SCENARIO)\b")


@pytest.mark.parametrize("command", [None, *sorted(cli.commands)])
def test_help_names_values_in_french(command):
    """Click names a value after its type (TEXT, PATH…) and marks `[required]`: every command says it in French."""
    result = CliRunner().invoke(cli, [command, "--help"] if command else ["--help"], prog_name="accueil")
    assert result.exit_code == 0, result.output
    assert not CLICK_ENGLISH.findall(result.output), result.output


def test_a_required_option_is_said_so_in_french():
    result = CliRunner().invoke(cli, ["play", "--help"], prog_name="accueil")
    assert "-t, --trainee PRÉNOM" in result.output and "[obligatoire]" in result.output
