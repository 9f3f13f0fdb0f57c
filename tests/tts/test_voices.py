"""Persona to voice: gender, rate and pitch, with or without MBROLA."""

import json
from importlib.resources import files

from simulator.tts.base import Voice
from simulator.tts.pyttsx3_engine import VoiceInfo
from simulator.tts.voices import BASIC_VOICE_WARNING, DEFAULT, PERSONAS, basic_voice_warning, voice_for

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


def test_every_persona_of_the_schema_has_its_prosody():
    personas = json.loads((files("simulator.schemas") / "scenario.schema.json").read_text())["properties"]["persona"]["enum"]
    assert set(PERSONAS) == set(personas)


def test_persona_prosody_follows_the_characters():
    calm = PERSONAS["calme"]
    assert PERSONAS["impatient"].rate > calm.rate and PERSONAS["impatient"].pitch > calm.pitch
    assert PERSONAS["presse"].rate > calm.rate
    assert PERSONAS["agressif"].volume == max(p.volume for p in PERSONAS.values()) > calm.volume
    assert PERSONAS["mecontent"].pitch < calm.pitch
    for slow in ("bavard", "hesitant", "confus"):  # the elderly talker, the hesitant, the lost
        assert PERSONAS[slow].rate < calm.rate, slow
    assert PERSONAS["hesitant"].volume < calm.volume
    assert all(p.volume <= 85 for p in PERSONAS.values())  # MBROLA's mb-fr4 saturates above


def test_a_scenario_overrides_its_personas_rate_pitch_and_volume():
    voice = voice_for("impatient", WITH_MBROLA, settings={"debit": 120, "volume": 50})
    assert (voice.name, voice.rate, voice.pitch, voice.volume) == ("mb-fr1", 120, PERSONAS["impatient"].pitch, 50)
    assert voice_for("impatient", WITH_MBROLA, settings={"hauteur": 20}).pitch == 20


def test_plain_espeak_is_warned_of_mbrola_is_not():
    engine = "pyttsx3-espeak-v2"
    assert basic_voice_warning(voice_for("calme", PLAIN), engine) == BASIC_VOICE_WARNING
    assert "mbrola-fr1 et mbrola-fr4" in BASIC_VOICE_WARNING and "make install" in BASIC_VOICE_WARNING
    assert basic_voice_warning(voice_for("calme", WITH_MBROLA), engine) is None
    assert basic_voice_warning(Voice("Microsoft Hortense", 160), "pyttsx3-sapi5-v2") is None  # the platform's own


def test_only_voices_of_the_other_gender_still_give_a_voice():
    assert voice_for("calme", [VoiceInfo("roa/fr", "male", "fr-fr")]).name == "roa/fr"


def test_a_scenario_can_give_its_caller_a_man_or_a_womans_voice():
    man = voice_for("calme", WITH_MBROLA, gender="homme")
    assert man.name == "mb-fr1" and man.rate == voice_for("calme", WITH_MBROLA).rate
    assert voice_for("impatient", PLAIN, gender="femme").name == "roa/fr+f3"
