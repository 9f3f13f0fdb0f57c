"""Trainers' overrides: stored beside the machine's verdicts, history kept, the latest counts."""

import pytest

from simulator.errors import InputError, NotFoundError
from simulator.scoring import score_transcript
from simulator.scoring.review import agreement, reviewed
from simulator.transcript.dialogue import parse_dialogue

DIALOGUE = """\
# organisation: Clinique Nest
# stagiaire: Clémence
STAGIAIRE: Clinique Nest, Clémence, bonjour.
APPELANT: Bonjour, je voudrais un rendez-vous.
STAGIAIRE: Très bien, au revoir.
"""


@pytest.fixture
def scored(open_store, rubric, lexicon):
    """A store with one finished session; returns (store, session id, scorecard)."""
    store = open_store()
    transcript = parse_dialogue(DIALOGUE).transcript()
    info = store.create(transcript.context, rubric.id, "texte")
    for seq, event in enumerate(transcript.events):
        store.append(info.id, seq, event)
    card = score_transcript(transcript, rubric, lexicon)
    store.finish(info.id, card)
    return store, info.id, card


def test_results_are_the_stored_machine_verdicts(scored):
    store, session_id, card = scored
    stored = {r["criterion"]: r for r in store.results(session_id)}
    assert set(stored) == {r.id for r in card.results}
    for r in card.results:
        assert stored[r.id]["applicable"] == r.applicable
        assert stored[r.id]["passed"] == (r.passed if r.applicable else None)
        assert stored[r.id]["evidence"] == [e.as_dict() for e in r.evidence]


def test_the_latest_override_counts_and_the_history_stays(scored):
    store, session_id, card = scored
    criterion = card.results[0]
    first = store.add_override(session_id, criterion.id, not criterion.passed, "Mal entendu", "Anne")
    assert first.machine_passed == criterion.passed and first.at.endswith("+00:00")
    second = store.add_override(session_id, criterion.id, criterion.passed, "Après réécoute", "Bruno")
    other = store.add_override(session_id, card.results[1].id, True, "", "Anne")

    assert store.overrides(session_id) == {criterion.id: second, other.criterion_id: other}
    assert store.override_history(session_id) == [first, second, other]
    assert store.all_overrides() == sorted([second, other], key=lambda o: o.criterion_id)
    # A reopened store (another workstation) reads the same review.
    assert store.__class__(store.data_dir, url=store.url.render_as_string(hide_password=False)) \
        .overrides(session_id)[criterion.id].author == "Bruno"

    card_reviewed, rows = reviewed(card, store.overrides(session_id))
    assert card_reviewed.result(other.criterion_id).passed is True
    assert [a.reviewed for a in agreement(store.all_overrides())] == [1, 1]


def test_machine_verdict_sans_objet_is_kept_as_none(scored):
    store, session_id, card = scored
    not_applicable = next(r for r in card.results if not r.applicable)
    override = store.add_override(session_id, not_applicable.id, True, "Il fallait le faire", "Anne")
    assert override.machine_passed is None
    assert store.overrides(session_id)[not_applicable.id].machine_passed is None


def test_overrides_of_several_sessions_stay_apart(scored, rubric, lexicon):
    store, session_id, card = scored
    transcript = parse_dialogue(DIALOGUE).transcript()
    other = store.create(transcript.context, rubric.id, "texte")
    store.finish(other.id, score_transcript(transcript, rubric, lexicon))
    criterion = card.results[0].id
    store.add_override(session_id, criterion, True, "", "Anne")
    store.add_override(other.id, criterion, False, "", "Anne")
    assert [(o.session_id, o.passed) for o in store.all_overrides()] == sorted([(session_id, True), (other.id, False)])
    assert list(store.overrides(other.id)) == [criterion]


def test_bad_overrides_are_french_errors(scored, rubric):
    store, session_id, card = scored
    with pytest.raises(NotFoundError, match="séance « nope » introuvable"):
        store.add_override("nope", card.results[0].id, True, "", "Anne")
    with pytest.raises(InputError, match="critère « inconnu » inconnu pour la séance"):
        store.add_override(session_id, "inconnu", True, "", "Anne")
    with pytest.raises(InputError, match="auteur de la révision manquant"):
        store.add_override(session_id, card.results[0].id, True, "", "  ")
    cut_short = store.create(parse_dialogue(DIALOGUE).transcript().context, rubric.id, "texte")
    with pytest.raises(InputError, match="n'a pas de grille enregistrée"):
        store.add_override(cut_short.id, card.results[0].id, True, "", "Anne")
    for read in (store.overrides, store.override_history, store.results):
        with pytest.raises(NotFoundError):
            read("nope")
    assert store.override_history(session_id) == [] and store.all_overrides() == []
