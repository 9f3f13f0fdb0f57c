"""The call loop with a script input, a simulated clock and a fake display."""

from dataclasses import replace

import pytest

from simulator.engine import CallRuntime
from simulator.events import CallEnded, CallerSaid, HoldStarted, TraineeSaid
from simulator.scenario.loader import find_scenario
from simulator.scoring import find_rubric
from simulator.session.call import Call
from simulator.session.inputs import ScriptInput, VirtualClock
from simulator.session.recorder import Recorder
from simulator.store import SessionStore


class Screen:
    def __init__(self):
        self.events, self.notices = [], []

    def event(self, event):
        self.events.append(event)

    def notice(self, text):
        self.notices.append(text)


def run(tmp_path, script: str, trainee_input=None):
    path = tmp_path / "script.txt"
    path.write_text(script, encoding="utf-8")
    scenario = find_scenario("appel-calme")
    store = SessionStore(tmp_path / "data")
    recorder = Recorder(store, scenario.context("Clémence"), "standard", "texte", 1)
    screen = Screen()
    call = Call(scenario, find_rubric("standard"), CallRuntime(scenario, seed=1), recorder,
                trainee_input or ScriptInput(path), VirtualClock(), screen, echo_trainee=True)
    return call, recorder, store, screen


GOOD = """Clinique Nest, Clémence, bonjour.
Si je comprends bien, vous souhaitez connaître les horaires de la radiologie, madame Lefèvre ?
/attente
/pause 10
/reprise
Merci d'avoir patienté. La radiologie est ouverte du lundi au vendredi de 8 h à 18 h.
Puis-je faire autre chose pour vous ?
Au revoir madame, bonne journée.
"""


def test_scripted_call_is_recorded_and_scored(tmp_path):
    call, recorder, store, screen = run(tmp_path, GOOD)
    card = call.run()
    info = store.get(recorder.info.id)
    assert info.status == "completed" and info.score == card.score
    transcript = store.transcript(recorder.info.id)
    assert isinstance(transcript.events[-1], CallEnded) and transcript.events[-1].by == "appelant"
    times = [e.t for e in transcript.events]
    assert times == sorted(times)
    hold = next(e for e in transcript.events if isinstance(e, HoldStarted))
    assert any(e.t - hold.t == pytest.approx(10, abs=0.1) for e in transcript.events if e.kind == "reprise")
    assert card.result("hold").passed is False  # « /attente » came without an announcement
    assert card.result("greeting").passed and card.result("closing").passed
    text = (info.directory / "transcript.txt").read_text(encoding="utf-8")
    assert "STAGIAIRE: Clinique Nest, Clémence, bonjour." in text and "ATTENTE" in text
    # The screen shows a caller line as it starts; the record adds when it ended.
    assert [replace(e, end=None) if hasattr(e, "end") else e for e in transcript.events] == screen.events
    assert all(e.end > e.t for e in transcript.events if isinstance(e, CallerSaid))


def test_silence_makes_the_caller_speak(tmp_path):
    call, recorder, store, _ = run(tmp_path, "/pause 7\nClinique Nest, Clémence, bonjour.\n/raccrocher\n")
    call.run()
    said = [e.text for e in store.transcript(recorder.info.id).events if isinstance(e, CallerSaid)]
    assert said[0].startswith("Allô")


class Crashing:
    """Gives two replies then fails, as a dying input device or a killed process would."""

    def __init__(self, error):
        self.replies = iter(["Clinique Nest, Clémence, bonjour.", "Un instant je vous prie."])
        self.error = error

    def next(self, timeout):
        try:
            return TraineeSaid(None, next(self.replies))
        except StopIteration:
            raise self.error from None


def test_each_turn_is_stored_as_it_happens(tmp_path):
    call, recorder, store, _ = run(tmp_path, "x\n", Crashing(RuntimeError("device lost")))
    with pytest.raises(RuntimeError):
        call.run()
    info = store.get(recorder.info.id)
    assert info.status == "interrupted"
    said = [e.text for e in store.transcript(info.id).events if isinstance(e, TraineeSaid)]
    assert said == ["Clinique Nest, Clémence, bonjour.", "Un instant je vous prie."]


def test_ctrl_c_ends_cleanly_with_a_scorecard(tmp_path):
    call, recorder, store, screen = run(tmp_path, "x\n", Crashing(KeyboardInterrupt()))
    card = call.run()
    info = store.get(recorder.info.id)
    assert info.status == "interrupted" and info.score == card.score
    assert card.result("greeting").passed
    assert isinstance(store.transcript(info.id).events[-1], CallEnded)
    assert screen.notices


def test_hang_up_and_mid_call_slip_record_a_rescorable_transcript(tmp_path):
    from simulator.transcript.dialogue import read_dialogue
    script = ("Clinique Nest, Clémence, bonjour.\n/fiche\nnom: Martine Lefèvre\ntéléphone: 06 12 34 56 78\n"
              "motif: horaires radiologie\ndestinataire: radiologie\nAu revoir, bonne journée.\n/raccrocher\n")
    call, recorder, store, screen = run(tmp_path, script)
    call.run()
    events = store.transcript(recorder.info.id).events
    assert [e.kind for e in events].count("fin") == 1
    again = read_dialogue(recorder.transcript_path).events
    assert [e.kind for e in again] == [e.kind for e in events]
    assert again[[e.kind for e in again].index("fiche")].slip.phone == "06 12 34 56 78"
