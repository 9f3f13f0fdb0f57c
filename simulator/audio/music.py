"""Hold music: a gentle arpeggio over a soft pad, synthesized (no file to ship or license).

One phrase (four chords) lasts `PHRASE_SECONDS`; note tails wrap around its end, so the phrase
loops without a seam, and so does any whole number of phrases.
"""

from __future__ import annotations

import numpy as np

from simulator.audio.base import RATE, from_float

PHRASE_SECONDS = 10.0
# C – A minor – F – G (I–vi–IV–V), as MIDI notes; the arpeggio plays them an octave up, the pad an octave down.
CHORDS = ((60, 64, 67), (57, 60, 64), (53, 57, 60), (55, 59, 62))
ARPEGGIO = (0, 1, 2, 3, 2, 1, 0, 1)  # chord tones, index 3 is the octave
PEAK = 0.25  # of full scale: about -12 dBFS, below the caller's voice
FADE_SECONDS = 0.03


def hold_music(seconds: float) -> bytes:
    """`seconds` of hold music, 16 kHz mono int16 PCM; seamless when looped if `seconds` is a
    whole number of phrases (10 s), otherwise it fades out briefly at the end."""
    length = int(round(seconds * RATE))
    if length <= 0:
        return b""
    phrase = _phrase()
    repeats = -(-length // len(phrase))
    signal = np.tile(phrase, repeats)[:length]
    if length % len(phrase):
        fade = min(length, int(FADE_SECONDS * RATE))
        signal[-fade:] *= np.linspace(1.0, 0.0, fade)
    return from_float(signal)


def _phrase() -> np.ndarray:
    n = int(PHRASE_SECONDS * RATE)
    out = np.zeros(n)
    chord_len = n // len(CHORDS)
    step = chord_len // len(ARPEGGIO)
    for c, chord in enumerate(CHORDS):
        tones = [*chord, chord[0] + 12]
        for i, degree in enumerate(ARPEGGIO):
            _add_wrapped(out, c * chord_len + i * step, _note(_hz(tones[degree] + 12), 1.6, 0.5))
        _add_wrapped(out, c * chord_len, sum(_pad(_hz(m - 12), chord_len) for m in chord))
    return out * (PEAK / np.max(np.abs(out)))


def _hz(midi: int) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def _note(frequency: float, seconds: float, decay: float) -> np.ndarray:
    """A soft bell-like note: a sine with a quiet octave, quick attack, exponential decay."""
    t = np.arange(int(seconds * RATE)) / RATE
    tone = np.sin(2 * np.pi * frequency * t) + 0.2 * np.sin(4 * np.pi * frequency * t) * np.exp(-t / 0.15)
    attack = np.minimum(1.0, t / 0.012)
    release = np.minimum(1.0, (seconds - t) / 0.1)  # reach zero before the buffer ends
    return 0.5 * tone * attack * np.exp(-t / decay) * release


def _pad(frequency: float, length: int) -> np.ndarray:
    """A low sustained tone for one chord, faded in and out so chords overlap smoothly."""
    overlap = int(0.4 * RATE)
    t = np.arange(length + overlap) / RATE
    envelope = np.ones(len(t))
    ramp = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, overlap))
    envelope[:overlap], envelope[-overlap:] = ramp, ramp[::-1]
    return 0.12 * np.sin(2 * np.pi * frequency * t) * envelope


def _add_wrapped(out: np.ndarray, start: int, sound: np.ndarray) -> None:
    index = (start + np.arange(len(sound))) % len(out)
    np.add.at(out, index, sound)
