"""Each session's change counter (migration 0003): raised by every write, in the same transaction,
and seen by every other store on the same database."""

from alembic import command
from sqlalchemy import create_engine, insert

from simulator.scoring import score_transcript
from simulator.store import sessions as store_module
from simulator.transcript.dialogue import parse_dialogue

DIALOGUE = """\
# organisation: Clinique Nest
# stagiaire: Clémence
STAGIAIRE: Clinique Nest, Clémence, bonjour.
APPELANT: Bonjour, je voudrais un rendez-vous.
STAGIAIRE: Très bien, au revoir.
"""


def test_a_database_at_0002_gets_the_counter_at_zero(store_url, open_store):
    engine = create_engine(store_url)
    with engine.begin() as db:
        command.upgrade(store_module._alembic_config(db), "0002")
        db.execute(insert(store_module.sessions).values(
            id="20260101-090000-anne-0000", trainee="Anne", rubric_id="standard", mode="texte",
            started_at="2026-01-01T09:00:00+01:00", status="completed", score=80, context="{}"))
    engine.dispose()

    store = open_store()
    assert store.revisions() == {"20260101-090000-anne-0000": 0}
    assert store.revision("20260101-090000-anne-0000") == 0
    assert store.revision("inconnue") is None


def test_every_write_raises_the_counter_and_another_store_sees_it(open_store, rubric, lexicon):
    store, other = open_store(), open_store()
    transcript = parse_dialogue(DIALOGUE).transcript()
    info = store.create(transcript.context, rubric.id, "texte")
    untouched = store.create(transcript.context, rubric.id, "texte")
    assert other.revisions() == {info.id: 0, untouched.id: 0}

    for seq, event in enumerate(transcript.events):
        store.append(info.id, seq, event)
        assert other.revision(info.id) == seq + 1
    card = score_transcript(transcript, rubric, lexicon)
    store.finish(info.id, card)
    written = len(transcript.events) + 1
    assert other.revision(info.id) == written

    other.add_override(info.id, card.results[0].id, not card.results[0].passed, "Mal entendu", "Anne")
    assert store.revisions() == {info.id: written + 1, untouched.id: 0}
