"""A session keeps the scenario and rubric it was played with: a draft played from an author's
folder stays reviewable after the file moved or changed, and `--essai` records nothing."""

import json
import shutil

from click.testing import CliRunner
from starlette.testclient import TestClient

from simulator import paths
from simulator.cli import cli
from simulator.store import SessionStore
from simulator.trainer.assessment import assessed
from simulator.web import create_app
from simulator.web.results import Assessments

ANSWERS = "Pharmacie du Centre, Camille, bonjour.\nC'est de la part de qui ?\n/raccrocher\n"


def draft(folder, title="Pharmacie : horaires"):
    text = (paths.scenarios_dir() / "appel-calme.yaml").read_text(encoding="utf-8")
    path = folder / "pharmacie-horaires.yaml"
    path.write_text(text.replace("id: appel-calme", "id: pharmacie-horaires")
                    .replace("nom: Clinique Nest", "nom: Pharmacie du Centre"), encoding="utf-8")
    return path


def test_a_draft_stays_reviewable_once_its_file_is_gone(tmp_path):
    data, drafts = tmp_path / "donnees", tmp_path / "brouillons"
    drafts.mkdir()
    scenario = draft(drafts)
    script = tmp_path / "r.txt"
    script.write_text(ANSWERS, encoding="utf-8")
    runner = CliRunner(env={"ACCUEIL_DATA_DIR": str(data)})
    played = runner.invoke(cli, ["play", str(scenario), "-t", "Camille", "--script", str(script), "--json"])
    assert played.exit_code == 0, played.output
    session_id, score = json.loads(played.stdout)["session"], json.loads(played.stdout)["score"]
    scenario.unlink()  # the author moved the draft away

    shown = runner.invoke(cli, ["show", session_id, "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["score"] == score
    assert "est introuvable aujourd'hui" in json.loads(shown.output)["notes"][0]
    assert runner.invoke(cli, ["score", session_id]).exit_code == 0
    assert runner.invoke(cli, ["report", session_id, "-o", str(tmp_path / "r.html")]).exit_code == 0
    store = SessionStore(data)
    assessment = assessed(store, session_id)
    assert assessment.final is not None and assessment.notes and assessment.final.score == score
    info = store.get(session_id)
    name, content = store.snapshot(info.scenario_hash)
    assert name == "pharmacie-horaires.yaml" and "Pharmacie du Centre" in content
    assert "est introuvable aujourd" in (tmp_path / "r.html").read_text(encoding="utf-8")
    client = TestClient(create_app(store, None, Assessments(store)), base_url="http://127.0.0.1:8765")
    page = client.get(f"/seances/{session_id}")
    assert page.status_code == 200 and "est introuvable aujourd&#39;hui" in page.text
    assert "ne peut pas être évaluée" not in page.text


def test_a_changed_scenario_is_said_and_the_same_file_is_kept_once(tmp_path, monkeypatch):
    drafts = tmp_path / "brouillons"
    drafts.mkdir()
    scenario = draft(drafts)
    shutil.copy(paths.intentions_file(), drafts)  # the shared intents beside the author's scenarios
    script = tmp_path / "r.txt"
    script.write_text(ANSWERS, encoding="utf-8")
    monkeypatch.setenv("ACCUEIL_SCENARIOS", str(drafts))
    runner = CliRunner(env={"ACCUEIL_DATA_DIR": str(tmp_path / "d")})
    ids = [json.loads(runner.invoke(cli, ["play", "pharmacie-horaires", "-t", "Camille", "--script", str(script),
                                          "--json"]).stdout)["session"] for _ in range(2)]
    store = SessionStore(tmp_path / "d")
    assert store.get(ids[0]).scenario_hash == store.get(ids[1]).scenario_hash
    assert assessed(store, ids[0]).notes == ()
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("titre:", "titre: (v2)", 1), encoding="utf-8")
    assert "a changé depuis la séance" in assessed(store, ids[0]).notes[0]


def test_a_trial_call_is_scored_and_records_nothing(tmp_path):
    scenario = draft(tmp_path)
    script = tmp_path / "r.txt"
    script.write_text(ANSWERS, encoding="utf-8")
    runner = CliRunner(env={"ACCUEIL_DATA_DIR": str(tmp_path / "d")})
    tried = runner.invoke(cli, ["play", str(scenario), "-t", "Camille", "--script", str(script), "--essai"])
    assert tried.exit_code == 0, tried.output
    assert "Essai : rien n'a été enregistré." in tried.output and "Note :" in tried.output
    assert json.loads(runner.invoke(cli, ["sessions", "--json"]).output) == []
