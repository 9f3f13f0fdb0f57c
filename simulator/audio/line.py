"""What a telephone line does to a voice (`accueil play --ligne telephone`): the trainee hears the
caller as real callers sound, narrow and a little grainy.

A pure function on 16 kHz PCM: mild compression, the telephone band (300–3400 Hz), the trip through
an 8 kHz G.711 µ-law channel with light line noise, and back to 16 kHz. Filters act on the
spectrum of the whole clip (a caller line, a loop of hold music), which is short enough for it.
"""

from __future__ import annotations

import numpy as np

from simulator.audio.base import RATE, from_float, to_float

BAND = (300.0, 3400.0)  # Hz, the telephone band (ITU-T G.712)
EDGE = 100.0  # Hz, width of the band's smooth edges (a brick wall would ring)
LINE_RATE = 8000  # the line's sample rate (G.711)
MU = 255.0  # µ-law, as on European and North American digital lines (A-law differs little)
NOISE_DBFS = -50.0  # line hiss, RMS
COMPRESSION = (-24.0, 2.0)  # threshold (dBFS) and ratio: mild, as a telephone's voice processing
BLOCK_SECONDS = 0.01
PEAK = 0.9  # of full scale, at most, after the loudness is restored
PAD_SECONDS = 0.1  # silence around a clip while filtering, so that its end does not ring into its start


def telephone(pcm: bytes, loop: bool = False) -> bytes:
    """`pcm` as heard through a telephone line, same length and format. With `loop` the clip is
    filtered as an endless loop (hold music), so that it still loops without a seam."""
    clip = to_float(pcm).astype(np.float64)
    if not len(clip):
        return b""
    pad = 0 if loop else int(PAD_SECONDS * RATE)
    # Padded after to a power of two: the transforms are several times faster (a turn waits for this).
    tail = 0 if loop else 2 ** int(np.ceil(np.log2(len(clip) + 2 * pad))) - len(clip) - pad
    signal = np.concatenate([np.zeros(pad), _compressed(clip), np.zeros(tail)])
    step = RATE // LINE_RATE
    narrow = _band(signal, RATE)[::step]  # band-limited below 4 kHz: no aliasing
    narrow *= _restoring_gain(clip, narrow[pad // step:(pad + len(clip)) // step])
    noise = np.random.default_rng(len(clip)).normal(0.0, 10 ** (NOISE_DBFS / 20), len(narrow))
    wide = np.zeros(len(signal))
    wide[::step] = _mu_law(narrow + noise) * step  # zeros between, then...
    return from_float(_band(wide, RATE)[pad:pad + len(clip)])  # ...the band removes the images and the grain


def _compressed(x: np.ndarray) -> np.ndarray:
    threshold, ratio = COMPRESSION
    block = int(BLOCK_SECONDS * RATE)
    blocks = np.pad(x, (0, -len(x) % block)).reshape(-1, block)
    level = 20 * np.log10(np.sqrt(np.mean(blocks ** 2, axis=1)) + 1e-9)
    gain_db = np.minimum(0.0, (threshold - level) * (1 - 1 / ratio))
    centres = (np.arange(len(gain_db)) + 0.5) * block
    return x * 10 ** (np.interp(np.arange(len(x)), centres, gain_db) / 20)  # gains glide from block to block


def _band(x: np.ndarray, rate: int) -> np.ndarray:
    """`x` band-passed to BAND, edges shaped by raised cosines (circular: `x` is taken as a loop)."""
    spectrum = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1 / rate)
    low, high = BAND
    rise = np.clip((f - (low - EDGE / 2)) / EDGE, 0, 1)
    fall = np.clip(((high + EDGE / 2) - f) / EDGE, 0, 1)
    gain = (0.5 - 0.5 * np.cos(np.pi * rise)) * (0.5 - 0.5 * np.cos(np.pi * fall))
    return np.fft.irfft(spectrum * gain, len(x))


def _mu_law(x: np.ndarray) -> np.ndarray:
    """Encoded on 8 bits and decoded, as on a digital telephone line."""
    x = np.clip(x, -1.0, 1.0)
    code = np.round(np.sign(x) * np.log1p(MU * np.abs(x)) / np.log1p(MU) * 127) / 127
    return np.sign(code) * np.expm1(np.abs(code) * np.log1p(MU)) / MU


def _restoring_gain(original: np.ndarray, narrowed: np.ndarray) -> float:
    """The gain that makes `narrowed` as loud as `original` (RMS), its peaks below PEAK: the band and
    the compression take away level that the trainee should not have to turn up."""
    rms = np.sqrt(np.mean(narrowed ** 2))
    if rms == 0:
        return 1.0
    return float(min(np.sqrt(np.mean(original ** 2)) / rms, PEAK / np.max(np.abs(narrowed))))
