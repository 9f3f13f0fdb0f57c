"""A call the trainee transfers ends as a transfer, not as a hang-up, in every view: the terminal
(live and transcript), the dashboard's transcript and the report sent to the trainee."""

import pytest

from simulator.engine.runtime import CallRuntime
from simulator.events import CallEnded, Transferred
from simulator.scenario.loader import find_scenario
from simulator.scoring.rubric import find_rubric
from simulator.session.call import Call, NoDisplay
from simulator.session.examples import DialogueInput
from simulator.session.inputs import VirtualClock
from simulator.session.recorder import MemoryRecorder
from simulator.trainer.timeline import build_timeline
from simulator.transcript.dialogue import parse_dialogue
from simulator.ui.render import event_text
from simulator.web.present import transcript_lines
from simulator.web.report import line_text

TRANSFERRED = "Fin de l'appel (appel transféré)"
HUNG_UP = "vous avez mis fin à l'appel"


def played(scenario_id: str, dialogue: str):
    scenario = find_scenario(scenario_id)
    clock = VirtualClock()
    recorder = MemoryRecorder(scenario.context("Camille"))
    call = Call(scenario, find_rubric(scenario.rubric), CallRuntime(scenario, seed=1), recorder,
                DialogueInput(parse_dialogue(dialogue).events, clock), clock, NoDisplay())
    call.run()
    return recorder.transcript()


ANNOUNCED = """[00:00] STAGIAIRE: Clinique Nest, Camille, bonjour.
STAGIAIRE: Un instant je vous prie, je vous passe le service des admissions, veuillez rester en ligne s'il vous plaît. Au revoir et bonne journée.
TRANSFERT: service des admissions
"""
# The scenario has no reaction to this transfer: the call leaves the trainee all the same.
UNHANDLED = """[00:00] STAGIAIRE: Clinique Nest, Camille, bonjour.
TRANSFERT: comptabilité
"""


@pytest.mark.parametrize("scenario_id, dialogue", [("transfert", ANNOUNCED), ("appel-calme", UNHANDLED)])
def test_a_transferred_call_ends_as_a_transfer_in_every_view(scenario_id, dialogue):
    transcript = played(scenario_id, dialogue)
    *_, transfer, end = transcript.events
    assert isinstance(transfer, Transferred) and end == CallEnded(end.t, "transfert")

    terminal = [event_text(e).plain for e in transcript.events]
    dashboard = [line.text for line in transcript_lines(transcript, ())]
    report = [line_text(step) for step in build_timeline(transcript, []).steps]
    for view in (terminal, dashboard, report):
        assert TRANSFERRED in view[-1] and not any(HUNG_UP in line for line in view)
        assert f"Transfert vers {transfer.target}" in view[-2]


def test_a_hang_up_still_says_the_trainee_ended_the_call():
    transcript = played("transfert", "[00:00] STAGIAIRE: Clinique Nest, Camille, bonjour.\n")
    assert transcript.events[-1].by == "stagiaire"
    assert event_text(transcript.events[-1]).plain.endswith(f"Fin de l'appel ({HUNG_UP})")
