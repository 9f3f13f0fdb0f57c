"""Sound devices failing mid-call.

First for real: PyAudio through the ALSA pulse plugin to a PulseAudio server of the test's own
(`private_pulse`) whose devices are taken by another program, the fault where reads and writes
block instead of failing (tests/session/test_audio_faults.py has a device unplugged and the server
restarted, in whole sessions). Then the same logic with fakes, for the corners a real server
cannot be made to show on demand.
"""

from __future__ import annotations

import threading
import time
import wave

import numpy as np
import pytest
from pulse import private_pulse  # noqa: F401 - a PulseAudio server of the test's own
from tones import pcm, samples, tone, tone_seconds

from simulator.audio import pyaudio_io
from simulator.audio.base import FRAME_BYTES, FRAME_SECONDS, DeviceLost
from simulator.audio.devices import Device, resolve
from simulator.audio.pyaudio_io import MicrophoneIn, SpeakerOut


class Notices:
    """What the trainee is told about the devices, with when."""

    def __init__(self):
        self.seen: list[tuple[float, str]] = []
        self._lock = threading.Condition()

    def __call__(self, text: str) -> None:
        with self._lock:
            self.seen.append((time.monotonic(), text))
            self._lock.notify_all()

    def texts(self, part: str = "") -> list[str]:
        return [text for _, text in self.seen if part in text]

    def wait_for(self, part: str, count: int, timeout: float) -> float:
        """When the `count`-th notice containing `part` came."""
        with self._lock:
            assert self._lock.wait_for(lambda: len(self.texts(part)) >= count, timeout), self.seen
            return [at for at, text in self.seen if part in text][count - 1]


class Reader:
    """Reads a microphone in the background, as the call's capture thread does."""

    def __init__(self, microphone: MicrophoneIn):
        self.microphone = microphone
        self.frames: list[tuple[float, bytes]] = []
        self.error: BaseException | None = None
        self.ended = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        try:
            while True:
                frame = self.microphone.read()
                self.frames.append((time.monotonic(), frame))
        except BaseException as error:  # noqa: BLE001 - the test looks at what it was
            self.error = error
        finally:
            self.ended.set()

    def since(self, t: float) -> np.ndarray:
        return samples(b"".join(frame for at, frame in list(self.frames) if at >= t))


def tone_wav(path, frequency: float, duration: float):
    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(16000)
        file.writeframes(pcm(np.concatenate([np.zeros(1600, np.int16), tone(frequency, duration)])))
    return path


def assert_heard_and_said(server, microphone: Reader, speaker: SpeakerOut, tmp_path) -> None:
    """The headset plays on the server as it is now, and the microphone hears what is said into it."""
    with server.record_headset() as capture:
        time.sleep(0.2)
        speaker.play(pcm(tone(1000, 0.5)))
        time.sleep(0.3)
    assert tone_seconds(samples(capture.pcm), 1000) == pytest.approx(0.5, abs=0.1)
    began = time.monotonic()
    server.speak_into_microphone(tone_wav(tmp_path / "stagiaire.wav", 700, 0.5)).wait(timeout=10)
    time.sleep(0.2)
    assert tone_seconds(microphone.since(began), 700) == pytest.approx(0.5, abs=0.1)


# -- for real ------------------------------------------------------------------------------------


def test_devices_taken_by_another_program_for_a_moment_come_back(private_pulse, tmp_path):
    """Another program takes the sound card (pasuspender): reads and writes block, nothing fails.
    After 2 s the stall is noticed; once the devices are given back, the call goes on."""
    notices = Notices()
    microphone = MicrophoneIn(resolve(private_pulse.microphone, "input"), on_notice=notices)
    speaker = SpeakerOut(resolve(private_pulse.headset, "output"), on_notice=notices)
    reader = Reader(microphone)
    try:
        taker = private_pulse.take_devices()
        taken = time.monotonic()
        noticed = notices.wait_for("Son coupé", 2, timeout=MicrophoneIn.STALL + 2)
        print(f"devices taken: noticed after {noticed - taken:.2f} s")
        private_pulse.give_back(taker)
        notices.wait_for("Son rétabli", 2, timeout=MicrophoneIn.RETRY)
        assert_heard_and_said(private_pulse, reader, speaker, tmp_path)
        assert reader.error is None
    finally:
        microphone.close()
        speaker.close()
    assert sorted(notices.texts("Son coupé")) == [
        "Son coupé : la sortie audio « accueil_casque » ne prend plus le son depuis 2 s (appareil en veille, "
        "ou pris par un autre programme ?). Nouvelle tentative…",
        "Son coupé : le micro « accueil_micro » ne donne plus de son depuis 2 s (appareil en veille, ou pris "
        "par un autre programme ?). Nouvelle tentative…"]


