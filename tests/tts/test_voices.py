"""Persona to voice: gender, rate and pitch, with or without MBROLA."""

from simulator.tts.pyttsx3_engine import VoiceInfo
from simulator.tts.voices import DEFAULT, PERSONAS, voice_for

WITH_MBROLA = [VoiceInfo("mb-fr4", "female", "fr-fr"), VoiceInfo("mb-fr1", "male", "fr-fr"),
               VoiceInfo("roa/fr", "male", "fr-fr"), VoiceInfo("roa/fr+f3", "female", "fr-fr")]
PLAIN = WITH_MBROLA[2:]


def test_personas_pick_mbrola_voices_of_their_gender():
    assert voice_for("calme", WITH_MBROLA).name == "mb-fr4"
    assert voice_for("impatient", WITH_MBROLA).name == "mb-fr1"
    assert voice_for("mecontent", WITH_MBROLA).name == "mb-fr4"


def test_without_mbrola_plain_espeak_voices_are_used():
    assert voice_for("calme", PLAIN).name == "roa/fr+f3"
    assert voice_for("impatient", PLAIN).name == "roa/fr"


def test_impatient_is_faster_and_dissatisfied_lower():
    calm, impatient, unhappy = (voice_for(p, WITH_MBROLA) for p in ("calme", "impatient", "mecontent"))
    assert impatient.rate > calm.rate
    assert unhappy.pitch < calm.pitch


def test_unknown_persona_speaks_as_default():
    voice = voice_for("inconnu", WITH_MBROLA)
    assert (voice.rate, voice.pitch) == (DEFAULT.rate, DEFAULT.pitch)
    assert voice_for(None, WITH_MBROLA) == voice
    assert set(PERSONAS) == {"calme", "impatient", "mecontent"}


def test_only_voices_of_the_other_gender_still_give_a_voice():
    assert voice_for("calme", [VoiceInfo("roa/fr", "male", "fr-fr")]).name == "roa/fr"


def test_a_scenario_can_give_its_caller_a_man_or_a_womans_voice():
    man = voice_for("calme", WITH_MBROLA, gender="homme")
    assert man.name == "mb-fr1" and man.rate == voice_for("calme", WITH_MBROLA).rate
    assert voice_for("impatient", PLAIN, gender="femme").name == "roa/fr+f3"
