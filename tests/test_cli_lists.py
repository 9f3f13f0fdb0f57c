"""The trainer's lists in an 80-column terminal, their filters, and ids given by their start."""

import json
import re

import pytest
from click.testing import CliRunner
from stored import created

from simulator.cli import cli
from simulator.store import SessionStore

LONG = "20261123-100000-marie-christine-dupo-a1b2"  # the longest slug a trainee's name gives


def run(*args):
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def records(isolated_data, monkeypatch):
    store = SessionStore(isolated_data)
    created(store, monkeypatch, [LONG], trainee="Marie-Christine Dupont-Lefèvre", scenario="appelant-impatient")
    created(store, monkeypatch, ["20261123-100001-clemence-0001", "20261123-100002-clemence-0002"], second=1)
    return store


def test_session_ids_are_never_cut_in_80_columns(records):
    result = run("sessions")
    assert result.exit_code == 0, result.output
    assert max(map(len, result.stdout.splitlines())) <= 80
    for session in records.list():
        assert session.id in result.stdout
    # a call cut short says so, styled rather than written as markup
    assert "interrompue" in result.output and "[yellow]" not in result.output and "[/]" not in result.output


def test_scenario_ids_are_never_cut_in_80_columns():
    ids = [s["id"] for s in json.loads(run("scenarios", "--json").output)]
    result = run("scenarios")
    assert max(map(len, result.stdout.splitlines())) <= 80
    assert set(re.findall(r"^([a-z-]+) ", result.stdout, re.M)) >= set(ids)


def test_sessions_filtered_by_trainee_scenario_and_limit(records, monkeypatch):
    def listed(*args):
        result = run("sessions", "--json", *args)
        assert result.exit_code == 0, result.output
        return [s["id"] for s in json.loads(result.stdout)]

    assert listed("--stagiaire", "CLEMENCE") == ["20261123-100002-clemence-0002", "20261123-100001-clemence-0001"]
    assert listed("--stagiaire", "marie-christine dupont-lefevre") == [LONG]
    assert listed("--scenario", "appelant-imp") == [LONG]  # a scenario id's start
    assert listed("--limit", "1") == ["20261123-100002-clemence-0002"]
    assert "Aucune séance ne correspond." in run("sessions", "--stagiaire", "Personne").output
    assert run("sessions", "--limit", "0").exit_code == 2
    ambiguous = run("sessions", "--scenario", "appel")
    assert ambiguous.exit_code == 2 and "plusieurs scénarios" in ambiguous.output
    # the table shows the newest ones, and says how many more there are
    monkeypatch.setattr("simulator.cli.trainer.SHOWN", 2)
    table = run("sessions").stdout
    assert LONG not in table and "… 1 séance de plus (--limit)" in table
    assert len(listed()) == 3  # a script gets them all


@pytest.mark.parametrize("command", [("show",), ("score",), ("replay", "--no-audio"), ("report", "-o", "r.html")])
def test_commands_take_the_unique_start_of_a_session_id(records, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name, *options = command
    found = run(name, "20261123-100000-marie", *options)
    assert "introuvable" not in found.output and "plusieurs" not in found.output, found.output
    several = run(name, "20261123-1000", *options)
    assert several.exit_code == 2 and "désigne plusieurs séances" in several.output
    assert "20261123-100002-clemence-0002" in several.output and "Traceback" not in several.output
    unknown = run(name, "20991231", *options)
    assert unknown.exit_code == 2 and ("introuvable" in unknown.output or "ni un fichier" in unknown.output)


def test_a_scenario_is_found_by_the_unique_start_of_its_id(tmp_path):
    drawn = tmp_path / "d.mmd"
    assert run("graph", "transfert-o", "-o", str(drawn), "--mermaid").exit_code == 0 and drawn.exists()
    exact = run("graph", "reclamation", "-o", str(drawn))  # a whole id wins over a longer one it starts
    assert exact.exit_code == 0, exact.output
    ambiguous = run("play", "appelant-", "-t", "Camille")
    assert ambiguous.exit_code == 2 and "plusieurs scénarios" in ambiguous.output
    assert "appelant-bavard" in ambiguous.output and "appelant-impatient" in ambiguous.output


def test_the_training_path_keeps_scenario_ids_whole_in_80_columns(isolated_data):
    ids = [s["id"] for s in json.loads(run("parcours", "-t", "Zoé", "--json").output)]
    result = run("parcours", "-t", "Zoé")
    assert max(map(len, result.stdout.splitlines())) <= 80
    assert set(re.findall(r"^\S+\s+([a-z-]+) ", result.stdout, re.M)) >= set(ids)
