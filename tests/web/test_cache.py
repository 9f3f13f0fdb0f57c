"""The dashboard's results cache: a session is scored again only when it, or the rubric or scenario
files it is scored with, changed, whichever process changed it."""

from __future__ import annotations

import gc
import shutil
import time

import pytest

from simulator import paths
from simulator.events import TraineeSaid
from simulator.scenario.loader import find_scenario
from simulator.store import SessionStore
from simulator.trainer import assessment
from simulator.web.results import Assessments, Progress


@pytest.fixture
def scored(monkeypatch) -> list[str]:
    """The ids of the sessions scored, in order."""
    seen: list[str] = []
    real = assessment.scored

    def counting(info, transcript, store=None):
        seen.append(info.id)
        return real(info, transcript, store)
    monkeypatch.setattr(assessment, "scored", counting)
    return seen


@pytest.fixture
def rubrics(tmp_path, monkeypatch):
    """A copy of the rubrics that a test may edit."""
    folder = tmp_path / "rubrics"
    shutil.copytree(paths.rubrics_dir(), folder)
    monkeypatch.setenv("ACCUEIL_RUBRICS", str(folder))
    return folder


@pytest.fixture(autouse=True)
def unfreeze():
    yield
    gc.unfreeze()  # warming freezes what it scored for the collector; give the test process back its own


def by_id(snapshot) -> dict:
    return {a.info.id: a for a in snapshot.assessments}


def test_an_unchanged_session_is_not_scored_again(store, ids, scored):
    cache = Assessments(store)
    first = cache.current()
    assert set(by_id(first)) == set(ids.values()) and sorted(scored) == sorted(ids.values())
    assert [a.info.id for a in first.assessments] == [s.id for s in store.list()]  # most recent first
    assert cache.current() is first
    assert cache.one(ids["text"]) is by_id(first)[ids["text"]]
    assert len(scored) == 3


def test_the_change_mark_spares_reading_every_session(store, ids, monkeypatch):
    cache = Assessments(store)
    cache.current()
    reads = []
    monkeypatch.setattr(store, "revisions", lambda: reads.append(1) or {})
    cache.current()
    assert reads == []


def test_changes_by_another_process_are_seen_at_the_next_look(store, ids, scored, isolated_data):
    cache = Assessments(store)
    before = by_id(cache.current())
    other = SessionStore(isolated_data)  # another workstation on the same database
    other.add_override(ids["text"], "satisfaction", True, "Question posée hors micro.", "Mme Durand")

    after = by_id(cache.current())
    assert (before[ids["text"]].score, after[ids["text"]].score) == (89, 100)
    assert after[ids["text"]].machine_score == 89
    assert after[ids["voice"]] is before[ids["voice"]] and after[ids["hostile"]] is before[ids["hostile"]]
    assert scored[3:] == [ids["text"]]

    # A trainee recording now: the session appears, then follows each event.
    calm = find_scenario("appel-calme")
    live = other.create(calm.context("Léa"), calm.rubric, "texte")
    assert by_id(cache.current())[live.id].info.status == "interrupted"
    other.append(live.id, 0, TraineeSaid(0.0, "Clinique Nest, Léa, bonjour."))
    recording = cache.one(live.id)
    assert [e.text for e in recording.transcript.events] == ["Clinique Nest, Léa, bonjour."]
    assert by_id(cache.current())[live.id] is recording
    assert scored[4:] == [live.id, live.id]


def test_an_edited_rubric_scores_every_session_again(rubrics, store, ids, scored):
    cache = Assessments(store)
    before = by_id(cache.current())
    standard = rubrics / "standard.yaml"
    text = standard.read_text(encoding="utf-8")
    # The greeting weighs 10 instead of 2: every session's score moves.
    standard.write_text(text.replace("    poids: 2\n", "    poids: 10\n", 1)
                        .replace("Message d'accueil : structure, prénom, bonjour", "Accueil au décroché"),
                        encoding="utf-8")

    after = by_id(cache.current())
    assert sorted(scored[3:]) == sorted(ids.values())
    assert before[ids["voice"]].score != after[ids["voice"]].score
    assert after[ids["voice"]].machine.result("greeting").criterion.label == "Accueil au décroché"
    assert cache.one(ids["voice"]) is after[ids["voice"]] and len(scored) == 6


def test_a_session_is_scored_on_demand_and_an_unknown_one_is_none(store, ids, scored):
    cache = Assessments(store)
    assert cache.one("20260101-090000-personne-0000") is None
    assert cache.one(ids["voice"]).score == 89 and scored == [ids["voice"]]
    cache.current()
    assert sorted(scored) == sorted(ids.values())  # the voice session was not scored twice


def test_many_stale_sessions_are_scored_in_the_background(store, ids, monkeypatch):
    monkeypatch.setattr(Assessments, "INLINE", 1)
    cache = Assessments(store)
    assert cache.current() is None  # three to score: more than a page waits for
    deadline = time.monotonic() + 30
    while cache.warming and time.monotonic() < deadline:
        time.sleep(0.02)
    assert cache.progress == Progress(3, 3)
    assert set(by_id(cache.current())) == set(ids.values())


def test_warm_reports_its_progress(store, ids):
    seen = []
    progress = Assessments(store).warm(lambda p: seen.append((p.done, p.total)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)] and progress == Progress(3, 3)
