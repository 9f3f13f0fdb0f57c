"""Persona prosody measured on real synthesized audio: rate as duration, pitch as F0, volume as
RMS; and questions that end higher than statements."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.audio.base import RATE, seconds
from simulator.tts.pyttsx3_engine import Pyttsx3Synthesizer, VoiceInfo, french_voices
from simulator.tts.voices import voice_for

LINE = "Bonjour madame, je voudrais connaître les horaires de la radiologie, s'il vous plaît."
FRENCH = {v.id: v for v in french_voices()}
# The persona's default voice when MBROLA is installed (fr4, a woman), else plain espeak-ng's.
VOICE = FRENCH.get("mb-fr4", FRENCH["roa/fr+f3"])


@pytest.fixture(scope="module")
def synthesizer():
    return Pyttsx3Synthesizer()


def samples(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, "<i2").astype(float)


def f0_track(x: np.ndarray, hop: float = 0.01, window: float = 0.04) -> np.ndarray:
    """F0 every `hop` seconds by autocorrelation; NaN where unvoiced or silent."""
    n, step = int(window * RATE), int(hop * RATE)
    low, high = RATE // 400, RATE // 60  # 60–400 Hz
    track = []
    for start in range(0, len(x) - n, step):
        frame = x[start:start + n] * np.hanning(n)
        if np.sqrt(np.mean(frame ** 2)) < 300:
            track.append(np.nan)
            continue
        correlation = np.fft.irfft(np.abs(np.fft.rfft(frame, 2 * n)) ** 2)[:n]
        lag = low + int(np.argmax(correlation[low:high]))
        track.append(RATE / lag if correlation[lag] > 0.4 * correlation[0] else np.nan)
    return np.array(track)


def persona(name: str):
    """The persona's prosody on one voice, so that only the prosody differs between personas."""
    return voice_for(name, [VoiceInfo(VOICE.id, "female", "fr-fr"), VoiceInfo(VOICE.id, "male", "fr-fr")])


def test_impatient_and_hurried_speak_faster_the_elderly_and_hesitant_slower(synthesizer):
    duration = {p: seconds(synthesizer.render(LINE, persona(p))) for p in ("calme", "impatient", "bavard", "hesitant")}
    assert duration["impatient"] / duration["calme"] < 0.85
    assert duration["bavard"] / duration["calme"] > 1.05 and duration["hesitant"] / duration["calme"] > 1.1


def test_impatient_speaks_higher_and_dissatisfied_lower(synthesizer):
    pitch = {p: np.nanmedian(f0_track(samples(synthesizer.render(LINE, persona(p)))))
             for p in ("calme", "impatient", "mecontent")}
    assert pitch["impatient"] / pitch["calme"] > 1.08
    assert pitch["mecontent"] / pitch["calme"] < 0.92


def test_aggressive_speaks_louder_and_hesitant_softer(synthesizer):
    def loudness(name: str) -> float:
        x = samples(synthesizer.render(LINE, persona(name)))
        voiced = x[np.abs(x) > 300]
        return float(np.sqrt(np.mean(voiced ** 2)))

    calm = loudness("calme")
    assert loudness("agressif") / calm > 1.12
    assert loudness("hesitant") / calm < 0.92


@pytest.mark.parametrize("voice", ["mb-fr4", "roa/fr+f3"])
def test_a_question_ends_higher_than_a_statement(synthesizer, voice):
    if voice not in FRENCH:
        pytest.skip(f"voix {voice} absente (apt-get install mbrola-fr4)")

    def ending(text: str) -> float:
        track = f0_track(samples(synthesizer.render(text, voice_for("calme", [FRENCH[voice]]))))
        last = np.flatnonzero(~np.isnan(track))[-1]
        return float(np.nanmean(track[last - 9:last + 1]))  # the last 100 ms of voice

    for words in ("Vous m'entendez", "Vous êtes ouverts samedi"):
        assert ending(words + " ?") > 1.1 * ending(words + ".")
