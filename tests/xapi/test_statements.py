"""The mapping from a session and its reviews to xAPI statements, on hand-made facts."""

from __future__ import annotations

import json
import uuid

import pytest

from simulator.errors import InputError
from simulator.scoring.review import Override
from simulator.xapi.config import XapiSettings
from simulator.xapi.outbox import as_text
from simulator.xapi.statements import (CriterionInfo, Names, ScenarioInfo, SessionFacts, review_statement,
                                       session_statements)

SESSION = "20261123-120413-clemence-fa76"
FACTS = SessionFacts(
    id=SESSION, trainee="Clémence", trainee_key="clemence", scenario_id="appel-calme", rubric_id="standard",
    started_at="2026-11-23T12:04:13+01:00", ended_at="2026-11-23T12:04:48+01:00", completed=True, score=82,
    verdicts=(("accueil", True, "Structure et prénom annoncés."), ("satisfaction", False, "Pas de question."),
              ("attente", None, "")),
    criteria={"accueil": CriterionInfo("Présentation", ("T21.1", "C211.1")),
              "satisfaction": CriterionInfo("Vérification de la satisfaction", ("T22.7", "C227.1"))},
    scenario=ScenarioInfo("Demande d'horaires à la clinique", 1, ("T21.1", "C221.1")))
REVIEW = Override(SESSION, "satisfaction", True, False, "Question posée hors micro.", "Mme Durand",
                  "2026-11-24T09:00:00+00:00")
NAMES = Names(XapiSettings())
BASE = "https://accueil.example/xapi"


def by_verb(statements) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for s in statements:
        found.setdefault(s.as_json()["verb"]["id"].rsplit("/", 1)[1], []).append(s.as_json())
    return found


def test_a_session_is_attempted_completed_and_judged_criterion_by_criterion():
    found = by_verb(session_statements(FACTS, NAMES))
    assert {verb: len(s) for verb, s in found.items()} == {"attempted": 1, "completed": 1, "passed": 1, "failed": 1}
    attempted, completed = found["attempted"][0], found["completed"][0]
    assert attempted["object"]["id"] == completed["object"]["id"] == f"{BASE}/scenarios/appel-calme"
    assert attempted["timestamp"] == "2026-11-23T12:04:13+01:00" and completed["timestamp"] == "2026-11-23T12:04:48+01:00"
    assert completed["result"] == {"score": {"scaled": 0.82, "raw": 82, "min": 0, "max": 100}, "success": True,
                                   "completion": True, "duration": "PT35S"}
    assert attempted["actor"] == {"objectType": "Agent", "name": "Clémence",
                                  "account": {"homePage": "https://accueil.example", "name": "clemence"}}
    assert {a["id"] for a in completed["context"]["contextActivities"]["grouping"]} == {
        f"{BASE}/grilles/standard", f"{BASE}/referentiel/T21.1", f"{BASE}/referentiel/C221.1"}


def test_each_criterion_carries_its_referentiel_codes_as_grouping_activities():
    failed = by_verb(session_statements(FACTS, NAMES))["failed"][0]
    assert failed["object"] == {"objectType": "Activity", "id": f"{BASE}/grilles/standard/criteres/satisfaction",
                                "definition": {"type": "http://adlnet.gov/expapi/activities/objective",
                                               "name": {"fr-FR": "Vérification de la satisfaction"}}}
    assert failed["result"] == {"success": False, "response": "Pas de question."}
    context = failed["context"]
    assert [a["id"] for a in context["contextActivities"]["parent"]] == [f"{BASE}/scenarios/appel-calme"]
    assert [a["id"] for a in context["contextActivities"]["grouping"]] == [
        f"{BASE}/grilles/standard", f"{BASE}/referentiel/T22.7", f"{BASE}/referentiel/C227.1"]
    assert context["extensions"] == {f"{BASE}/extensions/seance": SESSION}


@pytest.mark.parametrize(("score", "completed", "verb", "success"), [
    (80, True, "completed", True), (79, True, "completed", False), (95, False, "terminated", None)])
def test_success_is_a_score_of_80_on_a_call_that_went_to_its_end(score, completed, verb, success):
    from dataclasses import replace

    ended = session_statements(replace(FACTS, score=score, completed=completed), NAMES)[1].as_json()
    assert ended["verb"]["id"].endswith(verb)
    assert ended["result"].get("success") == success and ended["result"]["completion"] is completed
    assert ended["result"]["score"]["scaled"] == score / 100


