"""The real engine: pyttsx3 driving espeak-ng (always installed), MBROLA voices when present."""

import numpy as np
import pytest

from simulator.audio.base import RATE, seconds
from simulator.tts.base import Voice
from simulator.tts.pyttsx3_engine import Pyttsx3Synthesizer, SpeechSynthesisError, french_voices
from simulator.tts.voices import voice_for

LINE = "Bonjour madame, je voudrais connaître les horaires de la radiologie, s'il vous plaît."
MBROLA = {v.id for v in french_voices() if v.id.startswith("mb-")}


@pytest.fixture(scope="module")
def synthesizer():
    return Pyttsx3Synthesizer()


def rms(pcm: bytes) -> float:
    samples = np.frombuffer(pcm, dtype="<i2").astype(float)
    return float(np.sqrt(np.mean(samples**2)))


def assert_speech(pcm: bytes, words: int):
    assert len(pcm) % 2 == 0
    assert 0.15 * words < seconds(pcm) < 0.6 * words + 1.5  # 100 to 400 words per minute, give or take
    assert rms(pcm) > 500  # not silence


@pytest.mark.parametrize("name", ["fr", "fr-fr", "roa/fr+f3"])
def test_plain_espeak_renders_french_speech(synthesizer, name):
    assert_speech(synthesizer.render(LINE, Voice(name, 160)), len(LINE.split()))


@pytest.mark.parametrize("name", ["mb-fr1", "mb-fr4"])  # 16 kHz and 22 050 Hz databases
def test_mbrola_renders_french_speech_at_its_true_rate(synthesizer, name):
    if name not in MBROLA:
        pytest.skip(f"MBROLA {name} absent (apt-get install mbrola-{name[3:]})")
    pcm = synthesizer.render(LINE, Voice(name, 160))
    assert_speech(pcm, len(LINE.split()))
    # Same rate, same text: MBROLA and plain espeak-ng last about as long once decoded at the right rate.
    plain = synthesizer.render(LINE, Voice("fr", 160))
    assert 0.7 < seconds(pcm) / seconds(plain) < 1.3


def test_rate_and_pitch_apply_on_every_render(synthesizer):
    # espeak-ng queues settings; pyttsx3 used to drop them: alternate settings and check each one.
    slow, fast = Voice("fr", 140), Voice("fr", 260)
    durations = [seconds(synthesizer.render(LINE, v)) for v in (slow, fast, slow, fast)]
    assert durations[0] > 1.4 * durations[1] and durations[2] > 1.4 * durations[3]
    assert abs(durations[0] - durations[2]) < 0.1
    assert synthesizer.render(LINE, Voice("fr", 160, 20)) != synthesizer.render(LINE, Voice("fr", 160, 80))


def test_impatient_speaks_faster_than_calm(synthesizer):
    calm, impatient = voice_for("calme"), voice_for("impatient")
    assert seconds(synthesizer.render(LINE, impatient)) < 0.85 * seconds(synthesizer.render(LINE, calm))


def test_empty_text_is_silence(synthesizer):
    assert synthesizer.render("  ", Voice("fr", 160)) == b""


def test_unknown_voice_is_a_french_error(synthesizer):
    with pytest.raises(SpeechSynthesisError, match="voix de synthèse « zz-inconnue » inutilisable"):
        synthesizer.render(LINE, Voice("zz-inconnue", 160))
    assert_speech(synthesizer.render(LINE, Voice("fr", 160)), len(LINE.split()))  # still usable


def test_french_voices_work_without_mbrola_and_prefer_it_when_present():
    voices = french_voices()
    ids = [v.id for v in voices]
    assert "roa/fr" in ids and "roa/fr+f3" in ids
    assert {v.gender for v in voices} >= {"male", "female"}
    if MBROLA:
        assert ids[0].startswith("mb-")
    assert RATE == 16000
