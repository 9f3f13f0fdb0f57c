"""Sessions cut short are finished on the next start, and only those: a session being recorded by
a live process (its folder lock held) is left alone; once that process is killed, the next start
repairs its recording, scores it and stores the verdicts, still « interrompue »."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import wave
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import event as sa_event

from simulator.cli import cli
from simulator.events import CallerSaid, TraineeSaid
from simulator.records import LOCK_FILE, SCORECARD, TRANSCRIPT
from simulator.session.recorder import Recorder
from simulator.session.recovery import SHOWN, Recovered, notices, recover_interrupted
from simulator.session.rescore import machine_scorecard
from simulator.store import SessionInfo, SessionStore
from simulator.transcript.model import CallContext

# A process records half a call on the real stack (store, transcript file, stereo WAV), leaves
# one second of audio after its last header update (as if killed mid-flush), then waits for its end.
RECORDING_PROCESS = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import numpy as np
    from simulator.audio.recording import StereoRecorder
    from simulator.events import CallerSaid, TraineeSaid
    from simulator.scenario.loader import find_scenario
    from simulator.session.recorder import Recorder
    from simulator.store import SessionStore

    def tone(seconds):
        return (np.sin(np.arange(round(seconds * 16000)) * 0.2) * 8000).astype("<i2").tobytes()

    scenario = find_scenario("appel-calme")
    recorder = Recorder(SessionStore(Path(sys.argv[1])), scenario.context("Camille"), scenario.rubric, "voix", 7)
    wav = StereoRecorder(recorder.info.directory / "appel.wav")
    for event in (TraineeSaid(0.2, "Clinique Nest, Camille, bonjour.", 1.8),
                  CallerSaid(2.0, "Bonjour, je voudrais les horaires de la radiologie.", 5.0),
                  TraineeSaid(5.5, "Si je comprends bien, vous souhaitez les horaires de la radiologie ?", 8.0)):
        recorder.record(event)
        (wav.write_caller if isinstance(event, CallerSaid) else wav.write_trainee)(tone(event.end - event.t), event.t)
    wav.flush()
    with open(wav.path, "ab") as file:
        file.write(bytes(64000))
    print(recorder.info.id, flush=True)
    time.sleep(120)
""")


