"""The pitch (F0) of synthesized speech, and how much a line rises at its end.

No pitch library is installed (librosa, parselmouth, pyworld): a plain autocorrelation tracker,
good enough on clean synthetic voices. Run it to print the final-rise figures of questions and
statements on each French voice, through the real synthesis path:

    .venv/bin/python tests/tts/pitch_track.py [mb-fr1 mb-fr4 roa/fr roa/fr+f3]

(`PYTHONPATH=OTHER_CHECKOUT` measures another version of the simulator.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HOP = 0.01  # seconds between F0 values
ENDING = 0.3  # seconds: the last stretch of voice compared with the whole line
# Said as a question (« ? ») and as a statement (« . »); the last one is short: its last 300 ms
# are most of its voice, so its figure says little.
LINES = ("Vous pouvez me passer le service", "Vous êtes ouverts samedi", "C'est bien la mairie",
         "Vous pouvez épeler votre nom", "Vous m'entendez")


def f0_track(pcm: bytes, rate: int = 16000, window: float = 0.04) -> np.ndarray:
    """F0 every `HOP` seconds by normalized autocorrelation; NaN where unvoiced or silent."""
    x = np.frombuffer(pcm, "<i2").astype(float)
    n, step = int(window * rate), int(HOP * rate)
    low, high = rate // 500, rate // 60  # 60–500 Hz
    track = []
    for start in range(0, len(x) - n, step):
        frame = x[start:start + n] * np.hanning(n)
        if np.sqrt(np.mean(frame ** 2)) < 300:
            track.append(np.nan)
            continue
        correlation = np.fft.irfft(np.abs(np.fft.rfft(frame, 2 * n)) ** 2)[:n]
        correlation = correlation / (correlation[0] * (1 - np.arange(n) / n))  # unbiased, 1 at lag 0
        best = float(np.max(correlation[low:high]))
        if best < 0.5:
            track.append(np.nan)
            continue
        # The shortest lag nearly as strong as the best: the period, not a multiple of it.
        lag = low + int(np.flatnonzero(correlation[low:high] > 0.9 * best)[0])
        while lag + 1 < high and correlation[lag + 1] > correlation[lag]:
            lag += 1
        # A peak at the shortest lag is the hiss of an « s », not a voice.
        track.append(rate / lag if lag > low else np.nan)
    return np.array(track)


def final_rise(pcm: bytes, rate: int = 16000) -> float:
    """Median F0 of the last `ENDING` seconds of voice (voiced frames only) over the line's median
    F0: above 1 when the line ends higher than it is spoken (a question), below when it falls."""
    voiced = f0_track(pcm, rate)
    voiced = voiced[~np.isnan(voiced)]
    return float(np.median(voiced[-int(ENDING / HOP):]) / np.median(voiced))


def main(voices: list[str]) -> None:
    sys.path.append(str(Path(__file__).resolve().parents[2]))  # after PYTHONPATH: another checkout can be measured
    from simulator.tts.base import Voice
    from simulator.tts.pyttsx3_engine import Pyttsx3Synthesizer

    synthesizer = Pyttsx3Synthesizer()
    print(f"final rise: F0 of the last {ENDING * 1000:.0f} ms of voice / the line's median F0, "
          f"{synthesizer.engine_id}")
    print("lines: " + " | ".join(LINES))
    for name in voices:
        voice = Voice(name, rate=150)
        for end, kind in ((" ?", "questions"), (".", "statements")):
            rises = [final_rise(synthesizer.render(words + end, voice)) for words in LINES]
            print(f"{name:<10} {kind:<10} " + " ".join(f"{r:.2f}" for r in rises))


if __name__ == "__main__":
    main(sys.argv[1:] or ["mb-fr1", "mb-fr4", "roa/fr", "roa/fr+f3"])
