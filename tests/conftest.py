from __future__ import annotations

import signal

import pytest
from pulse import pulse_devices  # noqa: F401 - virtual sound devices, for the end-to-end audio tests

from simulator.scenario.loader import shared_lexicon
from simulator.scoring import find_rubric
from simulator.transcript.dialogue import parse_dialogue


# Ctrl-C as a trainee presses it: a suite started in the background (`cmd &` in a script) gets
# SIGINT ignored, and so would every `accueil` it starts; the Ctrl-C tests need it delivered.
signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def isolated_data(tmp_path, monkeypatch):
    """Every test records its sessions in its own folder, never in the user's data."""
    monkeypatch.setenv("ACCUEIL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ACCUEIL_DATABASE_URL", raising=False)  # nor in a shared database
    return tmp_path / "data"


@pytest.fixture(scope="session")
def voice_cache(tmp_path_factory):
    """One cache (the assembled Whisper model, the caller's rendered lines) for the end-to-end calls
    of the whole run, as one machine keeps one: each scenario's voice is rendered once (5 s)."""
    return tmp_path_factory.mktemp("cache-commun")


@pytest.fixture(scope="session")
def lexicon():
    return shared_lexicon()


@pytest.fixture(scope="session")
def rubric():
    return find_rubric("standard")


@pytest.fixture
def score(lexicon, rubric):
    """Score a dialogue given as text; returns the scorecard."""
    from simulator.scoring import score_transcript

    def run(text: str):
        return score_transcript(parse_dialogue(text).transcript(), rubric, lexicon)
    return run
