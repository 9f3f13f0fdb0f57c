"""Trainees' groups and the competency levels trainers set by hand, on SQLite and PostgreSQL:
one group per trainee, levels added only (history kept, the latest per trainee and code counts)."""

import pytest

from simulator.errors import InputError
from simulator.store import ManualLevel


def reopened(store):
    """The same database opened again, as another workstation would."""
    return store.__class__(store.data_dir, url=store.url.render_as_string(hide_password=False))


def test_a_trainee_is_in_one_group_at_most(open_store):
    store = open_store()
    assert store.memberships() == {}
    store.set_group("Clémence", "BTS  1")
    store.set_group("Bruno", "BTS 2")
    store.set_group("clemence", "BTS 2")  # the same trainee, whatever the case and accents typed
    groups = reopened(store).memberships()
    assert {key: (m.trainee, m.group) for key, m in groups.items()} == {"clemence": ("clemence", "BTS 2"),
                                                                         "bruno": ("Bruno", "BTS 2")}
    assert groups["bruno"].at.endswith("+00:00")
    store.set_group("Clémence", None)
    assert set(store.memberships()) == {"bruno"}
    store.set_group("Personne", None)  # out of no group: nothing to do


def test_the_group_of_a_trainee_never_makes_their_profile(open_store):
    """The civility is asked at the first call of a trainee the store does not know: a group set
    before that call must not count as knowing them."""
    store = open_store()
    store.set_group("Clémence", "BTS 1")
    assert not store.knows("Clémence")


@pytest.mark.parametrize(("trainee", "group", "message"), [
    ("Clémence", "  ", "nom de groupe vide"), ("  ", "BTS 1", "prénom du stagiaire vide"),
    ("Clémence", "x" * 201, "nom de groupe trop long")])
def test_an_empty_group_or_name_is_refused(open_store, trainee, group, message):
    with pytest.raises(InputError, match=message):
        open_store().set_group(trainee, group)


def test_the_latest_manual_level_counts_and_the_history_stays(open_store):
    store = open_store()
    first = store.set_level("Clémence", "C221.1", "en-cours", "Hésite encore", "Anne")
    second = store.set_level("clemence", "C221.1", "acquis", "Vu en stage", "Bruno")
    other = store.set_level("Clémence", "T22.1", "non-acquis", "À reprendre", "Anne")
    elsewhere = store.set_level("Bruno", "C221.1", "acquis", "Vu en stage", "Anne")
    assert second == ManualLevel("clemence", "C221.1", "acquis", "Vu en stage", "Bruno", second.at)
    assert second.at.endswith("+00:00")

    assert reopened(store).manual_levels() == [elsewhere, second, other]
    assert store.level_history("CLÉMENCE", "C221.1") == [first, second]
    assert store.level_history("Clémence") == [first, second, other]

    back = store.set_level("Clémence", "C221.1", None, "Revu après l'examen", "Anne")  # back to the computed level
    assert store.manual_levels() == [elsewhere, back, other]
    assert store.level_history("Clémence", "C221.1") == [first, second, back]


@pytest.mark.parametrize(("comment", "author", "message"), [
    ("Vu en stage", "  ", "auteur du niveau manquant"), ("", "Anne", "commentaire manquant")])
def test_a_manual_level_says_who_and_why(open_store, comment, author, message):
    store = open_store()
    with pytest.raises(InputError, match=message):
        store.set_level("Clémence", "C221.1", "acquis", comment, author)
    assert store.manual_levels() == []
