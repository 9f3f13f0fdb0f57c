"""The real headset: microphone through speech_recognition's Microphone, speaker through PyAudio.

Both take a `Device` from `devices.resolve` (which may name a PulseAudio source or sink), a
PortAudio index, or None for the system default.

A device can fail in the middle of a call, and not always with an error. Measured through the
ALSA pulse plugin on PulseAudio 16:
- the sound server stops or restarts: reads and writes fail at once (OSError);
- a PulseAudio device is removed (a USB headset unplugged): PulseAudio moves the stream to another
  device (the laptop's microphone, or whatever is left) and nothing fails;
- a device is suspended or taken by another program (pasuspender): reads and writes block forever,
  and closing a capture stream whose server died can block forever too.
So each stream is served by a worker thread that alone touches it, and closes it when its last
call returns; a watch thread checks that sound keeps moving and, for a PulseAudio device, that
the device is still there. On trouble the stream is given up (never closed under its worker) and
the same device is reopened for a few seconds (« Son coupé », then « Son rétabli »); if it does
not come back, reads and plays raise DeviceLost and the call ends cleanly.
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
from simulator.audio.devices import Device, Kind, native, native_lock, new_pyaudio, opening, pulse_names

_HELP = "voir accueil devices"
_BUSY = "appareil en veille, ou pris par un autre programme ?"

Notice = Callable[[str], None]


def _index(device: Device | int | None) -> int | None:
    return device.index if isinstance(device, Device) else device


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _label(device: Device | int | None) -> str:
    if device is None:
        return "par défaut"
    return f"« {device.name} »" if isinstance(device, Device) else f"n° {device}"


class _Kept:
    """One device kept going across faults, as described above. Subclasses say how a stream is
    opened (`_open`), served by its worker (`_serve`, which calls `_moved` as sound goes through)
    and released (`_release`)."""

    STALL = 2.0  # seconds without sound going through: the device is stuck
    RETRY = 4.0  # seconds to get a lost device back (a sound server restarts within a second or two)
    START = 3.0  # an idle PulseAudio null sink takes up to 2 s to start consuming
    TICK = 0.25
    PRESENCE = 0.5  # seconds between two checks that a PulseAudio device is still there

    kind: Kind
    noun: str  # « le micro »
    mute: str  # what a device that moves no sound at start does not do: « ne donne aucun son »
    silent: str  # what a stuck device no longer does: « ne donne plus de son »

    def __init__(self, device: Device | int | None, on_notice: Notice | None):
        self.device = device
        self.on_notice = on_notice  # « Son coupé », « Son rétabli »: called from the watch thread
        self._condition = threading.Condition()
        self._generation = 0  # the current stream's; workers of older ones are abandoned
        self._moved_at: float | None = None  # when sound last went through the current stream
        self._fault: str | None = None  # what a worker saw go wrong with the current stream
        self._error: DeviceLost | None = None  # given up: what reads and plays raise
        self._closing = False
        self._worker: tuple[threading.Thread, int] | None = None  # the last worker and its generation
        self._watch: threading.Thread | None = None

    @property
    def label(self) -> str:
        return f"{self.noun} {_label(self.device)}"

    # -- to be provided -------------------------------------------------------------------------

    def _open(self) -> object:
        """A new stream on the device, or AudioError saying why not."""
        raise NotImplementedError

    def _serve(self, stream: object, generation: int) -> None:
        """Move sound until closing or abandoned (`_current` false); OSError on device trouble."""
        raise NotImplementedError

    def _release(self, stream: object, drain: bool) -> None:
        raise NotImplementedError

    def _given_up(self) -> None:
        """Wake whoever waits on sound that will not come (called under the condition)."""

    # -- life of the streams --------------------------------------------------------------------

    def _begin(self) -> None:
        """Open the first stream and see sound go through, or raise AudioError (nothing recorded yet)."""
        if not self._run(self._open(), self.START):
            option = "--input-device" if self.kind == "input" else "--output-device"
            raise AudioError(f"{_sentence(self.label)} {self.mute} ({_BUSY}) : fermez le "
                             f"programme qui l'utilise, ou choisissez un autre appareil avec {option} ({_HELP})")
        self._watch = threading.Thread(target=self._watch_loop, name=f"{self.kind}-watch", daemon=True)
        self._watch.start()

    def _run(self, stream: object, patience: float) -> bool:
        """Serve `stream` from a new worker; True once sound goes through within `patience`
        seconds, otherwise the stream is abandoned."""
        with self._condition:
            self._generation += 1
            generation, self._moved_at, self._fault = self._generation, None, None
        worker = threading.Thread(target=self._work, args=(stream, generation), name=self.kind, daemon=True)
        self._worker = worker, generation
        worker.start()
        with self._condition:
            self._condition.wait_for(lambda: self._moved_at is not None or self._fault is not None
                                     or self._closing, timeout=patience)
            if self._moved_at is not None and generation == self._generation:
                return True
            self._generation += 1
            return False

    def _current(self, generation: int) -> bool:
        return not self._closing and generation == self._generation

    def _moved(self, generation: int) -> None:
        """Sound went through the stream of `generation` (called under the condition)."""
        if generation == self._generation:
            first = self._moved_at is None
            self._moved_at = time.monotonic()
            if first:
                self._condition.notify_all()

    def _work(self, stream: object, generation: int) -> None:
        drain = False
        try:
            self._serve(stream, generation)
            drain = self._closing  # a clean close plays what is left; an abandoned stream does not
        except OSError as error:
            with self._condition:
                if generation == self._generation:
                    self._fault = f"ne répond plus ({error})"
                    self._condition.notify_all()
        finally:
            self._release(stream, drain)

    def _watch_loop(self) -> None:
        try:
            self._watch_over()
        except Exception as error:  # noqa: BLE001 - unforeseen: reads and plays must end, not hang
            self._give_up(f"ne peut plus être surveillé ({error!r})")

    def _watch_over(self) -> None:
        checked = time.monotonic()
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._closing or self._fault is not None, timeout=self.TICK)
                if self._closing:
                    return
                cause, self._fault = self._fault, None
                if cause is None and self._moved_at is not None and time.monotonic() - self._moved_at > self.STALL:
                    cause = f"{self.silent} depuis {self.STALL:.0f} s ({_BUSY})"
            if cause is None and time.monotonic() - checked >= self.PRESENCE:
                checked = time.monotonic()
                if self._gone():
                    cause = "a disparu (débranché ?)"
            if cause is not None and not self._recover(cause):
                return

    def _gone(self) -> bool:
        """A PulseAudio device is no longer there (PulseAudio then moves its streams elsewhere)."""
        name = self.device.pulse_name if isinstance(self.device, Device) else None
        if name is None:
            return False
        names = pulse_names(self.kind)
        return names is not None and name not in names  # a server that does not answer says nothing

    def _recover(self, cause: str) -> bool:
        """Reopen the device for up to RETRY seconds; False, and DeviceLost for reads and plays,
        if it does not come back."""
        with self._condition:
            self._generation += 1  # its worker releases the stream when it can
        self._notify(f"Son coupé : {self.label} {cause}. Nouvelle tentative…")
        deadline = time.monotonic() + self.RETRY
        while (left := deadline - time.monotonic()) > 0 and not self._closing:
            if not self._gone():
                try:
                    stream = self._open()
                except (AudioError, OSError):  # not back yet
                    stream = None
                # A stream that opens on a device still suspended moves once it is given back.
                if stream is not None and self._run(stream, max(0.5, left)):
                    self._notify(f"Son rétabli : {self.label} fonctionne de nouveau.")
                    return True
            with self._condition:
                self._condition.wait_for(lambda: self._closing, timeout=self.TICK)
        self._give_up(f"{cause}, et ne revient pas après {self.RETRY:.0f} s de tentatives")
        return False

    def _give_up(self, why: str) -> None:
        with self._condition:
            self._generation += 1
            if not self._closing:
                self._error = DeviceLost(f"{_sentence(self.label)} {why} : vérifiez que le casque est branché et "
                                         f"que le son de l'ordinateur fonctionne ({_HELP}), puis relancez la séance.")
                self._given_up()
                self._condition.notify_all()

    def _notify(self, text: str) -> None:
        if self.on_notice is not None:
            with native_lock:  # not while another thread silences stderr to open a device
                self.on_notice(text)

    def _shut(self) -> None:
        """Stop the watch and the worker, which releases the device; an abandoned worker (maybe
        blocked in PortAudio) is not waited for."""
        with self._condition:
            if self._closing:
                return
            self._closing = True
            self._given_up()
            self._condition.notify_all()
        if self._watch is not None:
            self._watch.join(timeout=self.RETRY + self.START)
        if self._worker is not None and self._worker[1] == self._generation:
            self._worker[0].join(timeout=1.0)


class MicrophoneIn(_Kept):
    """Frames from a microphone, read from a `speech_recognition.Microphone` stream."""

    kind = "input"
    noun = "le micro"
    mute = "ne donne aucun son"
    silent = "ne donne plus de son"
    BUFFERED = 8  # frames kept for a late reader (256 ms); older ones are dropped, as a device would

    def __init__(self, device: Device | int | None = None, *, on_notice: Notice | None = None):
        super().__init__(device, on_notice)
        self._frames: deque[bytes] = deque(maxlen=self.BUFFERED)
        self._begin()

    def read(self) -> bytes:
        with self._condition:
            self._condition.wait_for(lambda: self._frames or self._error is not None or self._closing)
            if self._frames:
                return self._frames.popleft()
            if self._error is not None:
                raise self._error
            raise EOFError

    def close(self) -> None:
        self._shut()

    def _open(self) -> sr.Microphone:
        with opening(self.device if isinstance(self.device, Device) else None, "input"):
            try:
                microphone = sr.Microphone(device_index=_index(self.device), sample_rate=RATE,
                                           chunk_size=FRAME_SAMPLES)
            except AssertionError:  # index out of range
                raise AudioError(f"Aucun micro n° {self.device} : indiquez --input-device avec un numéro "
                                 f"ou un nom de la liste ({_HELP})") from None
            microphone.__enter__()  # swallows open errors, leaving no stream
        if microphone.stream is None:
            raise AudioError(f"Impossible d'ouvrir le micro {_label(self.device)} : vérifiez que le casque est "
                             f"branché, ou choisissez un autre micro avec --input-device ({_HELP})")
        return microphone

    def _serve(self, microphone: sr.Microphone, generation: int) -> None:
        while self._current(generation):
            frame = microphone.stream.read(FRAME_SAMPLES)
            with self._condition:
                if not self._current(generation):
                    return
                self._frames.append(frame)
                self._moved(generation)
                self._condition.notify_all()

    def _release(self, microphone: sr.Microphone, drain: bool) -> None:
        # As Microphone.__exit__, with PortAudio's tear-down kept to one thread at a time.
        try:
            microphone.stream.close()
        except OSError:  # the device is already gone
            pass
        finally:
            microphone.stream = None
            with native():
                microphone.audio.terminate()


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


class SpeakerOut(_Kept):
    """Plays 16 kHz mono PCM on a headset from one writer thread.

    `play` blocks until the sound has been written out (or `stop` interrupts it); `start_loop`
    returns at once and repeats a sound (hold music) until `stop_loop`, `stop` or the next
    `play`. Between sounds the thread writes silence, so the stream never underruns (no ALSA
    warnings, steady latency). `started_at` is the `time.monotonic()` at which the first chunk of
    the last `play` was handed to the device; `on_played(chunk, at)` sees every chunk played.
    Until the device consumes audio, the first sound would be delayed (up to 2 s on an idle
    PulseAudio null sink): opening waits for that, once, so play times are true from the start."""

    kind = "output"
    noun = "la sortie audio"
    mute = "ne prend pas le son"
    silent = "ne prend plus le son"

    def __init__(self, device: Device | int | None = None, *,
                 on_played: Callable[[bytes, float], None] | None = None, on_notice: Notice | None = None):
        super().__init__(device, on_notice)
        self.on_played = on_played
        self.started_at: float | None = None
        self.output_latency = 0.0
        self._jobs: deque[_Job] = deque()
        self._begin()

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
        self._shut()

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

    def _given_up(self) -> None:
        for job in self._jobs:
            job.cancelled = True
            job.done.set()

    def _open(self) -> tuple[pyaudio.PyAudio, pyaudio.Stream]:
        with opening(self.device if isinstance(self.device, Device) else None, "output"):
            audio = new_pyaudio()
            try:
                # Half-frame buffers: with 512 the ALSA pulse plugin underran on every write; 256
                # plays steadily with 32 ms of output latency.
                stream = audio.open(format=pyaudio.paInt16, channels=1, rate=RATE, output=True,
                                    output_device_index=_index(self.device), frames_per_buffer=FRAME_SAMPLES // 2)
            except (OSError, ValueError) as error:
                audio.terminate()
                todo = ("fermez le programme qui l'utilise"  # an ALSA device held by another program
                        if getattr(error, "errno", None) == pyaudio.paDeviceUnavailable
                        else "vérifiez que le casque est branché")
                raise AudioError(f"Impossible d'ouvrir la sortie audio {_label(self.device)} ({error}) : {todo}, "
                                 f"ou choisissez une autre sortie avec --output-device ({_HELP})") from None
        self.output_latency = stream.get_output_latency()
        return audio, stream

    def _serve(self, opened: tuple[pyaudio.PyAudio, pyaudio.Stream], generation: int) -> None:
        _, stream = opened
        idle = bytes(FRAME_BYTES // 2)  # short, so a new sound waits little behind it
        while True:
            with self._condition:
                if generation != self._generation:
                    return
                while self._jobs and self._jobs[0].finished:
                    self._jobs.popleft().done.set()
                if self._closing and not self._jobs:
                    return
                job = self._jobs[0] if self._jobs else None
                chunk = job.next_chunk(FRAME_BYTES // 2) if job else idle
            began = time.monotonic()
            stream.write(chunk, num_frames=len(chunk) // 2)
            now = time.monotonic()
            if now - began > FRAME_SECONDS / 4:  # the write waited: the device is consuming
                with self._condition:
                    self._moved(generation)
            if job is not None:
                if job.started_at is None:
                    job.started_at = now
                if self.on_played is not None:
                    self.on_played(chunk, now)

    def _release(self, opened: tuple[pyaudio.PyAudio, pyaudio.Stream], drain: bool) -> None:
        audio, stream = opened
        try:
            if drain:
                stream.stop_stream()  # plays what is buffered
            stream.close()
        except OSError:
            pass
        with native():
            audio.terminate()
