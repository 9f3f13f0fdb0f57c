"""The real headset: microphone through speech_recognition's Microphone, speaker through PyAudio.

Both take a `Device` from `devices.resolve` (which may name a PulseAudio source or sink), a
PortAudio index, or None for the system default.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import pyaudio
import speech_recognition as sr

from simulator.audio.base import FRAME_BYTES, FRAME_SAMPLES, FRAME_SECONDS, RATE, AudioError, DeviceLost
from simulator.audio.devices import Device, new_pyaudio, opening

_HELP = "voir accueil devices"


def _index(device: Device | int | None) -> int | None:
    return device.index if isinstance(device, Device) else device


def _label(device: Device | int | None) -> str:
    if device is None:
        return "par défaut"
    return f"« {device.name} »" if isinstance(device, Device) else f"n° {device}"


class MicrophoneIn:
    """Frames from a microphone, read from a `speech_recognition.Microphone` stream."""

    def __init__(self, device: Device | int | None = None):
        self.device = device
        with opening(device if isinstance(device, Device) else None, "input"):
            try:
                self._microphone = sr.Microphone(device_index=_index(device), sample_rate=RATE,
                                                 chunk_size=FRAME_SAMPLES)
            except AssertionError:  # index out of range
                raise AudioError(f"Aucun micro n° {device} : indiquez --input-device avec un numéro "
                                 f"ou un nom de la liste ({_HELP})") from None
            self._microphone.__enter__()  # swallows open errors, leaving no stream
        if self._microphone.stream is None:
            raise AudioError(f"Impossible d'ouvrir le micro {_label(device)} : vérifiez que le "
                             f"casque est branché, ou choisissez un autre micro avec --input-device ({_HELP})")

    def read(self) -> bytes:
        stream = self._microphone.stream
        if stream is None:
            raise EOFError
        try:
            return stream.read(FRAME_SAMPLES)
        except OSError as error:
            raise DeviceLost(f"Le micro ne répond plus ({error}) : vérifiez que le casque est "
                             "branché et que le son de l'ordinateur fonctionne, puis relancez.") from error

    def close(self) -> None:
        if self._microphone.stream is None:
            return
        try:
            self._microphone.__exit__(None, None, None)
        except OSError:  # the device is already gone
            pass


@dataclass(eq=False)
class _Job:
    pcm: bytes
    loop: bool
    position: int = 0
    started_at: float | None = None
    cancelled: bool = False
    done: threading.Event = field(default_factory=threading.Event)

    def next_chunk(self, size: int) -> bytes:
        chunk = self.pcm[self.position:self.position + size]
        self.position += len(chunk)
        if self.loop and self.position >= len(self.pcm):
            self.position = 0
        return chunk

    @property
    def finished(self) -> bool:
        return self.cancelled or (not self.loop and self.position >= len(self.pcm))


class SpeakerOut:
    """Plays 16 kHz mono PCM on a headset from one writer thread.

    `play` blocks until the sound has been written out (or `stop` interrupts it); `start_loop`
    returns at once and repeats a sound (hold music) until `stop_loop`, `stop` or the next
    `play`. Between sounds the thread writes silence, so the stream never underruns (no ALSA
    warnings, steady latency). `started_at` is the `time.monotonic()` at which the first chunk of
    the last `play` was handed to the device; `on_played(chunk, at)` sees every chunk played."""

    def __init__(self, device: Device | int | None = None, *,
                 on_played: Callable[[bytes, float], None] | None = None):
        self.device = device
        self.on_played = on_played
        self.started_at: float | None = None
        self._audio = new_pyaudio()
        try:
            # Half-frame buffers: with 512 the ALSA pulse plugin underran on every write; 256
            # plays steadily with 32 ms of output latency.
            with opening(device if isinstance(device, Device) else None, "output"):
                self._stream = self._audio.open(format=pyaudio.paInt16, channels=1, rate=RATE, output=True,
                                                output_device_index=_index(device),
                                                frames_per_buffer=FRAME_SAMPLES // 2)
        except (OSError, ValueError) as error:
            self._audio.terminate()
            raise AudioError(f"Impossible d'ouvrir la sortie audio {_label(device)} ({error}) : "
                             f"vérifiez que le casque est branché, ou choisissez une autre sortie avec "
                             f"--output-device ({_HELP})") from None
        self.output_latency: float = self._stream.get_output_latency()
        self._jobs: deque[_Job] = deque()
        self._condition = threading.Condition()
        self._closing = False
        self._error: DeviceLost | None = None
        self._flowing = threading.Event()
        self._thread = threading.Thread(target=self._write_loop, name="speaker", daemon=True)
        self._thread.start()
        # Until the device consumes audio, the first sound would be delayed (up to 2 s on an idle
        # PulseAudio null sink): wait for that here, once, so play times are true from the start.
        self._flowing.wait(timeout=3.0)

    def play(self, pcm: bytes) -> None:
        job = self._submit(pcm, loop=False)
        job.done.wait()
        self.started_at = job.started_at
        self._raise_if_lost()

    def start_loop(self, pcm: bytes) -> None:
        self._submit(pcm, loop=True)

    def stop_loop(self) -> None:
        self._cancel(lambda job: job.loop)

    def stop(self) -> None:
        """Interrupt whatever is playing or queued (the trainee barged in)."""
        self._cancel(lambda job: True)

    @property
    def looping(self) -> bool:
        with self._condition:
            return any(job.loop and not job.cancelled for job in self._jobs)

    def close(self) -> None:
        with self._condition:
            if self._closing:
                return
            self._closing = True
            for job in self._jobs:
                job.cancelled = True
            self._condition.notify_all()
        self._thread.join()
        try:
            self._stream.stop_stream()
            self._stream.close()
        except OSError:
            pass
        self._audio.terminate()

    def _submit(self, pcm: bytes, loop: bool) -> _Job:
        job = _Job(pcm[: len(pcm) // 2 * 2], loop)
        with self._condition:
            self._raise_if_lost()
            if self._closing:
                raise AudioError("La sortie audio est fermée.")
            for queued in self._jobs:  # a new sound ends any hold music
                queued.cancelled |= queued.loop
            if not job.pcm:
                job.started_at = time.monotonic()
                job.done.set()
                return job
            self._jobs.append(job)
        return job

    def _cancel(self, which: Callable[[_Job], bool]) -> None:
        with self._condition:
            for job in self._jobs:
                job.cancelled |= which(job)

    def _raise_if_lost(self) -> None:
        if self._error is not None:
            raise self._error

    def _write_loop(self) -> None:
        idle = bytes(FRAME_BYTES // 2)  # short, so a new sound waits little behind it
        while True:
            with self._condition:
                while self._jobs and self._jobs[0].finished:
                    self._jobs.popleft().done.set()
                if self._closing and not self._jobs:
                    return
                job = self._jobs[0] if self._jobs else None
                chunk = job.next_chunk(FRAME_BYTES // 2) if job else idle
            began = time.monotonic()
            try:
                self._stream.write(chunk, num_frames=len(chunk) // 2)
            except OSError as error:
                self._lost(error)
                return
            if time.monotonic() - began > FRAME_SECONDS / 4:  # blocked: the device is consuming
                self._flowing.set()
            if job is not None:
                now = time.monotonic()
                if job.started_at is None:
                    job.started_at = now
                if self.on_played is not None:
                    self.on_played(chunk, now)

    def _lost(self, error: OSError) -> None:
        with self._condition:
            self._error = DeviceLost(f"La sortie audio ne répond plus ({error}) : vérifiez que le casque "
                                     "est branché et que le son de l'ordinateur fonctionne, puis relancez.")
            for job in self._jobs:
                job.done.set()
            self._jobs.clear()
        self._flowing.set()