def test_devices_taken_for_good_end_reads_and_plays_instead_of_hanging(private_pulse):
    microphone = MicrophoneIn(resolve(private_pulse.microphone, "input"))
    speaker = SpeakerOut(resolve(private_pulse.headset, "output"))
    reader = Reader(microphone)
    private_pulse.take_devices()
    taken = time.monotonic()
    with pytest.raises(DeviceLost, match="La sortie audio « accueil_casque » ne prend plus le son depuis 2 s"):
        speaker.play(pcm(tone(440, 30.0)))  # would never return
    took = time.monotonic() - taken
    assert reader.ended.wait(2.0)
    print(f"devices taken for good: DeviceLost after {took:.2f} s")
    assert SpeakerOut.STALL < took < SpeakerOut.STALL + SpeakerOut.RETRY + 1.5
    assert isinstance(reader.error, DeviceLost) and "ne donne plus de son" in reader.error.message
    began = time.monotonic()
    microphone.close()  # their workers are still blocked in PortAudio: they are left behind
    speaker.close()
    assert time.monotonic() - began < 0.5


# -- with fakes ------------------------------------------------------------------------------


class FakeStream:
    """A device stream that moves sound, blocks (a suspended device) or fails, as told."""

    def __init__(self, behaviour: str):
        self.behaviour = behaviour  # "works", "blocks", "fails"
        self.unblocked = threading.Event()
        self.in_call = False
        self.closed_in_call = False  # closed while a read or write was in progress: a crash for PortAudio
        self.closed = False
        self.written: list[bytes] = []

    def _io(self, seconds: float) -> None:
        self.in_call = True
        try:
            if self.behaviour == "fails":
                raise OSError(-9999, "Unanticipated host error")
            if self.behaviour == "blocks":
                self.unblocked.wait()
                raise OSError(-9999, "Unanticipated host error")
            time.sleep(seconds)
        finally:
            self.in_call = False

    def read(self, frames: int) -> bytes:
        self._io(FRAME_SECONDS / 8)  # faster than real time: the test need not wait
        return bytes(FRAME_BYTES)

    def write(self, chunk: bytes, num_frames: int) -> None:
        self._io(num_frames / 16000)  # real time: a write that waits is a device consuming
        self.written.append(chunk)

    def stop_stream(self) -> None:
        pass

    def close(self) -> None:
        self.closed_in_call |= self.in_call
        self.closed = True


class FakeAudio:
    def terminate(self) -> None:
        pass


class FakeMicrophone:
    def __init__(self, stream: FakeStream):
        self.stream, self.audio = stream, FakeAudio()


@pytest.fixture
def fast(monkeypatch):
    """Watch timings short enough for unit tests."""
    for name, value in (("STALL", 0.3), ("RETRY", 0.6), ("START", 0.3), ("TICK", 0.02), ("PRESENCE", 0.05)):
        monkeypatch.setattr(pyaudio_io._Kept, name, value)


def fake_device(monkeypatch, cls, behaviours: list[str]) -> list[FakeStream]:
    """Each stream `cls` opens behaves as the next of `behaviours` (the last one repeats)."""
    opened: list[FakeStream] = []

    def open_stream(self):
        opened.append(FakeStream(behaviours[min(len(opened), len(behaviours) - 1)]))
        return FakeMicrophone(opened[-1]) if cls is MicrophoneIn else (FakeAudio(), opened[-1])

    monkeypatch.setattr(cls, "_open", open_stream)
    return opened


def test_a_stuck_stream_is_abandoned_not_closed_under_its_read(monkeypatch, fast):
    opened = fake_device(monkeypatch, MicrophoneIn, ["works", "works"])
    notices = Notices()
    microphone = MicrophoneIn(7, on_notice=notices)
    opened[0].behaviour = "blocks"  # the device is suspended mid-call
    assert len(microphone.read()) == FRAME_BYTES
    notices.wait_for("Son rétabli", 1, timeout=2.0)
    assert len(microphone.read()) == FRAME_BYTES
    assert notices.texts() == [
        "Son coupé : le micro n° 7 ne donne plus de son depuis 0 s (appareil en veille, ou pris par un autre "
        "programme ?). Nouvelle tentative…",
        "Son rétabli : le micro n° 7 fonctionne de nouveau."]
    assert not opened[0].closed  # its worker is still in read(): nobody closes under it
    opened[0].unblocked.set()  # the read returns at last (with an error): the worker closes it
    deadline = time.monotonic() + 1
    while not opened[0].closed and time.monotonic() < deadline:
        time.sleep(0.01)
    assert opened[0].closed and not opened[0].closed_in_call
    microphone.close()
    assert opened[-1].closed and not any(stream.closed_in_call for stream in opened)


