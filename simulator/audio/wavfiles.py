"""Audio from files and memory: reading WAVs as 16 kHz mono PCM, and sources that replay them.

`PacedWavIn` stands in for a trainee: it speaks its clips at real-time pace, one per turn, with
silence in between, so end-of-turn detection and timeouts behave as they would live.
"""

from __future__ import annotations

import threading
import time
import wave
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from pathlib import Path

from simulator.audio.base import FRAME_BYTES, FRAME_SECONDS, RATE, SAMPLE_WIDTH, AudioError

Clock = Callable[[], float]


# Telephone audio is 8 kHz, studio audio up to 192 kHz; a rate far outside is a damaged header (at
# 1 Hz, a 1 MB file would stand for eleven days of sound, tens of gigabytes once resampled).
MIN_RATE, MAX_RATE = 4000, 384_000
MAX_SECONDS = 2 * 3600  # no recording is longer: decoding stops there rather than filling memory


class TooLong(AudioError):
    """More sound than any call or reply has: decoding stopped."""


def read_wav(path: str | Path) -> bytes:
    """The file's audio as 16 kHz mono 16-bit PCM, converting other rates, widths and channel counts."""
    path = Path(path)
    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate, frames = (wav.getnchannels(), wav.getsampwidth(),
                                             wav.getframerate(), wav.getnframes())
            pcm = wav.readframes(frames)
    except FileNotFoundError:
        raise AudioError(f"Fichier audio introuvable : {path}. Vérifiez le chemin.") from None
    except EOFError:
        raise AudioError(f"Le fichier audio {path} est tronqué (en-tête incomplet) : "
                         "réenregistrez-le ou remplacez-le.") from None
    except wave.Error:
        return decode_file(path)  # not plain PCM (float, extensible, compressed): let FFmpeg try
    except OSError as error:
        raise AudioError(f"Impossible de lire le fichier audio {path} ({error.strerror}).") from None
    if len(pcm) < frames * channels * width:
        raise AudioError(f"Le fichier audio {path} est tronqué : il contient moins de son que son "
                         "en-tête n'en annonce. Réenregistrez-le ou remplacez-le.")
    if (channels, width, rate) == (1, SAMPLE_WIDTH, RATE):
        return pcm
    return decode_file(path)


def _unreadable(path: Path, why: str = "") -> AudioError:
    return AudioError(f"Le fichier {path} n'est pas un fichier audio WAV lisible{why} : "
                      "exportez-le en WAV (16 kHz mono de préférence).")


def decode_file(path: Path, layout: str = "mono", max_seconds: float = MAX_SECONDS) -> bytes:
    """Any audio file PyAV (FFmpeg) reads, as 16 kHz 16-bit PCM, mono or interleaved stereo."""
    import av

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise _unreadable(path, " (aucune piste audio)")
            rate = getattr(container.streams.audio[0], "sample_rate", 0) or 0  # absent when no codec fits
            if not MIN_RATE <= rate <= MAX_RATE:
                raise _unreadable(path, f" (fréquence d'échantillonnage invalide : {rate} Hz)")
            return resample(container.decode(audio=0), layout, max_seconds, path)
    except (av.FFmpegError, IndexError, ValueError, OSError):  # damaged or not audio at all
        raise _unreadable(path) from None


def resample(frames, layout: str = "mono", max_seconds: float | None = None, path: Path | None = None) -> bytes:
    """PyAV audio frames of any rate and layout as 16 kHz 16-bit PCM (`layout`: mono or stereo)."""
    import av

    resampler = av.AudioResampler(format="s16", layout=layout, rate=RATE)
    channels = 2 if layout == "stereo" else 1
    limit = None if max_seconds is None else int(max_seconds * RATE * SAMPLE_WIDTH * channels)
    chunks, size = [], 0
    for frame in chain(frames, [None]):  # None flushes the resampler
        for chunk in resampler.resample(frame):
            chunks.append(chunk.to_ndarray().astype("<i2").tobytes())
            size += len(chunks[-1])
            if limit is not None and size > limit:
                raise TooLong(f"{path} : l'enregistrement dure plus de {max_seconds / 60:g} minutes")
    return b"".join(chunks)


