"""The telephone line (`play --ligne telephone`): the band passes, what is outside it is cut, the
line adds a light hiss, and a loop stays a loop."""

from __future__ import annotations

import numpy as np
import pytest
from tones import RATE, pcm, rms, samples, tone

from simulator.audio.line import telephone


def level_at(data: np.ndarray, frequency: float) -> float:
    """dB of the spectrum's peak around `frequency` (Hann window, so that a tone does not leak)."""
    x = data.astype(float)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    near = np.abs(np.fft.rfftfreq(len(x), 1 / RATE) - frequency) <= 20
    return float(20 * np.log10(spectrum[near].max() + 1e-9))


def sweep(start: float, stop: float, duration: float) -> np.ndarray:
    t = np.arange(int(duration * RATE)) / RATE
    phase = 2 * np.pi * start * duration / np.log(stop / start) * (np.exp(t / duration * np.log(stop / start)) - 1)
    return (0.3 * 32767 * np.sin(phase)).astype(np.int16)


def test_the_voice_band_passes_and_the_rest_is_cut():
    gains = {}
    for frequency in (100, 1000, 5000):
        played = tone(frequency, 1.0)
        gains[frequency] = level_at(samples(telephone(pcm(played))), frequency) - level_at(played, frequency)
    assert abs(gains[1000]) < 3
    assert gains[100] <= -20 and gains[5000] <= -20, gains


def test_a_sweep_keeps_no_energy_above_the_band():
    heard = samples(telephone(pcm(sweep(50, 7900, 4.0)))).astype(float)
    spectrum = np.abs(np.fft.rfft(heard)) ** 2
    f = np.fft.rfftfreq(len(heard), 1 / RATE)
    in_band, above = spectrum[(f > 500) & (f < 3000)].sum(), spectrum[f > 3600].sum()
    assert 10 * np.log10(above / in_band) < -40
    assert 10 * np.log10(spectrum[f < 200].sum() / in_band) < -30


def test_same_length_loudness_and_a_light_hiss():
    played = np.concatenate([tone(800, 1.0), np.zeros(RATE, np.int16), tone(800, 1.0)])
    heard = samples(telephone(pcm(played)))
    assert len(heard) == len(played)
    assert rms(heard) == pytest.approx(rms(played), rel=0.1)  # the trainee need not turn the volume up
    pause = heard[int(1.3 * RATE):int(1.7 * RATE)]
    hiss = 20 * np.log10(rms(pause) / 32768)
    assert -53 < hiss < -47  # heard in the pauses of the line, about -50 dBFS


def test_a_loop_is_filtered_as_a_loop():
    # 1 s of a 1 kHz tone, looped: without a seam before, none after.
    looped = samples(telephone(pcm(tone(1000, 1.0)), loop=True)).astype(float)
    seam = np.abs(np.diff(np.concatenate([looped[-200:], looped[:200]]))).max()
    inside = np.abs(np.diff(looped[RATE // 2 - 200:RATE // 2 + 200])).max()
    assert seam < 1.2 * inside


def test_silence_is_hiss_and_nothing_is_nothing():
    assert telephone(b"") == b""
    hiss = 20 * np.log10(rms(samples(telephone(bytes(32000)))) / 32768)
    assert -53 < hiss < -47
