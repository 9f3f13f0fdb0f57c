"""« Indicateurs de voix » of a whole headset session on the real stack: a real `accueil play` on the
PulseAudio virtual devices, the bundled replies said into the virtual microphone once the caller
has finished (test_voice_e2e.py's good call), the indicators measured on the session's recording."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import test_voice_e2e

from simulator.session.delivery import INDICATORS


# The same good call as test_voice_e2e.py, played once in this module.
cache_dir, headset_call = test_voice_e2e.cache_dir, test_voice_e2e.headset_call


@pytest.fixture(scope="module")
def played(headset_call):
    result, data_dir, _ = headset_call
    return result, data_dir


def test_the_call_ends_with_plausible_indicators(played):
    result, _ = played
    indicators = result["indicateurs"]
    assert indicators["source"] == "enregistrement"
    call = indicators["appel"]
    # The replies are MBROLA French at an ordinary pace, played at a normal level.
    assert 2.0 <= call["syllabes_par_seconde"] <= 8.0, indicators
    assert -40.0 <= call["niveau_dbfs"] <= -5.0, indicators
    assert 60 <= call["mots_par_minute"] <= 400, indicators
    # The simulated trainee waits until the caller has been quiet 0.8 s: an answer, never an overlap.
    assert 0.3 <= call["delai_reponse"] <= 4.0, indicators
    assert call["chevauchements"] == 0, indicators
    turns = indicators["repliques"]
    assert len(turns) >= 4 and all(t["syllabes"] > 0 and t["mots"] > 0 for t in turns), turns
    assert all(t["duree_parlee"] > 0.3 for t in turns), turns  # each turn's voice is where its times say


def test_the_indicators_are_kept_beside_the_recording_and_shown_again(played):
    result, data_dir = played
    directory = data_dir / "sessions" / result["session"]
    kept = json.loads((directory / INDICATORS).read_text(encoding="utf-8"))
    assert kept["appel"] == result["indicateurs"]["appel"]
    shown = json.loads(subprocess.run(
        [sys.executable, "-m", "simulator", "show", result["session"], "--json"], capture_output=True, text=True,
        env={**os.environ, "ACCUEIL_DATA_DIR": str(data_dir)}, check=True).stdout)
    assert shown["indicateurs"] == result["indicateurs"]