def split_frames(pcm: bytes) -> list[bytes]:
    """Whole frames; the last one is padded with silence."""
    padded = pcm + bytes(-len(pcm) % FRAME_BYTES)
    return [padded[start:start + FRAME_BYTES] for start in range(0, len(padded), FRAME_BYTES)]


class Pacer:
    """Paces frames like a capture device: frame n is ready at start + (n + 1) × 32 ms.

    Deadlines come from the first call's time, so sleeps never accumulate drift; a slow reader
    catches up at once, as it would find a device's buffer full."""

    def __init__(self, clock: Clock = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.clock, self.sleep = clock, sleep
        self.start: float | None = None
        self.frames = 0

    def frame_start(self) -> float:
        """When the next frame's first sample is "spoken"."""
        if self.start is None:
            self.start = self.clock()
        return self.start + self.frames * FRAME_SECONDS

    def wait(self) -> None:
        """Block until the next frame is complete, then count it."""
        due = self.frame_start() + FRAME_SECONDS
        delay = due - self.clock()
        if delay > 0:
            self.sleep(delay)
        self.frames += 1


class PcmIn:
    """PCM from memory, as frames, then EOFError; at real-time pace if `paced`."""

    def __init__(self, pcm: bytes | Iterable[bytes], *, paced: bool = False):
        frames = split_frames(pcm) if isinstance(pcm, (bytes, bytearray)) else list(pcm)
        self._frames = deque(frames)
        self._pacer = Pacer() if paced else None

    def read(self) -> bytes:
        if not self._frames:
            raise EOFError
        if self._pacer is not None:
            self._pacer.wait()
        return self._frames.popleft()

    def close(self) -> None:
        self._frames.clear()


class WavFileIn(PcmIn):
    """A WAV file as an `AudioIn` (for `accueil check` and tests)."""

    def __init__(self, path: str | Path, *, paced: bool = False):
        super().__init__(read_wav(path), paced=paced)
        self.path = Path(path)


class PacedWavIn:
    """A simulated trainee: speaks one clip per turn at real-time pace, silence in between.

    The first clip starts at once (unless `start_first` is False); each later clip starts
    `after` seconds (reaction time) after `cue()` - the session calls it when the caller has
    finished speaking. A cue given while a clip plays is kept for the next clip. After the last
    clip, `trailing` seconds of silence, then EOFError."""

    def __init__(self, clips: Sequence[bytes], *, after: float = 0.5, trailing: float = 2.0,
                 start_first: bool = True, clock: Clock = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self._clips = deque(split_frames(clip) for clip in clips)
        self._after = after
        self._trailing_frames = round(trailing / FRAME_SECONDS)
        self._pacer = Pacer(clock, sleep)
        self._clock = clock
        self._lock = threading.Lock()
        self._cues: deque[float | None] = deque([None] if start_first else [])  # None: at once
        self._playing: deque[bytes] = deque()
        self._silent_frames_after_last = 0
        self.clip_starts: list[float] = []  # clock time of each clip's first sample

    def cue(self) -> None:
        """The trainee's turn: the next clip starts `after` seconds from now."""
        with self._lock:
            self._cues.append(self._clock() + self._after)

    def read(self) -> bytes:
        with self._lock:
            frame = self._next_frame()
        self._pacer.wait()
        return frame

    def _next_frame(self) -> bytes:
        if not self._playing and self._clips and self._cues:
            starts_at = self._pacer.frame_start()
            if self._cues[0] is None or self._cues[0] <= starts_at:
                self._cues.popleft()
                self._playing.extend(self._clips.popleft())
                self.clip_starts.append(starts_at)
        if self._playing:
            return self._playing.popleft()
        if not self._clips:
            if self._silent_frames_after_last >= self._trailing_frames:
                raise EOFError
            self._silent_frames_after_last += 1
        return bytes(FRAME_BYTES)

    def close(self) -> None:
        with self._lock:
            self._clips.clear()
            self._playing.clear()
            self._trailing_frames = 0
