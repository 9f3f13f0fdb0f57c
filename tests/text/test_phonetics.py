"""Matching on sound with the real espeak-ng phonemizer: names and formulas written as heard
pass, near misses (another name, another organisation) never do."""

import pytest

from simulator.text import phonetics
from simulator.text.matchers import Matcher, find_phrase
from simulator.text.normalize import accented, sounded

pytestmark = pytest.mark.skipif(not phonetics.available(), reason="espeak-ng absent (make install)")


@pytest.mark.parametrize(("expected", "heard", "words"), [
    ("Clinique Nest", "Clinique Neste, Clémence, bonjour", "clinique neste"),
    ("Paul", "Transports Lemoine, Pol, bonjour", "pol"),  # short names get a tolerance too
    ("Paul", "Transports Lemoine, Paule, bonjour", "paule"),
    ("Camille", "Clinique n'est, camie, bonjour.", "camie"),  # the final glide of « -ille » unheard
    ("bonne journée", "Au revoir, bonjourner.", "bonjourner"),
    ("Inès", "Cabinet vétérinaire, Inesse, bonjour", "inesse"),
    ("Mairie de Villeneuve", "Mairie de Vilneuve, Kevin, bonjour", "mairie de vilneuve"),
])
def test_words_written_as_heard_match_what_was_said(expected, heard, words):
    found = find_phrase(expected, heard, 85)
    assert found is not None and found.words == words
    assert found.approximation() == f"entendu « {words} » ≈ « {expected} »"


@pytest.mark.parametrize(("expected", "heard"), [
    ("Clémence", "Clinique Nest, Clément, bonjour"),
    ("Clinique Nest", "Clinique de l'Ouest, Clémence, bonjour"),
    ("Mairie de Villeneuve", "Mairie de Villeurbanne, Kevin, bonjour"),
    ("Lucas", "Transports Lemoine, Louis, bonjour"),
    ("Léa", "Mairie, Léo, bonjour"),
    ("Karim", "Aide à domicile, Karine, bonjour"),
    ("au revoir", "Bonne journée madame."),
    ("puis-je avoir votre nom", "puis-je avoir votre numéro"),
])
def test_near_misses_never_match(expected, heard):
    assert find_phrase(expected, heard, 85) is None


def test_exact_words_carry_no_approximation():
    found = find_phrase("Clinique Nest", "Clinique Nest, bonjour", 85)
    assert found.expected == "" and found.approximation() == ""


def test_sound_needs_a_fuzzy_threshold():
    # Without « flou » a phrase must be written as expected: sound does not widen it.
    assert find_phrase("Paul", "Pol, bonjour") is None
    assert Matcher("cloture", ("bonne journée",)).find("au revoir bonjourner") is None
    assert Matcher("cloture", ("bonne journée",), fuzzy=88).find("au revoir bonjourner").words == "bonjourner"


def test_accents_decide_how_a_word_sounds():
    assert accented("Inès à l'écoute, sœur") == {"ines": "inès", "a": "à", "ecoute": "écoute"}
    assert sounded("Inès à l'écoute") == ["inès", "à", "l", "écoute"]
    ines, ines_plain = phonetics.phonemes(["inès", "ines"])
    assert ines == ("i", "n", "e", "s") and ines_plain == ("i", "n")


def test_phonemes_are_folded_into_what_speakers_merge():
    clemence, clement = phonetics.phonemes(["clémence", "clément"])
    assert clemence[-1] == "s" and clement == clemence[:-1]
    assert phonetics.phonemes(["bonjourner"]) == [phonetics.phonemes(["bonne"])[0] + phonetics.phonemes(["journée"])[0]]


def test_longer_phrases_allow_one_phoneme_in_eight():
    assert phonetics.allowed_edits(("a",) * 7) == 0
    assert phonetics.allowed_edits(("a",) * 8) == 1
    assert phonetics.edits(tuple("klinikn"), tuple("klinikn")) == 0
    assert phonetics.edits(tuple("klemans"), tuple("kleman")) is None
    assert phonetics.edits(tuple("merivilnov"), tuple("meridvilnov")) == 1


def test_without_espeak_sound_matching_is_off(monkeypatch):
    monkeypatch.setattr(phonetics, "ESPEAK", "espeak-ng-absent")
    monkeypatch.setattr(phonetics, "_cache", {})
    assert phonetics.phonemes(["pol"]) is None
    assert find_phrase("Paul", "Pol, bonjour", 85) is None
    assert find_phrase("Clinique Nest", "clinique n'est, bonjour", 85) is not None  # spelling still works


def test_phrases_are_sounded_out_once_before_the_call(monkeypatch):
    """A voice session sounds out the scenario's phrases before the phone rings: during the call,
    one call to espeak-ng per new utterance at most (one per phrase took 2 s on the first turn)."""
    from simulator.scenario.loader import find_scenario
    from simulator.text.matchers import sound_out

    monkeypatch.setattr(phonetics, "_cache", dict(phonetics._ELIDED))
    calls = []
    real = phonetics._espeak
    monkeypatch.setattr(phonetics, "_espeak", lambda words: calls.append(len(words)) or real(words))
    intents = find_scenario("appel-calme").intents
    sound_out(intents.values())
    assert len(calls) == 1 and calls[0] > 100
    for matcher in intents.values():
        matcher.find("Merci madame Lefèvre, si je comprends bien vous souhaitez les horaires ?")
    assert len(calls) == 2  # the utterance's words, once