def test_a_device_that_does_not_come_back_is_lost(monkeypatch, fast):
    opened = fake_device(monkeypatch, MicrophoneIn, ["works", "fails"])
    microphone = MicrophoneIn(7)
    opened[0].behaviour = "fails"
    began = time.monotonic()
    with pytest.raises(DeviceLost, match=r"Le micro n° 7 ne répond plus \(\[Errno -9999\].*ne revient pas"):
        while True:
            microphone.read()
    assert 0.6 <= time.monotonic() - began < 1.5  # RETRY, not forever
    assert len(opened) > 2  # it kept trying
    microphone.close()


def test_a_device_that_does_not_move_sound_at_start_is_refused(monkeypatch, fast):
    opened = fake_device(monkeypatch, SpeakerOut, ["blocks"])
    with pytest.raises(pyaudio_io.AudioError, match="La sortie audio n° 3 ne prend pas le son .*--output-device"):
        SpeakerOut(3)
    opened[0].unblocked.set()


def test_a_pulse_device_is_gone_only_if_the_server_says_so(monkeypatch, fast):
    fake_device(monkeypatch, MicrophoneIn, ["works"])
    answers = {"now": {"accueil_micro", "autre"}}
    monkeypatch.setattr(pyaudio_io, "pulse_names", lambda kind: answers["now"])
    notices = Notices()
    microphone = MicrophoneIn(Device(0, "accueil_micro", 2, 0, 44100.0, pulse_name="accueil_micro"),
                              on_notice=notices)
    answers["now"] = None  # the server does not answer (restarting): no verdict
    time.sleep(0.2)
    assert notices.texts() == []
    answers["now"] = {"autre"}
    notices.wait_for("a disparu", 1, timeout=1.0)
    answers["now"] = {"accueil_micro", "autre"}  # plugged in again
    notices.wait_for("Son rétabli", 1, timeout=1.0)
    assert len(microphone.read()) == FRAME_BYTES
    microphone.close()


def test_the_sound_being_played_goes_on_after_a_reconnection(monkeypatch, fast):
    opened = fake_device(monkeypatch, SpeakerOut, ["works", "works"])
    speaker = SpeakerOut(3)
    played: list[bytes] = []
    speaker.on_played = lambda chunk, at: played.append(chunk)
    sound = pcm(tone(440, 0.25))

    def fail_soon():
        time.sleep(0.05)
        opened[0].behaviour = "fails"

    threading.Thread(target=fail_soon).start()
    speaker.play(sound)  # returns: the rest went out on the reopened stream
    assert len(opened) == 2
    assert len(b"".join(played)) >= len(sound) - FRAME_BYTES // 2  # at most the chunk being written is lost
    assert b"".join(opened[1].written).find(sound[-FRAME_BYTES // 2:]) >= 0
    speaker.close()


def test_an_output_held_by_another_program_says_so(monkeypatch):
    """PortAudio's « Device unavailable »: an ALSA device another program holds (no such device
    here to hold for real; pasuspender above is PulseAudio's way of it)."""
    class HeldAudio(FakeAudio):
        def open(self, **kwargs):
            raise OSError(pyaudio_io.pyaudio.paDeviceUnavailable, "Device unavailable")

    monkeypatch.setattr(pyaudio_io, "new_pyaudio", HeldAudio)
    with pytest.raises(pyaudio_io.AudioError) as refused:
        SpeakerOut(Device(4, "hw:0,0", 0, 2, 48000.0))
    assert refused.value.message == (
        "Impossible d'ouvrir la sortie audio « hw:0,0 » ([Errno -9985] Device unavailable) : fermez le programme "
        "qui l'utilise, ou choisissez une autre sortie avec --output-device (voir accueil devices)")


def test_whatever_breaks_the_watch_ends_reads_rather_than_hanging_them(monkeypatch, fast):
    fake_device(monkeypatch, MicrophoneIn, ["works"])
    monkeypatch.setattr(pyaudio_io, "pulse_names", lambda kind: 1 / 0)
    microphone = MicrophoneIn(Device(0, "accueil_micro", 2, 0, 44100.0, pulse_name="accueil_micro"))
    with pytest.raises(DeviceLost, match=r"Le micro « accueil_micro » ne peut plus être surveillé \(ZeroDivision"):
        while True:
            microphone.read()
    microphone.close()
