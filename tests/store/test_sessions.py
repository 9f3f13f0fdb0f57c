import pytest

from simulator.errors import NotFoundError
from simulator.events import CallEnded, CallerSaid, MessageSlip, SlipFilled, TraineeSaid
from simulator.scoring import score_transcript
from simulator.store import SessionStore
from simulator.transcript.model import CallContext, CallerFacts


def context():
    return CallContext("Clinique Nest", "Clémence", "appel-calme", ("la clinique",),
                       CallerFacts("Jean Dupont", "06 12", "horaires", "radiologie"), ("message",))


def test_a_new_session_is_interrupted_until_finished(tmp_path, rubric, lexicon):
    store = SessionStore(tmp_path)
    info = store.create(context(), "standard", "texte", seed=7)
    assert info.status == "interrupted" and info.directory.is_dir()
    events = [TraineeSaid(0.0, "Clinique Nest, Clémence, bonjour"), CallerSaid(2.5, "Bonjour"),
              SlipFilled(9.0, MessageSlip("Dupont", "06 12", "horaires", "radiologie")), CallEnded(10.0, "stagiaire")]
    for seq, event in enumerate(events):
        store.append(info.id, seq, event)
    # Reopening the store (another process) sees every event already written.
    reopened = SessionStore(tmp_path)
    transcript = reopened.transcript(info.id)
    assert transcript.events == tuple(events)
    assert transcript.context == context()
    card = score_transcript(transcript, rubric, lexicon)
    reopened.finish(info.id, card)
    done = SessionStore(tmp_path).get(info.id)
    assert done.status == "completed" and done.score == card.score and done.ended_at


def test_list_newest_first_and_unknown_session(tmp_path):
    store = SessionStore(tmp_path)
    first = store.create(context(), "standard", "texte")
    second = store.create(context(), "standard", "texte")
    assert {s.id for s in store.list()} == {first.id, second.id}
    with pytest.raises(NotFoundError):
        store.get("nope")
    with pytest.raises(NotFoundError):
        store.transcript("nope")


def test_wal_mode_on_sqlite(tmp_path):
    store = SessionStore(tmp_path)
    with store.engine.connect() as db:
        assert db.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
