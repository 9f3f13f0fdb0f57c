"""Voice sessions cut short on the real stack (see cut_calls.py: real `accueil play` processes, the
PulseAudio virtual headset, Whisper). Killed (SIGKILL) after two trainee turns: the next start
recovers the session, listed, scored, replayable, its recording a valid WAV as long as the audio
written. Ctrl-C (SIGINT) after one turn: the session ends cleanly at once, with its grid.
"""

from __future__ import annotations

import json
import signal
import struct
import wave
from pathlib import Path

import numpy as np
from click.testing import CliRunner
from cut_calls import accueil

from simulator.cli import cli as main
from simulator.events import CallerSaid, TraineeSaid
from simulator.records import LOCK_FILE
from simulator.session.recorder import SessionLock
from simulator.store import SessionStore

SPEECH_RMS = 300


def wav_header_frames(path: Path) -> int:
    return struct.unpack("<I", path.read_bytes()[40:44])[0] // 4


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples.astype(float) ** 2))) if len(samples) else 0.0


def cli(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_a_killed_session_is_recovered_at_the_next_start(cut_calls, monkeypatch):
    killed = cut_calls.killed
    assert killed.process.returncode == -signal.SIGKILL
    directory = killed.session_dir
    session_id = directory.name
    wav_path = directory / "appel.wav"
    assert 44 + wav_header_frames(wav_path) * 4 <= wav_path.stat().st_size  # as killed: valid, or behind the data
    lock_made = (directory / LOCK_FILE).stat().st_mtime

    store = SessionStore(killed.data_dir)
    assert store.get(session_id).status == "interrupted" and store.results(session_id) == []
    listed = accueil("sessions", "--json", data_dir=killed.data_dir)  # the next start
    out, err = listed.communicate(timeout=60)
    assert listed.returncode == 0, err
    [session] = json.loads(out)
    assert (session["id"], session["status"]) == (session_id, "interrupted") and session["score"] is not None
    assert err.startswith(f"1 séance interrompue récupérée : {session_id} ("), err

    events = store.transcript(session_id).events
    turns = [e for e in events if isinstance(e, (TraineeSaid, CallerSaid))]
    assert sum(isinstance(e, TraineeSaid) for e in turns) >= 2
    with wave.open(str(wav_path)) as wav:
        assert (wav.getnchannels(), wav.getframerate()) == (2, 16000)
        stereo = np.frombuffer(wav.readframes(wav.getnframes()), "<i2").reshape(-1, 2)
    assert wav_path.stat().st_size == 44 + len(stereo) * 4
    seconds = len(stereo) / 16000
    # When it was killed, on the call's clock: at least since the screen showed it ringing, at most
    # since its folder lock was made (just before the call's clock started).
    killed_after = killed.signalled - killed.ringing
    killed_before = killed.signalled_wall - lock_made
    last = max(e.end for e in turns)
    print(f"killed {killed_after:.2f}-{killed_before:.2f} s into the call; recording recovered: {seconds:.2f} s; "
          f"last turn ended at {last:.2f} s")
    # Everything up to the last second before the kill (the recorder flushes every second)...
    assert seconds >= killed_after - 1.5 and seconds >= last - 1.0
    # ...and after it at most the caller's line in progress, written whole as it starts.
    assert seconds - killed_before < 8.0
    # Each recorded turn is heard where the store says it was said: trainee right, caller left.
    for turn in turns:
        channel = 1 if isinstance(turn, TraineeSaid) else 0
        assert rms(stereo[round(turn.t * 16000):round(turn.end * 16000), channel]) > SPEECH_RMS, turn

    monkeypatch.setenv("ACCUEIL_DATA_DIR", str(killed.data_dir))
    monkeypatch.setenv("COLUMNS", "200")
    replay = cli("replay", session_id, "--no-audio")
    assert replay.exit_code == 0 and "interrompue" in replay.output and "Note : " in replay.output
    for turn in turns:  # every turn up to the last completed one
        assert turn.text in replay.output, (turn.text, replay.output)
    show = cli("show", session_id, "--json")
    assert show.exit_code == 0 and show.stderr == ""
    assert json.loads(show.stdout)["session"]["status"] == "interrupted"
    assert json.loads(show.stdout)["score"] == session["score"]
    store.add_override(session_id, "closing", True, "appel coupé par la panne", "Formatrice")  # reviewable now
    assert store.overrides(session_id)["closing"].passed is True
    store.close()


def test_ctrl_c_ends_the_session_cleanly_with_its_grid(cut_calls):
    interrupted = cut_calls.interrupted
    screen = "".join(interrupted.screen)
    assert interrupted.process.returncode == 0, screen
    stopped_in = interrupted.ended - interrupted.signalled
    print(f"Ctrl-C: process ended {stopped_in:.2f} s after SIGINT")
    assert stopped_in < 10
    assert "Traceback" not in screen
    assert "Séance interrompue : l'appel est enregistré tel quel." in screen
    result = json.loads(interrupted.stdout)
    verdicts = {c["id"]: c for c in result["criteria"]}
    assert verdicts["greeting"]["passed"], verdicts["greeting"]  # what was done is scored

    # Finished by the process itself: verdicts stored, recording closed, lock released.
    directory = interrupted.session_dir
    store = SessionStore(interrupted.data_dir)
    info = store.get(result["session"])
    assert info.status == "interrupted" and info.score == result["score"] and store.results(info.id)
    events = store.transcript(info.id).events
    assert events[-1].kind == "fin" and sum(isinstance(e, TraineeSaid) for e in events) >= 1
    with wave.open(str(directory / "appel.wav")) as wav:
        frames = wav.getnframes()
    assert (directory / "appel.wav").stat().st_size == 44 + frames * 4 and frames > 16000
    assert json.loads((directory / "scorecard.json").read_text(encoding="utf-8"))["score"] == result["score"]
    lock = SessionLock.take(directory)
    assert lock is not None
    lock.release()
    assert store.unfinished() == []  # nothing left for the next start
    store.close()
