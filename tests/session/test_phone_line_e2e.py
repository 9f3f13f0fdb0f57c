"""`accueil play --ligne telephone` on the PulseAudio virtual headset, real engines end to end: the
caller comes down a telephone line, the recording keeps what was played, and the trainee (not
filtered) is understood and scored as on the headset."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

REPLIES = Path(__file__).resolve().parents[1] / "data" / "replies" / "appel-calme-bon"


@pytest.fixture(scope="module")
def telephone(pulse_devices, tmp_path_factory, voice_cache) -> tuple[dict, np.ndarray, list[str]]:
    """The demonstration's good call, down the telephone line: its scorecard, the recording's caller
    channel, the trainee's turns. On the headset the same call scores 100 (`make demo`)."""
    data = tmp_path_factory.mktemp("telephone")
    env = {**os.environ, "ACCUEIL_DATA_DIR": str(data), "ACCUEIL_CACHE_DIR": str(voice_cache),
           "COLUMNS": "100"}
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "play", "appel-calme", "--trainee", "Camille", "--civilite", "madame",
         "--seed", "7", "--json", "--replies", str(REPLIES), "--output-device", pulse_devices.headset,
         "--ligne", "telephone"], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    card = json.loads(result.stdout)
    session = data / "sessions" / card["session"]
    with wave.open(str(session / "appel.wav")) as wav:
        stereo = np.frombuffer(wav.readframes(wav.getnframes()), "<i2").reshape(-1, 2)
    transcript = (session / "transcript.txt").read_text(encoding="utf-8").splitlines()
    return card, stereo[:, 0].astype(float), [t for t in transcript if "STAGIAIRE:" in t]


def above_band_db(caller: np.ndarray) -> float:
    """Energy above 3.6 kHz against the voice band's (300–3400 Hz), in dB."""
    spectrum = np.abs(np.fft.rfft(caller)) ** 2
    f = np.fft.rfftfreq(len(caller), 1 / 16000)
    return float(10 * np.log10(spectrum[f > 3600].sum() / spectrum[(f > 300) & (f < 3400)].sum()))


def test_a_call_down_the_telephone_line_scores_as_on_the_headset(telephone):
    card, _, heard = telephone
    assert card["score"] == 100 and all(c["passed"] in (True, None) for c in card["criteria"]), card
    # The trainee's side is not filtered: every reply is understood (its key words are there).
    said = " ".join(t.split("STAGIAIRE:")[1].lower() for t in heard)
    assert len(heard) >= 4 and all(w in said for w in ("clinique", "camille", "radiologie", "revoir")), heard


def test_the_recording_keeps_the_line_as_played(telephone):
    from simulator.tts.pyttsx3_engine import Pyttsx3Synthesizer
    from simulator.tts.voices import voice_for

    said = Pyttsx3Synthesizer().render("Bonjour madame, je voudrais connaître les horaires de la radiologie.",
                                       voice_for("calme", gender="femme"))
    line = np.frombuffer(said, "<i2").astype(float)
    assert above_band_db(line) > -30  # MBROLA's voice, as the headset plays it, reaches well above 3.6 kHz...
    assert above_band_db(telephone[1]) < -50  # ...the telephone line does not
