"""The trainee's civility: given once (or asked once at the first call) and remembered, so that the
caller says « Bonjour madame » to Clémence and « Bonjour monsieur » to Kevin."""

import json

from click.testing import CliRunner

from simulator.cli import cli
from simulator.session.profile import civility_for
from simulator.store import SessionStore

ANSWERS = "Clinique Nest, {name}, bonjour.\n/raccrocher\n"


def test_asked_once_then_remembered(tmp_path):
    store = SessionStore(tmp_path)
    asked = []

    def ask():
        asked.append(1)
        return "monsieur"

    assert civility_for(store, "Kévin", None, ask) == "monsieur"
    assert civility_for(store, "kevin", None, ask) == "monsieur" and len(asked) == 1  # case and accents aside
    assert civility_for(store, "Kevin", "aucune", ask) is None and len(asked) == 1  # given: replaces it
    assert civility_for(store, "Kevin", None, ask) is None and store.knows("Kevin")
    assert civility_for(store, "Clémence", None, None) is None and not store.knows("Clémence")  # nobody to ask


def caller_lines(runner, session_id):
    shown = json.loads(runner.invoke(cli, ["show", session_id, "--json"]).output)
    return shown["session"], [c for c in shown["criteria"]]


def play(runner, tmp_path, name, *options):
    script = tmp_path / f"{name}.txt"
    script.write_text(ANSWERS.format(name=name), encoding="utf-8")
    played = runner.invoke(cli, ["play", "appel-calme", "-t", name, "--script", str(script), "--seed", "1",
                                 "--json", *options])
    assert played.exit_code == 0, played.output
    return json.loads(played.stdout)["session"]


def test_the_caller_addresses_each_trainee_as_told_and_the_store_keeps_it(tmp_path):
    runner = CliRunner(env={"ACCUEIL_DATA_DIR": str(tmp_path)})
    store = SessionStore(tmp_path)
    kevin = play(runner, tmp_path, "Kevin", "--civilite", "monsieur")
    clemence = play(runner, tmp_path, "Clémence", "--civilite", "madame")
    again = play(runner, tmp_path, "Kevin")  # remembered
    said = {sid: " ".join(e.text for e in store.transcript(sid).caller_turns) for sid in (kevin, clemence, again)}
    assert "monsieur" in said[kevin].lower() and "madame" not in said[kevin].lower()
    assert "madame" in said[clemence].lower()
    assert "monsieur" in said[again].lower()
    assert store.transcript(again).context.civility == "monsieur"
    shown = runner.invoke(cli, ["stagiaire", "kevin"])
    assert shown.exit_code == 0 and "« monsieur »" in shown.output
    changed = runner.invoke(cli, ["stagiaire", "Kevin", "--civilite", "aucune"])
    assert "ni « madame » ni « monsieur »" in changed.output
    unknown = runner.invoke(cli, ["stagiaire", "Zoé"])
    assert "jamais donnée" in unknown.output
    bad = runner.invoke(cli, ["stagiaire", "Zoé", "--civilite", "mademoiselle"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_a_script_with_no_civility_known_makes_the_caller_say_neither(tmp_path):
    runner = CliRunner(env={"ACCUEIL_DATA_DIR": str(tmp_path)})
    session_id = play(runner, tmp_path, "Alex")
    said = " ".join(e.text for e in SessionStore(tmp_path).transcript(session_id).caller_turns)
    assert "madame" not in said.lower().replace("madame lefèvre", "") and "monsieur" not in said.lower()
    assert " ," not in said and not SessionStore(tmp_path).knows("Alex")
