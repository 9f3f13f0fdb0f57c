"""The voice commands: bad inputs give a French message and exit 2 before anything is recorded;
`check`, `devices` and `score CALL.wav` on real engines."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.text.matchers import find_phrase

REPLIES = Path(__file__).parent / "data" / "replies"


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def no_sessions() -> bool:
    return json.loads(run("sessions", "--json").output) == []


def write_wav(path: Path, channels: np.ndarray, rate: int = 16000) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels.shape[1] if channels.ndim == 2 else 1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(channels.astype("<i2").tobytes())
    return path


@pytest.mark.parametrize("args, message", [
    (["--replies", "/nulle/part"], "dossier de répliques introuvable"),
    (["--replies", "{empty}"], "aucun fichier .wav"),
    (["--replies", "{bad_script}"], "fichier audio introuvable"),
    (["--replies", "{corrupt}"], "lisible"),
    (["--stt", "vosk", "--stt-model", "/nulle/part", "--replies", str(REPLIES / "controle-negatif")], "Vosk"),
    (["--stt-model", "/nulle/part", "--replies", str(REPLIES / "controle-negatif")], "modèle"),
    (["--input-device", "micro-qui-n-existe-pas"], "micro"),
    (["--script", "{script_with_audio}", "--text"], "mode voix"),
])
def test_voice_play_refuses_bad_input_before_recording(tmp_path, args, message):
    (tmp_path / "vide").mkdir()
    (tmp_path / "script").mkdir()
    (tmp_path / "script" / "repliques.txt").write_text("@absent.wav\n", encoding="utf-8")
    (tmp_path / "corrompu").mkdir()
    (tmp_path / "corrompu" / "01.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt garbage")
    (tmp_path / "avec-audio.txt").write_text("@01.wav\n", encoding="utf-8")
    (tmp_path / "01.wav").write_bytes((REPLIES / "controle-negatif" / "01-allo.wav").read_bytes())
    names = {"{empty}": tmp_path / "vide", "{bad_script}": tmp_path / "script", "{corrupt}": tmp_path / "corrompu",
             "{script_with_audio}": tmp_path / "avec-audio.txt"}
    args = [str(names.get(a, a)) for a in args]
    result = run("play", "appel-calme", "-t", "Camille", *args)
    assert result.exit_code == 2, result.output
    assert "Erreur" in result.output and message.lower() in result.output.lower(), result.output
    assert no_sessions()


def test_score_refuses_bad_recordings(tmp_path):
    tone = (np.sin(np.arange(16000) / 16000 * 2 * np.pi * 220) * 8000)
    mono = write_wav(tmp_path / "mono.wav", tone)
    truncated = tmp_path / "tronque.wav"
    truncated.write_bytes(mono.read_bytes()[:30])
    for path, message in ((mono, "deux canaux"), (truncated, "illisible"), (tmp_path / "absent.wav", "introuvable")):
        result = run("score", str(path), "--organisation", "Clinique Nest", "--trainee", "Camille")
        assert result.exit_code == 2 and message in result.output, (path, result.output)
    result = run("score", str(mono))
    assert result.exit_code == 2 and "--organisation" in result.output


def test_score_a_call_recording_from_two_recorded_voices(tmp_path):
    """A stereo call assembled from real speech: trainee right, caller left, scored with times."""
    from simulator.audio.wavfiles import read_wav

    trainee = np.frombuffer(read_wav(REPLIES / "appel-calme-bon" / "01-accueil.wav"), "<i2")
    caller = np.frombuffer(read_wav(REPLIES / "controle-negatif" / "03-horaires.wav"), "<i2")
    gap = np.zeros(8000, "<i2")
    right = np.concatenate([gap, trainee, gap, np.zeros_like(caller), gap])
    left = np.concatenate([gap, np.zeros_like(trainee), gap, caller, gap])
    call = write_wav(tmp_path / "appel.wav", np.stack([left, right], axis=1))
    result = run("score", str(call), "--organisation", "Clinique Nest", "--trainee", "Camille", "--json")
    assert result.exit_code == 0, result.output
    scored = json.loads(result.output[result.output.index("{"):])
    said = [(e["kind"], e["t"]) for e in scored["transcription"] if e["kind"] != "fin"]
    assert [kind for kind, _ in said] == ["stagiaire", "appelant"]
    assert said[0][1] == pytest.approx(0.5, abs=0.3) and said[1][1] > said[0][1] + len(trainee) / 16000
    verdicts = {c["id"]: c for c in scored["criteria"]}
    assert verdicts["greeting"]["passed"] and not verdicts["hold"]["applicable"]
    assert verdicts["listening"]["applicable"] and verdicts["listening"]["passed"]  # the two voices never meet
    indicators = scored["indicateurs"]  # measured on the recording, as after a headset call
    assert indicators["source"] == "enregistrement" and indicators["appel"]["chevauchements"] == 0
    assert 2.0 <= indicators["appel"]["syllabes_par_seconde"] <= 8.0, indicators


def test_check_transcribes_a_test_sentence_from_a_file():
    result = run("check", "--wav", str(REPLIES / "appel-calme-bon" / "01-accueil.wav"))
    assert result.exit_code == 0, result.output
    assert "Compris" in result.output and "camille" in result.output.lower()
    assert "dBFS" in result.output


def test_check_says_what_to_do_when_nothing_is_heard(tmp_path):
    quiet = write_wav(tmp_path / "silence.wav", np.zeros(16000 * 3))
    result = run("check", "--wav", str(quiet), "--seconds", "3")
    assert result.exit_code == 2 and "aucune parole détectée" in result.output


def test_check_on_the_virtual_headset(pulse_devices):
    """The set-up check through the sound server: the test line plays in the headset, the virtual
    microphone hears a sentence said into it."""
    import threading

    from pulse import wait_for

    listening_before = pulse_devices.microphone_listeners()
    with pulse_devices.record_headset() as headset:
        def speak():
            # Once the check listens (its microphone stream is open, after the test line: the
            # first synthesis and the model load may take long on a cold machine).
            wait_for(lambda: pulse_devices.microphone_listeners() > listening_before, 60, "the check to listen")
            pulse_devices.speak_into_microphone(REPLIES / "appel-calme-bon" / "01-accueil.wav").wait(timeout=20)

        threading.Thread(target=speak, daemon=True).start()
        result = run("check", "--input-device", pulse_devices.microphone,
                     "--output-device", pulse_devices.headset, "--seconds", "30")
        heard = np.frombuffer(headset.pcm, "<i2").astype(float)
    assert result.exit_code == 0, result.output
    understood = result.output[result.output.index("Compris"):].splitlines()[0]
    assert find_phrase("Camille", understood, 85), understood  # as written, or as heard (« camie »)
    assert np.sqrt(np.mean(heard ** 2)) > 50  # the test line came out


def test_devices_lists_the_virtual_headset(pulse_devices):
    result = run("devices", "--json")
    names = [d["name"] for d in json.loads(result.output)]
    assert pulse_devices.headset in names and pulse_devices.microphone in names
