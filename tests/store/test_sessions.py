import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.errors import AccueilError, InputError, NotFoundError
from simulator.events import CallEnded, CallerSaid, MessageSlip, SlipFilled, TraineeSaid
from simulator.scoring import score_transcript
from simulator.store import SessionStore
from simulator.transcript.model import CallContext, CallerFacts


def context():
    return CallContext("Clinique Nest", "Clémence", "appel-calme", ("la clinique",),
                       CallerFacts("Jean Dupont", "06 12", "horaires", "radiologie"), ("message",))


def test_a_new_session_is_interrupted_until_finished(open_store, rubric, lexicon):
    store = open_store()
    info = store.create(context(), "standard", "texte", seed=7)
    assert info.status == "interrupted" and info.directory.is_dir()
    events = [TraineeSaid(0.0, "Clinique Nest, Clémence, bonjour"), CallerSaid(2.5, "Bonjour"),
              SlipFilled(9.0, MessageSlip("Dupont", "06 12", "horaires", "radiologie")), CallEnded(10.0, "stagiaire")]
    for seq, event in enumerate(events):
        store.append(info.id, seq, event)
    # Reopening the store (another process) sees every event already written.
    reopened = open_store()
    transcript = reopened.transcript(info.id)
    assert transcript.events == tuple(events)
    assert transcript.context == context()
    card = score_transcript(transcript, rubric, lexicon)
    reopened.finish(info.id, card)
    done = open_store().get(info.id)
    assert done.status == "completed" and done.score == card.score and done.ended_at


def test_list_newest_first_and_unknown_session(open_store):
    store = open_store()
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


def test_the_database_stores_no_path(open_store, tmp_path):
    """Workstations mount the shared data folder anywhere: a session's folder derives from its id."""
    store = open_store()
    info = store.create(context(), "standard", "texte")
    assert info.directory == tmp_path / "sessions" / info.id
    with store.engine.connect() as db:
        row = db.exec_driver_sql("SELECT * FROM sessions").one()
    assert not any(str(tmp_path) in str(value) for value in row)


def test_database_url_from_the_environment(tmp_path, monkeypatch):
    assert SessionStore(tmp_path).url.database == str(tmp_path / "accueil.db")
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", f"sqlite:///{tmp_path / 'ailleurs.db'}")
    assert SessionStore(tmp_path).url.database == str(tmp_path / "ailleurs.db")


@pytest.mark.parametrize("url", ["postgresql://u:secret@127.0.0.1:1/accueil", "postgres://u:secret@127.0.0.1:1/accueil",
                                 "postgresql+psycopg://u:secret@127.0.0.1:1/accueil"])
def test_unreachable_server_is_a_french_error(tmp_path, url):
    with pytest.raises(AccueilError) as error:
        SessionStore(tmp_path, url=url)
    message = error.value.message
    assert message.startswith("connexion à la base de données impossible (postgresql+psycopg://u:***@127.0.0.1:1")
    assert "secret" not in message


@pytest.mark.parametrize("url", ["pas une adresse", "mysql://u@serveur/base", "postgresql+psycopg2://u@h/base"])
def test_invalid_url_is_an_input_error(tmp_path, url):
    with pytest.raises(InputError):
        SessionStore(tmp_path, url=url)


def test_cli_reports_an_unreachable_server_without_traceback(monkeypatch):
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", "postgresql://u:secret@127.0.0.1:1/accueil")
    result = CliRunner().invoke(cli, ["sessions"])
    assert result.exit_code == 2
    assert "Erreur : connexion à la base de données impossible" in result.output
    assert "Traceback" not in result.output and "secret" not in result.output


def test_two_sessions_drawing_the_same_id_get_different_ones(open_store, monkeypatch):
    # Two sessions of one trainee in the same second can draw the same 4-hex suffix.
    drawn = iter(["20261123-100000-camille-aaaa", "20261123-100000-camille-aaaa", "20261123-100000-camille-bbbb"])
    monkeypatch.setattr(SessionStore, "new_session_id", staticmethod(lambda trainee: next(drawn)))
    store, context = open_store(), CallContext("Clinique Nest", "Camille", "appel-calme")
    first = store.create(context, "standard", "texte")
    second = store.create(context, "standard", "texte")
    assert (first.id, second.id) == ("20261123-100000-camille-aaaa", "20261123-100000-camille-bbbb")
    assert {s.id for s in store.list()} == {first.id, second.id}
