"""A disk that fills up while a call is recorded (a real 2 MiB tmpfs as the data folder): a clear
French message and exit code 2, never a traceback; what was written stays, and once there is room
again the next start lists the session with every turn recorded before the disk filled."""

from __future__ import annotations

import json
import subprocess
import time
import wave
from pathlib import Path

import numpy as np
import pytest
from cut_calls import accueil
from tmpfs import BALLAST, fill, small_disk, unavailable  # noqa: F401 - the small real filesystem

from simulator.audio.recording import RecordingError, StereoRecorder
from simulator.records import TRANSCRIPT
from simulator.session.recorder import Recorder
from simulator.store import SessionStore
from simulator.store.sessions import StoreError
from simulator.transcript.dialogue import format_event
from simulator.transcript.model import CallContext

SCRIPT = """Clinique Nest, Clémence, bonjour.
Si je comprends bien, vous souhaitez connaître les horaires de la radiologie, madame Lefèvre ?
La radiologie est ouverte du lundi au vendredi de 8 h à 18 h, je vous en prie.
Puis-je faire autre chose pour vous ?
Au revoir madame, bonne journée.
"""


def wav_frames(path: Path) -> int:
    """Sample frames of a recording, checking its header says exactly what the file holds."""
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getframerate(), wav.getsampwidth()) == (2, 16000, 2)
        frames = wav.getnframes()
    assert path.stat().st_size == 44 + frames * 4
    return frames


def test_the_recording_stops_at_a_full_disk_and_stays_a_valid_wav(small_disk):
    fill(small_disk, leave=200_000)
    path = small_disk / "appel.wav"
    recorder = StereoRecorder(path, flush_interval=0)
    second = (np.sin(np.arange(16000) * 0.1) * 10000).astype("<i2").tobytes()
    with pytest.raises(RecordingError) as failure:
        for n in range(10):  # 64 kB a second: the disk is full within 4 seconds
            recorder.write_trainee(second, at=float(n))
    assert failure.value.message.startswith(f"disque plein : impossible d'écrire {path} ; libérez de la place")
    recorder.write_caller(second, at=0.0)  # after the failure: dropped, not raised again
    recorder.close()
    frames = wav_frames(path)
    assert n * 16000 <= frames < (n + 1) * 16000  # every whole sample frame that reached the disk
    with wave.open(str(path)) as wav:
        right = np.frombuffer(wav.readframes(frames), "<i2").reshape(-1, 2)[:, 1]
    assert right.tobytes() == (second * (n + 1))[:frames * 2]


def test_a_session_that_cannot_start_leaves_nothing_behind(small_disk):
    store = SessionStore(small_disk)
    fill(small_disk, leave=0)
    with pytest.raises(StoreError) as failure:
        Recorder(store, CallContext("Clinique Nest", "Camille", "appel-calme"), "standard", "texte", 1)
    assert failure.value.message.startswith(f"base de données : disque plein ({small_disk / 'accueil.db'})")
    assert store.list() == [] and list((small_disk / "sessions").iterdir()) == []
    store.close()


