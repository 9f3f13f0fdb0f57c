"""Labelled dialogues spoken as two-channel call recordings (caller left, trainee right), for
bench/scoring_audio.py and the tests of speech scoring.

Each turn is synthesized by an MBROLA French voice (tests/make_replies.py's `render_reply`,
sentence by sentence) and laid on a common timeline; two bands: « wideband », as synthesized over
faint noise, and « telephone »: each channel through sox at 8 kHz, 300-3400 Hz, back to 16 kHz,
its speech set to a level between -30 and -6 dBFS, over line noise. How a call sounds (voices,
rates, pitches, gaps, levels) is drawn from its file name: the same file always sounds the same.
"""

from __future__ import annotations

import random
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from make_replies import render_reply, trim
from simulator.audio.base import RATE, SAMPLE_WIDTH
from simulator.events import CallerSaid, HoldEnded, HoldStarted, TraineeSaid, Transferred
from simulator.tts.base import Synthesizer, Voice

AUDIO_CRITERIA = ("greeting", "identify", "rephrasing", "courtesy", "satisfaction", "closing")
"""What a recording can show: holds, transfers and slips leave no trace in it."""
BANDS = ("wideband", "telephone")
VOICES = ("mb-fr1", "mb-fr4")  # male, female
RATES = (130, 175)  # words per minute
PITCHES = (30, 70)
TURN_GAP = (0.5, 1.0)  # seconds from the end of a turn to the start of the next
PAUSE = 3.0  # seconds of silence for a hold, its end or a transfer
TAIL = 1.0
LEFT, RIGHT = 0, 1  # caller, trainee
WIDEBAND_NOISE = -70.0  # dBFS
SPEECH_LEVELS = (-30.0, -6.0)  # telephone band, dBFS (active speech, RMS)
LINE_NOISE = (-55.0, -50.0)  # dBFS
TELEPHONE_SOX = ("rate", "8k", "sinc", "300-3400", "rate", "16k")
RENDER_VERSION = 1  # part of the cache key: bump when the rendering changes


@dataclass(frozen=True)
class VoicePlan:
    """How one call sounds, drawn from its file name."""

    caller: Voice
    trainee: Voice
    seed: int  # the gaps between turns and the noise
    levels: tuple[float, float]  # telephone band: caller's and trainee's speech level, dBFS
    line_noise: float  # telephone band, dBFS


@dataclass(frozen=True)
class Spoken:
    """A turn laid out on the call's timeline (seconds)."""

    side: int
    text: str
    start: float
    end: float


def voice_plan(name: str, index: int) -> VoicePlan:
    """`index`, the file's place in its set, gives the trainee the male and female voice in turn."""
    rng = random.Random(name)
    trainee, caller = VOICES[index % 2], VOICES[1 - index % 2]
    trainee_voice = Voice(trainee, rng.randint(*RATES), rng.randint(*PITCHES))
    caller_voice = Voice(caller, rng.randint(*RATES), rng.randint(*PITCHES))
    levels = (round(rng.uniform(*SPEECH_LEVELS), 1), round(rng.uniform(*SPEECH_LEVELS), 1))
    return VoicePlan(caller_voice, trainee_voice, rng.getrandbits(32), levels, round(rng.uniform(*LINE_NOISE), 1))


def lay_out(events, plan: VoicePlan, synthesizer: Synthesizer) -> tuple[np.ndarray, list[Spoken]]:
    """The call as int16 samples (n, 2), one turn after another, and where each turn went."""
    rng = random.Random(plan.seed)
    placed: list[tuple[int, int, np.ndarray]] = []
    spoken: list[Spoken] = []
    now = 0.0
    for event in events:
        if isinstance(event, (CallerSaid, TraineeSaid)):
            side, voice = (LEFT, plan.caller) if isinstance(event, CallerSaid) else (RIGHT, plan.trainee)
            samples = np.frombuffer(trim(render_reply(synthesizer, event.text, voice)), "<i2")
            start = round((now + rng.uniform(*TURN_GAP)) * RATE)
            placed.append((side, start, samples))
            now = (start + len(samples)) / RATE
            spoken.append(Spoken(side, event.text, start / RATE, now))
        elif isinstance(event, (HoldStarted, HoldEnded, Transferred)):
            now += PAUSE
    stereo = np.zeros((round((now + TAIL) * RATE), 2), dtype=np.int16)
    for side, start, samples in placed:
        stereo[start:start + len(samples), side] = samples
    return stereo, spoken


def dbfs(value: float) -> float:
    return 20 * np.log10(max(value, 1e-12))


def speech_level(samples: np.ndarray) -> float:
    """Active speech level in dBFS: the RMS of the 20 ms frames within 40 dB of the loudest one."""
    frame = RATE // 50
    frames = samples[:len(samples) // frame * frame].reshape(-1, frame).astype(np.float64)
    rms = np.sqrt((frames ** 2).mean(axis=1))
    active = rms[rms > rms.max() * 0.01]
    return dbfs(float(np.sqrt((active ** 2).mean()))) if len(active) else -np.inf


def noise(shape: tuple[int, ...], level: float, seed: int) -> np.ndarray:
    """White noise at `level` dBFS RMS."""
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32) * 10 ** (level / 20)


def band_limit(channels: np.ndarray) -> np.ndarray:
    """Float channels (n, c) through sox's telephone band, as long as they came."""
    raw = ("-t", "raw", "-r", str(RATE), "-e", "floating-point", "-b", "32", "-c", str(channels.shape[1]))
    done = subprocess.run(["sox", "-q", *raw, "-", *raw, "-", *TELEPHONE_SOX],
                          input=np.ascontiguousarray(channels, dtype="<f4").tobytes(), capture_output=True, check=True)
    out = np.frombuffer(done.stdout, "<f4").reshape(-1, channels.shape[1])
    fitted = np.zeros_like(channels, dtype=np.float32)
    fitted[:min(len(out), len(channels))] = out[:len(channels)]
    return fitted


def wideband(stereo: np.ndarray, plan: VoicePlan) -> np.ndarray:
    return stereo / 32768.0 + noise(stereo.shape, WIDEBAND_NOISE, plan.seed)


def telephone(stereo: np.ndarray, plan: VoicePlan) -> np.ndarray:
    """Each channel band-limited, set to its speech level, over band-limited line noise; the loudest
    levels clip, as a hot line does."""
    line = noise(stereo.shape, 0.0, plan.seed)
    limited = band_limit(np.hstack([stereo / 32768.0, line]))
    speech, line = limited[:, :2], limited[:, 2:]
    for side in (LEFT, RIGHT):
        level = speech_level(speech[:, side])
        if np.isfinite(level):  # a side may say nothing
            speech[:, side] *= 10 ** ((plan.levels[side] - level) / 20)
        line[:, side] *= 10 ** ((plan.line_noise - dbfs(float(np.sqrt((line[:, side] ** 2).mean())))) / 20)
    return speech + line


BAND_RENDERERS = {"wideband": wideband, "telephone": telephone}



def write_stereo(path: Path, samples: np.ndarray) -> None:
    """Float samples (n, 2) as a 16 kHz 16-bit stereo WAV, written whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with wave.open(str(partial), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(RATE)
        wav.writeframes((np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes())
    partial.replace(path)
