"""Each module of routes (simulator.web.pages) serves alone over a Dashboard: a route can be read
and tried without the rest of the application."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.testclient import TestClient

from simulator.web.dashboard import Dashboard
from simulator.web.pages import exports, review
from simulator.web.results import Assessments


def alone(store, pages) -> TestClient:
    dashboard = Dashboard(store, None, Assessments(store))
    app = Starlette(routes=pages.routes(dashboard), exception_handlers=dashboard.handlers())
    return TestClient(app, base_url="http://127.0.0.1:8765")


def test_the_exports_alone(store, ids):
    client = alone(store, exports)
    csv = client.get("/export/resultats.csv")
    assert csv.status_code == 200 and csv.text.startswith("\ufeff") and ids["voice"] in csv.text
    assert client.get("/seances/" + ids["voice"]).status_code == 404  # not this module's route


def test_the_review_alone_refuses_in_french(store, ids):
    client = alone(store, review)
    answer = client.post(f"/seances/{ids['voice']}/revue", data={"critere": "greeting", "verdict": "peut-etre"})
    assert answer.status_code == 400 and "Révision non enregistrée" in answer.text
    assert client.post("/seances/inconnue/revue", data={}).status_code == 404


def test_the_competencies_alone(store, ids):
    from simulator.web.pages import competencies

    client = alone(store, competencies)
    assert "Camille" in client.get("/competences").text
    csv = client.get("/competences/grille-competences.csv")
    assert csv.status_code == 200 and csv.text.startswith("\ufeff")