def wait_for(condition, timeout: float = 30.0, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline, "timed out"
        assert process is None or process.poll() is None, process.communicate()
        time.sleep(0.05)
    return found


def test_a_text_call_whose_database_fills_up(small_disk):
    """The trainee types two lines, then the disk fills up: the third cannot be stored."""
    play = accueil("play", "appel-calme", "--trainee", "Clémence", "--text", "--seed", "4", data_dir=small_disk,
                   stdin=subprocess.PIPE)
    transcript = wait_for(lambda: next(small_disk.glob(f"sessions/*/{TRANSCRIPT}"), None), process=play)
    for n, line in enumerate(SCRIPT.splitlines()[:2], 1):
        play.stdin.write(line + "\n")
        play.stdin.flush()
        wait_for(lambda: transcript.read_text(encoding="utf-8").count("APPELANT:") == n, process=play)
    fill(small_disk, leave=0)
    play.stdin.write(SCRIPT.splitlines()[2] + "\n")
    out, err = play.communicate(timeout=30)
    assert play.returncode == 2, out + err
    assert "Traceback" not in out + err
    assert err.startswith(f"Erreur : base de données : disque plein ({small_disk / 'accueil.db'}) ; libérez"), err
    assert "Enregistrement impossible : base de données : disque plein" in out
    assert "Séance interrompue : l'appel est enregistré tel quel." in out
    assert "Grille d'évaluation" in out and "Note : " in out  # the grid of what was done

    (small_disk / BALLAST).unlink()
    listed = accueil("sessions", "--json", data_dir=small_disk)
    out, err = listed.communicate(timeout=60)
    assert listed.returncode == 0, err
    [session] = json.loads(out)
    assert session["status"] == "interrupted" and session["score"] is not None
    assert err.startswith(f"1 séance interrompue récupérée : {session['id']} (2 répliques du stagiaire, note "), err
    store = SessionStore(small_disk)
    events = store.transcript(session["id"]).events
    assert [e.kind for e in events] == ["stagiaire", "appelant"] * 2  # everything written before the disk filled
    assert [e.text for e in events[::2]] == SCRIPT.splitlines()[:2]
    # The transcript file has all of it, and the line the database could not take.
    lines = transcript.read_text(encoding="utf-8").splitlines()[3:]
    assert lines == [format_event(e) for e in events] + [f"[{lines[-1][1:6]}] STAGIAIRE: {SCRIPT.splitlines()[2]}"]
    assert {r["criterion"]: r["passed"] for r in store.results(session["id"])}["greeting"] is True
    store.close()


def test_a_voice_call_whose_recording_fills_the_disk(cut_calls):
    """A voice call on the virtual headset, its files on a disk with 500 kB left (its database
    elsewhere): the recording, 64 kB a second, fills it within seconds (see cut_calls.py)."""
    call = cut_calls.disk_full
    if call is None:
        unavailable(cut_calls.mount_problem)
    err = " ".join("".join(call.screen).split())  # the screen's lines, unwrapped
    assert call.process.returncode == 2, err
    assert "Traceback" not in err
    wav = call.session_dir / "appel.wav"
    assert err[err.index("Erreur : "):].startswith(f"Erreur : disque plein : impossible d'écrire {wav} ; "
                                                   "libérez de la place"), err
    assert f"Problème audio : disque plein : impossible d'écrire {wav}" in err
    assert "Séance interrompue : l'appel est enregistré tel quel." in err
    card = json.loads(call.stdout)  # the grid of what was done
    frames = wav_frames(wav)  # valid at once: the header says what reached the disk
    # Its grid could be stored if cutting the recording's partial last write left room for it.
    unfinished = "La grille n'a pas pu être enregistrée : elle le sera au prochain lancement." in err

    (call.data_dir / BALLAST).unlink()
    listed = accueil("sessions", "--json", data_dir=call.data_dir, **call.env)
    out, err = listed.communicate(timeout=60)
    assert listed.returncode == 0, err
    [session] = json.loads(out)
    assert err.startswith(f"1 séance interrompue récupérée : {session['id']} (") if unfinished else err == "", err
    assert session["status"] == "interrupted" and session["score"] == card["score"]
    store = SessionStore(call.data_dir, url=call.env["ACCUEIL_DATABASE_URL"])
    events = store.transcript(session["id"]).events
    assert [e.kind for e in events][-1] == "fin" and any(e.kind == "stagiaire" for e in events)
    assert wav_frames(wav) == frames and store.results(session["id"])
    print(f"disk full after {frames / 16000:.2f} s of recording; {len(events)} events stored; "
          f"grid {'recovered at the next start' if unfinished else 'stored at once'}")
    # Every turn started before the disk filled (the line in progress may be cut short).
    assert frames / 16000 > 5.0 and frames / 16000 >= max(e.t for e in events if e.kind in ("stagiaire", "appelant"))
    store.close()
