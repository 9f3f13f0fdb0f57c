"""Test signals and their analysis."""

from __future__ import annotations

import numpy as np

RATE = 16000


def tone(frequency: float, duration: float, amplitude: float = 0.3, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(duration * rate)) / rate
    return (np.sin(2 * np.pi * frequency * t) * amplitude * 32767).astype(np.int16)


def pcm(samples: np.ndarray) -> bytes:
    return samples.astype("<i2").tobytes()


def samples(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<i2")


def dominant_frequency(data: np.ndarray, rate: int = RATE) -> float:
    spectrum = np.abs(np.fft.rfft(data.astype(float) * np.hanning(len(data))))
    return float(np.fft.rfftfreq(len(data), 1 / rate)[np.argmax(spectrum)])


def rms(data: np.ndarray) -> float:
    return float(np.sqrt(np.mean(data.astype(float) ** 2))) if len(data) else 0.0


def first_loud_sample(data: np.ndarray, threshold: float = 1000) -> int | None:
    loud = np.flatnonzero(np.abs(data.astype(int)) > threshold)
    return int(loud[0]) if len(loud) else None


def tone_seconds(data: np.ndarray, frequency: float, threshold: float = 2000, window: int = 320) -> float:
    """How long a tone of `frequency` sounds (amplitude above `threshold`), in 20 ms windows;
    other sounds (another program using the same device) do not count."""
    count = len(data) // window
    blocks = data[: count * window].reshape(count, window).astype(float)
    probe = np.exp(-2j * np.pi * frequency * np.arange(window) / RATE)
    amplitudes = 2 * np.abs(blocks @ probe) / window
    return float(np.sum(amplitudes > threshold)) * window / RATE