def cli_run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def recording_process(isolated_data):
    """A live process in the middle of recording a session: (process, session id)."""
    process = subprocess.Popen([sys.executable, "-c", RECORDING_PROCESS, str(isolated_data)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    session_id = process.stdout.readline().strip()
    assert session_id, process.stderr.read()
    yield process, session_id
    process.kill()
    process.wait(timeout=10)


def test_a_live_session_is_left_alone_and_a_killed_one_recovered(recording_process, isolated_data):
    process, session_id = recording_process
    store = SessionStore(isolated_data)
    assert recover_interrupted(store) == []  # its recorder is alive: nothing to do
    assert store.results(session_id) == [] and store.get(session_id).status == "interrupted"

    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    result = cli_run("sessions", "--json")  # the next start
    assert result.exit_code == 0, result.output
    assert [s["id"] for s in json.loads(result.stdout)] == [session_id]
    assert result.stderr.startswith(f"1 séance interrompue récupérée : {session_id} (2 répliques du stagiaire, "
                                    "note "), result.stderr
    assert "enregistrement de 9,0 s réparé" in result.stderr

    info = store.get(session_id)
    transcript = store.transcript(session_id)
    expected = machine_scorecard(info, transcript)
    assert info.status == "interrupted" and info.score == expected.score
    assert {r["criterion"]: r["passed"] for r in store.results(session_id)} == \
        {r.id: (r.passed if r.applicable else None) for r in expected.results}
    assert {r["criterion"]: r["passed"] for r in store.results(session_id)}["greeting"] is True
    assert json.loads((info.directory / SCORECARD).read_text(encoding="utf-8"))["score"] == expected.score
    # The second of audio written after the last header update is in the repaired recording.
    with wave.open(str(info.directory / "appel.wav")) as wav:
        assert wav.getnframes() == 9 * 16000 and wav.getnchannels() == 2
    assert (info.directory / "appel.wav").stat().st_size == 44 + 9 * 16000 * 4
    # It ended, as near as can be told, when its recording stops.
    assert info.ended_at == (datetime.fromisoformat(info.started_at) + timedelta(seconds=9)).isoformat()

    # Now it can be reviewed and shown like any other; the next start has nothing more to do.
    store.add_override(session_id, "closing", True, "raccroché par erreur", "Formatrice")
    assert store.overrides(session_id)["closing"].machine_passed is False
    again = cli_run("show", session_id, "--json")
    assert again.exit_code == 0 and again.stderr == ""
    assert json.loads(again.stdout)["session"]["status"] == "interrupted"
    store.close()


def test_nothing_to_do_costs_one_query(isolated_data):
    store = SessionStore(isolated_data)
    context = CallContext("Clinique Nest", "Camille", "appel-calme")
    for _ in range(3):
        recorder = Recorder(store, context, "standard", "texte", 1)
        recorder.record(TraineeSaid(0.0, "Clinique Nest, Camille, bonjour."))
        recorder.finish(machine_scorecard(recorder.info, recorder.transcript()))
    statements = []
    sa_event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert recover_interrupted(store) == []
    assert [s.split()[0] for s in statements if not s.startswith(("BEGIN", "ROLLBACK"))] == ["SELECT"]
    store.close()


def test_a_session_from_before_locks_and_one_that_cannot_be_scored(isolated_data):
    """A session left unfinished by a version without folder locks is recovered (nobody holds a
    lock it never had); one whose scenario is gone is reported and kept for a later try."""
    store = SessionStore(isolated_data)
    old = store.create(CallContext("Clinique Nest", "Camille", "appel-calme"), "standard", "voix")
    store.append(old.id, 0, TraineeSaid(0.0, "Clinique Nest, Camille, bonjour.", 1.5))
    gone = store.create(CallContext("Clinique Nest", "Camille", "scenario-supprime"), "standard", "texte")
    store.append(gone.id, 0, CallerSaid(0.0, "Allô ?", 1.0))
    assert not (old.directory / LOCK_FILE).exists()

    recovered = {r.info.id: r for r in recover_interrupted(store)}
    assert set(recovered) == {old.id, gone.id}
    assert recovered[old.id].problem is None and recovered[gone.id].problem is not None
    assert recovered[old.id].recording is None and recovered[old.id].trainee_turns == 1
    lines = notices(list(recovered.values()))
    assert lines[0].startswith(f"1 séance interrompue récupérée : {old.id} (1 réplique du stagiaire, note ")
    assert lines[1].startswith(f"Séance interrompue {gone.id} non récupérée pour l'instant : scénario "
                               "« scenario-supprime » introuvable")
    assert store.get(old.id).status == "interrupted" and store.results(old.id)
    assert [s.id for s in store.unfinished()] == [gone.id]  # tried again at the next start
    store.close()


def test_ctrl_c_while_an_event_is_recorded_takes_effect_once_it_is_complete(isolated_data):
    """A real SIGINT arriving in the middle of the store's write: the event ends up in the store,
    in memory and in the transcript file, then Ctrl-C is raised (a half-recorded event would make
    the next one reuse its seq)."""
    store = SessionStore(isolated_data)
    recorder = Recorder(store, CallContext("Clinique Nest", "Camille", "appel-calme"), "standard", "texte", 1)
    append = store.append

    def append_interrupted(*args):
        os.kill(os.getpid(), signal.SIGINT)
        append(*args)

    store.append = append_interrupted
    with pytest.raises(KeyboardInterrupt):
        recorder.record(TraineeSaid(0.0, "Clinique Nest, Camille, bonjour."))
    store.append = append
    recorder.record(CallerSaid(1.0, "Bonjour."))
    assert [e.text for e in store.transcript(recorder.info.id).events] == ["Clinique Nest, Camille, bonjour.",
                                                                           "Bonjour."]
    assert len(recorder.events) == 2
    assert "Camille, bonjour" in (recorder.info.directory / TRANSCRIPT).read_text(encoding="utf-8")
    store.close()


def test_after_a_long_outage_the_notice_names_a_few_and_counts_the_rest(tmp_path):
    infos = [SessionInfo(id=f"s{i}", trainee="Camille", scenario_id="appel-calme", rubric_id="standard",
                         mode="voix", started_at="2026-11-23T10:00:00+00:00", ended_at=None, status="interrupted",
                         score=None, directory=tmp_path) for i in range(12)]
    lines = notices([Recovered(info, 2, 40, 9.0) for info in infos])
    assert lines[0] == "12 séances interrompues récupérées :"
    assert len(lines) == 1 + SHOWN + 1 and "s0 (2 répliques du stagiaire, note 40/100" in lines[1]
    assert lines[-1] == f"  … et {12 - SHOWN} autres (accueil sessions les liste)"
