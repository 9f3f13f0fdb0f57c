"""Where statements are made as things happen: the end of `accueil play`, and a review saved on the
dashboard. An LRS that does not answer never fails either: a French notice, the statements queued."""

from __future__ import annotations

import json
import time

from click.testing import CliRunner
from sessions import TEXT_CALL, record
from starlette.testclient import TestClient
from test_outbox import closed_port_url

from simulator.cli import cli
from simulator.scenario.loader import find_scenario
from simulator.store import SessionStore
from simulator.web import create_app

REPLIES = """\
Clinique Nest, Clémence, bonjour.
Si je comprends bien, vous souhaitez connaître les horaires de la radiologie ?
La radiologie est ouverte de 8 h à 18 h. Puis-je vous aider pour autre chose ?
Au revoir madame, bonne journée.
"""


def test_a_call_ends_normally_with_the_lrs_down(tmp_path, isolated_data, monkeypatch):
    monkeypatch.setenv("ACCUEIL_LRS_URL", closed_port_url())
    script = tmp_path / "reponses.txt"
    script.write_text(REPLIES, encoding="utf-8")
    result = CliRunner().invoke(cli, ["play", "appel-calme", "-t", "Clémence", "--script", str(script), "--json"],
                                prog_name="accueil")
    assert result.exit_code == 0, result.output
    session = json.loads(result.stdout)["session"]
    waiting = SessionStore(isolated_data).pending()
    assert {o.session_id for o in waiting} == {session} and len(waiting) >= 4
    assert "xAPI : 0 déclaration envoyée au LRS" in result.stderr and "LRS injoignable" in result.stderr


def test_a_call_sends_nothing_without_an_lrs(tmp_path, isolated_data):
    script = tmp_path / "reponses.txt"
    script.write_text(REPLIES, encoding="utf-8")
    result = CliRunner().invoke(cli, ["play", "appel-calme", "-t", "Clémence", "--script", str(script)],
                                prog_name="accueil")
    assert result.exit_code == 0 and "xAPI" not in result.output
    assert SessionStore(isolated_data).outbox_counts() == (0, 0)


def test_a_review_on_the_dashboard_is_saved_and_queued_with_the_lrs_down(isolated_data, monkeypatch):
    store = SessionStore(isolated_data)
    session = record(store, find_scenario("appel-calme").context("Camille"), TEXT_CALL)
    monkeypatch.setenv("ACCUEIL_LRS_URL", closed_port_url())
    origin = "http://127.0.0.1:8765"
    client = TestClient(create_app(store), base_url=origin, headers={"Origin": origin})
    answer = client.post(f"/seances/{session}/revue", follow_redirects=False,
                         data={"critere": "satisfaction", "verdict": "reussi", "commentaire": "Vu en classe.",
                               "auteur": "Mme Durand"})
    assert answer.status_code == 303
    assert store.overrides(session)["satisfaction"].passed
    for _ in range(200):  # sent in the background: the page does not wait for the LRS
        waiting = store.pending()
        if waiting and waiting[0].attempts:
            break
        time.sleep(0.05)
    (review,) = [json.loads(o.statement) for o in waiting]  # tried once, kept
    assert review["actor"]["name"] == "Mme Durand" and review["result"]["response"] == "Vu en classe."
