"""Audio as the rest of the simulator sees it: 16 kHz mono 16-bit PCM, read in fixed frames.

Every source (microphone, WAV files paced in real time, in-memory fake) is an `AudioIn`;
every sink (headset, null sink, in-memory fake) is an `AudioOut`.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from simulator.errors import AccueilError

RATE = 16000
SAMPLE_WIDTH = 2
FRAME_SAMPLES = 512  # 32 ms: the frame size Silero VAD expects at 16 kHz
FRAME_BYTES = FRAME_SAMPLES * SAMPLE_WIDTH
FRAME_SECONDS = FRAME_SAMPLES / RATE


class AudioError(AccueilError):
    """An audio device problem; the French message says what to do."""


class DeviceLost(AudioError):
    """The device disappeared while in use (headset unplugged, sound server restarted)."""


class AudioIn(Protocol):
    def read(self) -> bytes:
        """The next frame (FRAME_BYTES), blocking at real-time pace.

        Raises EOFError when a finite source has nothing more, DeviceLost if the device goes away."""

    def close(self) -> None: ...


class AudioOut(Protocol):
    """The headset: what the caller says, the hold music, a replay. SpeakerOut on a device,
    MemoryOut (simulator.audio.fake) in tests."""

    @property
    def started_at(self) -> float | None:
        """`time.monotonic()` when the first sample of the last `play` left for the device, or
        None before any: what the turn gap is measured from."""

    def play(self, pcm: bytes) -> None:
        """Play 16 kHz mono PCM; returns once it has been played (real time)."""

    def start_loop(self, pcm: bytes) -> None:
        """Repeat a sound (hold music) until `stop_loop`, `stop` or the next `play`; returns at once."""

    def stop_loop(self) -> None: ...

    def stop(self) -> None:
        """Interrupt what is playing: `play` returns early (a replay paused or skipped)."""

    def close(self) -> None: ...


def seconds(pcm: bytes) -> float:
    return len(pcm) / (RATE * SAMPLE_WIDTH)


def silence(duration: float) -> bytes:
    return bytes(int(duration * RATE) * SAMPLE_WIDTH)


def to_float(pcm: bytes) -> np.ndarray:
    """16-bit PCM as float32 samples in [-1, 1), what models (VAD, Whisper) take."""
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


def from_float(samples: np.ndarray) -> bytes:
    """Float samples in [-1, 1] as 16-bit PCM (clipped)."""
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
