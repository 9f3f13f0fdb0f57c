"""The outbox in the store (SQLite and PostgreSQL): each statement queued once, kept until the
learning record store has it; a store that does not answer leaves everything queued."""

from __future__ import annotations

import json
import socket

from sessions import TEXT_CALL, VOICE_CALL, record

from simulator.scenario.loader import find_scenario
from simulator.xapi.config import XapiSettings
from simulator.xapi.outbox import after_session, catch_up, enqueue_review, enqueue_session, flush
from simulator.xapi.statements import Names

NAMES = Names(XapiSettings())


def closed_port_url() -> str:
    """An LRS address where nothing answers: a port just freed."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/xAPI"


def play(store, dialogue: str = TEXT_CALL, trainee: str = "Camille") -> str:
    return record(store, find_scenario("appel-calme").context(trainee), dialogue)


def test_each_statement_is_queued_once_and_kept_until_sent(open_store):
    store = open_store()
    session = play(store)
    queued = enqueue_session(store, session, NAMES)
    assert queued >= 4 and enqueue_session(store, session, NAMES) == 0
    waiting = store.pending()
    assert len(waiting) == queued and {o.session_id for o in waiting} == {session}
    assert json.loads(waiting[0].statement)["verb"]["id"].endswith("attempted")

    store.record_attempt([o.id for o in waiting[:2]])
    store.record_attempt([waiting[2].id], "LRS injoignable")
    again = open_store()  # as the next process sees it
    assert again.outbox_counts() == (2, queued - 2)
    assert [(o.id, o.attempts) for o in again.pending()][:1] == [(waiting[2].id, 1)]
    assert enqueue_session(again, session, NAMES) == 0  # sent or not, never queued again


def test_a_review_adds_its_own_statement(open_store):
    store = open_store()
    session = play(store)
    enqueue_session(store, session, NAMES)
    override = store.add_override(session, "satisfaction", True, "Question posée hors micro.", "Mme Durand")
    assert enqueue_review(store, override, NAMES) == 1 and enqueue_review(store, override, NAMES) == 0
    review = json.loads(store.pending()[-1].statement)
    assert review["actor"]["name"] == "Mme Durand" and review["object"]["objectType"] == "StatementRef"


def test_catching_up_queues_what_was_never_queued(open_store):
    store = open_store()
    first, second = play(store), play(store, VOICE_CALL, "Léa")
    enqueue_session(store, first, NAMES)
    store.add_override(first, "satisfaction", True, "Vu en classe.", "Mme Durand")  # made while no LRS was set
    unfinished = store.create(find_scenario("appel-calme").context("Noé"), "standard", "texte").id
    before = store.outbox_counts()[1]
    added = catch_up(store, NAMES)
    sessions = {o.session_id for o in store.pending()}
    assert added > 1 and store.outbox_counts()[1] == before + added
    assert second in sessions and unfinished not in sessions
    assert catch_up(store, NAMES) == 0


def test_a_store_that_does_not_answer_leaves_everything_queued(open_store):
    store = open_store()
    session = play(store)
    queued = enqueue_session(store, session, NAMES)
    result = flush(store, XapiSettings(lrs_url=closed_port_url()))
    assert (result.sent, result.pending) == (0, queued) and result.stopped.startswith("LRS injoignable (http://127.0.0.1:")
    assert store.outbox_counts() == (0, queued)
    assert [o.attempts for o in store.pending()][:2] == [1, 0]  # the one it stopped at


def test_after_a_call_nothing_is_queued_without_an_lrs(open_store):
    store = open_store()
    assert after_session(store, play(store)) is None
    assert store.outbox_counts() == (0, 0)


def test_after_a_call_an_lrs_down_is_a_french_notice_and_the_statements_wait(open_store, monkeypatch):
    monkeypatch.setenv("ACCUEIL_LRS_URL", closed_port_url())
    store = open_store()
    session = play(store)
    said = after_session(store, session)
    waiting = store.outbox_counts()[1]
    assert waiting >= 4
    assert said.startswith(f"xAPI : 0 déclaration envoyée au LRS, {waiting} en attente. LRS injoignable")
    assert said.endswith("elles partiront au prochain envoi (fin d'appel, révision ou accueil xapi envoyer).")


def test_after_a_call_a_wrong_setting_is_a_notice_not_a_failure(open_store, monkeypatch):
    monkeypatch.setenv("ACCUEIL_LRS_URL", "lrs.local")
    store = open_store()
    said = after_session(store, play(store))
    assert said.startswith("xAPI : envoi au LRS impossible (ACCUEIL_LRS_URL invalide") and \
        said.endswith("la séance est enregistrée.")
