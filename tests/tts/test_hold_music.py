"""Hold music: length, moderate level, seamless loop."""

import numpy as np

from simulator.audio.base import RATE, seconds
from simulator.audio.music import PHRASE_SECONDS, hold_music


def samples(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2").astype(float) / 32768


def test_length_is_exact():
    for duration in (0.5, 3.3, 20.0, 25.0):
        assert seconds(hold_music(duration)) == duration
    assert hold_music(0) == b""


def test_level_is_moderate_and_never_clips():
    x = samples(hold_music(20))
    peak, rms = np.abs(x).max(), np.sqrt(np.mean(x**2))
    assert 0.15 < peak < 0.35  # about -12 dBFS
    assert 0.03 < rms < 0.12  # about -23 dBFS: heard, below the voice
    assert np.all(np.abs(x[: 2 * RATE].reshape(-1, RATE // 4)).max(axis=1) > 0.01)  # no gaps


def test_whole_phrases_loop_without_a_click():
    x = samples(hold_music(2 * PHRASE_SECONDS))
    steps = np.abs(np.diff(np.concatenate([x, x[:1]])))
    assert steps[-1] <= 2 * np.percentile(steps, 99.9)
    assert hold_music(20) == hold_music(20)  # deterministic
