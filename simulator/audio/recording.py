"""The session recording: one stereo 16 kHz WAV, caller on the left, trainee on the right.

Both voices are placed on one clock (seconds since the session started), whatever order they
arrive in: gaps stay silent, overlapping speech is mixed where it belongs. The file is written as
the call goes - at least every `flush_interval` seconds of writing, then fsync'ed with its header
sizes updated - so a crash loses at most the last second, and the file stays a valid WAV even if
the process is killed. A file whose header lags behind its data (killed mid-flush) is fixed
by `repair`. A write that fails (a full disk) stops the recording with a RecordingError and
leaves a valid WAV of everything written until then.
"""

from __future__ import annotations

import os
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from simulator.audio.base import RATE, SAMPLE_WIDTH, AudioError
from simulator.files import write_failure

CHANNELS = 2
LEFT, RIGHT = 0, 1
_BLOCK = CHANNELS * SAMPLE_WIDTH
_HEADER_BYTES = 44


class RecordingError(AudioError):
    """The call's recording could not be written (a full disk): the call cannot go on."""


def _header(data_bytes: int) -> bytes:
    return struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ", 16, 1,
                       CHANNELS, RATE, RATE * _BLOCK, _BLOCK, 8 * SAMPLE_WIDTH, b"data", data_bytes)


def _write_at(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:  # a write may be partial (the disk filling up): the next one says why
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


def _fix_header(fd: int) -> int:
    """Make the header say what the file holds, whole sample frames only; returns the data bytes.
    Needs no new disk space: it only shortens the file and overwrites its first bytes."""
    data_bytes = max(0, os.fstat(fd).st_size - _HEADER_BYTES) // _BLOCK * _BLOCK
    os.ftruncate(fd, _HEADER_BYTES + data_bytes)
    _write_at(fd, _header(data_bytes), 0)
    os.fsync(fd)
    return data_bytes


class StereoRecorder:
    def __init__(self, path: str | Path, *, flush_interval: float = 1.0,
                 clock: Callable[[], float] = time.monotonic):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "w+b", buffering=0)  # noqa: SIM115 - kept open for the whole call
            _write_at(self._file.fileno(), _header(0), 0)
        except OSError as exc:
            raise RecordingError(write_failure(self.path, exc)) from None
        self.error: RecordingError | None = None  # set when a write failed: nothing more is recorded
        self._frames = 0  # stereo sample frames in the file
        self._pending: list[tuple[int, int, np.ndarray]] = []  # (channel, start sample, samples)
        self._lock = threading.Lock()
        self._flush_interval = flush_interval
        self._clock = clock
        self._last_flush = clock()

    def write_caller(self, pcm: bytes, at: float) -> None:
        self._write(LEFT, pcm, at)

    def write_trainee(self, pcm: bytes, at: float) -> None:
        self._write(RIGHT, pcm, at)

    def _write(self, channel: int, pcm: bytes, at: float) -> None:
        samples = np.frombuffer(pcm, dtype="<i2")
        start = round(at * RATE)
        if start < 0:  # audio from before the session started: keep what falls after
            samples, start = samples[-start:], 0
        with self._lock:
            if self._file.closed:
                raise ValueError("recording already closed")
            if self.error is not None:
                return  # already reported once, by the write that failed
            if len(samples):
                self._pending.append((channel, start, samples))
            if self._clock() - self._last_flush >= self._flush_interval:
                self._flush()

    def flush(self) -> None:
        with self._lock:
            if self.error is None:
                self._flush()

    def _flush(self) -> None:
        self._last_flush = self._clock()
        if not self._pending:
            return
        begin = min(start for _, start, _ in self._pending)
        end = max(self._frames, max(start + len(samples) for _, start, samples in self._pending))
        region = np.zeros((end - begin, CHANNELS), dtype=np.int32)
        fd = self._file.fileno()
        try:
            if begin < self._frames:  # late audio lands in what is already written: mix with it
                written = os.pread(fd, (self._frames - begin) * _BLOCK, _HEADER_BYTES + begin * _BLOCK)
                existing = np.frombuffer(written, dtype="<i2")
                region[: len(existing) // CHANNELS] = existing.reshape(-1, CHANNELS)
            for channel, start, samples in self._pending:
                region[start - begin: start - begin + len(samples), channel] += samples
            self._pending.clear()
            _write_at(fd, np.clip(region, -32768, 32767).astype("<i2").tobytes(), _HEADER_BYTES + begin * _BLOCK)
            self._frames = end
            _write_at(fd, _header(self._frames * _BLOCK), 0)
            os.fsync(fd)
        except OSError as exc:
            self._pending.clear()
            self.error = RecordingError(write_failure(self.path, exc))
            try:  # keep every whole sample frame that reached the disk, as a valid WAV
                self._frames = _fix_header(fd) // _BLOCK
            except OSError:
                pass  # `repair` does it at the next start
            raise self.error from None

    @property
    def duration(self) -> float:
        """Seconds written to the file so far."""
        return self._frames / RATE

    def close(self) -> None:
        """Write what is pending and close; raises RecordingError if that last write fails (and
        not again for a failure already raised)."""
        with self._lock:
            if self._file.closed:
                return
            try:
                if self.error is None:
                    self._flush()
            finally:
                self._file.close()

    def __enter__(self) -> StereoRecorder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def repair(path: str | Path) -> float:
    """Fix the header sizes of a recording from its length (after a crash); returns its duration."""
    with open(path, "r+b") as file:
        return _fix_header(file.fileno()) / _BLOCK / RATE