def test_ids_are_stable_and_one_registration_joins_a_session():
    first, again = session_statements(FACTS, NAMES), session_statements(FACTS, Names(XapiSettings()))
    assert [as_text(s) for s in first] == [as_text(s) for s in again]
    ids = [s.id for s in first]
    assert len(set(ids)) == len(ids) and all(uuid.UUID(i).version == 5 for i in ids)
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, BASE)
    assert ids[0] == str(uuid.uuid5(namespace, f"{SESSION}/debut"))
    assert ids[2] == str(uuid.uuid5(namespace, f"{SESSION}/critere/accueil"))
    assert {s.as_json()["context"]["registration"] for s in first} == {str(uuid.uuid5(namespace, SESSION))}


def test_the_base_iri_and_home_page_come_from_the_environment():
    settings = XapiSettings.from_env({"ACCUEIL_XAPI_BASE_IRI": "https://lycee.example/accueil/",
                                      "ACCUEIL_XAPI_HOMEPAGE": "https://moodle.lycee.example"})
    statement = session_statements(FACTS, Names(settings))[0].as_json()
    assert statement["object"]["id"] == "https://lycee.example/accueil/scenarios/appel-calme"
    assert statement["actor"]["account"]["homePage"] == "https://moodle.lycee.example"
    assert statement["id"] != session_statements(FACTS, NAMES)[0].id  # another base, other statements
    assert XapiSettings.from_env({"ACCUEIL_XAPI_BASE_IRI": "https://lycee.example/x"}).homepage == "https://lycee.example"


@pytest.mark.parametrize("variable", ["ACCUEIL_XAPI_BASE_IRI", "ACCUEIL_XAPI_HOMEPAGE", "ACCUEIL_LRS_URL"])
def test_a_setting_that_is_not_an_address_is_refused_in_french(variable):
    with pytest.raises(InputError, match=f"{variable} invalide : « lrs.local » ; attendu une adresse complète"):
        XapiSettings.from_env({variable: "lrs.local"})


def test_a_review_is_said_by_the_trainer_about_the_machines_statement():
    review = review_statement(FACTS, REVIEW, NAMES).as_json()
    assert review["actor"] == {"objectType": "Agent", "name": "Mme Durand",
                               "account": {"homePage": "https://accueil.example", "name": "mme durand"}}
    assert review["verb"]["id"] == "http://id.tincanapi.com/verb/reviewed"
    machine = by_verb(session_statements(FACTS, NAMES))["failed"][0]
    assert review["object"] == {"objectType": "StatementRef", "id": machine["id"]}
    assert review["result"] == {"success": True, "response": "Question posée hors micro.",
                                "extensions": {f"{BASE}/extensions/verdict-machine": False}}
    context = review["context"]
    assert context["registration"] == machine["context"]["registration"]
    assert [a["id"] for a in context["contextActivities"]["parent"]] == [f"{BASE}/grilles/standard/criteres/satisfaction"]
    assert [a["id"] for a in context["contextActivities"]["grouping"]] == [
        f"{BASE}/scenarios/appel-calme", f"{BASE}/grilles/standard", f"{BASE}/referentiel/T22.7",
        f"{BASE}/referentiel/C227.1"]
    assert "platform" not in context  # the spec: only about an activity
    assert review["timestamp"] == REVIEW.at


def test_a_criterion_the_machine_did_not_judge_has_no_statement_and_its_review_is_about_the_call():
    judged = {s.as_json()["object"]["id"].rsplit("/", 1)[1] for s in session_statements(FACTS, NAMES)[2:]}
    assert judged == {"accueil", "satisfaction"}
    review = review_statement(FACTS, Override(SESSION, "attente", False, None, "Attente trop longue.", "Mme Durand",
                                              "2026-11-24T09:05:00+00:00"), NAMES).as_json()
    assert review["object"]["id"] == session_statements(FACTS, NAMES)[1].id  # the call's end
    assert review["result"] == {"success": False, "response": "Attente trop longue."}
    assert review["context"]["contextActivities"]["parent"][0]["id"].endswith("/criteres/attente")


def test_two_reviews_of_one_criterion_are_two_statements():
    later = Override(SESSION, "satisfaction", False, False, "Finalement non.", "M. Martin", "2026-11-25T10:00:00+00:00")
    assert review_statement(FACTS, REVIEW, NAMES).id != review_statement(FACTS, later, NAMES).id
    assert review_statement(FACTS, REVIEW, NAMES).id == review_statement(FACTS, REVIEW, NAMES).id


def test_a_statement_is_one_line_of_json():
    line = as_text(session_statements(FACTS, NAMES)[0])
    assert "\n" not in line and json.loads(line)["version"] == "1.0.3" and "Clémence" in line
