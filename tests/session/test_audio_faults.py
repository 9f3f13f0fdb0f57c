"""Whole voice sessions whose sound fails for real: a real `accueil` process on a PulseAudio
server of the test's own (`private_pulse`), whose microphone or headset is unplugged, whose
devices are taken by another program, or which restarts mid-call. The session goes on, or ends
cleanly: everything said is recorded and scored, the trainee is told what happened and what to do.
Last, with fakes, what the call's clock does once the headset is gone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pytest
from pulse import private_pulse  # noqa: F401 - a PulseAudio server of the test's own
from test_voice import FrameClock, Synth, Tape, ears, tone  # the voice session's fakes

from simulator.audio.base import FRAME_SECONDS, DeviceLost, silence
from simulator.audio.fake import MemoryOut
from simulator.audio.pyaudio_io import MicrophoneIn
from simulator.events import HoldStarted
from simulator.session.voice import VoiceClock
from simulator.tts.base import Voice

REPLIES = Path(__file__).resolve().parents[1] / "data" / "replies" / "appel-calme-bon"
SPEECH_RMS = 300  # a 10 ms chunk of the headset louder than this is the caller speaking


@pytest.fixture(scope="module")
def cache_dir(voice_cache) -> Path:
    return voice_cache


class Session:
    """A running `accueil play` and what it shows, line by line, with when."""

    def __init__(self, *args: str, data_dir: Path, cache_dir: Path, scenario: str = "appel-calme"):
        env = {**os.environ, "ACCUEIL_DATA_DIR": str(data_dir), "ACCUEIL_CACHE_DIR": str(cache_dir),
               "COLUMNS": "200"}
        self.data_dir = data_dir
        self.process = subprocess.Popen(
            [sys.executable, "-m", "simulator", "play", scenario, "--trainee", "Camille", "--seed", "7",
             "--json", *args], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        self.lines: list[tuple[float, str]] = []
        self._changed = threading.Condition()
        self._out: list[str] = []
        self._readers = [threading.Thread(target=self._read, daemon=True),
                         threading.Thread(target=lambda: self._out.append(self.process.stdout.read()), daemon=True)]
        for reader in self._readers:
            reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            with self._changed:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self._changed.notify_all()

    @property
    def screen(self) -> str:
        return "\n".join(line for _, line in self.lines)

    def found(self, text: str) -> list[float]:
        """When each line showing `text` appeared."""
        with self._changed:
            return [at for at, line in self.lines if text in line]

    def wait_for_any(self, texts: tuple[str, ...], timeout: float) -> float:
        """When the first line showing one of `texts` appeared."""
        with self._changed:
            assert self._changed.wait_for(lambda: any(self.found(t) for t in texts), timeout), self.screen
            return min(at for t in texts for at in self.found(t))

    def wait_for(self, text: str, timeout: float, count: int = 1) -> float:
        """When the `count`-th line showing `text` appeared."""
        with self._changed:
            assert self._changed.wait_for(lambda: len(self.found(text)) >= count, timeout), self.screen
            return self.found(text)[count - 1]

    def finish(self, timeout: float) -> str:
        """Wait for the end; what it printed on stdout (the JSON scorecard, if any)."""
        self.process.wait(timeout=timeout)
        for reader in self._readers:
            reader.join(timeout=5)
        assert "Traceback" not in self.screen, self.screen
        return self._out[0]

    def accueil(self, *args: str) -> str:
        return self.accueil_of(self.data_dir, *args)

    @staticmethod
    def accueil_of(data_dir: Path, *args: str) -> str:
        return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True, check=True,
                              env={**os.environ, "ACCUEIL_DATA_DIR": str(data_dir)}).stdout

    def stored(self, session: str) -> tuple[dict, str, np.ndarray]:
        """What the store kept: the session's record, its transcript and its recording (caller, trainee)."""
        shown = self.accueil("show", session, "--json")
        directory = self.data_dir / "sessions" / session
        with wave.open(str(directory / "appel.wav")) as recording:
            assert (recording.getnchannels(), recording.getframerate()) == (2, 16000)
            stereo = np.frombuffer(recording.readframes(recording.getnframes()), "<i2").reshape(-1, 2)
        return (json.loads(shown)["session"], (directory / "transcript.txt").read_text(encoding="utf-8"),
                stereo)


