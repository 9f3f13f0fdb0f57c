"""Speaking over the caller, for real: `accueil play` on a PulseAudio server of the test's own, the
trainee's voice played into the virtual microphone while the caller speaks. A calm caller stops at
once; an aggressive one goes on, then says so. Measured on the session's own recording."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import numpy as np
from pulse import private_pulse  # noqa: F401 - a PulseAudio server of the test's own
from pulse import wait_for
from test_audio_faults import REPLIES, Session, cache_dir, caller_heard, caller_speaking  # noqa: F401 - fixture

BLOCK = 160  # 10 ms
LOUD = 300


def loud_blocks(channel: np.ndarray) -> np.ndarray:
    blocks = np.asarray(channel, float)[: len(channel) // BLOCK * BLOCK].reshape(-1, BLOCK)
    return np.sqrt(np.mean(blocks ** 2, axis=1)) > LOUD


def runs(loud: np.ndarray, gap: int = 30) -> list[tuple[float, float]]:
    """(start, end) seconds of each stretch of sound; pauses shorter than `gap` blocks joined."""
    found: list[list[int]] = []
    for i in np.flatnonzero(loud):
        if found and i - found[-1][1] <= gap:
            found[-1][1] = i
        else:
            found.append([i, i])
    return [(a * BLOCK / 16000, (b + 1) * BLOCK / 16000) for a, b in found]


def talk_over(server, tmp_path, cache, scenario: str, then: tuple[str, ...] = ()) -> tuple[dict, str, np.ndarray, Session]:
    """Greet, wait for the caller to start answering, speak over them, then stop the call (Ctrl-C),
    once the caller has said one of `then` if given."""
    session = Session("--input-device", server.microphone, "--output-device", server.headset, "--hors-parcours",
                      data_dir=tmp_path, cache_dir=cache, scenario=scenario)
    with server.record_headset() as headset:
        session.wait_for("Le téléphone sonne", timeout=120)
        said = time.monotonic()
        server.speak_into_microphone(REPLIES / "01-accueil.wav").wait(timeout=20)
        began = caller_speaking(headset, since=said)
        wait_for(lambda: caller_heard(headset, began)[-1:] >= [began + 1.0], 30, "a second of the caller")
        server.speak_into_microphone(REPLIES / "02-reformulation.wav").wait(timeout=20)
        session.wait_for("] Vous : ", timeout=60, count=2)  # the interruption, heard as the trainee's turn
        if then:  # what the caller says once their line is over
            session.wait_for_any(then, timeout=60)
        session.process.send_signal(signal.SIGINT)
        result = json.loads(session.finish(timeout=60))
    return (*session.stored(result["session"]), session)


def test_a_calm_caller_stops_within_a_third_of_a_second(private_pulse, tmp_path, cache_dir):
    stored, transcript, recording, _ = talk_over(private_pulse, tmp_path, cache_dir, "appel-calme")
    trainee = runs(loud_blocks(recording[:, 1]))
    caller = runs(loud_blocks(recording[:, 0]))
    line = caller[0]  # the caller's first line
    over = next(run[0] for run in trainee if run[0] > line[0])  # the trainee speaking over it
    reaction = line[1] - over
    # The two channels are each placed when their audio left for or came from the device: their
    # clocks differ by the device latencies (tens of ms), so the caller may seem to stop just before.
    print(f"calm caller stopped {reaction:+.3f} s after the trainee started (on the recording)")
    assert reaction <= 0.3, (trainee, caller)
    assert line[1] - line[0] < 3.0  # the line (7 s in full) was cut short
    assert any(r[0] > line[1] + 0.5 for r in caller) or "STAGIAIRE" in transcript  # the call went on
    listening = next(c for c in json.loads(Session.accueil_of(tmp_path, "show", stored["id"], "--json"))["criteria"]
                     if c["id"] == "listening")
    assert listening["passed"] is False and "coupé la parole" in listening["detail"]


def test_an_aggressive_caller_goes_on_and_says_so(private_pulse, tmp_path, cache_dir):
    stored, transcript, recording, _ = talk_over(private_pulse, tmp_path, cache_dir, "appelant-agressif",
                                                 then=("Laissez-moi finir", "laisser parler"))
    trainee = runs(loud_blocks(recording[:, 1]))
    caller = runs(loud_blocks(recording[:, 0]), gap=60)  # a line's sentences, with their pauses
    line = caller[0]
    over = next(run[0] for run in trainee if run[0] > line[0])
    print(f"aggressive caller went on {line[1] - over:.1f} s after the trainee started")
    assert line[1] - over > 1.0, (trainee, caller)
    assert "Laissez-moi finir" in transcript or "laisser parler" in transcript, transcript


def long_reply(folder: Path) -> Path:
    """Replies said in one breath (their silences trimmed): about 15 s without a long pause."""
    import wave

    from simulator.audio.wavfiles import read_wav

    parts = []
    for name in ("02-reformulation.wav", "03-horaires.wav", "04-autre-chose.wav", "05-au-revoir.wav", "02-reformulation.wav"):
        samples = np.frombuffer(read_wav(REPLIES / name), "<i2")
        voiced = np.flatnonzero(np.abs(samples) > 500)
        parts.append(samples[voiced[0]:voiced[-1]])
    path = folder / "long.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(16000)
        out.writeframes(np.concatenate(parts).tobytes())
    return path


def test_an_impatient_caller_cuts_in_on_a_long_turn(private_pulse, tmp_path, cache_dir):
    session = Session("--input-device", private_pulse.microphone, "--output-device", private_pulse.headset,
                      "--hors-parcours", data_dir=tmp_path / "donnees", cache_dir=cache_dir,
                      scenario="appelant-impatient")
    long = long_reply(tmp_path)
    with private_pulse.record_headset() as headset:
        session.wait_for("Le téléphone sonne", timeout=120)
        said = time.monotonic()
        private_pulse.speak_into_microphone(REPLIES / "01-accueil.wav").wait(timeout=20)
        began = caller_speaking(headset, since=said)
        wait_for(lambda: (heard := caller_heard(headset, began)) and time.monotonic() - heard[-1] > 0.8, 60,
                 "the caller's first line to end")
        speaking = time.monotonic()
        talking = private_pulse.speak_into_microphone(long)
        cut_in = caller_speaking(headset, since=speaking + 1.0)  # the caller speaks while the trainee does
        assert talking.poll() is None, "the caller waited for the end of the trainee's turn"
        talking.wait(timeout=30)
        session.wait_for("] Vous : ", timeout=60, count=2)
        session.process.send_signal(signal.SIGINT)
        result = json.loads(session.finish(timeout=60))
    print(f"impatient caller cut in {cut_in - speaking:.1f} s into the trainee's turn")
    assert 9.5 <= cut_in - speaking <= 14.0
    _, transcript, _ = session.stored(result["session"])
    assert "mais concrètement" in transcript or "Bon, et alors" in transcript, transcript
