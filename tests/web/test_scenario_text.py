"""An author's scenario text reaches the trainer's pages and reports as text, never as markup:
a title, an organisation and caller lines holding HTML and script are escaped everywhere."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from sessions import VOICE_CALL, record
from starlette.testclient import TestClient

from simulator import paths
from simulator.cli import cli
from simulator.scenario.loader import find_scenario
from simulator.store import SessionStore
from simulator.web import create_app

SCRIPT = "<script>alert('scénario')</script>"
IMAGE = '<img src=x onerror="alert(3)">'


def test_hostile_scenario_text_is_escaped_in_pages_and_reports(tmp_path, monkeypatch, isolated_data):
    scenarios = tmp_path / "scenarios"
    shutil.copytree(paths.scenarios_dir(), scenarios)
    calm = scenarios / "appel-calme.yaml"
    calm.write_text(calm.read_text(encoding="utf-8")
                    .replace("titre: Demande d'horaires à la clinique", f'titre: "Horaires {SCRIPT}"')
                    .replace("  nom: Clinique Nest\n", f"  nom: 'Clinique Nest {IMAGE}'\n", 1), encoding="utf-8")
    monkeypatch.setenv("ACCUEIL_SCENARIOS", str(scenarios))
    scenario = find_scenario("appel-calme")
    assert SCRIPT in scenario.title and IMAGE in scenario.organisation  # the hostile text is really loaded

    store = SessionStore(isolated_data)
    session = record(store, scenario.context("Camille"), VOICE_CALL.replace("Martine Lefèvre", f"Martine {SCRIPT}"))
    client = TestClient(create_app(store), base_url="http://127.0.0.1:8765")
    pages = {path: client.get(path) for path in
             ("/", f"/seances/{session}", "/stagiaires/Camille", "/scenarios/appel-calme")}
    for path, answer in pages.items():
        assert answer.status_code == 200, path
        assert SCRIPT not in answer.text and "<img src=x" not in answer.text, path
    assert "&lt;script&gt;alert(&#39;scénario&#39;)&lt;/script&gt;" in pages[f"/seances/{session}"].text

    report = tmp_path / "compte-rendu.html"
    result = CliRunner().invoke(cli, ["report", session, "-o", str(report)])
    assert result.exit_code == 0, result.output
    html = report.read_text(encoding="utf-8")
    assert SCRIPT not in html and "<img src=x" not in html and "&lt;script&gt;" in html
