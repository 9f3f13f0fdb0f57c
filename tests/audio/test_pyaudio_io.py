"""The real stack: PyAudio through the ALSA pulse plugin to virtual PulseAudio devices."""

import threading
import time
import wave

import numpy as np
import pytest
from tones import dominant_frequency, first_loud_sample, pcm, rms, samples, tone, tone_seconds

from simulator.audio.base import FRAME_SECONDS, AudioError
from simulator.audio.devices import resolve
from simulator.audio.pyaudio_io import MicrophoneIn, SpeakerOut


@pytest.fixture(scope="module")
def speaker(pulse_devices):
    out = SpeakerOut(resolve(pulse_devices.headset, "output"))
    yield out
    out.close()


def test_speaker_plays_into_the_headset(pulse_devices, speaker):
    played = []
    speaker.on_played = lambda chunk, at: played.append(len(chunk))
    with pulse_devices.record_headset() as capture:
        time.sleep(0.3)
        began = time.monotonic()
        speaker.play(pcm(tone(1000, 0.5)))
        took = time.monotonic() - began
        time.sleep(0.3)
    speaker.on_played = None
    assert sum(played) == 16000 and took == pytest.approx(0.5, abs=0.1)
    heard = samples(capture.pcm)
    start = first_loud_sample(heard)
    assert start is not None
    assert dominant_frequency(heard[start:start + 8000]) == pytest.approx(1000, abs=5)
    assert tone_seconds(heard, 1000) == pytest.approx(0.5, abs=0.05)
    arrival = next(at for at, _ in capture.chunks if (start := start - 160) < 0)
    latency = arrival - speaker.started_at
    print(f"SpeakerOut: first chunk written -> heard on the monitor: {latency * 1000:.0f} ms")
    assert -0.05 < latency < 0.3


def test_hold_music_loops_until_stopped_and_stop_interrupts(pulse_devices, speaker):
    with pulse_devices.record_headset() as capture:
        time.sleep(0.2)
        speaker.start_loop(pcm(tone(500, 0.2)))
        time.sleep(1.0)
        speaker.stop_loop()
        time.sleep(0.3)
        interrupter = threading.Timer(0.3, speaker.stop)
        interrupter.start()
        began = time.monotonic()
        speaker.play(pcm(tone(700, 3.0)))  # the trainee barges in after 0.3 s
        assert time.monotonic() - began < 0.5
        time.sleep(0.3)
    heard = samples(capture.pcm)
    assert tone_seconds(heard, 500) == pytest.approx(1.0, abs=0.15)
    assert tone_seconds(heard, 700) == pytest.approx(0.3, abs=0.15)
    assert not speaker.looping


def test_microphone_hears_the_virtual_microphone(pulse_devices, tmp_path):
    # a signal that correlates only with itself: a rising sweep
    t = np.arange(8000) / 16000
    sweep = (np.sin(2 * np.pi * (300 * t + 1200 * t * t)) * 10000).astype(np.int16)
    wav = tmp_path / "stagiaire.wav"
    with wave.open(str(wav), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(16000)
        file.writeframes(pcm(np.concatenate([np.zeros(1600, np.int16), sweep])))
    microphone = MicrophoneIn(resolve(pulse_devices.microphone, "input"))
    frames: list[tuple[float, bytes]] = []

    def capture():
        while len(frames) < 60:
            frames.append((time.monotonic(), microphone.read()))

    reader = threading.Thread(target=capture)
    reader.start()
    time.sleep(0.2)
    began = time.monotonic()
    pulse_devices.speak_into_microphone(wav).wait()
    reader.join()
    microphone.close()
    heard = samples(b"".join(frame for _, frame in frames)).astype(float)
    correlation = np.correlate(heard, sweep.astype(float), mode="valid")
    best = int(np.argmax(np.abs(correlation)))
    window = heard[best:best + len(sweep)]
    similarity = correlation[best] / (np.linalg.norm(window) * np.linalg.norm(sweep))
    assert similarity > 0.9
    loud_frame = next(n for n, (_, frame) in enumerate(frames) if rms(samples(frame)) > 500)
    latency = frames[loud_frame][0] - began - 0.1  # the WAV starts with 0.1 s of silence
    print(f"MicrophoneIn: paplay -> first loud captured frame: {latency * 1000:.0f} ms")
    assert latency < 1.0
    steady = [at for at, _ in frames[5:]]  # once the stream runs, frames come at real-time pace
    assert max(np.diff(steady)) < 4 * FRAME_SECONDS


def test_unknown_index(pulse_devices):
    with pytest.raises(AudioError, match="Aucun micro n° 99"):
        MicrophoneIn(99)
