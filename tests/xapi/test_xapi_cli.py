"""`accueil xapi export` and `accueil xapi envoyer`: what they write and say, and bad input (exit 2)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from sessions import TEXT_CALL, VOICE_CALL, record
from test_cli_french import CLICK_ENGLISH
from test_outbox import closed_port_url

from simulator.cli import cli
from simulator.scenario.loader import find_scenario
from simulator.store import SessionStore


@pytest.fixture
def sessions(isolated_data):
    """Two finished sessions, one reviewed."""
    store = SessionStore(isolated_data)
    calm = find_scenario("appel-calme")
    ids = [record(store, calm.context("Camille"), TEXT_CALL), record(store, calm.context("Léa"), VOICE_CALL)]
    store.add_override(ids[0], "satisfaction", True, "Question posée hors micro.", "Mme Durand")
    store.close()
    return ids


def run(*args: str):
    return CliRunner().invoke(cli, ["xapi", *args], prog_name="accueil")


def test_export_writes_one_statement_per_line(sessions, tmp_path):
    out = tmp_path / "resultats.ndjson"
    result = run("export", "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    statements = [json.loads(line) for line in lines]
    assert result.output == f"Déclarations xAPI écrites : {out} ({len(lines)} déclarations)\n"
    assert len({s["id"] for s in statements}) == len(statements)
    sessions_said = {s["context"]["extensions"]["https://accueil.example/xapi/extensions/seance"] for s in statements}
    assert sessions_said == set(sessions)
    assert [s["verb"]["display"]["en-US"] for s in statements].count("reviewed") == 1
    assert statements[0]["actor"]["name"] == "Camille" and statements[0]["verb"]["display"]["en-US"] == "attempted"
    assert run("export", "-o", str(tmp_path / "encore.ndjson")).exit_code == 0
    assert (tmp_path / "encore.ndjson").read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_export_since_a_date(sessions, tmp_path):
    tomorrow, today = (date.today() + timedelta(days=1)).isoformat(), date.today().isoformat()
    assert run("export", "--depuis", tomorrow, "-o", str(tmp_path / "vide.ndjson")).exit_code == 0
    assert (tmp_path / "vide.ndjson").read_text() == ""
    assert run("export", "--depuis", today, "-o", str(tmp_path / "tout.ndjson")).exit_code == 0
    assert len((tmp_path / "tout.ndjson").read_text().splitlines()) > 8


@pytest.mark.parametrize(("args", "env", "said"), [
    (["export", "--depuis", "hier", "-o", "x.ndjson"], {}, "date invalide « hier » : attendu AAAA-MM-JJ"),
    (["export", "-o", "absent/x.ndjson"], {}, "écriture impossible : absent/x.ndjson"),
    (["export", "-o", "x.ndjson"], {"ACCUEIL_XAPI_BASE_IRI": "accueil"}, "ACCUEIL_XAPI_BASE_IRI invalide : « accueil »"),
    (["export"], {}, "Option manquante '--output' / '-o'."),
    (["envoyer"], {}, "ACCUEIL_LRS_URL n'est pas réglée : indiquez l'adresse xAPI du LRS"),
    (["envoyer"], {"ACCUEIL_LRS_URL": "ftp://lrs"}, "ACCUEIL_LRS_URL invalide : « ftp://lrs »"),
])
def test_bad_input_is_said_in_french_with_exit_code_2(sessions, tmp_path, monkeypatch, args, env, said):
    monkeypatch.chdir(tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Erreur : " in result.output and said in result.output, result.output


def test_sending_to_an_lrs_that_does_not_answer_keeps_everything_queued(sessions, isolated_data, monkeypatch):
    monkeypatch.setenv("ACCUEIL_LRS_URL", closed_port_url())
    result = run("envoyer")
    assert result.exit_code == 2, result.output
    store = SessionStore(isolated_data)
    waiting = store.outbox_counts()[1]
    assert result.output.startswith(f"Mises en attente : {waiting} déclarations de séances ou de révisions passées.\n"
                                    f"Erreur : 0 déclaration envoyée au LRS, {waiting} en attente. LRS injoignable")
    assert run("envoyer").output.startswith("Erreur : 0 déclaration envoyée")  # nothing more to queue
    assert store.outbox_counts()[1] == waiting


@pytest.mark.parametrize("command", [[], ["export"], ["envoyer"]])
def test_help_is_french(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and not CLICK_ENGLISH.findall(result.output), result.output