def loud_seconds(channel: np.ndarray) -> float:
    """How long a channel (samples) is loud, in 10 ms blocks."""
    blocks = np.asarray(channel, float)[: len(channel) // 160 * 160].reshape(-1, 160)
    return float(np.sum(np.sqrt(np.mean(blocks ** 2, axis=1)) > SPEECH_RMS)) * 0.01


def caller_heard(headset, since: float) -> list[float]:
    """When the caller was heard on the headset (10 ms chunks) after `since`."""
    return [t for t, chunk in list(headset.chunks) if t > since and loud_seconds(np.frombuffer(chunk, "<i2"))]


def caller_speaking(headset, since: float, timeout: float = 30.0) -> float:
    """Wait until the caller speaks after `since`; returns when they started."""
    deadline = time.monotonic() + timeout
    while not (heard := caller_heard(headset, since)):
        assert time.monotonic() < deadline, "the caller was not heard on the headset"
        time.sleep(0.02)
    return heard[0]


def caller_spoke(headset, since: float, quiet: float = 0.8, timeout: float = 30.0) -> float:
    """Wait until the caller has spoken after `since` and then been quiet for `quiet` seconds
    (as a trainee waits for their turn); returns when they stopped."""
    deadline = time.monotonic() + timeout
    while not ((heard := caller_heard(headset, since)) and time.monotonic() - heard[-1] > quiet):
        assert time.monotonic() < deadline, "the caller was not heard on the headset"
        time.sleep(0.05)
    return heard[-1]


def live(server, data_dir: Path, cache_dir: Path) -> Session:
    return Session("--input-device", server.microphone, "--output-device", server.headset,
                   data_dir=data_dir, cache_dir=cache_dir)


def test_an_unplugged_microphone_ends_the_call_cleanly_with_everything_recorded(private_pulse, tmp_path, cache_dir):
    with private_pulse.record_headset() as headset:
        session = live(private_pulse, tmp_path, cache_dir)
        session.wait_for("Le téléphone sonne", timeout=120)
        said = time.monotonic()
        private_pulse.speak_into_microphone(REPLIES / "01-accueil.wav").wait(timeout=20)
        caller_speaking(headset, since=said)
        unplugged = time.monotonic()  # while the caller answers
        private_pulse.unload(private_pulse.microphone)
        result = json.loads(session.finish(timeout=30))
    noticed, ended = session.wait_for("Son coupé", timeout=0), session.wait_for("Problème audio", timeout=0)
    print(f"microphone unplugged: noticed {noticed - unplugged:.2f} s later, call ended {ended - unplugged:.2f} s "
          "later (once the caller's line was over)")
    assert noticed - unplugged < MicrophoneIn.PRESENCE + 1.0
    assert ended - unplugged < 12.0  # no hang: the caller's line (7 s) is played out, then the call ends
    assert session.process.returncode == 2
    screen = session.screen
    assert "Son coupé : le micro « accueil_micro » a disparu (débranché ?). Nouvelle tentative…" in screen
    assert ("Problème audio : Le micro « accueil_micro » a disparu (débranché ?), et ne revient pas après 4 s "
            "de tentatives : vérifiez que le casque est branché") in screen
    assert "Séance interrompue : l'appel est enregistré tel quel." in screen
    assert "Erreur : Le micro « accueil_micro » a disparu" in screen
    stored, transcript, recording = session.stored(result["session"])
    assert stored["status"] == "interrupted"
    lines = transcript.splitlines()
    trainee = [line.split("STAGIAIRE: ")[1] for line in lines if "STAGIAIRE:" in line]
    assert "clinique" in " ".join(trainee).lower(), transcript  # the greeting (one utterance, or two under load)
    # The scorecard of what was done, printed: it judges the greeting on the first line recorded.
    verdicts = {c["id"]: c for c in result["criteria"]}
    assert verdicts["greeting"]["evidence"][0]["text"] == trainee[0], (result, transcript)
    assert any("APPELANT:" in line and "Lefèvre" in line for line in lines), transcript  # heard to its end
    assert lines[-1].endswith("FIN"), transcript
    # Both voices are in the recording.
    assert loud_seconds(recording[:, 1]) > 1.0 and loud_seconds(recording[:, 0]) > 3.0


def test_an_unplugged_headset_ends_the_call_cleanly(private_pulse, tmp_path, cache_dir):
    """PulseAudio moves the caller's voice to another sink (here the virtual microphone's own
    input): the session must not talk on where the trainee cannot hear."""
    with private_pulse.record_headset() as headset:
        session = Session("--replies", str(REPLIES), "--output-device", private_pulse.headset,
                          data_dir=tmp_path, cache_dir=cache_dir)
        session.wait_for("Le téléphone sonne", timeout=120)
        caller_speaking(headset, since=time.monotonic())
        unplugged = time.monotonic()
        private_pulse.unload(private_pulse.headset)
        result = json.loads(session.finish(timeout=30))
    ended = session.wait_for("Problème audio", timeout=0)
    print(f"headset unplugged while the caller spoke: call ended {ended - unplugged:.2f} s later")
    assert ended - unplugged < MicrophoneIn.PRESENCE + MicrophoneIn.RETRY + 2.0
    assert session.process.returncode == 2
    screen = session.screen
    assert ("Problème audio : La sortie audio « accueil_casque » a disparu (débranché ?), et ne revient pas "
            "après 4 s de tentatives") in screen
    stored, transcript, recording = session.stored(result["session"])
    assert stored["status"] == "interrupted"
    lines = transcript.splitlines()
    assert "STAGIAIRE: Clinique" in transcript and lines[-1].endswith("FIN"), transcript
    # The caller's line cut short is in the recording, and in the transcript before the end.
    assert "APPELANT:" in lines[-2], transcript
    assert loud_seconds(recording[:, 0]) > 2.0 and loud_seconds(recording[:, 1]) > 1.0


def test_the_call_goes_on_when_the_sound_server_restarts(private_pulse, tmp_path, cache_dir):
    headset = private_pulse.record_headset()
    session = live(private_pulse, tmp_path, cache_dir)
    session.wait_for("Le téléphone sonne", timeout=120)
    said = time.monotonic()
    private_pulse.speak_into_microphone(REPLIES / "01-accueil.wav").wait(timeout=20)
    caller_speaking(headset, since=said)
    headset.stop()
    stopped = time.monotonic()
    private_pulse.restart(down=1.0)  # while the caller speaks: the rest of the line plays after
    restarted = time.monotonic()
    with private_pulse.record_headset() as headset:
        back = session.wait_for("Son rétabli", timeout=MicrophoneIn.RETRY + 2, count=2)
        print(f"sound server down {restarted - stopped:.1f} s; sound back {back - restarted:.2f} s after it "
              "restarted")
        caller_spoke(headset, since=restarted)
        answers = len(session.found("Appelant :"))
        private_pulse.speak_into_microphone(REPLIES / "04-autre-chose.wav").wait(timeout=20)
        session.wait_for("autre chose pour vous", timeout=20)  # heard through the restarted server
        answered = session.wait_for("Appelant :", timeout=20, count=answers + 1)
        caller_spoke(headset, since=answered)  # and answered, on the restarted server's headset
    session.process.send_signal(signal.SIGINT)  # the trainee stops there (Ctrl-C)
    result = json.loads(session.finish(timeout=30))
    assert session.process.returncode == 0
    screen = session.screen
    for device in ("le micro « accueil_micro »", "la sortie audio « accueil_casque »"):
        assert f"Son coupé : {device} ne répond plus" in screen
        assert f"Son rétabli : {device} fonctionne de nouveau." in screen
    stored, transcript, recording = session.stored(result["session"])
    lines = [line for line in transcript.splitlines() if "STAGIAIRE:" in line or "APPELANT:" in line]
    said = next(n for n, line in enumerate(lines) if "STAGIAIRE:" in line and "autre chose" in line)
    assert "clinique" in " ".join(lines[:said]).lower() and "APPELANT:" in lines[said + 1], transcript
    assert stored["status"] == "interrupted"  # by Ctrl-C, not by the sound
    # That line is in the recording where the transcript dates it (frames stopped for a while).
    minutes, secs = lines[said][1:6].split(":")
    after = (int(minutes) * 60 + int(secs)) * 16000
    assert loud_seconds(recording[after:after + 3 * 16000, 1]) > 0.8


def test_a_headset_taken_by_another_program_is_refused_before_anything_is_recorded(private_pulse, tmp_path,
                                                                                   cache_dir):
    private_pulse.take_devices()
    session = Session("--replies", str(REPLIES), "--output-device", private_pulse.headset,
                      data_dir=tmp_path, cache_dir=cache_dir)
    assert session.finish(timeout=120) == ""
    assert session.process.returncode == 2
    assert session.screen.strip().splitlines()[-1] == (
        "Erreur : La sortie audio « accueil_casque » ne prend pas le son (appareil en veille, ou pris par un "
        "autre programme ?) : fermez le programme qui l'utilise, ou choisissez un autre appareil avec "
        "--output-device (voir accueil devices)"), session.screen
    assert "Traceback" not in session.screen and "Le téléphone sonne" not in session.screen
    assert json.loads(session.accueil("sessions", "--json")) == []


class LostOut(MemoryOut):
    def play(self, pcm: bytes) -> None:
        raise DeviceLost("La sortie audio « accueil_casque » a disparu")

    def start_loop(self, pcm: bytes) -> None:
        raise DeviceLost("La sortie audio « accueil_casque » a disparu")


def test_once_the_headset_is_lost_the_calls_last_lines_are_recorded_not_played():
    """The call ends on the first DeviceLost; what the caller says as it ends (a goodbye) is
    recorded, not played again into a headset that is gone."""
    tape = Tape()
    clock = VoiceClock(Synth(), Voice("fr", 150), LostOut(), hold_music=tone(1.0), recording=tape)
    with pytest.raises(DeviceLost):
        clock.caller_speaks("Bonjour madame.")
    spoken = clock.caller_speaks("Bon, je rappellerai.")
    assert spoken.end - spoken.start == pytest.approx(0.3) and len(tape.caller) == 2
    clock.event(HoldStarted(1.0))  # no hold music either


def test_a_turn_after_the_sound_came_back_is_timed_where_it_was_recorded():
    """Frames stop while a device is away, then come again: the turn said after the gap is dated
    by the frames' own times, as the recording is, not by counting the frames heard."""

    class GapClock(FrameClock):
        def __call__(self) -> float:
            if round(self.t / FRAME_SECONDS) == 10:  # 0.32 s in, the device goes away for 3 s
                self.t += 3.0
            return super().__call__()

    voice_input, _, tape, _ = ears(silence(1.0) + tone(1.2) + silence(1.0), "Vous êtes toujours là ?",
                                   now=GapClock())
    said = voice_input.next(None)
    voice_input.stop()
    assert said.t == pytest.approx(4.0, abs=0.1) and said.end == pytest.approx(5.2, abs=0.1)
    speech_recorded_at = tape.trainee[round(1.0 / FRAME_SECONDS)][0]  # the frame where the tone begins
    assert said.t == pytest.approx(speech_recorded_at, abs=0.1)
