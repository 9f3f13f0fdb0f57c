import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.errors import AccueilError, InputError, NotFoundError
from simulator.events import CallEnded, CallerSaid, MessageSlip, SlipFilled, TraineeSaid
from simulator.scoring import score_transcript
from simulator.store import SessionStore
from simulator.transcript.model import CallContext, CallerFacts
from stored import created


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


def test_a_session_is_found_by_the_unique_start_of_its_id(open_store, monkeypatch):
    store = open_store()
    created(store, monkeypatch, ["20261123-100000-anne-aaaa", "20261123-100000-anne-abbb", "20261123-110000-bob_-cccc"])
    assert store.resolve("20261123-100000-anne-aaaa") == "20261123-100000-anne-aaaa"
    assert store.resolve("20261123-100000-anne-ab") == "20261123-100000-anne-abbb"
    assert store.resolve("20261123-11") == "20261123-110000-bob_-cccc"
    with pytest.raises(InputError) as several:
        store.resolve("20261123-100000-anne-a")
    assert "plusieurs séances" in several.value.message
    assert "20261123-100000-anne-aaaa" in several.value.message and "20261123-100000-anne-abbb" in several.value.message
    # % and _ are plain characters, not LIKE's wildcards
    for pattern in ("%", "20261123-100000-anne-_bbb", "20261123-1_0000", "20261123%bob"):
        with pytest.raises(NotFoundError, match="introuvable"):
            store.resolve(pattern)
    assert store.resolve("20261123-110000-bob_") == "20261123-110000-bob_-cccc"
    with pytest.raises(InputError, match="vide"):
        store.resolve("  ")


def test_a_prefix_of_many_sessions_names_a_few(open_store, monkeypatch):
    store = open_store()
    ids = created(store, monkeypatch, [f"20261123-1000{n:02d}-anne-{n:04x}" for n in range(8)])
    with pytest.raises(InputError) as several:
        store.resolve("20261123")
    named = [i for i in ids if i in several.value.message]
    assert named == ids[-5:] and several.value.message.count("…") == 1  # the newest five, then « … »


def test_list_filters_by_trainee_scenario_and_limit(open_store, monkeypatch):
    store = open_store()
    ids = created(store, monkeypatch, ["20261123-100000-clemence-0001", "20261123-100001-clemence-0002"])
    ids += created(store, monkeypatch, ["20261123-100002-clement-0003"], trainee="Clément", scenario="transfert", second=2)
    assert [s.id for s in store.list()] == ids[::-1]
    assert [s.id for s in store.list(trainee=" CLEMENCE ")] == ids[1::-1]
    assert store.list(trainee="Clem") == []  # a whole name, not a start
    assert [s.id for s in store.list(scenario="transfert")] == ids[2:]
    assert [s.id for s in store.list(trainee="clément", scenario="appel-calme")] == []
    assert [s.id for s in store.list(limit=2)] == ids[:0:-1]
    assert store.count() == 3 and store.count(trainee="clémence") == 2 and store.count(scenario="nope") == 0
