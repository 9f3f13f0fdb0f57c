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
def calls(pulse_devices, tmp_path_factory) -> dict[str, tuple[dict, np.ndarray, list[str]]]:
    """The same good call on each line: its scorecard, the recording's caller channel, the trainee's turns."""
    cache = tmp_path_factory.mktemp("cache")
    found = {}
    for line in ("casque", "telephone"):
        data = tmp_path_factory.mktemp(line)
        env = {**os.environ, "ACCUEIL_DATA_DIR": str(data), "ACCUEIL_CACHE_DIR": str(cache), "COLUMNS": "100"}
        result = subprocess.run(
            [sys.executable, "-m", "simulator", "play", "appel-calme", "--trainee", "Camille", "--civilite", "madame",
             "--seed", "7", "--json", "--replies", str(REPLIES), "--output-device", pulse_devices.headset,
             "--ligne", line], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        card = json.loads(result.stdout)
        session = data / "sessions" / card["session"]
        with wave.open(str(session / "appel.wav")) as wav:
            stereo = np.frombuffer(wav.readframes(wav.getnframes()), "<i2").reshape(-1, 2)
        transcript = (session / "transcript.txt").read_text(encoding="utf-8").splitlines()
        found[line] = card, stereo[:, 0].astype(float), [t for t in transcript if "STAGIAIRE:" in t]
    return found


def above_band_db(caller: np.ndarray) -> float:
    """Energy above 3.6 kHz against the voice band's (300–3400 Hz), in dB."""
    spectrum = np.abs(np.fft.rfft(caller)) ** 2
    f = np.fft.rfftfreq(len(caller), 1 / 16000)
    return float(10 * np.log10(spectrum[f > 3600].sum() / spectrum[(f > 300) & (f < 3400)].sum()))


def test_a_call_down_the_telephone_line_scores_as_on_the_headset(calls):
    (headset, _, heard_on_headset), (telephone, _, heard_on_line) = calls["casque"], calls["telephone"]
    assert telephone["score"] == headset["score"] == 100
    assert {c["id"]: c["passed"] for c in telephone["criteria"]} == {c["id"]: c["passed"] for c in headset["criteria"]}
    # The trainee's side is not filtered: the recognizer hears the same replies, word for word.
    assert len(heard_on_line) >= 4
    assert [t.split("STAGIAIRE:")[1] for t in heard_on_line] == [t.split("STAGIAIRE:")[1] for t in heard_on_headset]


def test_the_recording_keeps_the_line_as_played(calls):
    assert above_band_db(calls["casque"][1]) > -30  # MBROLA's voice reaches well above 3.6 kHz...
    assert above_band_db(calls["telephone"][1]) < -50  # ...the telephone line does not
