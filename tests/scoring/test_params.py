"""Criterion settings are typed (simulator.scoring.rubric.Params): the rubric's `parametres` with
their YAML names, every default in one place."""

from __future__ import annotations

from simulator.scoring import find_rubric
from simulator.scoring.rubric import Params
from simulator.text.matchers import FUZZY


def test_defaults_hold_where_the_rubric_says_nothing():
    assert Params() == Params(fuzzy=FUZZY, shared_words=2, ignored_words=(), longest_hold=30.0, turns_before=2)
    assert Params.from_yaml({}) == Params()


def test_the_yaml_names_fill_the_typed_fields():
    params = Params.from_yaml({"seuil_flou": 90, "mots_communs": 3, "mots_ignores": ["bonjour", "merci"],
                               "duree_max": 45, "tours_avant": 1, "chevauchement_max": 0.5})
    assert params == Params(fuzzy=90, shared_words=3, ignored_words=("bonjour", "merci"), longest_hold=45,
                            turns_before=1, longest_overlap=0.5)
    assert set(Params.YAML.values()) == {"fuzzy", "shared_words", "ignored_words", "longest_hold", "turns_before",
                                         "longest_overlap", "slowest_rate", "fastest_rate", "longest_gap",
                                         "share_outside"}


def test_the_standard_rubric_is_loaded_typed():
    rubric = find_rubric("standard")
    assert rubric.criterion("greeting").params.fuzzy == 85
    rephrasing = rubric.criterion("rephrasing").params
    assert rephrasing.shared_words == 2 and "bonjour" in rephrasing.ignored_words
    assert isinstance(rephrasing.ignored_words, tuple)
    assert rubric.criterion("hold").params.longest_hold == 30
    assert rubric.criterion("transfer").params.turns_before == 2
    assert rubric.criterion("listening").params.longest_overlap == 1.0
